// fitKMeans and fitKMeansAsync, and the flat K-Means that select.ts also runs: restarts over
// seeding + Lloyd, on data padded for the unrolled distance kernels. Internal but for the
// public functions.
import { runAsync, runSync, type Steps } from "../../core/async.js";
import { flatView, type FlatMatrix, type PointsInput } from "../../core/matrix.js";
import type { KernelBackend } from "../../core/wasm.js";
import { flatToRows, sampleIndices, signalOf, throwIfAborted, toFlat } from "../internal.js";
import { padColumns, paddedWidth } from "./distance.js";
import { tooLargeValues } from "./errors.js";
import { lloydHamerly } from "./lloyd.js";
import { initCentersFlat, parseKMeansOptions } from "./options.js";
import { kmeansPlusPlusSteps } from "./seeding.js";
import type { FitKMeansOptions, FlatKMeansResult, KMeansModel, KMeansRunOptions } from "./types.js";

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

/** K-Means on a checked flat matrix with parsed options, as a generator (one checkpoint per Lloyd iteration). Internal. */
export function* fitKMeansFlatSteps(x: FlatMatrix, o: KMeansRunOptions, fn: string): Steps<FlatKMeansResult> {
  const r = yield* flatOutcome(x, o, fn, true);
  if (r === "too-large" || r === "non-finite") throw tooLargeValues(fn);
  return r;
}

/**
 * Why a flat fit gave no model: "too-large", squared distances, inertia or centroids
 * overflow float64 (or, on unscanned input, a value is non-finite); "non-finite", some
 * cluster sum of the first pass is non-finite (only when `checked` is false).
 */
type FlatFailure = "too-large" | "non-finite";

/**
 * The flat fit: `nInit` runs of seeding + Lloyd, the lowest inertia kept. With `checked`
 * false the input has not been scanned for NaN / Infinity, and such a value shows up as a
 * failure (the caller then scans it). Internal.
 */
function* flatOutcome(x: FlatMatrix, o: KMeansRunOptions, fn: string, checked: boolean): Steps<FlatKMeansResult | FlatFailure> {
  const tolAbs = o.tol > 0 ? o.tol * meanVariance(x) : 0;
  if (!Number.isFinite(tolAbs)) return "too-large";
  const { n, d } = x;
  const w = paddedWidth(d);
  const xp: FlatMatrix = { data: padColumns(x.data, n, d, w), n, d: w };
  let best: FlatKMeansResult | null = null;
  for (let run = 0; run < o.nInit; run++) {
    throwIfAborted(o.signal, fn);
    let centers: Float64Array | null;
    if (Array.isArray(o.init)) centers = padColumns(initCentersFlat(o.init, o.k, d, fn), o.k, d, w);
    else if (o.init === "random") {
      const idx = sampleIndices(n, o.k, o.rng);
      centers = new Float64Array(o.k * w);
      for (let j = 0; j < o.k; j++) centers.set(xp.data.subarray(idx[j] * w, idx[j] * w + w), j * w);
    } else centers = yield* kmeansPlusPlusSteps(xp, o.weights, o.k, o.rng);
    if (centers === null) return "too-large";
    const spec = { k: o.k, maxIter: o.maxIter, tolAbs, run, onProgress: o.onProgress, signal: o.signal, fn, checked, backend: o.backend };
    const res = yield* lloydHamerly(xp, o.weights, centers, spec);
    if (res === null) return "non-finite";
    if (best === null || res.inertia < best.inertia) best = res;
  }
  const r = best as FlatKMeansResult;
  if (!Number.isFinite(r.inertia)) return "too-large";
  for (let q = 0; q < r.centers.length; q++) if (!Number.isFinite(r.centers[q])) return "too-large";
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
  return runSync(fitKMeansSteps(points, options, "fitKMeans", "auto"));
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
  const steps = fitKMeansSteps(points, options, fn, "auto");
  try {
    return await runAsync(steps, fn, signalOf(options));
  } finally {
    steps.return(undefined as never); // releases the WebAssembly kernel of an aborted fit
  }
}

/** fitKMeans with a forced assignment backend ("auto" | "wasm" | "js"; tests and benchmarks). Both give bit-identical models. Internal. */
export function fitKMeansWith(points: PointsInput, options: FitKMeansOptions, backend: KernelBackend): KMeansModel {
  return runSync(fitKMeansSteps(points, options, "fitKMeans", backend));
}

function* fitKMeansSteps(points: PointsInput, options: FitKMeansOptions, fn: string, backend: KernelBackend): Steps<KMeansModel> {
  // a well-formed Float64Array is used as is, and its finiteness is checked inside the
  // first Lloyd pass instead of by a separate scan (see lloydHamerly)
  const fast = flatView(points);
  const x = fast ?? toFlat(points, fn, "points", true);
  const o = { ...parseKMeansOptions(options, x.n, fn), backend };
  let res: FlatKMeansResult;
  if (fast === null) res = yield* fitKMeansFlatSteps(x, o, fn);
  else {
    const r = yield* flatOutcome(x, o, fn, false);
    if (r === "too-large" || r === "non-finite") {
      toFlat(points, fn, "points", true); // throws NON_FINITE with the offending position
      // finite but too large: the checked run would fail the same way
      if (r === "too-large") throw tooLargeValues(fn);
      res = yield* fitKMeansFlatSteps(x, o, fn); // finite after all (a cluster sum overflowed): checked run
    } else res = r;
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

function int32ToArray(a: Int32Array): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i];
  return out;
}
