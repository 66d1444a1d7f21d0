/**
 * Shared machinery of the buy-till-you-die fits: column checks, options, the penalized
 * maximum-likelihood driver (BFGS on log-parameters with a fallback start), standard errors
 * and confidence intervals from the Hessian, and saved-model validation.
 */
import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { minimizeBfgsSteps, numericHessian, invertSpd, type ObjectiveWithGradient, type BfgsResult } from "../core/optimize.js";
import { parseOptions, parseWith, toFloat64Column, requireNonEmpty, checkModelHeader, checkRowFields } from "../core/validate.js";
import { progressOption, signalOption, timeUnitOption } from "../core/options.js";
import type { Steps } from "../core/async.js";
import type { TimeUnit } from "../core/time.js";
import { compressRft, type CompressedRft } from "./compress.js";
import { fitUnit, savedUnitSchema } from "./units.js";

/** Model kind tags (lowercase kebab-case) and the tags models were saved with before 0.2, which still load. */
export const LEGACY_KINDS: Readonly<Record<string, readonly string[]>> = {
  "bg-nbd": ["bgnbd"],
  "mbg-nbd": ["mbgnbd"],
  "pareto-nbd": ["paretonbd"],
  "bg-bb": ["bgbb"],
  "gamma-gamma": ["gammagamma"],
};

/** The current tag of a kind, old tags mapped to their new names; other values are returned as they are. */
export function canonicalKind(kind: unknown): unknown {
  for (const k in LEGACY_KINDS) if (kind === k || LEGACY_KINDS[k].includes(kind as string)) return k;
  return kind;
}

/**
 * Largest parameter of a saved (or hand-built) clv model: every parameter is finite, > 0 and at
 * most 1e10. The BG/NBD-family fits search |log θ| ≤ 20 (θ ≤ 4.9e8) and the BG/BB and Gamma-Gamma
 * fits throw `FIT_FAILED` rather than return a parameter above it, so a larger value was not
 * produced by a fit (a tampered or corrupted file). Tiny positive values are legitimate limits
 * (e.g. BG/BB γ → 0: no dropout) and are accepted.
 */
export const PARAM_MAX = 1e10;
/** Schema of one model parameter. */
export const paramSchema = (): z.ZodNumber => z.number().gt(0).max(PARAM_MAX);

/** Throws `FIT_FAILED` when an unboxed fit (BG/BB, Gamma-Gamma) ran a parameter above PARAM_MAX. */
export function checkFittedRange(params: Record<string, number>, fn: string): void {
  for (const [name, v] of Object.entries(params)) {
    if (!(v > 0 && v <= PARAM_MAX)) {
      throw new ClienteleError({
        code: "FIT_FAILED",
        path: ["params", name],
        received: v,
        message:
          `${fn}: the estimate of ${name} ran off to ${v} (a limit of the model, not an identified value). ` +
          "Add a small penalty (options.penalty, e.g. 0.001) or pass more varied data.",
      });
    }
  }
}

/** Row weights: an array or typed array (its values are checked with the columns). */
export const weightsOption = (): z.ZodType<ArrayLike<number>> =>
  z.custom<ArrayLike<number>>(
    (v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)),
    "expected an array of non-negative numbers (one weight per row)",
  );

/**
 * Above this largest frequency the likelihoods evaluate lnΓ(r + x) − lnΓ(r) per distinct x
 * instead of by recurrence over 0..max x, so memory and time follow the number of distinct
 * counts, not the largest one.
 */
export const TABLE_MAX_FREQUENCY = 100_000;

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
  /** Aborts the fit with `ABORTED` (checked once per optimizer step; see the `*Async` variants for wall-clock timeouts). */
  signal?: AbortSignal;
  /**
   * Unit of recency and T: required when fitting from bare columns; taken from the summary
   * (`summarizeTransactions` output carries `timeUnit`) otherwise, and must agree with it.
   */
  timeUnit?: TimeUnit;
}

/** Fields every fitted transaction model carries besides its parameters. */
export interface TransactionFitInfo<P extends string> {
  /**
   * Unit of the recency and T the model was fitted on, so of every horizon t and rate. Always set
   * by the fits; absent only in models saved before units were recorded (functions that need it,
   * such as `customerLifetimeValue`, then require `options.timeUnit`).
   */
  timeUnit?: TimeUnit;
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
  /**
   * Parameters whose estimate lies at the edge of the search box (|log θ| ≥ 15 of the allowed
   * |log θ| ≤ 20, i.e. θ above about 3.3e6 or below 3e-7; and, when one does, any other with
   * |log θ| ≥ 10, i.e. above 2.2e4 or below 4.5e-5): the likelihood keeps improving towards
   * a limit of the model there (e.g. r, alpha → ∞ with r/alpha fixed is the Poisson limit without
   * purchase-rate heterogeneity; s → 0 means no dropout), so only that limit is identified, not the
   * value. Empty for an interior optimum. Saved models without this field load with [].
   */
  boundary: P[];
}

export const fitTransactionOptionsSchema = z.object({
  penalty: z.number().min(0).max(1e6).optional(),
  weights: weightsOption().optional(),
  maxIter: z.number().int().min(1).max(100000).optional(),
  onProgress: progressOption<{ iteration: number; value: number; gradNorm: number }>().optional(),
  signal: signalOption().optional(),
  timeUnit: timeUnitOption().optional(),
});

/** Column names other libraries use for (frequency, recency, T): lifetimes, BTYD, the papers. */
const RFT_ALIASES: Record<string, readonly string[]> = {
  frequency: ["x", "freq", "frequency_cal"],
  recency: ["t_x", "tx", "recency_cal"],
  T: ["t", "T_cal", "age"],
};

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
  if (Array.isArray(customers)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["customers"],
      message: `${fn}: customers is an array; pass columns { frequency: [...], recency: [...], T: [...] } (summarizeTransactions in clientele/data returns them).`,
    });
  }
  // a near-miss column name (x for frequency, t_x for recency) is named, not reported as missing
  checkRowFields(customers as Record<string, unknown>, ["frequency", "recency", "T"], fn, ["customers"], RFT_ALIASES);
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

/** The validated `signal` of an async fit's options (the options are checked again by the fit). */
export function fitSignal(options: unknown, fn: string): AbortSignal | undefined {
  return parseOptions(fitTransactionOptionsSchema, options, fn).signal;
}

/**
 * The largest customer age T (and so recency, which is <= T) the BTYD fits accept: 1e7 time
 * units (about 27,000 years in days, 190,000 in weeks). Beyond it the likelihood's special
 * functions are evaluated at extreme arguments (seconds per customer for Pareto/NBD at T = 2^53),
 * and such an age is always a unit error (e.g. milliseconds passed as weeks).
 */
export const MAX_FIT_AGE = 1e7;

/** Throws OUT_OF_RANGE for a customer age T above MAX_FIT_AGE (recency <= T is checked already). */
export function checkFitAges(cols: RftColumns, fn: string): void {
  for (let i = 0; i < cols.n; i++) {
    if (cols.T[i] > MAX_FIT_AGE) {
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: ["customers", i, "T"],
        received: cols.T[i],
        message:
          `${fn}: customers[${i}].T is ${cols.T[i]}, above the largest customer age the fits accept (${MAX_FIT_AGE} time units). ` +
          "T is surely in the wrong unit (e.g. milliseconds instead of weeks): summarize the log with timeUnit \"day\", \"week\" or \"month\".",
      });
    }
  }
}

/** Checks input and options, then compresses identical rows. */
export function prepareFit(
  customers: unknown,
  options: unknown,
  fn: string,
): { data: CompressedRft; opts: z.output<typeof fitTransactionOptionsSchema>; nCustomers: number; timeUnit: TimeUnit } {
  const opts = parseOptions(fitTransactionOptionsSchema, options, fn);
  const cols = toRftColumns(customers, fn);
  checkFitAges(cols, fn);
  const timeUnit = fitUnit(customers, opts.timeUnit, fn);
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
  return { data, opts, nCustomers, timeUnit };
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

/**
 * The search box of the fits: every parameter is kept within |log θ| ≤ LOG_PARAM_BOUND
 * (θ in [2.1e-9, 4.9e8]) by optimizing u with log θ = 20·tanh(u/20), so a boundary optimum
 * ends at the edge instead of running off (and the likelihood is never evaluated at more
 * extreme, more costly parameters).
 */
export const LOG_PARAM_BOUND = 20;
/** Estimates with |log θ| at or beyond this are reported in `boundary`. */
export const LOG_BOUNDARY_FLAG = 15;
/** With another parameter at the boundary, a parameter with |log θ| ≥ this is reported too. */
export const LOG_BOUNDARY_PARTNER = 10;

/** Thrown from the progress hook to end a start that is creeping along the box edge. */
class StalledAtBoundary extends Error {
  constructor(readonly iteration: number) {
    super("stalled at the boundary");
  }
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** Result of the shared driver. */
export interface MlFit<P extends string> extends TransactionFitInfo<P> {
  params: Record<P, number>;
}

/**
 * Penalized ML on log-parameters with BFGS. The first start is used when it converges;
 * otherwise the fallback starts are tried and the best converged optimum is kept.
 * Throws `FIT_FAILED` when none converges.
 */
export function* fitByMaximumLikelihood<P extends string>(
  spec: LikelihoodSpec<P>,
  data: CompressedRft,
  opts: z.output<typeof fitTransactionOptionsSchema>,
  nCustomers: number,
): Steps<MlFit<P>> {
  const penalty = opts.penalty ?? 0;
  const p = spec.names.length;
  const base = spec.negLogLik(data);
  const W = data.totalWeight;
  const B = LOG_PARAM_BOUND;
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
  // The optimizer works on u with log θ = B·tanh(u/B): a smooth bijection onto the box
  // |log θ| < B that is nearly the identity for moderate parameters. A boundary optimum then
  // sends u off slowly while log θ stays within the box, the gradient in u fades and the fit
  // stops there instead of chasing θ → 0 or ∞ with ever costlier likelihood evaluations.
  const thetaOf = (u: ArrayLike<number>, out: Float64Array) => {
    for (let k = 0; k < p; k++) out[k] = B * Math.tanh(u[k] / B);
    return out;
  };
  const thetaU = new Float64Array(p);
  // lowest point evaluated in the current start (the BFGS iterate, or a lower trial point)
  const bestU = new Float64Array(p);
  let bestV = Infinity;
  const objectiveU: ObjectiveWithGradient = (u, grad) => {
    const v = objective(thetaOf(u, thetaU), grad);
    for (let k = 0; k < p; k++) {
      const th = Math.tanh(u[k] / B);
      grad[k] *= 1 - th * th;
    }
    if (v < bestV && allFinite(grad)) {
      bestV = v;
      bestU.set(u);
    }
    return v;
  };
  // Stalled at the box edge: a parameter is beyond |log θ| = LOG_BOUNDARY_FLAG and the objective
  // fell by less than 1e-7 (relative) over the last 10 iterations. The fit is then over (a ridge
  // towards a limit of the model, where the optimizer would otherwise creep for all of maxIter).
  const history: number[] = [];
  const userProgress = opts.onProgress as ((info: { iteration: number; value: number; gradNorm: number }) => void) | undefined;
  const onProgress = (info: { iteration: number; value: number; gradNorm: number }) => {
    userProgress?.(info);
    history.push(info.value);
    const h = history.length;
    if (h > 10 && history[h - 11] - info.value <= 1e-7 * Math.max(1, Math.abs(info.value))) {
      if (nearEdge(bestU)) throw new StalledAtBoundary(info.iteration);
    }
  };
  // A boundary optimum (KKT in log θ): every parameter is either stationary or sits near the
  // box edge with the objective still falling outwards. The optimizer cannot meet its gradient
  // criterion there within a sensible number of iterations, but the fit is done.
  const gTheta = new Float64Array(p);
  const atBoundaryOptimum = (u: Float64Array): boolean => {
    const th = thetaOf(u, new Float64Array(p));
    const v = objective(th, gTheta);
    if (!Number.isFinite(v)) return false;
    let edge = false;
    for (let k = 0; k < p; k++) {
      if (Math.abs(gTheta[k]) <= 1e-6) continue;
      if (Math.abs(th[k]) >= LOG_BOUNDARY_FLAG && gTheta[k] * th[k] < 0) edge = true;
      else return false;
    }
    return edge;
  };
  const maxIter = opts.maxIter ?? 500;
  const nearEdge = (u: Float64Array) => {
    for (let k = 0; k < p; k++) if (Math.abs(B * Math.tanh(u[k] / B)) >= LOG_BOUNDARY_FLAG) return true;
    return false;
  };
  let best: BfgsResult | undefined;
  let lastError: unknown;
  for (const start of spec.starts(data)) {
    const x0 = start.map((v) => B * Math.atanh(Math.min(B - 1, Math.max(1 - B, Math.log(v))) / B));
    let res: BfgsResult;
    bestV = Infinity;
    history.length = 0;
    try {
      res = yield* minimizeBfgsSteps(objectiveU, x0, {
        fn: spec.fn,
        maxIter,
        gradTol: 1e-8,
        fTol: 1e-14,
        onProgress,
        signal: opts.signal as AbortSignal | undefined,
      });
    } catch (e) {
      if (e instanceof ClienteleError && e.code === "ABORTED") throw e;
      if (e instanceof StalledAtBoundary) {
        const grad = new Float64Array(p);
        const value = objectiveU(bestU, grad);
        res = { x: Float64Array.from(bestU), value, grad, iterations: e.iteration, converged: true, invHessian: new Float64Array(p * p) };
      } else {
        lastError = e;
        continue;
      }
    }
    if (!Number.isFinite(res.value)) continue;
    if (!res.converged && (atBoundaryOptimum(res.x) || (res.iterations < maxIter && nearEdge(res.x)))) {
      // stopped before maxIter (no descent left in floating point) with a parameter at the box edge
      res = { ...res, converged: true };
    }
    if (res.converged && (best === undefined || !best.converged || res.value < best.value)) best = res;
    else if (best === undefined) best = res;
    if (best.converged && best === res) break;
  }
  if (best === undefined || !best.converged) {
    let detail = lastError instanceof Error ? ` (${lastError.message})` : "";
    if (best !== undefined) {
      const edge = spec.names.filter((_, k) => Math.abs(B * Math.tanh(best!.x[k] / B)) >= LOG_BOUNDARY_FLAG);
      if (edge.length > 0) detail += ` (${edge.join(", ")} ran to the edge of the search box |log θ| <= ${B})`;
    }
    throw new ClienteleError({
      code: "FIT_FAILED",
      message:
        `${spec.fn}: the maximum-likelihood fit did not converge from any of its starting points${detail}. ` +
        "Rescale time (e.g. weeks instead of days, so T is in the tens or hundreds), add a small penalty " +
        "(options.penalty, e.g. 0.001), or raise options.maxIter.",
    });
  }
  const theta = thetaOf(best.x, new Float64Array(p));
  const boundary = spec.names.filter((_, k) => Math.abs(theta[k]) >= LOG_BOUNDARY_FLAG);
  const flagged = (k: number) => boundary.includes(spec.names[k]);
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
    // far out while another is at the edge: the partner in the limit (r with alpha, s with beta, a with b)
    if (!flagged(k) && Math.abs(theta[k]) >= LOG_BOUNDARY_PARTNER && boundary.length > 0) {
      boundary.push(name);
    }
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
  boundary.sort((x, y) => spec.names.indexOf(x) - spec.names.indexOf(y));
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
    boundary,
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

const positive = paramSchema();
const seOrNull = z.number().finite().min(0).nullable();
const ciOrNull = z.tuple([z.number().finite(), z.number().finite()]).nullable();

/** Validates a saved transaction model (header, then parameter fields) and returns a clean copy. */
export function validateSavedModel<P extends string>(json: unknown, kind: string, names: readonly P[], fn: string): unknown {
  checkModelHeader(json, kind, 1, fn, LEGACY_KINDS[kind] ?? []);
  json = { ...(json as object), kind }; // an old tag loads under the new one
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
    boundary: z.array(z.enum(names as unknown as [string, ...string[]])).default([]),
    timeUnit: savedUnitSchema,
  });
  return parseWith(schema, json, fn, { code: "INVALID_MODEL", root: "model" });
}
