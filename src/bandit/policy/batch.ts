// updateBanditBatch: many delayed observations (single rewards or summaries) at once.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { checkRowFields, suggestName } from "../../core/validate.js";
import { cloneBandit, MAX_COUNT, MAX_REWARD, resolveArm, segmentField, validateState, type BanditState } from "../state.js";
import { observe } from "./block.js";
import { checkReward, tooMany } from "./options.js";
import type { BanditRewardUpdate, BanditSummaryUpdate, BanditUpdate } from "./types.js";

const UPDATE_FIELDS = ["arm", "reward", "count", "sum", "sumSq", "segment"];

/**
 * Records many delayed observations at once and returns a new state (the input is not
 * changed). Each entry is either one reward `{ arm, reward, segment? }` or a summary
 * `{ arm, count, sum, sumSq?, segment? }` of `count` rewards (for Bernoulli arms,
 * `sum` = conversions). Entries are applied in order; with a discount factor a summary
 * counts as one time step. Every entry is checked before any is applied, so a bad entry
 * leaves nothing half-done; an entry with a field this function does not read (`rewards`,
 * `segmnet`) is refused. O(entries * arms) with a discount, O(entries + state) otherwise.
 *
 * @param state - a bandit state
 * @param updates - observations in arrival order
 * @throws ClienteleError `UNKNOWN_ARM`, `NON_FINITE`, `MISSING_VALUE`, `REWARD_OUT_OF_RANGE`, `OUT_OF_RANGE`,
 *   `NEGATIVE_VALUE`, `NOT_INTEGER`, `INVALID_INPUT` (not an array, an impossible summary, an unknown field),
 *   `MISSING_COLUMN` (a near-miss field name), `WINDOW_NEEDS_REWARDS`, `INVALID_ID` (segment), `INVALID_MODEL`, `TOO_LARGE`
 * @example
 * import { createBandit, updateBanditBatch } from "clientele/bandit";
 * const b = updateBanditBatch(createBandit({ arms: ["a", "b"] }), [
 *   { arm: "a", count: 120, sum: 9 },        // yesterday: 9 conversions in 120 sends
 *   { arm: "b", reward: 1, segment: "vip" },
 * ]);
 * b.pooled.plays; // => [120, 1]
 */
export function updateBanditBatch(state: BanditState, updates: readonly BanditUpdate[]): BanditState {
  const fn = "updateBanditBatch";
  validateState(state, fn);
  if (!Array.isArray(updates)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["updates"],
      received: updates,
      message: `${fn}: updates must be an array of { arm, reward } or { arm, count, sum, sumSq }. Got ${describeValue(updates)}.`,
    });
  }
  const m = updates.length;
  const arms = new Int32Array(m);
  const counts = new Float64Array(m);
  const sums = new Float64Array(m);
  const sumSqs = new Float64Array(m);
  const segments: (string | undefined)[] = new Array(m);
  const gaussian = state.reward === "gaussian";
  for (let i = 0; i < m; i++) {
    const u = updates[i] as Partial<BanditRewardUpdate & BanditSummaryUpdate>;
    const path = ["updates", i];
    if (u === null || typeof u !== "object" || Array.isArray(u)) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path,
        received: u,
        message: `${fn}: updates[${i}] must be { arm, reward } or { arm, count, sum, sumSq }. Got ${describeValue(u)}.`,
      });
    }
    const summary = u.count !== undefined;
    if (i === 0) {
      checkRowFields(u as Record<string, unknown>, summary ? ["arm", "count", "sum", ...(gaussian ? ["sumSq"] : [])] : ["arm", "reward"], fn, path, {
        arm: ["armId", "arm_id", "variant"],
        reward: ["rewards", "value", "outcome"],
        count: ["n", "trials", "visitors"],
        sum: ["conversions", "successes", "total"],
      });
    }
    for (const key of Object.keys(u)) {
      if (!UPDATE_FIELDS.includes(key)) {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: [...path, key],
          received: key,
          message: `${fn}: updates[${i}] has a field "${key}" this function does not read; ${suggestName(key, UPDATE_FIELDS, "fields")}`,
        });
      }
    }
    arms[i] = resolveArm(state, u.arm as string | number, fn, [...path, "arm"]);
    segments[i] = segmentField(u.segment, fn, [...path, "segment"]);
    if (!summary) {
      const r = checkReward(state, u.reward, fn, [...path, "reward"]);
      counts[i] = 1;
      sums[i] = r;
      sumSqs[i] = r * r;
      continue;
    }
    if (u.reward !== undefined) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: [...path, "reward"],
        message: `${fn}: updates[${i}] has both reward and count; send either one reward { arm, reward } or a summary { arm, count, sum }.`,
      });
    }
    const c = u.count;
    if (typeof c !== "number" || !Number.isFinite(c)) {
      throw new ClienteleError({
        code: "NON_FINITE",
        path: [...path, "count"],
        received: c,
        message: `${fn}: updates[${i}].count must be a finite number. Got ${describeValue(c)}.`,
      });
    }
    if (c < 0) {
      throw new ClienteleError({
        code: "NEGATIVE_VALUE",
        path: [...path, "count"],
        received: c,
        message: `${fn}: updates[${i}].count is ${c}; counts cannot be negative.`,
      });
    }
    if (!Number.isInteger(c)) {
      throw new ClienteleError({
        code: "NOT_INTEGER",
        path: [...path, "count"],
        received: c,
        message: `${fn}: updates[${i}].count is ${c}; it must be a whole number of observations.`,
      });
    }
    if (c > MAX_COUNT) throw tooMany(fn, [...path, "count"], c);
    if (state.window > 0) {
      throw new ClienteleError({
        code: "WINDOW_NEEDS_REWARDS",
        path,
        message: `${fn}: updates[${i}] is a summary, but a bandit with a sliding window needs the individual rewards. Send { arm, reward } entries instead.`,
      });
    }
    const s = u.sum;
    if (typeof s !== "number" || !Number.isFinite(s)) {
      throw new ClienteleError({
        code: s === undefined || s === null ? "MISSING_VALUE" : "NON_FINITE",
        path: [...path, "sum"],
        received: s,
        message: `${fn}: updates[${i}].sum must be a finite number. Got ${describeValue(s)}.`,
      });
    }
    let sq: number;
    if (!gaussian) {
      if (s < 0) {
        throw new ClienteleError({
          code: "NEGATIVE_VALUE",
          path: [...path, "sum"],
          received: s,
          message: `${fn}: updates[${i}].sum is ${s}; conversions cannot be negative.`,
        });
      }
      if (s > c) {
        throw new ClienteleError({
          code: "REWARD_OUT_OF_RANGE",
          path: [...path, "sum"],
          received: s,
          message: `${fn}: updates[${i}] has sum ${s} > count ${c}; Bernoulli rewards lie in [0, 1], so conversions cannot exceed the count.`,
        });
      }
      if (u.sumSq !== undefined) {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: [...path, "sumSq"],
          message: `${fn}: updates[${i}].sumSq is not used by Bernoulli arms; remove it (for revenue-like rewards create the bandit with reward: "gaussian").`,
        });
      }
      sq = s; // exact for 0/1 rewards; unused by the Beta posterior
    } else {
      const q = u.sumSq;
      if (typeof q !== "number" || !Number.isFinite(q)) {
        throw new ClienteleError({
          code: q === undefined || q === null ? "MISSING_VALUE" : "NON_FINITE",
          path: [...path, "sumSq"],
          received: q,
          message: `${fn}: updates[${i}].sumSq (sum of squared rewards) is required for Gaussian arms and must be a finite number. Got ${describeValue(q)}.`,
        });
      }
      const sumTooBig = Math.abs(s) > MAX_REWARD * c * (1 + 1e-10);
      if (sumTooBig || q > MAX_REWARD * MAX_REWARD * c * (1 + 1e-10)) {
        throw new ClienteleError({
          code: "OUT_OF_RANGE",
          path: [...path, sumTooBig ? "sum" : "sumSq"],
          message: `${fn}: updates[${i}] implies rewards beyond ${MAX_REWARD} in absolute value (sum ${s}, sumSq ${q}, count ${c}). Rescale the rewards.`,
        });
      }
      if (c === 0 ? q !== 0 || s !== 0 : q < 0 || s * s > c * q * (1 + 1e-7) + c * c * 1e-300) {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: [...path, "sumSq"],
          received: q,
          message: `${fn}: updates[${i}] is not a possible summary: sumSq ${q} must be >= sum^2 / count = ${c === 0 ? 0 : (s * s) / c}${c === 0 ? " (and sum 0 when count is 0)" : ""}.`,
        });
      }
      sq = q;
    }
    counts[i] = c;
    sums[i] = s;
    sumSqs[i] = sq;
  }
  const out = cloneBandit(state);
  for (let i = 0; i < m; i++) {
    if (counts[i] === 0) continue;
    observe(out, arms[i], counts[i], sums[i], sumSqs[i], segments[i]);
  }
  const blocks = [out.pooled, ...Object.keys(out.segments).map((key) => out.segments[key])];
  for (const b of blocks) {
    for (let k = 0; k < b.plays.length; k++) if (b.plays[k] > MAX_COUNT) throw tooMany(fn, ["updates"], b.plays[k]);
  }
  return out;
}
