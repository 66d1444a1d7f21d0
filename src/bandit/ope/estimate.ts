// Off-policy evaluation: the value of a target policy estimated from a log of another policy's
// decisions (context, action, reward, propensity). IPS, self-normalized IPS, the direct method,
// doubly robust, self-normalized DR, switch-DR and replay, each with a seeded bootstrap interval.

import * as z from "../../core/schema.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import { createRng } from "../../core/rng.js";
import { seedOption } from "../../core/options.js";
import { parseOptions } from "../../core/validate.js";
import { ridgeRewardModel } from "./reward.js";

/** One logged decision. */
export interface LoggedDecision {
  /** The action taken: its name (one of `options.actions`) or its index. */
  action: string | number;
  /** The reward observed. */
  reward: number;
  /** Probability with which the logging policy took this action in this context, in (0, 1] (`chooseContextualArm`'s `probability`). */
  propensity: number;
  /** The context (features) of the decision; used by the direct method's ridge reward model. */
  context?: ArrayLike<number>;
}

/**
 * The policy to evaluate: per logged row, the probability of every action (`probabilities[i][a]`,
 * e.g. `actionProbabilities(state, context)`), or the one action a deterministic policy takes.
 */
export type TargetPolicy = ReadonlyArray<ArrayLike<number>> | { probabilities: ReadonlyArray<ArrayLike<number>> } | { actions: ReadonlyArray<string | number> };

/** Estimator names. */
export type PolicyEstimator = "ips" | "snips" | "dm" | "dr" | "sndr" | "switch-dr" | "replay";

/** Options of `estimatePolicyValue`. */
export interface EstimatePolicyValueOptions {
  /** Action names, in index order (default "0", "1", ... as many as the target's probability rows have). */
  actions?: readonly string[];
  /** Estimators to compute (default every one that applies: replay only for a deterministic target). */
  estimators?: readonly PolicyEstimator[];
  /** Reward model of dm / dr / sndr / switch-dr: "ridge" (default, per-action ridge on [1, context]) or `{ predictions }`: n rows of one expected reward per action. */
  rewardModel?: "ridge" | { predictions: ReadonlyArray<ArrayLike<number>> };
  /** Ridge penalty of the reward model (default 1). */
  ridge?: number;
  /** Switch-DR threshold tau: rows whose importance weight exceeds it keep only the model term (default 10). */
  switchThreshold?: number;
  /** Bootstrap resamples (default 200; 0 for no intervals). */
  resamples?: number;
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
  /** Bootstrap seed (default 0). */
  seed?: number;
  /** Number of largest weights to report (default 5). */
  topWeights?: number;
}

/** One estimate with its bootstrap interval. */
export interface PolicyValueEstimate {
  /** The estimator. */
  estimator: PolicyEstimator;
  /** Estimated expected reward per decision under the target policy; null when undefined (see `reason`). */
  value: number | null;
  /** Lower end of the percentile bootstrap interval (null without resamples). */
  lower: number | null;
  /** Upper end of the interval. */
  upper: number | null;
  /** Standard deviation of the bootstrap replicates. */
  standardError: number | null;
  /** Why value is null (replay with no matching rows), else null. */
  reason: string | null;
}

/** The result of `estimatePolicyValue`. */
export interface PolicyValueReport {
  /** Number of logged rows. */
  n: number;
  /** Action names. */
  actions: string[];
  /** One entry per estimator computed, in the order ips, snips, dm, dr, sndr, switch-dr, replay. */
  estimates: PolicyValueEstimate[];
  /** Mean reward of the log (the logging policy's on-policy value). */
  loggedValue: number;
  /** Weight diagnostics: w_i = target probability of the logged action / propensity. */
  diagnostics: {
    /** Effective sample size (sum w)^2 / sum w^2 (Kish): rows that carry the IPS estimate. */
    effectiveSampleSize: number;
    /** Mean weight (near 1 when the target is supported by the log). */
    meanWeight: number;
    /** The largest weights with their row indices, largest first. */
    maxWeights: { row: number; weight: number }[];
    /** Switch-DR threshold used. */
    switchThreshold: number;
    /** Rows with weight above the threshold (switch-DR uses the model alone for them). */
    switchedRows: number;
    /** Actions the target gives positive probability that the log never took (IPS cannot see them). */
    unsupportedActions: string[];
    /** Replay: rows where the logged action is the target's action (null for a stochastic target). */
    replayMatches: number | null;
  };
}

const ESTIMATORS: PolicyEstimator[] = ["ips", "snips", "dm", "dr", "sndr", "switch-dr", "replay"];

const schema = z.strictObject({
  actions: z.array(z.string().min(1)).min(1).max(1000).optional(),
  estimators: z
    .array(z.enum(ESTIMATORS as [PolicyEstimator, ...PolicyEstimator[]]))
    .min(1)
    .optional(),
  rewardModel: z.union([z.literal("ridge"), z.strictObject({ predictions: z.any() })]).optional(),
  ridge: z.number().gt(0).max(1e50).optional(),
  switchThreshold: z.number().gt(0).optional(),
  resamples: z.number().int().min(0).max(100_000).optional(),
  confidence: z.number().gt(0).lt(1).optional(),
  seed: seedOption().optional(),
  topWeights: z.number().int().min(0).max(1000).optional(),
});

const FN = "estimatePolicyValue";
/** Largest rows x actions the function accepts (probabilities and predictions are copied). */
const MAX_CELLS = 5e7;
/** Tolerance on the sum of a row's probabilities. */
const SUM_TOL = 1e-6;

function err(code: ConstructorParameters<typeof ClienteleError>[0]["code"], path: (string | number)[], received: unknown, message: string): ClienteleError {
  return new ClienteleError({ code, path, received, message: `${FN}: ${message}` });
}

const isArrayLike = (v: unknown): v is ArrayLike<unknown> => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

function finite(v: unknown, path: (string | number)[], what: string): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (v === null || v === undefined) throw err("MISSING_VALUE", path, v, `${what} is missing. Every row needs it.`);
  if (typeof v === "number") throw err("NON_FINITE", path, v, `${what} is ${v}; it must be a finite number.`);
  throw err("INVALID_INPUT", path, v, `${what} must be a number. Got ${describeValue(v)}.`);
}

/** Reads a matrix of n rows x A numbers (probability rows or predictions) into a flat array. */
function readMatrix(rows: unknown, n: number, A: number, path: (string | number)[], what: string, probabilities: boolean): Float64Array {
  if (!isArrayLike(rows)) throw err("INVALID_INPUT", path, rows, `${what} must be an array of rows. Got ${describeValue(rows)}.`);
  if (rows.length !== n)
    throw err(
      "LENGTH_MISMATCH",
      path,
      rows.length,
      `${what} has ${rows.length} rows but the log has ${n}; give one row per logged decision, in the log's order.`,
    );
  const out = new Float64Array(n * A);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (!isArrayLike(r))
      throw err(
        r === null || r === undefined ? "MISSING_VALUE" : "INVALID_INPUT",
        [...path, i],
        r,
        `${what}[${i}] must be an array of ${A} numbers. Got ${describeValue(r)}.`,
      );
    if (r.length !== A)
      throw err(
        "SHAPE_MISMATCH",
        [...path, i],
        r.length,
        `${what}[${i}] has ${r.length} entries but there are ${A} actions; give one entry per action, in the order of options.actions.`,
      );
    let sum = 0;
    for (let a = 0; a < A; a++) {
      const v = finite(r[a], [...path, i, a], `${what}[${i}][${a}]`);
      if (probabilities && !(v >= 0 && v <= 1))
        throw err("OUT_OF_RANGE", [...path, i, a], v, `${what}[${i}][${a}] is ${v}; action probabilities must lie in [0, 1].`);
      out[i * A + a] = v;
      sum += v;
    }
    if (probabilities && !(Math.abs(sum - 1) <= SUM_TOL)) {
      throw err(
        "OUT_OF_RANGE",
        [...path, i],
        sum,
        `the target's probabilities in row ${i} sum to ${sum}, not 1. Give the probability of every action (they must sum to 1 within ${SUM_TOL}); for a deterministic policy pass { actions }.`,
      );
    }
  }
  return out;
}

function actionIndex(v: unknown, names: readonly string[], path: (string | number)[], what: string): number {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < names.length) return v;
  if (typeof v === "string") {
    const j = names.indexOf(v);
    if (j >= 0) return j;
  }
  if (v === null || v === undefined) throw err("MISSING_VALUE", path, v, `${what} is missing.`);
  throw err(
    "UNKNOWN_ACTION",
    path,
    v,
    `${what} ${describeValue(v)} is not one of the ${names.length} actions (${names
      .slice(0, 5)
      .map((s) => JSON.stringify(s))
      .join(", ")}${names.length > 5 ? ", ..." : ""}) nor an index in [0, ${names.length - 1}]. Pass options.actions with every action's name.`,
  );
}

/** Type-7 quantile of sorted values. */
function quantileSorted(v: Float64Array, p: number): number {
  const h = (v.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(v.length - 1, lo + 1);
  return v[lo] + (h - lo) * (v[hi] - v[lo]);
}

/** Per-row terms; each estimator is a ratio of sums (num / den) over rows (den: 1 per row unless self-normalized). */
interface Terms {
  w: Float64Array;
  r: Float64Array;
  dm: Float64Array | null; // sum_a pi(a | x_i) qhat(x_i, a)
  resid: Float64Array | null; // r_i - qhat(x_i, a_i)
  match: Uint8Array | null; // replay
  tau: number;
}

/** Value of one estimator over rows idx (or all rows), null when undefined. */
function value(e: PolicyEstimator, t: Terms, idx: Int32Array | null, n: number): number | null {
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < n; k++) {
    const i = idx === null ? k : idx[k];
    const w = t.w[i];
    switch (e) {
      case "ips":
        s1 += w * t.r[i];
        break;
      case "snips":
        s1 += w * t.r[i];
        s2 += w;
        break;
      case "dm":
        s1 += (t.dm as Float64Array)[i];
        break;
      case "dr":
        s1 += (t.dm as Float64Array)[i] + w * (t.resid as Float64Array)[i];
        break;
      case "sndr":
        s1 += (t.dm as Float64Array)[i];
        s2 += w * (t.resid as Float64Array)[i];
        s3 += w;
        break;
      case "switch-dr":
        s1 += (t.dm as Float64Array)[i] + (w <= t.tau ? w * (t.resid as Float64Array)[i] : 0);
        break;
      case "replay":
        if ((t.match as Uint8Array)[i] === 1) {
          s1 += t.r[i];
          s2 += 1;
        }
        break;
    }
  }
  if (e === "snips" || e === "replay") return s2 > 0 ? s1 / s2 : null;
  if (e === "sndr") return s3 > 0 ? s1 / n + s2 / s3 : null;
  return s1 / n;
}

/**
 * Estimates the expected reward per decision of a target policy from a log of another policy's
 * decisions, before shipping it. With importance weights w_i = pi(a_i | x_i) / propensity_i:
 * IPS = mean(w r); SNIPS = sum(w r) / sum(w); the direct method DM = mean over rows of
 * sum_a pi(a | x) qhat(x, a) for a reward model qhat; DR = DM + mean(w (r - qhat(x, a_i)));
 * SNDR normalizes that correction by the mean weight; switch-DR drops it for rows with w > tau;
 * replay (deterministic targets) averages the rewards of rows where the logged action is the
 * target's. Each comes with a percentile bootstrap interval over rows (seeded; the reward model is
 * fitted once on the whole log and held fixed). O(n x actions + resamples x n x estimators).
 *
 * @param log - logged decisions `{ action, reward, propensity, context? }`
 * @param target - per row the target's probability of every action, or `{ actions }` of a deterministic policy
 * @param options - actions, estimators, rewardModel ("ridge" or `{ predictions }`), ridge (1), switchThreshold (10), resamples (200), confidence (0.95), seed (0), topWeights (5)
 * @throws ClienteleError `EMPTY_INPUT`, `OUT_OF_RANGE` (a propensity outside (0, 1], target probabilities outside [0, 1] or not summing to 1), `UNKNOWN_ACTION`, `DEGENERATE_INPUT` (the target never takes any logged action), `LENGTH_MISMATCH`, `SHAPE_MISMATCH`, `NON_FINITE`, `MISSING_VALUE`, `INVALID_INPUT`, `INVALID_OPTION`, `TOO_LARGE`
 * @see Dudík, Langford & Li (2011), "Doubly Robust Policy Evaluation and Learning"; Dudík, Erhan, Langford & Li (2014), Statistical Science
 * @see Wang, Agarwal & Dudík (2017), "Optimal and Adaptive Off-policy Evaluation in Contextual Bandits" (switch estimator)
 * @see Li, Chu, Langford & Wang (2011), "Unbiased Offline Evaluation of Contextual-bandit-based News Article Recommendation Algorithms" (replay)
 * @example
 * import { estimatePolicyValue } from "clientele/bandit";
 * const log = [
 *   { action: "a", reward: 1, propensity: 0.5 },
 *   { action: "b", reward: 0, propensity: 0.5 },
 *   { action: "a", reward: 1, propensity: 0.5 },
 *   { action: "b", reward: 1, propensity: 0.5 },
 * ];
 * const always = { actions: ["a", "a", "a", "a"] }; // always show "a"
 * const v = estimatePolicyValue(log, always, { actions: ["a", "b"], estimators: ["ips", "replay"], resamples: 0 });
 * v.estimates.map((e) => e.value); // => [1, 1]
 * v.diagnostics.effectiveSampleSize; // => 2
 */
export function estimatePolicyValue(log: readonly LoggedDecision[], target: TargetPolicy, options: EstimatePolicyValueOptions = {}): PolicyValueReport {
  const o = parseOptions(schema, options, FN);
  if (!Array.isArray(log))
    throw err(
      log === null || log === undefined ? "MISSING_VALUE" : "INVALID_INPUT",
      ["log"],
      log,
      `log must be an array of { action, reward, propensity, context? }. Got ${describeValue(log)}.`,
    );
  const n = log.length;
  if (n === 0) throw err("EMPTY_INPUT", ["log"], log, "the log is empty; it needs at least one logged decision.");
  if (target === null || typeof target !== "object")
    throw err(
      target === null || target === undefined ? "MISSING_VALUE" : "INVALID_INPUT",
      ["target"],
      target,
      `target must be the target's action probabilities per row (an array of rows) or { actions }. Got ${describeValue(target)}.`,
    );
  const deterministic = !isArrayLike(target) && "actions" in target;
  const probRows: unknown = isArrayLike(target) ? target : deterministic ? undefined : (target as { probabilities?: unknown }).probabilities;
  if (!isArrayLike(target)) {
    for (const key of Object.keys(target))
      if (key !== "actions" && key !== "probabilities")
        throw err(
          "INVALID_INPUT",
          ["target", key],
          key,
          `unknown target field ${JSON.stringify(key)}; a target is an array of probability rows, { probabilities } or { actions }.`,
        );
    if ("actions" in target && "probabilities" in target)
      throw err("INVALID_INPUT", ["target"], target, "give target.actions (deterministic) or target.probabilities, not both.");
  }
  // action names
  let names: string[];
  if (o.actions !== undefined) {
    names = [...o.actions];
    if (new Set(names).size !== names.length) throw err("INVALID_OPTION", ["options", "actions"], names, "options.actions must list distinct names.");
  } else if (!deterministic && isArrayLike(probRows) && probRows.length > 0 && isArrayLike(probRows[0])) {
    names = Array.from({ length: (probRows[0] as ArrayLike<unknown>).length }, (_, i) => String(i));
  } else if (deterministic) {
    throw err(
      "INVALID_OPTION",
      ["options", "actions"],
      undefined,
      "a deterministic target ({ actions }) needs options.actions, the names of every action (so that the direct method knows the action space).",
    );
  } else {
    names = [];
  }
  const A = names.length;
  if (A === 0)
    throw err("EMPTY_INPUT", ["target"], probRows, "there are no actions: give the target's probability rows (one entry per action) or options.actions.");
  if (n * A > MAX_CELLS) throw err("TOO_LARGE", ["log"], n * A, `${n} rows x ${A} actions is more than ${MAX_CELLS} cells. Evaluate on a sample of the log.`);
  // the log
  const act = new Int32Array(n);
  const r = new Float64Array(n);
  const mu = new Float64Array(n);
  const contexts: (ArrayLike<number> | undefined)[] = new Array(n);
  let dim = -1;
  for (let i = 0; i < n; i++) {
    const row = log[i] as unknown;
    if (row === null || typeof row !== "object" || Array.isArray(row))
      throw err(
        row === null || row === undefined ? "MISSING_VALUE" : "INVALID_INPUT",
        ["log", i],
        row,
        `log[${i}] must be an object { action, reward, propensity, context? }. Got ${describeValue(row)}.`,
      );
    const e = row as Record<string, unknown>;
    for (const key of Object.keys(e))
      if (key !== "action" && key !== "reward" && key !== "propensity" && key !== "context")
        throw err(
          "INVALID_INPUT",
          ["log", i, key],
          key,
          `unknown field ${JSON.stringify(key)} in log[${i}]; a row is { action, reward, propensity, context? }.`,
        );
    act[i] = actionIndex(e.action, names, ["log", i, "action"], `log[${i}].action`);
    r[i] = finite(e.reward, ["log", i, "reward"], `log[${i}].reward`);
    const p = finite(e.propensity, ["log", i, "propensity"], `log[${i}].propensity`);
    if (!(p > 0 && p <= 1))
      throw err(
        "OUT_OF_RANGE",
        ["log", i, "propensity"],
        p,
        `log[${i}].propensity is ${p}; a logged propensity must lie in (0, 1]. A propensity of 0 means the logging policy could not take the action it took: log the probability the policy used (chooseContextualArm's probability).`,
      );
    mu[i] = p;
    const c = e.context;
    const has = c !== undefined;
    if (i === 0) dim = has ? -2 : -1;
    if (has !== (dim !== -1))
      throw err(
        "MISSING_VALUE",
        ["log", i, "context"],
        c,
        `log[${i}] ${has ? "has" : "has no"} context but log[0] ${has ? "has none" : "has one"}; give every row a context or none.`,
      );
    if (has) {
      if (!isArrayLike(c)) throw err("INVALID_INPUT", ["log", i, "context"], c, `log[${i}].context must be an array of numbers. Got ${describeValue(c)}.`);
      if (dim === -2) dim = c.length;
      if (c.length !== dim)
        throw err("SHAPE_MISMATCH", ["log", i, "context"], c.length, `log[${i}].context has ${c.length} features but log[0].context has ${dim}.`);
      if (dim > 999)
        throw err(
          "TOO_LARGE",
          ["log", i, "context"],
          dim,
          `contexts have ${dim} features; the ridge reward model takes at most 999. Reduce the features or pass rewardModel: { predictions }.`,
        );
      for (let j = 0; j < dim; j++) {
        const v = finite(c[j], ["log", i, "context", j], `log[${i}].context[${j}]`);
        if (!(Math.abs(v) <= 1e50)) throw err("OUT_OF_RANGE", ["log", i, "context", j], v, `log[${i}].context[${j}] is ${v}; standardize the features.`);
      }
      contexts[i] = c as ArrayLike<number>;
    }
    if (!(Math.abs(r[i]) <= 1e50)) throw err("OUT_OF_RANGE", ["log", i, "reward"], r[i], `log[${i}].reward is ${r[i]}; rescale the rewards.`);
  }
  // the target
  let pi: Float64Array;
  let targetAct: Int32Array | null = null;
  if (deterministic) {
    const ta = (target as { actions: unknown }).actions;
    if (!isArrayLike(ta))
      throw err("INVALID_INPUT", ["target", "actions"], ta, `target.actions must be an array of one action per row. Got ${describeValue(ta)}.`);
    if (ta.length !== n)
      throw err(
        "LENGTH_MISMATCH",
        ["target", "actions"],
        ta.length,
        `target.actions has ${ta.length} entries but the log has ${n}; give one action per logged row.`,
      );
    targetAct = new Int32Array(n);
    pi = new Float64Array(n * A);
    for (let i = 0; i < n; i++) {
      targetAct[i] = actionIndex(ta[i], names, ["target", "actions", i], `target.actions[${i}]`);
      pi[i * A + targetAct[i]] = 1;
    }
  } else {
    pi = readMatrix(probRows, n, A, isArrayLike(target) ? ["target"] : ["target", "probabilities"], "target", true);
  }
  const wanted = o.estimators ?? ESTIMATORS.filter((e) => e !== "replay" || deterministic);
  if (wanted.includes("replay") && !deterministic)
    throw err(
      "INVALID_OPTION",
      ["options", "estimators"],
      "replay",
      "replay evaluates deterministic policies only: pass target as { actions }, or leave replay out.",
    );
  const estimators = ESTIMATORS.filter((e) => wanted.includes(e));
  // weights
  const w = new Float64Array(n);
  let sw = 0;
  let sw2 = 0;
  const logged = new Uint8Array(A);
  for (let i = 0; i < n; i++) {
    w[i] = pi[i * A + act[i]] / mu[i];
    sw += w[i];
    sw2 += w[i] * w[i];
    logged[act[i]] = 1;
  }
  if (!(sw > 0))
    throw err(
      "DEGENERATE_INPUT",
      ["target"],
      sw,
      "the target never takes any action the log took (every importance weight is 0), so the log says nothing about it. Log decisions with exploration over the target's actions.",
    );
  const unsupported: string[] = [];
  for (let a = 0; a < A; a++) {
    if (logged[a]) continue;
    for (let i = 0; i < n; i++)
      if (pi[i * A + a] > 0) {
        unsupported.push(names[a]);
        break;
      }
  }
  // reward model
  const needsModel = estimators.some((e) => e === "dm" || e === "dr" || e === "sndr" || e === "switch-dr");
  let dm: Float64Array | null = null;
  let resid: Float64Array | null = null;
  if (needsModel) {
    const rm = o.rewardModel ?? "ridge";
    const q =
      rm === "ridge"
        ? ridgeRewardModel(contexts, act, r, A, o.ridge ?? 1)
        : readMatrix((rm as { predictions: unknown }).predictions, n, A, ["options", "rewardModel", "predictions"], "rewardModel.predictions", false);
    dm = new Float64Array(n);
    resid = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < A; a++) s += pi[i * A + a] * q[i * A + a];
      dm[i] = s;
      resid[i] = r[i] - q[i * A + act[i]];
    }
  }
  let match: Uint8Array | null = null;
  let matches: number | null = null;
  if (targetAct !== null) {
    match = new Uint8Array(n);
    matches = 0;
    for (let i = 0; i < n; i++)
      if (targetAct[i] === act[i]) {
        match[i] = 1;
        matches++;
      }
  }
  const tau = o.switchThreshold ?? 10;
  const terms: Terms = { w, r, dm, resid, match, tau };
  // bootstrap
  const B = o.resamples ?? 200;
  const conf = o.confidence ?? 0.95;
  const reps = estimators.map(() => new Float64Array(B));
  const counts = estimators.map(() => 0);
  if (B > 0) {
    const rng = createRng(o.seed ?? 0);
    const idx = new Int32Array(n);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < n; k++) idx[k] = rng.int(n);
      estimators.forEach((e, j) => {
        const v = value(e, terms, idx, n);
        if (v !== null) reps[j][counts[j]++] = v;
      });
    }
  }
  const estimates: PolicyValueEstimate[] = estimators.map((e, j) => {
    const v = value(e, terms, null, n);
    if (v === null)
      return {
        estimator: e,
        value: null,
        lower: null,
        upper: null,
        standardError: null,
        reason: "no logged row took the target's action (replay has nothing to average)",
      };
    const m = counts[j];
    if (m < 2) return { estimator: e, value: v, lower: null, upper: null, standardError: null, reason: null };
    const s = reps[j].slice(0, m).sort();
    let mean = 0;
    for (let k = 0; k < m; k++) mean += s[k];
    mean /= m;
    let ss = 0;
    for (let k = 0; k < m; k++) ss += (s[k] - mean) ** 2;
    return {
      estimator: e,
      value: v,
      lower: quantileSorted(s, (1 - conf) / 2),
      upper: quantileSorted(s, 1 - (1 - conf) / 2),
      standardError: Math.sqrt(ss / (m - 1)),
      reason: null,
    };
  });
  const top = o.topWeights ?? 5;
  const order = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => w[b] - w[a] || a - b)
    .slice(0, top);
  let switched = 0;
  for (let i = 0; i < n; i++) if (w[i] > tau) switched++;
  let lv = 0;
  for (let i = 0; i < n; i++) lv += r[i];
  return {
    n,
    actions: names,
    estimates,
    loggedValue: lv / n,
    diagnostics: {
      effectiveSampleSize: (sw * sw) / sw2,
      meanWeight: sw / n,
      maxWeights: order.map((i) => ({ row: i, weight: w[i] })),
      switchThreshold: tau,
      switchedRows: switched,
      unsupportedActions: unsupported,
      replayMatches: matches,
    },
  };
}
