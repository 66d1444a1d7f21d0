// banditFromJSON: the schema of a saved state, checked in full.
import * as z from "../../core/schema.js";
import { checkModelHeader, parseWith } from "../../core/validate.js";
import { invalidState, validateState } from "./check.js";
import { finite, normalizePrior } from "./create.js";
import { MAX_ARMS } from "./limits.js";
import { cloneBandit } from "./statistics.js";
import type { BanditState } from "./types.js";

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
