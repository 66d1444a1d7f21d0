/**
 * The input side of the BG/NBD-family fits (BG/NBD, MBG/NBD, Pareto/NBD): the customer columns
 * and their checks, the fit options, and `prepareFit` (checks, then identical rows grouped into
 * patterns). The likelihood driver is in `mle.ts`, saved-model validation in `saved-model.ts`.
 */
import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { parseOptions, toFloat64Column, requireNonEmpty, checkRowFields } from "../core/validate.js";
import { progressOption, signalOption, timeUnitOption } from "../core/options.js";
import type { TimeUnit } from "../core/time.js";
import { compressRft, type CompressedRft } from "./compress.js";
import { fitUnit } from "./units.js";

// the search-box constants, imported from here by older code and tests
export { LOG_PARAM_BOUND, LOG_BOUNDARY_FLAG, LOG_BOUNDARY_PARTNER } from "./mle.js";

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

/** Options of the BG/NBD-family fits after parsing. */
export type FitTransactionOptionsParsed = z.output<typeof fitTransactionOptionsSchema>;

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
          'T is surely in the wrong unit (e.g. milliseconds instead of weeks): summarize the log with timeUnit "day", "week" or "month".',
      });
    }
  }
}

/** Checks input and options, then compresses identical rows. */
export function prepareFit(
  customers: unknown,
  options: unknown,
  fn: string,
): { data: CompressedRft; opts: FitTransactionOptionsParsed; nCustomers: number; timeUnit: TimeUnit } {
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
