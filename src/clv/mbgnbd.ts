/**
 * MBG/NBD model (Batislam, Denizel & Filiztekin 2007): like BG/NBD, but a customer may also
 * drop out right after the first purchase, so customers with no repeat purchases can be dead.
 * Likelihood and predictions are shared with BG/NBD in `bgnbd.ts`.
 */
import { runAsync, runSync } from "../core/async.js";
import { BG_NAMES, bgFamilySteps, type BgNbdParams } from "./bgnbd.js";
import { fitSignal, type FitTransactionInput, type FitTransactionOptions, type TransactionFitInfo } from "./fit-common.js";
import { validateSavedModel } from "./saved-model.js";

/** MBG/NBD parameters: λ ~ Gamma(r, alpha), dropout probability at each purchase (including the first) p ~ Beta(a, b). */
export type MbgNbdParams = BgNbdParams;

/** A fitted MBG/NBD model (plain JSON data). */
export interface MbgNbdModel extends TransactionFitInfo<keyof MbgNbdParams> {
  /** `"mbg-nbd"` (models saved as `"mbgnbd"` before 0.2 load with the new tag). */
  kind: "mbg-nbd";
  version: 1;
  params: MbgNbdParams;
}

/**
 * Fits the MBG/NBD model by maximum likelihood (analytic gradients, BFGS on log-parameters,
 * deterministic start with fallbacks, compressed patterns). Per customer:
 * L = Γ(r+x)α^r/Γ(r) · [B(a, b+x+1)/B(a, b)·(α+T)^(−(r+x)) + B(a+1, b+x)/B(a, b)·(α+t_x)^(−(r+x))],
 * the form used by lifetimes' `ModifiedBetaGeoFitter`.
 *
 * @param customers - columns `frequency`, `recency`, `T` in one time unit (a summary from
 *   `summarizeTransactions` carries its `timeUnit`); optional `weights`
 * @param options - `timeUnit` (REQUIRED with bare columns), `penalty` (default 0; −mean weighted LL +
 *   penalty·(r²+α²+a²+b²)), `weights`, `maxIter` (500), `onProgress`, `signal` (see {@link fitMbgNbdAsync})
 * @throws ClienteleError `OUT_OF_RANGE` (a customer age T above 1e7 time units: a unit error), `EMPTY_INPUT`, `INVALID_INPUT`, `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`,
 *   `NEGATIVE_VALUE`, `NOT_INTEGER`, `OUT_OF_RANGE`, `RECENCY_AFTER_T`, `RECENCY_WITHOUT_REPEAT`,
 *   `INVALID_OPTION`, `UNIT_MISMATCH`, `FIT_FAILED`, `ABORTED`
 * @see Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of models for customer
 *   base analysis", International Journal of Research in Marketing 24(3)
 * @example
 * import { fitMbgNbd } from "clientele/clv";
 * const model = fitMbgNbd(
 *   { frequency: [2, 1, 0, 0, 5], recency: [30.4, 1.7, 0, 0, 20], T: [38.9, 38.9, 38.9, 30, 35] },
 *   { timeUnit: "week" },
 * );
 * model.kind; // => "mbg-nbd"
 */
export function fitMbgNbd(customers: FitTransactionInput, options: FitTransactionOptions = {}): MbgNbdModel {
  return runSync(bgFamilySteps(customers, options, "fitMbgNbd", true)) as unknown as MbgNbdModel;
}

/**
 * {@link fitMbgNbd} as a promise that yields to the event loop about every 10 ms, so
 * `signal: AbortSignal.timeout(ms)` stops it in wall-clock time; bit-identical result.
 *
 * @throws ClienteleError (as a rejection) the codes of {@link fitMbgNbd}; `ABORTED` naming `fitMbgNbdAsync`
 * @example
 * import { fitMbgNbdAsync } from "clientele/clv";
 * const customers = { frequency: [2, 1, 0, 0, 5], recency: [30.4, 1.7, 0, 0, 20], T: [38.9, 38.9, 38.9, 30, 35] };
 * const model = await fitMbgNbdAsync(customers, { timeUnit: "week", signal: AbortSignal.timeout(5_000) });
 * model.kind; // => "mbg-nbd"
 */
export async function fitMbgNbdAsync(customers: FitTransactionInput, options: FitTransactionOptions = {}): Promise<MbgNbdModel> {
  const fn = "fitMbgNbdAsync";
  return (await runAsync(bgFamilySteps(customers, options, fn, true), fn, fitSignal(options, fn))) as unknown as MbgNbdModel;
}

/**
 * Validates a saved MBG/NBD model and returns a clean copy with the current tag (`"mbgnbd"` loads
 * as `"mbg-nbd"`); parameters finite and in [1e-10, 1e10].
 *
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitMbgNbd, mbgNbdFromJSON } from "clientele/clv";
 * const m = fitMbgNbd({ frequency: [2, 1, 0, 3], recency: [30, 2, 0, 20], T: [39, 39, 39, 35] }, { timeUnit: "week" });
 * mbgNbdFromJSON(JSON.parse(JSON.stringify(m))).kind; // => "mbg-nbd"
 */
export function mbgNbdFromJSON(json: unknown): MbgNbdModel {
  return validateSavedModel(json, "mbg-nbd", BG_NAMES, "mbgNbdFromJSON") as MbgNbdModel;
}
