import { ClienteleError, describeValue } from "./errors.js";

/**
 * A seeded pseudo-random generator: xoshiro128** (Blackman & Vigna, 2018) seeded
 * through SplitMix32. Only 32-bit integer arithmetic is used, so the stream is
 * identical on every JavaScript engine and platform.
 */
export interface Rng {
  /** The seed this generator was created with. */
  readonly seed: number;
  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform draw in the open interval (0, 1) with 32-bit resolution. */
  uniform(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal draw scaled to mean `mean` and standard deviation `sd`. */
  normal(mean?: number, sd?: number): number;
  /** Exponential draw with the given rate (mean 1 / rate). */
  exponential(rate?: number): number;
  /** Gamma draw with shape `shape` and scale `scale` (mean shape * scale). */
  gamma(shape: number, scale?: number): number;
  /** Beta(a, b) draw. */
  beta(a: number, b: number): number;
  /** Poisson draw with mean `lambda`. */
  poisson(lambda: number): number;
  /** Index drawn with probability proportional to `weights[i]` (non-negative, not all zero). */
  categorical(weights: ArrayLike<number>): number;
  /** Fisher-Yates shuffle of `array` in place; returns it. */
  shuffle<T>(array: T[]): T[];
  /** A new generator whose stream is derived from this one's next outputs. */
  fork(): Rng;
}

const INV_2_32 = 1 / 4294967296;

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [state, z >>> 0];
}

class Xoshiro128 implements Rng {
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    this.seed = seed;
    // Seeds may be any safe integer. Low 32 bits as they are (so every seed in [0, 2^32)
    // keeps its stream), high bits through MurmurHash3's fmix32 (a nonlinear bijection with
    // fmix32(0) = 0), so -1 and 0, or 1 and 2^32 + 1, get different streams.
    const hi = Math.floor(seed / 4294967296);
    const lo = seed - hi * 4294967296;
    let h = hi | 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    let st = (lo | 0) ^ h;
    let v: number;
    [st, v] = splitmix32(st);
    this.s0 = v;
    [st, v] = splitmix32(st);
    this.s1 = v;
    [st, v] = splitmix32(st);
    this.s2 = v;
    [st, v] = splitmix32(st);
    this.s3 = v;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  uniform(): number {
    return (this.nextUint32() + 0.5) * INV_2_32;
  }

  int(n: number): number {
    if (!(n >= 1 && n <= 4294967296 && Number.isInteger(n))) badArg("int", "n", n, "an integer in [1, 2^32]");
    return Math.floor(this.uniform() * n);
  }

  normal(mean = 0, sd = 1): number {
    if (!Number.isFinite(mean)) badArg("normal", "mean", mean, "a finite number");
    if (!(sd >= 0 && sd < Infinity)) badArg("normal", "sd", sd, "a finite number >= 0");
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sd * this.spare;
    }
    // Marsaglia polar method.
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return mean + sd * u * m;
  }

  exponential(rate = 1): number {
    if (!(rate > 0 && rate < Infinity)) badArg("exponential", "rate", rate, "a finite number > 0");
    return -Math.log(this.uniform()) / rate;
  }

  gamma(shape: number, scale = 1): number {
    if (!(shape > 0 && shape < Infinity)) badArg("gamma", "shape", shape, "a finite number > 0");
    if (!(scale > 0 && scale < Infinity)) badArg("gamma", "scale", scale, "a finite number > 0");
    // Marsaglia & Tsang (2000); shape < 1 boosted by U^(1/shape).
    if (shape < 1) {
      const g = this.gamma(shape + 1, 1);
      return g * Math.pow(this.uniform(), 1 / shape) * scale;
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v * scale;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  beta(a: number, b: number): number {
    if (!(a > 0 && a < Infinity)) badArg("beta", "a", a, "a finite number > 0");
    if (!(b > 0 && b < Infinity)) badArg("beta", "b", b, "a finite number > 0");
    const x = this.gamma(a, 1);
    const y = this.gamma(b, 1);
    const s = x + y;
    // Both shapes tiny can underflow both draws to 0: fall back to the limiting Bernoulli.
    if (s === 0) return this.uniform() < a / (a + b) ? 1 : 0;
    return x / s;
  }

  poisson(lambda: number): number {
    if (!(lambda >= 0 && lambda < 1e15)) badArg("poisson", "lambda", lambda, "a finite number in [0, 1e15)");
    if (lambda === 0) return 0;
    if (lambda < 30) {
      // Knuth: multiply uniforms until below e^-lambda.
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    // PTRS, Hörmann (1993), "The transformed rejection method for generating Poisson random variables".
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) {
        return k;
      }
    }
  }

  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    if (weights === null || typeof weights !== "object" || !(weights.length > 0)) badArg("categorical", "weights", weights, "a non-empty array of weights");
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0 && w < Infinity)) badArg("categorical", `weights[${i}]`, w, "a finite number >= 0");
      total += w;
    }
    if (!(total > 0 && total < Infinity)) badArg("categorical", "weights", total, "weights with a positive, finite sum");
    let r = this.uniform() * total;
    const last = weights.length - 1;
    for (let i = 0; i < last; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return last;
  }

  shuffle<T>(array: T[]): T[] {
    if (!Array.isArray(array)) badArg("shuffle", "array", array, "an array");
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  fork(): Rng {
    return new Xoshiro128((this.nextUint32() ^ Math.imul(this.nextUint32(), 0x9e3779b1)) >>> 0);
  }
}

function badArg(method: string, name: string, value: unknown, expected: string): never {
  throw new ClienteleError({
    code: "INVALID_INPUT",
    path: [name],
    received: value,
    message: `Rng.${method}: ${name} must be ${expected}. Got ${describeValue(value)}.`,
  });
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const LOG_FACT_TABLE: number[] = [0];
function logFactorial(k: number): number {
  if (k < 256) {
    while (LOG_FACT_TABLE.length <= k) {
      const n = LOG_FACT_TABLE.length;
      LOG_FACT_TABLE.push(LOG_FACT_TABLE[n - 1] + Math.log(n));
    }
    return LOG_FACT_TABLE[k];
  }
  // Stirling series for large k.
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/**
 * Creates a seeded random generator (xoshiro128** seeded by SplitMix32). The same seed
 * gives the same stream on every platform. Functions that take an `rng` option use
 * `createRng(0)` when none is given, so two calls agree.
 *
 * @param seed - any finite integer (default 0)
 * @throws ClienteleError `INVALID_INPUT` when the seed is not a safe integer (1e308 would otherwise alias seed 0)
 * @see Blackman & Vigna (2018), "Scrambled linear pseudorandom number generators"
 * @example
 * import { createRng } from "clientele";
 * const rng = createRng(42);
 * rng.uniform(); // => 0.6606157227652147 (always the same for seed 42)
 * rng.gamma(2, 1.5);
 */
export function createRng(seed = 0): Rng {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["seed"],
      received: seed,
      message: `createRng: seed must be an integer between -(2^53 - 1) and 2^53 - 1 (a safe integer). Got ${describeValue(seed)}. Pass e.g. createRng(42); for a larger or text seed, hash it to a 32-bit integer first.`,
    });
  }
  return new Xoshiro128(seed);
}

/**
 * True when `value` looks like a generator made by {@link createRng} (has `uniform` and
 * `nextUint32`); used to validate `rng` options.
 *
 * @example
 * import { createRng, isRng } from "clientele";
 * isRng(createRng(1)); // => true
 * isRng(Math); // => false
 */
export function isRng(value: unknown): value is Rng {
  return typeof value === "object" && value !== null && typeof (value as Rng).uniform === "function" && typeof (value as Rng).nextUint32 === "function";
}
