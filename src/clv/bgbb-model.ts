/**
 * The BG/BB model as data: its parameters, the fitted model's fields, and saved-model validation.
 */
import * as z from "../core/schema.js";
import { loadSavedModel, logScaleFitFields, savedModelSchema, type SavedModelSpec } from "./saved-model.js";

/** BG/BB parameters in the names of Fader, Hardie & Shang (2010). */
export interface BgBbParams {
  /** Beta(α, β): heterogeneity of the transaction probability p. */
  alpha: number;
  beta: number;
  /** Beta(γ, δ): heterogeneity of the dropout probability θ. */
  gamma: number;
  delta: number;
}

/** A fitted BG/BB model: plain JSON data. */
export interface BgBbModel {
  /** `"bg-bb"` (models saved as `"bgbb"` before 0.2 load with the new tag). */
  kind: "bg-bb";
  version: 1;
  /**
   * `"period"`: BG/BB is a discrete-time model; its `recency`, `periods` and horizons count
   * transaction opportunities (whatever one opportunity is in the data: a year, a campaign), not days
   * or weeks. Saved models without it load with "period".
   */
  timeUnit: "period";
  params: BgBbParams;
  /** Delta-method standard errors from the Hessian (null where it was singular). */
  standardErrors: { alpha: number | null; beta: number | null; gamma: number | null; delta: number | null };
  /** 95% intervals exp(log θ ± 1.96 SE(log θ)), always positive (null where the Hessian was singular). */
  confidenceIntervals: {
    alpha: [number, number] | null;
    beta: [number, number] | null;
    gamma: [number, number] | null;
    delta: [number, number] | null;
  };
  /** Full log-likelihood Σ wᵢ log L(xᵢ, t_xᵢ, nᵢ), constants included. */
  logLikelihood: number;
  /** Rows with non-zero weight. */
  nCustomers: number;
  /** Sum of the weights (the number of customers when rows are patterns with counts). */
  totalWeight: number;
  /** Distinct (frequency, recency, periods) patterns the fit ran on. */
  nPatterns: number;
  penalty: number;
  /** Optimizer iterations. */
  nIter: number;
  /** Whether the optimizer met its gradient criterion (a fit that does not throws `FIT_FAILED`). */
  converged: boolean;
}

export const BGBB_NAMES = ["alpha", "beta", "gamma", "delta"] as const;

const BGBB_SAVED: SavedModelSpec = {
  kind: "bg-bb",
  names: BGBB_NAMES,
  fields: logScaleFitFields(
    () => z.literal("period").default("period"),
    () => z.number().max(0),
    "nPatterns",
  ),
};
const bgbbSchema = savedModelSchema(BGBB_SAVED);

/**
 * Validates a saved BG/BB model (for example after `JSON.parse`) and returns it typed.
 *
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { bgbbFromJSON, fitBgBb } from "clientele/clv";
 * const m = fitBgBb({ frequency: [0, 1, 2, 6], recency: [0, 3, 5, 6], periods: [6, 6, 6, 6], weights: [3464, 129, 173, 1203] });
 * const saved = JSON.stringify(m); // e.g. stored in a file or a database
 * const model = bgbbFromJSON(JSON.parse(saved));
 * model.params.alpha === m.params.alpha; // => true
 */
export function bgbbFromJSON(json: unknown, fn = "bgbbFromJSON"): BgBbModel {
  return loadSavedModel(json, BGBB_SAVED, bgbbSchema, fn) as BgBbModel;
}
