// Pinned Math for test/browser: pure-arithmetic implementations of the Math functions whose
// results ECMAScript leaves to the engine (exp, log, log1p, expm1, log2, pow, tanh, sinh, cosh,
// atanh, sin). They use only + - * / and exact operations (Math.round, Math.abs, bit
// extraction), which IEEE 754 fixes, so they return the same double in every engine. Accuracy
// is a few ulps, enough for the library's fits to behave normally; they exist only so that the
// test can run the same workload in Node and in Chromium with identical Math and require the
// results to be equal bit for bit, showing that the remaining Node-vs-Chromium differences of
// the unpinned run come from the engines' Math and nowhere else. Never used by the library.

const LN2 = 0.6931471805599453;
const LN2_HI = 6.9314718036912381649e-1; // trailing zero bits: k * LN2_HI is exact for |k| < 2^20
const LN2_LO = 1.90821492927058770002e-10;
const SQRT2 = 1.4142135623730951;
const view = new DataView(new ArrayBuffer(8));
const native = { pow: Math.pow };

/** 2^k for an integer k in [-1022, 1023] (a normal double, built from its bits). */
function pow2n(k) {
  view.setUint32(0, ((k + 1023) << 20) >>> 0);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}
/** x * 2^k for any integer k (two or three exact scalings). */
function scale(x, k) {
  while (k > 1023) {
    x *= pow2n(1023);
    k -= 1023;
  }
  while (k < -1022) {
    x *= pow2n(-1022);
    k += 1022;
  }
  return x * pow2n(k);
}

export function exp(x) {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.8) return Infinity;
  if (x < -745.2) return 0;
  const k = Math.round(x / LN2);
  const r = x - k * LN2_HI - k * LN2_LO; // |r| <= 0.35
  let s = 1;
  for (let n = 20; n >= 1; n--) s = 1 + (r / n) * s;
  return scale(s, k);
}

export function log(x) {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54
    e = -54;
  }
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  e += ((hi >>> 20) & 0x7ff) - 1023;
  view.setUint32(0, (hi & 0x800fffff) | (1023 << 20));
  let m = view.getFloat64(0); // [1, 2)
  if (m > SQRT2) {
    m /= 2;
    e++;
  }
  const f = (m - 1) / (m + 1);
  const f2 = f * f;
  let s = 0;
  for (let j = 16; j >= 0; j--) s = 1 / (2 * j + 1) + f2 * s;
  return e * LN2_HI + (e * LN2_LO + 2 * f * s);
}

export function log1p(x) {
  if (Number.isNaN(x) || x < -1) return NaN;
  if (x === -1) return -Infinity;
  if (Math.abs(x) < 1e-4) return x * (1 - x * (1 / 2 - x * (1 / 3 - x * (1 / 4 - x / 5))));
  const u = 1 + x;
  return log(u) - (u - 1 - x) / u;
}

export function expm1(x) {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) < 0.5) {
    let s = 1;
    for (let n = 22; n >= 2; n--) s = 1 + (x / n) * s;
    return x * s;
  }
  if (x < -40) return -1;
  return exp(x) - 1;
}

export function log2(x) {
  if (x > 0 && x < Infinity) {
    view.setFloat64(0, x);
    const hi = view.getUint32(0);
    const ex = (hi >>> 20) & 0x7ff;
    if (ex > 0 && (hi & 0xfffff) === 0 && view.getUint32(4) === 0) return ex - 1023; // an exact power of two
  }
  return log(x) / LN2;
}

export function pow(x, y) {
  // special values (NaN, infinities, zeros, y = 0) are exact in every engine: defer to it
  if (!Number.isFinite(x) || !Number.isFinite(y) || x === 0 || y === 0 || x === 1) return native.pow(x, y);
  let sign = 1;
  if (x < 0) {
    if (!Number.isInteger(y)) return NaN;
    if (Math.abs(y % 2) === 1) sign = -1;
    x = -x;
  }
  if (Number.isInteger(y) && Math.abs(y) <= 64) {
    let n = Math.abs(y);
    let b = x;
    let r = 1;
    while (n > 0) {
      if (n % 2 === 1) r *= b;
      b *= b;
      n = Math.floor(n / 2);
    }
    return sign * (y < 0 ? 1 / r : r);
  }
  return sign * exp(y * log(x));
}

export function tanh(x) {
  if (Number.isNaN(x)) return NaN;
  if (x > 22) return 1;
  if (x < -22) return -1;
  const t = expm1(2 * x);
  return t / (t + 2);
}
export function sinh(x) {
  if (Math.abs(x) < 1) {
    const t = expm1(Math.abs(x));
    return (x < 0 ? -1 : 1) * ((t + t / (t + 1)) / 2);
  }
  return (exp(x) - exp(-x)) / 2;
}
export function cosh(x) {
  return (exp(x) + exp(-x)) / 2;
}
export function atanh(x) {
  return 0.5 * log1p((2 * x) / (1 - x));
}
export function sin(x) {
  if (!Number.isFinite(x)) return NaN;
  const TWO_PI_HI = 6.283185307179586232;
  const TWO_PI_LO = 2.44929359829470635445e-16;
  const k = Math.round(x / TWO_PI_HI);
  const r = x - k * TWO_PI_HI - k * TWO_PI_LO; // [-pi, pi]
  const r2 = r * r;
  let s = 1;
  for (let n = 30; n >= 2; n -= 2) s = 1 - (r2 / (n * (n + 1))) * s;
  return r * s;
}

const PINNED = { exp, log, log1p, expm1, log2, pow, tanh, sinh, cosh, atanh, sin };

/** Replaces those Math functions with the pinned ones; returns a function that restores them. */
export function pinMath(M = Math) {
  const saved = {};
  for (const [k, f] of Object.entries(PINNED)) {
    saved[k] = M[k];
    M[k] = f;
  }
  return () => Object.assign(M, saved);
}
