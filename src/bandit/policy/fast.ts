// The hot path of chooseArm / chooseArmIndex: every check of the state folded into the pass
// that reads the statistics (see fastcheck.ts), no allocation; -1 sends the caller to the
// checked path, which throws the precise error.
// The three checked kernels repeat the set-up and loops of chooseFromBlock (block.ts) on
// purpose: each check sits in the pass that reads the arm (Thompson: just before its draw), so
// one pass both validates and decides; the decision tails (UCB1 index, epsilon-greedy) are
// shared (ucbArm, epsilonArm).
import type { Rng } from "../../core/rng.js";
import { fastBeta } from "../sample.js";
import { StreamDraws, type Draws } from "../stream.js";
import { armOk, blockOk, configOk, retiredOk } from "../fastcheck.js";
import { segmentBlock, totalPlays, type ArmStatistics, type BanditState, type BetaPrior, type NormalInverseGammaPrior } from "../state.js";
import { chooseFromBlock, epsilonArm, ucbArm } from "./block.js";
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

/** The four statistics arrays of a block hold one entry per arm (K). */
function blockShapeOk(block: unknown, K: number): block is ArmStatistics {
  if (typeof block !== "object" || block === null) return false;
  const s = block as ArmStatistics;
  const n = s.n as unknown;
  const sum = s.sum as unknown;
  const sumSq = s.sumSq as unknown;
  const plays = s.plays as unknown;
  return (
    Array.isArray(n) &&
    Array.isArray(sum) &&
    Array.isArray(sumSq) &&
    Array.isArray(plays) &&
    n.length === K &&
    sum.length === K &&
    sumSq.length === K &&
    plays.length === K &&
    s.recent === null &&
    s.recentStart === null
  );
}

/**
 * Thompson sampling as `chooseFromBlock`, with each arm's statistics and retired flag checked
 * in the pass that draws, just before its draw (no window). The draw loops repeat those of
 * `chooseFromBlock` on purpose: the check sits between reading an arm and drawing for it, so
 * one pass both validates and decides (the hot path of chooseArm, see benchmarks/bandit.bench.ts); a
 * shared loop would need a per-arm check callback or a second pass over the arms. Returns -1 when a check fails;
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
  return ucbArm(retired, n, sum, t > 1 ? 2 * Math.log(t) : 0, (state.policy as { scale: number }).scale);
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
  return epsilonArm(rng, policy.epsilon / (1 + policy.decay * t), retired, active, n, sum);
}
