// Learning from rewards: rank-one (Sherman-Morrison) updates of each arm's ridge statistics and of
// Li et al.'s shared block, discounting, and the occasional refactorization that restores the
// ridge penalty under discounting.

import { ClienteleError, describeValue } from "../../core/errors.js";
import { rejectUnknownKeys } from "../../core/validate.js";
import { segmentField, segmentOption } from "../state.js";
import { setOwn } from "../../core/schema.js";
import { CTX, readContext, type ContextInput } from "./context.js";
import { armProducts, invertSpd, rankOne, scale, shermanMorrison, symmetricRankOne } from "./linalg.js";
import {
  checkConfig,
  cloneContextual,
  emptyLinear,
  MAX_CONTEXT_REWARD,
  validateContextual,
  type ContextualBanditState,
  type LinearStatistics,
} from "./state.js";

/** Options of `updateContextualBandit` and `updateContextualBanditInPlace`. */
export interface UpdateContextualBanditOptions {
  /** Segment id of the customer (the observation also goes into the pooled statistics). */
  segment?: string | number;
}

/** One (possibly delayed) observation for `updateContextualBanditBatch`. */
export interface ContextualUpdate {
  /** The context the decision was made for (as logged). */
  context: ContextInput;
  /** Arm name or index that was shown. */
  arm: string | number;
  /** The reward observed. */
  reward: number;
  /** Segment id of the customer, if any. */
  segment?: string | number;
}

const U = { u: new Float64Array(16), g: new Float64Array(8), h: new Float64Array(8), w: new Float64Array(8) };

function resolveArm(state: ContextualBanditState, arm: unknown, fn: string, path: (string | number)[]): number {
  if (typeof arm === "number" && Number.isInteger(arm) && arm >= 0 && arm < state.arms.length) return arm;
  if (typeof arm === "string") {
    const j = state.arms.indexOf(arm);
    if (j >= 0) return j;
  }
  throw new ClienteleError({
    code: "UNKNOWN_ARM",
    path,
    received: arm,
    message: `${fn}: arm ${describeValue(arm)} is not an arm of this bandit. Use one of its names (${state.arms
      .slice(0, 5)
      .map((a) => JSON.stringify(a))
      .join(", ")}${state.arms.length > 5 ? ", ..." : ""}) or an index in [0, ${state.arms.length - 1}].`,
  });
}

function checkReward(reward: unknown, fn: string, path: (string | number)[]): number {
  if (typeof reward !== "number" || !Number.isFinite(reward)) {
    throw new ClienteleError({
      code: reward === null || reward === undefined ? "MISSING_VALUE" : "NON_FINITE",
      path,
      received: reward,
      message: `${fn}: the reward must be a finite number. Got ${describeValue(reward)}.`,
    });
  }
  if (!(Math.abs(reward) <= MAX_CONTEXT_REWARD)) {
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path,
      received: reward,
      message: `${fn}: rewards must lie in [-1e50, 1e50]. Got ${reward}. Rescale the rewards.`,
    });
  }
  return reward + 0;
}

/** Restores the full ridge penalty after discounting: A_a += ridge (1 - w) I, refactorized. O(arms x d^3 + k^3). */
function restoreRidge(state: ContextualBanditState, s: LinearStatistics): void {
  const d = state.dimension;
  const k = state.sharedDimension;
  const K = state.arms.length;
  const delta = state.ridge * (1 - s.ridgeWeight);
  const sh = s.shared;
  // Li's A0 and b0 are Schur complements: A0 = A0raw - sum B^T A^-1 B, b0 = b0raw - sum B^T A^-1 b
  const explained = (sign: number): void => {
    if (sh === null || s.B === null) return;
    for (let a = 0; a < K; a++) {
      const B = s.B[a];
      const Ai = s.Ainv[a];
      const b = s.b[a];
      for (let c = 0; c < k; c++) {
        const col = new Float64Array(d);
        for (let i = 0; i < d; i++) {
          let v = 0;
          for (let j = 0; j < d; j++) v += Ai[i * d + j] * B[j * k + c];
          col[i] = v;
        }
        let vb = 0;
        for (let i = 0; i < d; i++) vb += col[i] * b[i];
        sh.b[c] += sign * vb;
        for (let e = 0; e < k; e++) {
          let v = 0;
          for (let i = 0; i < d; i++) v += B[i * k + e] * col[i];
          sh.A[e * k + c] += sign * v;
        }
      }
    }
  };
  explained(1);
  for (let a = 0; a < K && d > 0; a++) {
    const A = s.A[a];
    for (let i = 0; i < d; i++) A[i * d + i] += delta;
    const inv = invertSpd(A, d);
    if (inv !== null) s.Ainv[a] = inv;
    const Ai = s.Ainv[a];
    const b = s.b[a];
    const th = s.theta[a];
    for (let i = 0; i < d; i++) {
      let v = 0;
      for (let j = 0; j < d; j++) v += Ai[i * d + j] * b[j];
      th[i] = v;
    }
  }
  if (sh !== null) {
    for (let i = 0; i < k; i++) sh.A[i * k + i] += delta;
    explained(-1);
    const inv = invertSpd(sh.A, k);
    if (inv !== null) sh.Ainv = inv;
  }
  s.ridgeWeight = 1;
}

/** Reads the arm's statistics for x in CTX (u = A^-1 x, q, alpha = u.b, g = B^T u); false when unusable. */
const PRE = { q: 0, alpha: 0 };

function prepareArm(state: ContextualBanditState, s: LinearStatistics, j: number): { q: number; alpha: number } | null {
  const d = state.dimension;
  const k = state.sharedDimension;
  if (U.u.length < d) U.u = new Float64Array(d);
  if (U.g.length < k) {
    U.g = new Float64Array(k);
    U.h = new Float64Array(k);
    U.w = new Float64Array(k);
  }
  const x = CTX.x;
  let q = 0;
  let alpha = 0;
  if (d > 0) {
    const Ai = s.Ainv?.[j];
    const b = s.b?.[j];
    const A = s.A?.[j];
    const th = s.theta?.[j];
    if (
      !Array.isArray(Ai) ||
      Ai.length !== d * d ||
      !Array.isArray(b) ||
      b.length !== d ||
      !Array.isArray(A) ||
      A.length !== d * d ||
      !Array.isArray(th) ||
      th.length !== d
    )
      return null;
    const u = U.u;
    armProducts(Ai, x, u, d);
    for (let i = 0; i < d; i++) {
      const v = u[i];
      q += v * x[i];
      alpha += v * b[i];
    }
  }
  if (k > 0) {
    const sh = s.shared;
    if (
      sh === null ||
      typeof sh !== "object" ||
      !Array.isArray(sh.Ainv) ||
      sh.Ainv.length !== k * k ||
      !Array.isArray(sh.A) ||
      sh.A.length !== k * k ||
      !Array.isArray(sh.b) ||
      sh.b.length !== k
    )
      return null;
    const B = s.B === null ? null : s.B?.[j];
    if (state.model === "hybrid" && (!Array.isArray(B) || B.length !== d * k)) return null;
    const z = CTX.z;
    const off = j * k;
    let hq = 0;
    for (let c = 0; c < k; c++) {
      let g = 0;
      if (B) for (let i = 0; i < d; i++) g += B[i * k + c] * U.u[i];
      U.g[c] = g;
      U.h[c] = z[off + c] - g;
    }
    for (let i = 0; i < k; i++) {
      let v = 0;
      for (let c = 0; c < k; c++) v += sh.Ainv[i * k + c] * U.h[c];
      U.w[i] = v;
      hq += v * U.h[i];
    }
    if (!(hq >= -1e-9 && hq < Infinity)) return null;
  }
  if (!(q >= -1e-9 && q < Infinity) || !Number.isFinite(alpha)) return null;
  if (!Array.isArray(s.n) || !Array.isArray(s.plays) || typeof s.n[j] !== "number" || !Number.isSafeInteger(s.plays[j])) return null;
  PRE.q = q > 0 ? q : 0;
  PRE.alpha = alpha;
  return PRE;
}

function decay(s: LinearStatistics, g: number): void {
  for (let a = 0; a < s.n.length; a++) s.n[a] *= g;
  for (const m of s.A) scale(m, g);
  for (const m of s.Ainv) scale(m, 1 / g);
  for (const m of s.b) scale(m, g);
  if (s.B !== null) for (const m of s.B) scale(m, g);
  if (s.shared !== null) {
    scale(s.shared.A, g);
    scale(s.shared.Ainv, 1 / g);
    scale(s.shared.b, g);
  }
  s.ridgeWeight *= g;
}

/** Adds (CTX, arm j, reward r) to block s. Returns false (nothing changed) when the block is unusable. */
function observe(state: ContextualBanditState, s: LinearStatistics, j: number, r: number): boolean {
  let pre = prepareArm(state, s, j);
  if (pre === null) return false;
  const gamma = state.discount;
  if (gamma < 1) {
    decay(s, gamma);
    pre = prepareArm(state, s, j) as { q: number; alpha: number };
  }
  const d = state.dimension;
  const k = state.sharedDimension;
  const x = CTX.x;
  const c = 1 + pre.q;
  if (d > 0) {
    // A += x x^T and, by Sherman-Morrison, Ainv -= u u^T / (1 + q), in one pass (the same
    // operations per entry as rankOne and shermanMorrison)
    symmetricRankOne(s.A[j], x, 1, d);
    symmetricRankOne(s.Ainv[j], U.u, -1 / c, d);
    const b = s.b[j];
    for (let i = 0; i < d; i++) b[i] += r * x[i];
    // theta' = A'^-1 b' = theta + u (r - x.theta) / (1 + q), with u = A^-1 x before the update
    const th = s.theta[j];
    const f = (r - pre.alpha) / c;
    for (let i = 0; i < d; i++) th[i] += f * U.u[i];
  }
  if (k > 0) {
    const sh = s.shared as NonNullable<LinearStatistics["shared"]>;
    const h = U.h;
    // A0 += h h^T / c and b0 += h (r - u.b) / c with h = z - B^T A^-1 x (derived from Li et al.'s
    // Algorithm 2: the net change of the Schur complement is rank one)
    let hq = 0;
    for (let i = 0; i < k; i++) hq += U.w[i] * h[i];
    rankOne(sh.A, h, 1 / c, k);
    shermanMorrison(sh.Ainv, U.w, hq, c, k);
    const f = (r - pre.alpha) / c;
    for (let i = 0; i < k; i++) sh.b[i] += f * h[i];
    if (s.B !== null) {
      const B = s.B[j];
      const z = CTX.z;
      const off = j * k;
      for (let i = 0; i < d; i++) for (let e = 0; e < k; e++) B[i * k + e] += x[i] * z[off + e];
    }
  }
  s.n[j] += 1;
  s.plays[j] += 1;
  if (s.ridgeWeight < 0.5) restoreRidge(state, s);
  return true;
}

function corruptedAfterCheck(state: ContextualBanditState, fn: string): never {
  validateContextual(state, fn);
  throw new ClienteleError({
    code: "INVALID_MODEL",
    path: ["state"],
    message: `${fn}: the state's statistics cannot take this observation (overflow). Standardize features and rewards and start a new bandit.`,
  });
}

// paths of a top-level call's errors (no allocation per update)
const P_ARM = ["arm"];
const P_REWARD = ["reward"];
const P_CONTEXT = ["context"];
/** The root path of a top-level call (never written to). */
const TOP: (string | number)[] = [];

/** One checked observation applied in place (pooled block and the segment's). */
function applyOne(
  state: ContextualBanditState,
  context: unknown,
  arm: unknown,
  reward: unknown,
  segment: string | undefined,
  fn: string,
  root: (string | number)[],
): void {
  const top = root.length === 0;
  const j = resolveArm(state, arm, fn, top ? P_ARM : [...root, "arm"]);
  const r = checkReward(reward, fn, top ? P_REWARD : [...root, "reward"]);
  readContext(state, context, fn, top ? P_CONTEXT : [...root, "context"]);
  if (state.pooled.plays?.[j] === Number.MAX_SAFE_INTEGER) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: [...root, "arm"],
      message: `${fn}: arm ${j} already has 2^53 - 1 observations. Start a new bandit or use a discount factor.`,
    });
  }
  let seg: LinearStatistics | undefined;
  if (segment !== undefined) {
    if (Object.hasOwn(state.segments, segment)) seg = state.segments[segment];
    if (seg !== undefined && prepareArm(state, seg, j) === null) corruptedAfterCheck(state, fn);
  }
  if (!observe(state, state.pooled, j, r)) corruptedAfterCheck(state, fn);
  if (segment !== undefined) {
    if (seg === undefined) {
      seg = emptyLinear(state, state.arms.length);
      setOwn(state.segments as Record<string, unknown>, segment, seg);
    }
    observe(state, seg, j, r);
  }
}

function segmentFromOptions(options: unknown, fn: string): string | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options"],
      received: options,
      message: `${fn}: options must be an object such as { segment: "mobile" }. Got ${describeValue(options)}.`,
    });
  }
  rejectUnknownKeys(options, ["segment"], fn);
  return segmentOption((options as { segment?: unknown }).segment, fn);
}

/**
 * Records a reward for the arm shown in a context, changing the state in place (and returning
 * it): one Sherman-Morrison update of the arm's inverse, O(d^2) (hybrid and shared: + O(d k + k^2)),
 * no matrix inverse. With a discount factor the block's evidence decays first; when less than
 * half of the ridge penalty is left it is restored by one refactorization (every ln 2 / (1 - discount)
 * updates).
 *
 * @param state - a contextual bandit state (changed)
 * @param context - the context the decision was made for
 * @param arm - arm name or index
 * @param reward - the reward (any finite number in [-1e50, 1e50])
 * @param options - `segment`
 * @throws ClienteleError `UNKNOWN_ARM`, `NON_FINITE`, `MISSING_VALUE`, `OUT_OF_RANGE`, `SHAPE_MISMATCH`, `INVALID_INPUT`, `INVALID_OPTION`, `INVALID_MODEL`, `TOO_LARGE`
 * @example
 * import { createContextualBandit, updateContextualBanditInPlace } from "clientele/bandit";
 * const b = createContextualBandit({ arms: ["a", "b"], dimension: 1 });
 * updateContextualBanditInPlace(b, [2], "b", 1);
 * [b.pooled.b[1][0], b.pooled.A[1][0], b.pooled.plays]; // => [2, 5, [0, 1]]
 * b.pooled.Ainv[1][0]; // => 0.2 (to 1e-15: 1 - 4 / 5 by Sherman-Morrison)
 */
export function updateContextualBanditInPlace(
  state: ContextualBanditState,
  context: ContextInput,
  arm: string | number,
  reward: number,
  options?: UpdateContextualBanditOptions,
): ContextualBanditState {
  const fn = "updateContextualBanditInPlace";
  checkConfig(state, fn);
  applyOne(state, context, arm, reward, segmentFromOptions(options, fn), fn, TOP);
  return state;
}

/**
 * Records a reward and returns a new state; the input is not changed (`updateContextualBanditInPlace`
 * without the copy). O(size of the state).
 *
 * @param state - a contextual bandit state
 * @param context - the context the decision was made for
 * @param arm - arm name or index
 * @param reward - the reward
 * @param options - `segment`
 * @throws ClienteleError as `updateContextualBanditInPlace`
 * @example
 * import { createContextualBandit, updateContextualBandit } from "clientele/bandit";
 * const before = createContextualBandit({ arms: 2, dimension: 2 });
 * const after = updateContextualBandit(before, [1, 0], 0, 1, { segment: "mobile" });
 * [after.pooled.plays, before.pooled.plays]; // => [[1, 0], [0, 0]]
 */
export function updateContextualBandit(
  state: ContextualBanditState,
  context: ContextInput,
  arm: string | number,
  reward: number,
  options?: UpdateContextualBanditOptions,
): ContextualBanditState {
  const fn = "updateContextualBandit";
  checkConfig(state, fn);
  const segment = segmentFromOptions(options, fn);
  const out = cloneState(state, fn);
  applyOne(out, context, arm, reward, segment, fn, TOP);
  return out;
}

function cloneState(state: ContextualBanditState, fn: string): ContextualBanditState {
  try {
    return cloneContextual(state);
  } catch {
    validateContextual(state, fn);
    throw new ClienteleError({ code: "INVALID_MODEL", path: ["state"], message: `${fn}: the state is corrupted. Reload it with contextualBanditFromJSON.` });
  }
}

/**
 * Applies many (delayed) observations, each with the context it was decided for, in order, and
 * returns a new state; the input is not changed. All or nothing: a bad entry throws with its
 * index in `path` and no state is returned. O(updates x d^2 + size of the state).
 *
 * @param state - a contextual bandit state
 * @param updates - `{ context, arm, reward, segment? }` entries
 * @throws ClienteleError as `updateContextualBanditInPlace`, with `path` ["updates", i, ...]; `INVALID_INPUT`
 * @example
 * import { createContextualBandit, updateContextualBanditBatch } from "clientele/bandit";
 * const b = updateContextualBanditBatch(createContextualBandit({ arms: 2, dimension: 1 }), [
 *   { context: [1], arm: 0, reward: 1 },
 *   { context: [1], arm: 0, reward: 0 },
 * ]);
 * b.pooled.plays; // => [2, 0]
 */
export function updateContextualBanditBatch(state: ContextualBanditState, updates: readonly ContextualUpdate[]): ContextualBanditState {
  const fn = "updateContextualBanditBatch";
  checkConfig(state, fn);
  if (!Array.isArray(updates)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["updates"],
      received: updates,
      message: `${fn}: updates must be an array of { context, arm, reward, segment? }. Got ${describeValue(updates)}.`,
    });
  }
  const out = cloneState(state, fn);
  for (let i = 0; i < updates.length; i++) {
    const u = updates[i] as unknown;
    if (u === null || typeof u !== "object" || Array.isArray(u)) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["updates", i],
        received: u,
        message: `${fn}: updates[${i}] must be an object { context, arm, reward, segment? }. Got ${describeValue(u)}.`,
      });
    }
    rejectUnknownKeys(u, ["context", "arm", "reward", "segment"], fn, `updates[${i}]`);
    const e = u as ContextualUpdate;
    const seg = segmentField(e.segment, fn, ["updates", i, "segment"]);
    applyOne(out, e.context, e.arm, e.reward, seg, fn, ["updates", i]);
  }
  return out;
}
