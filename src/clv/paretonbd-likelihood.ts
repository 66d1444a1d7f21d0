/**
 * Pareto/NBD likelihood (Schmittlein, Morrison & Colombo 1987) with its analytic gradient.
 *
 * Likelihood (Fader & Hardie, "A Note on Deriving the Pareto/NBD Model and Related
 * Expressions", 2005): with R = r + x,
 * L = Γ(R) α^r β^s / Γ(r) · [ (α+T)^(−R) (β+T)^(−s) + s·I ],  I = ∫_{t_x}^{T} (α+τ)^(−R) (β+τ)^(−(s+1)) dτ,
 * and I = F(t_x) − F(T) with the Gauss hypergeometric series
 *   α ≥ β: F(t) = (α+t)^(−(R+s)) Σ_k (s+1)_k/k! z^k/(R+s+k),  z = (α−β)/(α+t)
 *   α < β: F(t) = (β+t)^(−(R+s)) Σ_k (R)_k/k! z^k/(R+s+k),    z = (β−α)/(β+t)
 * i.e. (α+t)^(−(R+s)) 2F1(R+s, s+1; R+s+1; z)/(R+s) — the |z| < 1 choice of Fader & Hardie.
 * The series is summed in scaled arithmetic together with its parameter derivatives (the
 * analytic gradient), with a tail-bound convergence check; if it would need more than ~12,000 terms
 * (z within ~0.013 of 1) I and its derivatives are integrated numerically instead (composite
 * 8-point Gauss–Legendre on log(τ + min(α, β))).
 */
import { digamma, logGamma } from "../core/numeric.js";
import { GL8_W, GL8_X } from "../core/quadrature.js";
import type { ObjectiveWithGradient } from "../core/optimize.js";
import { indexPairs, indexValues, type CompressedRft } from "./compress.js";
import { TABLE_MAX_FREQUENCY } from "./fit-common.js";

const MAX_SERIES_TERMS = 12_000;

/**
 * log F(t) and d log F / d(r, alpha, s, beta) (natural scale) into out[0..3]; false when the
 * series does not converge within MAX_SERIES_TERMS.
 */
export function logFSeries(R: number, alpha: number, s: number, beta: number, t: number, out: Float64Array): number | null {
  const alphaBase = alpha >= beta;
  const base = alphaBase ? alpha : beta;
  const diff = alphaBase ? alpha - beta : beta - alpha;
  const bt = base + t;
  const z = diff / bt;
  const a0 = R + s;
  const b0 = alphaBase ? s + 1 : R;
  let term = 1 / a0;
  let S = term;
  let Sa = -term / a0;
  let Sb = 0;
  let Sk = 0;
  let Su = 0;
  let H = 0;
  let logScale = 0;
  let converged = false;
  // terms decay roughly like z^k: skip a series that cannot finish within the budget
  if (z > 0 && -39 / Math.log(z) > MAX_SERIES_TERMS / 4) return null;
  // terms still growing at the end of the budget (large s or r + x with z not small): the series
  // cannot finish, so go straight to the quadrature instead of summing 12,000 terms first
  if (((b0 + MAX_SERIES_TERMS / 2) / (MAX_SERIES_TERMS / 2 + 1)) * z >= 0.97) return null;
  for (let k = 1; k <= MAX_SERIES_TERMS; k++) {
    const prev = term;
    const common = (b0 + k - 1) * ((a0 + k - 1) / (a0 + k));
    const u = (prev * common) / bt;
    term = (prev * common * z) / k;
    H += 1 / (b0 + k - 1);
    S += term;
    Sa -= term / (a0 + k);
    Sb += term * H;
    Sk += term * k;
    Su += u;
    if (S > 1e250) {
      term *= 1e-250;
      S *= 1e-250;
      Sa *= 1e-250;
      Sb *= 1e-250;
      Sk *= 1e-250;
      Su *= 1e-250;
      logScale += 250 * Math.LN10;
    }
    if (term === 0 && u === 0) {
      converged = true;
      break;
    }
    const ratio = ((b0 + k) / (k + 1)) * z * ((a0 + k) / (a0 + k + 1));
    if (ratio < 0.999 && k > 1) {
      // tail of Σ term·(k + H): bounded by term·ratio/(1−ratio)² times the slowly growing factor
      const tail = (term * ratio) / ((1 - ratio) * (1 - ratio));
      if (tail * (k + 1 + H + 1 / (1 - ratio)) <= 1e-16 * Math.min(S, Math.abs(Sk) + S)) {
        converged = true;
        break;
      }
    }
  }
  if (!converged) return null;
  const lbt = Math.log(bt);
  const da0 = -lbt + Sa / S;
  const db0 = Sb / S;
  const dbase = -a0 / bt - Sk / (bt * S) + Su / S;
  const dother = -Su / S;
  if (alphaBase) {
    out[0] = da0;
    out[1] = dbase;
    out[2] = da0 + db0;
    out[3] = dother;
  } else {
    out[0] = da0 + db0;
    out[1] = dother;
    out[2] = da0;
    out[3] = dbase;
  }
  return -a0 * lbt + Math.log(S) + logScale;
}

/** log I and d log I / d(r, alpha, s, beta) by quadrature (fallback). */
export function logIQuadrature(R: number, alpha: number, s: number, beta: number, tx: number, T: number, out: Float64Array): number {
  const c = Math.min(alpha, beta);
  const y0 = Math.log(c + tx);
  const y1 = Math.log(c + T);
  const span = y1 - y0;
  const logAt = (tau: number) => -R * Math.log(alpha + tau) - (s + 1) * Math.log(beta + tau) + Math.log(c + tau);
  if (T - tx <= 1e-7 * (c + T)) {
    // interval too short to resolve: midpoint rule, relative error O(((T − t_x)/(c + t_x))²)
    const mid = 0.5 * (tx + T);
    out[0] = -Math.log(alpha + mid);
    out[1] = -R / (alpha + mid);
    out[2] = -Math.log(beta + mid);
    out[3] = -(s + 1) / (beta + mid);
    return Math.log(T - tx) + logAt(mid) - Math.log(c + mid);
  }
  // total log-drop of the integrand over the interval sets the panel count (about 1 nat per panel)
  const drop = R * (Math.log(alpha + T) - Math.log(alpha + tx)) + (s + 1) * (Math.log(beta + T) - Math.log(beta + tx));
  const panels = Math.min(4000, Math.max(1, Math.ceil(drop) + Math.ceil(span * 8)));
  const h = span / panels;
  const ref = Math.max(logAt(tx), logAt(T));
  let I = 0;
  let IlnA = 0;
  let IinvA = 0;
  let IlnB = 0;
  let IinvB = 0;
  for (let p = 0; p < panels; p++) {
    const mid = y0 + (p + 0.5) * h;
    for (let q = 0; q < 8; q++) {
      const y = mid + 0.5 * h * GL8_X[q];
      const tau = Math.exp(y) - c;
      const v = 0.5 * h * GL8_W[q] * Math.exp(logAt(tau) - ref);
      I += v;
      IlnA += v * Math.log(alpha + tau);
      IinvA += v / (alpha + tau);
      IlnB += v * Math.log(beta + tau);
      IinvB += v / (beta + tau);
    }
    // the integrand only falls (up to the slowly varying Jacobian): stop once it is negligible
    if (p % 8 === 7 && logAt(Math.exp(y0 + (p + 1) * h) - c) < ref - 60) break;
  }
  out[0] = -IlnA / I;
  out[1] = (-R * IinvA) / I;
  out[2] = -IlnB / I;
  out[3] = (-(s + 1) * IinvB) / I;
  return Math.log(I) + ref;
}

const scratchTx = new Float64Array(4);
const scratchT = new Float64Array(4);

/** log I(t_x, T) with its gradient in natural parameters (out[0..3]); −Infinity when t_x = T. */
export function paretoLogI(R: number, alpha: number, s: number, beta: number, tx: number, T: number, out: Float64Array): number {
  if (!(T > tx)) {
    out.fill(0);
    return -Infinity;
  }
  const lx = logFSeries(R, alpha, s, beta, tx, scratchTx);
  const lT = lx === null ? null : logFSeries(R, alpha, s, beta, T, scratchT);
  if (lx !== null && lT !== null) {
    const q = Math.exp(lT - lx);
    if (q < 0.999) {
      const inv = 1 / (1 - q);
      for (let k = 0; k < 4; k++) out[k] = (scratchTx[k] - q * scratchT[k]) * inv;
      return lx + Math.log1p(-q);
    }
    if (q < 1) {
      // close t_x and T: the difference loses digits; the quadrature is exact enough and cheap here
      return logIQuadrature(R, alpha, s, beta, tx, T, out);
    }
  }
  return logIQuadrature(R, alpha, s, beta, tx, T, out);
}

/** Distinct (x, t) pairs among the (x, t_x) and (x, T) of the rows, and each row's two node ids (the one pattern grouper). */
export function buildNodes(
  frequency: ArrayLike<number>,
  recency: ArrayLike<number>,
  T: ArrayLike<number>,
  n: number,
): { nodeX: Float64Array; nodeT: Float64Array; idTx: Int32Array; idT: Int32Array } {
  // rows interleaved as (x, t_x), (x, T), so nodes are numbered in order of first appearance
  const xs = new Float64Array(2 * n);
  const ts = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    xs[2 * i] = frequency[i];
    xs[2 * i + 1] = frequency[i];
    ts[2 * i] = recency[i];
    ts[2 * i + 1] = T[i];
  }
  const pairs = indexPairs(xs, ts);
  const idTx = new Int32Array(n);
  const idT = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    idTx[i] = pairs.index[2 * i];
    idT[i] = pairs.index[2 * i + 1];
  }
  return { nodeX: pairs.a, nodeT: pairs.b, idTx, idT };
}

/**
 * Σ wᵢ(−log Lᵢ) of Pareto/NBD and its gradient in (log r, log alpha, log s, log beta).
 * F(t) depends on a pattern only through (x, t), so the series is evaluated once per distinct
 * (x, t_x) and (x, T) "node" per call and shared by all patterns that use it.
 */
export function paretoNegLogLik(data: CompressedRft): ObjectiveWithGradient {
  const { n, frequency, recency, T, weight } = data;
  // Γ ratios by recurrence over 0..max x, or per distinct x beyond TABLE_MAX_FREQUENCY (memory and
  // time then follow the distinct counts, not the largest one)
  const counts = data.maxFrequency > TABLE_MAX_FREQUENCY ? indexValues(frequency) : null;
  const distinct = counts === null ? null : counts.values;
  const slot: ArrayLike<number> = counts === null ? frequency : counts.ids;
  const len = distinct === null ? data.maxFrequency + 1 : distinct.length;
  const lgR = new Float64Array(len);
  const dgR = new Float64Array(len);
  const gI = new Float64Array(4);
  const { nodeX, nodeT, idTx, idT } = buildNodes(frequency, recency, T, n);
  // distinct T values, so log(alpha + T) and log(beta + T) are computed once per value
  const { values: tVals, ids: idTv } = indexValues(T);
  const laTv = new Float64Array(tVals.length);
  const lbTv = new Float64Array(tVals.length);
  const nn = nodeX.length;
  const lf = new Float64Array(nn);
  const ok = new Uint8Array(nn);
  const dlf = new Float64Array(4 * nn);
  const tmp = new Float64Array(4);
  return (theta, grad) => {
    const r = Math.exp(theta[0]);
    const alpha = Math.exp(theta[1]);
    const s = Math.exp(theta[2]);
    const beta = Math.exp(theta[3]);
    if (distinct === null) {
      for (let k = 0; k + 1 < len; k++) {
        lgR[k + 1] = lgR[k] + Math.log(r + k);
        dgR[k + 1] = dgR[k] + 1 / (r + k);
      }
    } else {
      const lr = logGamma(r);
      const pr = digamma(r);
      for (let k = 0; k < len; k++) {
        const x = distinct[k];
        lgR[k] = x === 0 ? 0 : logGamma(r + x) - lr;
        dgR[k] = x === 0 ? 0 : digamma(r + x) - pr;
      }
    }
    for (let j = 0; j < tVals.length; j++) {
      laTv[j] = Math.log(alpha + tVals[j]);
      lbTv[j] = Math.log(beta + tVals[j]);
    }
    for (let j = 0; j < nn; j++) {
      const v = logFSeries(r + nodeX[j], alpha, s, beta, nodeT[j], tmp);
      if (v === null) {
        ok[j] = 0;
      } else {
        ok[j] = 1;
        lf[j] = v;
        dlf[4 * j] = tmp[0];
        dlf[4 * j + 1] = tmp[1];
        dlf[4 * j + 2] = tmp[2];
        dlf[4 * j + 3] = tmp[3];
      }
    }
    const lnAlpha = theta[1];
    const lnBeta = theta[3];
    const lnS = theta[2];
    let ll = 0;
    let gr = 0;
    let ga = 0;
    let gs = 0;
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const x = frequency[i];
      const w = weight[i];
      const R = r + x;
      const TT = T[i];
      const tx = recency[i];
      const laT = laTv[idTv[i]];
      const lbT = lbTv[idTv[i]];
      const first = -R * laT - s * lbT;
      let logI = -Infinity;
      if (TT > tx) {
        const a = idTx[i];
        const b = idT[i];
        const q = ok[a] && ok[b] ? Math.exp(lf[b] - lf[a]) : 2;
        if (q < 0.999) {
          const inv = 1 / (1 - q);
          for (let k = 0; k < 4; k++) gI[k] = (dlf[4 * a + k] - q * dlf[4 * b + k]) * inv;
          logI = lf[a] + Math.log1p(-q);
        } else {
          logI = logIQuadrature(R, alpha, s, beta, tx, TT, gI);
        }
      }
      const second = lnS + logI;
      let lse: number;
      let wS: number;
      if (second === -Infinity) {
        lse = first;
        wS = 0;
      } else if (second > first) {
        const e = Math.exp(first - second);
        lse = second + Math.log1p(e);
        wS = 1 / (1 + e);
      } else {
        const e = Math.exp(second - first);
        lse = first + Math.log1p(e);
        wS = e / (1 + e);
      }
      const wF = 1 - wS;
      const sx = slot[i];
      ll += w * (lgR[sx] + r * lnAlpha + s * lnBeta + lse);
      gr += w * (dgR[sx] + lnAlpha - wF * laT + wS * gI[0]);
      ga += w * (r / alpha - (wF * R) / (alpha + TT) + wS * gI[1]);
      gs += w * (lnBeta - wF * lbT + wS * (1 / s + gI[2]));
      gb += w * (s / beta - (wF * s) / (beta + TT) + wS * gI[3]);
    }
    grad[0] = -gr * r;
    grad[1] = -ga * alpha;
    grad[2] = -gs * s;
    grad[3] = -gb * beta;
    return -ll;
  };
}
