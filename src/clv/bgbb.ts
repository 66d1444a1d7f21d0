import * as z from "../core/schema.js";
import { jsonColumns } from "../core/json.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { digamma, logBeta, logGamma } from "../core/numeric.js";
import { minimizeBfgsSteps } from "../core/optimize.js";
import { checkModelHeader, checkRowFields, parseOptions, parseWith, toFloat64Column } from "../core/validate.js";
import { progressOption, signalOption } from "../core/options.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import { maxAbs, summarizeLogScale, throwNotConverged } from "./mle-summary.js";
import { compressRft } from "./compress.js";
import { lnGammaRatio } from "./bgnbd.js";
import { checkFittedRange, LEGACY_KINDS, paramSchema } from "./fit-common.js";

/**
 * Work limits of BG/BB, whose likelihood sums over the opportunities between a customer's last
 * transaction and the end (n − t_x + 1 terms per pattern): the fit accepts at most
 * BGBB_FIT_MAX_TERMS such terms over its distinct patterns (each is evaluated with its gradient
 * on every optimizer step), a prediction at most BGBB_PREDICT_MAX_TERMS over its rows, and
 * `periods` above BGBB_MAX_PERIODS is refused: BG/BB models a few discrete opportunities (years,
 * campaigns); for daily data use BG/NBD or Pareto/NBD in continuous time.
 */
export const BGBB_FIT_MAX_TERMS = 2e5;
/** See {@link BGBB_FIT_MAX_TERMS}. */
export const BGBB_PREDICT_MAX_TERMS = 1e7;
/** See {@link BGBB_FIT_MAX_TERMS}. */
export const BGBB_MAX_PERIODS = 1e6;

function tooLarge(fn: string, what: string): ClienteleError {
  return new ClienteleError({
    code: "TOO_LARGE",
    path: ["periods"],
    message:
      `${fn}: ${what}. BG/BB sums over every transaction opportunity, so periods should count a few discrete ` +
      "opportunities (years, campaigns), not days: aggregate the periods, or use BG/NBD / Pareto/NBD (fitBgNbd, fitParetoNbd) for continuous time.",
  });
}

/**
 * Discrete-time customers for BG/BB: out of `periods` transaction opportunities, a customer
 * transacted at `frequency` of them, the last at opportunity `recency` (0 when never).
 */
export interface BgBbCustomers {
  /** Number of opportunities with a transaction, x (integer, 0 ≤ x ≤ recency). */
  frequency: ArrayLike<number>;
  /** Opportunity of the last transaction, t_x (integer, 0 when x = 0, x ≤ t_x ≤ periods). */
  recency: ArrayLike<number>;
  /** Number of opportunities observed, n (integer ≥ 1). */
  periods: ArrayLike<number>;
}

/** BG/BB fitting data: {@link BgBbCustomers} plus optional `weights` (a count per row). */
export interface BgBbData extends BgBbCustomers {
  /** Non-negative weight per row, e.g. the number of customers sharing the pattern (default 1). */
  weights?: ArrayLike<number>;
}

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

/** Options of {@link fitBgBb}. */
export interface FitBgBbOptions {
  /** L2 penalty λ: minimizes −LL/Σw + λ(α² + β² + γ² + δ²) (default 0). */
  penalty?: number;
  /** Maximum optimizer iterations (default 500). */
  maxIter?: number;
  /** Called after every optimizer iteration. */
  onProgress?: (info: { iteration: number; value: number; gradNorm: number }) => void;
  /** Aborts the fit with `ABORTED`. */
  signal?: AbortSignal;
}

const fitOptionsSchema = z.object({
  penalty: z.number().min(0).max(1e6).default(0),
  maxIter: z.number().int().min(1).max(100_000).default(500),
  onProgress: progressOption<{ iteration: number; value: number; gradNorm: number }>().optional(),
  signal: signalOption().optional(),
});

const PARAM_NAMES = ["alpha", "beta", "gamma", "delta"] as const;

/** @internal */
export interface Patterns {
  x: Float64Array;
  tx: Float64Array;
  n: Float64Array;
  w: Float64Array;
  m: number;
}

/** @internal */
export interface Rows {
  x: Float64Array;
  tx: Float64Array;
  n: Float64Array;
}

/** @internal */
export function readRows(customers: BgBbCustomers, fn: string): Rows {
  if (customers === null || typeof customers !== "object") {
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: ["customers"],
      received: customers,
      message: `${fn}: customers must be an object with "frequency", "recency" and "periods" columns. Got ${describeValue(customers)}.`,
    });
  }
  checkRowFields(customers as unknown as Record<string, unknown>, ["frequency", "recency", "periods"], fn, ["customers"], {
    frequency: ["x"],
    recency: ["t_x", "tx"],
    periods: ["n", "n_periods", "T"],
  });
  const x = toFloat64Column(customers.frequency, fn, "frequency", { min: 0, integer: true });
  const len = x.length;
  const tx = toFloat64Column(customers.recency, fn, "recency", { min: 0, integer: true }, len);
  const n = toFloat64Column(customers.periods, fn, "periods", { min: 1, integer: true }, len);
  let terms = 0;
  for (let i = 0; i < len; i++) {
    if (n[i] > BGBB_MAX_PERIODS) throw tooLarge(fn, `periods[${i}] is ${n[i]}, above the limit of ${BGBB_MAX_PERIODS}`);
    terms += n[i] - tx[i] + 1;
    if (tx[i] > n[i]) {
      throw new ClienteleError({
        code: "RECENCY_AFTER_T",
        path: ["recency", i],
        received: tx[i],
        message: `${fn}: recency[${i}] is ${tx[i]} but periods is ${n[i]}; the last transaction opportunity must be <= the number of opportunities.`,
      });
    }
    if (x[i] === 0 ? tx[i] !== 0 : x[i] > tx[i]) {
      throw new ClienteleError({
        code: x[i] === 0 ? "RECENCY_WITHOUT_REPEAT" : "OUT_OF_RANGE",
        path: ["recency", i],
        received: tx[i],
        message:
          x[i] === 0
            ? `${fn}: row ${i} has frequency 0 but recency ${tx[i]}; a customer with no transactions has recency 0.`
            : `${fn}: row ${i} has frequency ${x[i]} but recency ${tx[i]}; x transactions at distinct opportunities need recency >= x.`,
      });
    }
  }
  if (terms > BGBB_PREDICT_MAX_TERMS) {
    throw tooLarge(fn, `the rows span ${terms} opportunities after their last transaction (limit ${BGBB_PREDICT_MAX_TERMS}); pass fewer rows at once`);
  }
  return { x, tx, n };
}

/** Merges identical (x, t_x, n) rows, summing weights (hashing the exact values, no key arithmetic). @internal */
export function compress(rows: Rows, w: Float64Array | null): Patterns {
  const c = compressRft(rows.x, rows.tx, rows.n, w ?? undefined);
  return { x: c.frequency, tx: c.recency, n: c.T, w: c.weight, m: c.n };
}

/**
 * log L(α, β, γ, δ | x, t_x, n) of one pattern (Fader, Hardie & Shang 2010, eq. 5):
 * B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ),
 * with its gradient in log-parameters when `grad` is given (added, times `w`).
 */
function patternLogLik(
  a: number,
  b: number,
  g: number,
  d: number,
  x: number,
  tx: number,
  n: number,
  w: number,
  grad: Float64Array | null,
  scratch: Float64Array,
): number {
  const lbab = logBeta(a, b);
  const lbgd = logBeta(g, d);
  const nTerms = n - tx + 1;
  // term 0: alive through n
  const l0 = logBeta(a + x, b + n - x) - lbab + logBeta(g, d + n) - lbgd;
  let max = l0;
  const logs = scratch.length >= nTerms ? scratch : new Float64Array(nTerms);
  logs[0] = l0;
  const lbg1 = logGamma(g + 1);
  for (let i = 0; i < nTerms - 1; i++) {
    const m = tx + i;
    // logB(γ+1, δ+m) = lnΓ(γ+1) + lnΓ(δ+m) − lnΓ(γ+1+δ+m)
    const li = logBeta(a + x, b + m - x) - lbab + (lbg1 + logGamma(d + m) - logGamma(g + 1 + d + m)) - lbgd;
    logs[i + 1] = li;
    if (li > max) max = li;
  }
  let s = 0;
  for (let k = 0; k < nTerms; k++) s += Math.exp(logs[k] - max);
  const ll = max + Math.log(s);
  if (grad) {
    const psiA = digamma(a);
    const psiB = digamma(b);
    const psiAB = digamma(a + b);
    const psiG = digamma(g);
    const psiD = digamma(d);
    const psiGD = digamma(g + d);
    const psiAx = digamma(a + x);
    let ga = 0;
    let gb = 0;
    let gg = 0;
    let gd = 0;
    // term 0
    {
      const wt = Math.exp(l0 - ll);
      const psiABn = digamma(a + b + n);
      ga += wt * (psiAx - psiABn - psiA + psiAB);
      gb += wt * (digamma(b + n - x) - psiABn - psiB + psiAB);
      const psiGDn = digamma(g + d + n);
      gg += wt * (psiG - psiGDn - psiG + psiGD);
      gd += wt * (digamma(d + n) - psiGDn - psiD + psiGD);
    }
    const psiG1 = digamma(g + 1);
    for (let i = 0; i < nTerms - 1; i++) {
      const m = tx + i;
      const wt = Math.exp(logs[i + 1] - ll);
      const psiABm = digamma(a + b + m);
      ga += wt * (psiAx - psiABm - psiA + psiAB);
      gb += wt * (digamma(b + m - x) - psiABm - psiB + psiAB);
      const psiG1Dm = digamma(g + 1 + d + m);
      gg += wt * (psiG1 - psiG1Dm - psiG + psiGD);
      gd += wt * (digamma(d + m) - psiG1Dm - psiD + psiGD);
    }
    grad[0] += w * ga * a;
    grad[1] += w * gb * b;
    grad[2] += w * gg * g;
    grad[3] += w * gd * d;
  }
  return ll;
}

/** Negative log-likelihood and its gradient in log-parameters. @internal */
export function bgbbNegLogLik(pt: Patterns, theta: ArrayLike<number>, grad: Float64Array | null, scratch: Float64Array): number {
  const a = Math.exp(theta[0]);
  const b = Math.exp(theta[1]);
  const g = Math.exp(theta[2]);
  const d = Math.exp(theta[3]);
  if (grad) grad.fill(0);
  let ll = 0;
  for (let k = 0; k < pt.m; k++) {
    ll += pt.w[k] * patternLogLik(a, b, g, d, pt.x[k], pt.tx[k], pt.n[k], pt.w[k], grad, scratch);
  }
  if (grad) for (let k = 0; k < 4; k++) grad[k] = -grad[k];
  return -ll;
}

/**
 * Fits the beta-geometric/beta-Bernoulli (BG/BB) model of discrete-time, non-contractual
 * repeat transactions by maximum likelihood: analytic gradients on the log-parameters,
 * BFGS from α = β = γ = δ = 1 with a fallback start, identical (frequency, recency,
 * periods) rows merged first (so cost grows with the distinct patterns, times the periods).
 *
 * Each customer, while alive, transacts at each opportunity with probability p ~ Beta(α, β)
 * and dies at the start of each opportunity with probability θ ~ Beta(γ, δ).
 *
 * The model's `timeUnit` is `"period"`: one transaction opportunity. The fit accepts at most
 * `BGBB_FIT_MAX_TERMS` (200,000) opportunity terms over its distinct patterns and `periods` up
 * to 1e6 (`TOO_LARGE` beyond: BG/BB is for a few discrete opportunities, not days).
 *
 * @param data - `frequency`, `recency` (opportunity of the last transaction), `periods`, optional `weights`
 * @param options - `penalty` (default 0), `maxIter` (default 500), `onProgress`, `signal` (see {@link fitBgBbAsync})
 * @throws ClienteleError `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`,
 *   `OUT_OF_RANGE` (also frequency above recency), `NOT_INTEGER`, `RECENCY_AFTER_T`, `RECENCY_WITHOUT_REPEAT`,
 *   `EMPTY_INPUT`, `INVALID_OPTION`, `TOO_LARGE`, `FIT_FAILED`, `ABORTED`
 * @see Fader, Hardie & Shang (2010), "Customer-Base Analysis in a Discrete-Time
 *   Noncontractual Setting", Marketing Science 29(6).
 * @example
 * import { fitBgBb } from "clientele/clv";
 * const m = fitBgBb({ frequency: [0, 1, 2, 6], recency: [0, 3, 5, 6], periods: [6, 6, 6, 6], weights: [3464, 129, 173, 1203] });
 * m.params; // => { alpha, beta, gamma, delta }
 * // On the 11,104 donors of donations.csv: α ≈ 1.204, β ≈ 0.750, γ ≈ 0.657, δ ≈ 2.783, LL ≈ −33225.6
 */
export function fitBgBb(data: BgBbData, options: FitBgBbOptions = {}): BgBbModel {
  return runSync(bgbbSteps(data, options, "fitBgBb"));
}

/**
 * {@link fitBgBb} as a promise that yields to the event loop about every 10 ms, so
 * `signal: AbortSignal.timeout(ms)` stops it in wall-clock time; bit-identical result.
 *
 * @throws ClienteleError (as a rejection) the codes of {@link fitBgBb}; `ABORTED` naming `fitBgBbAsync`
 * @example
 * import { fitBgBbAsync } from "clientele/clv";
 * const m = await fitBgBbAsync(donations, { signal: AbortSignal.timeout(5_000) });
 * m.kind; // => "bg-bb"
 */
export async function fitBgBbAsync(data: BgBbData, options: FitBgBbOptions = {}): Promise<BgBbModel> {
  const fn = "fitBgBbAsync";
  return runAsync(bgbbSteps(data, options, fn), fn, parseOptions(fitOptionsSchema, options, fn).signal);
}

function* bgbbSteps(data: BgBbData, options: FitBgBbOptions, fn: string): Steps<BgBbModel> {
  const opts = parseOptions(fitOptionsSchema, options, fn);
  const rows = readRows(data, fn);
  const len = rows.x.length;
  const w = data.weights === undefined ? null : toFloat64Column(data.weights, fn, "weights", { min: 0 }, len);
  const pt = compress(rows, w);
  let nCustomers = 0;
  for (let i = 0; i < len; i++) if (w === null || w[i] > 0) nCustomers++;
  let W = 0;
  let maxN = 0;
  let terms = 0;
  for (let k = 0; k < pt.m; k++) {
    W += pt.w[k];
    maxN = Math.max(maxN, pt.n[k]);
    terms += pt.n[k] - pt.tx[k] + 1;
  }
  if (len === 0 || !(W > 0)) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: len === 0 ? ["frequency"] : ["weights"],
      message: `${fn}: ${len === 0 ? "data is empty" : "the weights sum to 0"}. Pass at least one customer with positive weight.`,
    });
  }
  if (terms > BGBB_FIT_MAX_TERMS) {
    throw tooLarge(fn, `the ${pt.m} distinct patterns span ${terms} opportunities after their last transaction (limit ${BGBB_FIT_MAX_TERMS} for a fit)`);
  }
  const scratch = new Float64Array(maxN + 2);
  const lambda = opts.penalty;
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const v = bgbbNegLogLik(pt, theta, grad, scratch) / W;
    let pen = 0;
    for (let k = 0; k < 4; k++) {
      grad[k] /= W;
      if (lambda > 0) {
        const e = Math.exp(theta[k]);
        pen += e * e;
        grad[k] += 2 * lambda * e * e;
      }
    }
    return v + lambda * pen;
  };
  const bfgsOpts = { fn, maxIter: opts.maxIter, gradTol: 1e-9, onProgress: opts.onProgress, signal: opts.signal };
  let res = yield* minimizeBfgsSteps(objective, [0, 0, 0, 0], bfgsOpts);
  if (!res.converged) {
    const alt = yield* minimizeBfgsSteps(objective, [Math.log(0.5), Math.log(0.5), Math.log(0.5), Math.log(2)], bfgsOpts);
    if (alt.converged || alt.value < res.value) res = alt;
  }
  if (!res.converged) {
    throwNotConverged(
      fn,
      res.iterations,
      maxAbs(res.grad),
      "Check that periods count transaction opportunities (not calendar days), add a small penalty (options.penalty = 0.001), or raise maxIter.",
    );
  }
  checkFittedRange({ alpha: Math.exp(res.x[0]), beta: Math.exp(res.x[1]), gamma: Math.exp(res.x[2]), delta: Math.exp(res.x[3]) }, fn);
  const negLL = (theta: Float64Array, grad: Float64Array): number => bgbbNegLogLik(pt, theta, grad, scratch);
  const summary = summarizeLogScale(negLL, res.x, PARAM_NAMES);
  return {
    kind: "bg-bb",
    version: 1,
    timeUnit: "period",
    params: { alpha: Math.exp(res.x[0]), beta: Math.exp(res.x[1]), gamma: Math.exp(res.x[2]), delta: Math.exp(res.x[3]) },
    standardErrors: summary.standardErrors as BgBbModel["standardErrors"],
    confidenceIntervals: summary.confidenceIntervals as BgBbModel["confidenceIntervals"],
    logLikelihood: -bgbbNegLogLik(pt, res.x, null, scratch),
    nCustomers,
    totalWeight: W,
    nPatterns: pt.m,
    penalty: lambda,
    nIter: res.iterations,
    converged: res.converged,
  };
}

/**
 * Log-likelihood of each customer's (frequency, recency, periods) under a BG/BB model
 * (Fader, Hardie & Shang 2010, eq. 5): the log-probability of one particular transaction
 * sequence with these sufficient statistics (C(t_x − 1, x − 1) sequences share them).
 * O(Σ (periods − recency)).
 *
 * @throws ClienteleError as {@link fitBgBb}, and `INVALID_MODEL` for a malformed model
 * @example
 * import { bgbbLogLikelihood } from "clientele/clv";
 * bgbbLogLikelihood(model, { frequency: [0], recency: [0], periods: [6] }); // => Float64Array [log P(no donation in 6 years)]
 */
export function bgbbLogLikelihood(model: BgBbModel, customers: BgBbCustomers): Float64Array {
  const fn = "bgbbLogLikelihood";
  const { alpha, beta, gamma, delta } = bgbbFromJSON(model, fn).params;
  const rows = readRows(customers, fn);
  const out = new Float64Array(rows.x.length);
  let maxN = 0;
  for (let i = 0; i < rows.n.length; i++) maxN = Math.max(maxN, rows.n[i]);
  const scratch = new Float64Array(maxN + 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = patternLogLik(alpha, beta, gamma, delta, rows.x[i], rows.tx[i], rows.n[i], 1, null, scratch);
  }
  return jsonColumns(out);
}

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
 * import { bgbbExpectedTransactions } from "clientele/clv";
 * bgbbExpectedTransactions(model, 6); // => 2.22 with the donations estimates (α 1.204, β 0.750, γ 0.657, δ 2.783)
 */
export function bgbbExpectedTransactions(model: BgBbModel, periods: number): number {
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
 * import { bgbbProbabilityOfTransactions } from "clientele/clv";
 * // with the donations estimates (α 1.204, β 0.750, γ 0.657, δ 2.783), 6 annual opportunities:
 * bgbbProbabilityOfTransactions(model, 6, 0); // => 0.311: 31 % of a cohort never give again
 * bgbbProbabilityOfTransactions(model, 6, 6); // => 0.113: 11 % give every year
 */
export function bgbbProbabilityOfTransactions(model: BgBbModel, periods: number, transactions: number): number {
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
 * import { bgbbProbabilityAlive } from "clientele/clv";
 * bgbbProbabilityAlive(model, { frequency: [6, 1], recency: [6, 1], periods: [6, 6] });
 * // => Float64Array [0.93, 0.07] with the donations estimates: the every-year donor is very likely alive
 */
export function bgbbProbabilityAlive(
  model: BgBbModel,
  customers: BgBbCustomers,
  options: { futurePeriods?: number } = {},
): Float64Array {
  const fn = "bgbbProbabilityAlive";
  const { futurePeriods } = parseOptions(z.object({ futurePeriods: z.number().int().min(0).max(BGBB_MAX_PERIODS).default(1) }), options, fn);
  return jsonColumns(bgbbAliveImpl(model, customers, futurePeriods, fn));
}

/** @internal P(alive at n + futurePeriods) under the name of the public function called. */
export function bgbbAliveImpl(model: BgBbModel, customers: BgBbCustomers, futurePeriods: number, fn: string): Float64Array {
  const { alpha, beta, gamma, delta } = bgbbFromJSON(model, fn).params;
  const rows = readRows(customers, fn);
  const out = new Float64Array(rows.x.length);
  let maxN = 0;
  for (let i = 0; i < rows.n.length; i++) maxN = Math.max(maxN, rows.n[i]);
  const scratch = new Float64Array(maxN + 2);
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
 * import { bgbbConditionalExpectedTransactions } from "clientele/clv";
 * bgbbConditionalExpectedTransactions(model, { frequency: [6], recency: [6], periods: [6] }, 5);
 * // => Float64Array [3.75] with the donations estimates: a donor who gave every year gives about 3.75 times in the next 5 years
 */
export function bgbbConditionalExpectedTransactions(
  model: BgBbModel,
  customers: BgBbCustomers,
  futurePeriods: number,
): Float64Array {
  return jsonColumns(bgbbConditionalImpl(model, customers, futurePeriods, "bgbbConditionalExpectedTransactions", "futurePeriods"));
}

/** @internal `bgbbConditionalExpectedTransactions` under the name of the public function called. */
export function bgbbConditionalImpl(model: BgBbModel, customers: BgBbCustomers, futurePeriods: unknown, fn: string, root: string): Float64Array {
  const { alpha, beta, gamma, delta } = bgbbFromJSON(model, fn).params;
  const nStar = parseWith(countArg.max(BGBB_MAX_PERIODS), futurePeriods, fn, { code: "INVALID_INPUT", root });
  const rows = readRows(customers, fn);
  const out = new Float64Array(rows.x.length);
  let maxN = 0;
  for (let i = 0; i < rows.n.length; i++) maxN = Math.max(maxN, rows.n[i]);
  const scratch = new Float64Array(maxN + 2);
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

const pair = z.tuple([z.number(), z.number()]).nullable();
const se = z.number().min(0).nullable();
const bgbbParams = z.object({ alpha: paramSchema(), beta: paramSchema(), gamma: paramSchema(), delta: paramSchema() });
const bgbbSchema = z.object({
  kind: z.literal("bg-bb"),
  version: z.literal(1),
  timeUnit: z.literal("period").default("period"),
  params: bgbbParams,
  standardErrors: z.object({ alpha: se, beta: se, gamma: se, delta: se }),
  confidenceIntervals: z.object({ alpha: pair, beta: pair, gamma: pair, delta: pair }),
  logLikelihood: z.number().max(0),
  nCustomers: z.number().int().min(0),
  totalWeight: z.number().min(0),
  nPatterns: z.number().int().min(0),
  penalty: z.number().min(0),
  nIter: z.number().int().min(0),
  converged: z.boolean(),
});

/**
 * Validates a saved BG/BB model (for example after `JSON.parse`) and returns it typed.
 *
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { bgbbFromJSON } from "clientele/clv";
 * const model = bgbbFromJSON(JSON.parse(saved));
 */
export function bgbbFromJSON(json: unknown, fn = "bgbbFromJSON"): BgBbModel {
  checkModelHeader(json, "bg-bb", 1, fn, LEGACY_KINDS["bg-bb"]);
  return parseWith(bgbbSchema, { ...(json as object), kind: "bg-bb" }, fn, { code: "INVALID_MODEL", root: "model" }) as BgBbModel;
}
