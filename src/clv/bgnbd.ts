/**
 * BG/NBD model (Fader, Hardie & Lee 2005): fit, likelihood and predictions. The MBG/NBD
 * variant shares this code with `modified = true` (a customer may also drop out right after
 * the first purchase, Batislam, Denizel & Filiztekin 2007).
 */
import { digamma, logBeta, logGamma } from "../core/numeric.js";
import { ClienteleError } from "../core/errors.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import type { ObjectiveWithGradient } from "../core/optimize.js";
import { indexValues, type CompressedRft } from "./compress.js";
import {
  dataScale,
  fitSignal,
  TABLE_MAX_FREQUENCY,
  prepareFit,
  type FitTransactionInput,
  type FitTransactionOptions,
  type TransactionFitInfo,
} from "./fit-common.js";
import { fitByMaximumLikelihood } from "./mle.js";
import { validateSavedModel } from "./saved-model.js";
import { hyp2f1SignedLog } from "../core/hyp2f1.js";

/** BG/NBD parameters: purchase rate λ ~ Gamma(r, alpha), dropout probability p ~ Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A fitted BG/NBD model (plain JSON data). */
export interface BgNbdModel extends TransactionFitInfo<keyof BgNbdParams> {
  /** `"bg-nbd"` (models saved as `"bgnbd"` before 0.2 load with the new tag). */
  kind: "bg-nbd";
  version: 1;
  params: BgNbdParams;
}

export const BG_NAMES = ["r", "alpha", "a", "b"] as const;

/**
 * Σ wᵢ(−log Lᵢ) of BG/NBD (modified = false) or MBG/NBD (modified = true) and its gradient in
 * (log r, log alpha, log a, log b). Per pattern:
 * log L = lnΓ(r+x) − lnΓ(r) + r ln α + ln B(a, b+x+m) − ln B(a, b)
 *         + log[(α+T)^(−(r+x)) + 1{x>0 or m=1}·a/(b+x−1+m)·(α+t_x)^(−(r+x))], m = 1 for MBG.
 * The Γ ratios use recurrences over x = 0..max x while max x ≤ TABLE_MAX_FREQUENCY (each
 * evaluation costs O(patterns + max x)); beyond, they are evaluated per distinct x with lnΓ and ψ,
 * so memory and time follow the distinct counts, not the largest one.
 */
export function bgFamilyNegLogLik(data: CompressedRft, modified: boolean): ObjectiveWithGradient {
  const m = modified ? 1 : 0;
  const { n, frequency, recency, T, weight } = data;
  const big = data.maxFrequency > TABLE_MAX_FREQUENCY;
  // slot of each pattern in the tables: x itself (tables over 0..max x), or the index of x among the distinct counts
  const counts = big ? indexValues(frequency) : null;
  const distinct = counts === null ? null : counts.values;
  const slot: ArrayLike<number> = counts === null ? frequency : counts.ids;
  const len = big ? distinct!.length + 1 : data.maxFrequency + 2;
  const lgR = new Float64Array(len);
  const dgR = new Float64Array(len);
  const lgB0 = new Float64Array(len);
  const dgB0 = new Float64Array(len);
  const lgAB0 = new Float64Array(len);
  const dgAB0 = new Float64Array(len);
  const lbx = new Float64Array(len); // log(b + x − 1 + m)
  // tables of b and a + b are read at x + m: shifted views in table mode
  const sh = big ? 0 : m;
  const lgB = lgB0.subarray(sh);
  const dgB = dgB0.subarray(sh);
  const lgAB = lgAB0.subarray(sh);
  const dgAB = dgAB0.subarray(sh);
  // distinct values of T and t_x (few at day granularity): their logs are computed once per call
  const tIds = indexValues(T);
  const txIds = indexValues(recency);
  const lnT = new Float64Array(tIds.values.length);
  const lnTx = new Float64Array(txIds.values.length);
  return (theta, grad) => {
    const r = Math.exp(theta[0]);
    const alpha = Math.exp(theta[1]);
    const a = Math.exp(theta[2]);
    const b = Math.exp(theta[3]);
    if (distinct === null) {
      for (let k = 0; k + 1 < len; k++) {
        lgR[k + 1] = lgR[k] + Math.log(r + k);
        dgR[k + 1] = dgR[k] + 1 / (r + k);
        lgB0[k + 1] = lgB0[k] + Math.log(b + k);
        dgB0[k + 1] = dgB0[k] + 1 / (b + k);
        lgAB0[k + 1] = lgAB0[k] + Math.log(a + b + k);
        dgAB0[k + 1] = dgAB0[k] + 1 / (a + b + k);
      }
      for (let k = 0; k < len; k++) lbx[k] = Math.log(b + k - 1 + m);
    } else {
      const lr = logGamma(r);
      const pr = digamma(r);
      const lb = logGamma(b);
      const pb = digamma(b);
      const lab = logGamma(a + b);
      const pab = digamma(a + b);
      for (let k = 0; k < distinct.length; k++) {
        const x = distinct[k];
        lgR[k] = x === 0 ? 0 : logGamma(r + x) - lr;
        dgR[k] = x === 0 ? 0 : digamma(r + x) - pr;
        const xm = x + m;
        lgB0[k] = xm === 0 ? 0 : logGamma(b + xm) - lb;
        dgB0[k] = xm === 0 ? 0 : digamma(b + xm) - pb;
        lgAB0[k] = xm === 0 ? 0 : logGamma(a + b + xm) - lab;
        dgAB0[k] = xm === 0 ? 0 : digamma(a + b + xm) - pab;
        lbx[k] = Math.log(b + x - 1 + m);
      }
    }
    for (let j = 0; j < lnT.length; j++) lnT[j] = Math.log(alpha + tIds.values[j]);
    for (let j = 0; j < lnTx.length; j++) lnTx[j] = Math.log(alpha + txIds.values[j]);
    const lnAlpha = theta[1];
    const lnA = theta[2];
    let ll = 0;
    let gr = 0;
    let galpha = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const x = frequency[i];
      const sx = slot[i];
      const w = weight[i];
      const rx = r + x;
      const lT = lnT[tIds.ids[i]];
      const A3 = -rx * lT;
      let w4 = 0;
      let lse = A3;
      let lt = 0;
      let bx1 = 1;
      if (x > 0 || modified) {
        bx1 = b + x - 1 + m;
        lt = lnTx[txIds.ids[i]];
        const A4 = lnA - lbx[sx] - rx * lt;
        if (A4 > A3) {
          const e = Math.exp(A3 - A4);
          lse = A4 + Math.log1p(e);
          w4 = 1 / (1 + e);
        } else {
          const e = Math.exp(A4 - A3);
          lse = A3 + Math.log1p(e);
          w4 = e / (1 + e);
        }
      }
      const w3 = 1 - w4;
      ll += w * (lgR[sx] + r * lnAlpha + lgB[sx] - lgAB[sx] + lse);
      gr += w * (dgR[sx] + lnAlpha - w3 * lT - w4 * lt);
      galpha += w * (r / alpha - rx * (w3 / (alpha + T[i]) + (w4 > 0 ? w4 / (alpha + recency[i]) : 0)));
      ga += w * (-dgAB[sx] + w4 / a);
      gb += w * (dgB[sx] - dgAB[sx] - w4 / bx1);
    }
    grad[0] = -gr * r;
    grad[1] = -galpha * alpha;
    grad[2] = -ga * a;
    grad[3] = -gb * b;
    return -ll;
  };
}

/**
 * lnΓ(x + d) − lnΓ(x) for x > 0, x + d > 0, stable when x is huge (where lnΓ itself overflows):
 * d·ln x + d(d − 1)/(2x) once x > 1e7·max(1, d²) (error below 1e-14 relative). Internal.
 */
export function lnGammaRatio(x: number, d: number): number {
  if (d === 0) return 0;
  if (x > 1e7 * Math.max(1, d * d)) return d * Math.log(x) + (d * (d - 1)) / (2 * x);
  return logGamma(x + d) - logGamma(x);
}

/** Deterministic starts for BG/NBD and MBG/NBD (natural scale). */
export function bgFamilyStarts(data: CompressedRft): number[][] {
  const { meanT, rate } = dataScale(data);
  return [
    [1, 1 / rate, 1, 1],
    [0.5, meanT, 0.5, 2],
    [0.1, 0.1 * meanT, 2, 5],
  ];
}

/**
 * Fits the BG/NBD model by maximum likelihood on log-parameters with analytic gradients (BFGS),
 * from a deterministic start with fallbacks. Identical (frequency, recency, T) rows are
 * compressed first, so the cost is O(distinct patterns × iterations); memory and time do not grow
 * with the largest frequency (counts above 100,000 use lnΓ per distinct count).
 *
 * @param customers - columns `frequency` (repeat purchases), `recency` (first to last purchase) and `T`
 *   (first purchase to end of calibration), all in one time unit; optional `weights`. The output of
 *   `summarizeTransactions` (`clientele/data`) carries its `timeUnit`, which the model records.
 * @param options - `timeUnit` ("day" | "week" | "month": REQUIRED with bare columns, must agree with a
 *   summary's), `penalty` (default 0; minimizes −mean weighted LL + penalty·(r²+α²+a²+b²), lifetimes'
 *   `penalizer_coef`), `weights`, `maxIter` (500), `onProgress`, `signal` (checked between optimizer
 *   steps; to stop a fit after a wall-clock time use {@link fitBgNbdAsync})
 * @returns the model (`kind: "bg-nbd"`, `timeUnit`) with r, alpha, a, b, the full log-likelihood, standard
 *   errors and 95% intervals (delta method from the Hessian of log-parameters; intervals are
 *   exp(log θ ± 1.96 se)) and `boundary`: the parameters (if any) that ended at the edge of the search box
 *   |log θ| ≤ 20, where the likelihood only approaches a limit of the model (e.g. r, alpha → ∞ is the
 *   Poisson limit); tiny or degenerate data (one customer, no repeat purchases) often end there
 * @throws ClienteleError `OUT_OF_RANGE` (a customer age T above 1e7 time units: a unit error), `EMPTY_INPUT`, `INVALID_INPUT`, `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`,
 *   `NEGATIVE_VALUE`, `NOT_INTEGER`, `OUT_OF_RANGE` (T <= 0), `RECENCY_AFTER_T`, `RECENCY_WITHOUT_REPEAT`,
 *   `INVALID_OPTION` (unknown option, or no `timeUnit` for bare columns), `UNIT_MISMATCH`, `FIT_FAILED`, `ABORTED`
 * @see Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2)
 * @example
 * import { fitBgNbd } from "clientele/clv";
 * const model = fitBgNbd(
 *   { frequency: [2, 1, 0, 0, 5], recency: [30.4, 1.7, 0, 0, 20], T: [38.9, 38.9, 38.9, 30, 35] },
 *   { timeUnit: "week" },
 * );
 * [model.kind, model.timeUnit]; // => ["bg-nbd", "week"]
 */
export function fitBgNbd(customers: FitTransactionInput, options: FitTransactionOptions = {}): BgNbdModel {
  return runSync(bgFamilySteps(customers, options, "fitBgNbd", false)) as BgNbdModel;
}

/**
 * {@link fitBgNbd} as a promise that yields to the event loop about every 10 ms, so
 * `signal: AbortSignal.timeout(ms)` stops it in wall-clock time (rejecting with `ABORTED`). The
 * same operations in the same order as `fitBgNbd`: the result is bit-identical.
 *
 * @throws ClienteleError (as a rejection) the codes of {@link fitBgNbd}; `ABORTED` naming `fitBgNbdAsync`
 * @example
 * import { fitBgNbdAsync } from "clientele/clv";
 * const customers = { frequency: [2, 1, 0, 0, 5], recency: [30.4, 1.7, 0, 0, 20], T: [38.9, 38.9, 38.9, 30, 35] };
 * const model = await fitBgNbdAsync(customers, { timeUnit: "week", signal: AbortSignal.timeout(5_000) });
 * model.kind; // => "bg-nbd"
 */
export async function fitBgNbdAsync(customers: FitTransactionInput, options: FitTransactionOptions = {}): Promise<BgNbdModel> {
  const fn = "fitBgNbdAsync";
  return (await runAsync(bgFamilySteps(customers, options, fn, false), fn, fitSignal(options, fn))) as BgNbdModel;
}

/** The BG/NBD and MBG/NBD fits as one generator (internal). */
export function* bgFamilySteps(
  customers: FitTransactionInput,
  options: FitTransactionOptions,
  fn: string,
  modified: boolean,
): Steps<BgNbdModel | ({ kind: "mbg-nbd" } & Omit<BgNbdModel, "kind">)> {
  const { data, opts, nCustomers, timeUnit } = prepareFit(customers, options, fn);
  const fit = yield* fitByMaximumLikelihood(
    { fn, names: BG_NAMES, negLogLik: (d) => bgFamilyNegLogLik(d, modified), starts: bgFamilyStarts },
    data,
    opts,
    nCustomers,
  );
  return { kind: modified ? "mbg-nbd" : "bg-nbd", version: 1, timeUnit, ...fit } as BgNbdModel;
}

/**
 * Validates a saved BG/NBD model (for example `JSON.parse` of a stored one) and returns a clean copy
 * with the current tag (models saved as `"bgnbd"` load as `"bg-nbd"`). Parameters must be finite and in
 * [1e-10, 1e10] (a fit never leaves [2.1e-9, 4.9e8]). Models saved before units were recorded load
 * without `timeUnit`.
 *
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitBgNbd, bgNbdFromJSON } from "clientele/clv";
 * const m = fitBgNbd({ frequency: [2, 1, 0, 3], recency: [30, 2, 0, 20], T: [39, 39, 39, 35] }, { timeUnit: "week" });
 * bgNbdFromJSON(JSON.parse(JSON.stringify(m))).params.r === m.params.r; // => true
 */
export function bgNbdFromJSON(json: unknown): BgNbdModel {
  return validateSavedModel(json, "bg-nbd", BG_NAMES, "bgNbdFromJSON") as BgNbdModel;
}

// ---------------------------------------------------------------------------------------------
// Predictions shared by BG/NBD (m = 0) and MBG/NBD (m = 1); parameters trusted.

/**
 * E[X(t)] for a new customer. BG: (a+b−1)/(a−1)·[1 − (α/(α+t))^r 2F1(r, b; a+b−1; t/(α+t))];
 * MBG: b/(a−1)·[1 − (α/(α+t))^r 2F1(r, b+1; a+b; t/(α+t))].
 */
export function bgExpected(p: BgNbdParams, t: number, modified: boolean): number {
  if (t === 0) return 0;
  if (Math.abs(p.a - 1) < 1e-4) return nearAOne(p.a, (a) => bgExpected({ ...p, a }, t, modified));
  const { r, alpha, a } = p;
  const b = p.b;
  const z = t / (alpha + t);
  const bb = modified ? b + 1 : b;
  let c = modified ? a + b : a + b - 1;
  // 2F1 is undefined at c = 0 (a + b = 1) but c·2F1 has a continuous limit: evaluate just beside it
  if (Math.abs(c) < 1e-8) c = 1e-8;
  const factor = modified ? b / (a - 1) : c / (a - 1);
  return factor * oneMinusPowHyp(r, bb, c, z, alpha / (alpha + t));
}

/**
 * f(a) for a within 1e-4 of 1, where the closed forms are 0/0 (a removable singularity): the
 * symmetric averages at a ± h and a ± 2h (h = 1e-3) Richardson-extrapolated, error O(h⁴).
 */
function nearAOne(a: number, f: (a: number) => number): number {
  const h = 1e-3;
  const g1 = 0.5 * (f(a + h) + f(a - h));
  const g2 = 0.5 * (f(a + 2 * h) + f(a - 2 * h));
  const v = (4 * g1 - g2) / 3;
  return v > 0 ? v : 0;
}

/**
 * 1 − (1−z)^A·2F1(A, B; C; z) with w = 1 − z. For small z both parts are close to 1 and the
 * subtraction would lose about log10(1/z) digits, so there the difference is summed directly,
 * in whichever of two equivalent forms cancels less:
 *   −expm1(A·log1p(−z)) − (1−z)^A·Σ_{k≥1} (A)_k(B)_k/((C)_k k!) z^k, or, after Euler's
 *   transformation (1−z)^A·2F1(A, B; C; z) = (1−z)^(C−B)·2F1(C−A, C−B; C; z),
 *   −expm1((C−B)·log1p(−z)) − (1−z)^(C−B)·Σ_{k≥1} (C−A)_k(C−B)_k/((C)_k k!) z^k
 * (the second suits heavy buyers, where A = r + x and B = b + x are large but C − B = a − 1 is not).
 */
export function oneMinusPowHyp(A: number, B: number, C: number, z: number, w: number): number {
  if (z < 0.01) {
    const direct = powHypDiff(A, B, C, z, Math.abs(B / (C - B)));
    const euler = powHypDiff(C - B, C - A, C, z, Math.abs((C - A) / A));
    const pick = direct.loss <= euler.loss ? direct : euler;
    if (Number.isFinite(pick.value)) return pick.value;
    const other = pick === direct ? euler : direct;
    if (Number.isFinite(other.value)) return other.value;
  }
  const h = hyp2f1SignedLog(A, B, C, z, w);
  return 1 - h.sign * Math.exp(A * Math.log(w) + h.log);
}

/** −expm1(P·log1p(−z)) − (1−z)^P·Σ_{k≥1} (P)_k(Q)_k/((C)_k k!) z^k and its estimated cancellation; NaN when unsuitable. */
function powHypDiff(P: number, Q: number, C: number, z: number, cancel: number): { value: number; loss: number } {
  // only where the terms fall from the start (no overflow, no cancellation inside the sum)
  if (!(Math.abs((P * Q * z) / C) < 0.5 && Math.abs(P * z) < 0.5)) return { value: NaN, loss: Infinity };
  let term = 1;
  let sum = 0;
  for (let k = 0; k < 2000; k++) {
    term *= (((P + k) * (Q + k)) / ((C + k) * (k + 1))) * z;
    sum += term;
    if (k > 1 && Math.abs(term) <= 1e-17 * Math.abs(sum)) {
      const lp = P * Math.log1p(-z);
      return { value: -Math.expm1(lp) - Math.exp(lp) * sum, loss: Number.isFinite(cancel) ? cancel : Infinity };
    }
  }
  return { value: NaN, loss: Infinity };
}

/** log of the odds of death term, d = 1{x>0 or MBG}·a/(b+x−1+m)·((α+T)/(α+t_x))^(r+x). */
function logDeadOdds(p: BgNbdParams, x: number, tx: number, T: number, modified: boolean): number {
  if (x === 0 && !modified) return -Infinity;
  const m = modified ? 1 : 0;
  return Math.log(p.a) - Math.log(p.b + x - 1 + m) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
}

/** P(alive | x, t_x, T) = 1 / (1 + d). */
export function bgProbabilityAlive(p: BgNbdParams, x: number, tx: number, T: number, modified: boolean): number {
  const ld = logDeadOdds(p, x, tx, T, modified);
  if (ld === -Infinity) return 1;
  return ld > 0 ? Math.exp(-ld) / (1 + Math.exp(-ld)) : 1 / (1 + Math.exp(ld));
}

/**
 * E[Y(t) | x, t_x, T]. BG: (a+b+x−1)/(a−1)·[1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]·P(alive);
 * MBG: (a+b+x)/(a−1)·[1 − (…)^(r+x) 2F1(r+x, b+x+1; a+b+x; …)]·P(alive).
 */
export function bgConditional(p: BgNbdParams, x: number, tx: number, T: number, t: number, modified: boolean): number {
  if (t === 0) return 0;
  if (Math.abs(p.a - 1) < 1e-4) return nearAOne(p.a, (a) => bgConditional({ ...p, a }, x, tx, T, t, modified));
  const { r, alpha, a, b } = p;
  const m = modified ? 1 : 0;
  const z = t / (alpha + T + t);
  let c = a + b + x - 1 + m;
  if (Math.abs(c) < 1e-8) c = 1e-8; // as in bgExpected: c·2F1 is continuous through c = 0
  const factor = c / (a - 1);
  const diff = oneMinusPowHyp(r + x, b + x + m, c, z, (alpha + T) / (alpha + T + t));
  const v = factor * diff * bgProbabilityAlive({ r, alpha, a, b }, x, tx, T, modified);
  return v > 0 ? v : 0;
}

/**
 * P(X(t) = n) for a new customer (Fader, Hardie & Lee 2005, eq. 8):
 * B(a, b+n)/B(a, b)·Γ(r+n)/(Γ(r) n!)·(α/(α+t))^r (t/(α+t))^n
 * + 1{n>0}·B(a+1, b+n−1)/B(a, b)·[1 − (α/(α+t))^r Σ_{j<n} Γ(r+j)/(Γ(r) j!) (t/(α+t))^j].
 * MBG/NBD: a/(a+b)·1{n=0} + b/(a+b)·(the BG/NBD value with b+1), because the customer drops out
 * at time 0 with probability p.
 */
export function bgPmf(p: BgNbdParams, t: number, n: number, modified: boolean, fn = "probabilityOfPurchases"): number {
  if (modified) {
    const share = p.b / (p.a + p.b);
    return (n === 0 ? 1 - share : 0) + share * bgPmf({ ...p, b: p.b + 1 }, t, n, false, fn);
  }
  const { r, alpha, a, b } = p;
  if (t === 0) return n === 0 ? 1 : 0;
  const lq = Math.log(alpha / (alpha + t));
  const lz = Math.log(t / (alpha + t));
  const lbab = logBeta(a, b);
  // ln B(a, b+n) − ln B(a, b) + lnΓ(r+n) − lnΓ(r) − ln n!, by Γ ratios so a huge n stays finite
  const first = Math.exp(logGamma(a) - lnGammaRatio(b + n, a) - lbab + lnGammaRatio(n + 1, r - 1) - logGamma(r) + r * lq + (n === 0 ? 0 : n * lz));
  if (n === 0) return first;
  // Σ_{j<n} NB(j) accumulated in log space by recurrence, stopped once the rest is below 1e-17
  // (past the mode the ratio of terms is below max(z, its current value) < 1), so the loop is
  // bounded by the NB's mode plus O(1/(1 − z)) terms, not by n
  const z = t / (alpha + t);
  const mode = r > 1 ? ((r - 1) * z) / (1 - z) : 0;
  const budget = Math.min(n, mode + 60 / Math.max(1e-300, 1 - z) + 10);
  if (!(budget <= 1e7)) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["t"],
      received: t,
      message:
        `${fn}: summing P(X(${t}) = j) for j < ${n} would take about ${budget.toExponential(1)} terms (t is huge relative to alpha = ${alpha}). ` +
        "Use a shorter horizon t (in the model's time unit) or a smaller n.",
    });
  }
  let lterm = r * lq; // j = 0
  let cdf = 0;
  for (let j = 0; j < n; j++) {
    const term = Math.exp(lterm);
    cdf += term;
    const ratio = ((r + j) / (j + 1)) * z;
    if (j > mode && term * (Math.max(ratio, z) / (1 - Math.max(ratio, z))) < 1e-17) break;
    lterm += Math.log(r + j) - Math.log(j + 1) + lz;
  }
  const tail = Math.max(0, 1 - cdf);
  // ln B(a+1, b+n−1) − ln B(a, b) = lnΓ(a+1) − ln[Γ(a+b+n)/Γ(b+n−1)] − ln B(a, b)
  return first + Math.exp(logGamma(a + 1) - lnGammaRatio(b + n - 1, a + 1) - lbab) * tail;
}
