import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitKMeans, type KMeansModel } from "../../src/cluster/index.js";
import { kernelStats } from "../../src/cluster/assignKernel.js";
import { fitKMeansWith } from "../../src/cluster/kmeans/fit.js";
import { predictKMeansWith } from "../../src/cluster/kmeans/predict.js";
import { createRng } from "../../src/core/rng.js";
import type { KernelBackend } from "../../src/core/wasm.js";
import { data } from "./kmeans-helpers.js";

// the backend is an internal argument of each call (no module-wide setting to reset)
function fitWith(backend: KernelBackend, ...args: Parameters<typeof fitKMeans>): KMeansModel {
  return fitKMeansWith(...args, backend);
}

/** Every number of two models equal with Object.is (bit-identical, -0 distinct from 0). */
function expectIdentical(a: KMeansModel, b: KMeansModel): void {
  expect(a.labels).toEqual(b.labels);
  expect(a.centroids.length).toBe(b.centroids.length);
  a.centroids.forEach((row, j) => row.forEach((v, t) => expect(Object.is(v, b.centroids[j][t])).toBe(true)));
  expect(Object.is(a.inertia, b.inertia)).toBe(true);
  expect(a.nIter).toBe(b.nIter);
  expect(a.converged).toBe(b.converged);
}

describe("fitKMeans: WebAssembly and JavaScript backends give bit-identical results", () => {
  it("the WebAssembly SIMD kernel is available on this runtime (else the tests below compare JS with JS)", () => {
    const before = kernelStats.passes;
    const m = fitWith("wasm", { data: data(500, 6, 1, false), n: 500, d: 6 }, { k: 8, rng: createRng(2) });
    expect(m.labels.length).toBe(500);
    expect(kernelStats.passes).toBeGreaterThan(before);
  });

  it("same labels, centroids, inertia, nIter over random shapes (odd widths, odd k, ties, tol > 0, k-means++)", () => {
    const before = kernelStats.passes;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.boolean(),
        fc.constantFrom(0, 1e-4, 1e-2),
        fc.integer({ min: 1, max: 300 }),
        (n, d, kk, seed, grid, tol, maxIter) => {
          const k = Math.min(kk, n);
          const x = { data: data(n, d, seed, grid), n, d };
          const opts = { k, tol, maxIter, rng: createRng(seed) };
          const js = fitWith("js", x, opts);
          const wasm = fitWith("wasm", x, { ...opts, rng: createRng(seed) });
          expectIdentical(wasm, js);
        },
      ),
      { numRuns: 150 },
    );
    // the kernel ran first passes and later exhaustive passes (not only the JS path)
    expect(kernelStats.passes - before).toBeGreaterThan(300);
  });

  it("same results with random init and restarts, for data larger than one kernel chunk, and at n >= 65536", () => {
    const n = 20000;
    const x = { data: data(n, 3, 5, false), n, d: 3 };
    expectIdentical(
      fitWith("wasm", x, { k: 7, init: "random", nInit: 3, rng: createRng(9) }),
      fitWith("js", x, { k: 7, init: "random", nInit: 3, rng: createRng(9) }),
    );
    const y = { data: data(n, 6, 6, true), n, d: 6 };
    expectIdentical(fitWith("wasm", y, { k: 8, tol: 0, rng: createRng(1) }), fitWith("js", y, { k: 8, tol: 0, rng: createRng(1) }));
    // n >= 65536: whether to run an exhaustive pass is decided on a sample of the points
    const big = 70000;
    const z = { data: data(big, 2, 7, false), n: big, d: 2 };
    const before = kernelStats.passes;
    const zw = fitWith("wasm", z, { k: 9, tol: 0, rng: createRng(3) });
    expect(kernelStats.passes - before).toBeGreaterThan(1);
    expectIdentical(zw, fitWith("js", z, { k: 9, tol: 0, rng: createRng(3) }));
  });

  it("a fit started inside another fit's onProgress gets its own kernel and the same results", () => {
    const x = { data: data(300, 5, 3, false), n: 300, d: 5 };
    const inner: KMeansModel[] = [];
    const outer = fitWith("wasm", x, { k: 4, rng: createRng(4), onProgress: () => void inner.push(fitKMeans(x, { k: 3, rng: createRng(5) })) });
    expect(inner.length).toBeGreaterThan(0);
    for (const m of inner) expectIdentical(m, fitWith("js", x, { k: 3, rng: createRng(5) }));
    expectIdentical(outer, fitWith("js", x, { k: 4, rng: createRng(4) }));
  });

  it("weighted fits use the JavaScript path and are unchanged by the backend setting", () => {
    const x = { data: data(200, 4, 8, false), n: 200, d: 4 };
    const w = Array.from({ length: 200 }, (_, i) => 1 + (i % 3));
    expectIdentical(fitWith("wasm", x, { k: 3, weights: w }), fitWith("js", x, { k: 3, weights: w }));
  });
});

describe("predictKMeans: same labels from both backends", () => {
  it("over random shapes, integer grids and duplicated centroids (ties to the lower index)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 0, max: 1e6 }),
        (n, d, k, seed) => {
          const rng = createRng(seed);
          const x = data(n, d, seed, true);
          const centroids: number[][] = [];
          for (let j = 0; j < k; j++)
            centroids.push(j > 0 && rng.uniform() < 0.3 ? centroids[rng.int(j)].slice() : Array.from({ length: d }, () => Math.round(rng.normal(0, 5))));
          const pts = { data: x, n, d };
          const js = predictKMeansWith({ centroids }, pts, "js");
          const wasm = predictKMeansWith({ centroids }, pts, "wasm");
          expect(wasm).toEqual(js);
          // brute force: first index of the smallest squared distance
          for (let i = 0; i < n; i++) {
            let best = Infinity;
            let bj = -1;
            for (let j = 0; j < k; j++) {
              let s = 0;
              for (let t = 0; t < d; t++) s += (x[i * d + t] - centroids[j][t]) ** 2;
              if (s < best) {
                best = s;
                bj = j;
              }
            }
            expect(js[i]).toBe(bj);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("fitKMeans on exact distance ties", () => {
  /**
   * Plain Lloyd: full scan every iteration, ties to the lower index, centers sum * (1 / count)
   * (exact here: integer sums); null if a cluster empties (fitKMeans then re-seeds it).
   */
  function naiveLloyd(x: Float64Array, n: number, d: number, init: number[][], maxIter: number): { labels: number[]; nIter: number } | null {
    const k = init.length;
    let c = init.map((r) => r.slice());
    let labels = new Array<number>(n).fill(-1);
    for (let it = 1; it <= maxIter; it++) {
      let changed = 0;
      const next = labels.map((_, i) => {
        let best = Infinity;
        let bj = 0;
        for (let j = 0; j < k; j++) {
          let s = 0;
          for (let t = 0; t < d; t++) {
            const e = x[i * d + t] - c[j][t];
            s += e * e;
          }
          if (s < best) {
            best = s;
            bj = j;
          }
        }
        if (bj !== labels[i]) changed++;
        return bj;
      });
      labels = next;
      const sums = c.map(() => new Array<number>(d).fill(0));
      const counts = new Array<number>(k).fill(0);
      labels.forEach((j, i) => {
        counts[j]++;
        for (let t = 0; t < d; t++) sums[j][t] += x[i * d + t];
      });
      if (counts.some((m) => m === 0)) return null; // fitKMeans re-seeds an empty cluster: not comparable
      const prev = c;
      c = c.map((row, j) => (counts[j] > 0 ? sums[j].map((v) => v * (1 / counts[j])) : row));
      // fitKMeans stops on unchanged labels, or (tol 0) when no center moved
      const moved = c.some((row, j) => row.some((v, t) => v !== prev[j][t]));
      if (changed === 0 || !moved) return { labels, nIter: it };
    }
    return { labels, nIter: maxIter };
  }

  it("integer-grid data (many exact ties): same labels and iterations as plain Lloyd, on both backends", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 300 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 0, max: 1e6 }),
        (n, d, k, seed) => {
          const x = data(n, d, seed, true);
          // distinct starting centers taken from the data (no empty clusters in the first pass)
          const init: number[][] = [];
          for (let i = 0; i < n && init.length < k; i++) {
            const row = Array.from(x.subarray(i * d, i * d + d));
            if (!init.some((r) => r.every((v, t) => v === row[t]))) init.push(row);
          }
          if (init.length < k) return;
          const want = naiveLloyd(x, n, d, init, 100);
          if (want === null) return;
          for (const b of ["js", "wasm"] as const) {
            const m = fitWith(b, { data: x, n, d }, { k, init, tol: 0, maxIter: 100 });
            expect(m.labels).toEqual(want.labels);
            expect(m.nIter).toBe(want.nIter);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
