import * as z from "../../core/schema.js";
import { jsonColumns } from "../../core/json.js";
import { parseOptions } from "../../core/validate.js";
import type { TimestampUnit } from "../../data/types.js";
import { snapshotFeatures, type TransactionInput } from "./build.js";
import { readCustomerLog } from "./log.js";
import {
  dateOption,
  dayOption,
  daysOption,
  featureSettings,
  isoDay,
  requireOption,
  targetOption,
  timestampUnitOption,
  type DateInput,
  type LabelTarget,
} from "./options.js";

/** Options of {@link baselineScores}. */
export interface BaselineScoresOptions {
  /** The snapshot date (required), as for `buildFeatures`. */
  asOf: DateInput;
  /** Which label the scores rank for: `"purchase"` (default) and `"spend"` rank likely buyers first, `"churn"` likely churners first. */
  target?: LabelTarget;
  /** Days ahead for the BG/NBD expected purchases. Default 90 (use the label horizon). */
  modelHorizon?: number;
  /** How numeric timestamps are read: `"ms"` (default), `"s"`, `"yyyymmdd"`. */
  timestampUnit?: TimestampUnit;
}

/** Baseline scores, one per customer, aligned with `buildFeatures`' ids at the same asOf. Higher = more likely the target. */
export interface BaselineScores {
  /** Number of customers. */
  n: number;
  /** Customer ids, the rows of `buildFeatures` at the same asOf. */
  ids: string[];
  /** The snapshot day (ISO date). */
  asOf: string;
  /** The label the scores rank for. */
  target: LabelTarget;
  /** Score columns: `recency` (−days since the last purchase), `rfm` (R + F + M, 3..15), `bgnbd` (BG/NBD expected purchases in `modelHorizon` days); negated for churn. */
  scores: { recency: Float64Array; rfm: Float64Array; bgnbd: Float64Array };
}

const baselineSchema = z.object({
  asOf: dateOption(),
  target: targetOption().default("purchase"),
  modelHorizon: daysOption().default(90),
  timestampUnit: timestampUnitOption().default("ms"),
});

/**
 * The scores a propensity model has to beat, from the same snapshot as `buildFeatures` (data on
 * or before `asOf` only): recency alone, the RFM score (sum of the 1-5 R, F, M quantile scores of
 * clientele/rfm, time since last purchase, purchase days, net spend) and BG/NBD expected purchases
 * (clientele/clv, fitted on the snapshot in weeks). Oriented so that a higher score means more
 * likely the target (for churn: less recent, lower RFM, fewer expected purchases), ready for an
 * AUC or lift comparison beside a model's scores. O(n) plus the BG/NBD fit.
 *
 * @param transactions - rows `{ customerId, timestamp, amount }` or parallel columns
 * @param options - `asOf` (required), `target` (default "purchase"), `modelHorizon` (default 90 days), `timestampUnit`
 * @throws ClienteleError `INVALID_OPTION`, `EMPTY_INPUT`, the input codes of `buildFeatures`, and
 *   the BG/NBD fit's codes under this function's name (e.g. `NO_REPEAT_CUSTOMERS`)
 * @example
 * import { baselineScores } from "clientele/predict";
 * const tx = [
 *   { customerId: "a", timestamp: "2024-01-01", amount: 20 },
 *   { customerId: "a", timestamp: "2024-01-25", amount: 30 },
 *   { customerId: "b", timestamp: "2024-01-05", amount: 15 },
 *   { customerId: "c", timestamp: "2024-01-10", amount: 5 },
 *   { customerId: "c", timestamp: "2024-01-12", amount: 5 },
 * ];
 * const b = baselineScores(tx, { asOf: "2024-01-31" });
 * b.ids; // => ["a", "b", "c"]
 * b.scores.recency; // => Float64Array [-6, -26, -19]
 */
export function baselineScores(transactions: TransactionInput, options: BaselineScoresOptions): BaselineScores {
  const fn = "baselineScores";
  requireOption(options, "asOf", fn, 'the snapshot date, the same as buildFeatures\', e.g. { asOf: "2024-06-30" }');
  const o = parseOptions(baselineSchema, options, fn);
  const asOf = dayOption(o.asOf, fn, "asOf", o.timestampUnit);
  const st = featureSettings(
    { windows: [30], timestampUnit: o.timestampUnit, include: ["bgnbd", "rfm"], modelHorizon: o.modelHorizon, clusters: 4, seed: 0 },
    fn,
  );
  const log = readCustomerLog(transactions, fn, o.timestampUnit);
  const s = snapshotFeatures(log, asOf, st, fn);
  const col = (name: string): Float64Array => s.columns[s.names.indexOf(name)];
  const sign = o.target === "churn" ? -1 : 1;
  const orient = (c: Float64Array, dir: number): Float64Array => {
    const out = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = dir * c[i] + 0; // + 0: no -0
    return out;
  };
  return jsonColumns({
    n: s.ids.length,
    ids: s.ids,
    asOf: isoDay(asOf),
    target: o.target,
    scores: jsonColumns({
      recency: orient(col("recency_days"), -sign),
      rfm: orient(col("rfm_score"), sign),
      bgnbd: orient(col("bgnbd_expected_purchases"), sign),
    }),
  });
}
