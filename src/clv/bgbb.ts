/**
 * BG/BB model (Fader, Hardie & Shang 2010) of discrete-time, non-contractual repeat transactions:
 * the fit. Input checks are in `bgbb-data.ts`, the model and its saved form in `bgbb-model.ts`, the
 * likelihood in `bgbb-likelihood.ts`, predictions in `bgbb-predict.ts` (all re-exported here).
 */
import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { parseOptions, toFloat64Column } from "../core/validate.js";
import { progressOption, signalOption } from "../core/options.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import { fitOnLogScale } from "./mle.js";
import { BGBB_FIT_MAX_TERMS, compress, readRows, tooLarge, type BgBbData } from "./bgbb-data.js";
import { bgbbNegLogLik } from "./bgbb-likelihood.js";
import { BGBB_NAMES, type BgBbModel } from "./bgbb-model.js";

export {
  BGBB_FIT_MAX_TERMS,
  BGBB_PREDICT_MAX_TERMS,
  BGBB_MAX_PERIODS,
  compress,
  readRows,
  type BgBbCustomers,
  type BgBbData,
  type Patterns,
  type Rows,
} from "./bgbb-data.js";
export { bgbbFromJSON, type BgBbModel, type BgBbParams } from "./bgbb-model.js";
export { bgbbLogLikelihood, bgbbNegLogLik } from "./bgbb-likelihood.js";
export {
  bgbbAliveImpl,
  bgbbConditionalExpectedTransactions,
  bgbbConditionalImpl,
  bgbbExpectedImpl,
  bgbbExpectedTransactions,
  bgbbPmfImpl,
  bgbbProbabilityAlive,
  bgbbProbabilityOfTransactions,
} from "./bgbb-predict.js";

/** Options of {@link fitBgBb}. */
export interface FitBgBbOptions {
  /** L2 penalty λ: minimizes −LL/Σw + λ(α² + β² + γ² + δ²) (default 0). */
  penalty?: number;
  /** Maximum optimizer iterations (default 500). */
  maxIter?: number;
  /** Called after every optimizer iteration. */
  onProgress?: (info: { iteration: number; value: number; gradNorm: number }) => void;
  /** Aborts the fit with `ABORTED`. */
  signal?: AbortSignal;
}

const fitOptionsSchema = z.object({
  penalty: z.number().min(0).max(1e6).default(0),
  maxIter: z.number().int().min(1).max(100_000).default(500),
  onProgress: progressOption<{ iteration: number; value: number; gradNorm: number }>().optional(),
  signal: signalOption().optional(),
});

/**
 * Fits the beta-geometric/beta-Bernoulli (BG/BB) model of discrete-time, non-contractual
 * repeat transactions by maximum likelihood: analytic gradients on the log-parameters,
 * BFGS from α = β = γ = δ = 1 with a fallback start, identical (frequency, recency,
 * periods) rows merged first (so cost grows with the distinct patterns, times the periods).
 *
 * Each customer, while alive, transacts at each opportunity with probability p ~ Beta(α, β)
 * and dies at the start of each opportunity with probability θ ~ Beta(γ, δ).
 *
 * The model's `timeUnit` is `"period"`: one transaction opportunity. The fit accepts at most
 * `BGBB_FIT_MAX_TERMS` (200,000) opportunity terms over its distinct patterns and `periods` up
 * to 1e6 (`TOO_LARGE` beyond: BG/BB is for a few discrete opportunities, not days).
 *
 * @param data - `frequency`, `recency` (opportunity of the last transaction), `periods`, optional `weights`
 * @param options - `penalty` (default 0), `maxIter` (default 500), `onProgress`, `signal` (see {@link fitBgBbAsync})
 * @throws ClienteleError `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`,
 *   `OUT_OF_RANGE` (also frequency above recency), `NOT_INTEGER`, `RECENCY_AFTER_T`, `RECENCY_WITHOUT_REPEAT`,
 *   `EMPTY_INPUT`, `INVALID_OPTION`, `TOO_LARGE`, `FIT_FAILED`, `ABORTED`
 * @see Fader, Hardie & Shang (2010), "Customer-Base Analysis in a Discrete-Time
 *   Noncontractual Setting", Marketing Science 29(6).
 * @example
 * import { fitBgBb } from "clientele/clv";
 * // the 11,104 donors of Fader, Hardie & Shang (2010): 6 annual opportunities, one row per pattern
 * const donations = {
 *   frequency: [0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6],
 *   recency: [0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 3, 4, 5, 6, 4, 5, 6, 5, 6, 6],
 *   periods: Array(22).fill(6),
 *   weights: [3464, 1091, 277, 129, 78, 119, 129, 613, 255, 155, 173, 234, 322, 181, 225, 357, 240, 284, 512, 335, 728, 1203],
 * };
 * const m = fitBgBb(donations);
 * m.params; // => { alpha: 1.204, beta: 0.750, gamma: 0.657, delta: 2.783 } (the paper's estimates)
 * m.logLikelihood; // => -33225.6
 */
export function fitBgBb(data: BgBbData, options: FitBgBbOptions = {}): BgBbModel {
  return runSync(bgbbSteps(data, options, "fitBgBb"));
}

/**
 * {@link fitBgBb} as a promise that yields to the event loop about every 10 ms, so
 * `signal: AbortSignal.timeout(ms)` stops it in wall-clock time; bit-identical result.
 *
 * @throws ClienteleError (as a rejection) the codes of {@link fitBgBb}; `ABORTED` naming `fitBgBbAsync`
 * @example
 * import { fitBgBbAsync } from "clientele/clv";
 * const data = { frequency: [0, 1, 2, 6], recency: [0, 3, 5, 6], periods: [6, 6, 6, 6], weights: [3464, 129, 173, 1203] };
 * const m = await fitBgBbAsync(data, { signal: AbortSignal.timeout(5_000) });
 * m.kind; // => "bg-bb"
 */
export async function fitBgBbAsync(data: BgBbData, options: FitBgBbOptions = {}): Promise<BgBbModel> {
  const fn = "fitBgBbAsync";
  return runAsync(bgbbSteps(data, options, fn), fn, parseOptions(fitOptionsSchema, options, fn).signal);
}

function* bgbbSteps(data: BgBbData, options: FitBgBbOptions, fn: string): Steps<BgBbModel> {
  const opts = parseOptions(fitOptionsSchema, options, fn);
  const rows = readRows(data, fn);
  const len = rows.x.length;
  const w = data.weights === undefined ? null : toFloat64Column(data.weights, fn, "weights", { min: 0 }, len);
  const pt = compress(rows, w);
  let nCustomers = 0;
  for (let i = 0; i < len; i++) if (w === null || w[i] > 0) nCustomers++;
  let W = 0;
  let maxN = 0;
  let terms = 0;
  for (let k = 0; k < pt.m; k++) {
    W += pt.w[k];
    maxN = Math.max(maxN, pt.n[k]);
    terms += pt.n[k] - pt.tx[k] + 1;
  }
  if (len === 0 || !(W > 0)) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: len === 0 ? ["frequency"] : ["weights"],
      message: `${fn}: ${len === 0 ? "data is empty" : "the weights sum to 0"}. Pass at least one customer with positive weight.`,
    });
  }
  if (terms > BGBB_FIT_MAX_TERMS) {
    throw tooLarge(fn, `the ${pt.m} distinct patterns span ${terms} opportunities after their last transaction (limit ${BGBB_FIT_MAX_TERMS} for a fit)`);
  }
  const scratch = new Float64Array(maxN + 2);
  const fit = yield* fitOnLogScale(
    {
      fn,
      names: BGBB_NAMES,
      negLogLik: (theta, grad) => bgbbNegLogLik(pt, theta, grad, scratch),
      totalWeight: W,
      start: [0, 0, 0, 0],
      fallback: () => [Math.log(0.5), Math.log(0.5), Math.log(0.5), Math.log(2)],
      hint: "Check that periods count transaction opportunities (not calendar days), add a small penalty (options.penalty = 0.001), or raise maxIter.",
    },
    opts,
  );
  return {
    kind: "bg-bb",
    version: 1,
    timeUnit: "period",
    params: fit.params,
    standardErrors: fit.standardErrors,
    confidenceIntervals: fit.confidenceIntervals,
    logLikelihood: fit.logLikelihood,
    nCustomers,
    totalWeight: W,
    nPatterns: pt.m,
    penalty: opts.penalty,
    nIter: fit.nIter,
    converged: fit.converged,
  };
}
