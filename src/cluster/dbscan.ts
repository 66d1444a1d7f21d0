import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { toFlatMatrix, type PointsInput } from "../core/matrix.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import { signalOption } from "../core/options.js";
import { parseOptions } from "../core/validate.js";
import { signalOf } from "./internal.js";
import { buildKdTree, collectWithin, countWithin, kthNearest, stackSize, type MetricCode } from "./kdtree.js";

/** Distance used by DBSCAN and suggestEps. */
export type DbscanMetric = "euclidean" | "manhattan" | "chebyshev";

/** Options of `dbscan`. */
export interface DbscanOptions {
  /** Neighborhood radius; points at distance <= eps are neighbors. Must be > 0. */
  eps: number;
  /** Neighbors (the point itself included) a point needs to be a core point (default 5, an integer >= 1). */
  minPts?: number;
  /** Distance (default `"euclidean"`). */
  metric?: DbscanMetric;
}

/** Options of `dbscanAsync`: those of `dbscan`, plus `signal`. */
export interface DbscanAsyncOptions extends DbscanOptions {
  /** Stops the run with `ABORTED` (checked about every 10 ms of work). */
  signal?: AbortSignal;
}

/** Result of `dbscan`. */
export interface DbscanResult {
  /** Cluster label per point, 0..nClusters-1, or -1 for noise. */
  labels: number[];
  /** Indices of the core points, increasing. */
  coreSampleIndices: number[];
  /** Number of clusters found. */
  nClusters: number;
}

/** Options of `suggestEps`. */
export interface SuggestEpsOptions {
  /** The minPts you will pass to `dbscan` (default 5, an integer in [1, n]). */
  minPts?: number;
  /** Distance (default `"euclidean"`). */
  metric?: DbscanMetric;
}

/** Result of `suggestEps`. */
export interface SuggestEpsResult {
  /** Suggested eps: the k-distance at the knee. */
  eps: number;
  /** Position of the knee in `kDistances`. */
  kneeIndex: number;
  /** Every point's distance to its minPts-th nearest point (itself counted), sorted ascending. */
  kDistances: number[];
}

const METRICS = ["euclidean", "manhattan", "chebyshev"] as const;

const dbscanSchema = z.object({
  eps: z.number().finite().positive(),
  minPts: z.number().int().min(1).default(5),
  metric: z.enum(METRICS).default("euclidean"),
});

const dbscanAsyncSchema = z.object({
  eps: z.number().finite().positive(),
  minPts: z.number().int().min(1).default(5),
  metric: z.enum(METRICS).default("euclidean"),
  signal: signalOption().optional(),
});

const suggestEpsSchema = z.object({
  minPts: z.number().int().min(1).default(5),
  metric: z.enum(METRICS).default("euclidean"),
});

function metricCode(m: DbscanMetric): MetricCode {
  return m === "euclidean" ? 0 : m === "manhattan" ? 1 : 2;
}

/**
 * Density-based clustering (DBSCAN) with scikit-learn's semantics: a point is a core
 * point when at least `minPts` points (itself included) lie within distance `eps`
 * (inclusive); clusters are the connected core points plus the non-core points within
 * `eps` of them; everything else is noise (-1). Clusters are numbered in order of their
 * lowest-index core point, and a border point reachable from several clusters joins the
 * one numbered first, exactly as `sklearn.cluster.DBSCAN` does. Uses a k-d tree, so
 * low-dimensional data runs in about O(n log n) (O(n²) when eps covers most points).
 *
 * @param points - `number[][]` or a flat row-major `{ data, n, d }`
 * @param options - `eps` (required, > 0), `minPts` (default 5), `metric` (default `"euclidean"`)
 * @throws ClienteleError `INVALID_OPTION` (eps <= 0 or not finite, minPts < 1 or not an integer), `EMPTY_INPUT`, `NON_FINITE`, `SHAPE_MISMATCH`
 * @see Ester, Kriegel, Sander & Xu (1996), "A density-based algorithm for discovering clusters in large spatial databases with noise", KDD-96
 * @example
 * import { dbscan } from "clientele/cluster";
 * dbscan([[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [50, 50]], { eps: 1.5, minPts: 2 });
 * // => { labels: [0, 0, 0, 1, 1, -1], coreSampleIndices: [0, 1, 2, 3, 4], nClusters: 2 }
 */
export function dbscan(points: PointsInput, options: DbscanOptions): DbscanResult {
  return runSync(dbscanSteps(points, options, "dbscan"));
}

/**
 * `dbscan` that yields to the event loop about every 10 ms, so `signal` (for example
 * `AbortSignal.timeout(2000)`) stops it in wall-clock time with `ABORTED`. Same result as
 * `dbscan`.
 *
 * @param points - `number[][]` or a flat row-major `{ data, n, d }`
 * @param options - as `dbscan`, plus `signal`
 * @throws ClienteleError as `dbscan`, and `ABORTED` when `signal` fires
 * @example
 * import { dbscanAsync } from "clientele/cluster";
 * const r = await dbscanAsync([[0, 0], [0, 1], [1, 0], [50, 50]], { eps: 1.5, minPts: 2, signal: AbortSignal.timeout(1000) });
 * r.labels; // => [0, 0, 0, -1]
 */
export async function dbscanAsync(points: PointsInput, options: DbscanAsyncOptions): Promise<DbscanResult> {
  const fn = "dbscanAsync";
  const steps = dbscanSteps(points, options, fn);
  try {
    return await runAsync(steps, fn, signalOf(options));
  } finally {
    steps.return(undefined as never);
  }
}

function* dbscanSteps(points: PointsInput, options: DbscanAsyncOptions, fn: string): Steps<DbscanResult> {
  // (the synchronous dbscan has no signal option: it could not see it fire)
  const opts = parseOptions((fn === "dbscan" ? dbscanSchema : dbscanAsyncSchema) as typeof dbscanAsyncSchema, options, fn) as z.output<typeof dbscanSchema>;
  const { data, n, d } = toFlatMatrix(points, fn);
  const metric = metricCode(opts.metric);
  const r = metric === 0 ? opts.eps * opts.eps : opts.eps;
  const minPts = opts.minPts;
  const tree = buildKdTree(data, n, d);
  const { pts, perm } = tree;
  const stack = new Int32Array(stackSize(tree));
  // Work in tree order (cache friendly); map back to input order at the end.
  const core = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    if (countWithin(tree, pts, p * d, r, metric, minPts, stack) >= minPts) core[p] = 1;
    yield; // one checkpoint per point: a query costs far more than a yield
  }
  // Visit seeds in input order so clusters are numbered as scikit-learn numbers them.
  const lab = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const out = { buf: new Int32Array(64) };
  // unlabeled[node] = points under the node still without a label; queries skip nodes at 0.
  const unlabeled = new Int32Array(tree.nNodes);
  for (let v = 0; v < tree.nNodes; v++) unlabeled[v] = tree.end[v] - tree.start[v];
  const { parent, leafOf } = tree;
  const inv = new Int32Array(n); // inv[i] = tree position of input point i
  for (let p = 0; p < n; p++) inv[perm[p]] = p;
  let nClusters = 0;
  for (let i = 0; i < n; i++) {
    const p0 = inv[i];
    if (!core[p0] || lab[p0] !== -1) continue;
    const c = nClusters++;
    lab[p0] = c;
    for (let v = leafOf[p0]; v >= 0; v = parent[v]) unlabeled[v]--;
    let head = 0;
    let tail = 0;
    queue[tail++] = p0;
    while (head < tail) {
      const p = queue[head++];
      yield;
      const cnt = collectWithin(tree, pts, p * d, r, metric, out, stack, unlabeled);
      const buf = out.buf;
      for (let a = 0; a < cnt; a++) {
        const q = buf[a];
        if (lab[q] !== -1) continue;
        lab[q] = c;
        for (let v = leafOf[q]; v >= 0; v = parent[v]) unlabeled[v]--;
        if (core[q]) queue[tail++] = q;
      }
    }
  }
  const labels = new Array<number>(n);
  const coreSampleIndices: number[] = [];
  for (let p = 0; p < n; p++) labels[perm[p]] = lab[p];
  for (let i = 0; i < n; i++) if (core[inv[i]]) coreSampleIndices.push(i);
  return { labels, coreSampleIndices, nClusters };
}

/**
 * Suggests an `eps` for `dbscan` from the knee of the sorted k-distance curve: each
 * point's distance to its `minPts`-th nearest point (itself counted, so a point whose
 * k-distance is <= eps is a core point), sorted ascending; the knee is the point
 * farthest below the chord of the normalized curve (Kneedle for a convex increasing
 * curve). O(n log n) for low-dimensional data via a k-d tree.
 *
 * @param points - `number[][]` or a flat row-major `{ data, n, d }`
 * @param options - `minPts` (default 5, at most n), `metric` (default `"euclidean"`)
 * @returns `{ eps, kneeIndex, kDistances }`
 * @throws ClienteleError `INVALID_OPTION` (minPts < 1, not an integer or > n), `EMPTY_INPUT`, `NON_FINITE`, `SHAPE_MISMATCH`, `DEGENERATE_INPUT` (every k-distance is 0: too many duplicate points)
 * @see Satopää, Albrecht, Irwin & Raghavan (2011), "Finding a 'kneedle' in a haystack", ICDCS Workshops; Ester et al. (1996), KDD-96, section 4.2
 * @example
 * import { dbscan, suggestEps } from "clientele/cluster";
 * const points = [[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11], [20, 0], [20, 1], [21, 0], [21, 1]]; // three blobs
 * const { eps } = suggestEps(points, { minPts: 3 });
 * eps; // => 1
 * dbscan(points, { eps, minPts: 3 }).labels; // => [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]
 */
export function suggestEps(points: PointsInput, options: SuggestEpsOptions = {}): SuggestEpsResult {
  const opts = parseOptions(suggestEpsSchema, options, "suggestEps");
  const { data, n, d } = toFlatMatrix(points, "suggestEps");
  const k = opts.minPts;
  if (k > n) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "minPts"],
      received: k,
      message: `suggestEps: minPts must be an integer in [1, ${n}] (the number of points). Got ${k}.`,
    });
  }
  const metric = metricCode(opts.metric);
  const tree = buildKdTree(data, n, d);
  const stack = new Int32Array(stackSize(tree));
  const stackDist = new Float64Array(stack.length);
  const heap = new Float64Array(k);
  const kd = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const v = kthNearest(tree, tree.pts, p * d, k, metric, heap, stack, stackDist);
    kd[p] = metric === 0 ? Math.sqrt(v) : v;
  }
  kd.sort();
  const max = kd[n - 1];
  if (!(max > 0)) {
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["points"],
      message: `suggestEps: every point has at least ${k} identical points, so every k-distance is 0 and no positive eps can be suggested. Deduplicate the points or raise minPts.`,
    });
  }
  const kneeIndex = kneeConvexIncreasing(kd);
  let eps = kd[kneeIndex];
  if (!(eps > 0)) {
    // the knee sits on a run of zeros (duplicates): take the first positive k-distance
    let i = kneeIndex;
    while (kd[i] === 0) i++;
    eps = kd[i];
  }
  return { eps, kneeIndex, kDistances: Array.from(kd) };
}

/**
 * Kneedle for a sorted, increasing, convex curve y[0..n-1] over x = 0..n-1: normalize
 * both axes to [0, 1] and return the index maximizing x - y (farthest below the chord).
 */
function kneeConvexIncreasing(y: Float64Array): number {
  const n = y.length;
  if (n < 3) return n - 1;
  const y0 = y[0];
  const span = y[n - 1] - y0;
  if (!(span > 0)) return n - 1;
  let best = -Infinity;
  let arg = n - 1;
  for (let i = 0; i < n; i++) {
    const diff = i / (n - 1) - (y[i] - y0) / span;
    if (diff > best) {
      best = diff;
      arg = i;
    }
  }
  return arg;
}
