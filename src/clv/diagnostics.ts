import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { parseOptions, toFloat64Column } from "../core/validate.js";
import { toRftColumns, type CustomerColumnsRFT } from "./fit-common.js";
import { conditionalExpectedPurchases, expectedPurchases, resolveModel, type TransactionModel } from "./transaction.js";
import { checkDataUnit } from "./units.js";
import { withPublicName } from "../core/hyp2f1.js";
import { timeUnitOption } from "../core/options.js";
import type { TimeUnit } from "../core/time.js";

/** Calibration summary plus what happened in the holdout period. */
export interface CalibrationHoldoutData extends CustomerColumnsRFT {
  /** Purchases (counted like frequency) of each customer in the holdout period. */
  holdoutFrequency: ArrayLike<number>;
  /** Holdout length in the model's time unit: one number for everyone, or one per customer. */
  holdoutDuration: number | ArrayLike<number>;
  /** Unit of recency, T and holdoutDuration (a summary carries it); must be the model's (`UNIT_MISMATCH`). */
  timeUnit?: TimeUnit;
}

/** Options of {@link calibrationHoldout}. */
export interface CalibrationHoldoutOptions {
  /** Last bucket is "≥ maxFrequency" (default 7, as in Fader, Hardie & Lee 2005, Figure 4). */
  maxFrequency?: number;
}

/** Predicted vs actual holdout purchases per calibration-frequency bucket, ready to plot. */
export interface CalibrationHoldout {
  /** Bucket labels "0", "1", …, "≥7". */
  label: string[];
  /** Lowest calibration frequency of each bucket (0, 1, …, maxFrequency). */
  frequency: number[];
  /** Customers per bucket. */
  count: number[];
  /** Mean actual holdout purchases per customer in the bucket (null for an empty bucket). */
  actual: (number | null)[];
  /** Mean conditional expected holdout purchases per customer in the bucket (null for an empty bucket). */
  predicted: (number | null)[];
  /** Total actual and predicted holdout purchases over all customers. */
  totalActual: number;
  totalPredicted: number;
}

const chOptions = z.object({ maxFrequency: z.number().int().min(0).max(10_000).default(7) });

/**
 * Calibration-vs-holdout check of a transaction model: for customers grouped by their
 * calibration frequency (0, 1, …, "≥ maxFrequency"), the mean number of purchases they made
 * in the holdout period beside the model's conditional expectation for the same period
 * (Fader, Hardie & Lee 2005, Figure 4). Plain arrays, ready to plot. O(n) model evaluations.
 *
 * @param model - a transaction model fitted on the calibration period
 * @param data - calibration `frequency`, `recency`, `T`; `holdoutFrequency`; `holdoutDuration`
 *   (e.g. `summarizeTransactions(tx, { calibrationEnd, ... })` output)
 * @param options - `maxFrequency` (default 7)
 * @throws ClienteleError `UNIT_MISMATCH` (a summary in another unit than the model), the column checks of `conditionalExpectedPurchases`, `NON_FINITE`,
 *   `NEGATIVE_VALUE`, `NOT_INTEGER`, `LENGTH_MISMATCH` for the holdout columns, `INVALID_OPTION`, the model checks
 * @see Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2), Figure 4.
 * @example
 * import { calibrationHoldout, fitBgNbd } from "clientele/clv";
 * import { summarizeTransactions } from "clientele/data";
 * const tx = {
 *   customerId: ["a", "a", "a", "a", "b", "b", "c", "d", "d", "d", "e", "e"],
 *   timestamp: ["2024-01-02", "2024-02-10", "2024-03-20", "2024-05-01", "2024-01-05", "2024-04-20",
 *     "2024-01-20", "2024-01-08", "2024-01-29", "2024-02-19", "2024-02-01", "2024-03-01"],
 *   amount: [20, 25, 30, 22, 50, 45, 15, 10, 12, 9, 30, 35],
 * };
 * const s = summarizeTransactions(tx, { calibrationEnd: "2024-03-31", observationEnd: "2024-06-30", timeUnit: "week" });
 * const ch = calibrationHoldout(fitBgNbd(s), s, { maxFrequency: 2 });
 * ch.label; // => ["0", "1", "≥2"] (the default maxFrequency 7 gives "0" … "≥7")
 * ch.count; // => [2, 1, 2]
 * ch.actual; // => [0.5, 0, 0.5]: mean holdout purchases per bucket; plot ch.predicted beside it
 */
export function calibrationHoldout(model: TransactionModel, data: CalibrationHoldoutData, options: CalibrationHoldoutOptions = {}): CalibrationHoldout {
  return withPublicName("calibrationHoldout", () => calibrationHoldoutImpl(model, data, options));
}

function calibrationHoldoutImpl(model: TransactionModel, data: CalibrationHoldoutData, options: CalibrationHoldoutOptions): CalibrationHoldout {
  const fn = "calibrationHoldout";
  const { maxFrequency } = parseOptions(chOptions, options, fn);
  const m = resolveModel(
    model,
    fn,
    "BG/BB counts whole opportunities: compare conditionalExpectedPurchases(model, customers, n) with the holdout counts " +
      "(or probabilityOfPurchases(model, n, x) with the count histogram) instead.",
  );
  // holdoutDuration, recency and T must be in the model's unit: a summary carries its own
  checkDataUnit(m.timeUnit, data, fn, "data");
  const c = toRftColumns(data, fn);
  const hf = toFloat64Column(data.holdoutFrequency, fn, "holdoutFrequency", { min: 0 }, c.n);
  const durations: Float64Array =
    typeof data.holdoutDuration === "number"
      ? toFloat64Column([data.holdoutDuration], fn, "holdoutDuration", { min: 0 })
      : toFloat64Column(data.holdoutDuration, fn, "holdoutDuration", { min: 0 }, c.n);
  const predicted = new Float64Array(c.n);
  if (durations.length === 1 && typeof data.holdoutDuration === "number") {
    predicted.set(conditionalExpectedPurchases(model, c, durations[0]));
  } else {
    // group customers by their holdout length
    const groups = new Map<number, number[]>();
    for (let i = 0; i < c.n; i++) {
      const g = groups.get(durations[i]);
      if (g === undefined) groups.set(durations[i], [i]);
      else g.push(i);
    }
    for (const [t, rows] of groups) {
      const sub = {
        frequency: Float64Array.from(rows, (i) => c.frequency[i]),
        recency: Float64Array.from(rows, (i) => c.recency[i]),
        T: Float64Array.from(rows, (i) => c.T[i]),
      };
      const v = conditionalExpectedPurchases(model, sub, t);
      rows.forEach((i, k) => (predicted[i] = v[k]));
    }
  }
  const nb = maxFrequency + 1;
  const count = new Array<number>(nb).fill(0);
  const sumA = new Array<number>(nb).fill(0);
  const sumP = new Array<number>(nb).fill(0);
  let totalActual = 0;
  let totalPredicted = 0;
  for (let i = 0; i < c.n; i++) {
    const b = Math.min(c.frequency[i], maxFrequency);
    count[b]++;
    sumA[b] += hf[i];
    sumP[b] += predicted[i];
    totalActual += hf[i];
    totalPredicted += predicted[i];
  }
  const frequency = Array.from({ length: nb }, (_, k) => k);
  return {
    label: frequency.map((k) => (k === maxFrequency ? `≥${k}` : String(k))),
    frequency,
    count,
    actual: count.map((m, k) => (m === 0 ? null : sumA[k] / m)),
    predicted: count.map((m, k) => (m === 0 ? null : sumP[k] / m)),
    totalActual,
    totalPredicted,
  };
}

/** Inputs of {@link cumulativeTracking}. */
export interface CumulativeTrackingData {
  /** Each customer's first-purchase time, in the model's time unit from a common origin (e.g. weeks since the cohort start). */
  firstPurchase: ArrayLike<number>;
  /** Times of all repeat transactions (same origin and unit), one entry per transaction. */
  repeatTimes?: ArrayLike<number>;
  /** Or: actual repeat transactions per period (period k covers (k−1, k]·periodLength). */
  actualIncremental?: ArrayLike<number>;
  /** Unit of the times (optional; checked against the model's). */
  timeUnit?: TimeUnit;
}

/** Options of {@link cumulativeTracking}. */
export interface CumulativeTrackingOptions {
  /** Number of periods to track (required unless `actualIncremental` gives it). */
  periods?: number;
  /** Length of a period in model time units (default 1, e.g. one week). */
  periodLength?: number;
  /** Unit of `firstPurchase`, `repeatTimes` and `periodLength`: checked against the model's (`UNIT_MISMATCH`). */
  timeUnit?: TimeUnit;
}

/** Predicted vs actual repeat transactions per period and cumulatively, ready to plot. */
export interface CumulativeTracking {
  /** End of each period, in model time units from the origin: periodLength, 2·periodLength, … */
  time: number[];
  actualIncremental: number[];
  predictedIncremental: number[];
  actualCumulative: number[];
  predictedCumulative: number[];
}

const trackOptions = z.object({
  timeUnit: timeUnitOption().optional(),
  periods: z.number().int().min(1).max(1_000_000).optional(),
  periodLength: z.number().finite().gt(0).default(1),
});

/**
 * Aggregate tracking of a transaction model: the expected cumulative number of repeat
 * transactions of the whole cohort, Σᵢ E[X(t − sᵢ)] over customers whose first purchase sᵢ
 * precedes t, beside the actual cumulative count, per period (Fader, Hardie & Lee 2005,
 * Figure 2). Customers sharing a first-purchase time are evaluated once:
 * O(distinct first-purchase times × periods + transactions).
 *
 * @param model - a transaction model (usually fitted on the calibration period)
 * @param data - `firstPurchase` per customer and either `repeatTimes` or `actualIncremental`
 * @param options - `periods` (default: the length of `actualIncremental`), `periodLength` (default 1)
 * @throws ClienteleError `MISSING_COLUMN`, `NON_FINITE`, `NEGATIVE_VALUE`, `EMPTY_INPUT`, `INVALID_OPTION`,
 *   `UNIT_MISMATCH` (`options.timeUnit` or `data.timeUnit` other than the model's), `TOO_LARGE` (distinct
 *   first-purchase times × periods above 1e8), the model checks
 * @see Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2), Figure 2.
 * @example
 * import { cumulativeTracking, fitBgNbd } from "clientele/clv";
 * const bgnbd = fitBgNbd(
 *   { frequency: [2, 1, 0, 0, 5, 3], recency: [30.4, 1.7, 0, 0, 20, 36], T: [38.9, 38.9, 38.9, 30, 35, 38] },
 *   { timeUnit: "week" },
 * );
 * // a cohort of 4 customers (first purchases in weeks 0, 0, 1, 2) and its 3 repeat purchases, in weeks
 * const tr = cumulativeTracking(bgnbd, { firstPurchase: [0, 0, 1, 2], repeatTimes: [2.5, 5, 7.5] }, { periods: 8 });
 * tr.actualCumulative; // => [0, 0, 1, 1, 2, 2, 2, 3]
 * tr.predictedCumulative; // => [0.15, 0.36, 0.65, 0.93, 1.20, 1.47, 1.73, 1.98]: plot both against tr.time
 */
export function cumulativeTracking(model: TransactionModel, data: CumulativeTrackingData, options: CumulativeTrackingOptions = {}): CumulativeTracking {
  return withPublicName("cumulativeTracking", () => cumulativeTrackingImpl(model, data, options));
}

function cumulativeTrackingImpl(model: TransactionModel, data: CumulativeTrackingData, options: CumulativeTrackingOptions): CumulativeTracking {
  const fn = "cumulativeTracking";
  const opts = parseOptions(trackOptions, options, fn);
  const m = resolveModel(model, fn, "BG/BB counts whole opportunities: track expectedPurchases(model, n) for n = 1, 2, … opportunities instead.");
  checkDataUnit(m.timeUnit, data, fn, "data");
  if (opts.timeUnit !== undefined) checkDataUnit(m.timeUnit, { timeUnit: opts.timeUnit }, fn, "options");
  const first = toFloat64Column(data?.firstPurchase, fn, "firstPurchase", { min: 0 });
  if (first.length === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["firstPurchase"],
      message: `${fn}: firstPurchase is empty. Pass one first-purchase time per customer.`,
    });
  }
  const L = opts.periodLength;
  let actualInc: Float64Array;
  let periods: number;
  if (data.actualIncremental !== undefined) {
    actualInc = toFloat64Column(data.actualIncremental, fn, "actualIncremental", { min: 0 });
    periods = opts.periods ?? actualInc.length;
    if (periods > actualInc.length) {
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: ["actualIncremental"],
        received: actualInc.length,
        message: `${fn}: options.periods is ${periods} but actualIncremental has ${actualInc.length} values. Pass one count per period.`,
      });
    }
  } else if (data.repeatTimes !== undefined) {
    if (opts.periods === undefined) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "periods"],
        message: `${fn}: options.periods is required with repeatTimes (how many periods of length ${L} to track). Got undefined.`,
      });
    }
    periods = opts.periods;
    const times = toFloat64Column(data.repeatTimes, fn, "repeatTimes", { min: 0 });
    actualInc = new Float64Array(periods);
    for (let i = 0; i < times.length; i++) {
      // period k (1-based) covers (k−1, k]·L; a transaction at time 0 counts in period 1
      const k = Math.max(1, Math.ceil(times[i] / L - 1e-9));
      if (k <= periods) actualInc[k - 1]++;
    }
  } else {
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: ["repeatTimes"],
      message: `${fn}: pass either repeatTimes (one time per repeat transaction) or actualIncremental (counts per period).`,
    });
  }
  // distinct first-purchase times with counts
  const cohort = new Map<number, number>();
  for (let i = 0; i < first.length; i++) cohort.set(first[i], (cohort.get(first[i]) ?? 0) + 1);
  if (cohort.size * periods > 1e8) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["firstPurchase"],
      received: cohort.size,
      message:
        `${fn}: ${cohort.size} distinct first-purchase times × ${periods} periods is ${cohort.size * periods} model evaluations (limit 1e8). ` +
        "Round firstPurchase to whole periods (customers sharing a first-purchase time are evaluated once) or track fewer periods.",
    });
  }
  const predictedCum = new Float64Array(periods);
  const ages = new Float64Array(periods);
  for (const [s, cnt] of cohort) {
    for (let k = 0; k < periods; k++) ages[k] = Math.max(0, (k + 1) * L - s);
    const e = expectedPurchases(model, ages);
    for (let k = 0; k < periods; k++) predictedCum[k] += cnt * e[k];
  }
  const time: number[] = [];
  const actualIncremental: number[] = [];
  const predictedIncremental: number[] = [];
  const actualCumulative: number[] = [];
  const predictedCumulative: number[] = [];
  let acc = 0;
  for (let k = 0; k < periods; k++) {
    time.push((k + 1) * L);
    actualIncremental.push(actualInc[k]);
    acc += actualInc[k];
    actualCumulative.push(acc);
    predictedCumulative.push(predictedCum[k]);
    predictedIncremental.push(k === 0 ? predictedCum[0] : predictedCum[k] - predictedCum[k - 1]);
  }
  return { time, actualIncremental, predictedIncremental, actualCumulative, predictedCumulative };
}
