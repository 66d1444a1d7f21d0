// src/cluster/assignKernel.ts against a scalar loop (split from kmeans-wasm.test.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAssignKernel } from "../../src/cluster/assignKernel.js";
import { createRng } from "../../src/core/rng.js";
import { data, SLACK } from "./kmeans-helpers.js";

describe("assign kernel against a scalar loop", () => {
  it("labels (ties to the lower index), bounds and sums equal a sequential JavaScript scan bit for bit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 0, max: 1e6 }),
        (n, d, k, seed) => {
          const rng = createRng(seed);
          const x = data(n, d, seed, true);
          // centers on the integer grid, some duplicated: exact distance ties
          const c = new Float64Array(k * d);
          for (let j = 0; j < k; j++) {
            const src = rng.uniform() < 0.3 && j > 0 ? rng.int(j) : -1;
            for (let t = 0; t < d; t++) c[j * d + t] = src >= 0 ? c[src * d + t] : Math.round(rng.normal(0, 5));
          }
          const drift = Float64Array.from({ length: k }, () => rng.uniform());
          const others = Float64Array.from({ length: k }, () => rng.uniform());
          const kern = createAssignKernel(x, n, d, k);
          expect(kern).not.toBeNull();
          const labels = new Int32Array(n).fill(-1);
          const upper = new Float64Array(n);
          const lower = new Float64Array(n);
          const sums = new Float64Array(k * d);
          const counts = new Int32Array(k);
          const changed = kern!.run(c, labels, upper, lower, drift, others, sums, counts, true, SLACK);
          kern!.release();
          expect(changed).toBe(n);
          const wantSums = new Float64Array(k * d);
          const wantCounts = new Int32Array(k);
          for (let i = 0; i < n; i++) {
            let b1 = Infinity;
            let b2 = Infinity;
            let j1 = 0;
            for (let j = 0; j < k; j++) {
              let s = 0;
              for (let t = 0; t < d; t++) {
                const e = x[i * d + t] - c[j * d + t];
                s += e * e;
              }
              if (s < b1) {
                b2 = b1;
                b1 = s;
                j1 = j;
              } else if (s < b2) b2 = s;
            }
            expect(labels[i]).toBe(j1);
            expect(Object.is(upper[i], Math.sqrt(b1) * SLACK - drift[j1])).toBe(true);
            expect(Object.is(lower[i], Math.sqrt(b2) / SLACK + others[j1])).toBe(true);
            for (let t = 0; t < d; t++) wantSums[j1 * d + t] += x[i * d + t];
            wantCounts[j1]++;
          }
          expect(Array.from(counts)).toEqual(Array.from(wantCounts));
          for (let q = 0; q < k * d; q++) expect(Object.is(sums[q], wantSums[q])).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
