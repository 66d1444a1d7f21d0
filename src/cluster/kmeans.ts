import * as z from "../core/schema.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import { ClienteleError, describeValue, isClienteleError } from "../core/errors.js";
import type { FlatMatrix, PointsInput } from "../core/matrix.js";
import { createRng, type Rng } from "../core/rng.js";
import { progressOption, rngOption, signalOption } from "../core/options.js";
import { checkModelHeader, parseOptions, parseWith } from "../core/validate.js";
import { type AssignKernel, createAssignKernel, nearestWithKernel } from "./assignKernel.js";
import { kmeansPlusPlus, kmeansPlusPlusSteps } from "./kmeans/seeding.js";
import { tooLargeValues } from "./kmeans/errors.js";
import { near2, near4, near6, near8, nearAny, sq6, sqDistRow } from "./kmeans/distance.js";

// Re-exported so that every existing import of these from "./kmeans.js" keeps working.
export { kmeansPlusPlus, kmeansPlusPlusSteps, tooLargeValues };
import { assignNearest, checkK, flatToRows, maxAbsOf, safeFactor, sampleIndices, scaleSafe, signalOf, throwIfAborted, toFlat, toWeights } from "./internal.js";

/** Progress of one Lloyd iteration, passed to `onProgress`. */
export interface KMeansProgress {
  /** Restart index, 0 to nInit - 1. */
  run: number;
  /** Iteration within the run, starting at 1. */
  iteration: number;
  /** Weighted sum of squared distances of points to their cluster's updated center. Never increases within a run. */
  inertia: number;
  /** Sum over centers of the squared distance each center moved in this iteration. */
  centerShift: number;
  /** Number of points whose cluster changed in this iteration's assignment step. */
  changed: number;
}

/** How the first centers are chosen. */
export type KMeansInit = "k-means++" | "random" | number[][];

/** Options of {@link fitKMeans}. */
export interface FitKMeansOptions {
  /** Number of clusters, an integer in [1, n]. */
  k: number;
  /**
   * `"k-means++"` (default; greedy with 2 + floor(ln k) candidates per step, as scikit-learn),
   * `"random"` (k distinct points drawn uniformly), or explicit k x d starting centers.
   */
  init?: KMeansInit;
  /** Restarts; the run with the lowest inertia is kept. Default 1 for k-means++ and explicit centers, 10 for random (scikit-learn's "auto"). */
  nInit?: number;
  /** Maximum Lloyd iterations per run. Default 300. */
  maxIter?: number;
  /**
   * Relative tolerance: a run stops when the summed squared center shift is at most
   * `tol` times the mean per-feature variance of the data (scikit-learn's rule). A run also
   * stops when no label changes. Default 1e-4; 0 iterates to a fixed partition.
   */
  tol?: number;
  /** Non-negative sample weights, one per point. Default: all 1. */
  weights?: ArrayLike<number>;
  /** Random generator for the initialization. Default `createRng(0)`. */
  rng?: Rng;
  /** Called after every iteration of every run. */
  onProgress?: (progress: KMeansProgress) => void;
  /** Aborts the fit (throws `ABORTED`) when signalled; checked once per iteration. */
  signal?: AbortSignal;
}

/** A fitted K-Means model: plain JSON data. */
export interface KMeansModel {
  /** Model kind tag. */
  kind: "kmeans";
  /** Format version. */
  version: 1;
  /** k centers, each with d coordinates. */
  centroids: number[][];
  /** Cluster index (0 to k - 1) of each fitted point. */
  labels: number[];
  /** Weighted sum of squared distances of points to their centroid. */
  inertia: number;
  /** Lloyd iterations of the kept run. */
  nIter: number;
  /** Whether the kept run stopped on `tol` or stable labels before `maxIter`. */
  converged: boolean;
}

const fnSchema = progressOption<KMeansProgress>();
const signalSchema = signalOption();
const rngSchema = rngOption();

const fitKMeansSchema = z
  .object({
    k: z.number(),
    init: z.union([z.enum(["k-means++", "random"]), z.array(z.array(z.number().finite()))]).default("k-means++"),
    nInit: z.number().int().positive().optional(),
    maxIter: z.number().int().positive().default(300),
    tol: z.number().finite().nonnegative().default(1e-4),
    weights: z.any().optional(),
    rng: rngSchema.optional(),
    onProgress: fnSchema.optional(),
    signal: signalSchema.optional(),
  })
  .strict();

/** Parsed K-Means options. Internal. */
export interface KMeansRunOptions {
  k: number;
  init: KMeansInit;
  nInit: number;
  maxIter: number;
  tol: number;
  weights: Float64Array | null;
  rng: Rng;
  onProgress?: (progress: KMeansProgress) => void;
  signal?: AbortSignal;
}

/** Result of the internal flat K-Means. */
export interface FlatKMeansResult {
  centers: Float64Array;
  labels: Int32Array;
  inertia: number;
  nIter: number;
  converged: boolean;
}

/** Mean per-feature variance (unweighted, as scikit-learn's `_tolerance`). Internal. */
export function meanVariance(x: FlatMatrix): number {
  const { data, n, d } = x;
  let total = 0;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += data[i * d + j];
    m /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const t = data[i * d + j] - m;
      ss += t * t;
    }
    total += ss / n;
  }
  return total / d;
}

/** Exact weighted inertia of `labels` against `centers`. Internal. */
export function inertiaOf(x: FlatMatrix, w: Float64Array | null, centers: Float64Array, labels: Int32Array): number {
  const { data, n, d } = x;
  let total = 0;
  if (d === 6 && w === null) {
    for (let i = 0, oi = 0; i < n; i++, oi += 6) total += sq6(data, oi, centers, labels[i] * 6);
    return total;
  }
  for (let i = 0; i < n; i++) {
    const s = sqDistRow(data, i * d, centers, labels[i] * d, d);
    total += w ? w[i] * s : s;
  }
  return total;
}

/**
 * Center-center tables for one iteration: `hcc[a k + b]` is half the distance between
 * centers a and b, and row a of `order` lists the other centers by increasing distance
 * from a (insertion sort: k is small). Internal.
 */
function centerTables(c: Float64Array, k: number, d: number, hcc: Float64Array, order: Int32Array): void {
  for (let a = 0; a < k; a++) {
    hcc[a * k + a] = 0;
    for (let b = a + 1; b < k; b++) {
      const h = 0.5 * Math.sqrt(sqDistRow(c, a * d, c, b * d, d));
      hcc[a * k + b] = h;
      hcc[b * k + a] = h;
    }
  }
  const km = k - 1;
  for (let a = 0; a < k; a++) {
    const row = a * km;
    let m = 0;
    for (let b = 0; b < k; b++) {
      if (b === a) continue;
      const h = hcc[a * k + b];
      let q = m;
      while (q > 0 && hcc[a * k + order[row + q - 1]] > h) {
        order[row + q] = order[row + q - 1];
        q--;
      }
      order[row + q] = b;
      m++;
    }
  }
}

const nearOut = /* @__PURE__ */ new Float64Array(3);

/** Width data of d columns is padded to (with zero columns) so distance kernels unroll. Internal. */
export function paddedWidth(d: number): number {
  return d <= 2 ? 2 : d <= 4 ? 4 : d <= 6 ? 6 : d <= 8 ? 8 : d;
}

/** Copy of a row-major matrix with zero columns appended up to width w. Internal. */
export function padColumns(data: Float64Array, n: number, d: number, w: number): Float64Array {
  if (w === d) return data;
  const out = new Float64Array(n * w);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) out[i * w + t] = data[i * d + t];
  return out;
}

/** Exact nearest and second-nearest center for point i; updates label and bounds; returns 1 if the label changed. */
function assignPoint(
  data: Float64Array,
  i: number,
  d: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): number {
  const oi = i * d;
  const out = nearOut;
  if (d === 6) near6(data, oi, c, k, out);
  else if (d === 8) near8(data, oi, c, k, out);
  else if (d === 4) near4(data, oi, c, k, out);
  else if (d === 2) near2(data, oi, c, k, out);
  else nearAny(data, oi, d, c, k, out);
  const b1 = out[0];
  const b2 = out[1];
  const j1 = out[2];
  upper[i] = Math.sqrt(b1) * SLACK;
  lower[i] = Math.sqrt(b2) / SLACK;
  if (j1 !== labels[i]) {
    labels[i] = j1;
    return 1;
  }
  return 0;
}

/**
 * The first assignment (exhaustive) fused with the cluster sums, in the same order as
 * `accumulate`, so the data is read once. Returns the number of changed labels.
 */
function assignAllAccumulate(
  data: Float64Array,
  n: number,
  d: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  w: Float64Array | null,
  sums: Float64Array,
  wsum: Float64Array,
  counts: Int32Array,
): number {
  if (d === 6 && w === null) return assignFirst6(data, n, c, k, labels, upper, lower, sums, wsum, counts);
  sums.fill(0);
  wsum.fill(0);
  counts.fill(0);
  let changed = 0;
  for (let i = 0; i < n; i++) {
    changed += assignPoint(data, i, d, c, k, labels, upper, lower);
    const j = labels[i];
    const oi = i * d;
    const oj = j * d;
    if (w === null) {
      for (let t = 0; t < d; t++) sums[oj + t] += data[oi + t];
    } else {
      const wi = w[i];
      for (let t = 0; t < d; t++) sums[oj + t] += wi * data[oi + t];
      wsum[j] += wi;
    }
    counts[j]++;
  }
  if (w === null) for (let j = 0; j < k; j++) wsum[j] = counts[j];
  return changed;
}

/** assignAllAccumulate for unweighted 6-column data, fully inlined (same arithmetic and order). */
function assignFirst6(
  data: Float64Array,
  n: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  sums: Float64Array,
  wsum: Float64Array,
  counts: Int32Array,
): number {
  sums.fill(0);
  counts.fill(0);
  let changed = 0;
  for (let i = 0, oi = 0; i < n; i++, oi += 6) {
    const x0 = data[oi], x1 = data[oi + 1], x2 = data[oi + 2], x3 = data[oi + 3], x4 = data[oi + 4], x5 = data[oi + 5];
    let b1 = Infinity;
    let b2 = Infinity;
    let j1 = 0;
    for (let j = 0, oj = 0; j < k; j++, oj += 6) {
      const e0 = x0 - c[oj + 0], e1 = x1 - c[oj + 1], e2 = x2 - c[oj + 2], e3 = x3 - c[oj + 3], e4 = x4 - c[oj + 4], e5 = x5 - c[oj + 5];
      const s = e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5;
      if (s < b1) {
        b2 = b1;
        b1 = s;
        j1 = j;
      } else if (s < b2) b2 = s;
    }
    upper[i] = Math.sqrt(b1) * SLACK;
    lower[i] = Math.sqrt(b2) / SLACK;
    if (j1 !== labels[i]) {
      labels[i] = j1;
      changed++;
    }
    const oj = j1 * 6;
    sums[oj] += x0;
    sums[oj + 1] += x1;
    sums[oj + 2] += x2;
    sums[oj + 3] += x3;
    sums[oj + 4] += x4;
    sums[oj + 5] += x5;
    counts[j1]++;
  }
  for (let j = 0; j < k; j++) wsum[j] = counts[j];
  return changed;
}

function assignAll(
  data: Float64Array,
  n: number,
  d: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): number {
  let changed = 0;
  for (let i = 0; i < n; i++) changed += assignPoint(data, i, d, c, k, labels, upper, lower);
  return changed;
}

/**
 * Exhaustive pass for unweighted data after the first: exact nearest / second-nearest of
 * every point, bounds stored relative to the drift, changed points moved between the sums.
 * The same arithmetic in the same order as the WebAssembly kernel (assign.wat).
 */
function assignExhaustive(
  data: Float64Array,
  n: number,
  d: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  drift: Float64Array,
  others: Float64Array,
  sums: Float64Array,
  counts: Int32Array,
): number {
  const out = nearOut;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    if (d === 6) near6(data, oi, c, k, out);
    else if (d === 8) near8(data, oi, c, k, out);
    else if (d === 4) near4(data, oi, c, k, out);
    else if (d === 2) near2(data, oi, c, k, out);
    else nearAny(data, oi, d, c, k, out);
    const j1 = out[2];
    upper[i] = Math.sqrt(out[0]) * SLACK - drift[j1];
    lower[i] = Math.sqrt(out[1]) / SLACK + others[j1];
    const a = labels[i];
    if (j1 !== a) {
      labels[i] = j1;
      const oa = a * d;
      const ob = j1 * d;
      for (let t = 0; t < d; t++) sums[oa + t] -= data[oi + t];
      for (let t = 0; t < d; t++) sums[ob + t] += data[oi + t];
      counts[a]--;
      counts[j1]++;
      changed++;
    }
  }
  return changed;
}

/**
 * Active list: indices of the points whose bound margin (how far the upper bound is below
 * the larger of the two skip thresholds) is at most `T`, in increasing order. Every other
 * point keeps its label for as long as the bounds degrade by less than T in total (each
 * iteration degrades them by at most twice the largest center move), so later passes visit
 * only this list. Branch-free (two compares and-ed), as the outcome is unpredictable.
 */
function buildActive(
  n: number,
  labels: Int32Array,
  ubr: Float64Array,
  lbr: Float64Array,
  skipU: Float64Array,
  skipL: Float64Array,
  act: Int32Array,
  T: number,
): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const a = labels[i];
    const v = ubr[i] + T;
    act[m] = i;
    m += ((skipU[a] <= v) as unknown as number) & ((lbr[i] - skipL[a] <= v) as unknown as number);
  }
  return m;
}

/** Share of the points buildActive would list, estimated on 64 evenly spaced runs of 64 points. */
function activeShare(n: number, labels: Int32Array, ubr: Float64Array, lbr: Float64Array, skipU: Float64Array, skipL: Float64Array, T: number): number {
  let m = 0;
  let total = 0;
  const step = Math.floor(n / 64);
  for (let b = 0; b < 64; b++) {
    const end = Math.min(n, b * step + 64);
    for (let i = b * step; i < end; i++) {
      const a = labels[i];
      const v = ubr[i] + T;
      m += ((skipU[a] <= v) as unknown as number) & ((lbr[i] - skipL[a] <= v) as unknown as number);
      total++;
    }
  }
  return m / total;
}

/** Per-label skip thresholds: point i with label a is skipped when ubr[i] < skipU[a] or ubr[i] + skipL[a] < lbr[i]. */
function skipTables(k: number, drift: Float64Array, others: Float64Array, hcc: Float64Array, order: Int32Array, skipU: Float64Array, skipL: Float64Array): void {
  const km = k - 1;
  for (let a = 0; a < k; a++) {
    skipU[a] = (km > 0 ? hcc[a * k + order[a * km]] : Infinity) - drift[a];
    skipL[a] = drift[a] + others[a];
  }
}

// Rounding guard for the drift-relative bounds below: stored upper bounds are nudged up and
// lower bounds down by this relative amount, so float rounding can never make a bound
// test skip a point that plain Lloyd would move (it only costs a few extra distance checks).
const SLACK = 1 + 2 ** -40;

/**
 * One bounded assignment pass (Hamerly's test, then a sorted Elkan-style scan).
 *
 * Bounds are stored relative to cumulative center drift so that a skipped point costs
 * reads only: the upper bound of point i with label a is `ubr[i] + drift[a]` (drift[a] =
 * total distance center a moved so far) and its lower bound on every other center is
 * `lbr[i] - others[a]` (others[a] = total over iterations of the largest move among the
 * other centers), which is Hamerly's (2010) update summed. A point that fails the test gets
 * its exact distance u to its own center; if that is still not enough, the other centers are
 * visited by increasing distance from its center, stopping at the first one at least 2u
 * away (Elkan 2003, lemma 1: no farther center can be nearer than u). Labels are exactly
 * those of a full scan (ties to the lower index). Returns the number of changed labels.
 */
function assignSorted(
  data: Float64Array,
  d: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  ubr: Float64Array,
  lbr: Float64Array,
  drift: Float64Array,
  others: Float64Array,
  hcc: Float64Array,
  order: Int32Array,
  skipU: Float64Array,
  skipL: Float64Array,
  w: Float64Array | null,
  sums: Float64Array,
  wsum: Float64Array,
  counts: Int32Array,
  act: Int32Array,
  nAct: number,
): number {
  const km = k - 1;
  let changed = 0;
  for (let f = 0; f < nAct; f++) {
    const i = act[f];
    const a = labels[i];
    const ur = ubr[i];
    // strict tests: on an exact distance tie the point must be looked at (ties go to the
    // lower index, as in plain Lloyd)
    if (ur < skipU[a] || ur + skipL[a] < lbr[i]) continue;
    const oi = i * d;
    const sa = sqDistRow(data, oi, c, a * d, d);
    const u = Math.sqrt(sa);
    if (u < skipU[a] + drift[a] || u < lbr[i] - others[a]) {
      ubr[i] = u * SLACK - drift[a];
      continue;
    }
    // sorted scan: centers nearer to c_a than 2u may be nearer to x
    let b1 = sa;
    let j1 = a;
    let b2 = Infinity;
    let rest = Infinity;
    const row = a * km;
    for (let q = 0; q < km; q++) {
      const j = order[row + q];
      const h = hcc[a * k + j];
      if (h > u * SLACK) {
        rest = 2 * h - u; // d(x, c_j) >= |c_a c_j| - u > u for this and every later center
        break;
      }
      const s = sqDistRow(data, oi, c, j * d, d);
      if (s < b1 || (s === b1 && j < j1)) {
        b2 = b1;
        b1 = s;
        j1 = j;
      } else if (s < b2) b2 = s;
    }
    const l2 = Math.sqrt(b2);
    const lb = l2 < rest ? l2 : rest;
    ubr[i] = Math.sqrt(b1) * SLACK - drift[j1];
    lbr[i] = lb / SLACK + others[j1];
    if (j1 !== a) {
      labels[i] = j1;
      // move the point between the cluster sums now, while its row is in cache (same
      // order and arithmetic as a separate pass over the moved points)
      const wi = w === null ? 1 : w[i];
      const oa = a * d;
      const ob = j1 * d;
      for (let t = 0; t < d; t++) {
        const v = wi * data[oi + t];
        sums[oa + t] -= v;
        sums[ob + t] += v;
      }
      wsum[a] -= wi;
      wsum[j1] += wi;
      counts[a]--;
      counts[j1]++;
      changed++;
    }
  }
  return changed;
}

function accumulate(
  data: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  w: Float64Array | null,
  sums: Float64Array,
  wsum: Float64Array,
  counts: Int32Array,
): void {
  sums.fill(0);
  wsum.fill(0);
  counts.fill(0);
  if (w === null) {
    for (let i = 0; i < n; i++) {
      const j = labels[i];
      const oi = i * d;
      const oj = j * d;
      for (let t = 0; t < d; t++) sums[oj + t] += data[oi + t];
      counts[j]++;
    }
    for (let j = 0; j < counts.length; j++) wsum[j] = counts[j];
  } else {
    for (let i = 0; i < n; i++) {
      const j = labels[i];
      const wi = w[i];
      const oi = i * d;
      const oj = j * d;
      for (let t = 0; t < d; t++) sums[oj + t] += wi * data[oi + t];
      wsum[j] += wi;
      counts[j]++;
    }
  }
}

/** Re-seeds each empty cluster with the point farthest from its current center. Returns the number of moved points. */
function reseedEmpty(
  x: FlatMatrix,
  w: Float64Array | null,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  sums: Float64Array,
  wsum: Float64Array,
  counts: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): number {
  const { data, n, d } = x;
  const far = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const oi = i * d;
    const oc = labels[i] * d;
    for (let t = 0; t < d; t++) {
      const diff = data[oi + t] - c[oc + t];
      s += diff * diff;
    }
    far[i] = s;
  }
  let moved = 0;
  for (let j = 0; j < k; j++) {
    if (counts[j] !== 0) continue;
    let fi = -1;
    let fv = -1;
    for (let i = 0; i < n; i++) {
      if (far[i] > fv && counts[labels[i]] > 1) {
        fv = far[i];
        fi = i;
      }
    }
    if (fi < 0) break; // fewer distinct points than k: the cluster stays empty
    const old = labels[fi];
    const wi = w ? w[fi] : 1;
    const oi = fi * d;
    for (let t = 0; t < d; t++) {
      sums[old * d + t] -= wi * data[oi + t];
      sums[j * d + t] = wi * data[oi + t];
    }
    wsum[old] -= wi;
    wsum[j] = wi;
    counts[old]--;
    counts[j] = 1;
    labels[fi] = j;
    far[fi] = -1;
    upper[fi] = Infinity; // forces an exact look next iteration
    lower[fi] = -Infinity;
    moved++;
  }
  return moved;
}

/** Thrown (and caught by fitKMeans) when unscanned input turns out to hold a non-finite value. */
// Active-list threshold, in units of the last largest center move (tuned on the benchmark blobs).
const TMUL = 2;
// For unweighted data, an iteration whose active list holds more than this share of the
// points runs one exhaustive pass (SIMD when available) instead of the bounded scan.
const EXHAUSTIVE = 0.5;
const UNCHECKED_NON_FINITE = { unchecked: "non-finite" };

/**
 * One run of Lloyd's algorithm from the given centers, with Hamerly's (2010) bounds to
 * skip distance computations that cannot change a label. The bounds are stored relative to
 * each center's cumulative drift (a skipped point costs reads only), points that fail the
 * test scan the other centers by distance from their own and stop by Elkan's (2003)
 * center-center lemma, and after the big early moves only an "active list" of points near
 * a bound is visited until the bounds may have degraded past its threshold. Every
 * iteration produces the same labels and centers as plain Lloyd (up to exact distance
 * ties). Internal.
 */
export function* lloydHamerly(
  x: FlatMatrix,
  w: Float64Array | null,
  init: Float64Array,
  k: number,
  maxIter: number,
  tolAbs: number,
  run: number,
  onProgress: ((p: KMeansProgress) => void) | undefined,
  signal: AbortSignal | undefined,
  fn: string,
  checked = true,
): Steps<FlatKMeansResult> {
  // for unweighted data the exhaustive passes run in the WebAssembly SIMD kernel when the
  // runtime has it (bit-identical labels, bounds and sums; see assignKernel.ts)
  const kern = w === null ? createAssignKernel(x.data, x.n, x.d, k) : null;
  try {
    return yield* lloydRun(x, w, init, k, maxIter, tolAbs, run, onProgress, signal, fn, checked, kern);
  } finally {
    kern?.release();
  }
}

function* lloydRun(
  x: FlatMatrix,
  w: Float64Array | null,
  init: Float64Array,
  k: number,
  maxIter: number,
  tolAbs: number,
  run: number,
  onProgress: ((p: KMeansProgress) => void) | undefined,
  signal: AbortSignal | undefined,
  fn: string,
  checked: boolean,
  kern: AssignKernel | null,
): Steps<FlatKMeansResult> {
  const { data, n, d } = x;
  let c = init.slice();
  let cNew = new Float64Array(k * d);
  const labels = new Int32Array(n).fill(-1);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  // bounds relative to cumulative center drift (see assignSorted)
  const drift = new Float64Array(k);
  const others = new Float64Array(k);
  const hcc = new Float64Array(k * k);
  const order = new Int32Array(k * (k - 1));
  const skipU = new Float64Array(k);
  const skipL = new Float64Array(k);
  const moved = new Float64Array(k);
  const wsum = new Float64Array(k);
  const counts = new Int32Array(k);
  // running (weighted) coordinate sums per cluster; moved points are applied incrementally,
  // and the sums are rebuilt from scratch every 16 iterations to keep rounding drift away
  const sums = new Float64Array(k * d);
  // active list (see buildActive): rebuilt when the bounds may have degraded by T
  const act = new Int32Array(n);
  let nAct = 0;
  let T = 0;
  let slack = 0;
  let haveList = false;
  let iter = 0;
  let strict = false;
  let converged = false;
  let p1 = 0;
  let p2 = 0;
  let pArg = -1;
  for (iter = 0; iter < maxIter; iter++) {
    throwIfAborted(signal, fn);
    let changed: number;
    if (iter === 0) {
      if (kern !== null) {
        sums.fill(0);
        counts.fill(0);
        changed = kern.run(c, labels, upper, lower, drift, others, sums, counts, true, SLACK);
        for (let j = 0; j < k; j++) wsum[j] = counts[j];
      } else changed = assignAllAccumulate(data, n, d, c, k, labels, upper, lower, w, sums, wsum, counts);
      if (!checked) {
        // the input was not scanned for NaN / Infinity up front: any such value makes some
        // cluster sum non-finite, and the caller then runs the full check
        let fin = true;
        for (let q = 0; q < sums.length; q++) if (sums[q] - sums[q] !== 0) fin = false;
        if (!fin) throw UNCHECKED_NON_FINITE;
      }
    } else {
      for (let j = 0; j < k; j++) {
        drift[j] += moved[j];
        others[j] += j === pArg ? p2 : p1;
      }
      centerTables(c, k, d, hcc, order);
      skipTables(k, drift, others, hcc, order, skipU, skipL);
      if (haveList) slack += 2 * p1;
      let exhaustive = false;
      if (!haveList || slack >= T * (1 - 1e-9) || (nAct > n >> 3 && TMUL * p1 < T / 8)) {
        T = TMUL * p1;
        // with the kernel, a sample of the points first tells whether the list would hold
        // most of them (then one exhaustive pass replaces building it and the bounded scan)
        if (w === null && !haveList && n >= 65536 && activeShare(n, labels, upper, lower, skipU, skipL, T) > EXHAUSTIVE) exhaustive = true;
        else {
          nAct = buildActive(n, labels, upper, lower, skipU, skipL, act, T);
          slack = 0;
          haveList = true;
          exhaustive = w === null && nAct > EXHAUSTIVE * n;
        }
      }
      if (exhaustive) {
        // most points are near a bound (large early center moves): one pass over all points
        // (SIMD when available) is cheaper than the bounded scan. Both backends make this
        // choice from the same bounds, so they run the same passes (this matters for exact
        // distance ties, which the bounded scan may leave to the current center)
        changed =
          kern !== null
            ? kern.run(c, labels, upper, lower, drift, others, sums, counts, false, SLACK)
            : assignExhaustive(data, n, d, c, k, labels, upper, lower, drift, others, sums, counts);
        for (let j = 0; j < k; j++) wsum[j] = counts[j];
        haveList = false;
      } else {
        changed = assignSorted(data, d, c, k, labels, upper, lower, drift, others, hcc, order, skipU, skipL, w, sums, wsum, counts, act, nAct);
      }
    }
    if (iter === 0) {
      // sums built by assignAllAccumulate
    } else if (iter % 16 === 0) accumulate(data, n, d, labels, w, sums, wsum, counts);
    // (otherwise assignSorted has already moved the changed points between the sums)
    cNew.set(sums);
    let nEmpty = 0;
    for (let j = 0; j < k; j++) if (counts[j] === 0) nEmpty++;
    if (nEmpty > 0) {
      changed += reseedEmpty(x, w, c, k, labels, sums, wsum, counts, upper, lower);
      haveList = false; // re-seeded points may lie outside the active list
      cNew.set(sums);
    }
    let shiftTot = 0;
    p1 = 0;
    p2 = 0;
    pArg = -1;
    for (let j = 0; j < k; j++) {
      const oj = j * d;
      if (counts[j] > 0 && wsum[j] > 0) {
        const inv = 1 / wsum[j];
        for (let t = 0; t < d; t++) cNew[oj + t] *= inv;
      } else {
        for (let t = 0; t < d; t++) cNew[oj + t] = c[oj + t];
      }
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = cNew[oj + t] - c[oj + t];
        s += diff * diff;
      }
      shiftTot += s;
      const p = Math.sqrt(s);
      moved[j] = p;
      if (p > p1) {
        p2 = p1;
        p1 = p;
        pArg = j;
      } else if (p > p2) p2 = p;
    }
    const tmp = c;
    c = cNew;
    cNew = tmp;
    if (onProgress) {
      onProgress({ run, iteration: iter + 1, inertia: inertiaOf(x, w, c, labels), centerShift: shiftTot, changed });
    }
    yield; // a checkpoint for fitKMeansAsync (one per iteration)
    if (changed === 0) {
      strict = true;
      converged = true;
      iter++;
      break;
    }
    if (shiftTot <= tolAbs) {
      converged = true;
      iter++;
      break;
    }
  }
  if (!strict) {
    // labels consistent with the final centers (as scikit-learn's last E-step)
    if (kern !== null) kern.run(c, labels, upper, lower, drift.fill(0), others.fill(0), sums, counts, false, SLACK);
    else assignAll(data, n, d, c, k, labels, upper, lower);
  }
  return { centers: c, labels, inertia: inertiaOf(x, w, c, labels), nIter: iter, converged };
}

/** Validates explicit initial centers against k and d; returns them flat. Internal. */
export function initCentersFlat(init: number[][], k: number, d: number, fn: string): Float64Array {
  if (init.length !== k) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["options", "init"],
      received: init.length,
      message: `${fn}: options.init has ${init.length} centers but k is ${k}. Pass exactly k starting centers.`,
    });
  }
  const out = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    if (init[j].length !== d) {
      throw new ClienteleError({
        code: "SHAPE_MISMATCH",
        path: ["options", "init", j],
        received: init[j].length,
        message: `${fn}: options.init[${j}] has ${init[j].length} coordinates but points have ${d}.`,
      });
    }
    for (let t = 0; t < d; t++) out[j * d + t] = init[j][t];
  }
  return out;
}

/** Parses and checks fitKMeans options against the data shape. Internal. */
export function parseKMeansOptions(options: unknown, n: number, fn: string): KMeansRunOptions {
  const o = parseOptions(fitKMeansSchema, options, fn);
  checkK(o.k, n, fn);
  const nInit = o.nInit ?? (o.init === "random" ? 10 : 1);
  return {
    k: o.k,
    init: o.init,
    nInit: Array.isArray(o.init) ? 1 : nInit,
    maxIter: o.maxIter,
    tol: o.tol,
    weights: toWeights(o.weights as ArrayLike<number> | undefined, n, fn),
    rng: o.rng ?? createRng(0),
    onProgress: o.onProgress,
    signal: o.signal,
  };
}

/** K-Means on a checked flat matrix with parsed options. Internal. */
export function fitKMeansFlat(x: FlatMatrix, o: KMeansRunOptions, fn: string, checked = true): FlatKMeansResult {
  return runSync(fitKMeansFlatSteps(x, o, fn, checked));
}

/** fitKMeansFlat as a generator (one checkpoint per Lloyd iteration). Internal. */
export function* fitKMeansFlatSteps(x: FlatMatrix, o: KMeansRunOptions, fn: string, checked = true): Steps<FlatKMeansResult> {
  const tolAbs = o.tol > 0 ? o.tol * meanVariance(x) : 0;
  if (!Number.isFinite(tolAbs)) throw tooLargeValues(fn);
  const { n, d } = x;
  const w = paddedWidth(d);
  const xp: FlatMatrix = { data: padColumns(x.data, n, d, w), n, d: w };
  let best: FlatKMeansResult | null = null;
  for (let run = 0; run < o.nInit; run++) {
    throwIfAborted(o.signal, fn);
    let centers: Float64Array;
    if (Array.isArray(o.init)) centers = padColumns(initCentersFlat(o.init, o.k, d, fn), o.k, d, w);
    else if (o.init === "random") {
      const idx = sampleIndices(n, o.k, o.rng);
      centers = new Float64Array(o.k * w);
      for (let j = 0; j < o.k; j++) centers.set(xp.data.subarray(idx[j] * w, idx[j] * w + w), j * w);
    } else centers = yield* kmeansPlusPlusSteps(xp, o.weights, o.k, o.rng, fn);
    const res = yield* lloydHamerly(xp, o.weights, centers, o.k, o.maxIter, tolAbs, run, o.onProgress, o.signal, fn, checked);
    if (best === null || res.inertia < best.inertia) best = res;
  }
  const r = best as FlatKMeansResult;
  if (!Number.isFinite(r.inertia)) throw tooLargeValues(fn);
  for (let q = 0; q < r.centers.length; q++) if (!Number.isFinite(r.centers[q])) throw tooLargeValues(fn);
  if (w !== d) {
    const c = new Float64Array(o.k * d);
    for (let j = 0; j < o.k; j++) for (let t = 0; t < d; t++) c[j * d + t] = r.centers[j * w + t];
    r.centers = c;
  }
  return r;
}


/**
 * Fits K-Means: k-means++ seeding (greedy, as scikit-learn), then Lloyd's algorithm with
 * Hamerly's and Elkan's triangle-inequality tests so most point-center distances are skipped;
 * empty clusters are re-seeded with the farthest point; of `nInit` restarts the lowest
 * inertia is kept. Time O(nInit · iterations · n k d) in the worst case, usually far less;
 * memory O(n + k d). Exhaustive assignment passes of unweighted fits run in a WebAssembly SIMD
 * kernel when the runtime supports it, else in JavaScript; both give bit-identical models.
 *
 * @param points - `number[][]` or row-major `{ data, n, d }` (scale features first, see `fitScaler`)
 * @param options - `k` (required); `init` (default "k-means++"), `nInit` (default 1, or 10 for
 *   "random"), `maxIter` (300), `tol` (1e-4, relative to the mean feature variance),
 *   `weights`, `rng` (default `createRng(0)`), `onProgress`, `signal`
 * @returns a plain JSON model with centroids, labels, inertia, nIter and converged
 * @throws ClienteleError `INVALID_OPTION` (k < 1 or k > n), `EMPTY_INPUT`, `NON_FINITE`,
 *   `SHAPE_MISMATCH` (init shape), `INVALID_OPTION`, `NEGATIVE_VALUE` (weights), `LENGTH_MISMATCH`, `ABORTED`,
 *   `OUT_OF_RANGE` (values so large that inertia or centroids would overflow: scale the features)
 * @see Arthur & Vassilvitskii (2007), k-means++: the advantages of careful seeding. SODA.
 * @see Hamerly (2010), Making k-means even faster. SDM.
 * @see Elkan (2003), Using the triangle inequality to accelerate k-means. ICML.
 * @example
 * import { fitKMeans, predictKMeans } from "clientele/cluster";
 * const m = fitKMeans([[0, 0], [0, 1], [10, 10], [10, 11]], { k: 2, init: [[0, 0], [10, 10]] });
 * m.centroids; // => [[0, 0.5], [10, 10.5]]
 * m.labels; // => [0, 0, 1, 1]
 * m.inertia; // => 1
 * predictKMeans(m, [[9, 9]]); // => [1]
 */
export function fitKMeans(points: PointsInput, options: FitKMeansOptions): KMeansModel {
  return runSync(fitKMeansSteps(points, options, "fitKMeans"));
}

/**
 * `fitKMeans` that yields to the event loop about every 10 ms (between Lloyd iterations),
 * so `signal` (for example `AbortSignal.timeout(2000)`) stops a long fit in wall-clock time
 * with `ABORTED`. Same model as `fitKMeans` for the same input and seed, bit for bit.
 *
 * @param points - `number[][]` or row-major `{ data, n, d }`
 * @param options - as `fitKMeans`
 * @throws ClienteleError as `fitKMeans`, and `ABORTED` when `signal` fires
 * @example
 * import { fitKMeansAsync } from "clientele/cluster";
 * const m = await fitKMeansAsync([[0], [1], [10], [11]], { k: 2, init: [[0], [10]], signal: AbortSignal.timeout(1000) });
 * m.labels; // => [0, 0, 1, 1]
 */
export async function fitKMeansAsync(points: PointsInput, options: FitKMeansOptions): Promise<KMeansModel> {
  const fn = "fitKMeansAsync";
  const steps = fitKMeansSteps(points, options, fn);
  try {
    return await runAsync(steps, fn, signalOf(options));
  } finally {
    steps.return(undefined as never); // releases the WebAssembly kernel of an aborted fit
  }
}


function* fitKMeansSteps(points: PointsInput, options: FitKMeansOptions, fn: string): Steps<KMeansModel> {
  // a well-formed Float64Array is used as is, and its finiteness is checked inside the
  // first Lloyd pass instead of by a separate scan (see lloydHamerly)
  const fast = unscannedFlat(points);
  const x = fast ?? toFlat(points, fn, "points", true);
  const o = parseKMeansOptions(options, x.n, fn);
  let res: FlatKMeansResult;
  if (fast === null) res = yield* fitKMeansFlatSteps(x, o, fn);
  else {
    try {
      res = yield* fitKMeansFlatSteps(x, o, fn, false);
    } catch (e) {
      const tooLarge = isClienteleError(e) && e.code === "OUT_OF_RANGE";
      if (e !== UNCHECKED_NON_FINITE && !tooLarge) throw e;
      toFlat(points, fn, "points", true); // throws NON_FINITE with the offending position
      if (tooLarge) throw e; // finite but too large: the checked run would fail the same way
      res = yield* fitKMeansFlatSteps(x, o, fn); // finite after all (a cluster sum overflowed): checked run
    }
  }
  return {
    kind: "kmeans",
    version: 1,
    centroids: flatToRows(res.centers, o.k, x.d),
    labels: int32ToArray(res.labels),
    inertia: res.inertia,
    nIter: res.nIter,
    converged: res.converged,
  };
}

/** `{ data: Float64Array, n, d }` of consistent shape, without scanning the values; else null. */
function unscannedFlat(points: PointsInput): FlatMatrix | null {
  if (points === null || typeof points !== "object" || Array.isArray(points) || !("data" in points)) return null;
  const { data, n, d } = points as { data: unknown; n: unknown; d: unknown };
  if (!(data instanceof Float64Array) || !Number.isInteger(n) || !Number.isInteger(d)) return null;
  const nn = n as number;
  const dd = d as number;
  return nn > 0 && dd >= 1 && data.length === nn * dd ? { data, n: nn, d: dd } : null;
}

function int32ToArray(a: Int32Array): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i];
  return out;
}

const rowsSchema = z.array(z.array(z.number().finite()).min(1)).min(1);

/**
 * Assigns each point to its nearest centroid (ties go to the lower index). Works with
 * K-Means and mini-batch K-Means models. Runs in O(n k d), in the WebAssembly SIMD kernel
 * when the runtime supports it (same labels as the JavaScript path).
 *
 * @param model - from `fitKMeans`, `fitMiniBatchKMeans` or `partialFitMiniBatchKMeans`
 * @param points - points in the same (scaled) feature space as the fit
 * @returns the cluster index of each point
 * @throws ClienteleError `INVALID_MODEL`, `SHAPE_MISMATCH`, `EMPTY_INPUT`, `NON_FINITE`
 * @example
 * import { fitKMeans, predictKMeans } from "clientele/cluster";
 * const m = fitKMeans([[0], [1], [10], [11]], { k: 2, init: [[0], [10]] });
 * predictKMeans(m, [[2], [12]]); // => [0, 1]
 */
export function predictKMeans(model: { centroids: number[][] }, points: PointsInput): number[] {
  const fn = "predictKMeans";
  if (model === null || typeof model !== "object") {
    throw new ClienteleError({ code: "INVALID_MODEL", path: ["model"], received: model, message: `${fn}: expected a fitted K-Means model. Got ${describeValue(model)}.` });
  }
  const cents = parseWith(rowsSchema, (model as { centroids: unknown }).centroids, fn, { code: "INVALID_MODEL", root: "model.centroids" });
  const k = cents.length;
  const d = cents[0].length;
  let x = toFlat(points, fn, "points", true);
  if (x.d !== d) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["points"],
      received: x.d,
      message: `${fn}: points have ${x.d} features but the model's centroids have ${d}. Transform new points exactly as the fitting data.`,
    });
  }
  const c = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    if (cents[j].length !== d) {
      throw new ClienteleError({ code: "INVALID_MODEL", path: ["model", "centroids", j], message: `${fn}: model.centroids rows differ in length.` });
    }
    for (let t = 0; t < d; t++) c[j * d + t] = cents[j][t];
  }
  // huge or tiny coordinates: compare distances on everything times an exact power of two,
  // so squared distances neither overflow to Infinity (all tied) nor underflow to 0
  const f = safeFactor(Math.max(maxAbsOf(x.data), maxAbsOf(c)));
  if (f !== 1) {
    x = scaleSafe(x);
    for (let q = 0; q < c.length; q++) c[q] *= f;
  }
  const labels = new Int32Array(x.n);
  // (the kernel's setup costs a few microseconds: small batches stay in JavaScript)
  if (x.n * k < 4096 || !nearestWithKernel(x.data, x.n, d, c, k, labels)) assignNearest(x, c, k, labels);
  return Array.from(labels);
}

const kmeansModelSchema = z
  .object({
    kind: z.literal("kmeans"),
    version: z.literal(1),
    centroids: rowsSchema,
    labels: z.array(z.number().int().nonnegative()),
    inertia: z.number().finite().nonnegative(),
    nIter: z.number().int().nonnegative(),
    converged: z.boolean(),
  })
  .refine((m) => m.centroids.every((r) => r.length === m.centroids[0].length), { message: "centroid rows must have equal length" })
  .refine((m) => m.labels.every((l) => l < m.centroids.length), { message: "labels must be < the number of centroids" });

/**
 * Validates a saved K-Means model (e.g. `JSON.parse` of a stored one) and returns it typed.
 *
 * @param json - a value produced by `JSON.stringify(fitKMeans(...))`
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitKMeans, kmeansFromJSON } from "clientele/cluster";
 * const saved = JSON.stringify(fitKMeans([[0], [1], [5]], { k: 2 }));
 * kmeansFromJSON(JSON.parse(saved)).kind; // => "kmeans"
 */
export function kmeansFromJSON(json: unknown): KMeansModel {
  const fn = "kmeansFromJSON";
  checkModelHeader(json, "kmeans", 1, fn);
  return parseWith(kmeansModelSchema, json, fn, { code: "INVALID_MODEL", root: "model" }) as KMeansModel;
}
