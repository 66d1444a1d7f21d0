import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { createRng } from "../core/rng.js";
import { runAsync, runSync, throwIfAborted, type Steps } from "../core/async.js";
import { progressOption, seedOption, signalOption } from "../core/options.js";
import { parseOptions } from "../core/validate.js";
import { chooseFromBlock, observeInBlock } from "./policy.js";
import { fastNormal } from "./sample.js";
import { createBandit, type BanditPolicyInput, type BanditPolicyName, type BetaPrior, type NormalInverseGammaPrior } from "./state.js";

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
  /**
   * Stops the simulation (`ABORTED`), checked every 8,192 steps. The synchronous function can
   * only see it fire from `onProgress`; use `simulateBanditAsync` to stop a run from a timer
   * (`AbortSignal.timeout(ms)`).
   */
  signal?: AbortSignal;
}

/** Largest repetitions x horizon x arms of one simulation (about 15 minutes on one core). */
export const MAX_SIMULATION_WORK = 1e10;

/** Largest repetitions x checkpoints (the regret table kept in memory: 80 MB). */
export const MAX_SIMULATION_CELLS = 1e7;

/** Steps between two checks of the signal (and two yields of the async variant). */
const CHUNK = 8192;

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

const mean = z.number().min(-1e100).max(1e100);
const simulateSchema = z.strictObject({
  armMeans: z.array(mean).min(1).max(10_000),
  horizon: z.number().int().min(1).max(1e9),
  repetitions: z.number().int().min(1).max(1e7).optional(),
  seed: seedOption().optional(),
  checkpoints: z.array(z.number().int().min(1)).min(1).optional(),
  reward: z.enum(["bernoulli", "gaussian"]).optional(),
  rewardSd: z.number().positive().max(1e100).optional(),
  changes: z.array(z.strictObject({ step: z.number().int().min(1), armMeans: z.array(mean) })).optional(),
  onProgress: progressOption<SimulateBanditProgress>().optional(),
  signal: signalOption().optional(),
});

const configSchema = z.strictObject({
  policy: z.unknown(),
  prior: z.unknown().optional(),
  discount: z.unknown().optional(),
  window: z.unknown().optional(),
});

/**
 * Simulates a bandit policy against arms with known means and returns the cumulative
 * pseudo-regret curve (sum over steps of best mean minus the chosen arm's mean) with a
 * 95% confidence band for its mean. Runs in O(repetitions * horizon * arms) using the
 * same allocation-free path as `chooseArm` / `updateBanditInPlace`.
 *
 * @param policy - "thompson", "ucb1", "epsilon-greedy", a policy configuration, or `{ policy, prior, discount, window }`
 * @param options - armMeans, horizon, repetitions (100), seed (0), checkpoints, reward, rewardSd, changes, onProgress, signal
 * Checks `signal` every 8,192 steps; the synchronous function can only see it fire from
 * `onProgress` — use `simulateBanditAsync` to stop it from a timer.
 *
 * @throws ClienteleError `INVALID_OPTION` (unknown or bad option, bad prior), `INVALID_INPUT` (no policy),
 *   `REWARD_OUT_OF_RANGE` (Bernoulli means outside [0, 1]), `TOO_LARGE` (repetitions x horizon x arms above 1e10,
 *   repetitions x checkpoints above 1e7), `ABORTED`
 * @see Chapelle & Li (2011), "An Empirical Evaluation of Thompson Sampling"
 * @example
 * import { simulateBandit } from "clientele/bandit";
 * const sim = simulateBandit("thompson", { armMeans: [0.05, 0.07], horizon: 1000, repetitions: 50, seed: 1 });
 * sim.checkpoints.at(-1); // => 1000
 * sim.meanRegret.at(-1); // => about 6 (cumulative regret after 1,000 steps)
 */
export function simulateBandit(policy: BanditPolicyInput | SimulatedBanditConfig, options: SimulateBanditOptions): BanditSimulation {
  return runSync(simulateSteps(policy, options, "simulateBandit"));
}

/**
 * `simulateBandit` that yields to the event loop about every 10 ms, so `signal` (for example
 * `AbortSignal.timeout(5000)`) stops it in wall-clock time with `ABORTED`. Same result as
 * `simulateBandit` for the same input and seed.
 *
 * @param policy - as for `simulateBandit`
 * @param options - as for `simulateBandit`; `signal` is checked after every break
 * @throws ClienteleError the codes of `simulateBandit`
 * @example
 * import { simulateBanditAsync } from "clientele/bandit";
 * const sim = await simulateBanditAsync("ucb1", { armMeans: [0.1, 0.2], horizon: 1000, repetitions: 20, signal: AbortSignal.timeout(5000) });
 * sim.checkpoints.at(-1); // => 1000
 */
export function simulateBanditAsync(policy: BanditPolicyInput | SimulatedBanditConfig, options: SimulateBanditOptions): Promise<BanditSimulation> {
  const fn = "simulateBanditAsync";
  let steps: Steps<BanditSimulation>;
  try {
    steps = simulateSteps(policy, options, fn);
    steps.next(); // validate the input before the first break (throws synchronously into the promise)
  } catch (e) {
    return Promise.reject(e);
  }
  const signal = options !== null && typeof options === "object" ? (options as SimulateBanditOptions).signal : undefined;
  return runAsync(steps, fn, signal);
}

function* simulateSteps(policy: BanditPolicyInput | SimulatedBanditConfig, options: SimulateBanditOptions, fn: string): Steps<BanditSimulation> {
  const opts = parseOptions(simulateSchema, options, fn);
  let config: SimulatedBanditConfig;
  if (typeof policy === "object" && policy !== null && "policy" in policy) {
    config = parseOptions(configSchema, policy, fn) as SimulatedBanditConfig;
  } else if (policy === undefined || policy === null) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["policy"],
      received: policy,
      message: `${fn}: policy is missing. Pass "thompson", "ucb1", "epsilon-greedy", a policy configuration, or { policy, prior, discount, window }.`,
    });
  } else {
    config = { policy: policy as BanditPolicyInput };
  }
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
  const work = repetitions * horizon * K;
  if (work > MAX_SIMULATION_WORK) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "horizon"],
      received: work,
      message: `${fn}: ${repetitions} repetitions x ${horizon} steps x ${K} arms is ${work} arm-steps, more than ${MAX_SIMULATION_WORK} (hours of work). Use fewer repetitions (the confidence band narrows with sqrt(repetitions)) or a shorter horizon.`,
    });
  }
  if (repetitions * checkpoints.length > MAX_SIMULATION_CELLS) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "checkpoints"],
      received: checkpoints.length,
      message: `${fn}: ${repetitions} repetitions x ${checkpoints.length} checkpoints is more than ${MAX_SIMULATION_CELLS} recorded values. Record fewer checkpoints (the default is 20).`,
    });
  }
  const renamed = (e: unknown): never => {
    if (e instanceof ClienteleError) {
      throw new ClienteleError({ code: e.code, path: e.path, received: e.received, message: e.message.replace(/^createBandit:/, `${fn}:`) });
    }
    throw e;
  };
  let template: ReturnType<typeof createBandit>;
  try {
    template = createBandit({
      arms: K,
      policy: config.policy,
      reward,
      prior: config.prior,
      discount: config.discount,
      window: config.window,
    } as Parameters<typeof createBandit>[0]);
  } catch (e) {
    renamed(e);
    throw e;
  }
  yield; // input checked
  const sd = opts.rewardSd ?? 1;
  const rng = createRng(opts.seed ?? 0);
  const C = checkpoints.length;
  const regretAt = new Float64Array(repetitions * C);
  const plays = new Float64Array(K);
  const means = new Float64Array(K);
  const changeSteps = changes.map((c) => c.step);

  const signal = opts.signal;
  for (let rep = 0; rep < repetitions; rep++) {
    throwIfAborted(signal, fn);
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
      if (t % CHUNK === 0) {
        throwIfAborted(signal, fn);
        yield;
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
