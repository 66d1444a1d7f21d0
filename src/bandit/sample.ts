import type { Draws as Rng } from "./stream.js";

// Fast, allocation-free samplers for the bandit hot path. They draw only from the
// caller's Rng (`nextUint32` / `uniform`), so a seeded Rng gives the same stream of
// choices on every platform. Internal: not exported from the package.

const ZIG_LAYERS = 128;
let KN: Float64Array | null = null;
let WN: Float64Array | null = null;
let FN: Float64Array | null = null;
let OUT: Float64Array | null = null; // return slot of gammaInto

/**
 * Builds the 128-layer ziggurat tables of Marsaglia & Tsang (2000), "The Ziggurat
 * Method for Generating Random Variables", J. Stat. Software 5(8). Built lazily on the
 * first normal draw so importing the module runs no code. The layer index uses the
 * low 7 bits of a 32-bit draw and the value the high 25 bits (signed), so the two are
 * independent (Doornik, 2005, noted the overlap in the original).
 */
function initZiggurat(): void {
  const kn = new Float64Array(ZIG_LAYERS);
  const wn = new Float64Array(ZIG_LAYERS);
  const fn = new Float64Array(ZIG_LAYERS);
  const m1 = 16777216; // 2^24: |value| < 2^24 after the signed shift by 7
  let dn = 3.442619855899;
  let tn = dn;
  const vn = 9.91256303526217e-3;
  const q = vn / Math.exp(-0.5 * dn * dn);
  kn[0] = (dn / q) * m1;
  kn[1] = 0;
  wn[0] = q / m1;
  wn[ZIG_LAYERS - 1] = dn / m1;
  fn[0] = 1;
  fn[ZIG_LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = ZIG_LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = (dn / tn) * m1;
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
  KN = kn;
  WN = wn;
  FN = fn;
  OUT = new Float64Array(1);
}

const INV_2_32 = 1 / 4294967296;
const ONE_THIRD = 1 / 3;

/**
 * Gamma(shape, 1) draw: Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", ACM TOMS 26(3), with the ziggurat normal inlined and shape < 1 boosted by
 * U^(1/shape). About two 32-bit draws per sample.
 */
export function fastGamma(rng: Rng, shape: number): number {
  gammaInto(rng, shape);
  return (OUT as Float64Array)[0];
}

/**
 * Writes a Gamma(shape, 1) draw to OUT[0]. Returning a double from a function V8 does not
 * inline boxes it in a new heap number; writing it to a typed array does not, which keeps
 * the Thompson hot path free of garbage.
 */
function gammaInto(rng: Rng, shape: number): void {
  if (KN === null) initZiggurat();
  const out = OUT as Float64Array;
  const kn = KN as Float64Array;
  const wn = WN as Float64Array;
  const small = shape < 1; // draw Gamma(shape + 1), then multiply by U^(1/shape)
  const d = (small ? shape + 1 : shape) - ONE_THIRD;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const bits = rng.nextUint32();
    const iz = bits & 127;
    const hz = (bits | 0) >> 7;
    let x = hz * wn[iz];
    if (!(Math.abs(hz) < kn[iz])) {
      x = normalTail(rng, hz, iz);
      if (x !== x) continue;
    }
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = (rng.nextUint32() + 0.5) * INV_2_32;
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
      out[0] = small ? d * v * Math.pow(rng.uniform(), 1 / shape) : d * v;
      return;
    }
  }
}

/** Standard normal draw by the ziggurat method (about one 32-bit draw per sample). */
export function fastNormal(rng: Rng): number {
  if (KN === null) initZiggurat();
  const kn = KN as Float64Array;
  const wn = WN as Float64Array;
  for (;;) {
    const u = rng.nextUint32();
    const iz = u & 127;
    const hz = (u | 0) >> 7;
    if (Math.abs(hz) < kn[iz]) return hz * wn[iz];
    const x = normalTail(rng, hz, iz);
    if (x === x) return x; // NaN signals "rejected, draw again"
  }
}

function normalTail(rng: Rng, hz: number, iz: number): number {
  const wn = WN as Float64Array;
  const fn = FN as Float64Array;
  const r = 3.442619855899;
  if (iz === 0) {
    let x: number, y: number;
    do {
      x = -Math.log(rng.uniform()) / r;
      y = -Math.log(rng.uniform());
    } while (y + y < x * x);
    return hz > 0 ? r + x : -r - x;
  }
  const x = hz * wn[iz];
  if (fn[iz] + rng.uniform() * (fn[iz - 1] - fn[iz]) < Math.exp(-0.5 * x * x)) return x;
  return NaN;
}

/**
 * Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). (Cheng's 1978
 * algorithm BB was measured slower here: its log and exp cost more than two ziggurat
 * normals.)
 */
export function fastBeta(rng: Rng, a: number, b: number): number {
  gammaInto(rng, a);
  const out = OUT as Float64Array;
  const x = out[0];
  gammaInto(rng, b);
  const y = out[0];
  const s = x + y;
  // Both shapes tiny can underflow both draws to 0: fall back to the limiting Bernoulli.
  if (s === 0) return rng.uniform() < a / (a + b) ? 1 : 0;
  return x / s;
}
