import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClienteleError } from "../../src/core/errors.js";
import { createRng } from "../../src/core/rng.js";
import { dbscan, suggestEps, type DbscanMetric } from "../../src/cluster/dbscan.js";
import { expectClienteleError } from "../helpers/errors.js";

// density-clustering 1.3.0 (the JavaScript peer) ships no types.
const clustering = createRequire(import.meta.url)("density-clustering") as {
  DBSCAN: new () => { run(points: number[][], eps: number, minPts: number): number[][] };
};

/**
 * Independent O(n²) reference written from scikit-learn's description (sklearn/cluster/
 * _dbscan.py and _dbscan_inner.pyx): neighbors at distance <= eps (squared Euclidean
 * compared with eps², as sklearn's trees compare reduced distances), core when
 * |neighbors| (self included) >= minPts, then for i in index order a depth-first flood
 * fill from each unlabeled core point; non-core points are labeled but not expanded.
 */
function bruteDbscan(pts: number[][], eps: number, minPts: number, metric: DbscanMetric = "euclidean") {
  const n = pts.length;
  const dist = (a: number[], b: number[]): number => {
    let acc = 0;
    for (let t = 0; t < a.length; t++) {
      const g = Math.abs(a[t] - b[t]);
      if (metric === "euclidean") acc += g * g;
      else if (metric === "manhattan") acc += g;
      else acc = Math.max(acc, g);
    }
    return acc;
  };
  const r = metric === "euclidean" ? eps * eps : eps;
  const nb: number[][] = pts.map((p) => pts.map((_, j) => j).filter((j) => dist(p, pts[j]) <= r));
  const core = nb.map((x) => x.length >= minPts);
  const labels = new Array<number>(n).fill(-1);
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== -1 || !core[i]) continue;
    const stack = [i];
    while (stack.length) {
      const p = stack.pop()!;
      if (labels[p] !== -1) continue;
      labels[p] = c;
      if (core[p]) for (const q of nb[p]) if (labels[q] === -1) stack.push(q);
    }
    c++;
  }
  return { labels, core: core.flatMap((b, i) => (b ? [i] : [])), nClusters: c };
}

function blobs(seed: number, n: number, d: number, spread = 0.6): number[][] {
  const rng = createRng(seed);
  const centers = Array.from({ length: 4 }, () => Array.from({ length: d }, () => rng.normal(0, 5)));
  return Array.from({ length: n }, (_, i) =>
    i % 10 === 9
      ? Array.from({ length: d }, () => rng.uniform() * 24 - 12) // background noise
      : centers[rng.int(4)].map((c) => c + rng.normal(0, spread)),
  );
}

describe("dbscan against a brute-force O(n²) reference (scikit-learn semantics)", () => {
  const cases: [number, number, number, number, DbscanMetric][] = [
    [1, 300, 2, 0.5, "euclidean"],
    [2, 400, 2, 0.8, "euclidean"],
    [3, 250, 3, 1.0, "euclidean"],
    [4, 200, 6, 2.0, "euclidean"],
    [5, 300, 2, 0.7, "manhattan"],
    [6, 300, 2, 0.4, "chebyshev"],
  ];
  for (const [seed, n, d, eps, metric] of cases) {
    for (const minPts of [1, 3, 5, 10]) {
      it(`seed ${seed}, n ${n}, d ${d}, eps ${eps}, minPts ${minPts}, ${metric}: identical labels and core points`, () => {
        const pts = blobs(seed, n, d);
        const ref = bruteDbscan(pts, eps, minPts, metric);
        const got = dbscan(pts, { eps, minPts, metric });
        expect(got.labels).toEqual(ref.labels);
        expect(got.coreSampleIndices).toEqual(ref.core);
        expect(got.nClusters).toBe(ref.nClusters);
      });
    }
  }
  it("integer grid with exact distance ties at eps (inclusive boundary)", () => {
    const pts: number[][] = [];
    for (let x = 0; x < 12; x++) for (let y = 0; y < 12; y++) if ((x * 7 + y * 3) % 5 !== 0) pts.push([x, y]);
    for (const [eps, minPts] of [
      [1, 3],
      [1, 5],
      [Math.SQRT2, 6],
      [2, 9],
    ]) {
      const ref = bruteDbscan(pts, eps, minPts);
      expect(dbscan(pts, { eps, minPts }).labels).toEqual(ref.labels);
    }
  });
  it("property: equals the brute-force reference on random small inputs", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 6 }),
        (raw, epsInt, minPts) => {
          const pts = raw.map(([a, b]) => [a / 2, b / 2]);
          const eps = epsInt / 2;
          const got = dbscan(pts, { eps, minPts });
          const ref = bruteDbscan(pts, eps, minPts);
          expect(got.labels).toEqual(ref.labels);
          expect(got.coreSampleIndices).toEqual(ref.core);
          for (const l of got.labels) expect(l >= -1 && l < got.nClusters).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("dbscan hand-worked cases", () => {
  it("TSDoc example: two clusters and one noise point", () => {
    expect(
      dbscan(
        [
          [0, 0],
          [0, 1],
          [1, 0],
          [10, 10],
          [10, 11],
          [50, 50],
        ],
        { eps: 1.5, minPts: 2 },
      ),
    ).toEqual({
      labels: [0, 0, 0, 1, 1, -1],
      coreSampleIndices: [0, 1, 2, 3, 4],
      nClusters: 2,
    });
  });
  it("a border point between two clusters joins the cluster numbered first", () => {
    // 1-D, eps 1, minPts 4 (self counted). Neighborhoods: x=3 -> {3, 3.5, 4, 2} (core);
    // x=1 -> {0, 0.5, 1, 2} (core); every other point has 3 neighbors (border).
    // x=2 is within eps of both cores.
    const pts = [[3], [3.5], [4], [2], [0], [0.5], [1]];
    const res = dbscan(pts, { eps: 1, minPts: 4 });
    expect(res.coreSampleIndices).toEqual([0, 6]);
    // Cluster 0 is seeded by point 0 (x=3), the lower-index core, so it claims x=2 first.
    expect(res.labels).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });
  it("minPts = 1 makes every point core; huge minPts makes every point noise", () => {
    const pts = [[0], [5], [5.5]];
    expect(dbscan(pts, { eps: 1, minPts: 1 }).labels).toEqual([0, 1, 1]);
    expect(dbscan(pts, { eps: 1, minPts: 10 })).toEqual({ labels: [-1, -1, -1], coreSampleIndices: [], nClusters: 0 });
  });
});

describe("dbscan against density-clustering 1.3.0", () => {
  it("same clusters up to border-point ties on 1,500 2-D points", () => {
    const pts = blobs(9, 1500, 2, 0.8);
    const eps = 0.45;
    const minPts = 6;
    const ours = dbscan(pts, { eps, minPts });
    const dc = new clustering.DBSCAN();
    // density-clustering uses dist < eps (strict) and counts the point itself; ties at eps have probability 0 here.
    const clusters: number[][] = dc.run(pts, eps, minPts);
    const theirs = new Array<number>(pts.length).fill(-1);
    clusters.forEach((members, c) => members.forEach((i) => (theirs[i] = c)));
    expect(clusters.length).toBe(ours.nClusters);
    const coreSet = new Set(ours.coreSampleIndices);
    // Noise agrees exactly; core points map cluster-to-cluster one-to-one.
    const map = new Map<number, number>();
    let borderDiff = 0;
    for (let i = 0; i < pts.length; i++) {
      expect(theirs[i] === -1).toBe(ours.labels[i] === -1);
      if (coreSet.has(i)) {
        if (!map.has(ours.labels[i])) map.set(ours.labels[i], theirs[i]);
        expect(map.get(ours.labels[i])).toBe(theirs[i]);
      }
    }
    for (let i = 0; i < pts.length; i++) {
      if (!coreSet.has(i) && ours.labels[i] !== -1 && map.get(ours.labels[i]) !== theirs[i]) borderDiff++;
    }
    expect(new Set(map.values()).size).toBe(map.size);
    expect(borderDiff).toBeLessThanOrEqual(3); // only border points reachable from two clusters may differ
  });
});

describe("suggestEps", () => {
  it("k-distances match brute force and the knee lies between the blob scale and the background", () => {
    const pts = blobs(3, 400, 2, 0.3);
    const minPts = 5;
    const res = suggestEps(pts, { minPts });
    // brute force: distance to the 5th nearest point, the point itself counted
    const brute = pts.map((p) => pts.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1])).sort((a, b) => a - b)[minPts - 1]).sort((a, b) => a - b);
    expect(res.kDistances.length).toBe(400);
    res.kDistances.forEach((v, i) => expect(v).toBeCloseTo(brute[i], 12));
    expect(res.eps).toBe(res.kDistances[res.kneeIndex]);
    // Kneedle: knee maximizes x_norm - y_norm over the curve
    const n = brute.length;
    const score = (i: number) => i / (n - 1) - (brute[i] - brute[0]) / (brute[n - 1] - brute[0]);
    for (let i = 0; i < n; i++) expect(score(i)).toBeLessThanOrEqual(score(res.kneeIndex) + 1e-12);
    // With the suggested eps the blobs come out as clusters and the uniform background mostly as noise.
    const cl = dbscan(pts, { eps: res.eps, minPts });
    expect(cl.nClusters).toBeGreaterThanOrEqual(3);
    expect(cl.nClusters).toBeLessThanOrEqual(8);
  });
  it("handles duplicates and rejects degenerate input", () => {
    expect(suggestEps([[1], [1], [1], [2], [4], [8]], { minPts: 2 }).eps).toBeGreaterThan(0);
    expect(() => suggestEps([[1], [1], [1]], { minPts: 2 })).toThrow(ClienteleError);
  });
});

describe("dbscan contract", () => {
  const pts = blobs(12, 200, 2);
  it("same input, same output; flat form agrees; frozen input untouched", () => {
    const a = dbscan(pts, { eps: 0.5, minPts: 4 });
    expect(dbscan(pts, { eps: 0.5, minPts: 4 })).toEqual(a);
    expect(dbscan({ data: Float64Array.from(pts.flat()), n: 200, d: 2 }, { eps: 0.5, minPts: 4 })).toEqual(a);
    const frozen = Object.freeze(pts.map((r) => Object.freeze([...r])));
    expect(dbscan(frozen, { eps: 0.5, minPts: 4 })).toEqual(a);
    expect(frozen).toEqual(pts);
  });
  it("rejects bad input with codes", () => {
    expectClienteleError(() => dbscan(pts, { eps: 0 }), "INVALID_OPTION");
    expectClienteleError(() => dbscan(pts, { eps: -1 }), "INVALID_OPTION");
    expectClienteleError(() => dbscan(pts, { eps: NaN }), "INVALID_OPTION");
    expectClienteleError(() => dbscan(pts, { eps: Infinity }), "INVALID_OPTION");
    expectClienteleError(() => dbscan(pts, { eps: 1, minPts: 0 }), "INVALID_OPTION");
    expectClienteleError(() => dbscan(pts, { eps: 1, minPts: 2.5 }), "INVALID_OPTION");
    expectClienteleError(() => dbscan(pts, { eps: 1, metric: "cosine" as DbscanMetric }), "INVALID_OPTION");
    expectClienteleError(() => dbscan(pts, undefined as unknown as { eps: number }), "INVALID_OPTION");
    expectClienteleError(() => dbscan([], { eps: 1 }), "EMPTY_INPUT");
    expectClienteleError(
      () =>
        dbscan(
          [
            [0, 1],
            [NaN, 2],
          ],
          { eps: 1 },
        ),
      "NON_FINITE",
    );
    expectClienteleError(() => dbscan([[0, 1], [2]], { eps: 1 }), "SHAPE_MISMATCH");
    expectClienteleError(() => suggestEps(pts, { minPts: 0 }), "INVALID_OPTION");
    expectClienteleError(() => suggestEps(pts, { minPts: 201 }), "INVALID_OPTION");
    expectClienteleError(() => suggestEps([]), "EMPTY_INPUT");
    expectClienteleError(() => suggestEps([[1], [1], [1]], { minPts: 2 }), "DEGENERATE_INPUT");
  });
});
