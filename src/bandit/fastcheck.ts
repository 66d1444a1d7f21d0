// Hot-path state checks for chooseArm / chooseArmIndex / updateBanditInPlace. Internal.
//
// Each predicate answers "is this part of the state certainly valid?" without allocating or
// throwing: branch-light comparisons on the values the call reads anyway. When one answers
// false the caller runs the full checks (checkState / checkBlock in state.ts, the code of the
// slow path), which throw the precise INVALID_MODEL error, so errors are exactly those of the
// full checks and a corrupted state never yields a decision.
//
// What is checked per call, and why: a host owns its state object and may change any field in
// place between calls (the library itself only changes the statistics and the stream). So
// every scalar field (kind, version, reward, policy and its parameters, prior fields,
// discount, window, minObservations), the stream words, every `retired` flag and the
// statistics the call reads are checked on every call: a few comparisons each. Only the arm
// NAME list is remembered: the `arms` array whose every entry was last checked is kept with
// its length, so replacing the array or changing its length checks it again. A name changed
// in place in the remembered array is not read by chooseArmIndex or an update by index;
// chooseArm checks the name it returns, an update by name only matches a non-empty string,
// and every other function runs the full checks.

import { MAX_ARMS, MAX_REWARD, REL, type ArmStatistics, type BanditState } from "./state.js";

// The arm-name list last found valid, with its length then. One entry, no WeakMap: a host that
// copies its state on every call (updateBandit) would otherwise add an entry per call.
let lastArms: unknown = null;
let lastArmsLength = -1;

function armsOk(arms: unknown[], k: number): boolean {
  if (arms === lastArms && k === lastArmsLength) return true;
  for (let j = 0; j < k; j++) {
    const a = arms[j];
    if (typeof a !== "string" || a.length === 0) return false;
  }
  lastArms = arms;
  lastArmsLength = k;
  return true;
}

/** All flags booleans, at least one arm active. */
export function retiredOk(retired: unknown[], k: number): boolean {
  let active = 0;
  for (let j = 0; j < k; j++) {
    const r = retired[j];
    if (r === false) active++;
    else if (r !== true) return false;
  }
  return active > 0;
}

/**
 * True when everything `checkState` checks is certainly valid. `retiredFlags`: the caller
 * checks every retired flag itself, in its own pass over the arms.
 */
export function configOk(state: unknown, retiredFlags: boolean): state is BanditState {
  if (typeof state !== "object" || state === null) return false;
  const s = state as BanditState;
  if (s.kind !== "bandit" || s.version !== 1) return false;
  const reward = s.reward;
  const gaussian = reward === "gaussian";
  if (!gaussian && reward !== "bernoulli") return false;
  const p = s.policy as unknown as Record<string, unknown> | null;
  if (typeof p !== "object" || p === null || Array.isArray(p)) return false;
  const type = p.type;
  if (type === "ucb1") {
    const c = p.scale;
    if (typeof c !== "number" || !(c > 0 && c <= MAX_REWARD)) return false;
  } else if (type === "epsilon-greedy") {
    const e = p.epsilon;
    const d = p.decay;
    if (typeof e !== "number" || !(e >= 0 && e <= 1) || typeof d !== "number" || !(d >= 0 && d <= MAX_REWARD)) return false;
  } else if (type !== "thompson") return false;
  const pr = s.prior as unknown as Record<string, unknown> | null;
  if (typeof pr !== "object" || pr === null || Array.isArray(pr)) return false;
  const a = pr.alpha;
  const b = pr.beta;
  if (typeof a !== "number" || !(a > 0 && a <= MAX_REWARD) || typeof b !== "number" || !(b > 0 && b <= MAX_REWARD)) return false;
  if (gaussian) {
    const kp = pr.kappa;
    const m = pr.mean;
    if (typeof kp !== "number" || !(kp > 0 && kp <= MAX_REWARD) || typeof m !== "number" || !(Math.abs(m) <= MAX_REWARD)) return false;
  }
  const discount = s.discount;
  const window = s.window;
  const mo = s.minObservations;
  if (typeof discount !== "number" || !(discount > 0 && discount <= 1)) return false;
  if (!Number.isInteger(window) || !(window >= 0 && window <= 1e9) || (discount < 1 && window > 0)) return false;
  if (!Number.isSafeInteger(mo) || mo < 0) return false;
  const arms = s.arms as unknown;
  if (!Array.isArray(arms)) return false;
  const k = arms.length;
  if (k < 1 || k > MAX_ARMS || !armsOk(arms, k)) return false;
  const retired = s.retired as unknown;
  if (!Array.isArray(retired) || retired.length !== k) return false;
  if (!retiredFlags && !retiredOk(retired, k)) return false;
  const seg = s.segments as unknown;
  if (typeof seg !== "object" || seg === null || Array.isArray(seg) || ArrayBuffer.isView(seg)) return false;
  const f = s.factors as unknown;
  if (f !== null && (typeof f !== "object" || Array.isArray(f) || ArrayBuffer.isView(f))) return false;
  const w = s.stream as unknown;
  if (w !== undefined) {
    if (!Array.isArray(w) || w.length !== 4) return false;
    const w0 = w[0];
    const w1 = w[1];
    const w2 = w[2];
    const w3 = w[3];
    // integers in [0, 2^32): x >>> 0 === x holds exactly for those (and is false for non-numbers)
    if (w0 >>> 0 !== w0 || w1 >>> 0 !== w1 || w2 >>> 0 !== w2 || w3 >>> 0 !== w3 || (w0 | w1 | w2 | w3) === 0) return false;
  }
  return true;
}

/** One arm's statistics are certainly valid (no window): what `checkBlock` checks per arm. */
export function armOk(bernoulli: boolean, nj: unknown, sj: unknown, qj: unknown, pj: unknown): boolean {
  if (!Number.isSafeInteger(pj) || typeof nj !== "number" || typeof sj !== "number" || typeof qj !== "number") return false;
  if (!((pj as number) >= 0 && nj >= 0 && nj <= (pj as number) * (1 + REL) + REL && qj >= 0 && qj < Infinity)) return false;
  if (bernoulli) return sj >= -REL && sj <= nj * (1 + REL) + REL;
  return (
    sj - sj === 0 &&
    Math.abs(sj) <= MAX_REWARD * nj * (1 + REL) &&
    qj <= MAX_REWARD * MAX_REWARD * nj * (1 + REL) &&
    sj * sj <= nj * qj * (1 + 1e-6) + nj * nj * 1e-300
  );
}

/**
 * True when arms [from, to) of a statistics block of a `configOk` state are certainly valid
 * (what `checkBlock` checks, without the window buffers' values).
 */
export function blockOk(state: BanditState, block: unknown, from: number, to: number): block is ArmStatistics {
  if (typeof block !== "object" || block === null) return false;
  const s = block as ArmStatistics;
  const k = state.arms.length;
  const n = s.n as unknown;
  const sum = s.sum as unknown;
  const sumSq = s.sumSq as unknown;
  const plays = s.plays as unknown;
  if (!Array.isArray(n) || !Array.isArray(sum) || !Array.isArray(sumSq) || !Array.isArray(plays)) return false;
  if (n.length !== k || sum.length !== k || sumSq.length !== k || plays.length !== k) return false;
  const bernoulli = state.reward === "bernoulli";
  for (let j = from; j < to; j++) if (!armOk(bernoulli, n[j], sum[j], sumSq[j], plays[j])) return false;
  const W = state.window;
  const recent = s.recent as unknown;
  const recentStart = s.recentStart as unknown;
  if (W === 0) return recent === null && recentStart === null;
  if (!Array.isArray(recent) || !Array.isArray(recentStart) || recent.length !== k || recentStart.length !== k) return false;
  for (let j = from; j < to; j++) {
    const buf = recent[j] as unknown;
    const st = recentStart[j] as unknown;
    if (!Array.isArray(buf)) return false;
    const len = buf.length;
    if (len > W || len !== n[j] || !Number.isInteger(st) || (st as number) < 0 || ((st as number) > 0 && (st as number) >= len)) return false;
  }
  return true;
}
