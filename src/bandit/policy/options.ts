// Hand-checked options and rewards of the choose/update calls (the hot paths allocate no
// schema), the `rng` option of the Monte Carlo functions, and the shared errors.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { createRng, isRng, type Rng } from "../../core/rng.js";
import { rejectUnknownKeys } from "../../core/validate.js";
import { MAX_REWARD, segmentOption, type BanditState } from "../state.js";
import type { ChooseArmOptions } from "./types.js";

/** The `rng` option of the Monte Carlo functions: a generator, or `createRng(0)` when absent. */
export function resolveRng(rng: unknown, fn: string): Rng {
  if (rng === undefined) return createRng(0);
  if (!isRng(rng)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "rng"],
      received: rng,
      message: `${fn}: options.rng must be a generator from createRng(seed). Got ${describeValue(rng)}.`,
    });
  }
  return rng;
}

export function checkReward(state: BanditState, reward: unknown, fn: string, path: (string | number)[]): number {
  if (typeof reward !== "number" || !Number.isFinite(reward)) {
    throw new ClienteleError({
      code: reward === null || reward === undefined ? "MISSING_VALUE" : "NON_FINITE",
      path,
      received: reward,
      message: `${fn}: the reward must be a finite number. Got ${describeValue(reward)}.`,
    });
  }
  if (state.reward === "bernoulli" && (reward < 0 || reward > 1)) {
    throw new ClienteleError({
      code: "REWARD_OUT_OF_RANGE",
      path,
      received: reward,
      message: `${fn}: Bernoulli arms take rewards in [0, 1] (1 = converted, 0 = not). Got ${reward}. Use reward: "gaussian" for revenue-like rewards.`,
    });
  }
  if (!(Math.abs(reward) <= MAX_REWARD)) {
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path,
      received: reward,
      message: `${fn}: Gaussian rewards must lie in [-${MAX_REWARD}, ${MAX_REWARD}] (so sums of squares stay finite). Got ${reward}. Rescale the rewards (e.g. to thousands or millions of the currency unit).`,
    });
  }
  return reward + 0; // -0 -> 0
}

function badOptions(options: unknown, fn: string): ClienteleError {
  return new ClienteleError({
    code: "INVALID_OPTION",
    path: ["options"],
    received: options,
    message: `${fn}: options must be an object such as { segment: "mobile" }. Got ${describeValue(options)}.`,
  });
}

/** Hand-checked options (hot path: no schema allocation): an object with only `known` keys. */
export function checkOptionsObject(options: unknown, known: readonly string[], fn: string): options is Record<string, unknown> {
  if (options === undefined) return false;
  if (options === null || typeof options !== "object" || Array.isArray(options)) throw badOptions(options, fn);
  for (const key in options) {
    if (Object.hasOwn(options, key) && !known.includes(key)) rejectUnknownKeys(options, known, fn);
  }
  return true;
}

export const CHOOSE_KEYS = ["rng", "segment"] as const;
const UPDATE_KEYS = ["segment"] as const;

export function optionSegment(options: unknown, fn: string): string | undefined {
  return checkOptionsObject(options, UPDATE_KEYS, fn) ? segmentOption(options.segment, fn) : undefined;
}

/** Options of a hot call are certainly valid: only known keys, each a valid value. */
export function chooseOptionsOk(options: object): boolean {
  if (Array.isArray(options)) return false;
  for (const key in options) {
    if (key !== "rng" && key !== "segment") return false;
  }
  const o = options as ChooseArmOptions;
  const rng = o.rng;
  if (rng !== undefined && !isRng(rng)) return false;
  return segmentOk(o.segment);
}

export function segmentOk(segment: unknown): boolean {
  return segment === undefined || (typeof segment === "string" ? segment.length > 0 : typeof segment === "number" && segment - segment === 0);
}

export function tooMany(fn: string, path: (string | number)[], total: number): ClienteleError {
  return new ClienteleError({
    code: "TOO_LARGE",
    path,
    received: total,
    message: `${fn}: an arm would have ${total} observations, more than 2^53 - 1 (the largest exact count). Start a new bandit, or use a discount factor.`,
  });
}
