/**
 * Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005): the fit and the
 * log-likelihood of a fitted model. Input and likelihood are in `gammagamma-data.ts`, the model and
 * its saved form in `gammagamma-model.ts`, predictions in `gammagamma-predict.ts` (re-exported here).
 */
import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { progressOption, signalOption, timeUnitOption } from "../core/options.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import type { TimeUnit } from "../core/time.js";
import { parseOptions } from "../core/validate.js";
import { weightsOption } from "./fit-common.js";
import { fitOnLogScale } from "./mle.js";
import { fitUnitOptional } from "./units.js";
import { requireSpendModel } from "./kinds.js";
import { gammaGammaNegLogLik, readSpend, type SpendColumns } from "./gammagamma-data.js";
import { GG_NAMES, gammaGammaFromJSON, type GammaGammaModel } from "./gammagamma-model.js";

export { gammaGammaNegLogLik, readSpend, type SpendColumns, type SpendData } from "./gammagamma-data.js";
export { gammaGammaFromJSON, type GammaGammaModel, type GammaGammaParams } from "./gammagamma-model.js";
export { expectedAverageValue, shrunkSpend, spendFrequencyCorrelation, type SpendFrequencyCorrelation } from "./gammagamma-predict.js";

/** Options of {@link fitGammaGamma}. */
export interface FitGammaGammaOptions {
  /** L2 penalty λ: minimizes −LL/Σw + λ(p² + q² + γ²), as lifetimes' `penalizer_coef` (default 0). */
  penalty?: number;
  /** Non-negative weight per row (a count of identical customers); default 1 each. */
  weights?: ArrayLike<number>;
  /** Maximum optimizer iterations (default 500). */
  maxIter?: number;
  /** Called after every optimizer iteration. */
  onProgress?: (info: { iteration: number; value: number; gradNorm: number }) => void;
  /** Aborts the fit with `ABORTED` (see {@link fitGammaGammaAsync} for wall-clock timeouts). */
  signal?: AbortSignal;
  /** Unit of the summary (recorded in the model; must agree with a summary's own `timeUnit`). */
  timeUnit?: TimeUnit;
}

const fitOptionsSchema = z.object({
  penalty: z.number().min(0).max(1e6).default(0),
  weights: weightsOption().optional(),
  maxIter: z.number().int().min(1).max(100_000).default(500),
  onProgress: progressOption<{ iteration: number; value: number; gradNorm: number }>().optional(),
  signal: signalOption().optional(),
  timeUnit: timeUnitOption().optional(),
});

/**
 * Fits the Gamma-Gamma model of spend per transaction by maximum likelihood on the
 * repeat customers (frequency > 0), with analytic gradients on log(p), log(q), log(γ)
 * and BFGS from the start p = q = γ = 1. Customers with frequency 0 carry no spend
 * information: they are skipped and counted in `nSkipped` (their monetary value is
 * ignored). Runs in O(n) per iteration.
 *
 * The model: each transaction value is Gamma(p, ν); ν varies across customers as
 * Gamma(q, γ); the likelihood of a customer's mean z̄ of x transactions is
 * Γ(px+q) / (Γ(px) Γ(q)) · γ^q · z̄^(px−1) · x^(px) / (γ + x z̄)^(px+q).
 *
 * @param customers - `frequency` (repeat transactions, integer) and `monetary` (mean repeat value)
 * @param options - `penalty` (default 0), `weights`, `maxIter` (default 500), `onProgress`, `signal`
 *   (see {@link fitGammaGammaAsync} for wall-clock timeouts), `timeUnit` (recorded; optional, the spend
 *   model has no time scale; taken from a summary's `timeUnit` and must agree with it)
 * @throws ClienteleError `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`,
 *   `NOT_INTEGER`, `EMPTY_INPUT`, `NO_REPEAT_CUSTOMERS`, `NON_POSITIVE_SPEND`, `INVALID_OPTION`,
 *   `UNIT_MISMATCH`, `FIT_FAILED` (also when a parameter runs above 1e10), `ABORTED`
 * @see Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base
 *   Analysis", Journal of Marketing Research 42(4); Fader & Hardie (2013), "The Gamma-Gamma
 *   Model of Monetary Value".
 * @example
 * import { fitGammaGamma } from "clientele/clv";
 * const spend = { frequency: [1, 3, 2, 2, 1, 0], monetary: [8, 95, 12, 60, 30, 0] };
 * const m = fitGammaGamma(spend);
 * m.nSkipped; // => 1 (the frequency-0 customer has no repeat spend)
 * m.params; // => { p: 5.20, q: 1.65, gamma: 6.93 }
 * // Too few or too similar customers can send a parameter off to infinity (FIT_FAILED); a small
 * // penalty keeps it finite:
 * fitGammaGamma({ frequency: [2, 1, 5], monetary: [22.35, 11.77, 40.1] }, { penalty: 0.001 }).params;
 * // => { p: 8.87, q: 3.49, gamma: 8.01 }
 * // On CDNOW's 946 repeat customers: p ≈ 6.25, q ≈ 3.74, gamma ≈ 15.44
 */
export function fitGammaGamma(customers: SpendColumns, options: FitGammaGammaOptions = {}): GammaGammaModel {
  return runSync(gammaGammaSteps(customers, options, "fitGammaGamma"));
}

/**
 * {@link fitGammaGamma} as a promise that yields to the event loop about every 10 ms, so
 * `signal: AbortSignal.timeout(ms)` stops it in wall-clock time; bit-identical result.
 *
 * @throws ClienteleError (as a rejection) the codes of {@link fitGammaGamma}; `ABORTED` naming `fitGammaGammaAsync`
 * @example
 * import { fitGammaGammaAsync } from "clientele/clv";
 * const spend = { frequency: [1, 3, 2, 2, 1, 0], monetary: [8, 95, 12, 60, 30, 0] };
 * const m = await fitGammaGammaAsync(spend, { signal: AbortSignal.timeout(5_000) });
 * m.kind; // => "gamma-gamma"
 */
export async function fitGammaGammaAsync(customers: SpendColumns, options: FitGammaGammaOptions = {}): Promise<GammaGammaModel> {
  const fn = "fitGammaGammaAsync";
  return runAsync(gammaGammaSteps(customers, options, fn), fn, parseOptions(fitOptionsSchema, options, fn).signal);
}

function* gammaGammaSteps(customers: SpendColumns, options: FitGammaGammaOptions, fn: string): Steps<GammaGammaModel> {
  const opts = parseOptions(fitOptionsSchema, options, fn);
  const timeUnit = fitUnitOptional(customers, opts.timeUnit, fn);
  const { data, nSkipped } = readSpend(customers, fn, opts.weights, true);
  let W = 0;
  let nCustomers = 0;
  for (let i = 0; i < data.n; i++) {
    W += data.w[i];
    if (data.w[i] > 0) nCustomers++;
  }
  if (!(W > 0)) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["options", "weights"],
      message: `${fn}: the weights of the repeat customers sum to 0. Give at least one repeat customer a positive weight.`,
    });
  }
  const fit = yield* fitOnLogScale(
    {
      fn,
      names: GG_NAMES,
      negLogLik: (theta, grad) => gammaGammaNegLogLik(data, theta, grad),
      totalWeight: W,
      start: [0, 0, 0],
      // method-of-moments-like scale (γ near the mean spend)
      fallback: () => {
        let mean = 0;
        for (let i = 0; i < data.n; i++) mean += data.w[i] * data.z[i];
        mean /= W;
        return [Math.log(2), Math.log(2), Math.log(Math.max(mean, 1e-6))];
      },
      hint: "Rescale monetary values (e.g. to hundreds of dollars), add a small penalty (options.penalty = 0.001), or raise maxIter.",
    },
    opts,
  );
  return {
    kind: "gamma-gamma",
    version: 1,
    ...(timeUnit === undefined ? {} : { timeUnit }),
    params: fit.params,
    standardErrors: fit.standardErrors,
    confidenceIntervals: fit.confidenceIntervals,
    logLikelihood: fit.logLikelihood,
    nCustomers,
    totalWeight: W,
    nSkipped,
    penalty: opts.penalty,
    nIter: fit.nIter,
    converged: fit.converged,
  };
}

/**
 * Log-likelihood of a Gamma-Gamma model's parameters on repeat customers (frequency > 0;
 * frequency-0 rows are skipped), the full sum with constants. O(n).
 *
 * @throws ClienteleError as {@link fitGammaGamma}, and `INVALID_MODEL` for a malformed model
 * @example
 * import { fitGammaGamma, gammaGammaLogLikelihood } from "clientele/clv";
 * const data = { frequency: [1, 3, 2, 2, 1, 0], monetary: [8, 95, 12, 60, 30, 0] };
 * const m = fitGammaGamma(data);
 * gammaGammaLogLikelihood(m, data); // => -23.448
 * gammaGammaLogLikelihood(m, data) === m.logLikelihood; // => true
 */
export function gammaGammaLogLikelihood(model: GammaGammaModel, customers: SpendColumns, options: { weights?: ArrayLike<number> } = {}): number {
  const fn = "gammaGammaLogLikelihood";
  requireSpendModel(model, fn);
  const m = gammaGammaFromJSON(model, fn);
  const { weights } = parseOptions(z.object({ weights: weightsOption().optional() }), options, fn);
  const { data } = readSpend(customers, fn, weights, true);
  const theta = [Math.log(m.params.p), Math.log(m.params.q), Math.log(m.params.gamma)];
  return -gammaGammaNegLogLik(data, theta, null);
}
