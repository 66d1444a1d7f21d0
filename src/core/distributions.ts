// Distribution functions for the statistics capabilities: regularized incomplete beta and
// gamma, Student t, chi-square, and quadrature helpers. Pure, allocation-free, no I/O.
import { logBeta, logGamma, normalCdf, normalQuantile } from "./numeric.js";

const EPS = 1e-15;
const TINY = 1e-300;

/** Continued fraction for the incomplete beta (modified Lentz; Numerical Recipes §6.4). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) for a, b > 0 and x in [0, 1]. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbt = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lbt) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lbt) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Regularized lower incomplete gamma P(a, x) for a > 0, x ≥ 0. */
export function incompleteGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    // Series.
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < 100000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  return 1 - incompleteGammaQcf(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x). */
export function incompleteGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) return 1 - incompleteGammaP(a, x);
  return incompleteGammaQcf(a, x);
}

function incompleteGammaQcf(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Student t CDF with `df` > 0 degrees of freedom (df = Infinity gives the normal). */
export function studentTCdf(t: number, df: number): number {
  if (!Number.isFinite(df)) return normalCdf(t);
  const x = df / (df + t * t);
  const tail = 0.5 * incompleteBeta(x, df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/**
 * Student t quantile (inverse CDF): a bracket by doubling, then Newton steps on the CDF that
 * fall back to bisection whenever a step leaves the bracket (safeguarded Newton). Upper half
 * by symmetry (1 − p is exact for p ≥ 0.5).
 */
export function studentTQuantile(p: number, df: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p === 0.5) return 0;
  if (!Number.isFinite(df)) return normalQuantile(p);
  if (p > 0.5) return -studentTQuantile(1 - p, df);
  const logNorm = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  const pdf = (t: number) => Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
  // Cornish–Fisher start from the normal quantile; the bracket makes any start safe.
  const z = normalQuantile(p);
  const x0 = z + (z * z * z + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
  let lo = Math.min(-1, x0);
  while (studentTCdf(lo, df) > p) lo *= 2;
  return invertCdf((t) => studentTCdf(t, df), pdf, p, lo, 0, Math.max(lo, Math.min(0, x0)));
}

/**
 * Root of cdf(x) = p on [lo, hi] (cdf(lo) ≤ p ≤ cdf(hi)) by safeguarded Newton: a Newton
 * step from x when it stays inside the bracket, otherwise the midpoint; stops when the step
 * is below 1e-15 relative. Internal.
 */
export function invertCdf(cdf: (x: number) => number, pdf: (x: number) => number, p: number, lo: number, hi: number, x0: number): number {
  let x = x0 > lo && x0 < hi ? x0 : 0.5 * (lo + hi);
  for (let i = 0; i < 200; i++) {
    const f = cdf(x) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const d = pdf(x);
    let next = d > 0 ? x - f / d : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const step = Math.abs(next - x);
    x = next;
    if (step <= 1e-15 * Math.abs(x) || hi - lo <= 1e-15 * Math.max(Math.abs(lo), Math.abs(hi)) || step === 0) break;
  }
  return x;
}

/** Chi-square upper tail P(X > x) with `df` degrees of freedom. */
export function chiSquareSf(x: number, df: number): number {
  if (x === Infinity) return 0;
  return incompleteGammaQ(df / 2, x / 2);
}

/** Log-density of Beta(a, b) at x in (0, 1). */
export function betaLogPdf(x: number, a: number, b: number): number {
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b);
}

// 20-point Gauss–Legendre nodes and weights on [-1, 1].
const GL_X = [
  -0.9931285991850949, -0.9639719272779138, -0.9122344282513259, -0.8391169718222188, -0.7463319064601508, -0.636053680726515, -0.5108670019508271,
  -0.37370608871541955, -0.2277858511416451, -0.07652652113349734, 0.07652652113349734, 0.2277858511416451, 0.37370608871541955, 0.5108670019508271,
  0.636053680726515, 0.7463319064601508, 0.8391169718222188, 0.9122344282513259, 0.9639719272779138, 0.9931285991850949,
];
const GL_W = [
  0.017614007139152118, 0.04060142980038694, 0.06267204833410907, 0.08327674157670475, 0.10193011981724044, 0.11819453196151841, 0.13168863844917664,
  0.14209610931838204, 0.14917298647260374, 0.15275338713072584, 0.15275338713072584, 0.14917298647260374, 0.14209610931838204, 0.13168863844917664,
  0.11819453196151841, 0.10193011981724044, 0.08327674157670475, 0.06267204833410907, 0.04060142980038694, 0.017614007139152118,
];

/** ∫_a^b f(x) dx by composite 20-point Gauss–Legendre over `panels` equal panels. */
export function integrate(f: (x: number) => number, a: number, b: number, panels = 64): number {
  const h = (b - a) / panels;
  let total = 0;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h;
    const half = 0.5 * h;
    let s = 0;
    for (let i = 0; i < 20; i++) s += GL_W[i] * f(mid + half * GL_X[i]);
    total += s * half;
  }
  return total;
}

/** Two integrals of a vector-valued integrand at once (same nodes as {@link integrate}). */
export function integrate2(f: (x: number) => [number, number], a: number, b: number, panels = 64): [number, number] {
  const h = (b - a) / panels;
  let t0 = 0;
  let t1 = 0;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h;
    const half = 0.5 * h;
    let s0 = 0;
    let s1 = 0;
    for (let i = 0; i < 20; i++) {
      const [v0, v1] = f(mid + half * GL_X[i]);
      s0 += GL_W[i] * v0;
      s1 += GL_W[i] * v1;
    }
    t0 += s0 * half;
    t1 += s1 * half;
  }
  return [t0, t1];
}
