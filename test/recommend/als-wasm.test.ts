import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { fitAlsWith } from "../../src/recommend/als.js";
import { type AlsWorkspace, alsWasmBytes, jsWorkspace, wasmWorkspace } from "../../src/recommend/als-kernels.js";
import { alsSweep } from "../../src/recommend/als-sweep.js";
import { simulateInteractions } from "../../src/recommend/index.js";
import type { Csr } from "../../src/recommend/sparse.js";

/** Every number equal as Object.is (bit for bit, incl. the sign of zero). */
function expectSameBits(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) expect.fail(`index ${i}: ${got[i]} !== ${want[i]}`);
  }
}

/** Random CSR whose row lengths cover the 4-item blocks and their 1..3-item tails (and empty rows). */
function randomCsr(seed: number, rows: number, cols: number): Csr {
  const rng = createRng(seed);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < rows; u++) {
    const order = rng.shuffle(Array.from({ length: cols }, (_, i) => i));
    const len = rng.int(cols + 1);
    for (const i of order.slice(0, len).sort((a, b) => a - b)) {
      indices.push(i);
      values.push(1 + rng.int(5));
    }
    indptr[u + 1] = indices.length;
  }
  return { nRows: rows, nCols: cols, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

function fillNormal(seed: number, out: Float64Array): void {
  const rng = createRng(seed);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal(0, 0.5);
}

/** A wasm and a JS workspace holding the same random data (rows of `R` solved against `cols` fixed rows). */
function twin(R: Csr, f: number, seed: number): [AlsWorkspace, AlsWorkspace] {
  const shape = { nUsers: R.nRows, nItems: R.nCols, nnz: R.indices.length, f };
  const w = wasmWorkspace(shape);
  expect(w).not.toBeNull();
  const j = jsWorkspace(shape);
  for (const ws of [w as AlsWorkspace, j]) {
    fillNormal(seed, ws.X);
    fillNormal(seed + 1, ws.Y);
    ws.users.indptr.set(R.indptr);
    ws.users.indices.set(R.indices);
    for (let q = 0; q < R.values.length; q++) ws.users.conf[q] = 3 * R.values[q];
  }
  return [w as AlsWorkspace, j];
}

const shapes = fc.record({
  seed: fc.integer({ min: 0, max: 1e6 }),
  rows: fc.integer({ min: 1, max: 12 }),
  cols: fc.integer({ min: 1, max: 23 }),
  f: fc.integer({ min: 1, max: 19 }),
});

describe("ALS kernels: WebAssembly SIMD and JavaScript give the same bits", () => {
  it("the wasm backend is available in this runtime (Node with SIMD)", () => {
    expect(wasmWorkspace({ nUsers: 2, nItems: 2, nnz: 1, f: 3 })?.kernels.backend).toBe("wasm");
  });

  it("addSparse: both (k0, k1) forms, odd factor counts, 4-item blocks and their tails", () => {
    fc.assert(
      fc.property(shapes, fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), ({ seed, rows, cols, f }, k0, k1) => {
        const R = randomCsr(seed, rows, cols);
        const [w, j] = twin(R, f, seed);
        for (const ws of [w, j]) {
          for (let u = 0; u < rows; u++) {
            ws.scratch.x.set(ws.X.subarray(u * f, u * f + f));
            ws.scratch.r.fill(0.25);
            ws.kernels.addSparse(ws.Y, ws.users.indices, ws.users.conf, R.indptr[u], R.indptr[u + 1], ws.scratch.x, ws.scratch.r, f, k0, k1);
            ws.X.set(ws.scratch.r, u * f);
          }
        }
        expectSameBits(w.X, j.X);
      }),
      { numRuns: 150 },
    );
  });

  it("matVec and gramUpper agree for every f (8-output blocks, pairs, odd last output)", () => {
    fc.assert(
      fc.property(shapes, ({ seed, rows, cols, f }) => {
        const R = randomCsr(seed, rows, cols);
        const [w, j] = twin(R, f, seed);
        for (const ws of [w, j]) {
          fillNormal(seed + 2, ws.scratch.Q);
          for (let u = 0; u < rows; u++) {
            ws.kernels.matVec(ws.scratch.Q, ws.X, u * f, ws.scratch.t, f);
            ws.X.set(ws.scratch.t, u * f);
          }
          ws.scratch.G.fill(0);
          ws.kernels.gramUpper(ws.Y, cols, ws.scratch.G, f);
        }
        expectSameBits(w.X, j.X);
        expectSameBits(w.scratch.G, j.scratch.G);
        // and matVec is Mᵀv, gramUpper the upper triangle of YᵀY (up to rounding)
        const { X, Y, scratch } = jsWorkspace({ nUsers: 1, nItems: cols, nnz: 0, f });
        fillNormal(seed, X);
        fillNormal(seed + 1, Y);
        fillNormal(seed + 2, scratch.Q);
        const jsX = j.X; // row 0 of j.X = Qᵀ (row 0 of the original X)
        for (let k = 0; k < f; k++) {
          let s = 0;
          for (let a = 0; a < f; a++) s += scratch.Q[a * f + k] * X[a];
          expect(jsX[k]).toBeCloseTo(s, 10);
          for (let b = k; b < f; b++) {
            let g = 0;
            for (let i = 0; i < cols; i++) g += Y[i * f + k] * Y[i * f + b];
            expect(j.scratch.G[k * f + b]).toBeCloseTo(g, 10);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it("whole half-sweeps (rotated and dense) give the same factors on both backends", () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 1, max: 4 }), fc.constantFrom("rotate", "dense", "auto"), ({ seed, rows, cols, f }, steps, mode) => {
        const R = randomCsr(seed, rows, cols);
        const [w, j] = twin(R, f, seed);
        for (const ws of [w, j]) {
          alsSweep(R, ws.X, ws.Y, f, 0.3, 3, steps, "test", undefined, mode, { kernels: ws.kernels, side: ws.users, scratch: ws.scratch });
        }
        expectSameBits(w.X, j.X);
        expectSameBits(w.Y, j.Y); // the rotated fixed side too
      }),
      { numRuns: 100 },
    );
  });

  it("fitAls gives the same model with either backend (users, items, factors incl. odd counts)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 5, max: 40 }),
        fc.integer({ min: 3, max: 30 }),
        fc.integer({ min: 1, max: 13 }),
        (seed, nUsers, nItems, factors) => {
          const { interactions } = simulateInteractions({ nUsers, nItems, seed });
          const opts = { factors, iterations: 3 };
          const w = fitAlsWith(interactions, { ...opts, rng: createRng(seed) }, "wasm");
          const j = fitAlsWith(interactions, { ...opts, rng: createRng(seed) }, "js");
          expect(w.backend).toBe("wasm");
          expect(j.backend).toBe("js");
          expect(w.model).toEqual(j.model);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("a layout over 4 GiB falls back to JavaScript without allocating", () => {
    const shape = { nUsers: 10_000_000, nItems: 50_000, nnz: 1000, f: 64 }; // 5.1 GB of user factors
    expect(alsWasmBytes(shape)).toBeGreaterThan(2 ** 32);
    expect(wasmWorkspace(shape)).toBeNull();
    // between 2 and 4 GiB the offsets stay exact (no 32-bit wrap-around): 4.5 M × 64 users
    const mid = { nUsers: 4_500_000, nItems: 1, nnz: 0, f: 64 };
    // X, Y, two indptr copies (4,500,001 and 2 int32, rounded up to 16 bytes), x r p Ap t D, G Q
    const want = 4_500_000 * 64 * 8 + 64 * 8 + 18_000_016 + 16 + 6 * 64 * 8 + 2 * 64 * 64 * 8;
    expect(alsWasmBytes(mid)).toBe(want);
  });
});
