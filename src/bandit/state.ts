import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { checkModelHeader, parseOptions, parseWith } from "../core/validate.js";

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
  /** Statistics per segment (only observations sent with that segment). */
  segments: Record<string, ArmStatistics>;
  /** Factor structure for bandits made by `createFactorialBandit`; otherwise null. */
  factors: FactorialDesign | null;
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
   */
  prior?: Partial<BetaPrior> | Partial<NormalInverseGammaPrior>;
  /** Discount factor in (0, 1] for drifting rewards (default 1: no discounting). */
  discount?: number;
  /** Sliding window of observations kept per arm (default 0: keep all). Not combinable with `discount` < 1. */
  window?: number;
  /** Observations a segment needs before it stops borrowing the pooled statistics (default 100). */
  minObservations?: number;
}

/** Largest number of arms a bandit may have. */
export const MAX_ARMS = 10_000;

const finite = z.number().refine(Number.isFinite, "must be a finite number");

const policyInputSchema = z.union([
  z.enum(["thompson", "ucb1", "epsilon-greedy"]),
  z.strictObject({ type: z.literal("thompson") }),
  z.strictObject({ type: z.literal("ucb1"), scale: finite.positive().optional() }),
  z.strictObject({
    type: z.literal("epsilon-greedy"),
    epsilon: z.number().min(0).max(1).optional(),
    decay: finite.min(0).optional(),
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
  window: z.number().int().min(0).optional(),
  minObservations: z.number().int().min(0).optional(),
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

function invalidPrior(fn: string, field: string, value: unknown, why: string): ClienteleError {
  return new ClienteleError({
    code: "INVALID_PRIOR",
    path: ["options", "prior", field],
    received: value,
    message: `${fn}: prior.${field} ${why}. Got ${describeValue(value)}.`,
  });
}

/** Checks a prior against the reward model and fills in defaults; throws `INVALID_PRIOR`. */
export function normalizePrior(reward: BanditRewardType, prior: Record<string, unknown> | undefined, fn: string): BanditPrior {
  const p = prior ?? {};
  const allowed = reward === "bernoulli" ? ["alpha", "beta"] : ["mean", "kappa", "alpha", "beta"];
  for (const key of Object.keys(p)) {
    if (!allowed.includes(key)) {
      throw invalidPrior(
        fn,
        key,
        p[key],
        `is not a field of the ${reward === "bernoulli" ? "Beta prior { alpha, beta }" : "Normal-Inverse-Gamma prior { mean, kappa, alpha, beta }"}; remove it`,
      );
    }
  }
  const positive = (key: string, dflt: number): number => {
    const v = p[key] === undefined ? dflt : p[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw invalidPrior(fn, key, v, "must be a finite number > 0");
    return v;
  };
  if (reward === "bernoulli") return { alpha: positive("alpha", 1), beta: positive("beta", 1) };
  const mean = p.mean === undefined ? 0 : p.mean;
  if (typeof mean !== "number" || !Number.isFinite(mean)) throw invalidPrior(fn, "mean", mean, "must be a finite number");
  return { mean, kappa: positive("kappa", 0.01), alpha: positive("alpha", 1), beta: positive("beta", 1) };
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

/** Rejects segment names that would clash with object internals. */
export function checkSegmentName(segment: unknown, fn: string): string {
  if (typeof segment !== "string" || segment.length === 0 || segment === "__proto__") {
    throw new ClienteleError({
      code: "INVALID_SEGMENT",
      path: ["options", "segment"],
      received: segment,
      message: `${fn}: segment must be a non-empty string other than "__proto__". Got ${describeValue(segment)}.`,
    });
  }
  return segment;
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
 * `minObservations` 100. Arms given as a count are named "0", "1", ...
 *
 * @param options - arms, policy, reward model, prior, discount, window, minObservations
 * @throws ClienteleError `INVALID_OPTION` (bad option, or both discount < 1 and window),
 *   `INVALID_PRIOR`, `DUPLICATE_ARM`
 * @see Russo, Van Roy, Kazerouni, Osband & Wen (2018), "A Tutorial on Thompson Sampling"
 * @example
 * import { createBandit, chooseArm, updateBandit } from "clientele/bandit";
 * import { createRng } from "clientele";
 * let bandit = createBandit({ arms: ["control", "new-subject"], policy: "thompson" });
 * const arm = chooseArm(bandit, { rng: createRng(1) }); // => "control" or "new-subject"
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

/** Deep copy of a bandit state (plain data, so no shared arrays). */
export function cloneBandit(state: BanditState): BanditState {
  const segments: Record<string, ArmStatistics> = {};
  for (const key of Object.keys(state.segments)) segments[key] = cloneStatistics(state.segments[key]);
  return {
    ...state,
    policy: { ...state.policy },
    prior: { ...state.prior },
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
  };
}

/** Cheap header check used by every function taking a state. */
export function checkState(state: unknown, fn: string): asserts state is BanditState {
  checkModelHeader(state, "bandit", 1, fn);
}

/** Index of `arm` (a name or an index); throws `UNKNOWN_ARM`. */
export function resolveArm(state: BanditState, arm: string | number, fn: string): number {
  if (typeof arm === "number") {
    if (Number.isInteger(arm) && arm >= 0 && arm < state.arms.length) return arm;
  } else if (typeof arm === "string") {
    const k = state.arms.indexOf(arm);
    if (k >= 0) return k;
  }
  throw new ClienteleError({
    code: "UNKNOWN_ARM",
    path: ["arm"],
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
 * The statistics a decision for `segment` uses: the segment's own once it has at least
 * `minObservations` observations, otherwise the pooled ones.
 */
export function blockFor(state: BanditState, segment: string | undefined): ArmStatistics {
  if (segment === undefined) return state.pooled;
  if (!Object.prototype.hasOwnProperty.call(state.segments, segment)) return state.pooled;
  const s = state.segments[segment];
  return totalPlays(s) >= state.minObservations ? s : state.pooled;
}

/**
 * Adds an arm with no observations (in the pooled statistics and every segment).
 * Returns a new state; the input is not changed. Runs in O(size of the state).
 *
 * @param state - a bandit state
 * @param name - the new arm's name (default: the next index as a string)
 * @throws ClienteleError `DUPLICATE_ARM`, `FACTORIAL_ARMS_FIXED` (factorial bandits), `INVALID_MODEL`
 * @example
 * import { createBandit, addArm } from "clientele/bandit";
 * const b = addArm(createBandit({ arms: ["a", "b"] }), "c");
 * b.arms; // => ["a", "b", "c"]
 */
export function addArm(state: BanditState, name?: string): BanditState {
  const fn = "addArm";
  checkState(state, fn);
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
      code: "INVALID_OPTION",
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
      code: "INVALID_OPTION",
      path: ["name"],
      message: `${fn}: a bandit may have at most ${MAX_ARMS} arms.`,
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
  checkState(state, fn);
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

const nonNeg = z.number().min(0).refine(Number.isFinite, "must be finite");
const statisticsSchema = z.strictObject({
  n: z.array(nonNeg),
  sum: z.array(finite),
  sumSq: z.array(nonNeg),
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
});

function invalidState(fn: string, path: (string | number)[], message: string, received?: unknown): ClienteleError {
  return new ClienteleError({ code: "INVALID_MODEL", path: ["model", ...path], received, message: `${fn}: ${message}` });
}

function checkStatistics(state: BanditState, s: ArmStatistics, where: (string | number)[], fn: string): void {
  const k = state.arms.length;
  for (const key of ["n", "sum", "sumSq", "plays"] as const) {
    if (s[key].length !== k) {
      throw invalidState(fn, [...where, key], `${where.join(".")}.${key} has ${s[key].length} entries but there are ${k} arms.`);
    }
  }
  for (let j = 0; j < k; j++) {
    if (state.reward === "bernoulli" && (s.sum[j] < 0 || s.sum[j] > s.n[j] * (1 + 1e-9) + 1e-9)) {
      throw invalidState(fn, [...where, "sum", j], `${where.join(".")}.sum[${j}] must lie in [0, n] for Bernoulli arms.`, s.sum[j]);
    }
  }
  if (state.window > 0) {
    if (s.recent === null || s.recentStart === null || s.recent.length !== k || s.recentStart.length !== k) {
      throw invalidState(fn, [...where, "recent"], `${where.join(".")}.recent must hold one buffer per arm when a window is set.`);
    }
    for (let j = 0; j < k; j++) {
      if (s.recent[j].length > state.window || (s.recentStart[j] > 0 && s.recentStart[j] >= s.recent[j].length)) {
        throw invalidState(fn, [...where, "recent", j], `${where.join(".")}.recent[${j}] is inconsistent with window ${state.window}.`);
      }
      if (s.recent[j].length !== s.n[j]) {
        throw invalidState(fn, [...where, "n", j], `${where.join(".")}.n[${j}] must equal the number of rewards in the window.`);
      }
    }
  } else if (s.recent !== null || s.recentStart !== null) {
    throw invalidState(fn, [...where, "recent"], `${where.join(".")}.recent must be null without a window.`);
  }
}

/**
 * Checks a parsed bandit state (kind, version, shapes, prior, statistics) and returns a
 * fresh copy that the other functions can trust. Runs in O(size of the state).
 *
 * @param value - the result of `JSON.parse` on a saved state
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`, `INVALID_PRIOR`
 * @example
 * import { createBandit, banditFromJSON } from "clientele/bandit";
 * const saved = JSON.stringify(createBandit({ arms: 3 }));
 * const bandit = banditFromJSON(JSON.parse(saved));
 */
export function banditFromJSON(value: unknown): BanditState {
  const fn = "banditFromJSON";
  checkModelHeader(value, "bandit", 1, fn);
  const parsed = parseWith(stateSchema, value, fn, { code: "INVALID_MODEL", root: "model" }) as unknown as BanditState;
  const state = cloneBandit(parsed);
  state.prior = normalizePrior(state.reward, state.prior as unknown as Record<string, unknown>, fn);
  for (const key of Object.keys(state.prior)) {
    if ((parsed.prior as unknown as Record<string, unknown>)[key] === undefined) {
      throw invalidState(fn, ["prior", key], `prior.${key} is missing.`);
    }
  }
  const k = state.arms.length;
  if (new Set(state.arms).size !== k) throw invalidState(fn, ["arms"], "arm names must be distinct.");
  if (state.retired.length !== k) throw invalidState(fn, ["retired"], `retired has ${state.retired.length} entries but there are ${k} arms.`);
  if (state.retired.every((r) => r)) throw invalidState(fn, ["retired"], "at least one arm must be active.");
  if (state.discount < 1 && state.window > 0) throw invalidState(fn, ["window"], "discount < 1 and a window cannot be combined.");
  checkStatistics(state, state.pooled, ["pooled"], fn);
  for (const key of Object.keys(state.segments)) {
    if (key === "__proto__") throw invalidState(fn, ["segments"], 'segment "__proto__" is not allowed.');
    checkStatistics(state, state.segments[key], ["segments", key], fn);
  }
  if (state.factors !== null) {
    const f = state.factors;
    if (f.levels.length !== f.names.length || f.armLevels.length !== k) {
      throw invalidState(fn, ["factors"], "factors must list levels for each factor and levels for each arm.");
    }
    for (let a = 0; a < k; a++) {
      const lv = f.armLevels[a];
      if (lv.length !== f.names.length || lv.some((l, i) => l >= f.levels[i].length)) {
        throw invalidState(fn, ["factors", "armLevels", a], `factors.armLevels[${a}] does not match the factors.`);
      }
    }
  }
  return state;
}
