import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { seedOption } from "../core/options.js";
import { setOwn } from "../core/schema.js";
import type { ErrorCode } from "../core/codes.js";
import { checkModelHeader, parseOptions, parseWith } from "../core/validate.js";
import { isStream, streamFromSeed } from "./stream.js";

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

/** Largest number of arms a bandit may have. */
export const MAX_ARMS = 10_000;

/**
 * Largest absolute reward a Gaussian bandit accepts (and largest prior field). Squares and
 * sums of up to 2^53 such rewards stay finite, so no sequence of updates can make a state
 * that `banditFromJSON` rejects.
 */
export const MAX_REWARD = 1e100;

/** Largest observation count (per arm, and per summary): 2^53 - 1, the largest exact integer. */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;

const finite = z.number();

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
  arms: z.union([
    z.number().int().min(1).max(MAX_ARMS),
    z.array(z.string().min(1)).min(1).max(MAX_ARMS),
  ]),
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

const own = (o: object, key: string): boolean => Object.hasOwn(o, key);

/** Checks the fields a prior needs (no allocation); throws `code` at `[root, "prior", field]`. */
function checkPositivePrior(p: Record<string, unknown>, key: string, fn: string, code: ErrorCode, root: string): void {
  const v = p[key];
  if (typeof v !== "number" || !(v > 0 && v <= MAX_REWARD)) {
    throw invalidPrior(fn, code, root, key, v, `must be a finite number in (0, ${MAX_REWARD}]`);
  }
}

function checkPriorFields(reward: BanditRewardType, p: Record<string, unknown>, fn: string, code: ErrorCode, root: string): void {
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

/** Empty statistics for `k` arms. */
export function emptyStatistics(k: number, window: number): ArmStatistics {
  const zeros = (): number[] => new Array<number>(k).fill(0);
  return {
    n: zeros(),
    sum: zeros(),
    sumSq: zeros(),
    plays: zeros(),
    recent: window > 0 ? Array.from({ length: k }, () => []) : null,
    recentStart: window > 0 ? zeros() : null,
  };
}

/**
 * The key of a `segment` option: a segment is an id (the library's id rule: a non-empty string
 * or a finite number, compared by string form, so 7 and "7" are one segment). Any name works,
 * also "constructor" or "__proto__". Throws `INVALID_OPTION` otherwise.
 */
export function segmentOption(segment: unknown, fn: string): string | undefined {
  if (segment === undefined) return undefined;
  if (typeof segment === "string" && segment.length > 0) return segment;
  if (typeof segment === "number" && Number.isFinite(segment)) return String(segment);
  throw new ClienteleError({
    code: "INVALID_OPTION",
    path: ["options", "segment"],
    received: segment,
    message: `${fn}: options.segment must be a segment id: a non-empty string or a finite number (7 and "7" are the same segment). Got ${describeValue(segment)}. Leave it out for the pooled statistics.`,
  });
}

/** The key of a `segment` row field (an id, by `idKey`); undefined when absent. */
export function segmentField(segment: unknown, fn: string, path: ReadonlyArray<string | number>): string | undefined {
  return segment === undefined ? undefined : idKey(segment, fn, path);
}

/** The statistics of segment `key` when the state has them (own keys only). */
export function segmentBlock(state: BanditState, key: string): ArmStatistics | undefined {
  return own(state.segments, key) ? state.segments[key] : undefined;
}

/** Adds segment statistics under `key` (safe for "__proto__"). */
export function setSegment(state: BanditState, key: string, s: ArmStatistics): void {
  setOwn(state.segments as Record<string, unknown>, key, s);
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

/** Deep copy of one statistics block. */
export function cloneStatistics(s: ArmStatistics): ArmStatistics {
  return {
    n: s.n.slice(),
    sum: s.sum.slice(),
    sumSq: s.sumSq.slice(),
    plays: s.plays.slice(),
    recent: s.recent === null ? null : s.recent.map((r) => r.slice()),
    recentStart: s.recentStart === null ? null : s.recentStart.slice(),
  };
}

/** Deep copy of a (checked) bandit state: plain data, no shared arrays, own keys only. */
export function cloneBandit(state: BanditState): BanditState {
  const segments: Record<string, ArmStatistics> = {};
  for (const key of Object.keys(state.segments)) setOwn(segments, key, cloneStatistics(state.segments[key]));
  const p = state.policy;
  const policy: BanditPolicy =
    p.type === "ucb1"
      ? { type: "ucb1", scale: p.scale }
      : p.type === "epsilon-greedy"
        ? { type: "epsilon-greedy", epsilon: p.epsilon, decay: p.decay }
        : { type: "thompson" };
  const pr = state.prior as unknown as Record<string, number>;
  const prior =
    state.reward === "bernoulli"
      ? { alpha: pr.alpha, beta: pr.beta }
      : { mean: pr.mean, kappa: pr.kappa, alpha: pr.alpha, beta: pr.beta };
  return {
    kind: "bandit",
    version: 1,
    reward: state.reward,
    policy,
    prior,
    discount: state.discount,
    window: state.window,
    minObservations: state.minObservations,
    arms: state.arms.slice(),
    retired: state.retired.slice(),
    pooled: cloneStatistics(state.pooled),
    segments,
    factors:
      state.factors === null
        ? null
        : {
            names: state.factors.names.slice(),
            levels: state.factors.levels.map((l) => l.slice()),
            armLevels: state.factors.armLevels.map((l) => l.slice()),
          },
    stream: isStream(state.stream) ? state.stream.slice() : streamFromSeed(0),
  };
}

function invalidState(fn: string, root: string, path: (string | number)[], message: string, received?: unknown): ClienteleError {
  const where = root === "model" ? "the saved state" : "the state";
  return new ClienteleError({
    code: "INVALID_MODEL",
    path: [root, ...path],
    received,
    message: `${fn}: ${where} is corrupted: ${message} Use a state made by createBandit and changed only by this library's functions, or reload it with banditFromJSON.`,
  });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/**
 * Checks everything of a state except the statistics blocks and factors, without allocating:
 * header, reward, policy, prior, discount, window, minObservations, arms, retired, segments,
 * stream. Throws `INVALID_MODEL` (or the header codes). Used by every function taking a state,
 * so a corrupted in-memory state gives a code instead of a wrong decision or a TypeError.
 */
export function checkState(state: unknown, fn: string, root = "state"): asserts state is BanditState {
  checkModelHeader(state, "bandit", 1, fn);
  const s = state as Record<string, unknown>;
  const reward = s.reward;
  if (reward !== "bernoulli" && reward !== "gaussian") throw invalidState(fn, root, ["reward"], `reward must be "bernoulli" or "gaussian"; got ${describeValue(reward)}.`, reward);
  const p = s.policy as Record<string, unknown> | null;
  if (!isPlainObject(p)) throw invalidState(fn, root, ["policy"], `policy must be an object such as { type: "thompson" }.`, p);
  if (p.type === "ucb1") {
    const c = p.scale;
    if (typeof c !== "number" || !(c > 0 && c <= MAX_REWARD)) throw invalidState(fn, root, ["policy", "scale"], `policy.scale must be a number in (0, ${MAX_REWARD}].`, c);
  } else if (p.type === "epsilon-greedy") {
    const e = p.epsilon;
    const d = p.decay;
    if (typeof e !== "number" || !(e >= 0 && e <= 1)) throw invalidState(fn, root, ["policy", "epsilon"], "policy.epsilon must be a number in [0, 1].", e);
    if (typeof d !== "number" || !(d >= 0 && d <= MAX_REWARD)) throw invalidState(fn, root, ["policy", "decay"], `policy.decay must be a number in [0, ${MAX_REWARD}].`, d);
  } else if (p.type !== "thompson") {
    throw invalidState(fn, root, ["policy", "type"], `policy.type must be "thompson", "ucb1" or "epsilon-greedy"; got ${describeValue(p.type)}.`, p.type);
  }
  if (!isPlainObject(s.prior)) throw invalidState(fn, root, ["prior"], "prior must be an object.", s.prior);
  checkPriorFields(reward, s.prior, fn, "INVALID_MODEL", root);
  const discount = s.discount;
  if (typeof discount !== "number" || !(discount > 0 && discount <= 1)) throw invalidState(fn, root, ["discount"], "discount must be a number in (0, 1].", discount);
  const window = s.window;
  if (typeof window !== "number" || !Number.isInteger(window) || window < 0 || window > 1e9) throw invalidState(fn, root, ["window"], "window must be an integer in [0, 1e9].", window);
  if (discount < 1 && window > 0) throw invalidState(fn, root, ["window"], "discount < 1 and a window cannot be combined.");
  const mo = s.minObservations;
  if (typeof mo !== "number" || !Number.isSafeInteger(mo) || mo < 0) throw invalidState(fn, root, ["minObservations"], "minObservations must be a non-negative integer.", mo);
  const arms = s.arms;
  if (!Array.isArray(arms) || arms.length < 1 || arms.length > MAX_ARMS) throw invalidState(fn, root, ["arms"], `arms must be an array of 1 to ${MAX_ARMS} names.`, arms);
  const k = arms.length;
  for (let j = 0; j < k; j++) {
    const a = arms[j];
    if (typeof a !== "string" || a.length === 0) throw invalidState(fn, root, ["arms", j], `arms[${j}] must be a non-empty string.`, a);
  }
  const retired = s.retired;
  if (!Array.isArray(retired) || retired.length !== k) throw invalidState(fn, root, ["retired"], `retired must hold one boolean per arm (${k}).`, retired);
  let active = 0;
  for (let j = 0; j < k; j++) {
    const r = retired[j];
    if (typeof r !== "boolean") throw invalidState(fn, root, ["retired", j], `retired[${j}] must be true or false.`, r);
    if (!r) active++;
  }
  if (active === 0) throw invalidState(fn, root, ["retired"], "at least one arm must be active.");
  if (!isPlainObject(s.segments)) throw invalidState(fn, root, ["segments"], "segments must be an object of statistics blocks.", s.segments);
  if (s.factors !== null && !isPlainObject(s.factors)) throw invalidState(fn, root, ["factors"], "factors must be null or { names, levels, armLevels }.", s.factors);
  if (s.stream !== undefined && !isStream(s.stream)) throw invalidState(fn, root, ["stream"], "stream must be four integers in [0, 2^32), not all 0.", s.stream);
}

/** Relative slack of the statistics checks (float rounding of discounted sums). */
export const REL = 1e-9;

/** Where the pooled block is, for error paths (hoisted: no allocation per call). */
export const POOLED_PATH: readonly string[] = ["pooled"];

function badBlock(fn: string, root: string, where: readonly (string | number)[], path: (string | number)[], message: string, received?: unknown): ClienteleError {
  return invalidState(fn, root, [...where, ...path], `${where.join(".")}${message}`, received);
}

/**
 * Checks one statistics block of a checked state (no allocation): parallel arrays of one
 * value per arm, counts non-negative integers, evidence finite and consistent (n <= plays;
 * Bernoulli sums in [0, n]; Gaussian |sum| <= 1e100 n, sum^2 <= n sumSq). With `deep`, also the
 * window buffers' values. Throws `INVALID_MODEL`.
 */
export function checkBlock(
  state: BanditState,
  s: unknown,
  fn: string,
  where: readonly (string | number)[],
  deep: boolean,
  root = "state",
  onlyArm = -1,
): asserts s is ArmStatistics {
  if (!isPlainObject(s)) throw badBlock(fn, root, where, [], " must be an object { n, sum, sumSq, plays, recent, recentStart }.", s);
  const k = state.arms.length;
  const { n, sum, sumSq, plays, recent, recentStart } = s as unknown as ArmStatistics;
  if (!Array.isArray(n) || n.length !== k) throw badBlock(fn, root, where, ["n"], `.n must hold one number per arm (${k}).`, n);
  if (!Array.isArray(sum) || sum.length !== k) throw badBlock(fn, root, where, ["sum"], `.sum must hold one number per arm (${k}).`, sum);
  if (!Array.isArray(sumSq) || sumSq.length !== k) throw badBlock(fn, root, where, ["sumSq"], `.sumSq must hold one number per arm (${k}).`, sumSq);
  if (!Array.isArray(plays) || plays.length !== k) throw badBlock(fn, root, where, ["plays"], `.plays must hold one count per arm (${k}).`, plays);
  const bern = state.reward === "bernoulli";
  const from = onlyArm >= 0 ? onlyArm : 0;
  const to = onlyArm >= 0 ? onlyArm + 1 : k;
  for (let j = from; j < to; j++) {
    const nj = n[j];
    const sj = sum[j];
    const qj = sumSq[j];
    const pj = plays[j];
    if (typeof pj !== "number" || !Number.isSafeInteger(pj) || pj < 0) throw badBlock(fn, root, where, ["plays", j], `.plays[${j}] must be a non-negative integer.`, pj);
    if (typeof nj !== "number" || !(nj >= 0 && nj <= pj * (1 + REL) + REL)) throw badBlock(fn, root, where, ["n", j], `.n[${j}] must be a number in [0, plays[${j}]].`, nj);
    if (typeof sj !== "number" || !Number.isFinite(sj)) throw badBlock(fn, root, where, ["sum", j], `.sum[${j}] must be a finite number.`, sj);
    if (typeof qj !== "number" || !(qj >= 0 && qj < Infinity)) throw badBlock(fn, root, where, ["sumSq", j], `.sumSq[${j}] must be a finite number >= 0.`, qj);
    if (bern) {
      if (sj < -REL || sj > nj * (1 + REL) + REL) throw badBlock(fn, root, where, ["sum", j], `.sum[${j}] must lie in [0, n] for Bernoulli arms.`, sj);
    } else {
      if (Math.abs(sj) > MAX_REWARD * nj * (1 + REL)) throw badBlock(fn, root, where, ["sum", j], `.sum[${j}] is larger than ${MAX_REWARD} x n[${j}], which no sequence of rewards can produce.`, sj);
      if (qj > MAX_REWARD * MAX_REWARD * nj * (1 + REL)) throw badBlock(fn, root, where, ["sumSq", j], `.sumSq[${j}] is larger than ${MAX_REWARD}^2 x n[${j}], which no sequence of rewards can produce.`, qj);
      if (sj * sj > nj * qj * (1 + 1e-6) + nj * nj * 1e-300) throw badBlock(fn, root, where, ["sumSq", j], `.sumSq[${j}] is below sum^2 / n, which no sequence of rewards can produce.`, qj);
    }
  }
  const W = state.window;
  if (W > 0) {
    if (!Array.isArray(recent) || !Array.isArray(recentStart) || recent.length !== k || recentStart.length !== k) {
      throw badBlock(fn, root, where, ["recent"], ".recent and .recentStart must hold one entry per arm when a window is set.");
    }
    for (let j = from; j < to; j++) {
      const buf = recent[j];
      const st = recentStart[j];
      if (!Array.isArray(buf) || buf.length > W || buf.length !== n[j]) throw badBlock(fn, root, where, ["recent", j], `.recent[${j}] must hold the last n[${j}] <= ${W} rewards.`);
      if (typeof st !== "number" || !Number.isInteger(st) || st < 0 || (st > 0 && st >= buf.length)) throw badBlock(fn, root, where, ["recentStart", j], `.recentStart[${j}] is inconsistent with window ${W}.`, st);
      if (deep) {
        for (let i = 0; i < buf.length; i++) {
          const r = buf[i];
          if (typeof r !== "number" || !(bern ? r >= 0 && r <= 1 : Math.abs(r) <= MAX_REWARD)) throw badBlock(fn, root, where, ["recent", j, i], `.recent[${j}][${i}] is not a reward this bandit accepts.`, r);
        }
      }
    }
  } else if (recent !== null || recentStart !== null) {
    throw badBlock(fn, root, where, ["recent"], ".recent and .recentStart must be null without a window.");
  }
}

/** Checks the factor structure of a checked state (O(arms x factors)); throws `INVALID_MODEL`. */
export function checkFactors(state: BanditState, fn: string, root = "state"): void {
  const f = state.factors as unknown as Record<string, unknown> | null;
  if (f === null) return;
  const bad = (message: string): ClienteleError => invalidState(fn, root, ["factors"], message);
  const { names, levels, armLevels } = f as { names: unknown; levels: unknown; armLevels: unknown };
  if (!Array.isArray(names) || names.length === 0 || names.some((x) => typeof x !== "string" || x.length === 0)) throw bad("factors.names must be a non-empty list of names.");
  if (new Set(names).size !== names.length) throw bad("factors.names must be distinct.");
  if (!Array.isArray(levels) || levels.length !== names.length) throw bad("factors.levels must list the levels of each factor.");
  let total = 1;
  for (const lv of levels) {
    if (!Array.isArray(lv) || lv.length === 0 || lv.some((x) => typeof x !== "string" || x.length === 0)) throw bad("each factor needs a non-empty list of level names.");
    total *= lv.length;
  }
  const k = state.arms.length;
  if (total !== k || !Array.isArray(armLevels) || armLevels.length !== k) throw bad("factors must give one combination of levels per arm.");
  for (let a = 0; a < k; a++) {
    const lv = armLevels[a];
    if (!Array.isArray(lv) || lv.length !== names.length || lv.some((l, i) => !Number.isInteger(l) || l < 0 || l >= (levels[i] as unknown[]).length)) {
      throw invalidState(fn, root, ["factors", "armLevels", a], `factors.armLevels[${a}] does not match the factors.`);
    }
  }
}

/** Full check of a state: `checkState`, every block (deep), distinct arms, factors. O(size of the state). */
export function validateState(state: unknown, fn: string, root = "state"): asserts state is BanditState {
  checkState(state, fn, root);
  if (new Set(state.arms).size !== state.arms.length) throw invalidState(fn, root, ["arms"], "arm names must be distinct.");
  checkBlock(state, state.pooled, fn, ["pooled"], true, root);
  for (const key of Object.keys(state.segments)) checkBlock(state, state.segments[key], fn, ["segments", key], true, root);
  checkFactors(state, fn, root);
}

/** Index of `arm` (a name or an index); throws `UNKNOWN_ARM`. */
export function resolveArm(state: BanditState, arm: string | number, fn: string, path: ReadonlyArray<string | number> = ["arm"]): number {
  if (typeof arm === "number") {
    if (Number.isInteger(arm) && arm >= 0 && arm < state.arms.length) return arm;
  } else if (typeof arm === "string") {
    const k = state.arms.indexOf(arm);
    if (k >= 0) return k;
  }
  throw new ClienteleError({
    code: "UNKNOWN_ARM",
    path,
    received: arm,
    message: `${fn}: arm ${describeValue(arm)} is not an arm of this bandit. Use one of its names (${state.arms
      .slice(0, 5)
      .map((a) => JSON.stringify(a))
      .join(", ")}${state.arms.length > 5 ? ", ..." : ""}) or an index in [0, ${state.arms.length - 1}]; add new arms with addArm.`,
  });
}

/** Total raw observations in a statistics block. */
export function totalPlays(s: ArmStatistics): number {
  let t = 0;
  const plays = s.plays;
  for (let k = 0; k < plays.length; k++) t += plays[k];
  return t;
}

/**
 * The (checked) statistics a decision for `segment` uses: the segment's own once it has at
 * least `minObservations` observations, otherwise the pooled ones. Checks the blocks it reads
 * (`INVALID_MODEL`).
 */
export function blockFor(state: BanditState, segment: string | undefined, fn: string): ArmStatistics {
  if (segment !== undefined) {
    const s = segmentBlock(state, segment);
    if (s !== undefined) {
      checkBlock(state, s, fn, ["segments", segment], false);
      if (totalPlays(s) >= state.minObservations) return s;
    }
  }
  checkBlock(state, state.pooled, fn, POOLED_PATH, false);
  return state.pooled;
}

/**
 * Adds an arm with no observations (in the pooled statistics and every segment).
 * Returns a new state; the input is not changed. Runs in O(size of the state).
 *
 * @param state - a bandit state
 * @param name - the new arm's name (default: the next index as a string)
 * @throws ClienteleError `DUPLICATE_ARM`, `FACTORIAL_ARMS_FIXED` (factorial bandits),
 *   `INVALID_INPUT` (a name that is not a non-empty string), `TOO_LARGE` (more than 10,000 arms), `INVALID_MODEL`
 * @example
 * import { createBandit, addArm } from "clientele/bandit";
 * const b = addArm(createBandit({ arms: ["a", "b"] }), "c");
 * b.arms; // => ["a", "b", "c"]
 */
export function addArm(state: BanditState, name?: string): BanditState {
  const fn = "addArm";
  validateState(state, fn);
  if (state.factors !== null) {
    throw new ClienteleError({
      code: "FACTORIAL_ARMS_FIXED",
      path: ["state", "factors"],
      message: `${fn}: a factorial bandit's arms are the combinations of its factor levels; create a new factorial bandit to add a level.`,
    });
  }
  const armName = name === undefined ? String(state.arms.length) : name;
  if (typeof armName !== "string" || armName.length === 0) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["name"],
      received: armName,
      message: `${fn}: the arm name must be a non-empty string. Got ${describeValue(armName)}.`,
    });
  }
  if (state.arms.includes(armName)) {
    throw new ClienteleError({
      code: "DUPLICATE_ARM",
      path: ["name"],
      received: armName,
      message: `${fn}: an arm named ${describeValue(armName)} already exists. Choose another name.`,
    });
  }
  if (state.arms.length >= MAX_ARMS) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["name"],
      message: `${fn}: a bandit may have at most ${MAX_ARMS} arms (it has ${state.arms.length}). Retire arms you no longer test and start a new bandit for the rest.`,
    });
  }
  const out = cloneBandit(state);
  out.arms.push(armName);
  out.retired.push(false);
  const grow = (s: ArmStatistics): void => {
    s.n.push(0);
    s.sum.push(0);
    s.sumSq.push(0);
    s.plays.push(0);
    if (s.recent !== null && s.recentStart !== null) {
      s.recent.push([]);
      s.recentStart.push(0);
    }
  };
  grow(out.pooled);
  for (const key of Object.keys(out.segments)) grow(out.segments[key]);
  return out;
}

/**
 * Retires an arm: it is never chosen again, but its statistics stay (late feedback for
 * it is still accepted). Returns a new state; the input is not changed.
 *
 * @param state - a bandit state
 * @param arm - arm name or index
 * @throws ClienteleError `UNKNOWN_ARM`, `NO_ACTIVE_ARMS` (when it is the last active arm), `INVALID_MODEL`
 * @example
 * import { createBandit, retireArm } from "clientele/bandit";
 * const b = retireArm(createBandit({ arms: ["a", "b", "c"] }), "b");
 * b.retired; // => [false, true, false]
 */
export function retireArm(state: BanditState, arm: string | number): BanditState {
  const fn = "retireArm";
  validateState(state, fn);
  const k = resolveArm(state, arm, fn);
  let active = 0;
  for (let j = 0; j < state.retired.length; j++) if (!state.retired[j] && j !== k) active++;
  if (active === 0) {
    throw new ClienteleError({
      code: "NO_ACTIVE_ARMS",
      path: ["arm"],
      received: arm,
      message: `${fn}: arm ${describeValue(arm)} is the last active arm; a bandit needs at least one. Add an arm first.`,
    });
  }
  const out = cloneBandit(state);
  out.retired[k] = true;
  return out;
}

// ---------------------------------------------------------------- banditFromJSON

const statisticsSchema = z.strictObject({
  n: z.array(z.number().min(0)),
  sum: z.array(finite),
  sumSq: z.array(z.number().min(0)),
  plays: z.array(z.number().int().min(0)),
  recent: z.array(z.array(finite)).nullable(),
  recentStart: z.array(z.number().int().min(0)).nullable(),
});

const policySchema = z.union([
  z.strictObject({ type: z.literal("thompson") }),
  z.strictObject({ type: z.literal("ucb1"), scale: finite.positive() }),
  z.strictObject({ type: z.literal("epsilon-greedy"), epsilon: z.number().min(0).max(1), decay: finite.min(0) }),
]);

const stateSchema = z.strictObject({
  kind: z.literal("bandit"),
  version: z.literal(1),
  reward: z.enum(["bernoulli", "gaussian"]),
  policy: policySchema,
  prior: z.record(z.string(), z.unknown()),
  discount: z.number().gt(0).max(1),
  window: z.number().int().min(0),
  minObservations: z.number().int().min(0),
  arms: z.array(z.string().min(1)).min(1).max(MAX_ARMS),
  retired: z.array(z.boolean()),
  pooled: statisticsSchema,
  segments: z.record(z.string(), statisticsSchema),
  factors: z
    .strictObject({
      names: z.array(z.string().min(1)).min(1),
      levels: z.array(z.array(z.string().min(1)).min(1)),
      armLevels: z.array(z.array(z.number().int().min(0))),
    })
    .nullable(),
  stream: z.array(z.number().int().min(0).max(4294967295)).length(4).optional(),
});

/**
 * Checks a parsed bandit state (kind, version, shapes, prior, statistics, random stream) and
 * returns a fresh copy that the other functions can trust. Statistics that no sequence of
 * updates can produce (negative counts, a Bernoulli sum above n, a sum of squares below
 * sum^2 / n, values beyond 1e100 per observation) are rejected. States saved before the
 * random stream existed (no `stream`) load with the stream of seed 0. Runs in O(size of the state).
 *
 * @param value - the result of `JSON.parse` on a saved state
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { createBandit, banditFromJSON } from "clientele/bandit";
 * const saved = JSON.stringify(createBandit({ arms: 3 }));
 * banditFromJSON(JSON.parse(saved)).arms; // => ["0", "1", "2"]
 */
export function banditFromJSON(value: unknown): BanditState {
  const fn = "banditFromJSON";
  checkModelHeader(value, "bandit", 1, fn);
  const parsed = parseWith(stateSchema, value, fn, { code: "INVALID_MODEL", root: "model" }) as unknown as BanditState;
  const pr = parsed.prior as unknown as Record<string, unknown>;
  const prior = normalizePrior(parsed.reward, pr, fn, "INVALID_MODEL", "model");
  for (const key of Object.keys(prior)) {
    if (pr[key] === undefined) throw invalidState(fn, "model", ["prior", key], `prior.${key} is missing.`);
  }
  validateState(parsed, fn, "model");
  return cloneBandit(parsed);
}
