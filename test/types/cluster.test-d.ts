// Type tests of clientele/cluster (compile-only: npm run test:typetests).
import { expectTypeOf, test } from "vitest";
import {
  dbscan,
  type DbscanResult,
  type FitKMeansOptions,
  fitHierarchical,
  fitKMeans,
  fitKMeansAsync,
  fitPca,
  fitScaler,
  type FlatMatrix,
  type HierarchicalModel,
  kmeansFromJSON,
  type KMeansModel,
  type PcaModel,
  type PointsInput,
  predictKMeans,
  type Scaler,
  selectK,
  type SelectKResult,
  silhouetteScore,
  transformPca,
  transformPoints,
} from "clientele/cluster";

const rows = [
  [0, 0],
  [1, 1],
];
const flat: FlatMatrix = { data: new Float64Array(4), n: 2, d: 2 };

test("points are number[][] or a flat row-major matrix", () => {
  expectTypeOf(rows).toMatchTypeOf<PointsInput>();
  expectTypeOf(flat).toMatchTypeOf<PointsInput>();
  expectTypeOf(fitKMeans).parameter(0).toEqualTypeOf<PointsInput>();
});

test("k-means: required k, a kind-tagged model, labels as number[]", () => {
  const m = fitKMeans(rows, { k: 2, nInit: 1 });
  expectTypeOf(m).toEqualTypeOf<KMeansModel>();
  expectTypeOf(m.kind).toEqualTypeOf<"kmeans">();
  expectTypeOf(m.centroids).toEqualTypeOf<number[][]>();
  expectTypeOf(predictKMeans(m, flat)).toEqualTypeOf<number[]>();
  expectTypeOf(fitKMeansAsync(rows, { k: 2 })).toEqualTypeOf<Promise<KMeansModel>>();
  expectTypeOf(kmeansFromJSON(JSON.parse("{}"))).toEqualTypeOf<KMeansModel>();
  expectTypeOf<FitKMeansOptions["signal"]>().toEqualTypeOf<AbortSignal | undefined>();
  // @ts-expect-error k is required
  fitKMeans(rows, {});
  // @ts-expect-error an unknown option
  fitKMeans(rows, { k: 2, clusters: 2 });
});

test("transforms keep the input's shape", () => {
  const scaler = fitScaler(rows);
  expectTypeOf(scaler).toEqualTypeOf<Scaler>();
  expectTypeOf(scaler.kind).toEqualTypeOf<"scaler">();
  expectTypeOf(transformPoints(scaler, rows)).toEqualTypeOf<number[][]>();
  expectTypeOf(transformPoints(scaler, flat)).toMatchTypeOf<FlatMatrix>();
  const pca = fitPca(rows, { nComponents: 1 });
  expectTypeOf(pca).toEqualTypeOf<PcaModel>();
  expectTypeOf(pca.kind).toEqualTypeOf<"pca">();
  expectTypeOf(transformPca(pca, rows)).toEqualTypeOf<number[][]>();
});

test("other algorithms and metrics", () => {
  expectTypeOf(dbscan(rows, { eps: 1 })).toEqualTypeOf<DbscanResult>();
  // @ts-expect-error eps is required
  dbscan(rows, { minPts: 3 });
  const h = fitHierarchical(rows, { linkage: "ward" });
  expectTypeOf(h).toEqualTypeOf<HierarchicalModel>();
  expectTypeOf(h.kind).toEqualTypeOf<"hierarchical">();
  // @ts-expect-error linkage is one of the named methods
  fitHierarchical(rows, { linkage: "median" });
  expectTypeOf(selectK(rows)).toEqualTypeOf<SelectKResult>();
  expectTypeOf(silhouetteScore(rows, [0, 1])).toBeNumber();
});
