import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { createRng } from "../core/rng.js";
import { parseOptions } from "../core/validate.js";
import { chooseFromBlock, observeInBlock } from "./policy.js";
import { fastNormal } from "./sample.js";
import {
  createBandit,
  type BanditPolicyInput,
  type BanditPolicyName,
  type BetaPrior,
  type NormalInverseGammaPrior,
} from "./state.js";

/** A bandit configuration to simulate: a policy plus, optionally, prior, discount and window. */
export interface SimulatedBanditConfig {
  /** Policy name or configuration. */
  policy: BanditPolicyInput;
  /** Prior (defaults as in `createBandit`). */
  prior?: Partial<BetaPrior> | Partial<NormalInverseGammaPrior>;
  /** Discount factor in (0, 1] (default 1). */
  discount?: number;
  /** Sliding window per arm (default 0: none). */
  window?: number;
}

/** A change of the true arm means during a simulation (for drifting rewards). */
export interface ArmMeansChange {
  /** First step (1-based) at which the new means hold. */
  step: number;
  /** The new true mean of each arm. */
  armMeans: number[];
}

/** Progress report of `simulateBandit`. */
export interface SimulateBanditProgress {
  /** Repetitions finished. */
  repetition: number;
  /** Repetitions in total. */
  repetitions: number;
}

/** Options of `simulateBandit`. */
export interface SimulateBanditOptions {
  /** True mean reward of each arm (probabilities for Bernoulli rewards). */
  armMeans: number[];
  /** Steps per repetition. */
  horizon: number;
  /** Independent repetitions (default 100). */
  repetitions?: number;
  /** Seed of the random stream (default 0). */
  seed?: number;
  /** Steps (1-based) at which cumulative regret is recorded (default: 20 evenly spaced, ending at the horizon). */
  checkpoints?: number[];
  /** Reward model (default "bernoulli"); Gaussian rewards are Normal(mean, rewardSd). */
  reward?: "bernoulli" | "gaussian";
  /** Standard deviation of Gaussian rewards (default 1). */
  rewardSd?: number;
  /** Changes of the true means during each run (sorted by step). */
  changes?: ArmMeansChange[];
  /** Called after each repetition. */
  onProgress?: (progress: SimulateBanditProgress) => void;
  /** Stops the simulation between repetitions (`ABORTED`). */
  signal?: AbortSignal;
}

/** Cumulative pseudo-regret curve of a policy, averaged over repetitions. */
export interface BanditSimulation {
  /** The simulated policy's name. */
  policy: BanditPolicyName;
  /** Steps per repetition. */
  horizon: number;
  /** Repetitions. */
  repetitions: number;
  /** Steps at which regret was recorded. */
  checkpoints: number[];
  /** Mean cumulative pseudo-regret at each checkpoint. */
  meanRegret: number[];
  /** Standard deviation across repetitions at each checkpoint. */
  sdRegret: number[];
  /** Lower end of the 95% confidence interval of the mean (mean - 1.96 sd / sqrt(repetitions)). */
  lower: number[];
  /** Upper end of the 95% confidence interval of the mean. */
  upper: number[];
  /** Mean number of plays of each arm over a run. */
  meanPlays: number[];
}

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const simulateSchema = z.strictObject({
  armMeans: z.array(finite).min(1).max(10_000),
  horizon: z.number().int().min(1).max(1e9),
  repetitions: z.number().int().min(1).max(1e7).optional(),
  seed: z.number().int().optional(),
  checkpoints: z.array(z.number().int().min(1)).min(1).optional(),
  reward: z.enum(["bernoulli", "gaussian"]).optional(),
  rewardSd: finite.positive().optional(),
  changes: z.array(z.strictObject({ step: z.number().int().min(1), armMeans: z.array(finite) })).optional(),
  onProgress: z.custom<(progress: SimulateBanditProgress) => void>((v) => typeof v === "function", "must be a function").optional(),
  signal: z.custom<AbortSignal>((v) => typeof v === "object" && v !== null && "aborted" in v).optional(),
});

/**
 * Simulates a bandit policy against arms with known means and returns the cumulative
 * pseudo-regret curve (sum over steps of best mean minus the chosen arm's mean) with a
 * 95% confidence band for its mean. Runs in O(repetitions * horizon * arms) using the
 * same allocation-free path as `chooseArm` / `updateBanditInPlace`.
 *
 * @param policy - "thompson", "ucb1", "epsilon-greedy", a policy configuration, or `{ policy, prior, discount, window }`
 * @param options - armMeans, horizon, repetitions (100), seed (0), checkpoints, reward, rewardSd, changes, onProgress, signal
 * @throws ClienteleError `INVALID_OPTION`, `INVALID_PRIOR`, `REWARD_OUT_OF_RANGE` (Bernoulli means outside [0, 1]), `ABORTED`
 * @see Chapelle & Li (2011), "An Empirical Evaluation of Thompson Sampling"
 * @example
 * import { simulateBandit } from "clientele/bandit";
 * const sim = simulateBandit("thompson", { armMeans: [0.05, 0.07], horizon: 1000, repetitions: 50, seed: 1 });
 * sim.meanRegret.at(-1); // cumulative regret after 1,000 steps
 */
export function simulateBandit(
  policy: BanditPolicyInput | SimulatedBanditConfig,
  options: SimulateBanditOptions,
): BanditSimulation {
  const fn = "simulateBandit";
  const opts = parseOptions(simulateSchema, options, fn);
  const config: SimulatedBanditConfig =
    typeof policy === "object" && policy !== null && "policy" in policy ? policy : { policy: policy as BanditPolicyInput };
  const reward = opts.reward ?? "bernoulli";
  const K = opts.armMeans.length;
  const changes = [...(opts.changes ?? [])].sort((a, b) => a.step - b.step);
  const schedules = [opts.armMeans, ...changes.map((c) => c.armMeans)];
  schedules.forEach((means, i) => {
    if (means.length !== K) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "changes", i - 1, "armMeans"],
        message: `${fn}: changes[${i - 1}].armMeans has ${means.length} values but there are ${K} arms.`,
      });
    }
    if (reward === "bernoulli" && means.some((m) => m < 0 || m > 1)) {
      throw new ClienteleError({
        code: "REWARD_OUT_OF_RANGE",
        path: i === 0 ? ["options", "armMeans"] : ["options", "changes", i - 1, "armMeans"],
        message: `${fn}: Bernoulli arm means are probabilities and must lie in [0, 1].`,
      });
    }
  });
  const horizon = opts.horizon;
  const repetitions = opts.repetitions ?? 100;
  let checkpoints = opts.checkpoints ? [...new Set(opts.checkpoints)].sort((a, b) => a - b) : [];
  if (checkpoints.length === 0) {
    for (let i = 1; i <= 20; i++) checkpoints.push(Math.max(1, Math.round((horizon * i) / 20)));
    checkpoints = [...new Set(checkpoints)];
  }
  if (checkpoints[checkpoints.length - 1] > horizon) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "checkpoints"],
      message: `${fn}: checkpoints must be <= horizon (${horizon}). Got ${checkpoints[checkpoints.length - 1]}.`,
    });
  }
  const template = createBandit({
    arms: K,
    policy: config.policy,
    reward,
    prior: config.prior,
    discount: config.discount,
    window: config.window,
  });
  const sd = opts.rewardSd ?? 1;
  const rng = createRng(opts.seed ?? 0);
  const C = checkpoints.length;
  const regretAt = new Float64Array(repetitions * C);
  const plays = new Float64Array(K);
  const means = new Float64Array(K);
  const changeSteps = changes.map((c) => c.step);

  for (let rep = 0; rep < repetitions; rep++) {
    if (opts.signal?.aborted) {
      throw new ClienteleError({ code: "ABORTED", message: `${fn}: aborted after ${rep} of ${repetitions} repetitions.` });
    }
    const state = createBandit({
      arms: K,
      policy: template.policy,
      reward,
      prior: template.prior,
      discount: template.discount,
      window: template.window,
    });
    const block = state.pooled;
    means.set(schedules[0]);
    let best = Math.max(...schedules[0]);
    let nextChange = 0;
    let regret = 0;
    let ci = 0;
    for (let t = 1; t <= horizon; t++) {
      if (nextChange < changeSteps.length && changeSteps[nextChange] === t) {
        means.set(schedules[nextChange + 1]);
        best = Math.max(...schedules[nextChange + 1]);
        nextChange++;
        while (nextChange < changeSteps.length && changeSteps[nextChange] <= t) nextChange++;
      }
      const k = chooseFromBlock(state, block, rng);
      const mu = means[k];
      regret += best - mu;
      const r = reward === "bernoulli" ? (rng.uniform() < mu ? 1 : 0) : mu + sd * fastNormal(rng);
      observeInBlock(state, block, k, 1, r, r * r);
      if (t === checkpoints[ci]) {
        regretAt[rep * C + ci] = regret;
        ci++;
      }
    }
    for (let k = 0; k < K; k++) plays[k] += block.plays[k];
    opts.onProgress?.({ repetition: rep + 1, repetitions });
  }

  const meanRegret: number[] = [];
  const sdRegret: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let r = 0; r < repetitions; r++) s += regretAt[r * C + c];
    const m = s / repetitions;
    let v = 0;
    for (let r = 0; r < repetitions; r++) v += (regretAt[r * C + c] - m) ** 2;
    const sdc = repetitions > 1 ? Math.sqrt(v / (repetitions - 1)) : 0;
    const half = (1.959963984540054 * sdc) / Math.sqrt(repetitions);
    meanRegret.push(m);
    sdRegret.push(sdc);
    lower.push(m - half);
    upper.push(m + half);
  }
  return {
    policy: template.policy.type,
    horizon,
    repetitions,
    checkpoints,
    meanRegret,
    sdRegret,
    lower,
    upper,
    meanPlays: Array.from(plays, (p) => p / repetitions),
  };
}
