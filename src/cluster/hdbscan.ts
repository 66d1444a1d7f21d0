import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { toFlatMatrix, type PointsInput } from "../core/matrix.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import { signalOption } from "../core/options.js";
import { parseOptions } from "../core/validate.js";
import { jsonColumns } from "../core/json.js";
import { signalOf } from "./internal.js";
import { buildKdTree } from "./kdtree.js";
import { boruvkaKdTree, coreDistances, primDense, sortEdges, type MstEdges } from "./hdbscanMst.js";
import { referenceBoruvka } from "./hdbscanDualTree.js";
import { numpyArgsort } from "./hdbscanSort.js";
import {
  clusterBirths,
  condenseTree,
  gloshScores,
  labelPoints,
  maxLambdas,
  probabilities,
  selectClusters,
  singleLinkage,
  stabilities,
  type CondensedColumns,
} from "./hdbscanTree.js";
import { trusted, type HdbscanModel, type HdbscanSelection } from "./hdbscanModel.js";

// The public surface of HDBSCAN; one concept per file: hdbscan (fit), hdbscanModel (model types, rows, saved-model checks),
// hdbscanApproximatePredict (predictHdbscan), hdbscanMst / hdbscanDualTree / hdbscanSort (spanning trees),
// hdbscanTree (condensed tree, selection, scores), hdbscanPredict (prediction kernels).
export type { HdbscanCondensedTree, HdbscanModel, HdbscanRow, HdbscanSelection } from "./hdbscanModel.js";
export { hdbscanFromJSON, hdbscanRows } from "./hdbscanModel.js";
export { predictHdbscan, type HdbscanPrediction } from "./hdbscanApproximatePredict.js";

/**
 * Spanning-tree builder. `"boruvka-approx"`: the `hdbscan` library's default (dual-tree Borůvka
 * with `approx_min_span_tree=True` on scikit-learn's k-d tree layout, edges ordered by numpy's
 * quicksort), which reproduces that library's labels, probabilities and outlier scores exactly;
 * its tree is not always a minimum spanning tree (it can keep an edge heavier than the minimum)
 * and equal-weight edges are resolved in input order. `"prim"` and `"boruvka"`: exact minimum
 * spanning trees (Prim on the implicit dense graph, O(n²); Borůvka on a k-d tree), on the points
 * in coordinate order, so permuting the input permutes the result. `"auto"` (default):
 * `"boruvka-approx"` up to 20 features, above that `"prim"` up to {@link HDBSCAN_PRIM_MAX_N}
 * points and `"boruvka"` beyond (a k-d tree loses its pruning in many dimensions).
 */
export type HdbscanAlgorithm = "auto" | "prim" | "boruvka" | "boruvka-approx";

/** Options of `fitHdbscan`. */
export interface FitHdbscanOptions {
  /** Smallest group that counts as a cluster (default 5, an integer in [2, n]). */
  minClusterSize?: number;
  /**
   * Density smoothing: a point's core distance is the distance to its `minSamples`-th nearest
   * OTHER point (as the `hdbscan` library counts it: `minSamples + 1` with the point itself).
   * Default `minClusterSize` (capped at n - 1); an explicit value must be an integer in [1, n - 1].
   */
  minSamples?: number;
  /** `"eom"` (default, excess of mass) or `"leaf"`. */
  clusterSelectionMethod?: HdbscanSelection;
  /** Clusters born below this distance are merged up to one born above it (default 0 = off). */
  clusterSelectionEpsilon?: number;
  /** Lets excess of mass return the root as one cluster (default false). */
  allowSingleCluster?: boolean;
  /** Spanning-tree builder (default `"auto"`). `"prim"` is O(n²) time and refuses n > {@link HDBSCAN_PRIM_MAX_N}. */
  algorithm?: HdbscanAlgorithm;
}

/** Options of `fitHdbscanAsync`: those of `fitHdbscan`, plus `signal`. */
export interface FitHdbscanAsyncOptions extends FitHdbscanOptions {
  /** Stops the fit with `ABORTED` (checked about every 10 ms of work). */
  signal?: AbortSignal;
}

/**
 * Prim/Borůvka crossover of the exact builders (at n = 1,000 Borůvka is already faster, 8.5 vs
 * 11 ms). `"auto"` used Prim up to this many points until it switched to the reference
 * library's tree (`"boruvka-approx"`); it no longer reads this constant.
 *
 * @deprecated `"auto"` does not use it; pass `algorithm: "prim"` or `"boruvka"` to choose an exact builder.
 */
export const HDBSCAN_PRIM_MAX_AUTO = 500;
/** Largest n `algorithm: "prim"` accepts (O(n²) time: about 10 s at this size). */
export const HDBSCAN_PRIM_MAX_N = 50_000;

/** `"auto"` uses the reference library's tree (`"boruvka-approx"`) up to this many features. */
const AUTO_APPROX_MAX_DIM = 20;

const SELECTIONS = ["eom", "leaf"] as const;
const ALGORITHMS = ["auto", "prim", "boruvka", "boruvka-approx"] as const;

const baseShape = {
  minClusterSize: z.number().int().min(2).default(5),
  minSamples: z.number().int().min(1).optional(),
  clusterSelectionMethod: z.enum(SELECTIONS).default("eom"),
  clusterSelectionEpsilon: z.number().nonnegative().default(0),
  allowSingleCluster: z.boolean().default(false),
  algorithm: z.enum(ALGORITHMS).default("auto"),
};
const fitSchema = z.object(baseShape);
const fitAsyncSchema = z.object({ ...baseShape, signal: signalOption().optional() });
type FitOpts = z.output<typeof fitSchema>;

/**
 * HDBSCAN: hierarchical density-based clustering (Campello, Moulavi & Sander 2013), with the
 * definitions of the `hdbscan` Python library 0.8.x: core distances with `minSamples`, the
 * spanning tree of the mutual-reachability graph (by default the library's own dual-tree
 * Borůvka tree, see below; O(n) memory), the single-linkage hierarchy condensed with
 * `minClusterSize`, excess-of-mass or leaf selection, `clusterSelectionEpsilon`,
 * `allowSingleCluster`. Finds clusters of any shape and of different densities and marks
 * the rest as noise (-1); no `eps` to tune. Euclidean distance.
 *
 * The default (`algorithm: "auto"`, which is `"boruvka-approx"` up to 20 features: the library's
 * own default spanning tree, transcribed) reproduces the reference library: on the reference
 * data (`hdbscan` 0.8.37, n = 300 / 1,000 / 3,000) labels are equal up to renumbering and
 * probabilities and outlier scores agree to 1e-9. That tree is not always minimal (at n = 300
 * it weighs 331.42 against the minimum spanning tree's 327.77, 11 of its 299 sorted edge weights
 * differ), so the exact builders (`"prim"`, `"boruvka"`, true minimum spanning trees) cannot
 * match it: they give the same cluster counts with 1–2 points labelled differently and
 * different outlier scores where those edges sit. Like the library, the default resolves tied
 * edges in input order; the exact builders are invariant to the input order. 100,000 2-D points
 * take about 1–2 s of CPU. Use `fitHdbscanAsync` to stop a long fit with an `AbortSignal`.
 *
 * @param points - `number[][]` or a flat row-major `{ data, n, d }`
 * @param options - `minClusterSize` (default 5), `minSamples` (default minClusterSize), `clusterSelectionMethod`, `clusterSelectionEpsilon`, `allowSingleCluster`, `algorithm`
 * @returns the fitted model: `labels`, `probabilities`, `outlierScores`, `condensedTree`, per-cluster stability and persistence; pass it to `predictHdbscan`
 * @throws ClienteleError `INVALID_OPTION` (minClusterSize < 2 or > n, minSamples outside [1, n - 1], unknown option), `EMPTY_INPUT`, `NON_FINITE`, `SHAPE_MISMATCH`, `TOO_LARGE` (`algorithm: "prim"` with n > HDBSCAN_PRIM_MAX_N)
 * @see Campello, Moulavi & Sander (2013), "Density-based clustering based on hierarchical density estimates", PAKDD; McInnes, Healy & Astels (2017), "hdbscan: Hierarchical density based clustering", JOSS 2(11)
 * @example
 * import { fitHdbscan } from "clientele/cluster";
 * const pts = [[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11], [50, 50]];
 * const m = fitHdbscan(pts, { minClusterSize: 3, minSamples: 2 });
 * Array.from(m.labels); // => [0, 0, 0, 0, 1, 1, 1, 1, -1]
 */
export function fitHdbscan(points: PointsInput, options: FitHdbscanOptions = {}): HdbscanModel {
  return runSync(fitSteps(points, options, "fitHdbscan"));
}

/**
 * `fitHdbscan` that yields to the event loop about every 10 ms, so `signal` (for example
 * `AbortSignal.timeout(2000)`) stops it in wall-clock time with `ABORTED`. Same result as
 * `fitHdbscan`.
 *
 * @param points - `number[][]` or a flat row-major `{ data, n, d }`
 * @param options - as `fitHdbscan`, plus `signal`
 * @throws ClienteleError as `fitHdbscan`, and `ABORTED` when `signal` fires
 * @example
 * import { fitHdbscanAsync } from "clientele/cluster";
 * const m = await fitHdbscanAsync([[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11]], { minClusterSize: 3, minSamples: 2, signal: AbortSignal.timeout(5000) });
 * m.nClusters; // => 2
 */
export async function fitHdbscanAsync(points: PointsInput, options: FitHdbscanAsyncOptions = {}): Promise<HdbscanModel> {
  const fn = "fitHdbscanAsync";
  const steps = fitSteps(points, options, fn);
  try {
    return await runAsync(steps, fn, signalOf(options));
  } finally {
    steps.return(undefined as never);
  }
}

function* fitSteps(points: PointsInput, options: FitHdbscanAsyncOptions, fn: string): Steps<HdbscanModel> {
  const opts = parseOptions((fn === "fitHdbscan" ? fitSchema : fitAsyncSchema) as typeof fitAsyncSchema, options, fn) as FitOpts;
  const { data, n, d } = toFlatMatrix(points, fn);
  const mcs = opts.minClusterSize;
  if (mcs > n) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "minClusterSize"],
      received: mcs,
      message: `${fn}: minClusterSize must be an integer in [2, ${n}] (the number of points). Got ${mcs}. Lower it or pass more points.`,
    });
  }
  let minSamples: number;
  if (opts.minSamples === undefined) minSamples = Math.max(1, Math.min(mcs, n - 1));
  else {
    minSamples = opts.minSamples;
    if (minSamples > n - 1) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "minSamples"],
        received: minSamples,
        message: `${fn}: minSamples must be an integer in [1, ${n - 1}] (the number of points minus one: a point's core distance is to its minSamples-th nearest other point). Got ${minSamples}.`,
      });
    }
  }
  // "auto": the reference library's tree where a k-d tree prunes well (up to 20 features);
  // above, an exact builder (Prim up to HDBSCAN_PRIM_MAX_N points)
  const algorithm: "prim" | "boruvka" | "boruvka-approx" =
    opts.algorithm !== "auto" ? opts.algorithm : d <= AUTO_APPROX_MAX_DIM ? "boruvka-approx" : n <= HDBSCAN_PRIM_MAX_N ? "prim" : "boruvka";
  if (algorithm === "prim" && n > HDBSCAN_PRIM_MAX_N) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "algorithm"],
      received: n,
      message: `${fn}: algorithm "prim" is O(n²) and n = ${n} exceeds ${HDBSCAN_PRIM_MAX_N}. Use algorithm "boruvka" (or "auto"), which is O(n log n) in low dimensions, or sample the points.`,
    });
  }
  // Work on the points in lexicographic order of their coordinates: ties between equal
  // mutual-reachability edges (common: every edge of a sparse point within its core distance
  // weighs that core distance) are then broken the same way whatever the input order, so
  // permuting the input permutes the output exactly. "boruvka-approx" keeps the input order,
  // as the reference library does (its ties follow the input order).
  const approx = algorithm === "boruvka-approx";
  const ord = approx ? Int32Array.from({ length: n }, (_, i) => i) : canonicalOrder(data, n, d);
  yield;
  const cdata = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) cdata[i * d + t] = data[ord[i] * d + t];
  const tree = buildKdTree(cdata, n, d);
  yield;
  const { perm } = tree;
  let sorted: MstEdges;
  if (approx) {
    const { edges: e } = yield* referenceBoruvka(cdata, n, d, minSamples);
    const order = numpyArgsort(e.w);
    sorted = { a: new Int32Array(n - 1), b: new Int32Array(n - 1), w: new Float64Array(n - 1) };
    for (let i = 0; i < n - 1; i++) {
      sorted.a[i] = e.a[order[i]];
      sorted.b[i] = e.b[order[i]];
      sorted.w[i] = e.w[order[i]];
    }
  } else {
    const coreTree = yield* coreDistances(tree, minSamples + 1);
    let edges: MstEdges;
    if (algorithm === "prim") {
      const core = new Float64Array(n);
      for (let p = 0; p < n; p++) core[perm[p]] = coreTree[p];
      edges = yield* primDense(cdata, n, d, core);
    } else {
      const e = yield* boruvkaKdTree(tree, coreTree);
      for (let i = 0; i < n - 1; i++) {
        e.a[i] = perm[e.a[i]];
        e.b[i] = perm[e.b[i]];
      }
      edges = e;
    }
    sorted = sortEdges(edges);
  }
  yield;
  const h = singleLinkage(sorted.a, sorted.b, sorted.w, n);
  yield;
  const ct = condenseTree(h, n, mcs);
  yield;
  const predictCore = yield* coreDistances(tree, minSamples);
  const predictCoreDistances = new Float64Array(n);
  for (let p = 0; p < n; p++) predictCoreDistances[ord[perm[p]]] = predictCore[p];
  for (let i = 0; i < ct.child.length; i++) if (ct.child[i] < n) ct.child[i] = ord[ct.child[i]];
  return finish(ct, n, d, data, predictCoreDistances, {
    minClusterSize: mcs,
    minSamples,
    clusterSelectionMethod: opts.clusterSelectionMethod,
    clusterSelectionEpsilon: opts.clusterSelectionEpsilon,
    allowSingleCluster: opts.allowSingleCluster,
    algorithm,
  });
}

/** Indices sorted by coordinates (lexicographic; equal points by index). */
function canonicalOrder(data: Float64Array, n: number, d: number): Int32Array {
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => {
    for (let t = 0; t < d; t++) {
      const g = data[a * d + t] - data[b * d + t];
      if (g !== 0) return g;
    }
    return a - b;
  });
  return Int32Array.from(idx);
}

interface Settings {
  minClusterSize: number;
  minSamples: number;
  clusterSelectionMethod: HdbscanSelection;
  clusterSelectionEpsilon: number;
  allowSingleCluster: boolean;
  algorithm: "prim" | "boruvka" | "boruvka-approx";
}

function finish(ct: CondensedColumns, n: number, d: number, data: Float64Array, predictCoreDistances: Float64Array, s: Settings): HdbscanModel {
  const { birth, up } = clusterBirths(ct, n);
  const stab = stabilities(ct, n, birth);
  const selected = selectClusters(ct, n, stab, birth, up, s.clusterSelectionMethod, s.allowSingleCluster, s.clusterSelectionEpsilon);
  const labels = labelPoints(ct, n, selected, up, s.allowSingleCluster, s.clusterSelectionEpsilon);
  const deaths = maxLambdas(ct, n);
  const probs = probabilities(ct, n, labels, selected, deaths);
  const outlierScores = gloshScores(ct, n);
  let maxLambda = 0;
  for (let i = 0; i < ct.lambda.length; i++) if (ct.lambda[i] > maxLambda) maxLambda = ct.lambda[i];
  const counts = new Array<number>(selected.length).fill(0);
  for (let i = 0; i < n; i++) if (labels[i] >= 0) counts[labels[i]]++;
  const clusterStability = selected.map((c) => finite(stab[c - n]));
  const clusterPersistence = selected.map((c, i) =>
    !Number.isFinite(maxLambda) || maxLambda === 0 || counts[i] === 0 || !Number.isFinite(stab[c - n]) ? 1 : stab[c - n] / (counts[i] * maxLambda),
  );
  const lambda = ct.lambda.map(finite);
  const model = jsonColumns<HdbscanModel>({
    kind: "hdbscan",
    version: 1,
    n,
    d,
    ...s,
    nClusters: selected.length,
    labels,
    probabilities: probs,
    outlierScores,
    selectedClusters: selected,
    clusterStability,
    clusterPersistence,
    condensedTree: jsonColumns({ parent: ct.parent, child: ct.child, lambda, size: ct.size }),
    points: data,
    predictCoreDistances,
  });
  trusted.add(model);
  return model;
}

function finite(v: number): number {
  return Number.isFinite(v) ? v : Number.MAX_VALUE;
}
