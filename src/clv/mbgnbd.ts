/**
 * MBG/NBD model (Batislam, Denizel & Filiztekin 2007): like BG/NBD, but a customer may also
 * drop out right after the first purchase, so customers with no repeat purchases can be dead.
 * Likelihood and predictions are shared with BG/NBD in `bgnbd.ts`.
 */
import {
  BG_NAMES,
  bgFamilyNegLogLik,
  bgFamilyStarts,
  type BgNbdParams,
} from "./bgnbd.js";
import {
  fitByMaximumLikelihood,
  prepareFit,
  validateSavedModel,
  type FitTransactionInput,
  type FitTransactionOptions,
  type TransactionFitInfo,
} from "./fit-common.js";

/** MBG/NBD parameters: λ ~ Gamma(r, alpha), dropout probability at each purchase (including the first) p ~ Beta(a, b). */
export type MbgNbdParams = BgNbdParams;

/** A fitted MBG/NBD model (plain JSON data). */
export interface MbgNbdModel extends TransactionFitInfo<keyof MbgNbdParams> {
  kind: "mbgnbd";
  version: 1;
  params: MbgNbdParams;
}

/**
 * Fits the MBG/NBD model by maximum likelihood (analytic gradients, BFGS on log-parameters,
 * deterministic start with fallbacks, compressed patterns). Per customer:
 * L = Γ(r+x)α^r/Γ(r) · [B(a, b+x+1)/B(a, b)·(α+T)^(−(r+x)) + B(a+1, b+x)/B(a, b)·(α+t_x)^(−(r+x))],
 * the form used by lifetimes' `ModifiedBetaGeoFitter`.
 *
 * @param customers - columns `frequency`, `recency`, `T` in one time unit; optional `weights`
 * @param options - `penalty` (default 0; −mean weighted LL + penalty·(r²+α²+a²+b²)), `weights`, `maxIter` (500), `onProgress`, `signal`
 * @throws ClienteleError `EMPTY_INPUT`, `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`,
 *   `NOT_INTEGER`, `OUT_OF_RANGE`, `RECENCY_AFTER_T`, `RECENCY_WITHOUT_REPEAT`, `INVALID_OPTION`,
 *   `FIT_FAILED`, `ABORTED`
 * @see Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of models for customer
 *   base analysis", International Journal of Research in Marketing 24(3)
 * @example
 * import { fitMbgNbd } from "clientele/clv";
 * const model = fitMbgNbd({ frequency: [2, 1, 0, 0, 5], recency: [30.4, 1.7, 0, 0, 20], T: [38.9, 38.9, 38.9, 30, 35] });
 * model.kind; // => "mbgnbd"
 */
export function fitMbgNbd(customers: FitTransactionInput, options: FitTransactionOptions = {}): MbgNbdModel {
  const fn = "fitMbgNbd";
  const { data, opts, nCustomers } = prepareFit(customers, options, fn);
  const fit = fitByMaximumLikelihood(
    { fn, names: BG_NAMES, negLogLik: (d) => bgFamilyNegLogLik(d, true), starts: bgFamilyStarts },
    data,
    opts,
    nCustomers,
  );
  return { kind: "mbgnbd", version: 1, ...fit };
}

/**
 * Validates a saved MBG/NBD model and returns it typed.
 *
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitMbgNbd, mbgNbdFromJSON } from "clientele/clv";
 * const m = fitMbgNbd({ frequency: [2, 1, 0, 3], recency: [30, 2, 0, 20], T: [39, 39, 39, 35] });
 * mbgNbdFromJSON(JSON.parse(JSON.stringify(m))).kind; // => "mbgnbd"
 */
export function mbgNbdFromJSON(json: unknown): MbgNbdModel {
  return validateSavedModel(json, "mbgnbd", BG_NAMES, "mbgNbdFromJSON") as MbgNbdModel;
}
