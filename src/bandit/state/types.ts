// The types of a bandit state (plain JSON data) and of createBandit's options.

/** The reward model of a bandit: conversions (0/1, or a fraction in [0, 1]) or continuous values. */
export type BanditRewardType = "bernoulli" | "gaussian";

/** Thompson sampling: play each arm with the posterior probability that it is best. */
export interface ThompsonPolicy {
  /** Policy name. */
  type: "thompson";
}

/** UCB1 of Auer, Cesa-Bianchi & Fischer (2002): mean + scale * sqrt(2 ln t / n). */
export interface Ucb1Policy {
  /** Policy name. */
  type: "ucb1";
  /** Multiplier of the exploration bonus (1 = Auer et al.; use the reward range for rewards outside [0, 1]). */
  scale: number;
}

/** Epsilon-greedy: explore a uniformly random arm with probability epsilon / (1 + decay * t). */
export interface EpsilonGreedyPolicy {
  /** Policy name. */
  type: "epsilon-greedy";
  /** Exploration probability at t = 0, in [0, 1]. */
  epsilon: number;
  /** Decay rate: epsilon_t = epsilon / (1 + decay * t), t = observations so far (0 = fixed epsilon). */
  decay: number;
}

/** A fully specified policy, as stored in a bandit state. */
export type BanditPolicy = ThompsonPolicy | Ucb1Policy | EpsilonGreedyPolicy;

/** The name of a policy. */
export type BanditPolicyName = BanditPolicy["type"];

/** A policy as accepted by `createBandit`: a name, or a configuration whose omitted fields take defaults. */
export type BanditPolicyInput =
  | BanditPolicyName
  | { type: "thompson" }
  | { type: "ucb1"; scale?: number }
  | { type: "epsilon-greedy"; epsilon?: number; decay?: number };

/** Beta(alpha, beta) prior on each Bernoulli arm's success probability. */
export interface BetaPrior {
  /** Prior successes (> 0). */
  alpha: number;
  /** Prior failures (> 0). */
  beta: number;
}

/**
 * Normal-Inverse-Gamma prior on a Gaussian arm's (mean, variance):
 * variance ~ InvGamma(alpha, beta), mean | variance ~ Normal(mean, variance / kappa).
 */
export interface NormalInverseGammaPrior {
  /** Prior guess of the mean reward. */
  mean: number;
  /** Pseudo-observations behind that guess (> 0). */
  kappa: number;
  /** Inverse-gamma shape of the variance (> 0). */
  alpha: number;
  /** Inverse-gamma scale of the variance (> 0). */
  beta: number;
}

/** A prior: Beta for Bernoulli arms, Normal-Inverse-Gamma for Gaussian arms. */
export type BanditPrior = BetaPrior | NormalInverseGammaPrior;

/**
 * Sufficient statistics of every arm for one population (the pooled one or a segment),
 * as parallel arrays indexed like `state.arms`. With a discount factor `n`, `sum` and
 * `sumSq` are discounted (fractional) weights; `plays` always counts raw observations.
 */
export interface ArmStatistics {
  /** (Discounted or windowed) number of observations per arm. */
  n: number[];
  /** (Discounted or windowed) sum of rewards per arm. */
  sum: number[];
  /** (Discounted or windowed) sum of squared rewards per arm. */
  sumSq: number[];
  /** Raw number of observations ever recorded per arm. */
  plays: number[];
  /** With a sliding window: the last `window` rewards of each arm as a ring buffer; otherwise null. */
  recent: number[][] | null;
  /** With a sliding window: index of the oldest reward in each ring buffer; otherwise null. */
  recentStart: number[] | null;
}

/** Factor structure of a multivariate (factorial) bandit: which level of each factor each arm shows. */
export interface FactorialDesign {
  /** Factor names, e.g. ["headline", "image", "cta"]. */
  names: string[];
  /** Levels of each factor, in the order given. */
  levels: string[][];
  /** For each arm, the index of its level in each factor. */
  armLevels: number[][];
}

/**
 * A bandit as plain JSON data: configuration plus sufficient statistics. Survives
 * `JSON.stringify`; check a parsed copy with `banditFromJSON`.
 */
export interface BanditState {
  /** Always "bandit". */
  kind: "bandit";
  /** Format version (1). */
  version: 1;
  /** Reward model. */
  reward: BanditRewardType;
  /** Policy with every default filled in. */
  policy: BanditPolicy;
  /** Prior (Beta for Bernoulli, Normal-Inverse-Gamma for Gaussian). */
  prior: BanditPrior;
  /** Discount factor gamma in (0, 1]: all evidence is multiplied by gamma before each new observation (1 = stationary). */
  discount: number;
  /** Sliding window: keep only the last `window` observations of each arm (0 = keep all). */
  window: number;
  /** A segment uses its own statistics once it has this many observations; before that, the pooled ones. */
  minObservations: number;
  /** Arm names, in index order. */
  arms: string[];
  /** Whether each arm is retired (never chosen again; its statistics are kept). */
  retired: boolean[];
  /** Statistics over all observations. */
  pooled: ArmStatistics;
  /** Statistics per segment (only observations sent with that segment), keyed by the segment id's string form. */
  segments: Record<string, ArmStatistics>;
  /** Factor structure for bandits made by `createFactorialBandit`; otherwise null. */
  factors: FactorialDesign | null;
  /**
   * The bandit's own random stream: the four 32-bit state words of a xoshiro128** generator
   * (initially those of `createRng(seed)`). `chooseArm` without `rng` draws from it and
   * advances it in place, so saving the state after each choice continues one stream.
   * Optional only for states saved before it existed (they load with the stream of seed 0).
   */
  stream: number[];
}

/** Options of `createBandit`. */
export interface CreateBanditOptions {
  /** Number of arms (named "0", "1", ...) or the list of arm names. */
  arms: number | readonly string[];
  /** Policy (default "thompson"). */
  policy?: BanditPolicyInput;
  /** Reward model (default "bernoulli"). */
  reward?: BanditRewardType;
  /**
   * Prior. Default Beta(1, 1) for Bernoulli arms; for Gaussian arms
   * `{ mean: 0, kappa: 0.01, alpha: 1, beta: 1 }` (set `mean` and `beta` to the scale of your rewards).
   * Every field is at most 1e100 in absolute value.
   */
  prior?: Partial<BetaPrior> | Partial<NormalInverseGammaPrior>;
  /** Discount factor in (0, 1] for drifting rewards (default 1: no discounting). */
  discount?: number;
  /** Sliding window of observations kept per arm (default 0: keep all). Not combinable with `discount` < 1. */
  window?: number;
  /** Observations a segment needs before it stops borrowing the pooled statistics (default 100). */
  minObservations?: number;
  /**
   * Seed of the state's own random stream (`state.stream`), used by `chooseArm` when no `rng`
   * is passed (default 0). The stream is the stream of `createRng(seed)`; give bandits that
   * must not share draws different seeds.
   */
  seed?: number;
}
