/**
 * Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): the fit and saved-model loading. The
 * likelihood is in `paretonbd-likelihood.ts`, the predictions in `paretonbd-predict.ts` (re-exported here).
 */
import { runAsync, runSync, type Steps } from "../core/async.js";
import type { CompressedRft } from "./compress.js";
import { dataScale, fitSignal, prepareFit, type FitTransactionInput, type FitTransactionOptions, type TransactionFitInfo } from "./fit-common.js";
import { fitByMaximumLikelihood } from "./mle.js";
import { paretoNegLogLik } from "./paretonbd-likelihood.js";
import { validateSavedModel } from "./saved-model.js";

export { paretoLogI, paretoNegLogLik } from "./paretonbd-likelihood.js";
export {
  discountKernel,
  paretoConditional,
  paretoConditionalGivenAlive,
  paretoDert,
  paretoExpected,
  paretoLogAliveBatch,
  paretoPmf,
  paretoProbabilityAlive,
} from "./paretonbd-predict.js";

/** Pareto/NBD parameters: purchase rate λ ~ Gamma(r, alpha), dropout rate μ ~ Gamma(s, beta). */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** A fitted Pareto/NBD model (plain JSON data). */
export interface ParetoNbdModel extends TransactionFitInfo<keyof ParetoNbdParams> {
  /** `"pareto-nbd"` (models saved as `"paretonbd"` before 0.2 load with the new tag). */
  kind: "pareto-nbd";
  version: 1;
  params: ParetoNbdParams;
}

export const PNBD_NAMES = ["r", "alpha", "s", "beta"] as const;

function paretoStarts(data: CompressedRft): number[][] {
  const { meanT, rate } = dataScale(data);
  return [
    [1, 1 / rate, 1, meanT],
    [0.5, 0.5 / rate, 0.5, 0.5 * meanT],
    [0.1, 0.1 / rate, 2, 4 * meanT],
  ];
}

/**
 * Fits the Pareto/NBD model by maximum likelihood on log-parameters with analytic gradients
 * (BFGS), from a deterministic start with fallbacks. Identical (frequency, recency, T) rows are
 * compressed first. The likelihood uses Fader & Hardie's hypergeometric form with the |z| < 1
 * choice (alpha ≥ beta or alpha < beta), summed in scaled arithmetic, so heavy buyers
 * (frequency in the thousands) and long histories stay finite.
 *
 * @param customers - columns `frequency`, `recency`, `T` in one time unit; optional `weights`
 * @param options - `timeUnit` (REQUIRED with bare columns; a summary's own unit otherwise),
 *   `penalty` (default 0; −mean weighted LL + penalty·(r²+α²+s²+β²)), `weights`,
 *   `maxIter` (500), `onProgress`, `signal`
 * @returns the model with r, alpha, s, beta, the full log-likelihood, standard errors and 95% intervals
 *   and `boundary`: the parameters (if any) that ended at the edge of the search box |log θ| ≤ 20, where the
 *   likelihood only approaches a limit of the model (e.g. r, alpha → ∞ is the Poisson limit); tiny or
 *   degenerate data (one customer, no repeat purchases) often end there, and the fit then stops instead of
 *   chasing the limit
 * @throws ClienteleError `OUT_OF_RANGE` (a customer age T above 1e7 time units: a unit error), `EMPTY_INPUT`, `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`,
 *   `NOT_INTEGER`, `OUT_OF_RANGE`, `RECENCY_AFTER_T`, `RECENCY_WITHOUT_REPEAT`, `INVALID_OPTION`,
 *   `UNIT_MISMATCH`, `FIT_FAILED`, `ABORTED`
 * @see Schmittlein, Morrison & Colombo (1987), Management Science 33(1); Fader & Hardie (2005), "A Note on
 *   Deriving the Pareto/NBD Model and Related Expressions"
 * @example
 * import { fitParetoNbd } from "clientele/clv";
 * const model = fitParetoNbd({ frequency: [2, 1, 0, 0, 5], recency: [30.4, 1.7, 0, 0, 20], T: [38.9, 38.9, 38.9, 30, 35] }, { timeUnit: "week" });
 * model.kind; // => "pareto-nbd"
 */
export function fitParetoNbd(customers: FitTransactionInput, options: FitTransactionOptions = {}): ParetoNbdModel {
  return runSync(paretoSteps(customers, options, "fitParetoNbd"));
}

/**
 * {@link fitParetoNbd} as a promise that yields to the event loop about every 10 ms, so
 * `signal: AbortSignal.timeout(ms)` stops it in wall-clock time; bit-identical result.
 *
 * @throws ClienteleError (as a rejection) the codes of {@link fitParetoNbd}; `ABORTED` naming `fitParetoNbdAsync`
 * @example
 * import { fitParetoNbdAsync } from "clientele/clv";
 * const customers = { frequency: [2, 1, 0, 0, 5], recency: [30.4, 1.7, 0, 0, 20], T: [38.9, 38.9, 38.9, 30, 35] };
 * const model = await fitParetoNbdAsync(customers, { timeUnit: "week", signal: AbortSignal.timeout(5_000) });
 * model.kind; // => "pareto-nbd"
 */
export async function fitParetoNbdAsync(customers: FitTransactionInput, options: FitTransactionOptions = {}): Promise<ParetoNbdModel> {
  const fn = "fitParetoNbdAsync";
  return runAsync(paretoSteps(customers, options, fn), fn, fitSignal(options, fn));
}

function* paretoSteps(customers: FitTransactionInput, options: FitTransactionOptions, fn: string): Steps<ParetoNbdModel> {
  const { data, opts, nCustomers, timeUnit } = prepareFit(customers, options, fn);
  const fit = yield* fitByMaximumLikelihood({ fn, names: PNBD_NAMES, negLogLik: paretoNegLogLik, starts: paretoStarts }, data, opts, nCustomers);
  return { kind: "pareto-nbd", version: 1, timeUnit, ...fit };
}

/**
 * Validates a saved Pareto/NBD model and returns it typed.
 *
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitParetoNbd, paretoNbdFromJSON } from "clientele/clv";
 * const m = fitParetoNbd({ frequency: [2, 1, 0, 3], recency: [30, 2, 0, 20], T: [39, 39, 39, 35] }, { timeUnit: "week" });
 * paretoNbdFromJSON(JSON.parse(JSON.stringify(m))).kind; // => "pareto-nbd"
 */
export function paretoNbdFromJSON(json: unknown): ParetoNbdModel {
  return validateSavedModel(json, "pareto-nbd", PNBD_NAMES, "paretoNbdFromJSON") as ParetoNbdModel;
}
