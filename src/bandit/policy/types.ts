// Option and update types of chooseArm / updateBandit / updateBanditBatch.
import type { Rng } from "../../core/rng.js";

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
