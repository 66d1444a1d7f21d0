/**
 * The fitted HDBSCAN model: its types, the row view (`hdbscanRows`) and the checks of a saved model (`hdbscanFromJSON`).
 */
import { ClienteleError, describeValue } from "../core/errors.js";
import { checkModelHeader } from "../core/validate.js";
import { jsonColumns } from "../core/json.js";

/** How flat clusters are chosen from the condensed tree: excess of mass (`"eom"`) or its leaves (`"leaf"`). */
export type HdbscanSelection = "eom" | "leaf";

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

/** One row of `hdbscanRows`. */
export interface HdbscanRow {
  index: number;
  label: number;
  probability: number;
  outlierScore: number;
}

/** Models made by fitHdbscan or checked by hdbscanFromJSON (not re-validated on every call). */
export const trusted = new WeakSet<object>();

/** The model itself when fitHdbscan made it or hdbscanFromJSON checked it, else the checked copy (throws on a malformed one). */
export function checkedModel(model: HdbscanModel, fn: string): HdbscanModel {
  return model && typeof model === "object" && trusted.has(model) ? model : loadModel(model, fn);
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
  const m = checkedModel(model, "hdbscanRows");
  const out: HdbscanRow[] = new Array(m.n);
  for (let i = 0; i < m.n; i++) out[i] = { index: i, label: m.labels[i], probability: m.probabilities[i], outlierScore: m.outlierScores[i] };
  return out;
}

function bad(fn: string, path: (string | number)[], message: string, received?: unknown): never {
  throw new ClienteleError({
    code: "INVALID_MODEL",
    path: ["model", ...path],
    received,
    message: `${fn}: saved "hdbscan" model: ${message}. Refit with fitHdbscan.`,
  });
}

function numArray(v: unknown, len: number, fn: string, path: string, check: (x: number) => boolean, what: string): number[] | ArrayLike<number> {
  if (!(Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))))
    bad(fn, [path], `${path} must be an array of numbers, got ${describeValue(v)}`, v);
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
    "kind",
    "version",
    "n",
    "d",
    "minClusterSize",
    "minSamples",
    "clusterSelectionMethod",
    "clusterSelectionEpsilon",
    "allowSingleCluster",
    "algorithm",
    "nClusters",
    "labels",
    "probabilities",
    "outlierScores",
    "selectedClusters",
    "clusterStability",
    "clusterPersistence",
    "condensedTree",
    "points",
    "predictCoreDistances",
  ]);
  for (const key of Object.keys(o)) if (!known.has(key)) bad(fn, [key], `unknown field "${key}"`);
  const int = (k: string, lo: number, hi: number): number => {
    const v = o[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi)
      bad(fn, [k], `${k} must be an integer in [${lo}, ${hi}], got ${describeValue(v)}`, v);
    return v as number;
  };
  const n = int("n", 2, 2 ** 31 - 1);
  const d = int("d", 1, 1e6);
  const minClusterSize = int("minClusterSize", 2, n);
  const minSamples = int("minSamples", 1, n - 1);
  const nClusters = int("nClusters", 0, n);
  const method = o.clusterSelectionMethod;
  if (method !== "eom" && method !== "leaf")
    bad(fn, ["clusterSelectionMethod"], `clusterSelectionMethod must be "eom" or "leaf", got ${describeValue(method)}`, method);
  const eps = o.clusterSelectionEpsilon;
  if (typeof eps !== "number" || !Number.isFinite(eps) || eps < 0)
    bad(fn, ["clusterSelectionEpsilon"], `clusterSelectionEpsilon must be a finite number >= 0`, eps);
  if (typeof o.allowSingleCluster !== "boolean") bad(fn, ["allowSingleCluster"], `allowSingleCluster must be a boolean`, o.allowSingleCluster);
  if (o.algorithm !== "prim" && o.algorithm !== "boruvka" && o.algorithm !== "boruvka-approx")
    bad(fn, ["algorithm"], `algorithm must be "prim", "boruvka" or "boruvka-approx"`, o.algorithm);
  const labels = Int32Array.from(
    numArray(o.labels, n, fn, "labels", (x) => Number.isInteger(x) && x >= -1 && x < nClusters, `an integer in [-1, ${nClusters - 1}]`),
  );
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
  const parent = Int32Array.from(
    numArray(ctRaw.parent, rows, fn, "condensedTree.parent", (x) => Number.isInteger(x) && x >= n && x < maxId, "a cluster id >= n"),
  );
  const child = Int32Array.from(
    numArray(ctRaw.child, rows, fn, "condensedTree.child", (x) => Number.isInteger(x) && x >= 0 && x < maxId, "a point index or cluster id"),
  );
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
