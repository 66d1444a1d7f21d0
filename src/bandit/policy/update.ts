// updateBanditInPlace (hot path, then the checked path) and updateBandit (a new state).
import { blockOk, configOk } from "../fastcheck.js";
import {
  checkBlock,
  checkState,
  cloneBandit,
  MAX_COUNT,
  MAX_REWARD,
  POOLED_PATH,
  resolveArm,
  segmentBlock,
  validateState,
  type BanditState,
} from "../state.js";
import { observe } from "./block.js";
import { checkReward, optionSegment, segmentOk, tooMany } from "./options.js";
import type { UpdateBanditOptions } from "./types.js";

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
export function updateBanditInPlace(state: BanditState, arm: string | number, reward: number, options?: UpdateBanditOptions): BanditState {
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
export function updateBandit(state: BanditState, arm: string | number, reward: number, options?: UpdateBanditOptions): BanditState {
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
