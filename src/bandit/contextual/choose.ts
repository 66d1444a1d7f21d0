// Decisions of a contextual bandit: per-arm ridge means and standard deviations for a context,
// the policy's choice, and the probability with which that choice was made (the propensity to log).

import { ClienteleError, describeValue } from "../../core/errors.js";
import { createRng, isRng, type Rng } from "../../core/rng.js";
import { rejectUnknownKeys } from "../../core/validate.js";
import { fastNormal } from "../sample.js";
import { StreamDraws, writableStream, type Draws } from "../stream.js";
import { segmentOption } from "../state.js";
import { CTX, readContext, type ContextInput } from "./context.js";
import { armProducts, cholesky, probabilityMaxNormal } from "./linalg.js";
import { greedyChoice, greedyProbabilities, sampleIndex, softmaxProbabilities } from "./scores.js";
import { checkConfig, validateContextual, type ContextualBanditState, type LinearStatistics } from "./state.js";

/** Options of `chooseContextualArm`. */
export interface ChooseContextualArmOptions {
  /** Random generator (default: the state's own stream, advanced in place). */
  rng?: Rng;
  /** Segment id: its own models once it has `minObservations` observations, the pooled ones before. */
  segment?: string | number;
  /** Thompson sampling with shared / hybrid models: Monte Carlo draws for the propensity (default 1000). */
  draws?: number;
}

/** Options of `actionProbabilities` and `contextualScores`. */
export interface ActionProbabilitiesOptions {
  /** Segment id (as in `chooseContextualArm`). */
  segment?: string | number;
  /** Thompson sampling with shared / hybrid models: Monte Carlo draws (default 1000). */
  draws?: number;
}

/** How a propensity was computed. */
export type PropensityMethod = "exact" | "quadrature" | "monte-carlo";

/** A contextual decision: the arm and the probability with which the policy chose it. */
export interface ContextualChoice {
  /** Arm name. */
  arm: string;
  /** Arm index. */
  index: number;
  /** Probability that the policy chooses this arm for this context: log it as the propensity. */
  probability: number;
  /**
   * "exact" (LinUCB ties split evenly, epsilon-greedy, softmax), "quadrature" (Thompson sampling
   * with disjoint models: the one-dimensional integral over independent normal scores by
   * Gauss-Legendre, within 5e-12 of a fine reference in the tests) or "monte-carlo" (Thompson
   * sampling with shared weights: `draws` fixed-seed draws, smoothed by add-one-half so no arm gets 0).
   */
  method: PropensityMethod;
}

/** Per-arm ridge estimates for one context. */
export interface ContextualScores {
  /** Arm names. */
  arms: string[];
  /** Ridge (posterior mean) estimate of each arm's expected reward. */
  mean: number[];
  /** Standard deviation of that estimate in units of the noise: sqrt(x^T A^-1 x) (plus the shared part). */
  sd: number[];
  /** The score the policy maximizes: mean + alpha sd for LinUCB, the mean otherwise. */
  score: number[];
}

/** Scratch buffers (calls never nest). */
const BUF = {
  mean: new Float64Array(8),
  sd: new Float64Array(8),
  su: new Float64Array(8),
  h: new Float64Array(32),
  u: new Float64Array(16),
  beta: new Float64Array(8),
  t: new Float64Array(8),
  p: new Float64Array(8),
  idx: new Int32Array(8),
  on: [] as boolean[],
  shift: new Float64Array(8),
  e: new Float64Array(8),
};

function grow(K: number, d: number, k: number): void {
  if (BUF.mean.length < K) {
    BUF.mean = new Float64Array(K);
    BUF.sd = new Float64Array(K);
    BUF.su = new Float64Array(K);
    BUF.t = new Float64Array(K);
    BUF.p = new Float64Array(K);
    BUF.idx = new Int32Array(K);
  }
  if (BUF.h.length < K * k) BUF.h = new Float64Array(K * k);
  if (BUF.u.length < d) BUF.u = new Float64Array(d);
  if (BUF.beta.length < k) {
    BUF.beta = new Float64Array(k);
    BUF.shift = new Float64Array(k);
    BUF.e = new Float64Array(k);
  }
  while (BUF.on.length < K) BUF.on.push(true);
}

/** Segment key from options; the block used (segment's once it has minObservations observations). */
export function blockForSegment(state: ContextualBanditState, segment: unknown, fn: string): LinearStatistics {
  const key = segmentOption(segment, fn);
  if (key !== undefined && Object.hasOwn(state.segments, key)) {
    const s = state.segments[key];
    let t = 0;
    const plays = (s as { plays?: unknown }).plays;
    if (Array.isArray(plays)) for (let j = 0; j < plays.length; j++) t += plays[j] as number;
    if (t >= state.minObservations) return s;
  }
  return state.pooled;
}

/**
 * Fills BUF.mean, BUF.sd (total sd, noise units), BUF.su (the per-arm part's sd) and BUF.h
 * (z_a - B_a^T A_a^-1 x) for the context in CTX. Returns false when the block's values are
 * not usable (the caller then runs the full checks, which throw).
 */
export function computeScores(state: ContextualBanditState, s: LinearStatistics, _fn: string): boolean {
  const K = state.arms.length;
  const d = state.dimension;
  const k = state.sharedDimension;
  grow(K, d, k);
  const x = CTX.x;
  const z = CTX.z;
  const { mean, sd, su, h, u, beta } = BUF;
  const sh = s.shared;
  if (k > 0) {
    if (typeof sh !== "object" || sh === null || !Array.isArray(sh.Ainv) || sh.Ainv.length !== k * k || !Array.isArray(sh.b) || sh.b.length !== k) return false;
    const A0i = sh.Ainv;
    const b0 = sh.b;
    for (let i = 0; i < k; i++) {
      let v = 0;
      for (let j = 0; j < k; j++) v += A0i[i * k + j] * b0[j];
      beta[i] = v;
    }
  }
  const Ainvs = s.Ainv;
  const bs = s.b;
  const Bs = s.B;
  if (d > 0 && (!Array.isArray(Ainvs) || Ainvs.length !== K || !Array.isArray(bs) || bs.length !== K)) return false;
  if (k === 0) return disjointScores(s, K, d, x, mean, sd, su);
  if (state.model === "hybrid" && (!Array.isArray(Bs) || Bs.length !== K)) return false;
  for (let a = 0; a < K; a++) {
    let m = 0;
    let q = 0;
    if (d > 0) {
      const Ai = Ainvs[a];
      const b = bs[a];
      if (!Array.isArray(Ai) || Ai.length !== d * d || !Array.isArray(b) || b.length !== d) return false;
      armProducts(Ai, x, u, d);
      for (let i = 0; i < d; i++) {
        const v = u[i];
        m += v * b[i];
        q += v * x[i];
      }
    }
    su[a] = Math.sqrt(q > 0 ? q : 0);
    if (k > 0) {
      const A0i = (sh as { Ainv: number[] }).Ainv;
      const B = Bs === null ? null : Bs[a];
      if (B !== null && (!Array.isArray(B) || B.length !== d * k)) return false;
      const off = a * k;
      for (let c = 0; c < k; c++) {
        let g = 0;
        if (B !== null) for (let i = 0; i < d; i++) g += B[i * k + c] * u[i];
        h[off + c] = z[off + c] - g;
      }
      for (let i = 0; i < k; i++) {
        const hi = h[off + i];
        m += hi * beta[i];
        let v = 0;
        for (let j = 0; j < k; j++) v += A0i[i * k + j] * h[off + j];
        q += hi * v;
      }
    }
    if (!Number.isFinite(m) || !(q >= -1e-9 * (1 + Math.abs(q)) && q < Infinity)) return false;
    mean[a] = m;
    sd[a] = Math.sqrt(q > 0 ? q : 0);
  }
  return true;
}

/**
 * Disjoint models: mean_a = x . theta_a and q_a = x^T A_a^-1 x over the upper triangle of the
 * symmetric inverse (d (d + 1) / 2 multiply-adds per arm instead of d^2 + d for A^-1 x).
 */
function disjointScores(s: LinearStatistics, K: number, d: number, x: Float64Array, mean: Float64Array, sd: Float64Array, su: Float64Array): boolean {
  const thetas = s.theta;
  if (!Array.isArray(thetas) || thetas.length !== K) return false;
  for (let a = 0; a < K; a++) {
    const Ai = s.Ainv[a];
    const th = thetas[a];
    if (!Array.isArray(Ai) || Ai.length !== d * d || !Array.isArray(th) || th.length !== d) return false;
    let m = 0;
    let q = 0;
    for (let i = 0; i < d; i++) m += th[i] * x[i];
    // four rows at a time: four independent sums per pass (1.8x faster than one row at a time)
    let i = 0;
    for (; i + 3 < d; i += 4) {
      const x0 = x[i];
      const x1 = x[i + 1];
      const x2 = x[i + 2];
      const x3 = x[i + 3];
      const r0 = i * d;
      const r1 = r0 + d;
      const r2 = r1 + d;
      const r3 = r2 + d;
      let s0 = Ai[r0 + i + 1] * x1 + Ai[r0 + i + 2] * x2 + Ai[r0 + i + 3] * x3;
      let s1 = Ai[r1 + i + 2] * x2 + Ai[r1 + i + 3] * x3;
      let s2 = Ai[r2 + i + 3] * x3;
      let s3 = 0;
      for (let j = i + 4; j < d; j++) {
        const xj = x[j];
        s0 += Ai[r0 + j] * xj;
        s1 += Ai[r1 + j] * xj;
        s2 += Ai[r2 + j] * xj;
        s3 += Ai[r3 + j] * xj;
      }
      q += x0 * (Ai[r0 + i] * x0 + 2 * s0) + x1 * (Ai[r1 + i + 1] * x1 + 2 * s1) + x2 * (Ai[r2 + i + 2] * x2 + 2 * s2) + x3 * (Ai[r3 + i + 3] * x3 + 2 * s3);
    }
    for (; i < d; i++) {
      const xi = x[i];
      const row = i * d;
      let t = 0;
      for (let j = i + 1; j < d; j++) t += Ai[row + j] * x[j];
      q += xi * (Ai[row + i] * xi + 2 * t);
    }
    if (!Number.isFinite(m) || !(q >= -1e-9 * (1 + Math.abs(q)) && q < Infinity)) return false;
    mean[a] = m;
    const r = Math.sqrt(q > 0 ? q : 0);
    sd[a] = r;
    su[a] = r;
  }
  return true;
}

/** Scores for CTX on the block, with the full checks when the fast pass finds a problem. */
export function scoresChecked(state: ContextualBanditState, s: LinearStatistics, fn: string): void {
  if (computeScores(state, s, fn)) return;
  validateContextual(state, fn);
  throw new ClienteleError({
    code: "INVALID_MODEL",
    path: ["state"],
    message: `${fn}: the state's estimates are not finite for this context (overflow). Standardize the features and rewards and start a new bandit.`,
  });
}

/**
 * Probabilities of every arm into BUF.p, for the scores in BUF. With `only` (an arm index),
 * Thompson sampling with disjoint models computes that arm's entry alone (one quadrature instead
 * of one per arm); every other policy fills all entries (they cost O(arms)).
 */
function probabilities(state: ContextualBanditState, draws: number, only = -1): PropensityMethod {
  const K = state.arms.length;
  const { mean, sd, p, t } = BUF;
  const pol = state.policy;
  if (pol.type === "linucb" || pol.type === "epsilon-greedy") {
    if (pol.type === "linucb") for (let a = 0; a < K; a++) t[a] = mean[a] + pol.alpha * sd[a];
    else for (let a = 0; a < K; a++) t[a] = mean[a];
    greedyProbabilities(t, K, pol.type === "epsilon-greedy" ? pol.epsilon : 0, p);
    return "exact";
  }
  if (pol.type === "softmax") {
    softmaxProbabilities(mean, K, pol.temperature, p);
    return "exact";
  }
  const v = pol.v;
  if (state.sharedDimension === 0) {
    for (let a = 0; a < K; a++) t[a] = v * sd[a];
    if (only >= 0) p[only] = probabilityMaxNormal(mean, t, BUF.on, only, BUF.idx, K);
    else for (let a = 0; a < K; a++) p[a] = probabilityMaxNormal(mean, t, BUF.on, a, BUF.idx, K);
    return "quadrature";
  }
  // correlated scores (shared weights): seeded Monte Carlo, fixed seed so the propensity is a
  // function of (state, context) and logs are reproducible
  const rng = createRng(0x5eed);
  const counts = new Float64Array(K);
  const L = drawFactor(state);
  for (let i = 0; i < draws; i++) counts[thompsonDraw(state, rng, L)]++;
  for (let a = 0; a < K; a++) p[a] = (counts[a] + 0.5) / (draws + 0.5 * K);
  return "monte-carlo";
}

let cholCache: { src: number[] | null; copy: Float64Array; L: Float64Array | null } = { src: null, copy: new Float64Array(0), L: null };

/** Cholesky factor of the shared block's inverse (cached while its values are unchanged). */
function sharedFactor(A0i: number[], k: number): Float64Array | null {
  const c = cholCache;
  if (c.src === A0i && c.copy.length === A0i.length) {
    let same = true;
    for (let i = 0; i < A0i.length; i++)
      if (c.copy[i] !== A0i[i]) {
        same = false;
        break;
      }
    if (same) return c.L;
  }
  cholCache = { src: A0i, copy: Float64Array.from(A0i), L: cholesky(A0i, k) };
  return cholCache.L;
}

/** The factor thompsonDraw needs: the shared block's Cholesky factor (null without one or when it is not positive definite). */
function drawFactor(state: ContextualBanditState): Float64Array | null {
  return state.sharedDimension > 0 ? sharedFactor(currentShared as number[], state.sharedDimension) : null;
}

/**
 * One Thompson draw of every arm's score from the scores in BUF; returns the argmax. `L` is
 * drawFactor(state), looked up once per call rather than once per draw (scratch in BUF, no
 * allocation per draw).
 */
function thompsonDraw(state: ContextualBanditState, rng: Draws, L: Float64Array | null): number {
  const K = state.arms.length;
  const k = state.sharedDimension;
  const v = (state.policy as { v: number }).v;
  const { mean, su, h, t } = BUF;
  let shift: Float64Array | null = null;
  if (k > 0) {
    shift = BUF.shift;
    const e = BUF.e;
    for (let i = 0; i < k; i++) e[i] = fastNormal(rng as Rng);
    if (L !== null) {
      for (let i = 0; i < k; i++) {
        let s = 0;
        for (let j = 0; j <= i; j++) s += L[i * k + j] * e[j];
        shift[i] = v * s;
      }
    } else shift.fill(0, 0, k);
  }
  let best = 0;
  let bestV = -Infinity;
  for (let a = 0; a < K; a++) {
    let s = mean[a] + v * su[a] * fastNormal(rng as Rng);
    if (shift !== null) for (let i = 0; i < k; i++) s += h[a * k + i] * shift[i];
    t[a] = s;
    if (s > bestV) {
      bestV = s;
      best = a;
    }
  }
  return best;
}

let currentShared: number[] | null = null;

const CHOOSE_KEYS = ["rng", "segment", "draws"];
const PROB_KEYS = ["segment", "draws"];

// the options of a call without options (read only; no object per decision)
const NO_OPTIONS: { rng?: Rng; segment?: unknown; draws: number } = Object.freeze({ draws: 1000 });

function readOptions(options: unknown, keys: readonly string[], fn: string): { rng?: Rng; segment?: unknown; draws: number } {
  if (options === undefined) return NO_OPTIONS;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options"],
      received: options,
      message: `${fn}: options must be an object such as { segment: "mobile" }. Got ${describeValue(options)}.`,
    });
  }
  const o = options as Record<string, unknown>;
  for (const key in o) if (Object.hasOwn(o, key) && !keys.includes(key)) rejectUnknownKeys(o, keys, fn);
  if (o.rng !== undefined && !isRng(o.rng)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "rng"],
      received: o.rng,
      message: `${fn}: options.rng must be a generator from createRng(seed). Got ${describeValue(o.rng)}.`,
    });
  }
  const draws = o.draws === undefined ? 1000 : o.draws;
  if (typeof draws !== "number" || !Number.isInteger(draws) || draws < 1 || draws > 1e6) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "draws"],
      received: draws,
      message: `${fn}: options.draws must be an integer in [1, 1e6] (Monte Carlo draws for Thompson propensities). Got ${describeValue(draws)}.`,
    });
  }
  return { rng: o.rng as Rng | undefined, segment: o.segment, draws };
}

function prepare(state: ContextualBanditState, context: unknown, segment: unknown, fn: string): void {
  checkConfig(state, fn);
  const block = blockForSegment(state, segment, fn);
  readContext(state, context, fn);
  scoresChecked(state, block, fn);
  currentShared = block.shared === null ? null : block.shared.Ainv;
}

// one reusable generator over a state's stream words (allocation-free decisions)
const SHARED_DRAWS = new StreamDraws([1, 0, 0, 0]);

/**
 * Chooses an arm for a context and returns it with the probability that the policy chooses it
 * (log this propensity with the decision for off-policy evaluation). LinUCB plays the largest
 * mean + alpha sd, ties split evenly at random; Thompson sampling draws the weights from
 * N(mean, v^2 A^-1) and plays the best draw; epsilon-greedy and softmax act on the means.
 * Without `rng` the state's own stream is used and advanced in place. O(arms x d^2 + arms x k^2)
 * (disjoint Thompson: + one quadrature for the chosen arm's propensity, at most 2,048 x arms
 * normal CDFs, usually ~100 x the competing arms; shared/hybrid Thompson: + draws x arms x k).
 *
 * @param state - a contextual bandit state
 * @param context - user features (disjoint), action-feature rows (shared) or `{ user, arms }` (hybrid)
 * @param options - `rng`, `segment`, `draws` (Monte Carlo propensity, default 1000)
 * @throws ClienteleError `SHAPE_MISMATCH`, `NON_FINITE`, `OUT_OF_RANGE`, `INVALID_INPUT`, `MISSING_VALUE` (context), `INVALID_OPTION`, `INVALID_MODEL`
 * @see Li, Chu, Langford & Schapire (2010); Agrawal & Goyal (2013)
 * @example
 * import { createContextualBandit, chooseContextualArm } from "clientele/bandit";
 * const b = createContextualBandit({ arms: ["a", "b"], dimension: 2, seed: 1 });
 * const c = chooseContextualArm(b, [1, 0]);
 * [c.probability, c.method]; // => [0.5, "exact"] (no data yet: a tie, split evenly)
 */
export function chooseContextualArm(state: ContextualBanditState, context: ContextInput, options?: ChooseContextualArmOptions): ContextualChoice {
  const fn = "chooseContextualArm";
  const o = readOptions(options, CHOOSE_KEYS, fn);
  prepare(state, context, o.segment, fn);
  const K = state.arms.length;
  let draws: Draws;
  let words: number[] | undefined;
  if (o.rng !== undefined) draws = o.rng;
  else {
    words = writableStream(state, fn);
    SHARED_DRAWS.load(words);
    draws = SHARED_DRAWS;
  }
  const pol = state.policy;
  let index: number;
  let probability = -1;
  if (pol.type === "thompson") {
    index = thompsonDraw(state, draws, drawFactor(state));
  } else if (pol.type === "softmax") {
    probabilities(state, o.draws);
    index = sampleIndex(BUF.p, K, draws.uniform());
    probability = BUF.p[index];
  } else {
    const t = BUF.t;
    if (pol.type === "linucb") for (let a = 0; a < K; a++) t[a] = BUF.mean[a] + pol.alpha * BUF.sd[a];
    else for (let a = 0; a < K; a++) t[a] = BUF.mean[a];
    // the same rule and formula as probabilities() (greedyProbabilities) for this arm
    const c = greedyChoice(t, K, pol.type === "epsilon-greedy" ? pol.epsilon : 0, draws);
    index = c.index;
    probability = c.probability;
  }
  if (words !== undefined) SHARED_DRAWS.store(words);
  if (probability >= 0) return { arm: state.arms[index], index, probability, method: "exact" };
  // Thompson: the propensity from the same scores (recomputed; the draw overwrote BUF.t)
  const method = probabilities(state, o.draws, index);
  return { arm: state.arms[index], index, probability: BUF.p[index], method };
}

/**
 * The probability of every arm under the bandit's policy for a context, without choosing
 * (what `chooseContextualArm` would log as the propensity of each arm). Deterministic: Thompson
 * sampling with shared weights uses a fixed-seed Monte Carlo of `draws` draws.
 *
 * @param state - a contextual bandit state
 * @param context - as in `chooseContextualArm`
 * @param options - `segment`, `draws`
 * @returns one probability per arm (summing to 1)
 * @throws ClienteleError as `chooseContextualArm`
 * @example
 * import { createContextualBandit, actionProbabilities } from "clientele/bandit";
 * const b = createContextualBandit({ arms: 4, dimension: 1, policy: { type: "epsilon-greedy", epsilon: 0.2 } });
 * actionProbabilities(b, [1]); // => [0.25, 0.25, 0.25, 0.25]
 */
export function actionProbabilities(state: ContextualBanditState, context: ContextInput, options?: ActionProbabilitiesOptions): number[] {
  const fn = "actionProbabilities";
  const o = readOptions(options, PROB_KEYS, fn);
  prepare(state, context, o.segment, fn);
  probabilities(state, o.draws);
  return Array.from(BUF.p.subarray(0, state.arms.length));
}

/**
 * The ridge estimates behind a decision: each arm's mean, its standard deviation and the score
 * the policy maximizes (LinUCB: mean + alpha sd). Disjoint arm a: mean = x^T A_a^-1 b_a,
 * sd = sqrt(x^T A_a^-1 x) (Li et al. 2010, Algorithm 1). O(arms x d^2).
 *
 * @param state - a contextual bandit state
 * @param context - as in `chooseContextualArm`
 * @param options - `segment`
 * @throws ClienteleError as `chooseContextualArm`
 * @example
 * import { createContextualBandit, contextualScores } from "clientele/bandit";
 * const b = createContextualBandit({ arms: 1, dimension: 2, ridge: 4, policy: { type: "linucb", alpha: 2 } });
 * contextualScores(b, [3, 4]).score; // => [5] (0 + 2 * sqrt(25 / 4))
 */
export function contextualScores(state: ContextualBanditState, context: ContextInput, options?: ActionProbabilitiesOptions): ContextualScores {
  const fn = "contextualScores";
  const o = readOptions(options, PROB_KEYS, fn);
  prepare(state, context, o.segment, fn);
  const K = state.arms.length;
  const mean = Array.from(BUF.mean.subarray(0, K), (v) => v + 0);
  const sd = Array.from(BUF.sd.subarray(0, K));
  const pol = state.policy;
  const score = pol.type === "linucb" ? mean.map((m, a) => m + pol.alpha * sd[a]) : mean.slice();
  return { arms: state.arms.slice(), mean, sd, score };
}
