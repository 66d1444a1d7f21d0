import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { alsSweep } from "../../src/recommend/als-sweep.js";
import type { Csr } from "../../src/recommend/sparse.js";

/** A random CSR (rows × cols) with positive weights; row lengths 0..cols, so the 8-, 4- and 1-item blocks all run. */
function randomCsr(seed: number, rows: number, cols: number): Csr {
  const rng = createRng(seed);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < rows; u++) {
    const order = rng.shuffle(Array.from({ length: cols }, (_, i) => i));
    const len = u === 0 ? 0 : 1 + rng.int(cols);
    for (const i of order.slice(0, len).sort((a, b) => a - b)) {
      indices.push(i);
      values.push(1 + rng.int(4));
    }
    indptr[u + 1] = indices.length;
  }
  return { nRows: rows, nCols: cols, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

function randomFactors(seed: number, n: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal(0, 0.3);
  return out;
}

/** Exact solve of (YᵀC_uY + λI) x = YᵀC_u p by Gaussian elimination over all items (Hu, Koren & Volinsky 2008, eq. 4). */
function exactRow(R: Csr, u: number, Y: Float64Array, f: number, lambda: number, alpha: number): number[] {
  const nY = Y.length / f;
  const conf = new Float64Array(nY);
  for (let q = R.indptr[u]; q < R.indptr[u + 1]; q++) conf[R.indices[q]] = alpha * R.values[q];
  const M = Array.from({ length: f }, () => new Array<number>(f + 1).fill(0));
  for (let i = 0; i < nY; i++) {
    const c = 1 + conf[i];
    const pref = conf[i] > 0 ? 1 : 0;
    for (let a = 0; a < f; a++) {
      M[a][f] += c * pref * Y[i * f + a];
      for (let b = 0; b < f; b++) M[a][b] += c * Y[i * f + a] * Y[i * f + b];
    }
  }
  for (let a = 0; a < f; a++) M[a][a] += lambda;
  for (let c = 0; c < f; c++) {
    let piv = c;
    for (let r = c + 1; r < f; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < f; r++) {
      const k = M[r][c] / M[c][c];
      for (let j = c; j <= f; j++) M[r][j] -= k * M[c][j];
    }
  }
  const x = new Array<number>(f).fill(0);
  for (let r = f - 1; r >= 0; r--) {
    let s = M[r][f];
    for (let j = r + 1; j < f; j++) s -= M[r][j] * x[j];
    x[r] = s / M[r][r];
  }
  return x;
}

describe("alsSweep (internal ALS kernel)", () => {
  it("the eigenbasis-rotated path gives the same scores x·y as the dense path (CG is rotation invariant)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 4 }), (seed, f, steps) => {
        const rows = 9;
        const cols = 21;
        const R = randomCsr(seed, rows, cols);
        const Y = randomFactors(seed + 1, cols * f);
        const X0 = randomFactors(seed + 2, rows * f);
        const Xd = Float64Array.from(X0);
        const Yd = Float64Array.from(Y);
        alsSweep(R, Xd, Yd, f, 0.3, 5, steps, "test", undefined, "dense");
        expect(Array.from(Yd)).toEqual(Array.from(Y)); // the dense path leaves the fixed side alone
        const Xr = Float64Array.from(X0);
        const Yr = Float64Array.from(Y);
        alsSweep(R, Xr, Yr, f, 0.3, 5, steps, "test", undefined, "rotate");
        for (let u = 0; u < rows; u++) {
          for (let i = 0; i < cols; i++) {
            let sd = 0;
            let sr = 0;
            for (let a = 0; a < f; a++) {
              sd += Xd[u * f + a] * Yd[i * f + a];
              sr += Xr[u * f + a] * Yr[i * f + a];
            }
            expect(Math.abs(sd - sr)).toBeLessThan(1e-9 * (1 + Math.abs(sd)));
          }
        }
        // the rotated fixed side has a diagonal Gram matrix (its columns are orthogonal)
        for (let a = 0; a < f; a++) {
          for (let b = a + 1; b < f; b++) {
            let g = 0;
            for (let i = 0; i < cols; i++) g += Yr[i * f + a] * Yr[i * f + b];
            expect(Math.abs(g)).toBeLessThan(1e-9);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("with steps >= factors both paths reach the exact per-row least-squares solution", () => {
    const f = 6;
    const R = randomCsr(4, 10, 19);
    for (const mode of ["dense", "rotate"] as const) {
      const Y = randomFactors(5, 19 * f);
      const X = randomFactors(6, 10 * f);
      const Yorig = Float64Array.from(Y);
      alsSweep(R, X, Y, f, 0.2, 7, 40, "test", undefined, mode);
      for (let u = 0; u < 10; u++) {
        const x = exactRow(R, u, Yorig, f, 0.2, 7);
        // compare scores against every item (basis-free), using the original item factors for the exact solve
        for (let i = 0; i < 19; i++) {
          let got = 0;
          let want = 0;
          for (let a = 0; a < f; a++) {
            got += X[u * f + a] * Y[i * f + a];
            want += x[a] * Yorig[i * f + a];
          }
          expect(got).toBeCloseTo(want, 9);
        }
      }
      // the empty row (row 0) is set to zero
      for (let a = 0; a < f; a++) expect(X[a]).toBe(0);
    }
  });
});
