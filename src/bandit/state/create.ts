// createBandit: option schema, policy and prior normalization, arm names.
import * as z from "../../core/schema.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import { seedOption } from "../../core/options.js";
import type { ErrorCode } from "../../core/codes.js";
import { parseOptions } from "../../core/validate.js";
import { streamFromSeed } from "../stream.js";
import { MAX_ARMS, MAX_REWARD } from "./limits.js";
import { emptyStatistics, own } from "./statistics.js";
import type { BanditPolicy, BanditPolicyInput, BanditPrior, BanditRewardType, BanditState, CreateBanditOptions } from "./types.js";

export const finite = z.number();

const policyInputSchema = z.union([
  z.enum(["thompson", "ucb1", "epsilon-greedy"]),
  z.strictObject({ type: z.literal("thompson") }),
  z.strictObject({ type: z.literal("ucb1"), scale: finite.positive().max(MAX_REWARD).optional() }),
  z.strictObject({
    type: z.literal("epsilon-greedy"),
    epsilon: z.number().min(0).max(1).optional(),
    decay: finite.min(0).max(MAX_REWARD).optional(),
  }),
]);

const createOptionsSchema = z.strictObject({
  arms: z.union([z.number().int().min(1).max(MAX_ARMS), z.array(z.string().min(1)).min(1).max(MAX_ARMS)]),
  policy: policyInputSchema.optional(),
  reward: z.enum(["bernoulli", "gaussian"]).optional(),
  prior: z.record(z.string(), z.unknown()).optional(),
  discount: z.number().gt(0).max(1).optional(),
  window: z.number().int().min(0).max(1e9).optional(),
  minObservations: z.number().int().min(0).safe().optional(),
  seed: seedOption().optional(),
});

/** Normalizes a policy input into a full policy with defaults. */
export function normalizePolicy(input: BanditPolicyInput | undefined): BanditPolicy {
  const p = input === undefined ? "thompson" : input;
  const type = typeof p === "string" ? p : p.type;
  if (type === "ucb1") {
    const scale = typeof p === "object" && "scale" in p && p.scale !== undefined ? p.scale : 1;
    return { type: "ucb1", scale };
  }
  if (type === "epsilon-greedy") {
    const o = typeof p === "object" ? (p as { epsilon?: number; decay?: number }) : {};
    return { type: "epsilon-greedy", epsilon: o.epsilon ?? 0.1, decay: o.decay ?? 0 };
  }
  return { type: "thompson" };
}

function invalidPrior(fn: string, code: ErrorCode, root: string, field: string, value: unknown, why: string): ClienteleError {
  return new ClienteleError({
    code,
    path: [root, "prior", field],
    received: value,
    message: `${fn}: prior.${field} ${why}. Got ${describeValue(value)}.`,
  });
}

/** Checks the fields a prior needs (no allocation); throws `code` at `[root, "prior", field]`. */
function checkPositivePrior(p: Record<string, unknown>, key: string, fn: string, code: ErrorCode, root: string): void {
  const v = p[key];
  if (typeof v !== "number" || !(v > 0 && v <= MAX_REWARD)) {
    throw invalidPrior(fn, code, root, key, v, `must be a finite number in (0, ${MAX_REWARD}]`);
  }
}

export function checkPriorFields(reward: BanditRewardType, p: Record<string, unknown>, fn: string, code: ErrorCode, root: string): void {
  checkPositivePrior(p, "alpha", fn, code, root);
  checkPositivePrior(p, "beta", fn, code, root);
  if (reward === "gaussian") {
    checkPositivePrior(p, "kappa", fn, code, root);
    const m = p.mean;
    if (typeof m !== "number" || !(Math.abs(m) <= MAX_REWARD)) {
      throw invalidPrior(fn, code, root, "mean", m, `must be a finite number in [-${MAX_REWARD}, ${MAX_REWARD}]`);
    }
  }
}

/**
 * Checks a prior against the reward model and fills in defaults. Throws `code`
 * (`INVALID_OPTION` when creating, `INVALID_MODEL` when loading) for unknown fields and values
 * out of range.
 */
export function normalizePrior(
  reward: BanditRewardType,
  prior: Record<string, unknown> | undefined,
  fn: string,
  code: ErrorCode = "INVALID_OPTION",
  root = "options",
): BanditPrior {
  const p = prior ?? {};
  const allowed = reward === "bernoulli" ? ["alpha", "beta"] : ["mean", "kappa", "alpha", "beta"];
  for (const key of Object.keys(p)) {
    if (!allowed.includes(key)) {
      throw invalidPrior(
        fn,
        code,
        root,
        key,
        p[key],
        `is not a field of the ${reward === "bernoulli" ? "Beta prior { alpha, beta }" : "Normal-Inverse-Gamma prior { mean, kappa, alpha, beta }"}; remove it`,
      );
    }
  }
  const get = (key: string, dflt: number): unknown => (own(p, key) && p[key] !== undefined ? p[key] : dflt);
  const out: Record<string, unknown> =
    reward === "bernoulli"
      ? { alpha: get("alpha", 1), beta: get("beta", 1) }
      : { mean: get("mean", 0), kappa: get("kappa", 0.01), alpha: get("alpha", 1), beta: get("beta", 1) };
  checkPriorFields(reward, out, fn, code, root);
  return out as unknown as BanditPrior;
}

/** Arm names from a count or list; throws `DUPLICATE_ARM` on repeated names. */
export function armNames(arms: number | readonly string[], fn: string): string[] {
  const names = typeof arms === "number" ? Array.from({ length: arms }, (_, i) => String(i)) : [...arms];
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name)) {
      throw new ClienteleError({
        code: "DUPLICATE_ARM",
        path: ["options", "arms", i],
        received: name,
        message: `${fn}: arm name ${describeValue(name)} appears more than once. Give every arm a distinct name.`,
      });
    }
    seen.add(name);
  });
  return names;
}

/**
 * Creates a bandit as plain JSON data, with no observations yet. Runs in O(arms).
 *
 * Defaults: policy "thompson", reward "bernoulli", Beta(1, 1) prior (Gaussian:
 * `{ mean: 0, kappa: 0.01, alpha: 1, beta: 1 }`), no discounting, no window,
 * `minObservations` 100, `seed` 0. Arms given as a count are named "0", "1", ... The state
 * carries its own random stream (`stream`, the stream of `createRng(seed)`), which
 * `chooseArm` uses and advances when it is called without `rng`.
 *
 * @param options - arms, policy, reward model, prior, discount, window, minObservations, seed
 * @throws ClienteleError `INVALID_OPTION` (unknown or bad option, bad prior, or both discount < 1 and window),
 *   `DUPLICATE_ARM`
 * @see Russo, Van Roy, Kazerouni, Osband & Wen (2018), "A Tutorial on Thompson Sampling"
 * @example
 * import { createBandit, chooseArm, updateBandit } from "clientele/bandit";
 * let bandit = createBandit({ arms: ["control", "new-subject"], policy: "thompson", seed: 7 });
 * const arm = chooseArm(bandit); // => "control" or "new-subject" (advances bandit.stream)
 * bandit = updateBandit(bandit, arm, 1); // one conversion
 */
export function createBandit(options: CreateBanditOptions): BanditState {
  const fn = "createBandit";
  const opts = parseOptions(createOptionsSchema, options, fn);
  const reward = opts.reward ?? "bernoulli";
  const discount = opts.discount ?? 1;
  const window = opts.window ?? 0;
  if (discount < 1 && window > 0) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "window"],
      received: window,
      message: `${fn}: use either a discount factor < 1 or a sliding window, not both (got discount ${discount} and window ${window}).`,
    });
  }
  const names = armNames(opts.arms as number | string[], fn);
  const prior = normalizePrior(reward, opts.prior, fn);
  return {
    kind: "bandit",
    version: 1,
    reward,
    policy: normalizePolicy(opts.policy as BanditPolicyInput | undefined),
    prior,
    discount,
    window,
    minObservations: opts.minObservations ?? 100,
    arms: names,
    retired: names.map(() => false),
    pooled: emptyStatistics(names.length, window),
    segments: {},
    factors: null,
    stream: streamFromSeed(opts.seed ?? 0),
  };
}
