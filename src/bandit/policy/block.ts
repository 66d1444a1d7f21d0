// The trusted kernels on one statistics block: the policy's choice among active arms, and
// recording observations (discount or sliding window). No checks, no allocation.
import { fastBeta } from "../sample.js";
import type { Draws } from "../stream.js";
import { emptyStatistics, segmentBlock, setSegment, type ArmStatistics, type BanditState, type BetaPrior, type NormalInverseGammaPrior } from "../state.js";
import { drawGaussianMean } from "./posterior.js";

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
    return ucbArm(retired, n, sum, t > 1 ? 2 * Math.log(t) : 0, policy.scale);
  }
  // epsilon-greedy: one uniform decides explore vs exploit, so the stream is predictable.
  const plays = s.plays;
  let t = 0;
  let active = 0;
  for (let k = 0; k < K; k++) {
    t += plays[k];
    if (!retired[k]) active++;
  }
  return epsilonArm(rng, policy.epsilon / (1 + policy.decay * t), retired, active, n, sum);
}

/**
 * UCB1's choice once every active arm has been tried: the active arm with the largest
 * mean + scale * sqrt(c / n_k), c = 2 ln t (first one on ties). Shared by `chooseFromBlock` and
 * the fused-check path (fast.ts).
 */
export function ucbArm(retired: readonly unknown[], n: readonly number[], sum: readonly number[], c: number, scale: number): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let k = 0; k < retired.length; k++) {
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
 * Epsilon-greedy's choice at exploration probability `eps`: one uniform decides explore vs
 * exploit (so the stream is predictable); exploring picks one of the `active` arms uniformly,
 * exploiting the best mean (untried arms first). Shared by `chooseFromBlock` and fast.ts.
 */
export function epsilonArm(rng: Draws, eps: number, retired: readonly unknown[], active: number, n: readonly number[], sum: readonly number[]): number {
  const K = retired.length;
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
