import fc from "fast-check";
import { kmeans as mlKmeans } from "ml-kmeans";
import { describe, expect, it } from "vitest";
import { fitKMeans, kmeansFromJSON, predictKMeans, type KMeansModel } from "../../src/cluster/index.js";
import { createRng } from "../../src/core/rng.js";
import { blobs, expectClose, ref, samePartition } from "./helpers.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("fitKMeans: reference values", () => {
  it("TSDoc example (worked by hand)", () => {
    const m = fitKMeans(
      [
        [0, 0],
        [0, 1],
        [10, 10],
        [10, 11],
      ],
      {
        k: 2,
        init: [
          [0, 0],
          [10, 10],
        ],
      },
    );
    expect(m.centroids).toEqual([
      [0, 0.5],
      [10, 10.5],
    ]);
    expect(m.labels).toEqual([0, 0, 1, 1]);
    // 4 points each 0.5 from their centroid: 4 * 0.25
    expect(m.inertia).toBe(1);
    expect(predictKMeans(m, [[9, 9]])).toEqual([1]);
    expect(predictKMeans(fitKMeans([[0], [1], [10], [11]], { k: 2, init: [[0], [10]] }), [[2], [12]])).toEqual([0, 1]);
  });

  it("matches scikit-learn KMeans(init=first four points, n_init=1, tol=0, lloyd) on 60 points", () => {
    // sklearn 1.2.1, test/fixtures/cluster/make_reference.py: inertia 226.61882004923237, n_iter 4
    const m = fitKMeans(ref.X, { k: 4, init: ref.init, tol: 0 });
    expect(m.labels).toEqual(ref.kmeans.labels);
    expectClose(m.centroids.flat(), ref.kmeans.centers.flat(), 1e-10);
    expect(m.inertia).toBeCloseTo(ref.kmeans.inertia, 9);
    expect(m.nIter).toBe(ref.kmeans.nIter);
    expect(m.converged).toBe(true);
  });

  it("reaches the same partition as ml-kmeans (the oracle) from the same initial centers", () => {
    for (const seed of [1, 2, 3]) {
      const { points } = blobs(600, 4, 6, seed, 3, 1.5); // overlapping: many Lloyd iterations
      const init = points.slice(0, 6).map((r) => r.slice());
      const ours = fitKMeans(points, { k: 6, init, tol: 0 });
      const theirs = mlKmeans(points, 6, { initialization: init.map((r) => r.slice()), maxIterations: 300, tolerance: 0 });
      expect(ours.labels).toEqual(theirs.clusters);
      expectClose(ours.centroids.flat(), theirs.centroids.flat(), 1e-9);
    }
  });

  it("matches ml-kmeans for every distance kernel width (d = 1, 2, 5, 7, 10)", () => {
    for (const d of [1, 2, 5, 7, 10]) {
      const { points } = blobs(300, d, 4, 10 + d, 2, 1.5);
      const init = points.slice(0, 4).map((r) => r.slice());
      const ours = fitKMeans(points, { k: 4, init, tol: 0 });
      const theirs = mlKmeans(points, 4, { initialization: init.map((r) => r.slice()), maxIterations: 300, tolerance: 0 });
      expect(ours.labels).toEqual(theirs.clusters);
      expect(ours.centroids[0].length).toBe(d);
      expectClose(ours.centroids.flat(), theirs.centroids.flat(), 1e-9);
    }
  });

  it("recovers well-separated blobs with k-means++", () => {
    const { points, truth } = blobs(300, 3, 5, 11, 20, 1);
    const m = fitKMeans(points, { k: 5, rng: createRng(3) });
    expect(samePartition(m.labels, truth)).toBe(true);
  });
});

describe("fitKMeans: properties", () => {
  it("labels cover every point and lie in range; inertia never increases across iterations", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 10, max: 120 }), (seed, k, n) => {
        const { points } = blobs(n, 3, 4, seed, 2, 1);
        const trace: number[] = [];
        const m = fitKMeans(points, {
          k,
          init: seed % 2 ? "random" : "k-means++",
          nInit: 1,
          tol: 0,
          rng: createRng(seed),
          onProgress: (p) => trace.push(p.inertia),
        });
        expect(m.labels.length).toBe(n);
        for (const l of m.labels) expect(Number.isInteger(l) && l >= 0 && l < k).toBe(true);
        for (let i = 1; i < trace.length; i++) expect(trace[i]).toBeLessThanOrEqual(trace[i - 1] * (1 + 1e-12) + 1e-12);
        expect(m.inertia).toBeLessThanOrEqual(trace[trace.length - 1] * (1 + 1e-12) + 1e-12);
        // labels are each point's nearest centroid
        expect(predictKMeans(m, points)).toEqual(m.labels);
      }),
      { numRuns: 40 },
    );
  });

  it("restarts keep the lowest inertia", () => {
    const { points } = blobs(200, 2, 6, 5, 4, 1);
    const runs: number[] = [];
    let last = -1;
    let runInertia = Infinity;
    const m = fitKMeans(points, {
      k: 6,
      init: "random",
      nInit: 5,
      rng: createRng(9),
      onProgress: (p) => {
        if (p.run !== last && last >= 0) runs.push(runInertia);
        last = p.run;
        runInertia = p.inertia;
      },
    });
    runs.push(runInertia);
    expect(runs.length).toBe(5);
    expect(m.inertia).toBeLessThanOrEqual(Math.min(...runs) * (1 + 1e-12));
  });

  it("weights act like repeated points", () => {
    const pts = [[0], [1], [5], [9], [10]];
    const w = fitKMeans(pts, { k: 2, init: [[0], [10]], weights: [1, 3, 1, 1, 2] });
    const rep = fitKMeans([[0], [1], [1], [1], [5], [9], [10], [10]], { k: 2, init: [[0], [10]] });
    expectClose(w.centroids.flat(), rep.centroids.flat(), 1e-12);
    expect(w.inertia).toBeCloseTo(rep.inertia, 12);
  });

  it("weighted bounded Lloyd matches a plain weighted Lloyd (brute force) on overlapping blobs", () => {
    // brute force: every point-center distance every iteration, centers = weighted means
    const plain = (pts: number[][], w: number[], init: number[][]) => {
      let c = init.map((r) => r.slice());
      let labels: number[] = [];
      for (let it = 0; it < 500; it++) {
        const next = pts.map((p) => {
          let best = Infinity;
          let bj = 0;
          c.forEach((cj, j) => {
            const s = p.reduce((acc, v, t) => acc + (v - cj[t]) ** 2, 0);
            if (s < best) [best, bj] = [s, j];
          });
          return bj;
        });
        const same = next.every((l, i) => l === labels[i]);
        labels = next;
        c = c.map((old, j) => {
          const num = old.map(() => 0);
          let den = 0;
          pts.forEach((p, i) => {
            if (labels[i] !== j) return;
            p.forEach((v, t) => (num[t] += w[i] * v));
            den += w[i];
          });
          return den > 0 ? num.map((v) => v / den) : old;
        });
        if (same) break;
      }
      return { labels, c };
    };
    for (const seed of [21, 22]) {
      const { points } = blobs(800, 6, 8, seed, 2.5, 1.5); // overlapping: many points change label
      const rng = createRng(seed);
      const w = points.map(() => rng.uniform() * 3);
      const init = points.slice(0, 8).map((r) => r.slice());
      const ours = fitKMeans(points, { k: 8, init, tol: 0, weights: w });
      const ref = plain(points, w, init);
      expect(ours.labels).toEqual(ref.labels);
      expectClose(ours.centroids.flat(), ref.c.flat(), 1e-9);
    }
  });

  it("re-seeds an empty cluster with the farthest point", () => {
    // the third start is far from everything and gets no points on the first assignment
    const m = fitKMeans([[0], [1], [2], [10], [11], [30]], { k: 3, init: [[0], [10], [1000]] });
    expect(new Set(m.labels).size).toBe(3);
    expect(m.centroids.map((c) => c[0]).sort((a, b) => a - b)).toEqual([1, 10.5, 30]);
  });

  it("handles k = 1 and k = n", () => {
    const pts = [
      [1, 2],
      [3, 4],
      [5, 9],
    ];
    const one = fitKMeans(pts, { k: 1 });
    expectClose(one.centroids[0], [3, 5], 1e-12);
    const all = fitKMeans(pts, { k: 3 });
    expect(all.inertia).toBe(0);
  });
});

describe("fitKMeans: contract", () => {
  const { points } = blobs(150, 3, 3, 4);
  it("same seed gives the same model; different seed may differ but stays valid", () => {
    const a = fitKMeans(points, { k: 4, rng: createRng(5), nInit: 3 });
    const b = fitKMeans(points, { k: 4, rng: createRng(5), nInit: 3 });
    expect(a).toEqual(b);
    expect(fitKMeans(points, { k: 4 })).toEqual(fitKMeans(points, { k: 4 })); // default createRng(0)
  });
  it("flat input gives the same result as rows", () => {
    const data = Float64Array.from(points.flat());
    expect(fitKMeans({ data, n: 150, d: 3 }, { k: 3 })).toEqual(fitKMeans(points, { k: 3 }));
  });
  it("flat Float64Array input is read, never written; NaN in it is rejected", () => {
    const data = Float64Array.from(points.flat());
    const copy = data.slice();
    fitKMeans({ data, n: 150, d: 3 }, { k: 3, nInit: 2 });
    expect(Array.from(data)).toEqual(Array.from(copy));
    data[7] = NaN;
    expectClienteleError(() => fitKMeans({ data, n: 150, d: 3 }, { k: 3 }), "NON_FINITE");
    data[7] = Infinity;
    expectClienteleError(() => fitKMeans({ data, n: 150, d: 3 }, { k: 3 }), "NON_FINITE");
    // flat input is checked inside the first Lloyd pass: explicit init, weights, -Infinity
    data[7] = -Infinity;
    const init = [points[0], points[1], points[2]].map((r) => r.slice());
    expectClienteleError(() => fitKMeans({ data, n: 150, d: 3 }, { k: 3, init, weights: points.map(() => 1) }), "NON_FINITE");
    data[7] = NaN;
    expectClienteleError(() => fitKMeans({ data, n: 150, d: 3 }, { k: 3, init: "random", nInit: 3 }), "NON_FINITE");
    expectClienteleError(() => fitKMeans({ data, n: 151, d: 3 }, { k: 3 }), "SHAPE_MISMATCH");
  });
  it("frozen input is untouched", () => {
    const frozen = Object.freeze(points.map((r) => Object.freeze(r.slice()))) as unknown as number[][];
    const before = JSON.stringify(frozen);
    fitKMeans(frozen, { k: 3 });
    expect(JSON.stringify(frozen)).toBe(before);
  });
  it("JSON round trip", () => {
    const m = fitKMeans(points, { k: 3 });
    const back: KMeansModel = kmeansFromJSON(JSON.parse(JSON.stringify(m)));
    expect(back).toEqual(m);
    expect(predictKMeans(back, points)).toEqual(m.labels);
    expect(kmeansFromJSON(JSON.parse(JSON.stringify(fitKMeans([[0], [1], [5]], { k: 2 })))).kind).toBe("kmeans");
  });
  it("rejects bad input with codes", () => {
    expectClienteleError(() => fitKMeans([], { k: 1 }), "EMPTY_INPUT");
    expectClienteleError(() => fitKMeans([[1], [NaN]], { k: 1 }), "NON_FINITE");
    expectClienteleError(() => fitKMeans([[1, 2], [1]], { k: 1 }), "SHAPE_MISMATCH");
    expectClienteleError(() => fitKMeans([[1], [2]], { k: 0 }), "INVALID_OPTION");
    expectClienteleError(() => fitKMeans([[1], [2]], { k: 3 }), "INVALID_OPTION");
    expectClienteleError(() => fitKMeans([[1], [2]], { k: 1.5 }), "INVALID_OPTION");
    expectClienteleError(() => fitKMeans([[1], [2]], { k: 2, init: [[1]] }), "SHAPE_MISMATCH");
    expectClienteleError(() => fitKMeans([[1], [2]], { k: 1, weights: [1] }), "LENGTH_MISMATCH");
    expectClienteleError(() => fitKMeans([[1], [2]], { k: 1, weights: [1, -1] }), "NEGATIVE_VALUE");
    expectClienteleError(() => fitKMeans([[1], [2]], { k: 1, tol: -1 }), "INVALID_OPTION");
    expectClienteleError(() => fitKMeans([[1], [2]], { k: 1, bogus: 1 } as never), "INVALID_OPTION");
    const ac = new AbortController();
    ac.abort();
    expectClienteleError(() => fitKMeans([[1], [2]], { k: 1, signal: ac.signal }), "ABORTED");
    const m = fitKMeans(
      [
        [1, 1],
        [2, 2],
      ],
      { k: 1 },
    );
    expectClienteleError(() => predictKMeans(m, [[1]]), "SHAPE_MISMATCH");
    expectClienteleError(() => kmeansFromJSON({ ...m, version: 2 }), "UNSUPPORTED_MODEL_VERSION");
    expectClienteleError(() => kmeansFromJSON({ ...m, labels: [0, 5] }), "INVALID_MODEL");
    expectClienteleError(() => kmeansFromJSON(null), "INVALID_MODEL");
  });
  it("error message names k and n", () => {
    expect(() => fitKMeans([[1], [2]], { k: 3 })).toThrow("fitKMeans: k must be an integer in [1, 2] (the number of points). Got 3.");
  });
});
