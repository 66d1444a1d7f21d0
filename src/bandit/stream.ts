// The random stream a bandit state carries: the four 32-bit words of a xoshiro128** generator
// (Blackman & Vigna, 2018), stored as plain numbers in the JSON state so that a server that
// loads the state, calls `chooseArm` and saves it again continues one stream instead of
// restarting a fixed one on every request. Seeded exactly as core's `createRng(seed)`, so a
// fresh state's stream IS the stream of `createRng(seed)`. Internal.

import { ClienteleError, describeValue } from "../core/errors.js";
import type { Rng } from "../core/rng.js";

/** The draws the bandit samplers use: a subset of core's `Rng`. */
export type Draws = Pick<Rng, "nextUint32" | "uniform" | "int">;

const INV_2_32 = 1 / 4294967296;

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [state, z >>> 0];
}

/** The four state words of `createRng(seed)` before its first draw (same seeding as core/rng.ts). */
export function streamFromSeed(seed: number): number[] {
  const hi = Math.floor(seed / 4294967296);
  const lo = seed - hi * 4294967296;
  let h = hi | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  let st = (lo | 0) ^ h;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    let v: number;
    [st, v] = splitmix32(st);
    words.push(v);
  }
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
  return words;
}

/** True when `w` is a valid stream: four integers in [0, 2^32), not all zero. */
export function isStream(w: unknown): w is number[] {
  if (!Array.isArray(w) || w.length !== 4) return false;
  let any = 0;
  for (let i = 0; i < 4; i++) {
    const v = w[i];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 4294967295) return false;
    any |= v;
  }
  return any !== 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * xoshiro128** over a state's stream words: same outputs as core's Rng for the same words.
 * The step (and `rotl`) repeat those of src/core/rng.ts on purpose: core's generator keeps its
 * state private, and a bandit decision must load its four words from the plain-JSON state and
 * store them back without allocating. Sharing one step needs core/rng.ts to export it (a core
 * change, not made in the split); until then the two copies must stay identical.
 */
export class StreamDraws implements Draws {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(words: readonly number[]) {
    this.s0 = words[0] | 0;
    this.s1 = words[1] | 0;
    this.s2 = words[2] | 0;
    this.s3 = words[3] | 0;
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
    return Math.floor(this.uniform() * n);
  }

  /** Restarts from `words` (so one instance can serve many states without allocating). */
  load(words: readonly number[]): void {
    this.s0 = words[0] | 0;
    this.s1 = words[1] | 0;
    this.s2 = words[2] | 0;
    this.s3 = words[3] | 0;
  }

  /** Writes the advanced state back into `words` (as unsigned 32-bit integers). */
  store(words: number[]): void {
    words[0] = this.s0 >>> 0;
    words[1] = this.s1 >>> 0;
    words[2] = this.s2 >>> 0;
    words[3] = this.s3 >>> 0;
  }
}

/**
 * The state's stream, ready to be advanced in place: throws `INVALID_MODEL` when it is not four
 * 32-bit words, `INVALID_INPUT` when it is frozen (it could not advance, so every call would
 * repeat the same draws). A state without a stream (saved before streams existed) gets the
 * stream of seed 0.
 */
export function writableStream(state: { stream?: unknown }, fn: string): number[] {
  if (state.stream === undefined && Object.isExtensible(state)) {
    Object.defineProperty(state, "stream", { value: streamFromSeed(0), enumerable: true, writable: true, configurable: true });
  }
  const w = state.stream;
  if (w === undefined) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["state", "stream"],
      message: `${fn}: the state is frozen and has no random stream (it was saved before streams existed), so every call would repeat the same draws. Pass { rng: createRng(seed) } or load the state with banditFromJSON first.`,
    });
  }
  if (!isStream(w)) {
    throw new ClienteleError({
      code: "INVALID_MODEL",
      path: ["state", "stream"],
      received: w,
      message: `${fn}: state.stream must be four integers in [0, 2^32), not all 0 (the bandit's random stream). Got ${describeValue(w)}. Re-create the stream with createBandit({ seed }) or load the state through banditFromJSON.`,
    });
  }
  if (Object.isFrozen(w)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["state", "stream"],
      message: `${fn}: the state is frozen, so its random stream (state.stream) cannot advance and every call would repeat the same draws. Pass { rng: createRng(seed) } (one generator, kept across calls) or an unfrozen copy of the state.`,
    });
  }
  return w;
}
