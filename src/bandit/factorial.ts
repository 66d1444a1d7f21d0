import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { isClienteleError } from "../core/errors.js";
import { parseOptions } from "../core/validate.js";
import { checkDrawWork, decisionSchema, monteCarloBest, posteriorMeanOf, type DecisionOptions } from "./decision.js";
import { resolveRng } from "./policy.js";
import {
  blockFor,
  checkFactors,
  checkState,
  createBandit,
  segmentOption,
  emptyStatistics,
  MAX_ARMS,
  type BanditState,
  type CreateBanditOptions,
} from "./state.js";

/** Options of `createFactorialBandit`: the factors plus every `createBandit` option except `arms`. */
export interface CreateFactorialBanditOptions extends Omit<CreateBanditOptions, "arms"> {
  /** Factor name -> its levels, e.g. `{ headline: ["short", "long"], cta: ["Buy", "Try"] }`. */
  factors: Record<string, readonly string[]>;
}

/** Summary of one level of a factor, pooling every arm that shows it. */
export interface FactorLevelSummary {
  /** Level name. */
  level: string;
  /** Raw observations of arms with this level. */
  plays: number;
  /** Observed mean reward over those arms; null without observations. */
  mean: number | null;
  /** Posterior mean of the pooled mean reward. */
  posteriorMean: number;
  /** Monte Carlo probability that this level has the highest pooled mean among the factor's levels. */
  probabilityBest: number;
}

/** Marginal summary of one factor. */
export interface FactorMarginal {
  /** Factor name. */
  factor: string;
  /** One summary per level, in the order given. */
  levels: FactorLevelSummary[];
}

const factorialSchema = z.strictObject({
  factors: z.record(z.string().min(1), z.array(z.string().min(1)).min(1).max(MAX_ARMS)),
  // checked by createBandit (its messages are renamed to this function)
  policy: z.unknown().optional(),
  reward: z.unknown().optional(),
  prior: z.unknown().optional(),
  discount: z.unknown().optional(),
  window: z.unknown().optional(),
  minObservations: z.unknown().optional(),
  seed: z.unknown().optional(),
});

/**
 * Creates a multivariate (factorial) bandit whose arms are all combinations of the
 * factor levels, named like `headline=short|image=dog|cta=Buy`. Use it like any bandit;
 * `factorMarginals` summarizes each factor. O(product of level counts).
 *
 * @param options - `factors` plus createBandit options (policy, reward, prior, discount, window, minObservations)
 * Factor and level names may be any non-empty strings without "|" or "=" (also
 * "constructor" or "__proto__").
 *
 * @throws ClienteleError `INVALID_OPTION` (unknown option, no factors, duplicate levels, "|" or "=" in names,
 *   bad createBandit options), `TOO_LARGE` (more than 10,000 combinations)
 * @example
 * import { createFactorialBandit } from "clientele/bandit";
 * const b = createFactorialBandit({ factors: { headline: ["short", "long"], cta: ["Buy", "Try"] } });
 * b.arms; // => ["headline=short|cta=Buy", "headline=short|cta=Try", "headline=long|cta=Buy", "headline=long|cta=Try"]
 */
export function createFactorialBandit(options: CreateFactorialBanditOptions): BanditState {
  const fn = "createFactorialBandit";
  const opts = parseOptions(factorialSchema, options, fn);
  const names = Object.keys(opts.factors);
  const bad = (message: string, path: (string | number)[], received?: unknown): ClienteleError =>
    new ClienteleError({ code: "INVALID_OPTION", path: ["options", "factors", ...path], received, message: `${fn}: ${message}` });
  if (names.length === 0) throw bad("give at least one factor, e.g. { headline: ['a', 'b'] }.", []);
  let total = 1;
  const levels: string[][] = [];
  for (const name of names) {
    if (/[|=]/.test(name)) throw bad(`factor name ${describeValue(name)} may not contain "|" or "=".`, [name], name);
    const lv = [...opts.factors[name]];
    lv.forEach((l, i) => {
      if (/[|=]/.test(l)) throw bad(`level ${describeValue(l)} of "${name}" may not contain "|" or "=".`, [name, i], l);
    });
    if (new Set(lv).size !== lv.length) throw bad(`factor "${name}" lists a level twice.`, [name]);
    total *= lv.length;
    if (total > MAX_ARMS) {
      throw new ClienteleError({
        code: "TOO_LARGE",
        path: ["options", "factors"],
        message: `${fn}: the factors make more than ${MAX_ARMS} combinations (arms). Test fewer levels at once, or fewer factors.`,
      });
    }
    levels.push(lv);
  }
  const armLevels: number[][] = [];
  const armNames: string[] = [];
  const idx = new Array<number>(names.length).fill(0);
  for (let a = 0; a < total; a++) {
    armLevels.push(idx.slice());
    armNames.push(names.map((n, f) => `${n}=${levels[f][idx[f]]}`).join("|"));
    for (let f = names.length - 1; f >= 0; f--) {
      idx[f]++;
      if (idx[f] < levels[f].length) break;
      idx[f] = 0;
    }
  }
  const { factors: _factors, ...rest } = opts;
  let state: BanditState;
  try {
    state = createBandit({ ...(rest as Omit<CreateBanditOptions, "arms">), arms: armNames });
  } catch (e) {
    if (!isClienteleError(e)) throw e;
    throw new ClienteleError({ code: e.code, path: e.path, received: e.received, message: e.message.replace(/^createBandit:/, `${fn}:`) });
  }
  state.factors = { names, levels, armLevels };
  return state;
}

/**
 * Per-factor marginal summaries of a factorial bandit: for each level, the observations
 * of every arm showing it pooled into one posterior (so each level's estimate averages
 * over the other factors as they were played), and the Monte Carlo probability that it
 * is the factor's best level. O(arms + draws * levels).
 *
 * @param state - a bandit made by `createFactorialBandit`
 * @param options - `draws` (10,000), `rng` (`createRng(0)`), `segment`
 * @throws ClienteleError `NOT_FACTORIAL`, `INVALID_MODEL`, `INVALID_OPTION` (also draws above 10,000,000),
 *   `TOO_LARGE` (draws x factors x levels above 1e8)
 * @example
 * import { createFactorialBandit, factorMarginals } from "clientele/bandit";
 * const b = createFactorialBandit({ factors: { headline: ["short", "long"], cta: ["Buy", "Try"] } });
 * factorMarginals(b)[0].factor; // => "headline"
 */
export function factorMarginals(state: BanditState, options?: DecisionOptions): FactorMarginal[] {
  const fn = "factorMarginals";
  checkState(state, fn);
  if (state.factors === null) {
    throw new ClienteleError({
      code: "NOT_FACTORIAL",
      path: ["state", "factors"],
      message: `${fn}: this bandit has no factors; create it with createFactorialBandit.`,
    });
  }
  const o = parseOptions(decisionSchema, options, fn);
  checkFactors(state, fn);
  const rng = resolveRng(o.rng, fn);
  const segment = segmentOption(o.segment, fn);
  const draws = o.draws ?? 10_000;
  const { names, levels, armLevels } = state.factors;
  let maxLevels = 0;
  for (const lv of levels) maxLevels = Math.max(maxLevels, lv.length);
  checkDrawWork(draws * names.length, maxLevels, "levels", fn);
  const block = blockFor(state, segment, fn);
  return names.map((factor, f) => {
    const L = levels[f].length;
    const agg = emptyStatistics(L, 0);
    for (let a = 0; a < state.arms.length; a++) {
      const l = armLevels[a][f];
      agg.n[l] += block.n[a];
      agg.sum[l] += block.sum[a];
      agg.sumSq[l] += block.sumSq[a];
      agg.plays[l] += block.plays[a];
    }
    const mc = monteCarloBest(state, agg, new Array<boolean>(L).fill(true), draws, rng);
    return {
      factor,
      levels: levels[f].map((level, l) => ({
        level,
        plays: agg.plays[l],
        mean: agg.n[l] > 0 ? agg.sum[l] / agg.n[l] : null,
        posteriorMean: posteriorMeanOf(state, agg, l),
        probabilityBest: mc.probabilityBest[l],
      })),
    };
  });
}
