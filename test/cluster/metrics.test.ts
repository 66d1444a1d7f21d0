import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calinskiHarabasz, daviesBouldin, silhouetteSamples, silhouetteScore } from "../../src/cluster/index.js";
import { createRng } from "../../src/core/rng.js";
import { blobs, expectClose, ref } from "./helpers.js";
import { expectClienteleError } from "../helpers/errors.js";

/** Silhouette straight from the definition (O(n^2) pairs, no tricks). */
function bruteSilhouette(p: number[][], l: number[]): number[] {
  const dist = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, t) => s + (v - b[t]) ** 2, 0));
  const labels = Array.from(new Set(l));
  return p.map((x, i) => {
    const own = l.filter((v) => v === l[i]).length;
    if (own === 1) return 0;
    let a = 0;
    const others = new Map<number, number>();
    p.forEach((y, j) => {
      if (j === i) return;
      if (l[j] === l[i]) a += dist(x, y);
      else others.set(l[j], (others.get(l[j]) ?? 0) + dist(x, y));
    });
    a /= own - 1;
    const b = Math.min(...labels.filter((c) => c !== l[i]).map((c) => (others.get(c) ?? 0) / l.filter((v) => v === c).length));
    // coincident points: 0 / 0, which scikit-learn maps to 0 (np.nan_to_num)
    return Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
  });
}

describe("cluster metrics against scikit-learn (test/fixtures/cluster/make_reference.py)", () => {
  it("K-Means labels: silhouette 0.5142354721060721, CH 69.09503547941597, DB 0.6560754490019999", () => {
    const l = ref.kmeans.labels;
    expect(silhouetteScore(ref.X, l)).toBeCloseTo(ref.metrics_kmeans_labels.silhouette, 12);
    expectClose(silhouetteSamples(ref.X, l), ref.metrics_kmeans_labels.silhouetteSamples, 1e-12);
    expect(calinskiHarabasz(ref.X, l)).toBeCloseTo(ref.metrics_kmeans_labels.calinskiHarabasz, 9);
    expect(daviesBouldin(ref.X, l)).toBeCloseTo(ref.metrics_kmeans_labels.daviesBouldin, 12);
  });
  it("a poor labelling: silhouette -0.05696, CH 0.69429, DB 16.368", () => {
    expect(silhouetteScore(ref.X, ref.lab3)).toBeCloseTo(ref.metrics_lab3.silhouette, 12);
    expect(calinskiHarabasz(ref.X, ref.lab3)).toBeCloseTo(ref.metrics_lab3.calinskiHarabasz, 9);
    expect(daviesBouldin(ref.X, ref.lab3)).toBeCloseTo(ref.metrics_lab3.daviesBouldin, 9);
  });
});

describe("cluster metrics by hand (TSDoc examples)", () => {
  const p = [[0], [1], [10], [11]];
  const l = [0, 0, 1, 1];
  it("silhouette: point 0 has a = 1, b = (10 + 11) / 2 = 10.5, s = 9.5 / 10.5; point 1: a = 1, b = 9.5, s = 8.5 / 9.5", () => {
    const s = silhouetteSamples(p, l);
    expectClose(s, [9.5 / 10.5, 8.5 / 9.5, 8.5 / 9.5, 9.5 / 10.5], 1e-15);
    expect(s[0]).toBeCloseTo(0.9047619, 6);
    expect(silhouetteScore(p, l)).toBeCloseTo((9.5 / 10.5 + 8.5 / 9.5) / 2, 15);
    expect(silhouetteScore(p, l)).toBeCloseTo(0.8997, 4);
  });
  it("Calinski-Harabasz: between 4 * 25 = 100, within 4 * 0.25 = 1, (100 / 1) * (4 - 2) / (2 - 1) = 200", () => {
    expect(calinskiHarabasz(p, l)).toBeCloseTo(200, 12);
  });
  it("Davies-Bouldin: scatter 0.5 each, centroids 10 apart: (0.5 + 0.5) / 10 = 0.1", () => {
    expect(daviesBouldin(p, l)).toBeCloseTo(0.1, 15);
  });
  it("singleton clusters score 0 and arbitrary integer labels (incl. -1) work", () => {
    const s = silhouetteSamples([[0], [1], [5], [20]], [-1, -1, 7, 3]);
    expect(s[2]).toBe(0);
    expect(s[3]).toBe(0);
  });
});

describe("silhouette properties", () => {
  it("agrees with the definition and lies in [-1, 1]", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 3, max: 40 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: n, maxLength: n }),
              fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
            ),
          ),
        ([p, l]) => {
          const m = new Set(l).size;
          fc.pre(m >= 2 && m <= p.length - 1);
          const s = silhouetteSamples(p, l);
          expectClose(s, bruteSilhouette(p, l), 1e-9);
          for (const v of s) expect(v >= -1 && v <= 1).toBe(true);
        },
      ),
      { numRuns: 80 },
    );
  });
  it("sampled silhouette is seeded, exact when sampleSize >= n, and close to exact on blobs", () => {
    const { points, truth } = blobs(3000, 4, 4, 8, 4, 1);
    const exact = silhouetteScore(points, truth);
    const a = silhouetteScore(points, truth, { sampleSize: 600, rng: createRng(1) });
    const b = silhouetteScore(points, truth, { sampleSize: 600, rng: createRng(1) });
    expect(a).toBe(b);
    expect(Math.abs(a - exact)).toBeLessThan(0.03);
    expect(silhouetteScore(points, truth, { sampleSize: 5000 })).toBe(exact);
  });
  it("flat input and 9+ dimensions give the same values as rows", () => {
    const { points, truth } = blobs(60, 10, 3, 2);
    expectClose(silhouetteSamples({ data: points.flat(), n: 60, d: 10 }, truth), bruteSilhouette(points, truth), 1e-12);
  });
});

describe("metrics bad input", () => {
  it("rejects with codes", () => {
    expectClienteleError(() => silhouetteScore([[0], [1]], [0, 0]), "INVALID_LABEL");
    expectClienteleError(() => silhouetteScore([[0], [1]], [0, 1]), "INVALID_LABEL");
    expectClienteleError(() => calinskiHarabasz([[0], [1], [2]], [0, 1]), "LENGTH_MISMATCH");
    expectClienteleError(() => daviesBouldin([[0], [1], [2]], [0, 1, 0.5]), "INVALID_LABEL");
    expectClienteleError(() => silhouetteSamples([[0], [NaN], [2]], [0, 1, 1]), "NON_FINITE");
    expectClienteleError(() => silhouetteScore([], []), "EMPTY_INPUT");
    expectClienteleError(() => silhouetteScore([[0], [1], [2]], [0, 1, 1], { sampleSize: 1 }), "INVALID_OPTION");
  });
});
