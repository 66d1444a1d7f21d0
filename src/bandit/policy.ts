import { ClienteleError, describeValue } from "../core/errors.js";
import { createRng, isRng, type Rng } from "../core/rng.js";
import { checkRowFields, rejectUnknownKeys, suggestName } from "../core/validate.js";
import { fastBeta, fastGamma, fastNormal } from "./sample.js";
import { StreamDraws, writableStream, type Draws } from "./stream.js";
import { blockOk, configOk, retiredOk } from "./fastcheck.js";
import {
  blockFor,
  checkBlock,
  checkState,
  cloneBandit,
  emptyStatistics,
  MAX_COUNT,
  MAX_REWARD,
  POOLED_PATH,
  REL,
  resolveArm,
  segmentBlock,
  segmentField,
  segmentOption,
  setSegment,
  totalPlays,
  validateState,
  type ArmStatistics,
  type BanditState,
  type BetaPrior,
  type NormalInverseGammaPrior,
} from "./state.js";

/** Options of `chooseArm` and `chooseArmIndex`. */
export interface ChooseArmOptions {
  /**
   * Random generator. Without it the state's own stream (`state.stream`) is used and advanced
   * in place, so save the state after the call (or keep it in memory) and the next call
   * continues the stream. With it, the state is not changed.
   */
  rng?: Rng;
  /** Customer segment id: its own statistics once it has `minObservations` observations, the pooled ones before. */
  segment?: string | number;
}

/** Options of `updateBandit` and `updateBanditInPlace`. */
export interface UpdateBanditOptions {
  /** Segment id the observation belongs to (it is also added to the pooled statistics). */
  segment?: string | number;
}

/** One delayed observation for `updateBanditBatch`: a single reward. */
export interface BanditRewardUpdate {
  /** Arm name or index. */
  arm: string | number;
  /** The reward (in [0, 1] for Bernoulli arms). */
  reward: number;
  /** Segment id of the customer, if any. */
  segment?: string | number;
}

/** One delayed observation for `updateBanditBatch`: a summary of `count` rewards (not allowed with a sliding window). */
export interface BanditSummaryUpdate {
  /** Arm name or index. */
  arm: string | number;
  /** Number of rewards summarized (a non-negative integer). */
  count: number;
  /** Their sum (conversions for Bernoulli arms, in [0, count]). */
  sum: number;
  /** Their sum of squares (required for Gaussian arms; ignored for Bernoulli arms). */
  sumSq?: number;
  /** Segment id of the customers, if any. */
  segment?: string | number;
}

/** One entry of a batch update. */
export type BanditUpdate = BanditRewardUpdate | BanditSummaryUpdate;


// ---------------------------------------------------------------- internals (trusted input)

/** One posterior draw of arm `k`'s mean reward (Beta, or Student-t from the Normal-Inverse-Gamma posterior). */
export function drawArmMean(state: BanditState, s: ArmStatistics, k: number, rng: Draws): number {
  if (state.reward === "bernoulli") {
    const prior = state.prior as BetaPrior;
    const sum = s.sum[k];
    const fail = s.n[k] - sum;
    return fastBeta(rng, prior.alpha + (sum > 0 ? sum : 0), prior.beta + (fail > 0 ? fail : 0));
  }
  return drawGaussianMean(state.prior as NormalInverseGammaPrior, s.n[k], s.sum[k], s.sumSq[k], rng);
}

/**
 * Normal-Inverse-Gamma posterior parameters from weighted sufficient statistics. With rewards
 * and prior fields bounded by 1e100 and at most 2^53 observations, every term is finite
 * (kappa0 n / kappa is computed as (kappa0 / kappa) n so it cannot overflow).
 */
export function gaussianPosterior(
  prior: NormalInverseGammaPrior,
  n: number,
  sum: number,
  sumSq: number,
): { mean: number; kappa: number; alpha: number; beta: number } {
  if (n <= 0) return { mean: prior.mean, kappa: prior.kappa, alpha: prior.alpha, beta: prior.beta };
  const xbar = sum / n;
  const ss = sumSq - sum * xbar;
  const kappa = prior.kappa + n;
  const d = xbar - prior.mean;
  return {
    mean: (prior.kappa * prior.mean + sum) / kappa,
    kappa,
    alpha: prior.alpha + n / 2,
    beta: prior.beta + 0.5 * (ss > 0 ? ss : 0) + 0.5 * (prior.kappa / kappa) * n * d * d,
  };
}

/** Posterior draws are kept within +-1e140: far beyond any mean a state can hold, finite under squaring and summing. */
const DRAW_LIMIT = 1e140;

function drawGaussianMean(prior: NormalInverseGammaPrior, n: number, sum: number, sumSq: number, rng: Draws): number {
  let mean = prior.mean;
  let kappa = prior.kappa;
  let alpha = prior.alpha;
  let beta = prior.beta;
  if (n > 0) {
    const xbar = sum / n;
    const ss = sumSq - sum * xbar;
    kappa = prior.kappa + n;
    const d = xbar - prior.mean;
    mean = (prior.kappa * prior.mean + sum) / kappa;
    alpha = prior.alpha + n / 2;
    beta = prior.beta + 0.5 * (ss > 0 ? ss : 0) + 0.5 * (prior.kappa / kappa) * n * d * d;
  }
  // variance ~ InvGamma(alpha, beta); mean | variance ~ N(mean, variance / kappa):
  // marginally a Student-t with 2 alpha degrees of freedom.
  const variance = beta / fastGamma(rng, alpha);
  const x = mean + Math.sqrt(variance / kappa) * fastNormal(rng);
  // a Gamma draw can underflow to 0 for tiny shapes (variance Infinity): keep the draw finite
  if (x >= -DRAW_LIMIT && x <= DRAW_LIMIT) return x;
  return x > 0 ? DRAW_LIMIT : x < 0 ? -DRAW_LIMIT : mean;
}

/** The policy's choice among active arms of statistics block `s`. Allocation-free. */
export function chooseFromBlock(state: BanditState, s: ArmStatistics, rng: Draws): number {
  const policy = state.policy;
  const retired = state.retired;
  const K = retired.length;
  const n = s.n;
  const sum = s.sum;
  let best = -1;
  let bestValue = -Infinity;
  if (policy.type === "thompson") {
    if (state.reward === "bernoulli") {
      const prior = state.prior as BetaPrior;
      const a0 = prior.alpha;
      const b0 = prior.beta;
      for (let k = 0; k < K; k++) {
        if (retired[k]) continue;
        const sk = sum[k];
        const fail = n[k] - sk;
        const v = fastBeta(rng, a0 + (sk > 0 ? sk : 0), b0 + (fail > 0 ? fail : 0));
        if (v > bestValue || best < 0) {
          bestValue = v;
          best = k;
        }
      }
      return best;
    }
    const prior = state.prior as NormalInverseGammaPrior;
    const sumSq = s.sumSq;
    for (let k = 0; k < K; k++) {
      if (retired[k]) continue;
      const v = drawGaussianMean(prior, n[k], sum[k], sumSq[k], rng);
      if (v > bestValue || best < 0) {
        bestValue = v;
        best = k;
      }
    }
    return best;
  }
  if (policy.type === "ucb1") {
    // Auer, Cesa-Bianchi & Fischer (2002): play every arm once, then maximise
    // mean + sqrt(2 ln t / n_k), t = observations so far.
    const plays = s.plays;
    let t = 0;
    for (let k = 0; k < K; k++) {
      if (!retired[k] && (plays[k] === 0 || !(n[k] > 0))) return k;
      t += n[k];
    }
    const c = t > 1 ? 2 * Math.log(t) : 0;
    const scale = policy.scale;
    for (let k = 0; k < K; k++) {
      if (retired[k]) continue;
      const nk = n[k];
      const v = sum[k] / nk + scale * Math.sqrt(c / nk);
      if (v > bestValue || best < 0) {
        bestValue = v;
        best = k;
      }
    }
    return best;
  }
  // epsilon-greedy: one uniform decides explore vs exploit, so the stream is predictable.
  const plays = s.plays;
  let t = 0;
  let active = 0;
  for (let k = 0; k < K; k++) {
    t += plays[k];
    if (!retired[k]) active++;
  }
  const eps = policy.epsilon / (1 + policy.decay * t);
  if (rng.uniform() < eps) {
    let r = rng.int(active);
    for (let k = 0; k < K; k++) {
      if (retired[k]) continue;
      if (r === 0) return k;
      r--;
    }
  }
  for (let k = 0; k < K; k++) {
    if (retired[k]) continue;
    const v = n[k] > 0 ? sum[k] / n[k] : Infinity; // untried arms first
    if (v > bestValue || best < 0) {
      bestValue = v;
      best = k;
    }
  }
  return best;
}

/** Discounted evidence below this weight is dropped (set to exactly 0), so it never underflows unevenly. */
const FLUSH = 1e-300;

/**
 * Adds `count` observations with total `sum` and sum of squares `sumSq` to arm `k` of
 * block `s`, applying the discount (all arms decay once) or the sliding window.
 * `sum` is the single reward when count is 1 (needed by the window).
 */
export function observeInBlock(state: BanditState, s: ArmStatistics, k: number, count: number, sum: number, sumSq: number): void {
  const gamma = state.discount;
  const n = s.n;
  const sm = s.sum;
  const sq = s.sumSq;
  if (gamma < 1) {
    for (let j = 0; j < n.length; j++) {
      const nj = n[j] * gamma;
      if (nj < FLUSH) {
        n[j] = 0;
        sm[j] = 0;
        sq[j] = 0;
      } else {
        n[j] = nj;
        sm[j] = sm[j] * gamma + 0; // + 0: no -0 (JSON would write it as 0)
        sq[j] *= gamma;
      }
    }
  }
  s.plays[k] += count;
  const W = state.window;
  if (W > 0 && s.recent !== null && s.recentStart !== null) {
    // count is 1 here (summaries are rejected with a window)
    const buf = s.recent[k];
    if (buf.length < W) {
      buf.push(sum);
      n[k] += 1;
      sm[k] += sum;
      sq[k] += sumSq;
      return;
    }
    const start = s.recentStart[k];
    const old = buf[start];
    buf[start] = sum;
    const next = start + 1 === W ? 0 : start + 1;
    s.recentStart[k] = next;
    const prevSq = sq[k];
    const q = prevSq + (sumSq - old * old);
    // recompute exactly once per W updates so float sums never drift, and whenever a large
    // reward leaving the window cancels most of the sum of squares (1e100 then 1s)
    if (next === 0 || !(q >= 1e-6 * prevSq)) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < W; i++) {
        a += buf[i];
        b += buf[i] * buf[i];
      }
      sm[k] = a;
      sq[k] = b;
    } else {
      sm[k] += sum - old;
      sq[k] = q;
    }
    n[k] = W;
    return;
  }
  n[k] += count;
  sm[k] += sum;
  sq[k] += sumSq;
}

/** Records one observation for arm k in the pooled block and, if given, the segment's block. Trusted input. */
export function observe(state: BanditState, k: number, count: number, sum: number, sumSq: number, segment: string | undefined): void {
  observeInBlock(state, state.pooled, k, count, sum, sumSq);
  if (segment !== undefined) {
    let seg = segmentBlock(state, segment);
    if (seg === undefined) {
      seg = emptyStatistics(state.arms.length, state.window);
      setSegment(state, segment, seg);
    }
    observeInBlock(state, seg, k, count, sum, sumSq);
  }
}

/** The `rng` option of the Monte Carlo functions: a generator, or `createRng(0)` when absent. */
export function resolveRng(rng: unknown, fn: string): Rng {
  if (rng === undefined) return createRng(0);
  if (!isRng(rng)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "rng"],
      received: rng,
      message: `${fn}: options.rng must be a generator from createRng(seed). Got ${describeValue(rng)}.`,
    });
  }
  return rng;
}

function checkReward(state: BanditState, reward: unknown, fn: string, path: (string | number)[]): number {
  if (typeof reward !== "number" || !Number.isFinite(reward)) {
    throw new ClienteleError({
      code: reward === null || reward === undefined ? "MISSING_VALUE" : "NON_FINITE",
      path,
      received: reward,
      message: `${fn}: the reward must be a finite number. Got ${describeValue(reward)}.`,
    });
  }
  if (state.reward === "bernoulli" && (reward < 0 || reward > 1)) {
    throw new ClienteleError({
      code: "REWARD_OUT_OF_RANGE",
      path,
      received: reward,
      message: `${fn}: Bernoulli arms take rewards in [0, 1] (1 = converted, 0 = not). Got ${reward}. Use reward: "gaussian" for revenue-like rewards.`,
    });
  }
  if (!(Math.abs(reward) <= MAX_REWARD)) {
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path,
      received: reward,
      message: `${fn}: Gaussian rewards must lie in [-${MAX_REWARD}, ${MAX_REWARD}] (so sums of squares stay finite). Got ${reward}. Rescale the rewards (e.g. to thousands or millions of the currency unit).`,
    });
  }
  return reward + 0; // -0 -> 0
}

function badOptions(options: unknown, fn: string): ClienteleError {
  return new ClienteleError({
    code: "INVALID_OPTION",
    path: ["options"],
    received: options,
    message: `${fn}: options must be an object such as { segment: "mobile" }. Got ${describeValue(options)}.`,
  });
}

/** Hand-checked options (hot path: no schema allocation): an object with only `known` keys. */
function checkOptionsObject(options: unknown, known: readonly string[], fn: string): options is Record<string, unknown> {
  if (options === undefined) return false;
  if (options === null || typeof options !== "object" || Array.isArray(options)) throw badOptions(options, fn);
  for (const key in options) {
    if (Object.hasOwn(options, key) && !known.includes(key)) rejectUnknownKeys(options, known, fn);
  }
  return true;
}

const CHOOSE_KEYS = ["rng", "segment"] as const;
const UPDATE_KEYS = ["segment"] as const;

function optionSegment(options: unknown, fn: string): string | undefined {
  return checkOptionsObject(options, UPDATE_KEYS, fn) ? segmentOption(options.segment, fn) : undefined;
}

/** Options of a hot call are certainly valid: only known keys, each a valid value. */
function chooseOptionsOk(options: object): boolean {
  if (Array.isArray(options)) return false;
  for (const key in options) {
    if (key !== "rng" && key !== "segment") return false;
  }
  const o = options as ChooseArmOptions;
  const rng = o.rng;
  if (rng !== undefined && !isRng(rng)) return false;
  return segmentOk(o.segment);
}

function segmentOk(segment: unknown): boolean {
  return segment === undefined || (typeof segment === "string" ? segment.length > 0 : typeof segment === "number" && segment - segment === 0);
}

// One reusable generator over a state's stream words (loaded before and stored after each
// decision), so a decision without `rng` allocates nothing. Calls never nest.
const SHARED_DRAWS = new StreamDraws([1, 0, 0, 0]);

/**
 * The hot path of chooseArm / chooseArmIndex: every check folded into a few comparisons
 * (fastcheck.ts), the statistics checked in one pass over the arms before any draw, no
 * allocation. Returns -1 when any check fails, before drawing anything; the caller then runs
 * `chooseIndexChecked`, which throws the precise error.
 */
function chooseFast(state: BanditState, options: ChooseArmOptions | undefined): number {
  if (!configOk(state, true)) return -1;
  let rng: Rng | undefined;
  let segment: unknown;
  if (options !== undefined) {
    if (typeof options !== "object" || options === null || !chooseOptionsOk(options)) return -1;
    rng = options.rng;
    segment = options.segment;
  }
  const K = state.arms.length;
  // UCB1 and epsilon-greedy check the statistics in the pass that reads them (they draw
  // nothing before that pass ends); Thompson sampling and windows check them in one pass first
  const fused = state.window === 0;
  if (!fused && !retiredOk(state.retired, K)) return -1;
  let block = state.pooled;
  if (segment !== undefined) {
    const key = typeof segment === "string" ? segment : String(segment);
    const s = segmentBlock(state, key);
    if (s !== undefined) {
      if (!blockOk(state, s, 0, K)) return -1;
      if (totalPlays(s) >= state.minObservations) block = s;
    }
  }
  if (!fused && block === state.pooled && !blockOk(state, block, 0, K)) return -1;
  let draws: Draws;
  let words: number[] | undefined;
  if (rng !== undefined) draws = rng;
  else {
    words = state.stream;
    if (words === undefined || Object.isFrozen(words)) return -1;
    draws = SHARED_DRAWS;
    SHARED_DRAWS.load(words);
  }
  const type = state.policy.type;
  const k = !fused
    ? chooseFromBlock(state, block, draws)
    : type === "thompson"
      ? chooseThompsonChecked(state, block, draws)
      : type === "ucb1"
        ? chooseUcb1Checked(state, block)
        : chooseEpsilonChecked(state, block, draws);
  if (words !== undefined && k >= 0) SHARED_DRAWS.store(words);
  return k;
}

/** One arm's statistics are certainly valid (no window): what `checkBlock` checks per arm. */
function armOk(bernoulli: boolean, nj: unknown, sj: unknown, qj: unknown, pj: unknown): boolean {
  if (!Number.isSafeInteger(pj) || typeof nj !== "number" || typeof sj !== "number" || typeof qj !== "number") return false;
  if (!((pj as number) >= 0 && nj >= 0 && nj <= (pj as number) * (1 + REL) + REL && qj >= 0 && qj < Infinity)) return false;
  if (bernoulli) return sj >= -REL && sj <= nj * (1 + REL) + REL;
  return (
    sj - sj === 0 &&
    Math.abs(sj) <= MAX_REWARD * nj * (1 + REL) &&
    qj <= MAX_REWARD * MAX_REWARD * nj * (1 + REL) &&
    sj * sj <= nj * qj * (1 + 1e-6) + nj * nj * 1e-300
  );
}

/** The four statistics arrays of a block hold one entry per arm (K). */
function blockShapeOk(block: unknown, K: number): block is ArmStatistics {
  if (typeof block !== "object" || block === null) return false;
  const s = block as ArmStatistics;
  const n = s.n as unknown;
  const sum = s.sum as unknown;
  const sumSq = s.sumSq as unknown;
  const plays = s.plays as unknown;
  return (
    Array.isArray(n) && Array.isArray(sum) && Array.isArray(sumSq) && Array.isArray(plays) &&
    n.length === K && sum.length === K && sumSq.length === K && plays.length === K &&
    s.recent === null && s.recentStart === null
  );
}

/**
 * Thompson sampling as `chooseFromBlock`, with each arm's statistics and retired flag checked
 * in the pass that draws, just before its draw (no window). Returns -1 when a check fails;
 * then the state's stream is not stored, but an `rng` passed in has advanced by the draws
 * of the arms before the corrupted one.
 */
function chooseThompsonChecked(state: BanditState, s: ArmStatistics, rng: Draws): number {
  const retired = state.retired as unknown[];
  const K = retired.length;
  if (!blockShapeOk(s, K)) return -1;
  const n = s.n;
  const sum = s.sum;
  const sumSq = s.sumSq;
  const plays = s.plays;
  let best = -1;
  let bestValue = -Infinity;
  if (state.reward === "bernoulli") {
    const prior = state.prior as BetaPrior;
    const a0 = prior.alpha;
    const b0 = prior.beta;
    for (let k = 0; k < K; k++) {
      const r = retired[k];
      const nk = n[k];
      const sk = sum[k];
      if ((r !== false && r !== true) || !armOk(true, nk, sk, sumSq[k], plays[k])) return -1;
      if (r) continue;
      const fail = nk - sk;
      const v = fastBeta(rng, a0 + (sk > 0 ? sk : 0), b0 + (fail > 0 ? fail : 0));
      if (v > bestValue || best < 0) {
        bestValue = v;
        best = k;
      }
    }
    return best;
  }
  const prior = state.prior as NormalInverseGammaPrior;
  for (let k = 0; k < K; k++) {
    const r = retired[k];
    const nk = n[k];
    const sk = sum[k];
    const qk = sumSq[k];
    if ((r !== false && r !== true) || !armOk(false, nk, sk, qk, plays[k])) return -1;
    if (r) continue;
    const v = drawGaussianMean(prior, nk, sk, qk, rng);
    if (v > bestValue || best < 0) {
      bestValue = v;
      best = k;
    }
  }
  return best;
}

/**
 * UCB1 as `chooseFromBlock`, with the statistics and retired flags checked in the pass that
 * reads them (no window). Returns -1 when a check fails.
 */
function chooseUcb1Checked(state: BanditState, s: ArmStatistics): number {
  const retired = state.retired as unknown[];
  const K = retired.length;
  if (!blockShapeOk(s, K)) return -1;
  const bern = state.reward === "bernoulli";
  const n = s.n;
  const sum = s.sum;
  const sumSq = s.sumSq;
  const plays = s.plays;
  let t = 0;
  let first = -1;
  let active = 0;
  for (let k = 0; k < K; k++) {
    const r = retired[k];
    const nk = n[k];
    const pk = plays[k];
    if ((r !== false && r !== true) || !armOk(bern, nk, sum[k], sumSq[k], pk)) return -1;
    if (r === false) {
      active++;
      if (first < 0 && (pk === 0 || !(nk > 0))) first = k;
    }
    t += nk;
  }
  if (active === 0) return -1;
  if (first >= 0) return first;
  const c = t > 1 ? 2 * Math.log(t) : 0;
  const scale = (state.policy as { scale: number }).scale;
  let best = -1;
  let bestValue = -Infinity;
  for (let k = 0; k < K; k++) {
    if (retired[k]) continue;
    const nk = n[k];
    const v = sum[k] / nk + scale * Math.sqrt(c / nk);
    if (v > bestValue || best < 0) {
      bestValue = v;
      best = k;
    }
  }
  return best;
}

/**
 * Epsilon-greedy as `chooseFromBlock`, with the statistics and retired flags checked in the
 * first pass (before any draw; no window). Returns -1 when a check fails.
 */
function chooseEpsilonChecked(state: BanditState, s: ArmStatistics, rng: Draws): number {
  const retired = state.retired as unknown[];
  const K = retired.length;
  if (!blockShapeOk(s, K)) return -1;
  const bern = state.reward === "bernoulli";
  const n = s.n;
  const sum = s.sum;
  const sumSq = s.sumSq;
  const plays = s.plays;
  let t = 0;
  let active = 0;
  for (let k = 0; k < K; k++) {
    const r = retired[k];
    const pk = plays[k];
    if ((r !== false && r !== true) || !armOk(bern, n[k], sum[k], sumSq[k], pk)) return -1;
    t += pk;
    if (r === false) active++;
  }
  if (active === 0) return -1;
  const policy = state.policy as { epsilon: number; decay: number };
  const eps = policy.epsilon / (1 + policy.decay * t);
  if (rng.uniform() < eps) {
    let r = rng.int(active);
    for (let k = 0; k < K; k++) {
      if (retired[k]) continue;
      if (r === 0) return k;
      r--;
    }
  }
  let best = -1;
  let bestValue = -Infinity;
  for (let k = 0; k < K; k++) {
    if (retired[k]) continue;
    const v = n[k] > 0 ? sum[k] / n[k] : Infinity; // untried arms first
    if (v > bestValue || best < 0) {
      bestValue = v;
      best = k;
    }
  }
  return best;
}

function chooseIndex(state: BanditState, options: ChooseArmOptions | undefined, fn: string): number {
  const k = chooseFast(state, options);
  return k >= 0 ? k : chooseIndexChecked(state, options, fn);
}

/** The fully checked decision (the slow path): throws the precise error for a bad state or option. */
export function chooseIndexChecked(state: BanditState, options: ChooseArmOptions | undefined, fn: string): number {
  checkState(state, fn);
  let rng: unknown;
  let segment: string | undefined;
  if (checkOptionsObject(options, CHOOSE_KEYS, fn)) {
    rng = options.rng;
    if (rng !== undefined && !isRng(rng)) resolveRng(rng, fn);
    segment = segmentOption(options.segment, fn);
  }
  const block = blockFor(state, segment, fn);
  if (rng !== undefined) return chooseFromBlock(state, block, rng as Rng);
  const words = writableStream(state, fn);
  const draws = new StreamDraws(words);
  const k = chooseFromBlock(state, block, draws);
  draws.store(words);
  return k;
}

function tooMany(fn: string, path: (string | number)[], total: number): ClienteleError {
  return new ClienteleError({
    code: "TOO_LARGE",
    path,
    received: total,
    message: `${fn}: an arm would have ${total} observations, more than 2^53 - 1 (the largest exact count). Start a new bandit, or use a discount factor.`,
  });
}

// ---------------------------------------------------------------- public API

/**
 * Chooses an arm and returns its index; like `chooseArm` but without the name lookup.
 * Without `rng`, draws from the state's own stream and advances it (see `chooseArm`).
 * O(arms).
 *
 * @param state - a bandit state
 * @param options - `rng` (default: the state's stream), `segment`
 * @throws ClienteleError `INVALID_MODEL`, `INVALID_OPTION`, `INVALID_INPUT` (frozen state without `rng`)
 * @example
 * import { createBandit, chooseArmIndex } from "clientele/bandit";
 * chooseArmIndex(createBandit({ arms: 3, policy: "ucb1" })); // => 0 (UCB1 plays each arm once first)
 */
export function chooseArmIndex(state: BanditState, options?: ChooseArmOptions): number {
  return chooseIndex(state, options, "chooseArmIndex");
}

/**
 * Chooses the arm to show next and returns its name. Thompson sampling draws each active
 * arm's mean from its posterior and picks the largest; UCB1 plays each arm once, then
 * maximises mean + scale * sqrt(2 ln t / n); epsilon-greedy explores a random arm with
 * probability epsilon / (1 + decay * t), otherwise plays the best mean (untried arms
 * first). Ties go to the lower index. With `segment`, the segment's own statistics are used
 * once it has `minObservations` observations and the pooled statistics before that.
 *
 * Randomness: with `rng` the draws come from that generator and the state is not changed.
 * Without it they come from the state's own stream (`state.stream`, seeded by
 * `createBandit({ seed })`), which this call advances in place: the only field `chooseArm`
 * ever writes. A server that loads the state, chooses and saves it again therefore keeps
 * exploring (the next call continues the stream); a frozen state without `rng` is refused
 * (`INVALID_INPUT`) rather than repeating the same draws. O(arms), allocation-free; the
 * state checks run inside the passes over the arms (a corrupted state is `INVALID_MODEL`
 * and the state, its stream included, is not changed).
 *
 * @param state - a bandit state
 * @param options - `rng` (default: the state's own stream), `segment` (a segment id)
 * @throws ClienteleError `INVALID_MODEL` (corrupted state), `INVALID_OPTION`, `INVALID_INPUT`
 * @see Thompson (1933); Auer, Cesa-Bianchi & Fischer (2002), "Finite-time Analysis of the Multiarmed Bandit Problem"
 * @example
 * import { createBandit, chooseArm } from "clientele/bandit";
 * const bandit = createBandit({ arms: ["red", "blue"], seed: 7 });
 * chooseArm(bandit, { segment: "mobile" }); // => "red" or "blue"; bandit.stream has advanced
 */
export function chooseArm(state: BanditState, options?: ChooseArmOptions): string {
  const fn = "chooseArm";
  let k = chooseFast(state, options);
  if (k < 0) k = chooseIndexChecked(state, options, fn);
  const name = state.arms[k];
  // a remembered arm list is not re-read on every call: check the name returned
  if (typeof name !== "string" || name.length === 0) checkState(state, fn);
  return name;
}

/**
 * Records one reward for an arm by changing `state` in place and returning it: the fast
 * path for hosts that own the state object. With a discount factor every arm's evidence
 * decays by gamma first; with a window the arm's oldest reward falls out. With `segment`
 * the reward goes to the pooled statistics and to the segment's. O(arms).
 *
 * @param state - a bandit state (changed)
 * @param arm - arm name or index (retired arms accept late feedback)
 * @param reward - the reward: in [0, 1] for Bernoulli arms (1 = converted), in [-1e100, 1e100] for Gaussian arms
 * @param options - `segment` (a segment id)
 * @throws ClienteleError `UNKNOWN_ARM`, `NON_FINITE`, `MISSING_VALUE`, `REWARD_OUT_OF_RANGE`, `OUT_OF_RANGE`,
 *   `INVALID_OPTION`, `INVALID_MODEL`, `TOO_LARGE` (more than 2^53 - 1 observations of an arm)
 * @example
 * import { createBandit, updateBanditInPlace } from "clientele/bandit";
 * const bandit = createBandit({ arms: ["a", "b"] });
 * updateBanditInPlace(bandit, "a", 1);
 * bandit.pooled.sum; // => [1, 0]
 */
export function updateBanditInPlace(
  state: BanditState,
  arm: string | number,
  reward: number,
  options?: UpdateBanditOptions,
): BanditState {
  if (updateFast(state, arm, reward, options)) return state;
  return updateInPlaceChecked(state, arm, reward, options);
}

/**
 * The hot path of updateBanditInPlace: applies the update and returns true when every check
 * passes (configuration, arm, reward, option, the statistics the update reads, the count
 * cap); returns false before changing anything otherwise. Allocation-free.
 */
function updateFast(state: BanditState, arm: string | number, reward: number, options: UpdateBanditOptions | undefined): boolean {
  if (!configOk(state, false)) return false;
  const K = state.arms.length;
  let k: number;
  if (typeof arm === "number") {
    if (!(Number.isInteger(arm) && arm >= 0 && arm < K)) return false;
    k = arm;
  } else if (typeof arm === "string" && arm.length > 0) {
    k = state.arms.indexOf(arm);
    if (k < 0) return false;
  } else return false;
  if (typeof reward !== "number" || !(state.reward === "bernoulli" ? reward >= 0 && reward <= 1 : Math.abs(reward) <= MAX_REWARD)) return false;
  let segment: string | undefined;
  if (options !== undefined) {
    if (typeof options !== "object" || options === null || Array.isArray(options)) return false;
    for (const key in options) if (key !== "segment") return false;
    const sg: unknown = options.segment;
    if (!segmentOk(sg)) return false;
    segment = sg === undefined ? undefined : typeof sg === "string" ? sg : String(sg);
  }
  // without a discount only arm k's statistics are read: check those (O(1)); with one, all decay
  const from = state.discount < 1 ? 0 : k;
  const to = state.discount < 1 ? K : k + 1;
  const pooled = state.pooled;
  if (!blockOk(state, pooled, from, to) || pooled.plays[k] + 1 > MAX_COUNT) return false;
  if (segment !== undefined) {
    const seg = segmentBlock(state, segment);
    if (seg !== undefined && (!blockOk(state, seg, from, to) || seg.plays[k] + 1 > MAX_COUNT)) return false;
  }
  const r = reward + 0; // -0 -> 0
  observe(state, k, 1, r, r * r, segment);
  return true;
}

/** The fully checked update (the slow path): throws the precise error, or applies the update. */
export function updateInPlaceChecked(state: BanditState, arm: string | number, reward: number, options: UpdateBanditOptions | undefined): BanditState {
  const fn = "updateBanditInPlace";
  checkState(state, fn);
  const k = resolveArm(state, arm, fn);
  const r = checkReward(state, reward, fn, ["reward"]);
  const segment = optionSegment(options, fn);
  // without a discount only arm k's statistics are read: check those (O(1)); with one, all decay
  const only = state.discount < 1 ? -1 : k;
  checkBlock(state, state.pooled, fn, POOLED_PATH, false, "state", only);
  const seg = segment === undefined ? undefined : segmentBlock(state, segment);
  if (seg !== undefined) checkBlock(state, seg, fn, ["segments", segment as string], false, "state", only);
  if (state.pooled.plays[k] + 1 > MAX_COUNT || (seg !== undefined && seg.plays[k] + 1 > MAX_COUNT)) throw tooMany(fn, ["arm"], state.pooled.plays[k] + 1);
  observe(state, k, 1, r, r * r, segment);
  return state;
}

/**
 * Records one reward for an arm and returns a new state; the input is not changed (it is
 * checked and copied first, O(size of the state); use `updateBanditInPlace` on a hot path).
 * Semantics as `updateBanditInPlace`.
 *
 * @param state - a bandit state
 * @param arm - arm name or index
 * @param reward - the reward: in [0, 1] for Bernoulli arms, in [-1e100, 1e100] for Gaussian arms
 * @param options - `segment` (a segment id)
 * @throws ClienteleError `UNKNOWN_ARM`, `NON_FINITE`, `MISSING_VALUE`, `REWARD_OUT_OF_RANGE`, `OUT_OF_RANGE`,
 *   `INVALID_OPTION`, `INVALID_MODEL`, `TOO_LARGE`
 * @example
 * import { createBandit, updateBandit } from "clientele/bandit";
 * const before = createBandit({ arms: ["a", "b"] });
 * const after = updateBandit(before, "b", 1, { segment: "new-customers" });
 * after.pooled.plays; // => [0, 1]
 * before.pooled.plays; // => [0, 0]
 */
export function updateBandit(
  state: BanditState,
  arm: string | number,
  reward: number,
  options?: UpdateBanditOptions,
): BanditState {
  const fn = "updateBandit";
  validateState(state, fn);
  const k = resolveArm(state, arm, fn);
  const r = checkReward(state, reward, fn, ["reward"]);
  const segment = optionSegment(options, fn);
  const seg = segment === undefined ? undefined : segmentBlock(state, segment);
  if (state.pooled.plays[k] + 1 > MAX_COUNT || (seg !== undefined && seg.plays[k] + 1 > MAX_COUNT)) throw tooMany(fn, ["arm"], state.pooled.plays[k] + 1);
  const out = cloneBandit(state);
  observe(out, k, 1, r, r * r, segment);
  return out;
}

const UPDATE_FIELDS = ["arm", "reward", "count", "sum", "sumSq", "segment"];

/**
 * Records many delayed observations at once and returns a new state (the input is not
 * changed). Each entry is either one reward `{ arm, reward, segment? }` or a summary
 * `{ arm, count, sum, sumSq?, segment? }` of `count` rewards (for Bernoulli arms,
 * `sum` = conversions). Entries are applied in order; with a discount factor a summary
 * counts as one time step. Every entry is checked before any is applied, so a bad entry
 * leaves nothing half-done; an entry with a field this function does not read (`rewards`,
 * `segmnet`) is refused. O(entries * arms) with a discount, O(entries + state) otherwise.
 *
 * @param state - a bandit state
 * @param updates - observations in arrival order
 * @throws ClienteleError `UNKNOWN_ARM`, `NON_FINITE`, `MISSING_VALUE`, `REWARD_OUT_OF_RANGE`, `OUT_OF_RANGE`,
 *   `NEGATIVE_VALUE`, `NOT_INTEGER`, `INVALID_INPUT` (not an array, an impossible summary, an unknown field),
 *   `MISSING_COLUMN` (a near-miss field name), `WINDOW_NEEDS_REWARDS`, `INVALID_ID` (segment), `INVALID_MODEL`, `TOO_LARGE`
 * @example
 * import { createBandit, updateBanditBatch } from "clientele/bandit";
 * const b = updateBanditBatch(createBandit({ arms: ["a", "b"] }), [
 *   { arm: "a", count: 120, sum: 9 },        // yesterday: 9 conversions in 120 sends
 *   { arm: "b", reward: 1, segment: "vip" },
 * ]);
 * b.pooled.plays; // => [120, 1]
 */
export function updateBanditBatch(state: BanditState, updates: readonly BanditUpdate[]): BanditState {
  const fn = "updateBanditBatch";
  validateState(state, fn);
  if (!Array.isArray(updates)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["updates"],
      received: updates,
      message: `${fn}: updates must be an array of { arm, reward } or { arm, count, sum, sumSq }. Got ${describeValue(updates)}.`,
    });
  }
  const m = updates.length;
  const arms = new Int32Array(m);
  const counts = new Float64Array(m);
  const sums = new Float64Array(m);
  const sumSqs = new Float64Array(m);
  const segments: (string | undefined)[] = new Array(m);
  const gaussian = state.reward === "gaussian";
  for (let i = 0; i < m; i++) {
    const u = updates[i] as Partial<BanditRewardUpdate & BanditSummaryUpdate>;
    const path = ["updates", i];
    if (u === null || typeof u !== "object" || Array.isArray(u)) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path,
        received: u,
        message: `${fn}: updates[${i}] must be { arm, reward } or { arm, count, sum, sumSq }. Got ${describeValue(u)}.`,
      });
    }
    const summary = u.count !== undefined;
    if (i === 0) {
      checkRowFields(u as Record<string, unknown>, summary ? ["arm", "count", "sum", ...(gaussian ? ["sumSq"] : [])] : ["arm", "reward"], fn, path, {
        arm: ["armId", "arm_id", "variant"],
        reward: ["rewards", "value", "outcome"],
        count: ["n", "trials", "visitors"],
        sum: ["conversions", "successes", "total"],
      });
    }
    for (const key of Object.keys(u)) {
      if (!UPDATE_FIELDS.includes(key)) {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: [...path, key],
          received: key,
          message: `${fn}: updates[${i}] has a field "${key}" this function does not read; ${suggestName(key, UPDATE_FIELDS, "fields")}`,
        });
      }
    }
    arms[i] = resolveArm(state, u.arm as string | number, fn, [...path, "arm"]);
    segments[i] = segmentField(u.segment, fn, [...path, "segment"]);
    if (!summary) {
      const r = checkReward(state, u.reward, fn, [...path, "reward"]);
      counts[i] = 1;
      sums[i] = r;
      sumSqs[i] = r * r;
      continue;
    }
    if (u.reward !== undefined) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: [...path, "reward"],
        message: `${fn}: updates[${i}] has both reward and count; send either one reward { arm, reward } or a summary { arm, count, sum }.`,
      });
    }
    const c = u.count;
    if (typeof c !== "number" || !Number.isFinite(c)) {
      throw new ClienteleError({ code: "NON_FINITE", path: [...path, "count"], received: c, message: `${fn}: updates[${i}].count must be a finite number. Got ${describeValue(c)}.` });
    }
    if (c < 0) {
      throw new ClienteleError({ code: "NEGATIVE_VALUE", path: [...path, "count"], received: c, message: `${fn}: updates[${i}].count is ${c}; counts cannot be negative.` });
    }
    if (!Number.isInteger(c)) {
      throw new ClienteleError({ code: "NOT_INTEGER", path: [...path, "count"], received: c, message: `${fn}: updates[${i}].count is ${c}; it must be a whole number of observations.` });
    }
    if (c > MAX_COUNT) throw tooMany(fn, [...path, "count"], c);
    if (state.window > 0) {
      throw new ClienteleError({
        code: "WINDOW_NEEDS_REWARDS",
        path,
        message: `${fn}: updates[${i}] is a summary, but a bandit with a sliding window needs the individual rewards. Send { arm, reward } entries instead.`,
      });
    }
    const s = u.sum;
    if (typeof s !== "number" || !Number.isFinite(s)) {
      throw new ClienteleError({
        code: s === undefined || s === null ? "MISSING_VALUE" : "NON_FINITE",
        path: [...path, "sum"],
        received: s,
        message: `${fn}: updates[${i}].sum must be a finite number. Got ${describeValue(s)}.`,
      });
    }
    let sq: number;
    if (!gaussian) {
      if (s < 0) {
        throw new ClienteleError({ code: "NEGATIVE_VALUE", path: [...path, "sum"], received: s, message: `${fn}: updates[${i}].sum is ${s}; conversions cannot be negative.` });
      }
      if (s > c) {
        throw new ClienteleError({
          code: "REWARD_OUT_OF_RANGE",
          path: [...path, "sum"],
          received: s,
          message: `${fn}: updates[${i}] has sum ${s} > count ${c}; Bernoulli rewards lie in [0, 1], so conversions cannot exceed the count.`,
        });
      }
      if (u.sumSq !== undefined) {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: [...path, "sumSq"],
          message: `${fn}: updates[${i}].sumSq is not used by Bernoulli arms; remove it (for revenue-like rewards create the bandit with reward: "gaussian").`,
        });
      }
      sq = s; // exact for 0/1 rewards; unused by the Beta posterior
    } else {
      const q = u.sumSq;
      if (typeof q !== "number" || !Number.isFinite(q)) {
        throw new ClienteleError({
          code: q === undefined || q === null ? "MISSING_VALUE" : "NON_FINITE",
          path: [...path, "sumSq"],
          received: q,
          message: `${fn}: updates[${i}].sumSq (sum of squared rewards) is required for Gaussian arms and must be a finite number. Got ${describeValue(q)}.`,
        });
      }
      const sumTooBig = Math.abs(s) > MAX_REWARD * c * (1 + 1e-10);
      if (sumTooBig || q > MAX_REWARD * MAX_REWARD * c * (1 + 1e-10)) {
        throw new ClienteleError({
          code: "OUT_OF_RANGE",
          path: [...path, sumTooBig ? "sum" : "sumSq"],
          message: `${fn}: updates[${i}] implies rewards beyond ${MAX_REWARD} in absolute value (sum ${s}, sumSq ${q}, count ${c}). Rescale the rewards.`,
        });
      }
      if (c === 0 ? q !== 0 || s !== 0 : q < 0 || s * s > c * q * (1 + 1e-7) + c * c * 1e-300) {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: [...path, "sumSq"],
          received: q,
          message: `${fn}: updates[${i}] is not a possible summary: sumSq ${q} must be >= sum^2 / count = ${c === 0 ? 0 : (s * s) / c}${c === 0 ? " (and sum 0 when count is 0)" : ""}.`,
        });
      }
      sq = q;
    }
    counts[i] = c;
    sums[i] = s;
    sumSqs[i] = sq;
  }
  const out = cloneBandit(state);
  for (let i = 0; i < m; i++) {
    if (counts[i] === 0) continue;
    observe(out, arms[i], counts[i], sums[i], sumSqs[i], segments[i]);
  }
  const blocks = [out.pooled, ...Object.keys(out.segments).map((key) => out.segments[key])];
  for (const b of blocks) {
    for (let k = 0; k < b.plays.length; k++) if (b.plays[k] > MAX_COUNT) throw tooMany(fn, ["updates"], b.plays[k]);
  }
  return out;
}
