/**
 * Shared machinery of the buy-till-you-die fits: column checks, options, the penalized
 * maximum-likelihood driver (BFGS on log-parameters with a fallback start), standard errors
 * and confidence intervals from the Hessian, and saved-model validation.
 */
import * as z from "zod";
import { ClienteleError } from "../core/errors.js";
import { minimizeBfgs, numericHessian, invertSpd, type ObjectiveWithGradient, type BfgsResult } from "../core/optimize.js";
import { parseOptions, parseWith, toFloat64Column, requireNonEmpty, checkModelHeader } from "../core/validate.js";
import { compressRft, type CompressedRft } from "./compress.js";

/** Per-customer columns of a buy-till-you-die model, all in the same time unit (e.g. weeks). */
export interface CustomerColumnsRFT {
  /** Number of repeat purchases x (whole number >= 0). */
  frequency: ArrayLike<number>;
  /** Time from the first to the last purchase t_x (0 when frequency is 0), <= T. */
  recency: ArrayLike<number>;
  /** Time from the first purchase to the end of observation (> 0). */
  T: ArrayLike<number>;
}

/** Customer columns for fitting, with optional per-row weights (counts of identical customers). */
export interface FitTransactionInput extends CustomerColumnsRFT {
  /** Non-negative weight of each row (default 1); summarized data pass pattern counts here. */
  weights?: ArrayLike<number>;
}

/** Options of `fitBgNbd`, `fitMbgNbd` and `fitParetoNbd`. */
export interface FitTransactionOptions {
  /**
   * L2 penalty c >= 0 (default 0), lifetimes' `penalizer_coef`: the fit minimizes
   * −(Σ wᵢ·LLᵢ)/(Σ wᵢ) + c·Σₖ θₖ² with θ the natural-scale parameters.
   */
  penalty?: number;
  /** Row weights; overrides `customers.weights` when both are given. */
  weights?: ArrayLike<number>;
  /** Maximum BFGS iterations per start (default 500). */
  maxIter?: number;
  /** Called after every optimizer iteration with the penalized mean negative log-likelihood. */
  onProgress?: (info: { iteration: number; value: number; gradNorm: number }) => void;
  /** Aborts the fit with `ABORTED`. */
  signal?: AbortSignal;
}

/** Fields every fitted transaction model carries besides its parameters. */
export interface TransactionFitInfo<P extends string> {
  /** Full log-likelihood Σ wᵢ log Lᵢ at the estimates (all constants included, no penalty). */
  logLikelihood: number;
  /** Standard errors on the natural scale (delta method from the log-scale Hessian); null when the Hessian is singular. */
  standardErrors: Record<P, number | null>;
  /** 95% intervals exp(log θ ± 1.96·se(log θ)), always positive; null when the Hessian is singular. */
  confidenceIntervals: Record<P, [number, number] | null>;
  /** Number of customers (rows with non-zero weight). */
  nCustomers: number;
  /** Number of distinct (frequency, recency, T) patterns the likelihood was evaluated on. */
  nPatterns: number;
  /** Sum of the row weights. */
  totalWeight: number;
  /** The L2 penalty used. */
  penalty: number;
  /** Optimizer iterations of the accepted start. */
  nIter: number;
  /** Whether the optimizer met its gradient criterion. */
  converged: boolean;
}

export const fitTransactionOptionsSchema = z
  .object({
    penalty: z.number().min(0).finite().optional(),
    weights: z.any().optional(),
    maxIter: z.number().int().min(1).max(100000).optional(),
    onProgress: z.function().optional(),
    signal: z.any().optional(),
  })
  .passthrough();

/** Checked, copied columns. */
export interface RftColumns {
  n: number;
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
}

/**
 * Copies and checks (frequency, recency, T): whole frequency >= 0, recency >= 0, T > 0,
 * recency <= T (`RECENCY_AFTER_T`) and recency 0 when frequency is 0 (`RECENCY_WITHOUT_REPEAT`).
 */
export function toRftColumns(customers: unknown, fn: string, allowEmpty = false): RftColumns {
  if (customers === null || typeof customers !== "object") {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["customers"],
      received: customers,
      message: `${fn}: customers must be an object of columns { frequency, recency, T }. Got ${customers === null ? "null" : typeof customers}.`,
    });
  }
  const c = customers as Partial<CustomerColumnsRFT>;
  const frequency = toFloat64Column(c.frequency, fn, "frequency", { min: 0, integer: true });
  const n = frequency.length;
  const recency = toFloat64Column(c.recency, fn, "recency", { min: 0 }, n);
  const T = toFloat64Column(c.T, fn, "T", { gt: 0 }, n);
  if (!allowEmpty) requireNonEmpty(n, fn, "customers");
  for (let i = 0; i < n; i++) {
    if (recency[i] > T[i] * (1 + 1e-12)) {
      throw new ClienteleError({
        code: "RECENCY_AFTER_T",
        path: ["customers", i, "recency"],
        received: recency[i],
        message:
          `${fn}: customers[${i}].recency is ${recency[i]} but T is ${T[i]}; recency must be <= T. ` +
          "Measure both from the first purchase in the same time unit (recency = last − first purchase, T = end − first purchase).",
      });
    }
    if (frequency[i] === 0 && recency[i] !== 0) {
      throw new ClienteleError({
        code: "RECENCY_WITHOUT_REPEAT",
        path: ["customers", i, "recency"],
        received: recency[i],
        message:
          `${fn}: customers[${i}] has frequency 0 but recency ${recency[i]}; a customer without repeat purchases has recency 0. ` +
          "Recency is the time from the first to the last purchase, not the time since the last purchase.",
      });
    }
  }
  return { n, frequency, recency, T };
}

/** Checks input and options, then compresses identical rows. */
export function prepareFit(
  customers: unknown,
  options: unknown,
  fn: string,
): { data: CompressedRft; opts: z.output<typeof fitTransactionOptionsSchema>; nCustomers: number } {
  const opts = parseOptions(fitTransactionOptionsSchema, options, fn);
  const cols = toRftColumns(customers, fn);
  const rawWeights = opts.weights ?? (customers as FitTransactionInput).weights;
  let weights: Float64Array | undefined;
  let nCustomers = cols.n;
  if (rawWeights !== undefined) {
    weights = toFloat64Column(rawWeights as ArrayLike<number>, fn, "weights", { min: 0 }, cols.n);
    nCustomers = 0;
    for (let i = 0; i < weights.length; i++) if (weights[i] > 0) nCustomers++;
    if (nCustomers === 0) {
      throw new ClienteleError({
        code: "EMPTY_INPUT",
        path: ["weights"],
        message: `${fn}: every weight is 0, so there is nothing to fit. Pass positive weights (counts of customers).`,
      });
    }
  }
  const data = compressRft(cols.frequency, cols.recency, cols.T, weights);
  return { data, opts, nCustomers };
}

/** What a model file supplies to the shared ML driver. */
export interface LikelihoodSpec<P extends string> {
  fn: string;
  names: readonly P[];
  /**
   * Builds Σ wᵢ·(−log Lᵢ) and its gradient with respect to the log-parameters.
   */
  negLogLik: (data: CompressedRft) => ObjectiveWithGradient;
  /** Deterministic starting points on the natural scale, tried in order. */
  starts: (data: CompressedRft) => number[][];
}

/** Result of the shared driver. */
export interface MlFit<P extends string> extends TransactionFitInfo<P> {
  params: Record<P, number>;
}

/**
 * Penalized ML on log-parameters with BFGS. The first start is used when it converges;
 * otherwise the fallback starts are tried and the best converged optimum is kept.
 * Throws `FIT_NOT_CONVERGED` when none converges.
 */
export function fitByMaximumLikelihood<P extends string>(
  spec: LikelihoodSpec<P>,
  data: CompressedRft,
  opts: z.output<typeof fitTransactionOptionsSchema>,
  nCustomers: number,
): MlFit<P> {
  const penalty = opts.penalty ?? 0;
  const p = spec.names.length;
  const base = spec.negLogLik(data);
  const W = data.totalWeight;
  const objective: ObjectiveWithGradient = (theta, grad) => {
    let v = base(theta, grad) / W;
    for (let k = 0; k < p; k++) {
      grad[k] /= W;
      if (penalty > 0) {
        const e = Math.exp(theta[k]);
        v += penalty * e * e;
        grad[k] += 2 * penalty * e * e;
      }
    }
    return v;
  };
  let best: BfgsResult | undefined;
  let lastError: unknown;
  for (const start of spec.starts(data)) {
    const x0 = start.map(Math.log);
    let res: BfgsResult;
    try {
      res = minimizeBfgs(objective, x0, {
        maxIter: opts.maxIter ?? 500,
        gradTol: 1e-8,
        fTol: 1e-14,
        onProgress: opts.onProgress as never,
        signal: opts.signal as AbortSignal | undefined,
      });
    } catch (e) {
      if (e instanceof ClienteleError && e.code === "ABORTED") throw e;
      lastError = e;
      continue;
    }
    if (!Number.isFinite(res.value)) continue;
    if (res.converged && (best === undefined || !best.converged || res.value < best.value)) best = res;
    else if (best === undefined) best = res;
    if (best.converged && best === res) break;
  }
  if (best === undefined || !best.converged) {
    const detail = lastError instanceof Error ? ` (${lastError.message})` : "";
    throw new ClienteleError({
      code: "FIT_NOT_CONVERGED",
      message:
        `${spec.fn}: the maximum-likelihood fit did not converge from any of its starting points${detail}. ` +
        "Rescale time (e.g. weeks instead of days, so T is in the tens or hundreds), add a small penalty " +
        "(options.penalty, e.g. 0.001), or raise options.maxIter.",
    });
  }
  const theta = best.x;
  const params = {} as Record<P, number>;
  spec.names.forEach((name, k) => (params[name] = Math.exp(theta[k])));
  const g = new Float64Array(p);
  const logLikelihood = -base(theta, g);
  // Hessian of the (penalized) total negative log-likelihood on the log scale.
  const Hm = numericHessian(objective, theta);
  for (let i = 0; i < Hm.length; i++) Hm[i] *= W;
  const cov = invertSpd(Hm, p);
  const standardErrors = {} as Record<P, number | null>;
  const confidenceIntervals = {} as Record<P, [number, number] | null>;
  spec.names.forEach((name, k) => {
    const v = cov === null ? NaN : cov[k * p + k];
    const se = Math.sqrt(v);
    const lo = params[name] * Math.exp(-1.959963984540054 * se);
    const hi = params[name] * Math.exp(1.959963984540054 * se);
    if (Number.isFinite(v) && v >= 0 && Number.isFinite(params[name] * se) && Number.isFinite(hi) && lo > 0) {
      standardErrors[name] = params[name] * se;
      confidenceIntervals[name] = [lo, hi];
    } else {
      // singular or nearly singular Hessian: the data do not pin this parameter down
      standardErrors[name] = null;
      confidenceIntervals[name] = null;
    }
  });
  return {
    params,
    logLikelihood,
    standardErrors,
    confidenceIntervals,
    nCustomers,
    nPatterns: data.n,
    totalWeight: W,
    penalty,
    nIter: best.iterations,
    converged: best.converged,
  };
}

/** A deterministic data-based start: mean repeat rate and mean T. */
export function dataScale(data: CompressedRft): { meanT: number; rate: number } {
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < data.n; i++) {
    sx += data.weight[i] * data.frequency[i];
    sT += data.weight[i] * data.T[i];
  }
  const meanT = sT / data.totalWeight;
  const rate = Math.max(sx / Math.max(sT, 1e-300), 1e-6);
  return { meanT, rate };
}

const positive = z.number().finite().positive();
const seOrNull = z.number().finite().min(0).nullable();
const ciOrNull = z.tuple([z.number().finite(), z.number().finite()]).nullable();

/** Validates a saved transaction model (header, then parameter fields) and returns a clean copy. */
export function validateSavedModel<P extends string>(json: unknown, kind: string, names: readonly P[], fn: string): unknown {
  checkModelHeader(json, kind, 1, fn);
  const shape = (v: z.ZodType) => z.object(Object.fromEntries(names.map((n) => [n, v])) as Record<P, z.ZodType>);
  const schema = z.object({
    kind: z.literal(kind),
    version: z.literal(1),
    params: shape(positive),
    logLikelihood: z.number().finite(),
    standardErrors: shape(seOrNull),
    confidenceIntervals: shape(ciOrNull),
    nCustomers: z.number().int().min(0),
    nPatterns: z.number().int().min(0),
    totalWeight: z.number().min(0),
    penalty: z.number().min(0),
    nIter: z.number().int().min(0),
    converged: z.boolean(),
  });
  return parseWith(schema, json, fn, { code: "INVALID_MODEL", root: "model" });
}
