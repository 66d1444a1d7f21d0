/**
 * BG/BB predictions (Fader, Hardie & Shang 2010): expected transactions of a new customer, the
 * count distribution, P(alive) and conditional expected transactions. Each public function has an
 * `…Impl` twin taking the public name it runs under (the shared prediction functions dispatch here).
 */
import * as z from "../core/schema.js";
import { jsonColumns } from "../core/json.js";
import { logBeta, logGamma } from "../core/numeric.js";
import { parseOptions, parseWith } from "../core/validate.js";
import { lnGammaRatio } from "./bgnbd.js";
import { BGBB_MAX_PERIODS, BGBB_PREDICT_MAX_TERMS, readRows, tooLarge, type BgBbCustomers } from "./bgbb-data.js";
import { likelihoodScratch, patternLogLik } from "./bgbb-likelihood.js";
import { bgbbFromJSON, type BgBbModel } from "./bgbb-model.js";
import { requireBgBb } from "./kinds.js";

/**
 * Σ_{t=lo+1}^{hi} B(γ, δ+t)/B(γ, δ) = Σ E[(1−θ)^t]: expected alive opportunities in (lo, hi].
 * Closed form δ/(γ−1)·[R(lo) − R(hi)], R(m) = Γ(γ+δ)Γ(1+δ+m)/(Γ(γ+δ+m)Γ(1+δ)), away from γ = 1.
 */
function aliveSum(g: number, d: number, lo: number, hi: number): number {
  if (hi <= lo) return 0;
  if (Math.abs(g - 1) > 1e-6 && hi - lo > 64) {
    // R(m) = Γ(γ+δ)Γ(1+δ+m)/(Γ(γ+δ+m)Γ(1+δ)), by Γ ratios so a huge m stays finite
    const c = logGamma(g + d) - logGamma(1 + d);
    const rLo = Math.exp(c - lnGammaRatio(1 + d + lo, g - 1));
    const rHi = Math.exp(c - lnGammaRatio(1 + d + hi, g - 1));
    return (d / (g - 1)) * (rLo - rHi);
  }
  // Direct sum with the ratio B(γ, δ+t+1)/B(γ, δ+t) = (δ+t)/(γ+δ+t).
  let term = Math.exp(logBeta(g, d + lo + 1) - logBeta(g, d));
  let s = 0;
  for (let t = lo + 1; t <= hi; t++) {
    s += term;
    term *= (d + t) / (g + d + t);
  }
  return s;
}

/**
 * Expected number of transactions of a new customer in the first `periods` opportunities:
 * E[X(n)] = α/(α+β) · Σ_{t=1}^{n} B(γ, δ+t)/B(γ, δ) (Fader, Hardie & Shang 2010, eq. 8, in
 * its summed form, which stays exact at γ = 1). O(n) for n ≤ 64, O(1) beyond.
 *
 * @param model - a model from {@link fitBgBb}
 * @param periods - number of opportunities n (integer ≥ 0)
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`, `INVALID_OPTION`
 * @see Fader, Hardie & Shang (2010), Marketing Science 29(6).
 * @example
 * import { bgbbExpectedTransactions, fitBgBb } from "clientele/clv";
 * // the 11,104 donors of Fader, Hardie & Shang (2010): 6 annual opportunities, one row per pattern
 * const donations = {
 *   frequency: [0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6],
 *   recency: [0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 3, 4, 5, 6, 4, 5, 6, 5, 6, 6],
 *   periods: Array(22).fill(6),
 *   weights: [3464, 1091, 277, 129, 78, 119, 129, 613, 255, 155, 173, 234, 322, 181, 225, 357, 240, 284, 512, 335, 728, 1203],
 * };
 * const model = fitBgBb(donations); // α 1.204, β 0.750, γ 0.657, δ 2.783
 * bgbbExpectedTransactions(model, 6); // => 2.22 donations per new donor in 6 years
 */
export function bgbbExpectedTransactions(model: BgBbModel, periods: number): number {
  requireBgBb(model, "bgbbExpectedTransactions");
  return bgbbExpectedImpl(model, periods, "bgbbExpectedTransactions", "periods");
}

const countArg = z.number().int().min(0);

/** @internal `bgbbExpectedTransactions` under the name of the public function called. */
export function bgbbExpectedImpl(model: BgBbModel, periods: unknown, fn: string, root: string): number {
  const { alpha, beta, gamma, delta } = bgbbFromJSON(model, fn).params;
  // closed form, O(1) for any n; up to 1e12 opportunities (far beyond any discrete-time use) so the result stays finite
  const n = parseWith(countArg.max(1e12), periods, fn, { code: "INVALID_INPUT", root });
  return (alpha / (alpha + beta)) * aliveSum(gamma, delta, 0, n);
}

/**
 * Probability that a new customer makes exactly `transactions` transactions in the first
 * `periods` opportunities, P(X(n) = x) (Fader, Hardie & Shang 2010, eq. 7):
 * C(n,x)·B(α+x, β+n−x)/B(α,β)·B(γ, δ+n)/B(γ,δ) + Σ_{i=x}^{n−1} C(i,x)·B(α+x, β+i−x)/B(α,β)·B(γ+1, δ+i)/B(γ,δ).
 * Over x = 0 … n the values sum to 1 and their mean is {@link bgbbExpectedTransactions}; the
 * usual check of a BG/BB fit compares n·P(X(n) = x) with the observed histogram of x. O(n).
 *
 * @param model - a model from {@link fitBgBb}
 * @param periods - number of opportunities n (integer ≥ 0)
 * @param transactions - x (integer ≥ 0; a value above n has probability 0)
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`, `INVALID_OPTION`
 * @see Fader, Hardie & Shang (2010), Marketing Science 29(6), eq. 7 and Figure 3.
 * @example
 * import { bgbbProbabilityOfTransactions, fitBgBb } from "clientele/clv";
 * // the 11,104 donors of Fader, Hardie & Shang (2010): 6 annual opportunities, one row per pattern
 * const donations = {
 *   frequency: [0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6],
 *   recency: [0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 3, 4, 5, 6, 4, 5, 6, 5, 6, 6],
 *   periods: Array(22).fill(6),
 *   weights: [3464, 1091, 277, 129, 78, 119, 129, 613, 255, 155, 173, 234, 322, 181, 225, 357, 240, 284, 512, 335, 728, 1203],
 * };
 * const model = fitBgBb(donations); // α 1.204, β 0.750, γ 0.657, δ 2.783
 * bgbbProbabilityOfTransactions(model, 6, 0); // => 0.311: 31 % of a cohort never give again
 * bgbbProbabilityOfTransactions(model, 6, 6); // => 0.113: 11 % give every year
 */
export function bgbbProbabilityOfTransactions(model: BgBbModel, periods: number, transactions: number): number {
  requireBgBb(model, "bgbbProbabilityOfTransactions");
  return bgbbPmfImpl(model, periods, transactions, "bgbbProbabilityOfTransactions", "periods", "transactions");
}

/** @internal `bgbbProbabilityOfTransactions` under the name of the public function called. */
export function bgbbPmfImpl(model: BgBbModel, periods: unknown, transactions: unknown, fn: string, nRoot: string, xRoot: string): number {
  const { alpha, beta, gamma, delta } = bgbbFromJSON(model, fn).params;
  const n = parseWith(countArg, periods, fn, { code: "INVALID_INPUT", root: nRoot });
  const x = parseWith(countArg, transactions, fn, { code: "INVALID_INPUT", root: xRoot });
  if (x > n) return 0;
  if (n - x > BGBB_PREDICT_MAX_TERMS) throw tooLarge(fn, `${nRoot} is ${n}: the sum has ${n - x} terms (limit ${BGBB_PREDICT_MAX_TERMS})`);
  const lbab = logBeta(alpha, beta);
  const lbgd = logBeta(gamma, delta);
  const lfx = logGamma(x + 1);
  const logChoose = (m: number) => logGamma(m + 1) - lfx - logGamma(m - x + 1);
  // alive through all n opportunities
  let p = Math.exp(logChoose(n) + logBeta(alpha + x, beta + n - x) - lbab + logBeta(gamma, delta + n) - lbgd);
  // dropped out right after opportunity i (x ≤ i < n), with x transactions among the first i
  for (let i = x; i < n; i++) {
    p += Math.exp(logChoose(i) + logBeta(alpha + x, beta + i - x) - lbab + logBeta(gamma + 1, delta + i) - lbgd);
  }
  return Math.min(1, p);
}

/**
 * Probability that each customer is still alive at opportunity n + `futurePeriods`, given
 * (x, t_x, n): B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+m)/B(γ,δ) / L (Fader, Hardie & Shang 2010,
 * eq. 11 with m = 1, the default; m = 0 gives P(alive at n)). O(Σ (periods − recency)).
 *
 * @param model - a model from {@link fitBgBb}
 * @param customers - `frequency`, `recency`, `periods`
 * @param options - `futurePeriods` m (integer ≥ 0, default 1)
 * @throws ClienteleError as {@link fitBgBb} for the columns, and the model checks
 * @see Fader, Hardie & Shang (2010), Marketing Science 29(6).
 * @example
 * import { bgbbProbabilityAlive, fitBgBb } from "clientele/clv";
 * // the 11,104 donors of Fader, Hardie & Shang (2010): 6 annual opportunities, one row per pattern
 * const donations = {
 *   frequency: [0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6],
 *   recency: [0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 3, 4, 5, 6, 4, 5, 6, 5, 6, 6],
 *   periods: Array(22).fill(6),
 *   weights: [3464, 1091, 277, 129, 78, 119, 129, 613, 255, 155, 173, 234, 322, 181, 225, 357, 240, 284, 512, 335, 728, 1203],
 * };
 * const model = fitBgBb(donations); // α 1.204, β 0.750, γ 0.657, δ 2.783
 * bgbbProbabilityAlive(model, { frequency: [6, 1], recency: [6, 1], periods: [6, 6] });
 * // => Float64Array [0.93, 0.07]: the every-year donor is very likely alive, the one who gave only in year 1 is not
 */
export function bgbbProbabilityAlive(model: BgBbModel, customers: BgBbCustomers, options: { futurePeriods?: number } = {}): Float64Array {
  const fn = "bgbbProbabilityAlive";
  const { futurePeriods } = parseOptions(z.object({ futurePeriods: z.number().int().min(0).max(BGBB_MAX_PERIODS).default(1) }), options, fn);
  requireBgBb(model, fn);
  return jsonColumns(bgbbAliveImpl(model, customers, futurePeriods, fn));
}

/** @internal P(alive at n + futurePeriods) under the name of the public function called. */
export function bgbbAliveImpl(model: BgBbModel, customers: BgBbCustomers, futurePeriods: number, fn: string): Float64Array {
  const { alpha, beta, gamma, delta } = bgbbFromJSON(model, fn).params;
  const rows = readRows(customers, fn);
  const out = new Float64Array(rows.x.length);
  const scratch = likelihoodScratch(rows);
  const lbab = logBeta(alpha, beta);
  const lbgd = logBeta(gamma, delta);
  for (let i = 0; i < out.length; i++) {
    const x = rows.x[i];
    const n = rows.n[i];
    const ll = patternLogLik(alpha, beta, gamma, delta, x, rows.tx[i], n, 1, null, scratch);
    const v = Math.exp(logBeta(alpha + x, beta + n - x) - lbab + logBeta(gamma, delta + n + futurePeriods) - lbgd - ll);
    out[i] = Math.min(1, v);
  }
  return out;
}

/**
 * Expected number of transactions of each customer in the next `futurePeriods`
 * opportunities n+1 … n+n*, given (x, t_x, n) (Fader, Hardie & Shang 2010, eq. 13):
 * B(α+x+1, β+n−x)/B(α,β) · Σ_{t=n+1}^{n+n*} B(γ, δ+t)/B(γ,δ) / L. O(Σ (periods − recency) + n*).
 *
 * @param model - a model from {@link fitBgBb}
 * @param customers - `frequency`, `recency`, `periods`
 * @param futurePeriods - n*, an integer ≥ 0
 * @throws ClienteleError as {@link fitBgBb} for the columns, `INVALID_OPTION` for n*, and the model checks
 * @see Fader, Hardie & Shang (2010), Marketing Science 29(6).
 * @example
 * import { bgbbConditionalExpectedTransactions, fitBgBb } from "clientele/clv";
 * // the 11,104 donors of Fader, Hardie & Shang (2010): 6 annual opportunities, one row per pattern
 * const donations = {
 *   frequency: [0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6],
 *   recency: [0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 3, 4, 5, 6, 4, 5, 6, 5, 6, 6],
 *   periods: Array(22).fill(6),
 *   weights: [3464, 1091, 277, 129, 78, 119, 129, 613, 255, 155, 173, 234, 322, 181, 225, 357, 240, 284, 512, 335, 728, 1203],
 * };
 * const model = fitBgBb(donations); // α 1.204, β 0.750, γ 0.657, δ 2.783
 * bgbbConditionalExpectedTransactions(model, { frequency: [6], recency: [6], periods: [6] }, 5);
 * // => Float64Array [3.75]: a donor who gave every year gives about 3.75 times in the next 5 years
 */
export function bgbbConditionalExpectedTransactions(model: BgBbModel, customers: BgBbCustomers, futurePeriods: number): Float64Array {
  requireBgBb(model, "bgbbConditionalExpectedTransactions");
  return jsonColumns(bgbbConditionalImpl(model, customers, futurePeriods, "bgbbConditionalExpectedTransactions", "futurePeriods"));
}

/** @internal `bgbbConditionalExpectedTransactions` under the name of the public function called. */
export function bgbbConditionalImpl(model: BgBbModel, customers: BgBbCustomers, futurePeriods: unknown, fn: string, root: string): Float64Array {
  const { alpha, beta, gamma, delta } = bgbbFromJSON(model, fn).params;
  const nStar = parseWith(countArg.max(BGBB_MAX_PERIODS), futurePeriods, fn, { code: "INVALID_INPUT", root });
  const rows = readRows(customers, fn);
  const out = new Float64Array(rows.x.length);
  const scratch = likelihoodScratch(rows);
  const lbab = logBeta(alpha, beta);
  const sumCache = new Map<number, number>();
  for (let i = 0; i < out.length; i++) {
    const x = rows.x[i];
    const n = rows.n[i];
    let s = sumCache.get(n);
    if (s === undefined) {
      s = aliveSum(gamma, delta, n, n + nStar);
      sumCache.set(n, s);
    }
    if (s === 0) {
      out[i] = 0;
      continue;
    }
    const ll = patternLogLik(alpha, beta, gamma, delta, x, rows.tx[i], n, 1, null, scratch);
    out[i] = Math.exp(logBeta(alpha + x + 1, beta + n - x) - lbab - ll + Math.log(s));
  }
  return out;
}
