import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { jsonColumns } from "../core/json.js";
import type { PointsInput } from "../core/matrix.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import { progressOption, rngOption, signalOption } from "../core/options.js";
import { createRng, type Rng } from "../core/rng.js";
import { checkModelHeader, parseOptions, parseWith } from "../core/validate.js";
import { flatToRows, signalOf, toFlat } from "./internal.js";
import { adamStep, backward, forward, squaredError, type Activation, type AdamSlot, type Layer } from "./autoencoder/net.js";
import type { TransformedPoints } from "./scale.js";

export type { Activation } from "./autoencoder/net.js";

/** Progress after one epoch, passed to `onProgress`. */
export interface AutoencoderProgress {
  /** Epoch just finished (1-based). */
  epoch: number;
  /** Mean squared reconstruction error per entry on the training rows. */
  trainLoss: number;
  /** The same on the validation rows (null without a validation split). */
  validationLoss: number | null;
}

/** Options of {@link fitAutoencoder}. */
export interface FitAutoencoderOptions {
  /** Widths of the encoder layers; the last is the code width. Default [max(2, ceil(d / 2))]. The decoder mirrors them. */
  encoderWidths?: number[];
  /** Activation of the hidden layers (encoder and decoder): "linear", "relu", "tanh" (default) or "sigmoid". */
  activation?: Activation;
  /** Activation of the code layer. Default "linear". The output layer is always linear. */
  codeActivation?: Activation;
  /** Adam step size. Default 0.01. */
  learningRate?: number;
  /** L2 penalty on the weights (added to the gradient). Default 0. */
  l2?: number;
  /** Passes over the training rows. Default 200. */
  epochs?: number;
  /** Rows per mini-batch. Default 32. */
  batchSize?: number;
  /** Share of rows held out for early stopping, in [0, 0.5]. Default 0.1 (0 turns early stopping off). */
  validationFraction?: number;
  /** Epochs without a validation improvement (relative 1e-4) before stopping; the best weights are kept. Default 20. */
  patience?: number;
  /** Random generator for the initial weights, the split and the shuffles. Default `createRng(0)`. */
  rng?: Rng;
  /** Called after every epoch. */
  onProgress?: (p: AutoencoderProgress) => void;
}

/** Options of {@link fitAutoencoderAsync}: those of `fitAutoencoder`, plus `signal`. */
export interface FitAutoencoderAsyncOptions extends FitAutoencoderOptions {
  /** Stops the fit with `ABORTED`. */
  signal?: AbortSignal;
}

/** One dense layer of a saved autoencoder: out = activation(weights · in + bias). */
export interface AutoencoderLayer {
  /** Inputs. */
  nIn: number;
  /** Outputs. */
  nOut: number;
  /** nOut x nIn weights, row-major. */
  weights: number[];
  /** nOut biases. */
  bias: number[];
  /** Activation. */
  activation: Activation;
}

/** A fitted autoencoder: plain JSON data. */
export interface AutoencoderModel {
  /** Model kind tag. */
  kind: "autoencoder";
  /** Format version. */
  version: 1;
  /** Input features. */
  d: number;
  /** Encoder widths (the last is the code width). */
  encoderWidths: number[];
  /** Layers, encoder first; the first `encoderWidths.length` make the encoder. */
  layers: AutoencoderLayer[];
  /** Epochs run. */
  epochs: number;
  /** The epoch whose weights were kept (best validation loss, or the last). */
  bestEpoch: number;
  /** Whether early stopping ended the fit. */
  stoppedEarly: boolean;
  /** Mean squared error per entry on the training rows (kept weights). */
  trainLoss: number;
  /** The same on the validation rows, or null. */
  validationLoss: number | null;
}

const ACTS = ["linear", "relu", "tanh", "sigmoid"] as const;
const fitShape = {
  encoderWidths: z.array(z.number().int().positive().max(4096)).min(1).max(8).optional(),
  activation: z.enum(ACTS).default("tanh"),
  codeActivation: z.enum(ACTS).default("linear"),
  learningRate: z.number().positive().max(10).default(0.01),
  l2: z.number().nonnegative().default(0),
  epochs: z.number().int().positive().max(100000).default(200),
  batchSize: z.number().int().positive().default(32),
  validationFraction: z.number().min(0).max(0.5).default(0.1),
  patience: z.number().int().positive().default(20),
  rng: rngOption().optional(),
  onProgress: progressOption<AutoencoderProgress>().optional(),
};
const fitSchema = z.object(fitShape).strict();
const fitAsyncSchema = z.object({ ...fitShape, signal: signalOption().optional() }).strict();

/** Largest number of weights a fit accepts. */
const MAX_WEIGHTS = 2 ** 24;

/**
 * Fits a dense autoencoder: an encoder (`encoderWidths`, the last width is the code) and a
 * mirrored decoder trained with Adam on mini-batches to minimize the mean squared
 * reconstruction error, with early stopping on a seeded validation split (the best weights
 * are kept). Deterministic for a given `rng`. Standardize the features first (`fitScaler`);
 * cluster the codes (`encodeAutoencoder`) with `fitKMeans`, profile with the original
 * (scaled) points. A linear autoencoder spans the same subspace as PCA; non-linear
 * activations can follow curved manifolds.
 *
 * @param points - `number[][]` or row-major `{ data, n, d }`, at least 4 points
 * @param options - `encoderWidths`, `activation` ("tanh"), `codeActivation` ("linear"), `learningRate` (0.01),
 *   `l2` (0), `epochs` (200), `batchSize` (32), `validationFraction` (0.1), `patience` (20), `rng`, `onProgress`
 * @returns a plain JSON model; apply it with `encodeAutoencoder` / `decodeAutoencoder`
 * @throws ClienteleError `EMPTY_INPUT`, `NON_FINITE`, `SHAPE_MISMATCH`, `TOO_FEW_OBSERVATIONS`, `INVALID_OPTION`,
 *   `TOO_LARGE` (more than 2^24 weights), `FIT_FAILED` (the loss diverged: the message names a smaller learning rate)
 * @see Hinton & Salakhutdinov (2006), Reducing the dimensionality of data with neural networks. Science 313.
 * @see Kingma & Ba (2015), Adam: a method for stochastic optimization. ICLR.
 * @example
 * import { fitAutoencoder, encodeAutoencoder } from "clientele/cluster";
 * const pts = Array.from({ length: 40 }, (_, i) => [i / 10, -i / 10, i / 20]);
 * const m = fitAutoencoder(pts, { encoderWidths: [1], activation: "linear", epochs: 300 });
 * m.layers.length; // => 2
 * encodeAutoencoder(m, [[0, 0, 0]])[0].length; // => 1
 * m.trainLoss < 1e-3; // => true
 */
export function fitAutoencoder(points: PointsInput, options: FitAutoencoderOptions = {}): AutoencoderModel {
  return runSync(fitSteps(points, options, "fitAutoencoder"));
}

/**
 * `fitAutoencoder` that yields to the event loop between mini-batches, so `signal` stops it with
 * `ABORTED`. Same result as `fitAutoencoder` for the same options.
 *
 * @param points - as `fitAutoencoder`
 * @param options - as `fitAutoencoder`, plus `signal`
 * @throws ClienteleError as `fitAutoencoder`, and `ABORTED`
 * @example
 * import { fitAutoencoderAsync } from "clientele/cluster";
 * const pts = Array.from({ length: 20 }, (_, i) => [i, 2 * i]);
 * const m = await fitAutoencoderAsync(pts, { encoderWidths: [1], epochs: 5, signal: AbortSignal.timeout(5000) });
 * m.epochs; // => 5
 */
export async function fitAutoencoderAsync(points: PointsInput, options: FitAutoencoderAsyncOptions = {}): Promise<AutoencoderModel> {
  const fn = "fitAutoencoderAsync";
  const steps = fitSteps(points, options, fn);
  try {
    return await runAsync(steps, fn, signalOf(options));
  } finally {
    steps.return(undefined as never);
  }
}

function glorot(rng: Rng, nIn: number, nOut: number): Float64Array {
  const a = Math.sqrt(6 / (nIn + nOut));
  const w = new Float64Array(nIn * nOut);
  for (let i = 0; i < w.length; i++) w[i] = (2 * rng.uniform() - 1) * a;
  return w;
}

function* fitSteps(points: PointsInput, options: FitAutoencoderAsyncOptions, fn: string): Steps<AutoencoderModel> {
  const o = parseOptions((fn === "fitAutoencoder" ? fitSchema : fitAsyncSchema) as typeof fitAsyncSchema, options, fn) as z.output<typeof fitSchema>;
  const x = toFlat(points, fn, "points", true);
  const { n, d } = x;
  if (n < 4) {
    throw new ClienteleError({
      code: "TOO_FEW_OBSERVATIONS",
      path: ["points"],
      received: n,
      message: `${fn}: an autoencoder needs at least 4 points; got ${n}.`,
    });
  }
  const enc = o.encoderWidths ?? [Math.max(2, Math.ceil(d / 2))];
  const widths = [d, ...enc, ...enc.slice(0, -1).reverse(), d];
  let nWeights = 0;
  for (let l = 0; l + 1 < widths.length; l++) nWeights += widths[l] * widths[l + 1];
  if (nWeights > MAX_WEIGHTS) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "encoderWidths"],
      received: nWeights,
      message: `${fn}: ${nWeights} weights is more than ${MAX_WEIGHTS}. Use narrower encoderWidths, or reduce d with fitPca first.`,
    });
  }
  const rng = o.rng ?? createRng(0);
  const L = widths.length - 1;
  const layers: Layer[] = [];
  for (let l = 0; l < L; l++) {
    const act: Activation = l === L - 1 ? "linear" : l === enc.length - 1 ? o.codeActivation : o.activation;
    layers.push({ nIn: widths[l], nOut: widths[l + 1], w: glorot(rng, widths[l], widths[l + 1]), b: new Float64Array(widths[l + 1]), act });
  }
  // split: a seeded permutation; the first nVal rows validate
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const nVal = o.validationFraction > 0 ? Math.max(1, Math.round(n * o.validationFraction)) : 0;
  const nTrain = n - nVal;
  const gather = (from: number, to: number): Float64Array => {
    const out = new Float64Array((to - from) * d);
    for (let r = from; r < to; r++) out.set(x.data.subarray(perm[r] * d, perm[r] * d + d), (r - from) * d);
    return out;
  };
  const val = gather(0, nVal);
  const train = gather(nVal, n);
  const bs = Math.min(o.batchSize, nTrain);
  const chunk = Math.max(bs, Math.min(nTrain, 1024));
  const mk = (m: number) => layers.map((ly) => new Float64Array(m * ly.nOut));
  const acts = mk(chunk);
  const delta = mk(bs);
  const gw = layers.map((ly) => new Float64Array(ly.w.length));
  const gb = layers.map((ly) => new Float64Array(ly.b.length));
  const slots: AdamSlot[] = [];
  for (const ly of layers)
    slots.push({ m: new Float64Array(ly.w.length), v: new Float64Array(ly.w.length) }, { m: new Float64Array(ly.b.length), v: new Float64Array(ly.b.length) });
  const batch = new Float64Array(bs * d);
  const evalLoss = (data: Float64Array, m: number): number => {
    let s = 0;
    for (let r = 0; r < m; r += chunk) {
      const k = Math.min(chunk, m - r);
      const part = data.subarray(r * d, (r + k) * d);
      forward(layers, part, k, acts);
      s += squaredError(part, acts[L - 1], k, d);
    }
    return s / (m * d);
  };
  const initial = evalLoss(train, nTrain);
  const order = Int32Array.from({ length: nTrain }, (_, i) => i);
  let step = 0;
  let best = Infinity;
  let bestEpoch = 0;
  let bestW = layers.map((ly) => [ly.w.slice(), ly.b.slice()]);
  let since = 0;
  let epoch = 0;
  let stoppedEarly = false;
  let trainLoss = initial;
  for (epoch = 1; epoch <= o.epochs; epoch++) {
    for (let i = nTrain - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (let s0 = 0; s0 < nTrain; s0 += bs) {
      const m = Math.min(bs, nTrain - s0);
      for (let r = 0; r < m; r++) batch.set(train.subarray(order[s0 + r] * d, order[s0 + r] * d + d), r * d);
      forward(layers, batch, m, acts);
      backward(layers, batch, m, acts, delta, gw, gb);
      step++;
      for (let l = 0; l < L; l++) {
        adamStep(layers[l].w, gw[l], slots[2 * l], o.learningRate, step, o.l2);
        adamStep(layers[l].b, gb[l], slots[2 * l + 1], o.learningRate, step, 0);
      }
      yield;
    }
    trainLoss = evalLoss(train, nTrain);
    if (!Number.isFinite(trainLoss) || trainLoss > 1e4 * Math.max(initial, 1e-300)) {
      throw new ClienteleError({
        code: "FIT_FAILED",
        path: ["options", "learningRate"],
        received: o.learningRate,
        message: `${fn}: the reconstruction loss diverged at epoch ${epoch} (${Number.isFinite(trainLoss) ? trainLoss.toExponential(2) : trainLoss} against ${initial.toExponential(2)} at the start). Try learningRate: ${o.learningRate / 10}, and standardize the features with fitScaler.`,
      });
    }
    const vLoss = nVal > 0 ? evalLoss(val, nVal) : null;
    o.onProgress?.({ epoch, trainLoss, validationLoss: vLoss });
    const watch = vLoss ?? trainLoss;
    if (watch < best * (1 - 1e-4)) {
      best = watch;
      bestEpoch = epoch;
      bestW = layers.map((ly) => [ly.w.slice(), ly.b.slice()]);
      since = 0;
    } else if (nVal > 0 && ++since >= o.patience) {
      stoppedEarly = true;
      break;
    }
  }
  const ran = Math.min(epoch, o.epochs);
  if (nVal > 0 || bestEpoch !== ran) {
    layers.forEach((ly, l) => {
      ly.w.set(bestW[l][0]);
      ly.b.set(bestW[l][1]);
    });
    trainLoss = evalLoss(train, nTrain);
  }
  return {
    kind: "autoencoder",
    version: 1,
    d,
    encoderWidths: [...enc],
    layers: layers.map((ly) => ({ nIn: ly.nIn, nOut: ly.nOut, weights: Array.from(ly.w), bias: Array.from(ly.b), activation: ly.act })),
    epochs: ran,
    bestEpoch: bestEpoch || ran,
    stoppedEarly,
    trainLoss,
    validationLoss: nVal > 0 ? evalLoss(val, nVal) : null,
  };
}

function run(model: AutoencoderModel, from: number, to: number, points: PointsInput, fn: string): { out: Float64Array; n: number; w: number } {
  const x = toFlat(points, fn, "points", true);
  const want = model.layers[from].nIn;
  if (x.d !== want) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["points"],
      received: x.d,
      message: `${fn}: points have ${x.d} columns but the model expects ${want} (${from === 0 ? "the fitted features, in the same order" : "one value per code dimension"}).`,
    });
  }
  const layers: Layer[] = model.layers
    .slice(from, to)
    .map((l) => ({ nIn: l.nIn, nOut: l.nOut, w: Float64Array.from(l.weights), b: Float64Array.from(l.bias), act: l.activation }));
  const acts = layers.map((ly) => new Float64Array(x.n * ly.nOut));
  forward(layers, x.data, x.n, acts);
  const out = acts[acts.length - 1];
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: ["points", Math.floor(i / layers[layers.length - 1].nOut)],
        message: `${fn}: the result overflows float64. Scale the points as the fit's were.`,
      });
    }
  }
  return { out, n: x.n, w: layers[layers.length - 1].nOut };
}

function shaped<P extends PointsInput>(points: P, r: { out: Float64Array; n: number; w: number }): TransformedPoints<P> {
  return (Array.isArray(points) ? flatToRows(r.out, r.n, r.w) : jsonColumns({ data: r.out, n: r.n, d: r.w })) as TransformedPoints<P>;
}

/**
 * Encodes points (the fitted features, same scaling) to the autoencoder's code. Rows in give
 * rows out; `{ data, n, d }` in gives a FlatMatrix out.
 *
 * @param model - from `fitAutoencoder` or `autoencoderFromJSON`
 * @param points - n x d points
 * @returns n x code-width codes
 * @throws ClienteleError `SHAPE_MISMATCH`, `NON_FINITE`, `EMPTY_INPUT`, `INVALID_MODEL`, `OUT_OF_RANGE`
 * @example
 * import { fitAutoencoder, encodeAutoencoder } from "clientele/cluster";
 * const m = fitAutoencoder([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]], { encoderWidths: [1], epochs: 3 });
 * encodeAutoencoder(m, [[1, 1], [2, 2]]).length; // => 2
 */
export function encodeAutoencoder<P extends PointsInput>(model: AutoencoderModel, points: P): TransformedPoints<P> {
  const fn = "encodeAutoencoder";
  const m = parseModel(model, fn);
  return shaped(points, run(m, 0, m.encoderWidths.length, points, fn));
}

/**
 * Decodes codes back to the feature space (the reconstruction, in the fit's units).
 *
 * @param model - from `fitAutoencoder`
 * @param codes - n x code-width values (e.g. from `encodeAutoencoder`, or K-Means centroids of the codes)
 * @returns n x d points
 * @throws ClienteleError `SHAPE_MISMATCH`, `NON_FINITE`, `EMPTY_INPUT`, `INVALID_MODEL`, `OUT_OF_RANGE`
 * @example
 * import { fitAutoencoder, decodeAutoencoder } from "clientele/cluster";
 * const m = fitAutoencoder([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]], { encoderWidths: [1], epochs: 3 });
 * decodeAutoencoder(m, [[0.5]])[0].length; // => 2
 */
export function decodeAutoencoder<P extends PointsInput>(model: AutoencoderModel, codes: P): TransformedPoints<P> {
  const fn = "decodeAutoencoder";
  const m = parseModel(model, fn);
  return shaped(codes, run(m, m.encoderWidths.length, m.layers.length, codes, fn));
}

const layerSchema = z
  .object({
    nIn: z.number().int().positive(),
    nOut: z.number().int().positive(),
    weights: z.array(z.number().finite()),
    bias: z.array(z.number().finite()),
    activation: z.enum(ACTS),
  })
  .refine((l) => l.weights.length === l.nIn * l.nOut && l.bias.length === l.nOut, { message: "weights must have nIn * nOut entries and bias nOut" });
const modelSchema = z
  .object({
    kind: z.literal("autoencoder"),
    version: z.literal(1),
    d: z.number().int().positive(),
    encoderWidths: z.array(z.number().int().positive()).min(1),
    layers: z.array(layerSchema).min(2),
    epochs: z.number().int().positive(),
    bestEpoch: z.number().int().positive(),
    stoppedEarly: z.boolean(),
    trainLoss: z.number().finite().nonnegative(),
    validationLoss: z.number().finite().nonnegative().nullable(),
  })
  .refine((m) => m.layers.length === 2 * m.encoderWidths.length, { message: "layers must be the encoder and its mirrored decoder" })
  .refine((m) => m.layers[0].nIn === m.d && m.layers[m.layers.length - 1].nOut === m.d, {
    message: "the first layer must take d inputs and the last give d outputs",
  })
  .refine((m) => m.layers.every((l, i) => i === 0 || l.nIn === m.layers[i - 1].nOut), { message: "consecutive layers must have matching widths" })
  .refine((m) => m.encoderWidths.every((w, i) => m.layers[i].nOut === w), { message: "encoder layer widths must equal encoderWidths" });

/**
 * Validates a saved autoencoder (e.g. `JSON.parse` of a stored one) and returns it typed.
 *
 * @param json - a value produced by `JSON.stringify(fitAutoencoder(...))`
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitAutoencoder, autoencoderFromJSON } from "clientele/cluster";
 * const saved = JSON.stringify(fitAutoencoder([[0, 1], [1, 0], [2, 1], [3, 0]], { encoderWidths: [1], epochs: 2 }));
 * autoencoderFromJSON(JSON.parse(saved)).encoderWidths; // => [1]
 */
export function autoencoderFromJSON(json: unknown): AutoencoderModel {
  return parseModel(json, "autoencoderFromJSON");
}

function parseModel(json: unknown, fn: string): AutoencoderModel {
  checkModelHeader(json, "autoencoder", 1, fn);
  return parseWith(modelSchema, json, fn, { code: "INVALID_MODEL", root: "model" }) as AutoencoderModel;
}
