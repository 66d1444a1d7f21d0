import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import type { FlatMatrix, PointsInput } from "../core/matrix.js";
import { createRng, type Rng } from "../core/rng.js";
import { progressOption, rngOption, signalOption } from "../core/options.js";
import { checkModelHeader, parseOptions, parseWith } from "../core/validate.js";
import { checkK, flatToRows, sampleIndices, signalOf, throwIfAborted, toFlat } from "./internal.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import { nearest, sqDistRow } from "./kmeans/distance.js";
import { tooLargeValues } from "./kmeans/errors.js";
import { meanVariance } from "./kmeans/fit.js";
import { initCentersFlat } from "./kmeans/options.js";
import { nearestLabels } from "./kmeans/predict.js";
import { kmeansPlusPlusSteps } from "./kmeans/seeding.js";

/** Progress of one mini-batch step, passed to `onProgress`. */
export interface MiniBatchProgress {
  /** Step number, starting at 1. */
  step: number;
  /** Total steps planned (`ceil(maxIter * n / batchSize)`). */
  totalSteps: number;
  /** Mean squared distance of this batch's points to their nearest center before the update. */
  batchInertia: number;
  /** Exponentially weighted average of `batchInertia` (the early-stopping signal). */
  ewaInertia: number;
}

/** Options of {@link fitMiniBatchKMeans}. */
export interface FitMiniBatchKMeansOptions {
  /** Number of clusters, an integer in [1, n]. */
  k: number;
  /** Points per mini-batch, drawn with replacement. Default 1024. */
  batchSize?: number;
  /** Maximum passes over the data (epochs); steps = ceil(maxIter * n / batchSize). Default 100. */
  maxIter?: number;
  /** `"k-means++"` (default) or `"random"` on a seeded subset of `initSize` points, or explicit k x d centers. */
  init?: "k-means++" | "random" | number[][];
  /** Points used to initialize. Default min(n, max(3 * batchSize, 3 * k)). */
  initSize?: number;
  /** Stop after this many steps without improvement of the smoothed batch inertia. Default 10; 0 disables. */
  maxNoImprovement?: number;
  /** Stop when the summed squared center shift of a step is at most tol x mean feature variance. Default 0 (off). */
  tol?: number;
  /** Random generator (initialization and batches). Default `createRng(0)`. */
  rng?: Rng;
  /** Called after every step. */
  onProgress?: (progress: MiniBatchProgress) => void;
  /** Aborts (throws `ABORTED`) when signalled; checked every step. */
  signal?: AbortSignal;
}

/** Options of {@link partialFitMiniBatchKMeans} (used only when starting a new model). */
export interface PartialFitMiniBatchKMeansOptions {
  /** Number of clusters; required when `model` is null. */
  k?: number;
  /** Initialization on the first chunk. Default "k-means++". */
  init?: "k-means++" | "random" | number[][];
  /** Random generator for the initialization. Default `createRng(0)`. */
  rng?: Rng;
}

/**
 * A mini-batch K-Means model: plain JSON data. `labels` and `inertia` refer to the points
 * passed to the call that produced it (all points for `fitMiniBatchKMeans`, the last chunk
 * for `partialFitMiniBatchKMeans`), against the final centroids.
 */
export interface MiniBatchKMeansModel {
  /** Model kind tag. */
  kind: "minibatch-kmeans";
  /** Format version. */
  version: 1;
  /** k centers, each with d coordinates. */
  centroids: number[][];
  /** Points absorbed by each center so far (its learning rate is 1 / count). */
  counts: number[];
  /** Total points processed across steps. */
  nSamplesSeen: number;
  /** Mini-batch steps taken. */
  nSteps: number;
  /** Cluster of each point of the last call's data. */
  labels: number[];
  /** Sum of squared distances of the last call's points to their centroid. */
  inertia: number;
}

const rngSchema = rngOption();
const nearOut = /* @__PURE__ */ new Float64Array(3);
const initSchema = z.union([z.enum(["k-means++", "random"]), z.array(z.array(z.number().finite()))]);

const fitSchema = z
  .object({
    k: z.number(),
    batchSize: z.number().int().positive().default(1024),
    maxIter: z.number().int().positive().default(100),
    init: initSchema.default("k-means++"),
    initSize: z.number().int().positive().optional(),
    maxNoImprovement: z.number().int().nonnegative().default(10),
    tol: z.number().finite().nonnegative().default(0),
    rng: rngSchema.optional(),
    onProgress: progressOption<MiniBatchProgress>().optional(),
    signal: signalOption().optional(),
  })
  .strict();

const partialSchema = z.object({ k: z.number().optional(), init: initSchema.default("k-means++"), rng: rngSchema.optional() }).strict();

function initCenters(x: FlatMatrix, k: number, init: "k-means++" | "random" | number[][], initSize: number, rng: Rng, fn: string): Float64Array {
  return runSync(initCentersSteps(x, k, init, initSize, rng, fn));
}

function* initCentersSteps(x: FlatMatrix, k: number, init: "k-means++" | "random" | number[][], initSize: number, rng: Rng, fn: string): Steps<Float64Array> {
  const { n, d } = x;
  if (Array.isArray(init)) return initCentersFlat(init, k, d, fn);
  let sub = x;
  if (initSize < n) {
    const idx = sampleIndices(n, initSize, rng);
    const data = new Float64Array(initSize * d);
    for (let p = 0; p < initSize; p++) data.set(x.data.subarray(idx[p] * d, idx[p] * d + d), p * d);
    sub = { data, n: initSize, d };
  }
  if (init === "random") {
    const idx = sampleIndices(sub.n, k, rng);
    const c = new Float64Array(k * d);
    for (let j = 0; j < k; j++) c.set(sub.data.subarray(idx[j] * d, idx[j] * d + d), j * d);
    return c;
  }
  const c = yield* kmeansPlusPlusSteps(sub, null, k, rng);
  if (c === null) throw tooLargeValues(fn);
  return c;
}

/** `OUT_OF_RANGE` when huge values overflowed the centers or the inertia. */
function checkFinite(c: Float64Array, inertia: number, fn: string): void {
  if (!Number.isFinite(inertia)) throw tooLargeValues(fn);
  for (let t = 0; t < c.length; t++) if (!Number.isFinite(c[t])) throw tooLargeValues(fn);
}

/**
 * One mini-batch update (Sculley 2010, as scikit-learn): assigns the batch rows to their
 * nearest centers, then moves each center to the running mean of every point it has
 * absorbed. Returns the batch's summed squared distance before the update. Internal.
 */
function miniBatchStep(x: FlatMatrix, rows: Int32Array | null, m: number, c: Float64Array, counts: Float64Array, k: number): number {
  const { data, d } = x;
  const sums = new Float64Array(k * d);
  const bc = new Float64Array(k);
  const out = nearOut;
  let inertia = 0;
  for (let q = 0; q < m; q++) {
    const i = rows === null ? q : rows[q];
    const oi = i * d;
    // the K-Means distance kernel: same distances and tie rule (lower index) as a plain scan
    nearest(data, oi, d, c, k, out);
    const bj = out[2];
    inertia += out[0];
    bc[bj]++;
    for (let t = 0; t < d; t++) sums[bj * d + t] += data[oi + t];
  }
  for (let j = 0; j < k; j++) {
    if (bc[j] === 0) continue;
    const total = counts[j] + bc[j];
    for (let t = 0; t < d; t++) c[j * d + t] = (c[j * d + t] * counts[j] + sums[j * d + t]) / total;
    counts[j] = total;
  }
  return inertia;
}

/** Labels and inertia of every point against the final centers (as predictKMeans labels them, WebAssembly when available). */
function labelAll(x: FlatMatrix, c: Float64Array, k: number): { labels: number[]; inertia: number } {
  const { data, n, d } = x;
  const labels = new Int32Array(n);
  nearestLabels(x, c, k, labels);
  // the squared distance to the chosen center, the same number the scan compared
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += sqDistRow(data, i * d, c, labels[i] * d, d);
  return { labels: Array.from(labels), inertia };
}

/**
 * Fits K-Means with mini-batches (Sculley 2010): each step draws `batchSize` points,
 * assigns them to the nearest center and moves each center toward the running mean of the
 * points it has absorbed. Much cheaper than Lloyd on very large n at a small inertia cost;
 * stops early when the smoothed batch inertia stops improving (scikit-learn's rule).
 * Time O(steps · batchSize · k d) + one final O(n k d) labelling pass.
 *
 * @param points - `number[][]` or `{ data, n, d }`
 * @param options - `k` (required), `batchSize` (1024), `maxIter` epochs (100), `init`
 *   ("k-means++"), `initSize`, `maxNoImprovement` (10), `tol` (0), `rng`, `onProgress`, `signal`
 * @returns a plain JSON model; `labels`/`inertia` cover all points
 * @throws ClienteleError `INVALID_OPTION` (k), `EMPTY_INPUT`, `NON_FINITE`, `SHAPE_MISMATCH`, `INVALID_OPTION`, `ABORTED`
 * @see Sculley (2010), Web-scale k-means clustering. WWW.
 * @example
 * import { fitMiniBatchKMeans, predictKMeans } from "clientele/cluster";
 * const m = fitMiniBatchKMeans([[0], [1], [10], [11]], { k: 2, batchSize: 4, init: [[0], [10]] });
 * m.labels; // => [0, 0, 1, 1]
 * predictKMeans(m, [[12]]); // => [1]
 */
export function fitMiniBatchKMeans(points: PointsInput, options: FitMiniBatchKMeansOptions): MiniBatchKMeansModel {
  return runSync(miniBatchSteps(points, options, "fitMiniBatchKMeans"));
}

/**
 * `fitMiniBatchKMeans` that yields to the event loop about every 10 ms (between mini-batch
 * steps), so `signal` (for example `AbortSignal.timeout(2000)`) stops it in wall-clock time
 * with `ABORTED`. Same model as `fitMiniBatchKMeans` for the same input and seed.
 *
 * @param points - `number[][]` or `{ data, n, d }` (scaled)
 * @param options - as `fitMiniBatchKMeans`
 * @throws ClienteleError as `fitMiniBatchKMeans`, and `ABORTED` when `signal` fires
 * @example
 * import { fitMiniBatchKMeansAsync } from "clientele/cluster";
 * const m = await fitMiniBatchKMeansAsync([[0], [1], [10], [11]], { k: 2, init: [[0], [10]], signal: AbortSignal.timeout(1000) });
 * m.centroids.length; // => 2
 */
export async function fitMiniBatchKMeansAsync(points: PointsInput, options: FitMiniBatchKMeansOptions): Promise<MiniBatchKMeansModel> {
  const fn = "fitMiniBatchKMeansAsync";
  const steps = miniBatchSteps(points, options, fn);
  try {
    return await runAsync(steps, fn, signalOf(options));
  } finally {
    steps.return(undefined as never);
  }
}

function* miniBatchSteps(points: PointsInput, options: FitMiniBatchKMeansOptions, fn: string): Steps<MiniBatchKMeansModel> {
  const o = parseOptions(fitSchema, options, fn);
  const x = toFlat(points, fn, "points", true);
  const { n, d } = x;
  checkK(o.k, n, fn);
  const k = o.k;
  const rng = o.rng ?? createRng(0);
  const initSize = Math.min(n, o.initSize ?? Math.max(3 * o.batchSize, 3 * k));
  if (initSize < k) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "initSize"],
      received: initSize,
      message: `${fn}: options.initSize (${initSize}) must be at least k (${k}).`,
    });
  }
  const c = yield* initCentersSteps(x, k, o.init, initSize, rng, fn);
  const counts = new Float64Array(k);
  const batch = Math.min(o.batchSize, n);
  const totalSteps = Math.ceil((o.maxIter * n) / batch);
  const tolAbs = o.tol > 0 ? o.tol * meanVariance(x) : 0;
  if (!Number.isFinite(tolAbs)) throw tooLargeValues(fn);
  const alpha = Math.min(1, (batch * 2) / (n + 1));
  let ewa = NaN;
  let ewaMin = Infinity;
  let noImprove = 0;
  let steps = 0;
  const rows = new Int32Array(batch);
  const prev = new Float64Array(k * d);
  for (let step = 0; step < totalSteps; step++) {
    throwIfAborted(o.signal, fn);
    for (let q = 0; q < batch; q++) rows[q] = rng.int(n);
    prev.set(c);
    const bi = miniBatchStep(x, rows, batch, c, counts, k) / batch;
    steps++;
    ewa = step === 0 ? bi : ewa * (1 - alpha) + bi * alpha;
    o.onProgress?.({ step: step + 1, totalSteps, batchInertia: bi, ewaInertia: ewa });
    yield;
    if (tolAbs > 0) {
      let shift = 0;
      for (let t = 0; t < k * d; t++) shift += (c[t] - prev[t]) ** 2;
      if (shift <= tolAbs) break;
    }
    if (o.maxNoImprovement > 0) {
      if (ewa < ewaMin) {
        ewaMin = ewa;
        noImprove = 0;
      } else if (++noImprove >= o.maxNoImprovement) break;
    }
  }
  const { labels, inertia } = labelAll(x, c, k);
  checkFinite(c, inertia, fn);
  return {
    kind: "minibatch-kmeans",
    version: 1,
    centroids: flatToRows(c, k, d),
    counts: Array.from(counts),
    nSamplesSeen: steps * batch,
    nSteps: steps,
    labels,
    inertia,
  };
}

/**
 * Updates a mini-batch K-Means model with one chunk of points (the whole chunk is one
 * batch), for data that arrives in pieces. With `model` null, the centers are first
 * initialized from this chunk. Returns a new model; the input model is not changed.
 * Time O(chunk · k d).
 *
 * @param model - a previous result, or null to start
 * @param chunk - `number[][]` or `{ data, n, d }` (needs at least k points when starting)
 * @param options - `k` (required when starting), `init` ("k-means++"), `rng`
 * @returns the updated model; `labels`/`inertia` cover this chunk
 * @throws ClienteleError `INVALID_OPTION`, `INVALID_MODEL`, `SHAPE_MISMATCH`, `EMPTY_INPUT`, `NON_FINITE`
 * @see Sculley (2010), Web-scale k-means clustering. WWW.
 * @example
 * import { partialFitMiniBatchKMeans } from "clientele/cluster";
 * let m = partialFitMiniBatchKMeans(null, [[0], [10]], { k: 2, init: [[0], [10]] });
 * m = partialFitMiniBatchKMeans(m, [[2], [12]]);
 * m.centroids; // => [[1], [11]]
 */
export function partialFitMiniBatchKMeans(
  model: MiniBatchKMeansModel | null,
  chunk: PointsInput,
  options: PartialFitMiniBatchKMeansOptions = {},
): MiniBatchKMeansModel {
  const fn = "partialFitMiniBatchKMeans";
  const o = parseOptions(partialSchema, options, fn);
  const x = toFlat(chunk, fn, "chunk", true);
  const { n, d } = x;
  let c: Float64Array;
  let counts: Float64Array;
  let k: number;
  let seen = 0;
  let steps = 0;
  if (model === null || model === undefined) {
    if (o.k === undefined) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "k"],
        message: `${fn}: options.k is required when starting a new model (model is null).`,
      });
    }
    k = o.k;
    checkK(k, n, fn);
    c = initCenters(x, k, o.init, n, o.rng ?? createRng(0), fn);
    counts = new Float64Array(k);
  } else {
    const m = parseMiniBatch(model, fn);
    k = m.centroids.length;
    if (m.centroids[0].length !== d) {
      throw new ClienteleError({
        code: "SHAPE_MISMATCH",
        path: ["chunk"],
        received: d,
        message: `${fn}: chunk has ${d} features but the model has ${m.centroids[0].length}.`,
      });
    }
    c = new Float64Array(k * d);
    for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) c[j * d + t] = m.centroids[j][t];
    counts = Float64Array.from(m.counts);
    seen = m.nSamplesSeen;
    steps = m.nSteps;
  }
  miniBatchStep(x, null, n, c, counts, k);
  const { labels, inertia } = labelAll(x, c, k);
  checkFinite(c, inertia, fn);
  return {
    kind: "minibatch-kmeans",
    version: 1,
    centroids: flatToRows(c, k, d),
    counts: Array.from(counts),
    nSamplesSeen: seen + n,
    nSteps: steps + 1,
    labels,
    inertia,
  };
}

const modelSchema = z
  .object({
    kind: z.literal("minibatch-kmeans"),
    version: z.literal(1),
    centroids: z.array(z.array(z.number().finite()).min(1)).min(1),
    counts: z.array(z.number().finite().nonnegative()),
    nSamplesSeen: z.number().int().nonnegative(),
    nSteps: z.number().int().nonnegative(),
    labels: z.array(z.number().int().nonnegative()),
    inertia: z.number().finite().nonnegative(),
  })
  .refine((m) => m.centroids.every((r) => r.length === m.centroids[0].length), { message: "centroid rows must have equal length" })
  .refine((m) => m.counts.length === m.centroids.length, { message: "counts must have one entry per centroid" })
  .refine((m) => m.labels.every((l) => l < m.centroids.length), { message: "labels must be < the number of centroids" });

/**
 * Validates a saved mini-batch K-Means model and returns it typed.
 *
 * @param json - a value produced by `JSON.stringify(fitMiniBatchKMeans(...))`
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitMiniBatchKMeans, miniBatchKMeansFromJSON } from "clientele/cluster";
 * const saved = JSON.stringify(fitMiniBatchKMeans([[0], [1], [5]], { k: 2 }));
 * miniBatchKMeansFromJSON(JSON.parse(saved)).kind; // => "minibatch-kmeans"
 */
export function miniBatchKMeansFromJSON(json: unknown): MiniBatchKMeansModel {
  return parseMiniBatch(json, "miniBatchKMeansFromJSON");
}

function parseMiniBatch(json: unknown, fn: string): MiniBatchKMeansModel {
  checkModelHeader(json, "minibatch-kmeans", 1, fn);
  return parseWith(modelSchema, json, fn, { code: "INVALID_MODEL", root: "model" }) as MiniBatchKMeansModel;
}
