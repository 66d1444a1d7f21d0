import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { parseOptions, toFloat64Column } from "../core/validate.js";
import { toRftColumns, type CustomerColumnsRFT } from "./fit-common.js";
import { gammaGammaFromJSON, type GammaGammaModel } from "./gammagamma.js";
import { bgProbabilityAlive } from "./bgnbd.js";
import { paretoProbabilityAlive } from "./paretonbd.js";
import { indexPairs } from "./patterns.js";
import { conditionalExpectedPurchases, probabilityAlive, resolveModel, type TransactionModel } from "./transaction.js";

/** Customer columns for lifetime value: (frequency, recency, T) plus mean repeat spend. */
export interface CustomerValueColumns extends CustomerColumnsRFT {
  /** Mean value of the repeat transactions (z̄); 0 allowed where frequency is 0. */
  monetary: ArrayLike<number>;
}

/** Time unit of a fitted transaction model (the unit its recency and T were measured in). */
export type ModelTimeUnit = "day" | "week" | "month";

/** Length of one discounting step. */
export type DiscountStep = "month" | "week" | "day";

/** Options of {@link customerLifetimeValue}. */
export interface CustomerLifetimeValueOptions {
  /** Number of discounting steps to sum over (default 12: a year of monthly steps). */
  horizon?: number;
  /** Discount rate per step, e.g. 0.01 a month (default 0.01, lifetimes' default). */
  discountRate?: number;
  /** The unit the transaction model was fitted in (default "week"). */
  timeUnit?: ModelTimeUnit;
  /** Length of one step, and so of `horizon` and `discountRate` (default "month"). */
  frequencyOfDiscount?: DiscountStep;
}

const optionsSchema = z.object({
  horizon: z.number().int().min(1).max(100_000).default(12),
  discountRate: z.number().finite().gt(-1).default(0.01),
  timeUnit: z.enum(["day", "week", "month"]).default("week"),
  frequencyOfDiscount: z.enum(["month", "week", "day"]).default("month"),
});

/**
 * Model time units per step, lifetimes' conventions: a month is 4.345 weeks or 30 days,
 * a week 7 days; a month-unit model has 4.345 weeks and 30 days per month.
 */
const UNITS_PER_STEP: Record<DiscountStep, Record<ModelTimeUnit, number>> = {
  month: { week: 4.345, day: 30, month: 1 },
  week: { week: 1, day: 7, month: 1 / 4.345 },
  day: { week: 1 / 7, day: 1, month: 1 / 30 },
};

/**
 * Model time units in one discounting step (lifetimes' conventions): a month is 4.345 weeks
 * or 30 days; a week is 7 days or 1/4.345 month; a day is 1/7 week or 1/30 month.
 *
 * @throws ClienteleError `INVALID_OPTION` for an unknown unit
 * @example
 * import { stepLength } from "clientele/clv";
 * stepLength("week", "month"); // => 4.345
 */
export function stepLength(timeUnit: ModelTimeUnit, frequencyOfDiscount: DiscountStep = "month"): number {
  const row = UNITS_PER_STEP[frequencyOfDiscount];
  const v = row === undefined ? undefined : row[timeUnit];
  if (v === undefined) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["timeUnit"],
      received: timeUnit,
      message: `stepLength: timeUnit must be "day", "week" or "month" and frequencyOfDiscount "month", "week" or "day". Got ${String(timeUnit)} / ${String(frequencyOfDiscount)}.`,
    });
  }
  return v;
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
 * L = model time units per step. With the defaults (monthly steps) L = 4.345 when the model
 * was fitted in weeks (`timeUnit: "week"`), 30 when in days and 1 when in months; so
 * `horizon: 12` sums 12 monthly increments of 4.345 weeks (52.14 weeks in all) discounted at
 * 1% a month. Weekly steps (`frequencyOfDiscount: "week"`) use L = 1 week = 7 days = 1/4.345
 * month, daily steps L = 1/7 week = 1 day = 1/30 month. The unit of the result is the unit
 * of `monetary`.
 *
 * Fast path: in all three models E[X(t) | x, t_x, T] = P(alive | x, t_x, T) · G(x, T, t), where
 * only G depends on t (and G does not depend on t_x). So the H horizon evaluations run once
 * per distinct (frequency, T) pair, and each customer needs one P(alive): the cost is O(n)
 * plus O(H × distinct (x, T)) model evaluations. Works with BG/NBD, MBG/NBD and Pareto/NBD.
 *
 * @param transactionModel - from `fitBgNbd`, `fitMbgNbd` or `fitParetoNbd`
 * @param spendModel - from {@link fitGammaGamma}
 * @param customers - `frequency`, `recency`, `T` (model time unit) and `monetary`
 * @param options - `horizon` (default 12), `discountRate` (default 0.01), `timeUnit` (default "week"),
 *   `frequencyOfDiscount` (default "month")
 * @returns CLV per customer
 * @throws ClienteleError `INVALID_OPTION`, `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`,
 *   `INFINITE_MEAN_SPEND`, `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`, `NOT_INTEGER`,
 *   `OUT_OF_RANGE`, `RECENCY_AFTER_T`, `RECENCY_WITHOUT_REPEAT`, `NON_POSITIVE_SPEND`, `EMPTY_INPUT`
 * @see Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves", JMR 42(4);
 *   lifetimes' `customer_lifetime_value` (the step convention).
 * @example
 * import { customerLifetimeValue, fitBgNbd, fitGammaGamma } from "clientele/clv";
 * const bg = fitBgNbd(summary); // summary in weeks
 * const gg = fitGammaGamma(summary);
 * const clv = customerLifetimeValue(bg, gg, summary, { horizon: 12, discountRate: 0.01, timeUnit: "week" });
 * // clv[i]: discounted value of customer i over the next 12 months (52.14 weeks)
 */
export function customerLifetimeValue(
  transactionModel: TransactionModel,
  spendModel: GammaGammaModel,
  customers: CustomerValueColumns,
  options: CustomerLifetimeValueOptions = {},
): Float64Array {
  const fn = "customerLifetimeValue";
  const opts = parseOptions(optionsSchema, options, fn);
  resolveModel(transactionModel, fn);
  const gg = gammaGammaFromJSON(spendModel, fn);
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
      value[i] = (p * (gamma + x * m)) / (p * x + q - 1);
    }
  }
  const discounted = discountedPurchasesPerRow(
    transactionModel,
    c,
    opts.horizon,
    opts.discountRate,
    stepLength(opts.timeUnit, opts.frequencyOfDiscount),
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
  if (resolved.kind === "paretonbd") {
    const p = resolved.params;
    for (let i = 0; i < c.n; i++) {
      const g = ratio[index[i]];
      if (g !== g) fallback.push(i);
      else out[i] = g === 0 ? 0 : paretoProbabilityAlive(p, fx[i], ft[i], fT[i]) * g;
    }
  } else {
    const p = resolved.params;
    const modified = resolved.kind === "mbgnbd";
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
