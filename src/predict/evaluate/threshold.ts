// costThreshold: the score cutoff that maximizes the profit of a retention campaign.
import { ClienteleError } from "../../core/errors.js";
import * as z from "../../core/schema.js";
import { parseOptions } from "../../core/validate.js";
import { thresholdCounts } from "../metrics/binary.js";
import { readScored, requireBothClasses } from "../metrics/input.js";

/** Options of {@link costThreshold}. */
export interface CostThresholdOptions {
  /** Cost of contacting one customer (offer, call, discount given to everyone contacted). Required, >= 0. */
  contactCost: number;
  /** Value of one saved customer (e.g. their CLV or margin over the horizon). Required, > 0. */
  savedValue: number;
  /** Share of contacted positives (would-be churners) the action actually saves, in (0, 1]. Default 1. */
  saveRate?: number;
}

/** The campaign outcome of contacting every customer scored at or above `threshold`. */
export interface ThresholdPoint {
  /** Contact customers with score >= threshold; null = contact nobody. */
  threshold: number | null;
  /** Customers contacted and their share of all. */
  contacted: number;
  share: number;
  /** Positives among the contacted (precision = positives / contacted; 0 when nobody). */
  positives: number;
  precision: number;
  /** Share of all positives contacted. */
  recall: number;
  /** positives · saveRate · savedValue − contacted · contactCost. */
  profit: number;
}

/** Result of {@link costThreshold}. */
export interface CostThreshold {
  n: number;
  positives: number;
  contactCost: number;
  savedValue: number;
  saveRate: number;
  /** The cutoff with the highest realized profit on these labels (ties: fewer contacts). */
  best: ThresholdPoint;
  /**
   * The decision rule for calibrated probabilities: contact when p · saveRate · savedValue > contactCost,
   * i.e. p >= contactCost / (saveRate · savedValue); its realized profit here. Null when the scores are
   * not probabilities in [0, 1] (see `breakEvenNote`).
   */
  breakEven: ThresholdPoint | null;
  breakEvenNote: string | null;
  /** Contacting everyone, for comparison (contacting nobody earns 0). */
  contactAll: ThresholdPoint;
}

const schema = z.object({ contactCost: z.number().min(0), savedValue: z.number().gt(0), saveRate: z.number().gt(0).max(1).default(1) });

/**
 * Chooses whom to contact in a retention (or any propensity) campaign from costs: contacting a
 * customer costs `contactCost`; a contacted positive (a would-be churner) is saved with
 * probability `saveRate` and is then worth `savedValue`. The realized profit of contacting the
 * customers scored at or above t is `positives(t) · saveRate · savedValue − contacted(t) · contactCost`;
 * `best` maximizes it over every distinct score on labeled (validation) data, and `breakEven`
 * applies the rule for calibrated probabilities, p ≥ contactCost / (saveRate · savedValue).
 * Scores: higher = more likely positive. O(n log n).
 *
 * @param y - 0/1 labels (1 = the event the campaign acts on, e.g. churned)
 * @param scores - one score per customer (probabilities for `breakEven`)
 * @param options - `contactCost`, `savedValue` (both required), `saveRate` (default 1)
 * @throws ClienteleError `INVALID_OPTION`, `INVALID_LABEL`, `LENGTH_MISMATCH`, `NON_FINITE`, `DEGENERATE_INPUT` (one class)
 * @example
 * import { costThreshold } from "clientele/predict";
 * const t = costThreshold([1, 1, 0, 1, 0, 0], [0.9, 0.8, 0.7, 0.6, 0.3, 0.1], { contactCost: 10, savedValue: 50 });
 * [t.best.threshold, t.best.contacted, t.best.profit]; // => [0.6, 4, 110]
 * t.breakEven?.threshold; // => 0.2
 */
export function costThreshold(y: ArrayLike<number | boolean>, scores: ArrayLike<number>, options: CostThresholdOptions): CostThreshold {
  const fn = "costThreshold";
  if (
    !options ||
    typeof options !== "object" ||
    (options as { contactCost?: unknown }).contactCost === undefined ||
    (options as { savedValue?: unknown }).savedValue === undefined
  ) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "contactCost"],
      message: `${fn}: options.contactCost and options.savedValue are required, e.g. { contactCost: 5, savedValue: 120 } (the cost of one contact and the value of one saved customer).`,
    });
  }
  const o = parseOptions(schema, options, fn);
  const d = readScored(y, scores, undefined, fn);
  const { pos } = requireBothClasses(d, fn);
  const gain = o.saveRate * o.savedValue;
  const point = (threshold: number | null, contacted: number, positives: number): ThresholdPoint => ({
    threshold,
    contacted,
    share: contacted / d.n,
    positives,
    precision: contacted > 0 ? positives / contacted : 0,
    recall: positives / pos,
    profit: positives * gain - contacted * o.contactCost,
  });
  const { tps, fps, thresholds, m } = thresholdCounts(d);
  let best = point(null, 0, 0);
  for (let k = 0; k < m; k++) {
    const p = point(thresholds[k]!, tps[k]! + fps[k]!, tps[k]!);
    if (p.profit > best.profit) best = p;
  }
  let probabilities = true;
  for (let i = 0; i < d.n; i++) if (d.s[i]! < 0 || d.s[i]! > 1) probabilities = false;
  let breakEven: ThresholdPoint | null = null;
  let note: string | null = null;
  if (!probabilities) note = "the scores are not probabilities in [0, 1]: use predictProba (calibrated) scores for the break-even rule";
  else {
    const t = o.contactCost / gain;
    let c = 0;
    let q = 0;
    for (let i = 0; i < d.n; i++) {
      if (d.s[i]! >= t) {
        c++;
        q += d.y[i]!;
      }
    }
    breakEven = point(t, c, q);
    if (t > 1) note = "contactCost exceeds saveRate · savedValue: no probability justifies a contact";
  }
  return {
    n: d.n,
    positives: pos,
    contactCost: o.contactCost,
    savedValue: o.savedValue,
    saveRate: o.saveRate,
    best,
    breakEven,
    breakEvenNote: note,
    contactAll: point(thresholds[m - 1]!, d.n, pos),
  };
}
