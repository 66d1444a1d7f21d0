import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { toFlatMatrix, type PointsInput } from "../core/matrix.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import { signalOption } from "../core/options.js";
import { checkModelHeader, parseOptions } from "../core/validate.js";
import { jsonColumns } from "../core/json.js";
import { signalOf } from "./internal.js";
import { buildKdTree, stackSize, type KdTree } from "./kdtree.js";
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
import { kNearest, predictOne, type PredictTables } from "./hdbscanPredict.js";

/** How flat clusters are chosen from the condensed tree: excess of mass (`"eom"`) or its leaves (`"leaf"`). */
export type HdbscanSelection = "eom" | "leaf";

/**
 * Minimum-spanning-tree builder: `"auto"` (Prim below {@link HDBSCAN_PRIM_MAX_AUTO} points, else Borůvka),
 * `"prim"`, `"boruvka"` (both exact minimum spanning trees), or `"boruvka-approx"`: the `hdbscan`
 * library's default (dual-tree Borůvka with `approx_min_span_tree=True` on scikit-learn's k-d tree
 * layout, edges ordered by numpy's quicksort), which reproduces that library's labels,
 * probabilities and outlier scores exactly; its tree may keep an edge heavier than the minimum.
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

/** The condensed cluster tree, as columns (one row per parent → child edge), for plots. */
export interface HdbscanCondensedTree {
  /** Parent cluster id (the root is n; clusters are n, n+1, …). */
  parent: Int32Array;
  /** Child: a point index (< n) or a cluster id (>= n). */
  child: Int32Array;
  /** 1 / distance at which the child leaves the parent (points merged at distance 0 get `Number.MAX_VALUE`). */
  lambda: Float64Array;
  /** Points in the child (1 for a point). */
  size: Int32Array;
}

/** A fitted HDBSCAN clustering; also the saved model `predictHdbscan` takes. Serializes with `JSON.stringify`. */
export interface HdbscanModel {
  kind: "hdbscan";
  version: 1;
  /** Number of training points and features. */
  n: number;
  d: number;
  minClusterSize: number;
  /** The minSamples used (after the default and cap). */
  minSamples: number;
  clusterSelectionMethod: HdbscanSelection;
  clusterSelectionEpsilon: number;
  allowSingleCluster: boolean;
  /** Builder that was used. */
  algorithm: "prim" | "boruvka" | "boruvka-approx";
  nClusters: number;
  /** Per point: cluster 0..nClusters-1, or -1 for noise. */
  labels: Int32Array;
  /** Per point: membership strength in [0, 1] (0 for noise). */
  probabilities: Float64Array;
  /** Per point: GLOSH outlier score in [0, 1] (larger = more outlying). */
  outlierScores: Float64Array;
  /** Per label: condensed-tree id of the selected cluster. */
  selectedClusters: number[];
  /** Per label: the cluster's stability (excess of mass). */
  clusterStability: number[];
  /** Per label: persistence as the `hdbscan` library's `cluster_persistence_`, in [0, 1]. */
  clusterPersistence: number[];
  condensedTree: HdbscanCondensedTree;
  /** Training points, row-major n × d (approximate prediction searches them). */
  points: Float64Array;
  /** Per point: distance to its minSamples-th nearest training point, itself counted (what approximate prediction uses). */
  predictCoreDistances: Float64Array;
}

/** Result of `predictHdbscan`. */
export interface HdbscanPrediction {
  /** Per new point: a training cluster label, or -1 (noise). */
  labels: Int32Array;
  /** Per new point: membership strength in [0, 1]. */
  probabilities: Float64Array;
}

/** One row of `hdbscanRows`. */
export interface HdbscanRow {
  index: number;
  label: number;
  probability: number;
  outlierScore: number;
}

/** `"auto"` uses Prim's dense O(n²) builder up to this many points (measured crossover: at n = 1,000 Borůvka is already faster, 8.5 vs 11 ms). */
export const HDBSCAN_PRIM_MAX_AUTO = 500;
/** Largest n `algorithm: "prim"` accepts (O(n²) time: about 10 s at this size). */
export const HDBSCAN_PRIM_MAX_N = 50_000;

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
 * minimum spanning tree of the mutual-reachability graph (Prim on the implicit dense graph
 * up to {@link HDBSCAN_PRIM_MAX_AUTO} points, else Borůvka on a k-d tree with
 * component-aware pruning: O(n) memory), the single-linkage hierarchy condensed with
 * `minClusterSize`, excess-of-mass or leaf selection, `clusterSelectionEpsilon`,
 * `allowSingleCluster`. Finds clusters of any shape and of different densities and marks
 * the rest as noise (-1); no `eps` to tune. Euclidean distance.
 *
 * With `algorithm: "boruvka-approx"` (the library's own default spanning tree, transcribed) the
 * reference data (`hdbscan` 0.8.37, n = 300 / 1,000 / 3,000) give equal labels up to renumbering
 * and probabilities and outlier scores to 1e-9; the default exact trees agree on the cluster
 * count with at most 2 points labelled differently. 100,000 2-D points take about a second. Use `fitHdbscanAsync` to stop a long fit with an `AbortSignal`.
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
  const opts = parseOptions(fn === "fitHdbscan" ? fitSchema : fitAsyncSchema, options, fn) as FitOpts;
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
  let algorithm: "prim" | "boruvka" | "boruvka-approx" = opts.algorithm === "auto" ? (n <= HDBSCAN_PRIM_MAX_AUTO ? "prim" : "boruvka") : opts.algorithm;
  if (algorithm === "prim" && n > HDBSCAN_PRIM_MAX_N) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "algorithm"],
      received: n,
      message: `${fn}: algorithm "prim" is O(n²) and n = ${n} exceeds ${HDBSCAN_PRIM_MAX_N}. Use algorithm "boruvka" (or "auto"), which is O(n log n) in low dimensions, or sample the points.`,
    });
  }
  if (d > 20 && opts.algorithm === "auto" && n <= HDBSCAN_PRIM_MAX_N) algorithm = "prim"; // k-d trees lose their pruning in many dimensions
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

/** Prediction tables and the k-d tree over the training points, built once per model object. */
const cache = new WeakMap<object, { t: PredictTables; tree: KdTree }>();
/** Models made by fitHdbscan or checked by hdbscanFromJSON (not re-validated on every call). */
const trusted = new WeakSet<object>();

function tablesOf(model: HdbscanModel): { t: PredictTables; tree: KdTree } {
  const hit = cache.get(model);
  if (hit) return hit;
  const { n } = model;
  const ct = model.condensedTree;
  const nClustersTree = 1 + ct.child.reduce((m, c) => Math.max(m, c - n), 0);
  const up = new Int32Array(Math.max(1, nClustersTree)).fill(-1);
  const birth = new Float64Array(up.length);
  const pointParent = new Int32Array(n).fill(n);
  const pointLambda = new Float64Array(n);
  for (let i = 0; i < ct.child.length; i++) {
    const c = ct.child[i];
    if (c >= n) {
      up[c - n] = ct.parent[i];
      birth[c - n] = ct.lambda[i];
    } else {
      pointParent[c] = ct.parent[i];
      pointLambda[c] = ct.lambda[i];
    }
  }
  const direct = new Float64Array(up.length);
  for (let i = 0; i < ct.parent.length; i++) if (ct.lambda[i] > direct[ct.parent[i] - n]) direct[ct.parent[i] - n] = ct.lambda[i];
  const clusterLabel = new Int32Array(up.length).fill(-1);
  const clusterMaxLambda = new Float64Array(up.length);
  const owner = new Int32Array(up.length).fill(-1);
  const selIndex = new Map<number, number>();
  model.selectedClusters.forEach((c, i) => selIndex.set(c, i));
  for (let c = 0; c < up.length; c++) {
    if (selIndex.has(c + n)) owner[c] = c;
    else if (c > 0 && up[c] >= n) owner[c] = owner[up[c] - n];
    if (owner[c] >= 0) {
      clusterLabel[c] = selIndex.get(owner[c] + n)!;
      clusterMaxLambda[c] = direct[owner[c]];
    }
  }
  const tree = buildKdTree(model.points instanceof Float64Array ? model.points : Float64Array.from(model.points), n, model.d);
  const out = { t: { n, pointParent, pointLambda, up, birth, clusterLabel, clusterMaxLambda, predictCore: model.predictCoreDistances }, tree };
  cache.set(model, out);
  return out;
}

/**
 * Assigns new points to the clusters of a fitted HDBSCAN model without refitting, as the
 * `hdbscan` library's `approximate_predict`: each new point joins the condensed tree where its
 * nearest mutual-reachability neighbour among the training points sits, at the lambda of
 * that distance; its probability is that lambda over the cluster's largest lambda. Labels are
 * those of the training clustering (-1 for noise).
 *
 * @param model - from `fitHdbscan` (or `hdbscanFromJSON`)
 * @param points - new points with the model's number of features
 * @param options - none yet (unknown keys are rejected)
 * @throws ClienteleError `INVALID_MODEL` / `WRONG_MODEL_KIND` / `UNSUPPORTED_MODEL_VERSION`, `SHAPE_MISMATCH` (points with another number of features than the model), `EMPTY_INPUT`, `NON_FINITE`, `INVALID_OPTION`
 * @example
 * import { fitHdbscan, predictHdbscan } from "clientele/cluster";
 * const m = fitHdbscan([[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11]], { minClusterSize: 3, minSamples: 2 });
 * Array.from(predictHdbscan(m, [[0.5, 0.5], [10.5, 10.5], [40, 40]]).labels); // => [0, 1, -1]
 */
export function predictHdbscan(model: HdbscanModel, points: PointsInput, options: Record<string, never> = {}): HdbscanPrediction {
  const fn = "predictHdbscan";
  parseOptions(z.object({}), options, fn);
  const m = model && typeof model === "object" && trusted.has(model) ? model : loadModel(model, fn);
  const x = toFlatMatrix(points, fn);
  if (x.d !== m.d) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["points"],
      received: x.d,
      message: `${fn}: the model was fitted on ${m.d} features but points have ${x.d}. Pass points with the same features (and scaling) as the training data.`,
    });
  }
  const { t, tree } = tablesOf(m);
  const labels = new Int32Array(x.n).fill(-1);
  const probs = new Float64Array(x.n);
  if (m.selectedClusters.length === 0) return jsonColumns({ labels, probabilities: probs });
  const k = Math.min(2 * m.minSamples, m.n);
  const idx = new Int32Array(k);
  const dist = new Float64Array(k);
  const stack = new Int32Array(stackSize(tree));
  const stackDist = new Float64Array(stack.length);
  for (let i = 0; i < x.n; i++) {
    kNearest(tree, x.data, i * x.d, k, idx, dist, stack, stackDist);
    for (let j = 0; j < k; j++) idx[j] = tree.perm[idx[j]];
    const [l, p] = predictOne(t, idx, dist, k, m.minSamples);
    labels[i] = l;
    probs[i] = p;
  }
  return jsonColumns({ labels, probabilities: probs });
}

/**
 * One row per training point: `{ index, label, probability, outlierScore }` (the row view of
 * a fitted model's columns).
 *
 * @param model - from `fitHdbscan`
 * @throws ClienteleError as `hdbscanFromJSON` for a malformed model
 * @example
 * import { fitHdbscan, hdbscanRows } from "clientele/cluster";
 * const m = fitHdbscan([[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11]], { minClusterSize: 3, minSamples: 2 });
 * hdbscanRows(m)[0].label; // => 0
 */
export function hdbscanRows(model: HdbscanModel): HdbscanRow[] {
  const m = model && typeof model === "object" && trusted.has(model) ? model : loadModel(model, "hdbscanRows");
  const out: HdbscanRow[] = new Array(m.n);
  for (let i = 0; i < m.n; i++) out[i] = { index: i, label: m.labels[i], probability: m.probabilities[i], outlierScore: m.outlierScores[i] };
  return out;
}

function bad(fn: string, path: (string | number)[], message: string, received?: unknown): never {
  throw new ClienteleError({ code: "INVALID_MODEL", path: ["model", ...path], received, message: `${fn}: saved "hdbscan" model: ${message}. Refit with fitHdbscan.` });
}

function numArray(v: unknown, len: number, fn: string, path: string, check: (x: number) => boolean, what: string): number[] | ArrayLike<number> {
  if (!(Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)))) bad(fn, [path], `${path} must be an array of numbers, got ${describeValue(v)}`, v);
  const a = v as ArrayLike<unknown>;
  if (a.length !== len) bad(fn, [path], `${path} has ${a.length} values, expected ${len}`, a.length);
  for (let i = 0; i < len; i++) {
    const x = a[i];
    if (typeof x !== "number" || !Number.isFinite(x) || !check(x)) bad(fn, [path, i], `${path}[${i}] is ${describeValue(x)}; expected ${what}`, x);
  }
  return a as ArrayLike<number>;
}

/**
 * Checks a saved HDBSCAN model (for example `JSON.parse` of a stored `fitHdbscan` result) and
 * returns it with typed-array columns, ready for `predictHdbscan`. Rejects tampered models:
 * wrong kind or version, inconsistent shapes, labels or probabilities out of range,
 * non-finite values, a condensed tree that does not point at the model's points.
 *
 * @param json - the parsed object
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitHdbscan, hdbscanFromJSON } from "clientele/cluster";
 * const m = fitHdbscan([[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11]], { minClusterSize: 3, minSamples: 2 });
 * hdbscanFromJSON(JSON.parse(JSON.stringify(m))).nClusters; // => 2
 */
export function hdbscanFromJSON(json: unknown): HdbscanModel {
  return loadModel(json, "hdbscanFromJSON");
}

function loadModel(json: unknown, fn: string): HdbscanModel {
  checkModelHeader(json, "hdbscan", 1, fn);
  const o = json as Record<string, unknown>;
  const known = new Set([
    "kind", "version", "n", "d", "minClusterSize", "minSamples", "clusterSelectionMethod", "clusterSelectionEpsilon", "allowSingleCluster",
    "algorithm", "nClusters", "labels", "probabilities", "outlierScores", "selectedClusters", "clusterStability", "clusterPersistence",
    "condensedTree", "points", "predictCoreDistances",
  ]);
  for (const key of Object.keys(o)) if (!known.has(key)) bad(fn, [key], `unknown field "${key}"`);
  const int = (k: string, lo: number, hi: number): number => {
    const v = o[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) bad(fn, [k], `${k} must be an integer in [${lo}, ${hi}], got ${describeValue(v)}`, v);
    return v as number;
  };
  const n = int("n", 2, 2 ** 31 - 1);
  const d = int("d", 1, 1e6);
  const minClusterSize = int("minClusterSize", 2, n);
  const minSamples = int("minSamples", 1, n - 1);
  const nClusters = int("nClusters", 0, n);
  const method = o.clusterSelectionMethod;
  if (method !== "eom" && method !== "leaf") bad(fn, ["clusterSelectionMethod"], `clusterSelectionMethod must be "eom" or "leaf", got ${describeValue(method)}`, method);
  const eps = o.clusterSelectionEpsilon;
  if (typeof eps !== "number" || !Number.isFinite(eps) || eps < 0) bad(fn, ["clusterSelectionEpsilon"], `clusterSelectionEpsilon must be a finite number >= 0`, eps);
  if (typeof o.allowSingleCluster !== "boolean") bad(fn, ["allowSingleCluster"], `allowSingleCluster must be a boolean`, o.allowSingleCluster);
  if (o.algorithm !== "prim" && o.algorithm !== "boruvka" && o.algorithm !== "boruvka-approx") bad(fn, ["algorithm"], `algorithm must be "prim", "boruvka" or "boruvka-approx"`, o.algorithm);
  const labels = Int32Array.from(numArray(o.labels, n, fn, "labels", (x) => Number.isInteger(x) && x >= -1 && x < nClusters, `an integer in [-1, ${nClusters - 1}]`));
  const probs = Float64Array.from(numArray(o.probabilities, n, fn, "probabilities", (x) => x >= 0 && x <= 1, "a number in [0, 1]"));
  const scores = Float64Array.from(numArray(o.outlierScores, n, fn, "outlierScores", (x) => x >= 0 && x <= 1, "a number in [0, 1]"));
  const points = Float64Array.from(numArray(o.points, n * d, fn, "points", () => true, "a finite number"));
  const pcd = Float64Array.from(numArray(o.predictCoreDistances, n, fn, "predictCoreDistances", (x) => x >= 0, "a finite number >= 0"));
  const ctRaw = o.condensedTree as Record<string, unknown> | null;
  if (!ctRaw || typeof ctRaw !== "object") bad(fn, ["condensedTree"], "condensedTree must be an object { parent, child, lambda, size }", ctRaw);
  for (const key of Object.keys(ctRaw)) if (!["parent", "child", "lambda", "size"].includes(key)) bad(fn, ["condensedTree", key], `unknown field "${key}"`);
  const rows = (ctRaw.child as ArrayLike<unknown> | undefined)?.length;
  if (typeof rows !== "number" || rows < n || rows > 2 * n) bad(fn, ["condensedTree", "child"], `condensedTree.child must hold between n and 2n rows`, rows);
  const maxId = 2 * n;
  const parent = Int32Array.from(numArray(ctRaw.parent, rows, fn, "condensedTree.parent", (x) => Number.isInteger(x) && x >= n && x < maxId, "a cluster id >= n"));
  const child = Int32Array.from(numArray(ctRaw.child, rows, fn, "condensedTree.child", (x) => Number.isInteger(x) && x >= 0 && x < maxId, "a point index or cluster id"));
  const lambda = Float64Array.from(numArray(ctRaw.lambda, rows, fn, "condensedTree.lambda", (x) => x >= 0, "a number >= 0"));
  const size = Int32Array.from(numArray(ctRaw.size, rows, fn, "condensedTree.size", (x) => Number.isInteger(x) && x >= 1 && x <= n, "an integer in [1, n]"));
  // every point appears exactly once as a child; every cluster's parent has a smaller id
  const seen = new Uint8Array(n);
  for (let i = 0; i < rows; i++) {
    const c = child[i];
    if (c < n) {
      if (seen[c]) bad(fn, ["condensedTree", "child", i], `point ${c} appears twice`);
      seen[c] = 1;
    } else if (parent[i] >= c) bad(fn, ["condensedTree", "parent", i], `cluster ${c} has parent ${parent[i]}, which is not an ancestor id`);
  }
  if (seen.indexOf(0) >= 0) bad(fn, ["condensedTree", "child"], `point ${seen.indexOf(0)} is missing from the condensed tree`);
  const sel = o.selectedClusters;
  if (!Array.isArray(sel) || sel.length !== nClusters) bad(fn, ["selectedClusters"], `selectedClusters must list ${nClusters} cluster ids`, sel);
  const clusterIds = new Set<number>([n]);
  for (let i = 0; i < rows; i++) if (child[i] >= n) clusterIds.add(child[i]);
  (sel as unknown[]).forEach((c, i) => {
    if (typeof c !== "number" || !clusterIds.has(c)) bad(fn, ["selectedClusters", i], `selectedClusters[${i}] is not a cluster of the condensed tree`, c);
  });
  const stab = Array.from(numArray(o.clusterStability, nClusters, fn, "clusterStability", (x) => x >= 0, "a number >= 0"));
  const pers = Array.from(numArray(o.clusterPersistence, nClusters, fn, "clusterPersistence", (x) => x >= 0 && x <= 1 + 1e-12, "a number in [0, 1]"));
  const model = jsonColumns<HdbscanModel>({
    kind: "hdbscan",
    version: 1,
    n,
    d,
    minClusterSize,
    minSamples,
    clusterSelectionMethod: method as HdbscanSelection,
    clusterSelectionEpsilon: eps as number,
    allowSingleCluster: o.allowSingleCluster as boolean,
    algorithm: o.algorithm as "prim" | "boruvka" | "boruvka-approx",
    nClusters,
    labels,
    probabilities: probs,
    outlierScores: scores,
    selectedClusters: (sel as number[]).slice(),
    clusterStability: stab,
    clusterPersistence: pers,
    condensedTree: jsonColumns({ parent, child, lambda, size }),
    points,
    predictCoreDistances: pcd,
  });
  trusted.add(model);
  return model;
}
