/**
 * The Gamma-Gamma spend model as data: its parameters, the fitted model's fields, and saved-model
 * validation.
 */
import type { TimeUnit } from "../core/time.js";
import { loadSavedModel, logScaleFitFields, numberField, savedModelSchema, timeUnitField, type SavedModelSpec } from "./saved-model.js";

/** Gamma-Gamma parameters in the names of Fader, Hardie & Lee (2005). */
export interface GammaGammaParams {
  /** Shape of the gamma distribution of one transaction's value around the customer's mean. */
  p: number;
  /** Shape of the gamma heterogeneity of the customers' scale ν. */
  q: number;
  /** Scale (rate) of the heterogeneity of ν. */
  gamma: number;
}

/** A fitted Gamma-Gamma spend model: plain JSON data. */
export interface GammaGammaModel {
  /** `"gamma-gamma"` (models saved as `"gammagamma"` before 0.2 load with the new tag). */
  kind: "gamma-gamma";
  version: 1;
  /**
   * Time unit of the summary the spend model was fitted on (from the summary's `timeUnit` or
   * `options.timeUnit`). The Gamma-Gamma likelihood itself has no time scale, so the unit is optional
   * here; when recorded, `customerLifetimeValue` checks that it agrees with the transaction model's.
   */
  timeUnit?: TimeUnit;
  params: GammaGammaParams;
  /** Delta-method standard errors from the Hessian of the log-likelihood (null where it was singular). */
  standardErrors: { p: number | null; q: number | null; gamma: number | null };
  /** 95% intervals exp(log θ ± 1.96 SE(log θ)), always positive (null where the Hessian was singular). */
  confidenceIntervals: { p: [number, number] | null; q: [number, number] | null; gamma: [number, number] | null };
  /** Full log-likelihood Σ wᵢ log f(z̄ᵢ | xᵢ) with all constants, at the estimate. */
  logLikelihood: number;
  /** Rows used (repeat customers, frequency > 0, with non-zero weight). */
  nCustomers: number;
  /** Sum of the weights of the rows used. */
  totalWeight: number;
  /** Rows with frequency 0 that were skipped (they carry no spend information). */
  nSkipped: number;
  /** L2 penalty coefficient used. */
  penalty: number;
  /** Optimizer iterations. */
  nIter: number;
  /** Whether the optimizer met its gradient criterion (a fit that does not throws `FIT_FAILED`). */
  converged: boolean;
}

export const GG_NAMES = ["p", "q", "gamma"] as const;

const GG_SAVED: SavedModelSpec = {
  kind: "gamma-gamma",
  names: GG_NAMES,
  fields: logScaleFitFields(timeUnitField, numberField, "nSkipped"),
};
const ggSchema = savedModelSchema(GG_SAVED);

/**
 * Validates a saved Gamma-Gamma model (for example after `JSON.parse`) and returns it typed.
 *
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitGammaGamma, gammaGammaFromJSON } from "clientele/clv";
 * const m = fitGammaGamma({ frequency: [1, 3, 2, 2, 1, 0], monetary: [8, 95, 12, 60, 30, 0] });
 * const saved = JSON.stringify(m); // e.g. stored in a file or a database
 * const model = gammaGammaFromJSON(JSON.parse(saved));
 * model.params.p === m.params.p; // => true
 */
export function gammaGammaFromJSON(json: unknown, fn = "gammaGammaFromJSON"): GammaGammaModel {
  const m = loadSavedModel(json, GG_SAVED, ggSchema, fn) as GammaGammaModel;
  if (m.timeUnit === undefined) delete m.timeUnit;
  return m;
}
