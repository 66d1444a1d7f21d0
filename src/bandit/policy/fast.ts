// The hot path of chooseArm / chooseArmIndex: every check of the state folded into the pass
// that reads the statistics (see fastcheck.ts), no allocation; -1 sends the caller to the
// checked path, which throws the precise error.
import type { Rng } from "../../core/rng.js";
import { fastBeta } from "../sample.js";
import { StreamDraws, type Draws } from "../stream.js";
import { blockOk, configOk, retiredOk } from "../fastcheck.js";
import { MAX_REWARD, REL, segmentBlock, totalPlays, type ArmStatistics, type BanditState, type BetaPrior, type NormalInverseGammaPrior } from "../state.js";
import { chooseFromBlock } from "./block.js";
import { chooseOptionsOk } from "./options.js";
import { drawGaussianMean } from "./posterior.js";
import type { ChooseArmOptions } from "./types.js";

// One reusable generator over a state's stream words (loaded before and stored after each
// decision), so a decision without `rng` allocates nothing. Calls never nest.
const SHARED_DRAWS = new StreamDraws([1, 0, 0, 0]);

/**
 * The hot path of chooseArm / chooseArmIndex: every check folded into a few comparisons
 * (fastcheck.ts), the statistics checked in one pass over the arms before any draw, no
 * allocation. Returns -1 when any check fails, before drawing anything; the caller then runs
 * `chooseIndexChecked`, which throws the precise error.
 */
export function chooseFast(state: BanditState, options: ChooseArmOptions | undefined): number {
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
