// src/cluster/hdbscanSort.ts: numpy's argsort order and nthElement (split from hdbscan.test.ts;
// the describe name is kept, its spanning-tree test is in hdbscanDualTree.test.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nthElement, numpyArgsort } from "../../src/cluster/hdbscanSort.js";

// numpy 1.24.2: np.argsort(np.array([3, 1, 2, 1, 3, 0, 1, 2, 3, 1, 0, 2, 2, 1, 0, 3, 1, 2])) (unstable: 16 after 6, 9 after 16)
const NUMPY_ARGSORT_18 = [5, 10, 14, 1, 3, 6, 16, 9, 13, 17, 2, 7, 11, 12, 15, 0, 4, 8];

describe("library-order helpers (boruvka-approx)", () => {
  it("numpyArgsort sorts (numpy 1.24's quicksort order was checked against numpy on tie-heavy arrays); nthElement partitions", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }), (v) => {
        const o = numpyArgsort(v);
        if (new Set(o).size !== v.length) return false;
        for (let i = 1; i < o.length; i++) if (v[o[i - 1]] > v[o[i]]) return false;
        return true;
      }),
      { seed: 11 },
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 200 }), fc.nat(), (v, k0) => {
        const a = Int32Array.from(v.map((_, i) => i));
        const k = k0 % v.length;
        const less = (x: number, y: number) => (v[x] === v[y] ? x < y : v[x] < v[y]);
        nthElement(a, 0, k, a.length, less);
        for (let i = 0; i < k; i++) if (less(a[k], a[i])) return false;
        for (let i = k + 1; i < a.length; i++) if (less(a[i], a[k])) return false;
        return new Set(a).size === v.length;
      }),
      { seed: 12 },
    );
    // numpy.argsort([3, 1, 2, 1, 3, 0, 1, 2, 3, 1, 0, 2, 2, 1, 0, 3, 1, 2]) with numpy 1.24.2
    expect(Array.from(numpyArgsort([3, 1, 2, 1, 3, 0, 1, 2, 3, 1, 0, 2, 2, 1, 0, 3, 1, 2]))).toEqual(NUMPY_ARGSORT_18);
  });
});
