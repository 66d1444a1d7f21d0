import * as z from "../../core/schema.js";
import { ClienteleError } from "../../core/errors.js";
import { jsonColumns } from "../../core/json.js";
import { parseOptions } from "../../core/validate.js";
import { snapshotFeatures, toFeatureSet, type BuildFeaturesOptions, type FeatureSet, type TransactionInput } from "./build.js";
import { endDayOf, snapshotLabels, type LabelSet } from "./labels.js";
import { readCustomerLog, type CustomerLog } from "./log.js";
import {
  checkObserved,
  dateOption,
  dayOption,
  daysOption,
  featureSettings,
  featureShape,
  isoDay,
  requireOption,
  targetOption,
  type DateInput,
  type FeatureSettings,
  type LabelTarget,
} from "./options.js";

/** Options of {@link backtestSplits}: the feature options of `buildFeatures` (without asOf) plus the split plan. */
export interface BacktestSplitsOptions extends Omit<BuildFeaturesOptions, "asOf"> {
  /** Label window in days (required, a whole number >= 1). */
  horizon: number;
  /** `"purchase"` (default), `"churn"` or `"spend"`. */
  target?: LabelTarget;
  /**
   * Snapshot dates in increasing order, at least two: split k trains as of `asOf[k]` and validates
   * as of `asOf[k + 1]`. Default: validation as of `observationEnd - horizon` and training
   * `step` days earlier (`folds` splits, each `step` days before the next).
   */
  asOf?: DateInput[];
  /** Number of splits when `asOf` is not given. Default 1. */
  folds?: number;
  /** Days between the training and the validation snapshot (and between folds), >= horizon. Default `horizon`. */
  step?: number;
  /** Last day the log covers. Default: the day of the latest transaction. */
  observationEnd?: DateInput;
}

/** One snapshot of a backtest: features as of a day and the labels of the days after it. */
export interface BacktestSnapshot {
  /** Snapshot day (ISO date). */
  asOf: string;
  /** Features from the transactions on or before asOf. */
  features: FeatureSet;
  /** Labels of the same customers (same order) in (asOf, asOf + horizon]. */
  labels: LabelSet;
}

/** A time-ordered train/validation pair: validation's snapshot is at least `horizon` days after training's. */
export interface BacktestSplit {
  train: BacktestSnapshot;
  validation: BacktestSnapshot;
}

/** Result of {@link backtestSplits}. */
export interface BacktestSplits {
  /** Splits, oldest first. */
  splits: BacktestSplit[];
  /** Label window in days. */
  horizon: number;
  /** What the labels measure. */
  target: LabelTarget;
  /** Last observed day (ISO date). */
  observationEnd: string;
}

export const backtestSplitsSchema = z.object({
  ...featureShape,
  horizon: daysOption(),
  target: targetOption().default("purchase"),
  asOf: z.array(dateOption()).min(2).max(100).optional(),
  folds: z.number().int().min(1).max(50).default(1),
  step: daysOption().optional(),
  observationEnd: dateOption().optional(),
});

/** One snapshot (features and aligned labels) from a read log (internal). */
export function snapshotAt(log: CustomerLog, day: number, horizon: number, target: LabelTarget, st: FeatureSettings, fn: string): BacktestSnapshot {
  const s = snapshotFeatures(log, day, st, fn);
  return jsonColumns({ asOf: isoDay(day), features: toFeatureSet(s, day, st.windows), labels: snapshotLabels(log, day, horizon, target, s.ids, s.order) });
}

/**
 * Time-ordered backtest snapshots from one transaction log: each split trains on features as of
 * t₀ with labels in (t₀, t₀ + horizon], and validates on features as of t₁ ≥ t₀ + horizon with
 * labels in (t₁, t₁ + horizon], so the training labels are complete by the validation date and
 * no feature reads a day after its own snapshot. The log is read once. Customers are each
 * snapshot's own (buyers on or before its date), so a model is validated on customers as they
 * looked at t₁, including ones new since t₀. O(n + snapshots × customer-days).
 *
 * @param transactions - rows `{ customerId, timestamp, amount }` or parallel columns
 * @param options - `horizon` (required), `target`, `asOf` (dates) or `folds` and `step`, `observationEnd`, and the feature options of `buildFeatures`
 * @throws ClienteleError `INVALID_OPTION` (horizon not >= 1 day, dates out of order or closer than
 *   horizon, a window past the end of the data, step < horizon), `EMPTY_INPUT` (no customer before a
 *   snapshot), and the codes of `buildFeatures`
 * @example
 * import { backtestSplits } from "clientele/predict";
 * const tx = [
 *   { customerId: "a", timestamp: "2024-01-05", amount: 20 },
 *   { customerId: "a", timestamp: "2024-02-10", amount: 25 },
 *   { customerId: "b", timestamp: "2024-01-20", amount: 15 },
 *   { customerId: "b", timestamp: "2024-03-20", amount: 10 },
 *   { customerId: "c", timestamp: "2024-02-25", amount: 40 },
 *   { customerId: "a", timestamp: "2024-04-25", amount: 30 },
 * ];
 * const { splits } = backtestSplits(tx, { horizon: 30, target: "purchase", asOf: ["2024-01-31", "2024-03-31"], windows: [30], observationEnd: "2024-04-30" });
 * [splits[0].train.asOf, splits[0].validation.asOf]; // => ["2024-01-31", "2024-03-31"]
 * splits[0].train.labels.label; // => Float64Array [1, 0]
 * splits[0].validation.features.ids; // => ["a", "b", "c"]
 * splits[0].validation.labels.label; // => Float64Array [1, 0, 0]
 */
export function backtestSplits(transactions: TransactionInput, options: BacktestSplitsOptions): BacktestSplits {
  const fn = "backtestSplits";
  requireOption(options, "horizon", fn, "the label window in days after each snapshot, e.g. { horizon: 90 }");
  const o = parseOptions(backtestSplitsSchema, options, fn);
  const st = featureSettings(o, fn);
  const log = readCustomerLog(transactions, fn, st.timestampUnit);
  const end = endDayOf(log, o.observationEnd, fn, st.timestampUnit);
  const h = o.horizon;
  let days: number[];
  if (o.asOf !== undefined) {
    if (o.step !== undefined || options.folds !== undefined) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", o.step !== undefined ? "step" : "folds"],
        received: o.step ?? o.folds,
        message: `${fn}: give either options.asOf (the snapshot dates) or folds/step, not both.`,
      });
    }
    days = o.asOf.map((d, k) => dayOption(d, fn, `asOf.${k}`, st.timestampUnit));
    for (let k = 1; k < days.length; k++) {
      if (days[k] < days[k - 1] + h) {
        throw new ClienteleError({
          code: "INVALID_OPTION",
          path: ["options", "asOf", k],
          received: o.asOf[k],
          message: `${fn}: options.asOf[${k}] (${isoDay(days[k])}) must be at least horizon (${h}) days after options.asOf[${k - 1}] (${isoDay(days[k - 1])}), so that the training labels end before the validation snapshot. Space the dates out or shorten the horizon.`,
        });
      }
    }
  } else {
    const step = o.step ?? h;
    if (step < h) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "step"],
        received: step,
        message: `${fn}: options.step (${step}) must be at least the horizon (${h} days), so that the training labels end before the validation snapshot.`,
      });
    }
    const last = end - h;
    days = [];
    for (let k = o.folds; k >= 0; k--) days.push(last - k * step);
  }
  for (let k = 0; k < days.length; k++) checkObserved(days[k], h, end, fn, o.asOf ? ["options", "asOf", k] : ["options", "horizon"]);
  const snaps = days.map((d) => snapshotAt(log, d, h, o.target, st, fn));
  const splits: BacktestSplit[] = [];
  for (let k = 0; k + 1 < snaps.length; k++) splits.push({ train: snaps[k], validation: snaps[k + 1] });
  return { splits, horizon: h, target: o.target, observationEnd: isoDay(end) };
}
