// Checks of a bandit state (hand-written, no schema allocation on the hot paths): structure,
// statistics blocks, factor structure, and the full deep check.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { checkModelHeader } from "../../core/validate.js";
import { isStream } from "../stream.js";
import { checkPriorFields } from "./create.js";
import { MAX_ARMS, MAX_REWARD, REL } from "./limits.js";
import type { ArmStatistics, BanditState } from "./types.js";

export function invalidState(fn: string, root: string, path: (string | number)[], message: string, received?: unknown): ClienteleError {
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
  if (reward !== "bernoulli" && reward !== "gaussian")
    throw invalidState(fn, root, ["reward"], `reward must be "bernoulli" or "gaussian"; got ${describeValue(reward)}.`, reward);
  const p = s.policy as Record<string, unknown> | null;
  if (!isPlainObject(p)) throw invalidState(fn, root, ["policy"], `policy must be an object such as { type: "thompson" }.`, p);
  if (p.type === "ucb1") {
    const c = p.scale;
    if (typeof c !== "number" || !(c > 0 && c <= MAX_REWARD))
      throw invalidState(fn, root, ["policy", "scale"], `policy.scale must be a number in (0, ${MAX_REWARD}].`, c);
  } else if (p.type === "epsilon-greedy") {
    const e = p.epsilon;
    const d = p.decay;
    if (typeof e !== "number" || !(e >= 0 && e <= 1)) throw invalidState(fn, root, ["policy", "epsilon"], "policy.epsilon must be a number in [0, 1].", e);
    if (typeof d !== "number" || !(d >= 0 && d <= MAX_REWARD))
      throw invalidState(fn, root, ["policy", "decay"], `policy.decay must be a number in [0, ${MAX_REWARD}].`, d);
  } else if (p.type !== "thompson") {
    throw invalidState(fn, root, ["policy", "type"], `policy.type must be "thompson", "ucb1" or "epsilon-greedy"; got ${describeValue(p.type)}.`, p.type);
  }
  if (!isPlainObject(s.prior)) throw invalidState(fn, root, ["prior"], "prior must be an object.", s.prior);
  checkPriorFields(reward, s.prior, fn, "INVALID_MODEL", root);
  const discount = s.discount;
  if (typeof discount !== "number" || !(discount > 0 && discount <= 1))
    throw invalidState(fn, root, ["discount"], "discount must be a number in (0, 1].", discount);
  const window = s.window;
  if (typeof window !== "number" || !Number.isInteger(window) || window < 0 || window > 1e9)
    throw invalidState(fn, root, ["window"], "window must be an integer in [0, 1e9].", window);
  if (discount < 1 && window > 0) throw invalidState(fn, root, ["window"], "discount < 1 and a window cannot be combined.");
  const mo = s.minObservations;
  if (typeof mo !== "number" || !Number.isSafeInteger(mo) || mo < 0)
    throw invalidState(fn, root, ["minObservations"], "minObservations must be a non-negative integer.", mo);
  const arms = s.arms;
  if (!Array.isArray(arms) || arms.length < 1 || arms.length > MAX_ARMS)
    throw invalidState(fn, root, ["arms"], `arms must be an array of 1 to ${MAX_ARMS} names.`, arms);
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
  if (s.factors !== null && !isPlainObject(s.factors))
    throw invalidState(fn, root, ["factors"], "factors must be null or { names, levels, armLevels }.", s.factors);
  if (s.stream !== undefined && !isStream(s.stream))
    throw invalidState(fn, root, ["stream"], "stream must be four integers in [0, 2^32), not all 0.", s.stream);
}

function badBlock(
  fn: string,
  root: string,
  where: readonly (string | number)[],
  path: (string | number)[],
  message: string,
  received?: unknown,
): ClienteleError {
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
    if (typeof pj !== "number" || !Number.isSafeInteger(pj) || pj < 0)
      throw badBlock(fn, root, where, ["plays", j], `.plays[${j}] must be a non-negative integer.`, pj);
    if (typeof nj !== "number" || !(nj >= 0 && nj <= pj * (1 + REL) + REL))
      throw badBlock(fn, root, where, ["n", j], `.n[${j}] must be a number in [0, plays[${j}]].`, nj);
    if (typeof sj !== "number" || !Number.isFinite(sj)) throw badBlock(fn, root, where, ["sum", j], `.sum[${j}] must be a finite number.`, sj);
    if (typeof qj !== "number" || !(qj >= 0 && qj < Infinity)) throw badBlock(fn, root, where, ["sumSq", j], `.sumSq[${j}] must be a finite number >= 0.`, qj);
    if (bern) {
      if (sj < -REL || sj > nj * (1 + REL) + REL) throw badBlock(fn, root, where, ["sum", j], `.sum[${j}] must lie in [0, n] for Bernoulli arms.`, sj);
    } else {
      if (Math.abs(sj) > MAX_REWARD * nj * (1 + REL))
        throw badBlock(fn, root, where, ["sum", j], `.sum[${j}] is larger than ${MAX_REWARD} x n[${j}], which no sequence of rewards can produce.`, sj);
      if (qj > MAX_REWARD * MAX_REWARD * nj * (1 + REL))
        throw badBlock(fn, root, where, ["sumSq", j], `.sumSq[${j}] is larger than ${MAX_REWARD}^2 x n[${j}], which no sequence of rewards can produce.`, qj);
      if (sj * sj > nj * qj * (1 + 1e-6) + nj * nj * 1e-300)
        throw badBlock(fn, root, where, ["sumSq", j], `.sumSq[${j}] is below sum^2 / n, which no sequence of rewards can produce.`, qj);
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
      if (!Array.isArray(buf) || buf.length > W || buf.length !== n[j])
        throw badBlock(fn, root, where, ["recent", j], `.recent[${j}] must hold the last n[${j}] <= ${W} rewards.`);
      if (typeof st !== "number" || !Number.isInteger(st) || st < 0 || (st > 0 && st >= buf.length))
        throw badBlock(fn, root, where, ["recentStart", j], `.recentStart[${j}] is inconsistent with window ${W}.`, st);
      if (deep) {
        for (let i = 0; i < buf.length; i++) {
          const r = buf[i];
          if (typeof r !== "number" || !(bern ? r >= 0 && r <= 1 : Math.abs(r) <= MAX_REWARD))
            throw badBlock(fn, root, where, ["recent", j, i], `.recent[${j}][${i}] is not a reward this bandit accepts.`, r);
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
  if (!Array.isArray(names) || names.length === 0 || names.some((x) => typeof x !== "string" || x.length === 0))
    throw bad("factors.names must be a non-empty list of names.");
  if (new Set(names).size !== names.length) throw bad("factors.names must be distinct.");
  if (!Array.isArray(levels) || levels.length !== names.length) throw bad("factors.levels must list the levels of each factor.");
  let total = 1;
  for (const lv of levels) {
    if (!Array.isArray(lv) || lv.length === 0 || lv.some((x) => typeof x !== "string" || x.length === 0))
      throw bad("each factor needs a non-empty list of level names.");
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
