/**
 * Discounted expected residual transactions (DERT): the present value, at continuously
 * compounded rate δ, of all purchases a customer makes after the end of observation.
 */
import * as z from "../core/schema.js";
import { jsonColumns } from "../core/json.js";
import { GL8_W, GL8_X } from "../core/quadrature.js";
import { logBeta } from "../core/numeric.js";
import { parseOptions } from "../core/validate.js";
import { bgProbabilityAlive, type BgNbdParams } from "./bgnbd.js";
import { toRftColumns, type CustomerColumnsRFT } from "./fit-common.js";
import { discountKernel, paretoDert } from "./paretonbd-predict.js";
import { indexPairs } from "./compress.js";
import { resolveModel, type TransactionModel } from "./transaction.js";
import { timeUnitOption } from "../core/options.js";
import type { TimeUnit } from "../core/time.js";
import { checkDataUnit, requireModelUnit } from "./units.js";

/** Options of `discountedExpectedResidualTransactions`. */
export interface DertOptions {
  /**
   * Discount rate per model time unit, d in [1e-9, 10] (below 1e-9 the residual transactions are unbounded in practice; e.g. weekly 1.15^(1/52) − 1 ≈ 0.00269 for 15% a year).
   * Discounting is continuous at δ = ln(1 + d), so one time unit is discounted by exactly 1/(1 + d).
   */
  discountRate: number;
  /**
   * The unit `discountRate` is per. Optional: the rate is read per the model's own `timeUnit`; when
   * given it must equal the model's (`UNIT_MISMATCH` otherwise), which guards a weekly rate passed with a
   * daily model. A model saved without a unit is taken to be in this unit.
   */
  timeUnit?: TimeUnit;
}

// discountRate >= 1e-9: DERT grows like 1/δ as the rate goes to 0 (an alive customer buys forever), and
// below about 1e-9 per unit its kernels lose all precision (NaN at 5e-324).
const dertSchema = z.object({ discountRate: z.number().min(1e-9).max(10), timeUnit: timeUnitOption().optional() });

// 32-point Gauss–Laguerre nodes and weights, built on first use (no work at import): Newton on
// the Laguerre polynomial from the usual asymptotic starting guesses.
const LAG_N = 32;
let LAG_X: Float64Array | null = null;
let LAG_W: Float64Array | null = null;
function laguerre(): { x: Float64Array; w: Float64Array } {
  if (LAG_X !== null && LAG_W !== null) return { x: LAG_X, w: LAG_W };
  const n = LAG_N;
  const xs = new Float64Array(n);
  const ws = new Float64Array(n);
  let z = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0) z = 3 / (1 + 2.4 * n);
    else if (i === 1) z += 15 / (1 + 2.5 * n);
    else z += ((1 + 2.55 * (i - 1)) / (1.9 * (i - 1))) * (z - xs[i - 2]);
    let pp = 0;
    let p2 = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j + 1 - z) * p2 - j * p3) / (j + 1);
      }
      pp = (n * p1 - n * p2) / z;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * z) break;
    }
    xs[i] = z;
    ws[i] = -1 / (pp * n * p2);
  }
  LAG_X = xs;
  LAG_W = ws;
  return { x: xs, w: ws };
}

/** G(m, R) = ∫₀^∞ e^(−v) (1 − (1 + v/m)^(−R)) dv = E[1 − (1 + V/m)^(−R)], V ~ Exp(1). */
function gKernel(m: number, R: number): number {
  if (m >= 12) {
    const { x, w } = laguerre();
    let acc = 0;
    for (let i = 0; i < LAG_N; i++) acc += w[i] * -Math.expm1(-R * Math.log1p(x[i] / m));
    return acc;
  }
  // composite Gauss–Legendre in y = log(1 + v/m)
  const h = 0.125;
  let acc = 0;
  for (let k = 0; k < 4000; k++) {
    const y0 = k * h;
    let panel = 0;
    for (let q = 0; q < 8; q++) {
      const y = y0 + 0.5 * h * (1 + GL8_X[q]);
      const ey = Math.exp(y);
      panel += GL8_W[q] * Math.exp(-m * (ey - 1)) * -Math.expm1(-R * y) * m * ey;
    }
    acc += 0.5 * h * panel;
    if (m * Math.expm1(y0 + h) > 50) break;
  }
  return acc;
}

/**
 * E_p[G(Aδ/p, R)/p] over p ~ Beta(a, B): composite Gauss–Legendre in u = logit p, panels
 * widening away from the mode, until the density is e^(−40) below its peak on each side.
 */
function bgDertGivenAlive(R: number, A: number, a: number, B: number, delta: number): number {
  const logNorm = -logBeta(a, B);
  const logDens = (u: number) => {
    // a·log σ(u) + B·log σ(−u), stable
    const lsp = u >= 0 ? -Math.log1p(Math.exp(-u)) : u - Math.log1p(Math.exp(u));
    const lsm = u >= 0 ? -u - Math.log1p(Math.exp(-u)) : -Math.log1p(Math.exp(u));
    return a * lsp + B * lsm;
  };
  const mode = Math.log(a / B);
  const peak = logDens(mode);
  const w0 = Math.min(0.5, 1.5 / Math.sqrt(a + B));
  let acc = 0;
  for (const dir of [-1, 1]) {
    let u0 = mode;
    for (let k = 0; k < 2000; k++) {
      const width = Math.max(w0, 0.15 * Math.abs(u0 - mode));
      const u1 = u0 + dir * width;
      let panel = 0;
      for (let q = 0; q < 8; q++) {
        const u = 0.5 * (u0 + u1) + 0.5 * (u1 - u0) * GL8_X[q];
        const p = 1 / (1 + Math.exp(-u));
        const hval = gKernel((A * delta) / p, R) / p;
        panel += GL8_W[q] * Math.exp(logDens(u) + logNorm) * hval;
      }
      acc += 0.5 * width * panel;
      u0 = u1;
      if (logDens(u0) < peak - 40) break;
    }
  }
  return acc;
}

/**
 * Discounted expected residual transactions of each customer: the expected number of purchases
 * after T, each discounted continuously at δ = ln(1 + discountRate) back to T. Multiply by the
 * expected margin per purchase (e.g. `expectedAverageValue` of a Gamma-Gamma model) for the
 * residual lifetime value.
 *
 * Pareto/NBD: P(alive)·(r+x)(β+T)/(α+T)·∫₀^∞ e^(−δ(β+T)v)(1+v)^(−s) dv — Fader, Hardie & Lee (2005, JMR)
 * eq. 2 with the Tricomi function written as this integral, evaluated by Gauss–Legendre quadrature.
 * BG/NBD and MBG/NBD (no closed form): P(alive)·E[λ/(δ + λp)] over the posterior of alive customers,
 * λ ~ Gamma(r+x, α+T), p ~ Beta(a, b+x) (MBG: b+x+1), by two nested quadratures (Gauss–Legendre
 * over logit p, Gauss–Laguerre or Gauss–Legendre over the λ mixture). Cost O(distinct (x, T) pairs).
 *
 * @param model - a fitted transaction model
 * @param customers - columns `frequency`, `recency`, `T`
 * @param options - `discountRate` per model time unit (required); `timeUnit` (optional check: must be the model's)
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`, `INVALID_OPTION` (discountRate outside [1e-9, 10]), `UNIT_MISMATCH`
 *   (a summary or `options.timeUnit` in another unit than the model), column errors as `conditionalExpectedPurchases`
 * @see Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", JMR 42(4)
 * @example
 * import { discountedExpectedResidualTransactions } from "clientele/clv";
 * const m = { kind: "pareto-nbd", version: 1, timeUnit: "week", params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } } as never;
 * const d = discountedExpectedResidualTransactions(m, { frequency: [2], recency: [30.43], T: [38.86] }, { discountRate: 0.0027 });
 * d[0] > 0; // => true
 */
export function discountedExpectedResidualTransactions(model: TransactionModel, customers: CustomerColumnsRFT, options: DertOptions): Float64Array {
  return jsonColumns(dertImpl(model, customers, options));
}

function dertImpl(model: TransactionModel, customers: CustomerColumnsRFT, options: DertOptions): Float64Array {
  const fn = "discountedExpectedResidualTransactions";
  const m = resolveModel(
    model,
    fn,
    "BG/BB counts discrete opportunities, so a continuous discount rate does not apply: discount the increments of " +
      "conditionalExpectedPurchases(model, customers, n) over n = 1, 2, … opportunities instead.",
  );
  const opts = parseOptions(dertSchema, options, fn);
  if (m.timeUnit !== undefined || opts.timeUnit !== undefined) requireModelUnit(m.timeUnit, opts.timeUnit, customers, fn);
  else checkDataUnit(undefined, customers, fn);
  const delta = Math.log1p(opts.discountRate);
  const c = toRftColumns(customers, fn, true);
  const out = new Float64Array(c.n);
  if (m.kind === "pareto-nbd") {
    // the kernel depends on a customer only through T: once per distinct T
    const p = m.params;
    const ts = indexPairs(c.T, new Float64Array(c.n));
    const K = Float64Array.from(ts.a, (T) => discountKernel(delta * (p.beta + T), p.s));
    for (let i = 0; i < c.n; i++) out[i] = paretoDert(p, c.frequency[i], c.recency[i], c.T[i], delta, K[ts.index[i]]);
    return out;
  }
  // the quadrature depends on a customer only through (x, T): once per distinct pair
  const p: BgNbdParams = m.params as BgNbdParams;
  const mod = m.kind === "mbg-nbd";
  const pairs = indexPairs(c.frequency, c.T);
  const v = Float64Array.from(pairs.a, (x, k) => bgDertGivenAlive(p.r + x, p.alpha + pairs.b[k], p.a, p.b + x + (mod ? 1 : 0), delta));
  for (let i = 0; i < c.n; i++) out[i] = v[pairs.index[i]] * bgProbabilityAlive(p, c.frequency[i], c.recency[i], c.T[i], mod);
  return out;
}
