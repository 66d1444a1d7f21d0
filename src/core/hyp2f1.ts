/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for real arguments, computed in scaled
 * (log-magnitude) arithmetic so that values like (1 − z)^(−1000) neither overflow nor
 * lose precision.
 *
 * Method: for z < 0 the Pfaff transformation 2F1(a,b;c;z) = (1−z)^(−a) 2F1(a, c−b; c; z/(z−1))
 * maps the argument into [0, 1); on [0, 1) the power series is summed with a convergence
 * check on the tail (|t_k|·ρ/(1−ρ) < 1e-17·|S| once the term ratio ρ < 1). When the series
 * would need more than 500,000 terms (z extremely close to 1) the Euler integral
 * Γ(c)/(Γ(b)Γ(c−b)) ∫₀¹ t^(b−1)(1−t)^(c−b−1)(1−zt)^(−a) dt is evaluated by tanh-sinh
 * quadrature (needs c > b > 0 or c > a > 0), otherwise the 1 − z transformation (Abramowitz &
 * Stegun 15.3.6). When c − a − b is (within 1e-6 of) an integer the two terms of 15.3.6 have
 * cancelling poles; 2F1 is analytic in c, so it is evaluated at c ± δ and c ± 2δ (δ = 1e-4) and
 * the symmetric averages are Richardson-extrapolated (error O(δ⁴ log⁴(1 − z)), cancellation
 * O(ε/δ)). Callers that know 1 − z more accurately than the subtraction pass it as `w`. c ≤ 0
 * (not an integer) is reached by the Gauss contiguous recurrence in c from c + m and c + m + 1.
 *
 * A numeric kernel of core (DESIGN.md: "Gauss hypergeometric"); it was clv/hyp2f1.ts, used by the
 * BG/NBD-family predictions.
 */
import { ClienteleError } from "./errors.js";
import { logGamma } from "./numeric.js";

/** A real number stored as sign · exp(log). */
export interface SignedLog {
  sign: -1 | 0 | 1;
  log: number;
}

const MAX_TERMS = 500_000;

// The public function being evaluated, named in errors raised here (the outermost caller wins).
let publicFn: string | null = null;

/** Runs `body` with `fn` as the public function named by 2F1 errors (internal). */
export function withPublicName<T>(fn: string, body: () => T): T {
  if (publicFn !== null) return body();
  publicFn = fn;
  try {
    return body();
  } finally {
    publicFn = null;
  }
}

function failure(detail: string): ClienteleError {
  return new ClienteleError({
    code: "FIT_FAILED",
    message:
      `${publicFn ?? "clientele/clv"}: the Gauss hypergeometric function ${detail} could not be evaluated. This comes from an extreme ` +
      "prediction horizon or purchase count relative to the model's time scale: use a shorter horizon t, rescale time " +
      "(e.g. weeks instead of days) or refit with a small penalty.",
  });
}

function seriesScaled(a: number, b: number, c: number, z: number): SignedLog | null {
  // Σ (a)_k (b)_k / ((c)_k k!) z^k for 0 <= z < 1, with rescaling.
  let t = 1;
  let s = 1;
  let logScale = 0;
  for (let k = 0; k < MAX_TERMS; k++) {
    const ratio = (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    t *= ratio;
    s += t;
    if (t === 0) return toSignedLog(s, logScale);
    const at = Math.abs(t);
    if (at > 1e250 || Math.abs(s) > 1e250) {
      t *= 1e-250;
      s *= 1e-250;
      logScale += 250 * Math.LN10;
    }
    const nextRatio = Math.abs((((a + k + 1) * (b + k + 1)) / ((c + k + 1) * (k + 2))) * z);
    if (nextRatio < 1 && k > 2) {
      const tail = (at * nextRatio) / (1 - nextRatio);
      if (tail <= 1e-17 * Math.abs(s)) {
        return toSignedLog(s, logScale);
      }
    }
  }
  return null;
}

function toSignedLog(s: number, logScale: number): SignedLog {
  if (s === 0) return { sign: 0, log: -Infinity };
  return { sign: s > 0 ? 1 : -1, log: Math.log(Math.abs(s)) + logScale };
}

/** Euler integral by tanh-sinh quadrature; requires c > b > 0 and 0 <= z < 1. */
function eulerIntegral(a: number, b: number, c: number, z: number, w: number): SignedLog {
  // t = (1 + tanh(π/2 sinh u)) / 2; integrate log-integrand with care at both ends.
  const logNorm = logGamma(c) - logGamma(b) - logGamma(c - b);
  const h = 1 / 64;
  const logs: number[] = [];
  for (let i = -6 * 64; i <= 6 * 64; i++) {
    const u = i * h;
    const q = (Math.PI / 2) * Math.sinh(u);
    // t and 1 - t computed without cancellation
    const e = Math.exp(-2 * Math.abs(q));
    const small = e / (1 + e); // the smaller of t, 1 - t
    const t = q >= 0 ? 1 - small : small;
    const omt = q >= 0 ? small : 1 - small;
    if (small <= 0) continue;
    const logW = Math.log(Math.PI / 2) + Math.log(Math.cosh(u)) + Math.log(small) + Math.log(1 - small) + Math.LN2; // dt/du = π/2 cosh u · 2 t(1−t)
    // 1 − z·t = (1 − t) + t·w, exact when z is within rounding of 1
    const logF = (b - 1) * Math.log(t) + (c - b - 1) * Math.log(omt) - a * (z > 0.5 ? Math.log(omt + t * w) : Math.log1p(-z * t));
    const v = logW + logF + Math.log(h);
    if (Number.isFinite(v)) logs.push(v);
  }
  let m = -Infinity;
  for (const v of logs) if (v > m) m = v;
  let s = 0;
  for (const v of logs) s += Math.exp(v - m);
  return { sign: 1, log: logNorm + m + Math.log(s) };
}

/**
 * log|2F1(a, b; c; z)| with its sign, for real a, b, c (c not 0 or a negative integer) and z < 1;
 * `w` is 1 − z (pass it when it is known more accurately than 1 − z, e.g. α/(α+t) for z = t/(α+t);
 * z may then round to 1). Throws ClienteleError `FIT_FAILED` if no method converges.
 */
export function hyp2f1SignedLog(a: number, b: number, c: number, z: number, w: number = 1 - z): SignedLog {
  if (!(w > 0) || !(z <= 1) || !Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || Number.isNaN(z)) {
    throw failure(`2F1(${a}, ${b}; ${c}; ${z}) (needs finite a, b, c and z < 1)`);
  }
  if (c <= 0 && Number.isInteger(c)) {
    throw failure(`2F1(${a}, ${b}; ${c}; ${z}) (c is 0 or a negative integer)`);
  }
  if (z === 0) return { sign: 1, log: 0 };
  if (z < 0) {
    // Pfaff: 2F1(a,b;c;z) = (1−z)^(−a) 2F1(a, c−b; c; z/(z−1))
    const w = z / (z - 1);
    const inner = hyp2f1SignedLog(a, c - b, c, w);
    return { sign: inner.sign, log: inner.log - a * Math.log1p(-z) };
  }
  const dd = c - a - b;
  const seriesTooLong = z >= 1 || -39 / Math.log(z) > MAX_TERMS / 2;
  const integerD = Math.abs(dd - Math.round(dd)) < 1e-6;
  if (w < 0.05 && (seriesTooLong || (c <= 0.5 && !integerD))) {
    // near z = 1 the series in 1 − z converges fast, while the power series would be too long, the
    // recurrence below is ill-conditioned and the Euler quadrature is poor for large b (integer
    // c − a − b with a feasible series goes the usual way: the extrapolation is good to ~1e-11 only)
    const near = oneMinusZ(a, b, c, w);
    if (near !== null) return near;
  }
  if (c <= 0.5) {
    // Downward contiguous recurrence in c:
    // (c−1)c(z−1)F(c−1) = −c[c−1−(2c−a−b−1)z]F(c) − (c−a)(c−b)z F(c+1), applied from c+m.
    let m = Math.ceil(1.5 - c);
    let cc = c + m;
    const f1 = hyp2f1SignedLog(a, b, cc, z, w); // F(cc)
    const f2 = hyp2f1SignedLog(a, b, cc + 1, z, w); // F(cc+1)
    // work in a common scale
    const L = Math.max(f1.log, f2.log);
    let v1 = f1.sign * Math.exp(f1.log - L);
    let v2 = f2.sign * Math.exp(f2.log - L);
    while (m > 0) {
      const ci = cc; // F(ci), F(ci+1) known, want F(ci−1)
      const v0 = (-ci * (ci - 1 - (2 * ci - a - b - 1) * z) * v1 - (ci - a) * (ci - b) * z * v2) / ((ci - 1) * ci * -w);
      v2 = v1;
      v1 = v0;
      cc -= 1;
      m--;
    }
    return v1 === 0 ? { sign: 0, log: -Infinity } : { sign: v1 > 0 ? 1 : -1, log: Math.log(Math.abs(v1)) + L };
  }
  // heavy buyers: a, b huge with c − a, c − b small. Euler's transformation
  // 2F1(a, b; c; z) = (1 − z)^(c−a−b)·2F1(c−a, c−b; c; z) sums a short series instead of one whose
  // terms first grow by a·b/c·z per step (millions of terms for counts in the millions)
  if (!seriesTooLong && c > 1 && Math.abs((a * b) / c) * z > 1e3 && Math.abs(c - a) < 20 && Math.abs(c - b) < 20) {
    const e = seriesScaled(c - a, c - b, c, z);
    if (e !== null) return { sign: e.sign, log: e.log + dd * Math.log(w) };
  }
  // the series needs about 39/|log z| terms once past its peak: skip it when that exceeds the budget
  const s = seriesTooLong ? null : seriesScaled(a, b, c, z);
  if (s !== null) return s;
  if (c > b && b > 0) return eulerIntegral(a, b, c, z, w);
  if (c > a && a > 0) return eulerIntegral(b, a, c, z, w);
  const viaOneMinusZ = oneMinusZ(a, b, c, w);
  if (viaOneMinusZ !== null) return viaOneMinusZ;
  throw failure(`2F1(${a}, ${b}; ${c}; 1 − ${w}) (no convergence by the power series, the Euler integral or the 1 − z transformation)`);
}

/** sign of Γ(x) for real x that is not 0 or a negative integer. */
function gammaSign(x: number): 1 | -1 {
  if (x > 0) return 1;
  return Math.ceil(-x) % 2 === 1 ? -1 : 1;
}

/**
 * Abramowitz & Stegun 15.3.6, for z close to 1 and c − a − b not an integer:
 * 2F1(a,b;c;z) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b))·2F1(a, b; a+b−c+1; 1−z)
 *              + (1−z)^(c−a−b)·Γ(c)Γ(a+b−c)/(Γ(a)Γ(b))·2F1(c−a, c−b; c−a−b+1; 1−z).
 */
function oneMinusZ(a: number, b: number, c: number, w: number): SignedLog | null {
  const d = c - a - b;
  if (Math.abs(d - Math.round(d)) >= 1e-6) return oneMinusZRaw(a, b, c, w);
  // integer c − a − b: Richardson extrapolation of the symmetric averages at c ± δ and c ± 2δ
  const delta = 1e-4;
  const parts = [c + delta, c - delta, c + 2 * delta, c - 2 * delta].map((cc) => oneMinusZRaw(a, b, cc, w));
  if (parts.some((v) => v === null)) return null;
  const vals = parts as SignedLog[];
  let m = -Infinity;
  for (const v of vals) if (v.log > m) m = v.log;
  const x = vals.map((v) => v.sign * Math.exp(v.log - m));
  const g1 = 0.5 * (x[0] + x[1]);
  const g2 = 0.5 * (x[2] + x[3]);
  const v = (4 * g1 - g2) / 3;
  if (v === 0 || !Number.isFinite(v)) return null;
  return { sign: v > 0 ? 1 : -1, log: m + Math.log(Math.abs(v)) };
}

function oneMinusZRaw(a: number, b: number, c: number, w: number): SignedLog | null {
  const d = c - a - b;
  const bad = (x: number) => x <= 0 && Number.isInteger(x);
  if ([c, d, -d, c - a, c - b, a, b, a + b - c + 1, d + 1].some(bad)) return null;
  const s1 = seriesScaled(a, b, a + b - c + 1, w);
  const s2 = seriesScaled(c - a, c - b, d + 1, w);
  if (s1 === null || s2 === null) return null;
  const l1 = logGamma(c) + logGamma(d) - logGamma(c - a) - logGamma(c - b) + s1.log;
  const sg1 = gammaSign(c) * gammaSign(d) * gammaSign(c - a) * gammaSign(c - b) * s1.sign;
  const l2 = d * Math.log(w) + logGamma(c) + logGamma(-d) - logGamma(a) - logGamma(b) + s2.log;
  const sg2 = gammaSign(c) * gammaSign(-d) * gammaSign(a) * gammaSign(b) * s2.sign;
  const m = Math.max(l1, l2);
  const v = sg1 * Math.exp(l1 - m) + sg2 * Math.exp(l2 - m);
  // more than ~7 of 16 digits cancelled (c − a − b close to an integer, or large a, b with w not small)
  if (!(Math.abs(v) > 1e-7) || !Number.isFinite(v)) return null;
  return { sign: v > 0 ? 1 : -1, log: m + Math.log(Math.abs(v)) };
}

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real a, b, c and z < 1
 * (may be ±Infinity when the true value exceeds the double range; use `hyp2f1SignedLog` then).
 */
export function hyp2f1(a: number, b: number, c: number, z: number, w: number = 1 - z): number {
  const v = hyp2f1SignedLog(a, b, c, z, w);
  return v.sign * Math.exp(v.log);
}
