import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { referenceData } from "../helpers/data.js";
import {
  fitKMeans,
  fitPca,
  fitScaler,
  inverseTransformPca,
  pcaFromJSON,
  profileClusters,
  selectK,
  transformPca,
  transformPoints,
  type PcaModel,
} from "../../src/cluster/index.js";
import { createRng } from "../../src/core/rng.js";
import { expectClienteleError } from "../helpers/errors.js";

// Reference: scripts/ref/pca_reference.py (scipy.linalg.svd = LAPACK gesdd, cross-checked
// with scikit-learn 1.2.1 PCA(svd_solver="full")), written to test/fixtures/pca/reference.json.
interface RefSet {
  n: number;
  d: number;
  nComponents: number;
  scale: boolean;
  data?: number[][];
  mean: number[];
  sd: number[] | null;
  components: number[][];
  singularValues: number[];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  totalVariance: number;
  scoresHead: number[][];
  scoresSumSquares: number[];
}
const REF: { versions: Record<string, string>; sets: Record<string, RefSet> } = JSON.parse(
  readFileSync(path.join(__dirname, "../fixtures/pca/reference.json"), "utf8"),
);
const CDNOW = referenceData("cdnow/cdnow_customers_summary_with_transactions.csv", "the PCA CDNOW reference tests");

/** The deterministic matrix of pca_reference.py's structured(n, d). */
function structured(n: number, d: number): number[][] {
  const s = [40, 20, 10, 5, 2.5];
  const x: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(d).fill(0);
    for (let j = 0; j < d; j++) {
      let v = 0;
      for (let c = 0; c < s.length; c++) v += s[c] * Math.sin((c + 1) * 0.37 * i + c) * Math.cos((c + 1) * (c + 2) * 0.11 * j);
      row[j] = v + 0.05 * Math.sin(12.9898 * i + 78.233 * j);
    }
    x.push(row);
  }
  return x;
}

function cdnowFeatures(): number[][] {
  const lines = CDNOW.read().trim().split("\n").slice(1);
  return lines.map((l) => l.split(",").slice(1, 5).map(Number)); // x, t_x, T, zbar
}

function maxAbsDiff(a: number[][], b: number[][]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
  return m;
}

function maxRelDiff(a: number[], b: number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.abs(b[i])));
}

function expectMatchesReference(m: PcaModel, ref: RefSet, points: number[][]): void {
  expect(m.nComponents).toBe(ref.nComponents);
  expect(maxAbsDiff(m.components, ref.components)).toBeLessThan(1e-9);
  expect(maxRelDiff(m.explainedVariance, ref.explainedVariance)).toBeLessThan(1e-9);
  expect(maxRelDiff(m.singularValues, ref.singularValues)).toBeLessThan(1e-9);
  expect(maxAbsDiff([m.explainedVarianceRatio], [ref.explainedVarianceRatio])).toBeLessThan(1e-12);
  expect(Math.abs(m.totalVariance - ref.totalVariance) / ref.totalVariance).toBeLessThan(1e-12);
  const scores = transformPca(m, points);
  const scale = Math.sqrt(ref.singularValues[0] ** 2 / ref.n);
  expect(maxAbsDiff(scores.slice(0, ref.scoresHead.length), ref.scoresHead) / scale).toBeLessThan(1e-9);
  const ss = new Array<number>(ref.nComponents).fill(0);
  for (const r of scores) r.forEach((v, c) => (ss[c] += v * v));
  expect(maxRelDiff(ss, ref.scoresSumSquares)).toBeLessThan(1e-9);
}

describe(`fitPca: LAPACK SVD reference (scipy ${REF.versions.scipy}, numpy ${REF.versions.numpy})`, () => {
  it("gaussian (200 x 6, correlated): exact solver to 1e-9", () => {
    const ref = REF.sets.gaussian;
    const m = fitPca(ref.data as number[][], { solver: "exact" });
    expect(m.solver).toBe("exact");
    expectMatchesReference(m, ref, ref.data as number[][]);
    expect(maxAbsDiff([m.mean], [ref.mean])).toBeLessThan(1e-12);
  });

  it("gaussian with scale: true (correlation PCA): exact to 1e-9; loadings are correlations", () => {
    const ref = REF.sets.gaussianScaled;
    const m = fitPca(ref.data as number[][], { scale: true });
    expectMatchesReference(m, ref, ref.data as number[][]);
    expect(maxAbsDiff([m.scale as number[]], [ref.sd as number[]])).toBeLessThan(1e-12);
    // with scale, sum over components of loading² per feature = the feature's (n-1)-variance ratio: n / (n - 1)
    const perFeature = m.loadings[0].map((_, j) => m.loadings.reduce((s, row) => s + row[j] * row[j], 0));
    for (const v of perFeature) expect(v).toBeCloseTo(200 / 199, 10);
  });

  it("wide (15 x 40, n < d): first 10 components to 1e-9", () => {
    const ref = REF.sets.wide;
    const m = fitPca(ref.data as number[][], { nComponents: 10 });
    expectMatchesReference(m, ref, ref.data as number[][]);
  });

  it("structured (2000 x 50, rank 5 + noise): exact and randomized solvers to 1e-9", () => {
    const ref = REF.sets.structured;
    const x = structured(2000, 50);
    expectMatchesReference(fitPca(x, { nComponents: 5, solver: "exact" }), ref, x);
    const r = fitPca(x, { nComponents: 5, solver: "randomized", rng: createRng(3) });
    expect(r.solver).toBe("randomized");
    expectMatchesReference(r, ref, x);
  });

  const have = CDNOW.available;
  it.skipIf(!have)("CDNOW summary features (2357 customers: x, t_x, T, zbar): exact to 1e-9, plain and scaled", () => {
    const x = cdnowFeatures();
    expectMatchesReference(fitPca(x), REF.sets.cdnow, x);
    expectMatchesReference(fitPca(x, { nComponents: 3, scale: true }), REF.sets.cdnowScaled, x);
  });
});

describe("fitPca: properties", () => {
  it("TSDoc example of fitPca", () => {
    const m = fitPca(
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
      { nComponents: 1 },
    );
    expect(m.components).toEqual([[0.7071067811865476, 0.7071067811865475]]);
    expect(m.explainedVariance).toEqual([2]);
    expect(m.explainedVarianceRatio).toEqual([1]);
    expect(transformPca(m, [[3, 3]])).toEqual([[1.414213562373095]]);
  });

  it("TSDoc examples of transformPca, inverseTransformPca and pcaFromJSON", () => {
    const m = fitPca(
      [
        [0, 0],
        [2, 0],
        [4, 0],
      ],
      { nComponents: 1 },
    );
    expect(
      transformPca(m, [
        [4, 1],
        [0, 5],
      ]),
    ).toEqual([[2], [-2]]);
    expect(inverseTransformPca(m, [[1]])).toEqual([[3, 0]]);
    const saved = JSON.stringify(
      fitPca([
        [1, 2],
        [3, 5],
        [4, 4],
      ]),
    );
    expect(pcaFromJSON(JSON.parse(saved)).nComponents).toBe(2);
  });

  it("full-rank PCA round-trips: inverseTransform(transform(x)) = x; whitened scores have unit variance", () => {
    const x = REF.sets.gaussian.data as number[][];
    for (const whiten of [false, true]) {
      const m = fitPca(x, { whiten, scale: whiten });
      const back = inverseTransformPca(m, transformPca(m, x));
      expect(maxAbsDiff(back, x)).toBeLessThan(1e-10);
      if (whiten) {
        const s = transformPca(m, x);
        for (let c = 0; c < 6; c++) expect(s.reduce((a, r) => a + r[c] * r[c], 0) / 199).toBeCloseTo(1, 10);
      }
    }
  });

  it("flat input gives a FlatMatrix that serializes as an array; JSON round trip gives identical scores", () => {
    const x = REF.sets.gaussian.data as number[][];
    const m = fitPca(x, { nComponents: 3 });
    const flat = { data: Float64Array.from(x.flat()), n: 200, d: 6 };
    const s = transformPca(m, flat);
    expect(s.n).toBe(200);
    expect(s.d).toBe(3);
    expect(Array.isArray(JSON.parse(JSON.stringify(s)).data)).toBe(true);
    const again = pcaFromJSON(JSON.parse(JSON.stringify(m)));
    expect(transformPca(again, x)).toEqual(transformPca(m, x));
  });

  it("fast-check: components orthonormal, variances decreasing, ratios in [0, 1] summing to <= 1, scores centered", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1e6 }), (n, d, seed) => {
        const rng = createRng(seed);
        const x = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal() * (1 + rng.int(5))));
        const m = fitPca(x);
        const k = m.nComponents;
        for (let a = 0; a < k; a++) {
          for (let b = 0; b < k; b++) {
            const dot = m.components[a].reduce((s, v, j) => s + v * m.components[b][j], 0);
            if (Math.abs(dot - (a === b ? 1 : 0)) > 1e-9) return false;
          }
          if (a > 0 && m.explainedVariance[a] > m.explainedVariance[a - 1] * (1 + 1e-12)) return false;
        }
        const sum = m.explainedVarianceRatio.reduce((s, v) => s + v, 0);
        if (!m.explainedVarianceRatio.every((v) => v >= 0 && v <= 1) || sum > 1 + 1e-9) return false;
        const s = transformPca(m, x);
        for (let c = 0; c < k; c++) if (Math.abs(s.reduce((acc, r) => acc + r[c], 0) / n) > 1e-8 * (1 + Math.sqrt(m.explainedVariance[0]))) return false;
        return true;
      }),
      { numRuns: 60 },
    );
  });

  it("rank-deficient input converges (fast-check counterexample [3, 3, 269293]: 3 points in 3-D, rank 2 after centering)", () => {
    const rng = createRng(269293);
    const x = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => rng.normal() * (1 + rng.int(5))));
    const m = fitPca(x);
    // three centered points span a plane: the third singular value is zero to rounding
    expect(m.singularValues[2]).toBeLessThan(1e-12 * m.singularValues[0]);
    for (let a = 0; a < m.nComponents; a++)
      for (let b = 0; b < m.nComponents; b++) {
        const dot = m.components[a].reduce((s, v, j) => s + v * m.components[b][j], 0);
        expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-12);
      }
  });

  it("same seed, same randomized model; the auto solver picks randomized for big data and few components", () => {
    const x = structured(2000, 50);
    const a = fitPca(x, { nComponents: 2, solver: "randomized", rng: createRng(9) });
    const b = fitPca(x, { nComponents: 2, solver: "randomized", rng: createRng(9) });
    expect(a).toEqual(b);
    expect(fitPca(x, { nComponents: 3 }).solver).toBe("exact"); // n d = 1e5 <= 1e6
  });

  it("huge and tiny units give the same components (exact power-of-two rescaling)", () => {
    const x = REF.sets.gaussian.data as number[][];
    const m = fitPca(x);
    const big = fitPca(x.map((r) => r.map((v) => v * 2 ** 400)));
    const tiny = fitPca(x.map((r) => r.map((v) => v * 2 ** -400)));
    expect(big.components).toEqual(m.components);
    expect(tiny.components).toEqual(m.components);
    expect(big.singularValues[0] / 2 ** 400).toBeCloseTo(m.singularValues[0], 8);
  });
});

describe("fitPca: bad input", () => {
  const x = [
    [1, 2, 3],
    [2, 1, 0],
    [5, 5, 4],
    [0, 1, 1],
  ];
  it("more components than min(n, d) is INVALID_OPTION naming the limit", () => {
    expectClienteleError(() => fitPca(x, { nComponents: 4 }), "INVALID_OPTION");
    expect(() => fitPca(x, { nComponents: 4 })).toThrow(/fitPca: nComponents must be an integer in \[1, 3\]/);
  });
  it("non-finite points are NON_FINITE; one point TOO_FEW_OBSERVATIONS; constant data DEGENERATE_INPUT", () => {
    expectClienteleError(
      () =>
        fitPca([
          [1, NaN],
          [2, 3],
        ]),
      "NON_FINITE",
    );
    expectClienteleError(() => fitPca([[1, 2]]), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(
      () =>
        fitPca([
          [1, 2],
          [1, 2],
        ]),
      "DEGENERATE_INPUT",
    );
    expectClienteleError(
      () =>
        fitPca(
          [
            [1, 2, 3],
            [2, 3, 4],
            [3, 4, 5],
          ],
          { whiten: true },
        ),
      "DEGENERATE_INPUT",
    ); // rank 1
    expectClienteleError(() => fitPca(x, { nComponent: 2 } as never), "INVALID_OPTION");
  });
  it("a model given points of another width is SHAPE_MISMATCH (transform and inverse)", () => {
    const m = fitPca(x, { nComponents: 2 });
    expectClienteleError(() => transformPca(m, [[1, 2]]), "SHAPE_MISMATCH");
    expect(() => transformPca(m, [[1, 2]])).toThrow(/transformPca: points have 2 columns but the model was fitted on 3/);
    expectClienteleError(() => inverseTransformPca(m, [[1, 2, 3]]), "SHAPE_MISMATCH");
    const loaded = pcaFromJSON(JSON.parse(JSON.stringify(m)));
    expectClienteleError(() => transformPca(loaded, [[1, 2, 3, 4]]), "SHAPE_MISMATCH");
  });
  it("tampered models are INVALID_MODEL", () => {
    const j = JSON.parse(JSON.stringify(fitPca(x, { nComponents: 2 })));
    expectClienteleError(() => pcaFromJSON({ ...j, components: [j.components[0]] }), "INVALID_MODEL");
    expectClienteleError(() => pcaFromJSON({ ...j, mean: [1, 2] }), "INVALID_MODEL");
    expectClienteleError(() => pcaFromJSON({ ...j, explainedVariance: [-1, 1] }), "INVALID_MODEL");
    expectClienteleError(() => pcaFromJSON({ ...j, components: [[2, 0, 0], j.components[1]] }), "INVALID_MODEL");
    expectClienteleError(() => pcaFromJSON(JSON.parse('{"__proto__": {"x": 1}, "kind": "pca", "version": 1}')), "INVALID_MODEL");
    expectClienteleError(() => pcaFromJSON({ ...j, kind: "kmeans" }), "WRONG_MODEL_KIND");
  });
  it("too many values or an exact solve above PCA_EXACT_MAX_DIM is TOO_LARGE with a suggestion", () => {
    const wide = { data: new Float64Array(3 * 1001).map((_, i) => (i * 7919) % 17), n: 3, d: 1001 };
    expect(fitPca(wide, { nComponents: 2 }).nComponents).toBe(2); // min(n, d) = 3: fine
    const square = { data: new Float64Array(1001 * 1001).map((_, i) => (i * 7919) % 17), n: 1001, d: 1001 };
    expectClienteleError(() => fitPca(square, { solver: "exact" }), "TOO_LARGE");
    expect(() => fitPca(square, { solver: "exact" })).toThrow(/solver: "randomized"/);
  });
});

describe("PCA in the segmentation pipeline: scaler -> PCA -> selectK / K-Means -> profileClusters", () => {
  it("clusters in PCA space and profiles in original units", () => {
    // three customer groups in 5 correlated features (spend, orders, recency, tenure, basket)
    const rng = createRng(11);
    const centers = [
      [500, 20, 5, 700, 25],
      [80, 3, 120, 300, 45],
      [200, 8, 40, 100, 70],
    ];
    const pts: number[][] = [];
    for (let i = 0; i < 300; i++) {
      const c = centers[i % 3];
      pts.push(c.map((v) => v * (1 + 0.04 * rng.normal())));
    }
    const scaler = fitScaler(pts);
    const scaled = transformPoints(scaler, pts);
    // three groups: two components keep over 95% of the variance
    const pca = fitPca(scaled, { nComponents: 2 });
    expect(pca.explainedVarianceRatio.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.95);
    const scores = transformPca(pca, scaled);
    expect(selectK(scores, { kRange: [2, 6], rng: createRng(1) }).recommendedK).toBe(3);
    const km = fitKMeans(scores, { k: 3, rng: createRng(1) });
    // profiles: the clustered labels with the scaled original features and the scaler
    const prof = profileClusters(scaled, km.labels, { scaler, featureNames: ["spend", "orders", "recency", "tenure", "basket"] });
    // every simulated group is one cluster (i % 3 is the group), so each profile centroid is
    // that group's mean in original units
    for (let g = 0; g < 3; g++) {
      const labels = new Set(pts.map((_, i) => km.labels[i]).filter((_, i) => i % 3 === g));
      expect(labels.size).toBe(1);
      const c = [...labels][0];
      const members = pts.filter((_, i) => i % 3 === g);
      const mean = members[0].map((_, j) => members.reduce((a, r) => a + r[j], 0) / members.length);
      const cent = prof.clusters.find((p) => p.label === c)?.centroid as number[];
      for (let j = 0; j < 5; j++) expect(Math.abs(cent[j] - mean[j]) / mean[j]).toBeLessThan(1e-9);
      for (let j = 0; j < 5; j++) expect(Math.abs(mean[j] - centers[g][j]) / centers[g][j]).toBeLessThan(0.05);
    }
    // centroids found in score space map back to the same original units
    const back = inverseTransformPca(pca, km.centroids);
    expect(back[0].length).toBe(5);
  });
});
