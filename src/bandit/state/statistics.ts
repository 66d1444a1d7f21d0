// Statistics blocks (pooled and per segment): empty blocks, segment keys and lookups, copies,
// and the block a decision uses.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { idKey } from "../../core/ids.js";
import { setOwn } from "../../core/schema.js";
import { isStream, streamFromSeed } from "../stream.js";
import { checkBlock } from "./check.js";
import { POOLED_PATH } from "./limits.js";
import type { ArmStatistics, BanditPolicy, BanditState } from "./types.js";

export const own = (o: object, key: string): boolean => Object.hasOwn(o, key);
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
  const prior = state.reward === "bernoulli" ? { alpha: pr.alpha, beta: pr.beta } : { mean: pr.mean, kappa: pr.kappa, alpha: pr.alpha, beta: pr.beta };
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
