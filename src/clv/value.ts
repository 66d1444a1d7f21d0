import * as z from "../core/schema.js";
import { jsonColumns } from "../core/json.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { LIFETIMES_WEEKS_PER_MONTH, unitsPer, type TimeUnit } from "../core/time.js";
import { timeUnitOption } from "../core/options.js";
import { checkModelsAgree, requireModelUnit } from "./units.js";
import { requireSpendModel } from "./kinds.js";
import { withPublicName } from "../core/hyp2f1.js";
import { parseOptions, toFloat64Column } from "../core/validate.js";
import { toRftColumns, type CustomerColumnsRFT } from "./fit-common.js";
import { gammaGammaFromJSON, type GammaGammaModel } from "./gammagamma-model.js";
import { shrunkSpend } from "./gammagamma-predict.js";
import { bgProbabilityAlive, type BgNbdParams } from "./bgnbd.js";
import { paretoProbabilityAlive } from "./paretonbd-predict.js";
import { indexPairs } from "./compress.js";
import { conditionalExpectedPurchases, probabilityAlive, resolveModel, type TransactionModel } from "./transaction.js";

/** Customer columns for lifetime value: (frequency, recency, T) plus mean repeat spend. */
export interface CustomerValueColumns extends CustomerColumnsRFT {
  /** Mean value of the repeat transactions (z̄); 0 allowed where frequency is 0. */
  monetary: ArrayLike<number>;
}

/** Length of one discounting step. */
export type DiscountStep = "month" | "week" | "day";

/**
 * How long a month is: `"library"` (default) is the library's month, 365.25 / 12 = 30.4375 days
 * (4.348 weeks, `DAYS_PER_MONTH` in core); `"lifetimes"` is the Python package lifetimes' convention,
 * 4.345 weeks or 30 days, kept by name only to reproduce its figures.
 */
export type MonthConvention = "library" | "lifetimes";

/** Options of {@link customerLifetimeValue}. */
export interface CustomerLifetimeValueOptions {
  /** Number of discounting steps to sum over (default 12: a year of monthly steps). */
  horizon?: number;
  /** Discount rate per step, e.g. 0.01 a month (default 0.01, lifetimes' default). */
  discountRate?: number;
  /**
   * The unit the transaction model was fitted in. Read from the model (fitted models record it); give it
   * only for a model saved before models carried a unit (then it is required), or as a check (it must
   * equal the model's, `UNIT_MISMATCH` otherwise). Never assumed.
   */
  timeUnit?: TimeUnit;
  /** Length of one step, and so of `horizon` and `discountRate` (default "month"). */
  frequencyOfDiscount?: DiscountStep;
  /** Month length (default "library", 30.4375 days); "lifetimes" for lifetimes' 4.345 weeks / 30 days. */
  monthConvention?: MonthConvention;
}

const optionsSchema = z.object({
  horizon: z.number().int().min(1).max(100_000).default(12),
  discountRate: z.number().gt(-1).max(1e6).default(0.01),
  timeUnit: timeUnitOption().optional(),
  frequencyOfDiscount: z.enum(["month", "week", "day"]).default("month"),
  monthConvention: z.enum(["library", "lifetimes"]).default("library"),
});

/** lifetimes' model time units per step: a month is 4.345 weeks or 30 days, a week 7 days. */
const LIFETIMES_UNITS_PER_STEP: Record<DiscountStep, Record<TimeUnit, number>> = {
  month: { week: LIFETIMES_WEEKS_PER_MONTH, day: 30, month: 1 },
  week: { week: 1, day: 7, month: 1 / LIFETIMES_WEEKS_PER_MONTH },
  day: { week: 1 / 7, day: 1, month: 1 / 30 },
};

/**
 * Model time units in one discounting step. With the library's month (default) this is
 * `unitsPer(step, timeUnit)`: a month is 30.4375 days = 4.348 weeks, a week 7 days. With
 * `monthConvention: "lifetimes"`, lifetimes' figures: a month is 4.345 weeks or 30 days.
 *
 * @throws ClienteleError `INVALID_OPTION` for an unknown unit, step or convention
 * @example
 * import { stepLength } from "clientele/clv";
 * stepLength("week", "month"); // => 4.348214285714286
 * stepLength("week", "month", "lifetimes"); // => 4.345
 */
export function stepLength(timeUnit: TimeUnit, frequencyOfDiscount: DiscountStep = "month", monthConvention: MonthConvention = "library"): number {
  const units = ["day", "week", "month"];
  if (!units.includes(timeUnit) || !units.includes(frequencyOfDiscount) || (monthConvention !== "library" && monthConvention !== "lifetimes")) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["timeUnit"],
      received: timeUnit,
      message: `stepLength: timeUnit and frequencyOfDiscount must be "day", "week" or "month", and monthConvention "library" or "lifetimes". Got ${describeValue(timeUnit)} / ${describeValue(frequencyOfDiscount)} / ${describeValue(monthConvention)}.`,
    });
  }
  return monthConvention === "lifetimes" ? LIFETIMES_UNITS_PER_STEP[frequencyOfDiscount][timeUnit] : unitsPer(frequencyOfDiscount, timeUnit);
}

/**
 * Discounted customer lifetime value of each customer: a transaction model's expected
 * purchases times a Gamma-Gamma model's expected average spend, summed over discounting
 * steps with lifetimes' convention
 *
 *   CLV = Σ_{i=1}^{H} E[value] · (E[X(i·L)] − E[X((i−1)·L)]) / (1 + d)^i,
 *
 * where E[X(t)] are the customer's conditional expected purchases in the next t model time
 * units given (frequency, recency, T), H = `horizon`, d = `discountRate` (per step) and
 * L = model time units per step, from the model's own `timeUnit` (recorded by every fit; a
 * model saved without one needs `options.timeUnit`, no unit is assumed). With the defaults
 * (monthly steps, the library's month of 30.4375 days) L = 4.348 for a model fitted in weeks,
 * 30.4375 in days and 1 in months, so `horizon: 12` sums 12 monthly increments (365.25 days in
 * all) discounted at 1% a month, and day- and week-unit fits of the same data give the same CLV.
 * `monthConvention: "lifetimes"` uses lifetimes' 4.345 weeks / 30 days instead (to reproduce its
 * figures). Weekly steps use L = 1 week = 7 days, daily steps L = 1 day. A summary (or Gamma-Gamma
 * model) in another unit than the transaction model is `UNIT_MISMATCH`. The unit of the result is the
 * unit of `monetary`.
 *
 * Fast path: in all three models E[X(t) | x, t_x, T] = P(alive | x, t_x, T) · G(x, T, t), where
 * only G depends on t (and G does not depend on t_x). So the H horizon evaluations run once
 * per distinct (frequency, T) pair, and each customer needs one P(alive): the cost is O(n)
 * plus O(H × distinct (x, T)) model evaluations. Works with BG/NBD, MBG/NBD and Pareto/NBD.
 *
 * @param transactionModel - from `fitBgNbd`, `fitMbgNbd` or `fitParetoNbd`
 * @param spendModel - from {@link fitGammaGamma}
 * @param customers - `frequency`, `recency`, `T` (model time unit) and `monetary`
 * @param options - `horizon` (default 12), `discountRate` (default 0.01), `frequencyOfDiscount` (default
 *   "month"), `monthConvention` (default "library"), `timeUnit` (only for models saved without one, or as a check)
 * @returns CLV per customer
 * @throws ClienteleError `INVALID_OPTION`, `UNIT_MISMATCH`, `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`,
 *   `INFINITE_MEAN_SPEND`, `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`, `NOT_INTEGER`,
 *   `OUT_OF_RANGE`, `RECENCY_AFTER_T`, `RECENCY_WITHOUT_REPEAT`, `NON_POSITIVE_SPEND`, `EMPTY_INPUT`
 * @see Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves", JMR 42(4);
 *   lifetimes' `customer_lifetime_value` (the step convention).
 * @example
 * import { customerLifetimeValue, fitBgNbd, fitGammaGamma } from "clientele/clv";
 * // one entry per customer, times in weeks (the columns of a summarizeTransactions summary)
 * const customers = {
 *   frequency: [2, 1, 0, 0, 5, 3],
 *   recency: [30.4, 1.7, 0, 0, 20, 36],
 *   T: [38.9, 38.9, 38.9, 30, 35, 38],
 *   monetary: [22.35, 11.77, 0, 0, 40.1, 18],
 * };
 * const bg = fitBgNbd(customers, { timeUnit: "week" }); // a summary's own timeUnit is recorded without this option
 * const gg = fitGammaGamma(customers);
 * customerLifetimeValue(bg, gg, customers, { horizon: 12, discountRate: 0.01 });
 * // => Float64Array [36.3, 7.8, 18.6, 21.9, 48.8, 42.0]: discounted value of each customer over the next 12 months (365.25 days)
 */
export function customerLifetimeValue(
  transactionModel: TransactionModel,
  spendModel: GammaGammaModel,
  customers: CustomerValueColumns,
  options: CustomerLifetimeValueOptions = {},
): Float64Array {
  return jsonColumns(withPublicName("customerLifetimeValue", () => clvImpl(transactionModel, spendModel, customers, options)));
}

function clvImpl(
  transactionModel: TransactionModel,
  spendModel: GammaGammaModel,
  customers: CustomerValueColumns,
  options: CustomerLifetimeValueOptions,
): Float64Array {
  const fn = "customerLifetimeValue";
  const opts = parseOptions(optionsSchema, options, fn);
  const tm = resolveModel(
    transactionModel,
    fn,
    "customerLifetimeValue discounts monthly (weekly, daily) steps of a continuous-time model; with BG/BB multiply the increments of " +
      "conditionalExpectedPurchases(model, customers, n) by expectedAverageValue(spendModel, customers) per opportunity.",
  );
  const unit = requireModelUnit(tm.timeUnit, opts.timeUnit, customers, fn);
  requireSpendModel(spendModel, fn, "spendModel");
  const gg = gammaGammaFromJSON(spendModel, fn);
  checkModelsAgree(unit, gg.timeUnit, fn, "the transaction model", "spendModel");
  const { p, q, gamma } = gg.params;
  if (!(q > 1)) {
    throw new ClienteleError({
      code: "INFINITE_MEAN_SPEND",
      path: ["spendModel", "params", "q"],
      received: q,
      message: `${fn}: the spend model's q is ${q}; the mean spend p·γ/(q − 1) is infinite for q ≤ 1. Refit the Gamma-Gamma model with more data or a penalty.`,
    });
  }
  const c = toRftColumns(customers, fn);
  const monetary = toFloat64Column(customers.monetary, fn, "monetary", { min: 0 }, c.n);
  // Expected average value per customer (Gamma-Gamma, FHL 2005 eq. 5).
  const value = new Float64Array(c.n);
  const popMean = (p * gamma) / (q - 1);
  for (let i = 0; i < c.n; i++) {
    const x = c.frequency[i];
    if (x === 0) value[i] = popMean;
    else {
      const m = monetary[i];
      if (!(m > 0)) {
        throw new ClienteleError({
          code: "NON_POSITIVE_SPEND",
          path: ["monetary", i],
          received: m,
          message: `${fn}: monetary[${i}] is ${m} for a customer with frequency ${x}; repeat customers need a positive mean spend. Remove zero-value orders before summarizing.`,
        });
      }
      value[i] = shrunkSpend(p, q, popMean, x, m);
    }
  }
  const discounted = discountedPurchasesPerRow(
    transactionModel,
    c,
    opts.horizon,
    opts.discountRate,
    stepLength(unit, opts.frequencyOfDiscount, opts.monthConvention),
    fn,
  );
  const out = value;
  for (let i = 0; i < c.n; i++) out[i] *= discounted[i];
  return out;
}

/**
 * Σ_{i=1}^{H} (E[X(iL)] − E[X((i−1)L)]) / (1+d)^i per pattern.
 * @internal
 */
export function discountedPurchases(
  model: TransactionModel,
  patterns: { n: number; frequency: Float64Array; recency: Float64Array; T: Float64Array },
  horizon: number,
  discountRate: number,
  step: number,
): Float64Array {
  const cols = { frequency: patterns.frequency, recency: patterns.recency, T: patterns.T };
  const acc = new Float64Array(patterns.n);
  let prev: Float64Array = new Float64Array(patterns.n); // E[X(0)] = 0
  let factor = 1;
  for (let i = 1; i <= horizon; i++) {
    factor /= 1 + discountRate;
    const cur = conditionalExpectedPurchases(model, cols, i * step);
    for (let k = 0; k < patterns.n; k++) acc[k] += (cur[k] - prev[k]) * factor;
    prev = cur;
  }
  return acc;
}

/**
 * Discounted purchase sums per customer row using E[X(t) | x, t_x, T] = P(alive | x, t_x, T) ·
 * G(x, T, t), which holds for BG/NBD, MBG/NBD and Pareto/NBD: the sum of G is computed per
 * distinct (x, T) from a reference customer with t_x = T (or 0 when x = 0), whose P(alive) is
 * far from 0, then scaled by each row's P(alive). Rows whose pair's reference P(alive)
 * underflows fall back to direct evaluation.
 * @internal
 */
export function discountedPurchasesPerRow(
  model: TransactionModel,
  c: { n: number; frequency: Float64Array; recency: Float64Array; T: Float64Array },
  horizon: number,
  discountRate: number,
  step: number,
  fn: string,
): Float64Array {
  const resolved = resolveModel(model, fn);
  const pairs = indexPairs(c.frequency, c.T);
  const ref = {
    n: pairs.n,
    frequency: pairs.a,
    recency: Float64Array.from(pairs.a, (x, k) => (x > 0 ? pairs.b[k] : 0)),
    T: pairs.b,
  };
  const gSum = discountedPurchases(model, ref, horizon, discountRate, step);
  const refAlive = probabilityAlive(model, ref);
  const ratio = new Float64Array(pairs.n);
  for (let j = 0; j < pairs.n; j++) ratio[j] = refAlive[j] > 1e-200 && Number.isFinite(gSum[j]) ? gSum[j] / refAlive[j] : NaN;
  const out = new Float64Array(c.n);
  const fallback: number[] = [];
  const { frequency: fx, recency: ft, T: fT, index } = { ...c, index: pairs.index };
  if (resolved.kind === "pareto-nbd") {
    const p = resolved.params;
    for (let i = 0; i < c.n; i++) {
      const g = ratio[index[i]];
      if (g !== g) fallback.push(i);
      else out[i] = g === 0 ? 0 : paretoProbabilityAlive(p, fx[i], ft[i], fT[i]) * g;
    }
  } else {
    const p = resolved.params as BgNbdParams;
    const modified = resolved.kind === "mbg-nbd";
    for (let i = 0; i < c.n; i++) {
      const g = ratio[index[i]];
      if (g !== g) fallback.push(i);
      else out[i] = g === 0 ? 0 : bgProbabilityAlive(p, fx[i], ft[i], fT[i], modified) * g;
    }
  }
  if (fallback.length > 0) {
    const sub = {
      n: fallback.length,
      frequency: Float64Array.from(fallback, (k) => fx[k]),
      recency: Float64Array.from(fallback, (k) => ft[k]),
      T: Float64Array.from(fallback, (k) => fT[k]),
    };
    const direct = discountedPurchases(model, sub, horizon, discountRate, step);
    fallback.forEach((k, i) => (out[k] = direct[i]));
  }
  return out;
}
