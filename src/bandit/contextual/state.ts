// Contextual bandit state: configuration plus, per population (pooled and per segment), the
// ridge-regression statistics of each arm kept with their inverses (Sherman-Morrison updates),
// and for shared / hybrid models Li et al.'s shared block. Plain JSON data.

import * as z from "../../core/schema.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import { seedOption } from "../../core/options.js";
import { setOwn } from "../../core/schema.js";
import { checkModelHeader, parseOptions, parseWith } from "../../core/validate.js";
import { isStream, streamFromSeed } from "../stream.js";
import { cholesky, doubles, inverseError } from "./linalg.js";

/** Which linear model the arms share: per-arm weights (disjoint), one weight vector over action features (shared), or both (hybrid). */
export type ContextualModel = "disjoint" | "shared" | "hybrid";

/** LinUCB (Li, Chu, Langford & Schapire 2010): play the arm with the largest mean + alpha * sd. */
export interface LinUcbPolicy {
  /** Policy name. */
  type: "linucb";
  /** Width of the confidence bound (alpha > 0; Li et al. use 1 + sqrt(ln(2 / delta) / 2)). */
  alpha: number;
}

/** Linear Thompson sampling (Agrawal & Goyal 2013): weights drawn from N(mean, v^2 A^-1). */
export interface LinearThompsonPolicy {
  /** Policy name. */
  type: "thompson";
  /** Scale of the posterior draws (v > 0; the noise sd of the rewards is a natural choice). */
  v: number;
}

/** Epsilon-greedy over the ridge estimates: a uniform arm with probability epsilon, else the best mean. */
export interface ContextualEpsilonGreedyPolicy {
  /** Policy name. */
  type: "epsilon-greedy";
  /** Exploration probability in [0, 1]. */
  epsilon: number;
}

/** Softmax (Boltzmann) over the ridge estimates: P(a) proportional to exp(mean_a / temperature). */
export interface SoftmaxPolicy {
  /** Policy name. */
  type: "softmax";
  /** Temperature (> 0; small = greedy, large = uniform), in reward units. */
  temperature: number;
}

/** A contextual policy with every default filled in. */
export type ContextualPolicy = LinUcbPolicy | LinearThompsonPolicy | ContextualEpsilonGreedyPolicy | SoftmaxPolicy;

/** A contextual policy as accepted by `createContextualBandit`: a name, or a configuration whose omitted fields take defaults. */
export type ContextualPolicyInput =
  | ContextualPolicy["type"]
  | { type: "linucb"; alpha?: number }
  | { type: "thompson"; v?: number }
  | { type: "epsilon-greedy"; epsilon?: number }
  | { type: "softmax"; temperature?: number };

/** Li et al.'s shared block (hybrid and shared models): A0 (k x k, row-major), its inverse, and b0. */
export interface SharedStatistics {
  /** A0: ridge * I + sum of z z^T, minus what the per-arm blocks explain (Li et al. 2010, Algorithm 2). */
  A: number[];
  /** Inverse of A0, kept by rank-one updates. */
  Ainv: number[];
  /** b0 (k). */
  b: number[];
}

/**
 * Ridge statistics of every arm for one population (pooled or one segment). Matrices are
 * row-major flat arrays. With a discount factor every field is discounted; `plays` counts raw
 * observations.
 */
export interface LinearStatistics {
  /** (Discounted) number of observations per arm. */
  n: number[];
  /** Raw number of observations per arm. */
  plays: number[];
  /** Share of the ridge penalty left after discounting (1 = all of it); restored by a refactorization below 1/2. */
  ridgeWeight: number;
  /** Per arm: A_a = ridge * I + sum x x^T (d x d). Empty arrays for the shared model. */
  A: number[][];
  /** Per arm: the inverse of A_a, kept by Sherman-Morrison updates. */
  Ainv: number[][];
  /** Per arm: b_a = sum of reward * x (d). */
  b: number[][];
  /** Per arm: theta_a = A_a^-1 b_a (d), the ridge weights, kept by the same rank-one updates. */
  theta: number[][];
  /** Hybrid: per arm B_a = sum of x z^T (d x k); otherwise null. */
  B: number[][] | null;
  /** Shared and hybrid models: the shared block; otherwise null. */
  shared: SharedStatistics | null;
}

/** A contextual bandit as plain JSON data. Check a parsed copy with `contextualBanditFromJSON`. */
export interface ContextualBanditState {
  /** Always "contextual-bandit". */
  kind: "contextual-bandit";
  /** Format version (1). */
  version: 1;
  /** The linear model. */
  model: ContextualModel;
  /** Number of user (per-arm model) features d; 0 for the shared model. */
  dimension: number;
  /** Number of action features k of the shared part; 0 for the disjoint model. */
  sharedDimension: number;
  /** Policy with defaults filled in. */
  policy: ContextualPolicy;
  /** Ridge penalty lambda (> 0): the prior precision of every weight. */
  ridge: number;
  /** Discount factor in (0, 1]: a block's evidence is multiplied by it before each new observation. */
  discount: number;
  /** A segment uses its own models once it has this many observations; before that, the pooled ones. */
  minObservations: number;
  /** Arm names, in index order. */
  arms: string[];
  /** Statistics over all observations. */
  pooled: LinearStatistics;
  /** Statistics per segment id (string form). */
  segments: Record<string, LinearStatistics>;
  /** The state's own random stream (xoshiro128** words, initially those of `createRng(seed)`). */
  stream: number[];
}

/** Options of `createContextualBandit`. */
export interface CreateContextualBanditOptions {
  /** Number of arms (named "0", "1", ...) or their names. */
  arms: number | readonly string[];
  /** Number of user features d (per-arm weights). Required for "disjoint" and "hybrid". */
  dimension?: number;
  /** Number of action features k (shared weights). Required for "shared" and "hybrid". */
  sharedDimension?: number;
  /** Linear model (default "disjoint", or "hybrid" when both dimensions are given, "shared" when only sharedDimension is). */
  model?: ContextualModel;
  /** Policy (default "linucb" with alpha 1). Thompson: v 1; epsilon-greedy: epsilon 0.1; softmax: temperature 0.1. */
  policy?: ContextualPolicyInput;
  /** Ridge penalty lambda (default 1). */
  ridge?: number;
  /** Discount factor in (0, 1] for drifting rewards (default 1). */
  discount?: number;
  /** Observations a segment needs before it uses its own models (default 100). */
  minObservations?: number;
  /** Seed of the state's own random stream (default 0). */
  seed?: number;
}

/** Largest number of arms. */
export const MAX_CONTEXT_ARMS = 1000;
/** Largest number of features per model part. */
export const MAX_DIMENSION = 1000;
/** Largest |feature| accepted (squares and sums of 2^53 squares stay finite). */
export const MAX_FEATURE = 1e50;
/** Largest |reward| accepted. */
export const MAX_CONTEXT_REWARD = 1e50;
/** Largest number of matrix entries a state may hold (arms x d^2 and friends). */
export const MAX_STATE_ENTRIES = 5e7;

const policyInput = z.union([
  z.enum(["linucb", "thompson", "epsilon-greedy", "softmax"]),
  z.strictObject({ type: z.literal("linucb"), alpha: z.number().gt(0).max(1e6).optional() }),
  z.strictObject({ type: z.literal("thompson"), v: z.number().gt(0).max(1e6).optional() }),
  z.strictObject({ type: z.literal("epsilon-greedy"), epsilon: z.number().min(0).max(1).optional() }),
  z.strictObject({ type: z.literal("softmax"), temperature: z.number().gt(0).max(1e100).optional() }),
]);

const createSchema = z.strictObject({
  arms: z.union([z.number().int().min(1).max(MAX_CONTEXT_ARMS), z.array(z.string().min(1)).min(1).max(MAX_CONTEXT_ARMS)]),
  dimension: z.number().int().min(0).max(MAX_DIMENSION).optional(),
  sharedDimension: z.number().int().min(0).max(MAX_DIMENSION).optional(),
  model: z.enum(["disjoint", "shared", "hybrid"]).optional(),
  policy: policyInput.optional(),
  ridge: z.number().gt(0).max(1e50).min(1e-50).optional(),
  discount: z.number().gt(0).max(1).optional(),
  minObservations: z.number().int().min(0).safe().optional(),
  seed: seedOption().optional(),
});

function normalizePolicy(p: ContextualPolicyInput | undefined): ContextualPolicy {
  const o = (typeof p === "object" ? p : {}) as Record<string, number | undefined>;
  const type = p === undefined ? "linucb" : typeof p === "string" ? p : p.type;
  if (type === "thompson") return { type, v: o.v ?? 1 };
  if (type === "epsilon-greedy") return { type, epsilon: o.epsilon ?? 0.1 };
  if (type === "softmax") return { type, temperature: o.temperature ?? 0.1 };
  return { type: "linucb", alpha: o.alpha ?? 1 };
}

function identity(n: number, v: number): number[] {
  const m = doubles(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = v;
  return m;
}

/** Empty statistics (the prior: A = ridge * I) for a state's configuration. */
export function emptyLinear(state: Pick<ContextualBanditState, "model" | "dimension" | "sharedDimension" | "ridge">, K: number): LinearStatistics {
  const d = state.dimension;
  const k = state.sharedDimension;
  const lam = state.ridge;
  return {
    n: new Array<number>(K).fill(0),
    plays: new Array<number>(K).fill(0),
    ridgeWeight: 1,
    A: Array.from({ length: K }, () => identity(d, lam)),
    Ainv: Array.from({ length: K }, () => identity(d, 1 / lam)),
    b: Array.from({ length: K }, () => doubles(d)),
    theta: Array.from({ length: K }, () => doubles(d)),
    B: state.model === "hybrid" ? Array.from({ length: K }, () => doubles(d * k)) : null,
    shared: state.model === "disjoint" ? null : { A: identity(k, lam), Ainv: identity(k, 1 / lam), b: doubles(k) },
  };
}

function invalidOption(fn: string, path: (string | number)[], received: unknown, message: string): ClienteleError {
  return new ClienteleError({ code: "INVALID_OPTION", path: ["options", ...path], received, message: `${fn}: ${message}` });
}

/**
 * Creates a contextual bandit (LinUCB, linear Thompson sampling, or epsilon-greedy / softmax over
 * ridge estimates) with no observations. Every arm starts from the ridge prior A = ridge * I.
 * Runs in O(arms x d^2 + k^2).
 *
 * Models: "disjoint" (Li et al. 2010, Algorithm 1) keeps one weight vector per arm over the
 * user context x (d features); "shared" keeps one weight vector over per-arm action features z_a
 * (k features), so arms that look alike share evidence; "hybrid" (Algorithm 2) has both.
 *
 * @param options - arms, dimension (d), sharedDimension (k), model, policy, ridge (1), discount (1), minObservations (100), seed (0)
 * @throws ClienteleError `INVALID_OPTION`, `DUPLICATE_ARM`, `TOO_LARGE` (more than 5e7 matrix entries)
 * @see Li, Chu, Langford & Schapire (2010), "A Contextual-Bandit Approach to Personalized News Article Recommendation"
 * @see Agrawal & Goyal (2013), "Thompson Sampling for Contextual Bandits with Linear Payoffs"
 * @example
 * import { createContextualBandit } from "clientele/bandit";
 * const b = createContextualBandit({ arms: ["short", "long"], dimension: 3, policy: { type: "linucb", alpha: 1 } });
 * [b.model, b.dimension, b.pooled.Ainv[0][0]]; // => ["disjoint", 3, 1]
 */
export function createContextualBandit(options: CreateContextualBanditOptions): ContextualBanditState {
  const fn = "createContextualBandit";
  const o = parseOptions(createSchema, options, fn);
  const dIn = o.dimension;
  const kIn = o.sharedDimension;
  const model: ContextualModel =
    o.model ?? (dIn !== undefined && kIn !== undefined && kIn > 0 ? "hybrid" : dIn === undefined && kIn !== undefined ? "shared" : "disjoint");
  const d = model === "shared" ? 0 : (dIn ?? 0);
  const k = model === "disjoint" ? 0 : (kIn ?? 0);
  if (model !== "shared" && d < 1)
    throw invalidOption(fn, ["dimension"], dIn, `the ${model} model needs dimension (the number of user features) >= 1. Got ${describeValue(dIn)}.`);
  if (model !== "disjoint" && k < 1)
    throw invalidOption(
      fn,
      ["sharedDimension"],
      kIn,
      `the ${model} model needs sharedDimension (the number of action features per arm) >= 1. Got ${describeValue(kIn)}.`,
    );
  if (model === "shared" && dIn !== undefined && dIn > 0)
    throw invalidOption(fn, ["dimension"], dIn, `the shared model has no per-arm weights; leave dimension out or use model "hybrid".`);
  if (model === "disjoint" && kIn !== undefined && kIn > 0)
    throw invalidOption(fn, ["sharedDimension"], kIn, `the disjoint model has no shared weights; leave sharedDimension out or use model "hybrid".`);
  const names = typeof o.arms === "number" ? Array.from({ length: o.arms }, (_, i) => String(i)) : [...(o.arms as string[])];
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
  const K = names.length;
  const entries = K * (2 * d * d + d + d * k) + 2 * k * k;
  if (entries > MAX_STATE_ENTRIES) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "dimension"],
      received: entries,
      message: `${fn}: ${K} arms with d = ${d} and k = ${k} need ${entries} matrix entries per population, more than ${MAX_STATE_ENTRIES}. Reduce the features (hash or project them) or use the shared model.`,
    });
  }
  const base = { model, dimension: d, sharedDimension: k, ridge: o.ridge ?? 1 };
  return {
    kind: "contextual-bandit",
    version: 1,
    ...base,
    policy: normalizePolicy(o.policy as ContextualPolicyInput | undefined),
    discount: o.discount ?? 1,
    minObservations: o.minObservations ?? 100,
    arms: names,
    pooled: emptyLinear(base, K),
    segments: {},
    stream: streamFromSeed(o.seed ?? 0),
  };
}

/** Deep copy of one statistics block. */
export function cloneLinear(s: LinearStatistics): LinearStatistics {
  return {
    n: s.n.slice(),
    plays: s.plays.slice(),
    ridgeWeight: s.ridgeWeight,
    A: s.A.map((m) => m.slice()),
    Ainv: s.Ainv.map((m) => m.slice()),
    b: s.b.map((m) => m.slice()),
    theta: s.theta.map((m) => m.slice()),
    B: s.B === null ? null : s.B.map((m) => m.slice()),
    shared: s.shared === null ? null : { A: s.shared.A.slice(), Ainv: s.shared.Ainv.slice(), b: s.shared.b.slice() },
  };
}

/** Deep copy of a checked state. */
export function cloneContextual(s: ContextualBanditState): ContextualBanditState {
  const segments: Record<string, LinearStatistics> = {};
  for (const key of Object.keys(s.segments)) setOwn(segments, key, cloneLinear(s.segments[key]));
  return {
    kind: "contextual-bandit",
    version: 1,
    model: s.model,
    dimension: s.dimension,
    sharedDimension: s.sharedDimension,
    policy: { ...s.policy } as ContextualPolicy,
    ridge: s.ridge,
    discount: s.discount,
    minObservations: s.minObservations,
    arms: s.arms.slice(),
    pooled: cloneLinear(s.pooled),
    segments,
    stream: s.stream.slice(),
  };
}

function corrupted(fn: string, root: string, path: (string | number)[], message: string, received?: unknown): ClienteleError {
  return new ClienteleError({
    code: "INVALID_MODEL",
    path: [root, ...path],
    received,
    message: `${fn}: the ${root === "model" ? "saved " : ""}contextual bandit state is corrupted: ${message} Use a state made by createContextualBandit and changed only by this library, or reload it with contextualBanditFromJSON.`,
  });
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// checkConfig runs on every decision and update: module-level helpers (no closure per call) and
// no key array per call
function dimOk(v: unknown, zero: boolean): boolean {
  return typeof v === "number" && Number.isInteger(v) && (zero ? v === 0 : v >= 1 && v <= MAX_DIMENSION);
}

/** Object.keys(o).length without building the array. */
function ownKeyCount(o: object): number {
  let n = 0;
  for (const key in o) if (Object.hasOwn(o, key)) n++;
  return n;
}

/**
 * Checks the configuration of a state (O(arms), no matrices): header, model and dimensions,
 * policy, ridge, discount, minObservations, arms, segments object, stream. Throws `INVALID_MODEL`.
 */
export function checkConfig(state: unknown, fn: string, root = "state"): asserts state is ContextualBanditState {
  checkModelHeader(state, "contextual-bandit", 1, fn);
  const s = state as Record<string, unknown>;
  const model = s.model;
  if (model !== "disjoint" && model !== "shared" && model !== "hybrid")
    throw corrupted(fn, root, ["model"], `model must be "disjoint", "shared" or "hybrid".`, model);
  const d = s.dimension;
  const k = s.sharedDimension;
  if (!dimOk(d, model === "shared"))
    throw corrupted(
      fn,
      root,
      ["dimension"],
      `dimension must be ${model === "shared" ? "0" : `an integer in [1, ${MAX_DIMENSION}]`} for the ${model} model.`,
      d,
    );
  if (!dimOk(k, model === "disjoint"))
    throw corrupted(
      fn,
      root,
      ["sharedDimension"],
      `sharedDimension must be ${model === "disjoint" ? "0" : `an integer in [1, ${MAX_DIMENSION}]`} for the ${model} model.`,
      k,
    );
  const p = s.policy;
  if (!isObj(p)) throw corrupted(fn, root, ["policy"], 'policy must be an object such as { type: "linucb", alpha: 1 }.', p);
  const param =
    p.type === "linucb" ? "alpha" : p.type === "thompson" ? "v" : p.type === "epsilon-greedy" ? "epsilon" : p.type === "softmax" ? "temperature" : null;
  if (param === null) throw corrupted(fn, root, ["policy", "type"], `policy.type must be "linucb", "thompson", "epsilon-greedy" or "softmax".`, p.type);
  const pv = p[param];
  const pOk = typeof pv === "number" && (param === "epsilon" ? pv >= 0 && pv <= 1 : pv > 0 && pv <= (param === "temperature" ? 1e100 : 1e6));
  if (!pOk || ownKeyCount(p) !== 2)
    throw corrupted(fn, root, ["policy", param], `policy.${param} is out of range (and the policy has exactly the fields type and ${param}).`, pv);
  const lam = s.ridge;
  if (typeof lam !== "number" || !(lam >= 1e-50 && lam <= 1e50)) throw corrupted(fn, root, ["ridge"], "ridge must be a number in [1e-50, 1e50].", lam);
  const g = s.discount;
  if (typeof g !== "number" || !(g > 0 && g <= 1)) throw corrupted(fn, root, ["discount"], "discount must be a number in (0, 1].", g);
  const mo = s.minObservations;
  if (typeof mo !== "number" || !Number.isSafeInteger(mo) || mo < 0)
    throw corrupted(fn, root, ["minObservations"], "minObservations must be a non-negative integer.", mo);
  const arms = s.arms;
  if (!Array.isArray(arms) || arms.length < 1 || arms.length > MAX_CONTEXT_ARMS)
    throw corrupted(fn, root, ["arms"], `arms must list 1 to ${MAX_CONTEXT_ARMS} names.`, arms);
  for (let j = 0; j < arms.length; j++) {
    if (typeof arms[j] !== "string" || (arms[j] as string).length === 0)
      throw corrupted(fn, root, ["arms", j], `arms[${j}] must be a non-empty string.`, arms[j]);
  }
  if (!isObj(s.segments)) throw corrupted(fn, root, ["segments"], "segments must be an object of statistics blocks.", s.segments);
  if (!isStream(s.stream)) throw corrupted(fn, root, ["stream"], "stream must be four integers in [0, 2^32), not all 0.", s.stream);
}

function checkVector(v: unknown, len: number, fn: string, root: string, path: (string | number)[]): number[] {
  if (!Array.isArray(v) || v.length !== len) throw corrupted(fn, root, path, `must be an array of ${len} numbers.`);
  for (let i = 0; i < len; i++) {
    if (typeof v[i] !== "number" || !Number.isFinite(v[i])) throw corrupted(fn, root, [...path, i], "must be a finite number.", v[i]);
  }
  return v as number[];
}

function checkSpdPair(A: number[], Ainv: number[], n: number, fn: string, root: string, path: (string | number)[]): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const x = A[i * n + j];
      const y = A[j * n + i];
      if (Math.abs(x - y) > 1e-9 * (Math.abs(x) + Math.abs(y)) + 1e-300) throw corrupted(fn, root, [...path, "A"], "A must be symmetric.");
    }
  }
  if (cholesky(A, n) === null) throw corrupted(fn, root, [...path, "A"], "A must be positive definite.");
  if (!(inverseError(A, Ainv, n) <= 1e-6)) throw corrupted(fn, root, [...path, "Ainv"], "Ainv is not the inverse of A (largest |A Ainv - I| above 1e-6).");
}

function checkTheta(Ainv: number[], b: number[], theta: number[], d: number, fn: string, root: string, path: (string | number)[]): void {
  for (let i = 0; i < d; i++) {
    let v = 0;
    let scale = 0;
    for (let j = 0; j < d; j++) {
      v += Ainv[i * d + j] * b[j];
      scale += Math.abs(Ainv[i * d + j] * b[j]);
    }
    if (!(Math.abs(v - theta[i]) <= 1e-6 * (scale + Math.abs(v)) + 1e-300))
      throw corrupted(fn, root, [...path, i], "theta is not Ainv b (the ridge weights of the arm).", theta[i]);
  }
}

/**
 * Full check of one statistics block (O(arms x d^3 + k^3)): shapes, finite values, counts,
 * symmetric positive-definite matrices whose stored inverses are their inverses.
 */
export function checkLinearBlock(
  state: ContextualBanditState,
  s: unknown,
  fn: string,
  where: (string | number)[],
  root = "state",
): asserts s is LinearStatistics {
  if (!isObj(s)) throw corrupted(fn, root, where, "a statistics block must be an object { n, plays, ridgeWeight, A, Ainv, b, theta, B, shared }.", s);
  const K = state.arms.length;
  const d = state.dimension;
  const k = state.sharedDimension;
  const n = checkVector(s.n, K, fn, root, [...where, "n"]);
  const plays = checkVector(s.plays, K, fn, root, [...where, "plays"]);
  for (let j = 0; j < K; j++) {
    if (!Number.isSafeInteger(plays[j]) || plays[j] < 0) throw corrupted(fn, root, [...where, "plays", j], "plays must be non-negative integers.", plays[j]);
    if (!(n[j] >= 0 && n[j] <= plays[j] * (1 + 1e-9) + 1e-9)) throw corrupted(fn, root, [...where, "n", j], "n must lie in [0, plays].", n[j]);
  }
  const rw = s.ridgeWeight;
  if (typeof rw !== "number" || !(rw > 0 && rw <= 1)) throw corrupted(fn, root, [...where, "ridgeWeight"], "ridgeWeight must be a number in (0, 1].", rw);
  for (const key of ["A", "Ainv", "b", "theta"] as const) {
    if (!Array.isArray(s[key]) || (s[key] as unknown[]).length !== K) throw corrupted(fn, root, [...where, key], `${key} must hold one entry per arm (${K}).`);
  }
  for (let j = 0; j < K; j++) {
    const A = checkVector((s.A as unknown[])[j], d * d, fn, root, [...where, "A", j]);
    const Ai = checkVector((s.Ainv as unknown[])[j], d * d, fn, root, [...where, "Ainv", j]);
    const b = checkVector((s.b as unknown[])[j], d, fn, root, [...where, "b", j]);
    const th = checkVector((s.theta as unknown[])[j], d, fn, root, [...where, "theta", j]);
    if (d > 0) {
      checkSpdPair(A, Ai, d, fn, root, [...where, j]);
      checkTheta(Ai, b, th, d, fn, root, [...where, "theta", j]);
    }
  }
  if (state.model === "hybrid") {
    if (!Array.isArray(s.B) || s.B.length !== K) throw corrupted(fn, root, [...where, "B"], `B must hold one d x k matrix per arm.`);
    for (let j = 0; j < K; j++) checkVector(s.B[j], d * k, fn, root, [...where, "B", j]);
  } else if (s.B !== null) throw corrupted(fn, root, [...where, "B"], "B must be null unless the model is hybrid.");
  if (state.model === "disjoint") {
    if (s.shared !== null) throw corrupted(fn, root, [...where, "shared"], "shared must be null for the disjoint model.");
    return;
  }
  const sh = s.shared;
  if (!isObj(sh) || Object.keys(sh).length !== 3) throw corrupted(fn, root, [...where, "shared"], "shared must be an object { A, Ainv, b }.", sh);
  const A0 = checkVector(sh.A, k * k, fn, root, [...where, "shared", "A"]);
  const A0i = checkVector(sh.Ainv, k * k, fn, root, [...where, "shared", "Ainv"]);
  checkVector(sh.b, k, fn, root, [...where, "shared", "b"]);
  checkSpdPair(A0, A0i, k, fn, root, [...where, "shared"]);
}

/** Full check of a state: configuration, every block, distinct arms. */
export function validateContextual(state: unknown, fn: string, root = "state"): asserts state is ContextualBanditState {
  checkConfig(state, fn, root);
  if (new Set(state.arms).size !== state.arms.length) throw corrupted(fn, root, ["arms"], "arm names must be distinct.");
  checkLinearBlock(state, state.pooled, fn, ["pooled"], root);
  for (const key of Object.keys(state.segments)) checkLinearBlock(state, state.segments[key], fn, ["segments", key], root);
}

const jsonShape = z.looseObject({ kind: z.literal("contextual-bandit"), version: z.literal(1) });

/**
 * Checks a parsed contextual bandit state and returns a fresh copy: configuration, shapes,
 * finite values, symmetric positive-definite matrices whose stored inverses agree with them
 * (largest |A Ainv - I| at most 1e-6), and the random stream. Runs in O(populations x arms x d^3).
 *
 * @param value - the result of `JSON.parse` on a saved state
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { createContextualBandit, contextualBanditFromJSON } from "clientele/bandit";
 * const saved = JSON.stringify(createContextualBandit({ arms: 2, dimension: 2 }));
 * contextualBanditFromJSON(JSON.parse(saved)).arms; // => ["0", "1"]
 */
export function contextualBanditFromJSON(value: unknown): ContextualBanditState {
  const fn = "contextualBanditFromJSON";
  checkModelHeader(value, "contextual-bandit", 1, fn);
  parseWith(jsonShape, value, fn, { code: "INVALID_MODEL", root: "model" });
  const keys = [
    "kind",
    "version",
    "model",
    "dimension",
    "sharedDimension",
    "policy",
    "ridge",
    "discount",
    "minObservations",
    "arms",
    "pooled",
    "segments",
    "stream",
  ];
  for (const key of Object.keys(value as object)) {
    if (!keys.includes(key)) throw corrupted(fn, "model", [key], `unknown field ${JSON.stringify(key)}.`);
  }
  const blockKeys = ["n", "plays", "ridgeWeight", "A", "Ainv", "b", "theta", "B", "shared"];
  const v = value as ContextualBanditState;
  validateContextual(v, fn, "model");
  for (const [where, block] of [["pooled", v.pooled], ...Object.keys(v.segments).map((key) => [key, v.segments[key]] as const)] as const) {
    for (const key of Object.keys(block)) {
      if (!blockKeys.includes(key)) throw corrupted(fn, "model", [where as string, key], `unknown field ${JSON.stringify(key)} in a statistics block.`);
    }
  }
  return cloneContextual(v);
}
