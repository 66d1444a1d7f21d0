/**
 * The BG/BB likelihood (Fader, Hardie & Shang 2010, eq. 5) of one pattern with its gradient, the
 * fit objective over patterns, and the public per-customer log-likelihood.
 */
import { jsonColumns } from "../core/json.js";
import { digamma, logBeta, logGamma } from "../core/numeric.js";
import { readRows, type BgBbCustomers, type Patterns } from "./bgbb-data.js";
import { bgbbFromJSON, type BgBbModel } from "./bgbb-model.js";
import { requireBgBb } from "./kinds.js";

/**
 * log L(α, β, γ, δ | x, t_x, n) of one pattern (Fader, Hardie & Shang 2010, eq. 5):
 * B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ),
 * with its gradient in log-parameters when `grad` is given (added, times `w`).
 */
export function patternLogLik(
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

/** Scratch space for {@link patternLogLik} over these rows (one slot per term of the longest). @internal */
export function likelihoodScratch(rows: { n: Float64Array }): Float64Array {
  let maxN = 0;
  for (let i = 0; i < rows.n.length; i++) maxN = Math.max(maxN, rows.n[i]);
  return new Float64Array(maxN + 2);
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
 * Log-likelihood of each customer's (frequency, recency, periods) under a BG/BB model
 * (Fader, Hardie & Shang 2010, eq. 5): the log-probability of one particular transaction
 * sequence with these sufficient statistics (C(t_x − 1, x − 1) sequences share them).
 * O(Σ (periods − recency)).
 *
 * @throws ClienteleError as {@link fitBgBb}, and `INVALID_MODEL` for a malformed model
 * @example
 * import { bgbbLogLikelihood, fitBgBb } from "clientele/clv";
 * // the 11,104 donors of Fader, Hardie & Shang (2010): 6 annual opportunities, one row per pattern
 * const donations = {
 *   frequency: [0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6],
 *   recency: [0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 3, 4, 5, 6, 4, 5, 6, 5, 6, 6],
 *   periods: Array(22).fill(6),
 *   weights: [3464, 1091, 277, 129, 78, 119, 129, 613, 255, 155, 173, 234, 322, 181, 225, 357, 240, 284, 512, 335, 728, 1203],
 * };
 * const model = fitBgBb(donations); // α 1.204, β 0.750, γ 0.657, δ 2.783
 * bgbbLogLikelihood(model, { frequency: [0], recency: [0], periods: [6] }); // => Float64Array [-1.168]: log P(no donation in 6 years)
 */
export function bgbbLogLikelihood(model: BgBbModel, customers: BgBbCustomers): Float64Array {
  const fn = "bgbbLogLikelihood";
  requireBgBb(model, fn);
  const { alpha, beta, gamma, delta } = bgbbFromJSON(model, fn).params;
  const rows = readRows(customers, fn);
  const out = new Float64Array(rows.x.length);
  const scratch = likelihoodScratch(rows);
  for (let i = 0; i < out.length; i++) {
    out[i] = patternLogLik(alpha, beta, gamma, delta, rows.x[i], rows.tx[i], rows.n[i], 1, null, scratch);
  }
  return jsonColumns(out);
}
