// Regression tests for issue 10 ("no silent wrong answers, one contract"), clientele/cluster.
// Each block reproduces a case of the issue; on commit 0c04e27 each assertion marked
// "old:" failed (or, for the resource cases, ran for minutes or tried to allocate 14 GB).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as cluster from "../../src/cluster/index.js";
import {
  calinskiHarabasz,
  createRng,
  daviesBouldin,
  dbscan,
  dbscanAsync,
  elbow,
  elbowAsync,
  fitHierarchical,
  fitHierarchicalAsync,
  fitKMeans,
  fitKMeansAsync,
  fitMiniBatchKMeans,
  fitMiniBatchKMeansAsync,
  fitScaler,
  isClienteleError,
  pointsToRows,
  profileClusters,
  selectK,
  selectKAsync,
  silhouetteSamples,
  silhouetteScore,
  suggestEps,
  transformPoints,
} from "../../src/cluster/index.js";
import { blobs } from "./helpers.js";
import { expectClienteleError, expectClienteleErrorAsync } from "../helpers/errors.js";

const small = [
  [0, 0],
  [0, 1],
  [1, 0],
  [10, 10],
  [10, 11],
  [11, 10],
];
const lab = [0, 0, 0, 1, 1, 1];
const hier = fitHierarchical(small, { linkage: "average" });

describe("issue 10 · unknown options are rejected by every cluster export", () => {
  it('dbscan(X, { min_samples: 3 }) → INVALID_OPTION, did you mean "minPts"? (old: ran with minPts 5)', () => {
    const e = expectClienteleError(() => dbscan(small, { eps: 1.5, min_samples: 3 } as never), "INVALID_OPTION");
    expect(e.path).toEqual(["options", "min_samples"]);
    expect(e.message).toMatch(/dbscan: unknown option "min_samples"; did you mean "minPts"\?/);
  });
  const calls: [string, (extra: Record<string, unknown>) => unknown][] = [
    ["fitScaler", (x) => fitScaler(small, { ...x })],
    ["fitKMeans", (x) => fitKMeans(small, { k: 2, ...x })],
    ["fitMiniBatchKMeans", (x) => fitMiniBatchKMeans(small, { k: 2, ...x })],
    ["partialFitMiniBatchKMeans", (x) => cluster.partialFitMiniBatchKMeans(null, small, { k: 2, ...x })],
    ["silhouetteScore", (x) => silhouetteScore(small, lab, { ...x })],
    ["elbow", (x) => elbow(small, { kRange: [1, 4], ...x })],
    ["selectK", (x) => selectK(small, { kRange: [2, 4], ...x })],
    ["profileClusters", (x) => profileClusters(small, lab, { ...x })],
    ["fitHierarchical", (x) => fitHierarchical(small, { ...x })],
    ["cutTree", (x) => cluster.cutTree(hier, { k: 2, ...x } as never)],
    ["dbscan", (x) => dbscan(small, { eps: 1, ...x })],
    ["suggestEps", (x) => suggestEps(small, { minPts: 2, ...x })],
  ];
  for (const [name, call] of calls) {
    it(`${name} rejects an unknown key with the key in path`, () => {
      const e = expectClienteleError(() => call({ bogusOption: 1 }), "INVALID_OPTION");
      expect(e.path).toEqual(["options", "bogusOption"]);
      expect(e.message.startsWith(`${name}: unknown option "bogusOption"`)).toBe(true);
    });
  }
  const asyncCalls: [string, (extra: Record<string, unknown>) => Promise<unknown>][] = [
    ["fitKMeansAsync", (x) => fitKMeansAsync(small, { k: 2, ...x })],
    ["fitMiniBatchKMeansAsync", (x) => fitMiniBatchKMeansAsync(small, { k: 2, ...x })],
    ["fitHierarchicalAsync", (x) => fitHierarchicalAsync(small, { ...x })],
    ["dbscanAsync", (x) => dbscanAsync(small, { eps: 1, ...x })],
    ["elbowAsync", (x) => elbowAsync(small, { kRange: [1, 4], ...x })],
    ["selectKAsync", (x) => selectKAsync(small, { kRange: [2, 4], ...x })],
  ];
  for (const [name, call] of asyncCalls) {
    it(`${name} rejects unknown keys and a bad signal`, async () => {
      await expectClienteleErrorAsync(() => call({ bogusOption: 1 }), "INVALID_OPTION");
      await expectClienteleErrorAsync(() => call({ signal: 5 }), "INVALID_OPTION");
    });
  }
  it("signal, onProgress and rng options are validated", () => {
    expectClienteleError(() => fitKMeans(small, { k: 2, signal: 5 as never }), "INVALID_OPTION");
    expectClienteleError(() => fitKMeans(small, { k: 2, onProgress: 5 as never }), "INVALID_OPTION");
    expectClienteleError(() => fitKMeans(small, { k: 2, rng: 5 as never }), "INVALID_OPTION");
    expectClienteleError(() => elbow(small, { kRange: [1, 4], onProgress: "x" as never }), "INVALID_OPTION");
    expectClienteleError(() => fitHierarchical(small, { signal: {} as never }), "INVALID_OPTION");
    expectClienteleError(() => fitHierarchical(small, { maxMemoryBytes: -1 }), "INVALID_OPTION");
  });
});

describe("issue 10 · resource limits decided from the input size", () => {
  it("fitHierarchical ward at n = 60,000 fails fast with TOO_LARGE (old: started filling 14.4 GB)", () => {
    const n = 60000;
    const data = new Float64Array(n * 2);
    for (let i = 0; i < data.length; i++) data[i] = i % 97;
    for (const linkage of ["ward", "complete", "average"] as const) {
      const e = expectClienteleError(() => fitHierarchical({ data, n, d: 2 }, { linkage }), "TOO_LARGE");
      expect(e.message).toMatch(/single/);
      expect(e.message).toMatch(/sample/);
      expect(e.message).toMatch(/K-Means/);
      expect(e.message).toMatch(/maxMemoryBytes/);
    }
  });
  it("maxMemoryBytes sets the budget (default 2 GiB)", () => {
    expect(cluster.HIERARCHICAL_MAX_MEMORY_BYTES).toBe(2 ** 31);
    const pts = blobs(200, 2, 3, 1).points;
    expectClienteleError(() => fitHierarchical(pts, { maxMemoryBytes: 1e5 }), "TOO_LARGE");
    expect(fitHierarchical(pts, { maxMemoryBytes: 1e6 }).merges).toHaveLength(199);
    // single linkage is O(n) memory and ignores the budget
    expect(fitHierarchical(pts, { linkage: "single", maxMemoryBytes: 1 }).merges).toHaveLength(199);
  });
  it("suggestEps on 200,000 identical points answers in about a second (old: > 200 s)", () => {
    const n = 200000;
    const data = new Float64Array(n * 2).fill(3);
    expectClienteleError(() => suggestEps({ data, n, d: 2 }), "DEGENERATE_INPUT");
    const mixed = data.slice();
    for (let i = 0; i < 20; i++) {
      mixed[2 * i] = i;
      mixed[2 * i + 1] = -i;
    }
    const r = suggestEps({ data: mixed, n, d: 2 });
    expect(r.eps).toBeGreaterThan(0);
    expect(r.kDistances).toHaveLength(n);
    // the k-distances of the duplicates are 0 (at least minPts identical points)
    expect(r.kDistances[n - 21]).toBe(0);
  }, 15000);
  it("suggestEps counts duplicates as a brute-force k-distance does", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 30, maxLength: 80 }),
        fc.integer({ min: 1, max: 6 }),
        (rows, k) => {
          const pts = rows.flatMap((r) => Array.from({ length: 5 }, () => [r[0], r[1]]));
          let r: ReturnType<typeof suggestEps>;
          try {
            r = suggestEps(pts, { minPts: k });
          } catch (e) {
            expect(isClienteleError(e) && (e as { code: string }).code).toBe("DEGENERATE_INPUT");
            return;
          }
          const brute = pts.map((p) => pts.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1])).sort((a, b) => a - b)[k - 1]).sort((a, b) => a - b);
          expect(r.kDistances).toEqual(brute);
        },
      ),
      { seed: 10, numRuns: 40 },
    );
  });
  it("dbscan on 200,000 identical points is one cluster, quickly", () => {
    const n = 200000;
    const r = dbscan({ data: new Float64Array(n * 2).fill(1), n, d: 2 }, { eps: 0.5 });
    expect(r.nClusters).toBe(1);
    expect(r.coreSampleIndices).toHaveLength(n);
  }, 15000);
});

describe("issue 10 · finite but huge inputs give finite results or OUT_OF_RANGE", () => {
  const huge = [[0], [1e307], [1e308], [9e307]];
  const hl = [0, 0, 1, 1];
  // multiplying by a power of two is exact, and the scores are scale-invariant
  const tiny = huge.map((r) => [r[0] * 2 ** -1000]);
  it("silhouette with a coordinate at 1e308 (old: NaN)", () => {
    const s = silhouetteScore(huge, hl);
    expect(Number.isFinite(s)).toBe(true);
    expect(s).toBe(silhouetteScore(tiny, hl));
    expect(silhouetteSamples(huge, hl)).toEqual(silhouetteSamples(tiny, hl));
  });
  it("Calinski-Harabasz and Davies-Bouldin with values near 1e308 (old: NaN / Infinity)", () => {
    expect(calinskiHarabasz(huge, hl)).toBe(calinskiHarabasz(tiny, hl));
    expect(Number.isFinite(calinskiHarabasz(huge, hl))).toBe(true);
    expect(daviesBouldin(huge, hl)).toBe(daviesBouldin(tiny, hl));
    expect(Number.isFinite(daviesBouldin(huge, hl))).toBe(true);
  });
  it("tiny values do not underflow to a zero silhouette", () => {
    const t = [[0], [1e-200], [1e-199], [9e-200]];
    expect(silhouetteScore(t, hl)).toBeCloseTo(silhouetteScore([[0], [1], [10], [9]], hl), 12);
  });
  it("K-Means whose inertia or centroids overflow → OUT_OF_RANGE with advice to scale (old: Infinity / NaN)", () => {
    for (const pts of [
      [[1e308], [1.5e308]],
      [[0], [1e155], [2e155], [3e155]],
    ]) {
      const e = expectClienteleError(() => fitKMeans(pts, { k: 1 }), "OUT_OF_RANGE");
      expect(e.message).toMatch(/fitScaler/);
      expectClienteleError(() => fitKMeans({ data: Float64Array.from(pts.flat()), n: pts.length, d: 1 }, { k: 1 }), "OUT_OF_RANGE");
      expectClienteleError(() => fitMiniBatchKMeans(pts, { k: 1 }), "OUT_OF_RANGE");
    }
    // predicting with huge centroids: distances overflowed to Infinity, all tied → label 0
    const model = { ...fitKMeans([[0], [1]], { k: 2, init: [[0], [1]] }), centroids: [[-1e308], [1e308]] };
    expect(cluster.predictKMeans(model, [[1.7e308], [-1.7e308], [0.5e308]])).toEqual([1, 0, 1]);
    // NaN in an unscanned Float64Array is still NON_FINITE
    expectClienteleError(() => fitKMeans({ data: Float64Array.from([1, NaN, 3]), n: 3, d: 1 }, { k: 1 }), "NON_FINITE");
  });
  it("fitScaler on values near 1e308: finite center and scale (old: Infinity center, column marked constant)", () => {
    const s = fitScaler([[1e308], [1.5e308]]);
    expect(s.center[0]).toBe(1.25e308);
    expect(s.scale[0]).toBe(0.25e308);
    expect(s.constantColumns).toEqual([]);
    expect(transformPoints(s, [[1e308], [1.5e308]])).toEqual([[-1], [1]]);
    expect(fitScaler([[1e-200], [3e-200]]).scale[0]).toBe(1e-200);
    expectClienteleError(() => fitScaler([[-1e308], [1e308]], { method: "minmax" }), "OUT_OF_RANGE");
    const mm = fitScaler([[0], [1e-300]], { method: "minmax" });
    expectClienteleError(() => transformPoints(mm, [[1e308]]), "OUT_OF_RANGE");
  });
  it("profileClusters on values near 1e308 has finite centroids", () => {
    const p = profileClusters([[1e308], [1.5e308], [1], [2]], [0, 0, 1, 1]);
    for (const c of p.clusters) for (const v of [...c.centroid, ...c.z]) expect(Number.isFinite(v)).toBe(true);
    expect(p.overallMean[0]).toBe(0.625e308 + 0.75);
  });
  it("property: no NaN or Infinity in any score for points of any finite magnitude", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: 6, maxLength: 30 }),
        fc.integer({ min: -300, max: 307 }),
        (rows, e) => {
          const pts = rows.map(([a, b]) => [a * 10 ** e, b * 10 ** e]);
          const labels = pts.map((_, i) => i % 3);
          const scores = [silhouetteScore(pts, labels), calinskiHarabasz(pts, labels), daviesBouldin(pts, labels)];
          for (const s of scores) expect(Number.isFinite(s)).toBe(true);
          expect(Math.abs(scores[0])).toBeLessThanOrEqual(1);
        },
      ),
      { seed: 10, numRuns: 60 },
    );
  });
});

describe("issue 10 · progress and wall-clock cancellation", () => {
  const pts = blobs(300, 2, 3, 4).points;
  it("elbow and selectK report progress once per k (old: no onProgress option)", () => {
    const seen: number[] = [];
    elbow(pts, { kRange: [1, 5], onProgress: (p) => seen.push(p.k) });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const sel: { k: number; done: number; total: number }[] = [];
    selectK(pts, { kRange: [2, 5], onProgress: (p) => sel.push({ k: p.k, done: p.done, total: p.total }) });
    expect(sel.map((p) => p.k)).toEqual([2, 3, 4, 5]);
    expect(sel[3]).toEqual({ k: 5, done: 4, total: 4 });
  });
  it("async variants give the same results as the sync ones", async () => {
    const rng = () => createRng(9);
    expect(await fitKMeansAsync(pts, { k: 3, rng: rng() })).toEqual(fitKMeans(pts, { k: 3, rng: rng() }));
    expect(await fitMiniBatchKMeansAsync(pts, { k: 3, batchSize: 50, rng: rng() })).toEqual(fitMiniBatchKMeans(pts, { k: 3, batchSize: 50, rng: rng() }));
    expect(await fitHierarchicalAsync(pts, { linkage: "ward" })).toEqual(fitHierarchical(pts, { linkage: "ward" }));
    expect(await dbscanAsync(pts, { eps: 1, minPts: 4 })).toEqual(dbscan(pts, { eps: 1, minPts: 4 }));
    expect(await elbowAsync(pts, { kRange: [1, 5] })).toEqual(elbow(pts, { kRange: [1, 5] }));
    expect(await selectKAsync(pts, { kRange: [2, 5] })).toEqual(selectK(pts, { kRange: [2, 5] }));
  });

  function bigFlat(n: number, d: number, seed: number): { data: Float64Array; n: number; d: number } {
    const rng = createRng(seed);
    const data = new Float64Array(n * d);
    for (let i = 0; i < data.length; i++) data[i] = rng.normal(0, 1);
    return { data, n, d };
  }
  async function stopsSoon(name: string, run: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
    // each of these runs for many seconds unaborted; reaching ABORTED at all proves the fit
    // yielded to the event loop so the timer could fire (no wall-clock assertion: CI is shared)
    const e = await expectClienteleErrorAsync(() => run(AbortSignal.timeout(50)), "ABORTED");
    expect(e.message.startsWith(`${name}: aborted`)).toBe(true);
  }
  // uniform noise in 8 dimensions: Lloyd with tol 0 takes hundreds of slow iterations
  const x = bigFlat(100000, 8, 3);
  it("AbortSignal.timeout(50) stops fitKMeansAsync", async () => {
    await stopsSoon("fitKMeansAsync", (signal) => fitKMeansAsync(x, { k: 64, tol: 0, maxIter: 5000, signal }));
  });
  it("AbortSignal.timeout(50) stops fitMiniBatchKMeansAsync", async () => {
    await stopsSoon("fitMiniBatchKMeansAsync", (signal) => fitMiniBatchKMeansAsync(x, { k: 64, batchSize: 50000, maxIter: 2000, maxNoImprovement: 0, signal }));
  });
  it("AbortSignal.timeout(50) stops fitHierarchicalAsync", async () => {
    await stopsSoon("fitHierarchicalAsync", (signal) => fitHierarchicalAsync(bigFlat(40000, 4, 5), { linkage: "single", signal }));
  });
  it("AbortSignal.timeout(50) stops dbscanAsync", async () => {
    // 40 dimensions: the k-d tree cannot prune, every query scans everything
    await stopsSoon("dbscanAsync", (signal) => dbscanAsync(bigFlat(20000, 40, 6), { eps: 3, signal }));
  });
  it("AbortSignal.timeout(50) stops elbowAsync and selectKAsync", async () => {
    await stopsSoon("elbowAsync", (signal) => elbowAsync(x, { kRange: [20, 60], maxIter: 5000, signal }));
    await stopsSoon("selectKAsync", (signal) => selectKAsync(x, { kRange: [20, 60], maxIter: 5000, signal }));
  });
});

describe("issue 10 · kind tags, enum values and JSON", () => {
  it("model kinds are lowercase kebab-case", () => {
    const kinds = [fitKMeans(small, { k: 2 }).kind, fitMiniBatchKMeans(small, { k: 2 }).kind, fitHierarchical(small).kind, fitScaler(small).kind];
    for (const k of kinds) expect(k).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
  it('selectK criteria are kebab-case; "calinskiHarabasz" and "daviesBouldin" still accepted', () => {
    const pts = blobs(90, 2, 3, 2).points;
    const r = selectK(pts, { kRange: [2, 5] });
    expect(Object.keys(r.best)).toEqual(["silhouette", "calinski-harabasz", "davies-bouldin", "elbow"]);
    const legacy = selectK(pts, { kRange: [2, 5], criteria: ["calinskiHarabasz", "daviesBouldin"] as never });
    expect(Object.keys(legacy.best)).toEqual(["calinski-harabasz", "davies-bouldin"]);
  });
  it('flat results serialize as JSON arrays, with a row view (old: {"0": ...})', () => {
    const s = fitScaler(small, { method: "minmax" });
    const flat = transformPoints(s, { data: Float64Array.from(small.flat()), n: 6, d: 2 });
    const json = JSON.parse(JSON.stringify(flat));
    expect(Array.isArray(json.data)).toBe(true);
    expect(json).toEqual({ data: Array.from(flat.data), n: 6, d: 2 });
    expect(pointsToRows(flat)).toEqual(transformPoints(s, small));
    const db = dbscan(small, { eps: 1.5, minPts: 2 });
    expect(JSON.parse(JSON.stringify(db))).toEqual(db);
  });
  it("the entry re-exports ClienteleError, isClienteleError, createRng and isRng", () => {
    expect(typeof cluster.ClienteleError).toBe("function");
    expect(cluster.isRng(cluster.createRng(1))).toBe(true);
  });
});
