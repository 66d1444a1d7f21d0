import { ClienteleError, describeValue } from "../core/errors.js";
import { createRng, isRng, type Rng } from "../core/rng.js";
import { fastBeta, fastGamma, fastNormal } from "./sample.js";
import {
  blockFor,
  checkSegmentName,
  checkState,
  cloneBandit,
  emptyStatistics,
  resolveArm,
  type ArmStatistics,
  type BanditState,
  type BetaPrior,
  type NormalInverseGammaPrior,
} from "./state.js";

/** Options of `chooseArm` and `chooseArmIndex`. */
export interface ChooseArmOptions {
  /** Random generator (default `createRng(0)`: pass one generator and keep using it, or every call sees the same draws). */
  rng?: Rng;
  /** Customer segment: its own statistics once it has `minObservations` observations, the pooled ones before. */
  segment?: string;
}

/** Options of `updateBandit` and `updateBanditInPlace`. */
export interface UpdateBanditOptions {
  /** Segment the observation belongs to (it is also added to the pooled statistics). */
  segment?: string;
}

/** One delayed observation for `updateBanditBatch`: a single reward. */
export interface BanditRewardUpdate {
  /** Arm name or index. */
  arm: string | number;
  /** The reward (in [0, 1] for Bernoulli arms). */
  reward: number;
  /** Segment of the customer, if any. */
  segment?: string;
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
  /** Segment of the customers, if any. */
  segment?: string;
}

/** One entry of a batch update. */
export type BanditUpdate = BanditRewardUpdate | BanditSummaryUpdate;

// ---------------------------------------------------------------- internals (trusted input)

/** One posterior draw of arm `k`'s mean reward (Beta, or Student-t from the Normal-Inverse-Gamma posterior). */
export function drawArmMean(state: BanditState, s: ArmStatistics, k: number, rng: Rng): number {
  if (state.reward === "bernoulli") {
    const prior = state.prior as BetaPrior;
    const sum = s.sum[k];
    const fail = s.n[k] - sum;
    return fastBeta(rng, prior.alpha + sum, prior.beta + (fail > 0 ? fail : 0));
  }
  return drawGaussianMean(state.prior as NormalInverseGammaPrior, s.n[k], s.sum[k], s.sumSq[k], rng);
}

/** Normal-Inverse-Gamma posterior parameters from weighted sufficient statistics. */
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
    beta: prior.beta + 0.5 * (ss > 0 ? ss : 0) + (prior.kappa * n * d * d) / (2 * kappa),
  };
}

function drawGaussianMean(prior: NormalInverseGammaPrior, n: number, sum: number, sumSq: number, rng: Rng): number {
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
    beta = prior.beta + 0.5 * (ss > 0 ? ss : 0) + (prior.kappa * n * d * d) / (2 * kappa);
  }
  // variance ~ InvGamma(alpha, beta); mean | variance ~ N(mean, variance / kappa):
  // marginally a Student-t with 2 alpha degrees of freedom.
  const variance = beta / fastGamma(rng, alpha);
  return mean + Math.sqrt(variance / kappa) * fastNormal(rng);
}

/** The policy's choice among active arms of statistics block `s`. Allocation-free. */
export function chooseFromBlock(state: BanditState, s: ArmStatistics, rng: Rng): number {
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
        const v = fastBeta(rng, a0 + sk, b0 + (fail > 0 ? fail : 0));
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
      if (v > bestValue) {
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

/**
 * Adds `count` observations with total `sum` and sum of squares `sumSq` to arm `k` of
 * block `s`, applying the discount (all arms decay once) or the sliding window.
 * `reward` is the single reward when count is 1 (needed by the window).
 */
export function observeInBlock(state: BanditState, s: ArmStatistics, k: number, count: number, sum: number, sumSq: number): void {
  const gamma = state.discount;
  const n = s.n;
  const sm = s.sum;
  const sq = s.sumSq;
  if (gamma < 1) {
    for (let j = 0; j < n.length; j++) {
      n[j] *= gamma;
      sm[j] *= gamma;
      sq[j] *= gamma;
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
    if (next === 0) {
      // recompute exactly once per W updates so float sums never drift
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
      sq[k] += sumSq - old * old;
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
    let seg = Object.prototype.hasOwnProperty.call(state.segments, segment) ? state.segments[segment] : undefined;
    if (seg === undefined) {
      seg = emptyStatistics(state.arms.length, state.window);
      state.segments[segment] = seg;
    }
    observeInBlock(state, seg, k, count, sum, sumSq);
  }
}

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
      code: "NON_FINITE",
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
  return reward;
}

function optionSegment(options: { segment?: unknown } | undefined, fn: string): string | undefined {
  if (options === undefined || options === null) return undefined;
  const seg = options.segment;
  return seg === undefined ? undefined : checkSegmentName(seg, fn);
}

// ---------------------------------------------------------------- public API

/**
 * Chooses an arm and returns its index; like `chooseArm` but without the name lookup.
 * Does not change the state. O(arms), allocation-free.
 *
 * @param state - a bandit state
 * @param options - `rng` (default `createRng(0)`), `segment`
 * @throws ClienteleError `INVALID_MODEL`, `INVALID_OPTION`, `INVALID_SEGMENT`
 * @example
 * import { createBandit, chooseArmIndex } from "clientele/bandit";
 * import { createRng } from "clientele";
 * chooseArmIndex(createBandit({ arms: 3, policy: "ucb1" }), { rng: createRng(1) }); // => 0 (UCB1 plays each arm once first)
 */
export function chooseArmIndex(state: BanditState, options?: ChooseArmOptions): number {
  const fn = "chooseArm";
  checkState(state, fn);
  const rng = resolveRng(options?.rng, fn);
  const segment = optionSegment(options, fn);
  return chooseFromBlock(state, blockFor(state, segment), rng);
}

/**
 * Chooses the arm to show next and returns its name. Does not change the state (record
 * the outcome with `updateBandit`). Thompson sampling draws each active arm's mean from
 * its posterior and picks the largest; UCB1 plays each arm once, then maximises
 * mean + scale * sqrt(2 ln t / n); epsilon-greedy explores a random arm with probability
 * epsilon / (1 + decay * t), otherwise plays the best mean (untried arms first). Ties go
 * to the lower index. With `segment`, the segment's own statistics are used once it has
 * `minObservations` observations and the pooled statistics before that.
 * O(arms), allocation-free.
 *
 * @param state - a bandit state
 * @param options - `rng` (default `createRng(0)`: pass one generator and keep it, or every call repeats the same draws), `segment`
 * @throws ClienteleError `INVALID_MODEL`, `INVALID_OPTION`, `INVALID_SEGMENT`
 * @see Thompson (1933); Auer, Cesa-Bianchi & Fischer (2002), "Finite-time Analysis of the Multiarmed Bandit Problem"
 * @example
 * import { createBandit, chooseArm } from "clientele/bandit";
 * import { createRng } from "clientele";
 * const rng = createRng(7);
 * const bandit = createBandit({ arms: ["red", "blue"] });
 * chooseArm(bandit, { rng, segment: "mobile" }); // => "red" or "blue"
 */
export function chooseArm(state: BanditState, options?: ChooseArmOptions): string {
  return state.arms[chooseArmIndex(state, options)];
}

/**
 * Records one reward for an arm by changing `state` in place and returning it: the fast
 * path for hosts that own the state object. With a discount factor every arm's evidence
 * decays by gamma first; with a window the arm's oldest reward falls out. With `segment`
 * the reward goes to the pooled statistics and to the segment's. O(arms) with a discount,
 * O(1) otherwise (amortized, with a window).
 *
 * @param state - a bandit state (changed)
 * @param arm - arm name or index (retired arms accept late feedback)
 * @param reward - the reward: in [0, 1] for Bernoulli arms (1 = converted)
 * @param options - `segment`
 * @throws ClienteleError `UNKNOWN_ARM`, `NON_FINITE`, `REWARD_OUT_OF_RANGE`, `INVALID_SEGMENT`, `INVALID_MODEL`
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
  const fn = "updateBandit";
  checkState(state, fn);
  const k = resolveArm(state, arm, fn);
  const r = checkReward(state, reward, fn, ["reward"]);
  observe(state, k, 1, r, r * r, optionSegment(options, fn));
  return state;
}

/**
 * Records one reward for an arm and returns a new state; the input is not changed (it is
 * copied first, O(size of the state); use `updateBanditInPlace` on a hot path).
 * Semantics as `updateBanditInPlace`.
 *
 * @param state - a bandit state
 * @param arm - arm name or index
 * @param reward - the reward: in [0, 1] for Bernoulli arms
 * @param options - `segment`
 * @throws ClienteleError `UNKNOWN_ARM`, `NON_FINITE`, `REWARD_OUT_OF_RANGE`, `INVALID_SEGMENT`, `INVALID_MODEL`
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
  checkState(state, fn);
  const k = resolveArm(state, arm, fn);
  const r = checkReward(state, reward, fn, ["reward"]);
  const segment = optionSegment(options, fn);
  const out = cloneBandit(state);
  observe(out, k, 1, r, r * r, segment);
  return out;
}

/**
 * Records many delayed observations at once and returns a new state (the input is not
 * changed). Each entry is either one reward `{ arm, reward, segment? }` or a summary
 * `{ arm, count, sum, sumSq?, segment? }` of `count` rewards (for Bernoulli arms,
 * `sum` = conversions). Entries are applied in order; with a discount factor a summary
 * counts as one time step. Every entry is checked before any is applied, so a bad entry
 * leaves nothing half-done. O(entries * arms) with a discount, O(entries + state) otherwise.
 *
 * @param state - a bandit state
 * @param updates - observations in arrival order
 * @throws ClienteleError `UNKNOWN_ARM`, `NON_FINITE`, `REWARD_OUT_OF_RANGE`, `NEGATIVE_COUNT`,
 *   `NOT_INTEGER`, `INVALID_SUMMARY`, `WINDOW_NEEDS_REWARDS`, `INVALID_SEGMENT`, `INVALID_MODEL`
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
  checkState(state, fn);
  if (!Array.isArray(updates)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
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
  for (let i = 0; i < m; i++) {
    const u = updates[i] as Partial<BanditRewardUpdate & BanditSummaryUpdate>;
    if (u === null || typeof u !== "object") {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["updates", i],
        received: u,
        message: `${fn}: updates[${i}] must be { arm, reward } or { arm, count, sum, sumSq }. Got ${describeValue(u)}.`,
      });
    }
    arms[i] = resolveArm(state, u.arm as string | number, `${fn} (updates[${i}])`);
    segments[i] = u.segment === undefined ? undefined : checkSegmentName(u.segment, `${fn} (updates[${i}])`);
    if (u.count === undefined) {
      const r = checkReward(state, u.reward, fn, ["updates", i, "reward"]);
      counts[i] = 1;
      sums[i] = r;
      sumSqs[i] = r * r;
      continue;
    }
    const path = ["updates", i];
    const c = u.count;
    if (typeof c !== "number" || !Number.isFinite(c)) {
      throw new ClienteleError({ code: "NON_FINITE", path: [...path, "count"], received: c, message: `${fn}: updates[${i}].count must be a finite number. Got ${describeValue(c)}.` });
    }
    if (c < 0) {
      throw new ClienteleError({ code: "NEGATIVE_COUNT", path: [...path, "count"], received: c, message: `${fn}: updates[${i}].count is ${c}; counts cannot be negative.` });
    }
    if (!Number.isInteger(c)) {
      throw new ClienteleError({ code: "NOT_INTEGER", path: [...path, "count"], received: c, message: `${fn}: updates[${i}].count is ${c}; it must be a whole number of observations.` });
    }
    if (state.window > 0) {
      throw new ClienteleError({
        code: "WINDOW_NEEDS_REWARDS",
        path,
        message: `${fn}: updates[${i}] is a summary, but a bandit with a sliding window needs the individual rewards. Send { arm, reward } entries instead.`,
      });
    }
    const s = u.sum;
    if (typeof s !== "number" || !Number.isFinite(s)) {
      throw new ClienteleError({ code: "NON_FINITE", path: [...path, "sum"], received: s, message: `${fn}: updates[${i}].sum must be a finite number. Got ${describeValue(s)}.` });
    }
    let sq: number;
    if (state.reward === "bernoulli") {
      if (s < 0) {
        throw new ClienteleError({ code: "NEGATIVE_COUNT", path: [...path, "sum"], received: s, message: `${fn}: updates[${i}].sum is ${s}; conversions cannot be negative.` });
      }
      if (s > c) {
        throw new ClienteleError({
          code: "REWARD_OUT_OF_RANGE",
          path: [...path, "sum"],
          received: s,
          message: `${fn}: updates[${i}] has sum ${s} > count ${c}; Bernoulli rewards lie in [0, 1], so conversions cannot exceed the count.`,
        });
      }
      sq = s; // exact for 0/1 rewards; unused by the Beta posterior
    } else {
      const q = u.sumSq;
      if (typeof q !== "number" || !Number.isFinite(q)) {
        throw new ClienteleError({ code: "INVALID_SUMMARY", path: [...path, "sumSq"], received: q, message: `${fn}: updates[${i}].sumSq (sum of squared rewards) is required for Gaussian arms. Got ${describeValue(q)}.` });
      }
      if (c === 0 ? q !== 0 || s !== 0 : q < (s * s) / c - 1e-9 * Math.max(1, Math.abs(q))) {
        throw new ClienteleError({
          code: "INVALID_SUMMARY",
          path: [...path, "sumSq"],
          received: q,
          message: `${fn}: updates[${i}] is not a possible summary: sumSq ${q} must be >= sum^2 / count = ${c === 0 ? 0 : (s * s) / c}.`,
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
  return out;
}
