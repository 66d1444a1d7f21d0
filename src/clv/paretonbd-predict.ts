/**
 * Pareto/NBD predictions (parameters trusted): P(alive), expected and conditional expected
 * purchases, the count distribution and the discounted expected residual transactions.
 */
import { logGamma } from "../core/numeric.js";
import { GL8_W, GL8_X } from "../core/quadrature.js";
import { lnGammaRatio } from "./bgnbd.js";
import { buildNodes, logFSeries, logIQuadrature, paretoLogI } from "./paretonbd-likelihood.js";
import type { ParetoNbdParams } from "./paretonbd.js";

/**
 * log P(alive) of many (x, t_x, T) patterns, sharing the 2F1 series per distinct (x, t) node.
 */
export function paretoLogAliveBatch(p: ParetoNbdParams, frequency: Float64Array, recency: Float64Array, T: Float64Array): Float64Array {
  const n = frequency.length;
  const { nodeX, nodeT, idTx, idT } = buildNodes(frequency, recency, T, n);
  const lf = new Float64Array(nodeX.length);
  const ok = new Uint8Array(nodeX.length);
  const tmp = new Float64Array(4);
  for (let j = 0; j < nodeX.length; j++) {
    const v = logFSeries(p.r + nodeX[j], p.alpha, p.s, p.beta, nodeT[j], tmp);
    ok[j] = v === null ? 0 : 1;
    lf[j] = v ?? 0;
  }
  const out = new Float64Array(n);
  const lnS = Math.log(p.s);
  for (let i = 0; i < n; i++) {
    const x = frequency[i];
    const TT = T[i];
    const tx = recency[i];
    if (!(TT > tx)) continue; // P(alive) = 1
    const R = p.r + x;
    const first = -R * Math.log(p.alpha + TT) - p.s * Math.log(p.beta + TT);
    const a = idTx[i];
    const b = idT[i];
    const q = ok[a] && ok[b] ? Math.exp(lf[b] - lf[a]) : 2;
    const logI = q < 0.999 ? lf[a] + Math.log1p(-q) : logIQuadrature(R, p.alpha, p.s, p.beta, tx, TT, tmp);
    const d = lnS + logI - first;
    // log(1 / (1 + e^d))
    out[i] = d > 0 ? -d - Math.log1p(Math.exp(-d)) : -Math.log1p(Math.exp(d));
  }
  return out;
}

const gScratch = new Float64Array(4);

/** P(alive | x, t_x, T) = (α+T)^(−R)(β+T)^(−s) / [(α+T)^(−R)(β+T)^(−s) + s·I]. */
export function paretoProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const R = p.r + x;
  const first = -R * Math.log(p.alpha + T) - p.s * Math.log(p.beta + T);
  const logI = paretoLogI(R, p.alpha, p.s, p.beta, tx, T, gScratch);
  if (logI === -Infinity) return 1;
  const d = Math.log(p.s) + logI - first;
  return d > 0 ? Math.exp(-d) / (1 + Math.exp(-d)) : 1 / (1 + Math.exp(d));
}

/** (1 − (1+u)^(−k))/k computed stably from L = log1p(u); the k → 0 limit is L. */
function powDiffOverK(k: number, L: number): number {
  const kL = k * L;
  if (Math.abs(kL) < 1e-10) return L;
  return -Math.expm1(-kL) / k;
}

/** E[X(t)] = rβ/α · (1 − (β/(β+t))^(s−1))/(s−1)  (s = 1: rβ/α · ln(1 + t/β)). */
export function paretoExpected(p: ParetoNbdParams, t: number): number {
  return ((p.r * p.beta) / p.alpha) * powDiffOverK(p.s - 1, Math.log1p(t / p.beta));
}

/** E[Y(t) | alive at T, x, T] = (r+x)(β+T)/(α+T) · (1 − ((β+T)/(β+T+t))^(s−1))/(s−1). */
export function paretoConditionalGivenAlive(p: ParetoNbdParams, x: number, T: number, t: number): number {
  const bT = p.beta + T;
  return (((p.r + x) * bT) / (p.alpha + T)) * powDiffOverK(p.s - 1, Math.log1p(t / bT));
}

/** E[Y(t) | x, t_x, T] = (r+x)(β+T)/(α+T) · (1 − ((β+T)/(β+T+t))^(s−1))/(s−1) · P(alive). */
export function paretoConditional(p: ParetoNbdParams, x: number, tx: number, T: number, t: number): number {
  const bT = p.beta + T;
  return (((p.r + x) * bT) / (p.alpha + T)) * powDiffOverK(p.s - 1, Math.log1p(t / bT)) * paretoProbabilityAlive(p, x, tx, T);
}

/**
 * P(X(t) = n) for a new customer by numerical integration over the dropout time:
 * (β/(β+t))^s NB(n; r, α, t) + ∫₀ᵗ sβ^s(β+τ)^(−(s+1)) NB(n; r, α, τ) dτ, with
 * NB(n; r, α, τ) = Γ(r+n)/(Γ(r) n!) (α/(α+τ))^r (τ/(α+τ))^n; composite 8-point Gauss–Legendre
 * over 256 panels in log(1 + τ/min(α, β)).
 */
export function paretoPmf(p: ParetoNbdParams, t: number, n: number): number {
  const { r, alpha, s, beta } = p;
  if (t === 0) return n === 0 ? 1 : 0;
  const lc = lnGammaRatio(n + 1, r - 1) - logGamma(r); // lnΓ(r+n) − lnΓ(r) − ln n!, stable for huge n
  const logNb = (tau: number) => (tau === 0 ? (n === 0 ? 0 : -Infinity) : lc + r * Math.log(alpha / (alpha + tau)) + n * Math.log(tau / (alpha + tau)));
  const aliveTerm = Math.exp(s * Math.log(beta / (beta + t)) + logNb(t));
  const c = Math.min(alpha, beta, t);
  const y1 = Math.log1p(t / c);
  const panels = 256;
  const h = y1 / panels;
  let acc = 0;
  for (let k = 0; k < panels; k++) {
    const mid = (k + 0.5) * h;
    for (let q = 0; q < 8; q++) {
      const y = mid + 0.5 * h * GL8_X[q];
      const tau = c * Math.expm1(y);
      const dtau = c * Math.exp(y);
      const lv = Math.log(s) + s * Math.log(beta) - (s + 1) * Math.log(beta + tau) + logNb(tau);
      acc += 0.5 * h * GL8_W[q] * dtau * Math.exp(lv);
    }
  }
  return aliveTerm + acc;
}

/**
 * K(c, s) = ∫₀^∞ e^(−c v) (1+v)^(−s) dv by composite Gauss–Legendre in y = log(1+v), integrating
 * until the integrand is e^(−45) below its peak.
 */
export function discountKernel(c: number, s: number): number {
  const logG = (y: number) => -c * Math.expm1(y) + (1 - s) * y;
  const yPeak = s < 1 ? Math.max(0, Math.log((1 - s) / c)) : 0;
  const peak = logG(yPeak);
  const h = 0.25;
  let acc = 0;
  for (let k = 0; k < 20000; k++) {
    const y0 = k * h;
    for (let q = 0; q < 8; q++) {
      const y = y0 + 0.5 * h * (1 + GL8_X[q]);
      acc += 0.5 * h * GL8_W[q] * Math.exp(logG(y) - peak);
    }
    const yEnd = y0 + h;
    if (yEnd > yPeak && logG(yEnd) < peak - 45) break;
  }
  return acc * Math.exp(peak);
}

/**
 * DERT(δ | x, t_x, T) = P(alive)·(r+x)/(α+T)·∫₀^∞ e^(−δt) ((β+T)/(β+T+t))^s dt
 *   = P(alive)·(r+x)(β+T)/(α+T)·K(δ(β+T), s), equal to Fader, Hardie & Lee (2005, JMR) eq. 2 with
 * the Tricomi function written as an integral.
 */
export function paretoDert(p: ParetoNbdParams, x: number, tx: number, T: number, delta: number, kernel?: number): number {
  const bT = p.beta + T;
  const K = kernel ?? discountKernel(delta * bT, p.s);
  return (((p.r + x) * bT) / (p.alpha + T)) * K * paretoProbabilityAlive(p, x, tx, T);
}
