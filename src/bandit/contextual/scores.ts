// Epsilon-greedy, softmax and greedy choices over one score per arm from any model, with the
// probability of every arm (the propensity to log). The kernels here (ties, the epsilon-greedy
// and softmax probabilities, the draws that choose) are also the ones the contextual bandit's
// epsilon-greedy / softmax / LinUCB policies use (choose.ts), so both log the same propensities.

import { ClienteleError, describeValue } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import * as z from "../../core/schema.js";
import { rngOption } from "../../core/options.js";
import { parseOptions } from "../../core/validate.js";
import type { Draws } from "../stream.js";
import { MAX_CONTEXT_ARMS } from "./state.js";

// ---------------------------------------------------------------- shared kernels (internal)

/** Scores within 1e-12 (relative) of the best are tied. */
export const tieTol = (best: number): number => 1e-12 * Math.max(1, Math.abs(best));

/** The largest value of `v` (first K entries) and the number of arms within tolerance of it (no allocation per decision). */
const TIES = { best: 0, n: 0 };

/** The best of the first K scores and how many are tied with it (the returned object is reused). */
export function ties(v: ArrayLike<number>, K: number): typeof TIES {
  let best = -Infinity;
  for (let a = 0; a < K; a++) if (v[a] > best) best = v[a];
  const tol = tieTol(best);
  let n = 0;
  for (let a = 0; a < K; a++) if (best - v[a] <= tol) n++;
  TIES.best = best;
  TIES.n = n;
  return TIES;
}

/** The r-th arm (0-based) among those within tolerance of `best`. */
export function nthTie(v: ArrayLike<number>, K: number, best: number, r: number): number {
  const tol = tieTol(best);
  for (let a = 0; a < K; a++) if (best - v[a] <= tol && r-- === 0) return a;
  return K - 1;
}

/** Epsilon-greedy probability of one arm: eps / K, plus (1 - eps) / n when it is one of the n tied best. */
const greedyProbability = (eps: number, K: number, n: number, tied: boolean): number => eps / K + (tied ? (1 - eps) / n : 0);

/** Epsilon-greedy (eps = 0: greedy) probabilities of the first K scores `t` into `p`. */
export function greedyProbabilities(t: ArrayLike<number>, K: number, eps: number, p: { [i: number]: number }): void {
  const { best, n } = ties(t, K);
  const tol = tieTol(best);
  for (let a = 0; a < K; a++) p[a] = greedyProbability(eps, K, n, best - t[a] <= tol);
}

/** Softmax probabilities exp((s_a - max s) / temperature) / sum into `p`. */
export function softmaxProbabilities(s: ArrayLike<number>, K: number, temperature: number, p: { [i: number]: number }): void {
  let mx = -Infinity;
  for (let a = 0; a < K; a++) if (s[a] > mx) mx = s[a];
  let tot = 0;
  for (let a = 0; a < K; a++) {
    p[a] = Math.exp((s[a] - mx) / temperature);
    tot += p[a];
  }
  for (let a = 0; a < K; a++) p[a] /= tot;
}

const CHOICE = { index: 0, probability: 0 };

/**
 * Epsilon-greedy choice over the first K scores: with probability eps a uniform arm, else one of
 * the tied best uniformly (one uniform draw when eps > 0, then one integer draw). Returns the
 * arm and its probability (the returned object is reused).
 */
export function greedyChoice(t: ArrayLike<number>, K: number, eps: number, draws: Draws): typeof CHOICE {
  const { best, n } = ties(t, K);
  let index: number;
  if (eps > 0 && draws.uniform() < eps) index = draws.int(K);
  else index = n > 1 ? nthTie(t, K, best, draws.int(n)) : nthTie(t, K, best, 0);
  CHOICE.index = index;
  CHOICE.probability = greedyProbability(eps, K, n, best - t[index] <= tieTol(best));
  return CHOICE;
}

/** The arm whose cumulative probability first exceeds the uniform draw `u` (the last arm if rounding leaves u >= 0). */
export function sampleIndex(p: ArrayLike<number>, K: number, u: number): number {
  for (let a = 0; a < K; a++) {
    u -= p[a];
    if (u < 0) return a;
  }
  return K - 1;
}

// ---------------------------------------------------------------- public

/** A policy over scores: "epsilon-greedy", "softmax" or "greedy" (epsilon-greedy with epsilon 0). */
export type ScorePolicy = "epsilon-greedy" | "softmax" | "greedy";

/** Options of {@link chooseFromScores} and {@link chooseFromScoresBatch}. */
export interface ChooseFromScoresOptions {
  /** Random generator from `createRng(seed)` (required: create it once and reuse it for every decision). */
  rng: Rng;
  /** "epsilon-greedy" (default), "softmax" or "greedy". */
  policy?: ScorePolicy;
  /** Epsilon-greedy: the probability of a uniform arm, in [0, 1] (default 0.1). */
  epsilon?: number;
  /** Softmax: the temperature, in (0, 1e100] (default 0.1, in the units of the scores). */
  temperature?: number;
  /** Arm names, one per score (default "0", "1", ...). */
  arms?: readonly string[];
}

/** A choice over scores: the arm, the probability with which it was chosen, and every arm's probability. */
export interface ScoreChoice {
  /** Arm name. */
  arm: string;
  /** Arm index (position in the scores). */
  index: number;
  /** Probability that the policy chooses this arm for these scores: log it as the propensity. */
  probability: number;
  /** Every arm's probability (summing to 1), in the order of the scores. */
  probabilities: number[];
}

// rng is required, checked after the unknown keys (so a misspelt option is named first)
const schema = z.object({
  rng: rngOption().optional(),
  policy: z.enum(["epsilon-greedy", "softmax", "greedy"]).optional(),
  epsilon: z.number().min(0).max(1).optional(),
  temperature: z.number().gt(0).max(1e100).optional(),
  arms: z.array(z.string().min(1)).min(1).max(MAX_CONTEXT_ARMS).optional(),
});

interface Parsed {
  rng: Rng;
  policy: ScorePolicy;
  eps: number;
  temperature: number;
  arms: readonly string[] | undefined;
}

function readOptions(options: unknown, fn: string): Parsed {
  const o = parseOptions(schema, options as ChooseFromScoresOptions, fn);
  if (o.rng === undefined) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "rng"],
      message: `${fn}: options.rng is required: create one generator with createRng(seed) and pass it to every decision, e.g. { rng, policy: "epsilon-greedy", epsilon: 0.1 }.`,
    });
  }
  const policy = o.policy ?? "epsilon-greedy";
  if (o.epsilon !== undefined && policy !== "epsilon-greedy") {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "epsilon"],
      received: o.epsilon,
      message: `${fn}: options.epsilon applies to policy "epsilon-greedy" only (the policy is "${policy}"). Remove it or set policy: "epsilon-greedy".`,
    });
  }
  if (o.temperature !== undefined && policy !== "softmax") {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "temperature"],
      received: o.temperature,
      message: `${fn}: options.temperature applies to policy "softmax" only (the policy is "${policy}"). Remove it or set policy: "softmax".`,
    });
  }
  if (o.arms !== undefined) {
    const seen = new Set<string>();
    for (let i = 0; i < o.arms.length; i++) {
      if (seen.has(o.arms[i]))
        throw new ClienteleError({
          code: "DUPLICATE_ARM",
          path: ["options", "arms", i],
          received: o.arms[i],
          message: `${fn}: options.arms names "${o.arms[i]}" twice; give each arm one distinct name.`,
        });
      seen.add(o.arms[i]);
    }
  }
  return { rng: o.rng, policy, eps: policy === "greedy" ? 0 : (o.epsilon ?? 0.1), temperature: o.temperature ?? 0.1, arms: o.arms };
}

/** Validates one row of scores; returns its length. */
function checkScores(scores: unknown, fn: string, path: (string | number)[], arms: readonly string[] | undefined): number {
  const isTyped = ArrayBuffer.isView(scores) && !(scores instanceof DataView);
  if (!Array.isArray(scores) && !isTyped) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path,
      received: scores,
      message: `${fn}: scores must be an array with one number per arm, such as [0.12, 0.3, 0.05]. Got ${describeValue(scores)}.`,
    });
  }
  const s = scores as ArrayLike<unknown>;
  const K = s.length;
  if (K === 0) throw new ClienteleError({ code: "EMPTY_INPUT", path, message: `${fn}: scores is empty; give one score per arm (at least one arm).` });
  if (K > MAX_CONTEXT_ARMS)
    throw new ClienteleError({
      code: "TOO_LARGE",
      path,
      received: K,
      message: `${fn}: ${K} scores is more than the ${MAX_CONTEXT_ARMS} arms a decision takes; keep the candidates to at most ${MAX_CONTEXT_ARMS}.`,
    });
  for (let a = 0; a < K; a++) {
    const v = s[a];
    if (v === null || v === undefined)
      throw new ClienteleError({
        code: "MISSING_VALUE",
        path: [...path, a],
        received: v,
        message: `${fn}: the score of arm ${a} is ${String(v)}; give every arm a finite score.`,
      });
    if (typeof v !== "number")
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: [...path, a],
        received: v,
        message: `${fn}: the score of arm ${a} must be a number. Got ${describeValue(v)}.`,
      });
    if (!Number.isFinite(v))
      throw new ClienteleError({
        code: "NON_FINITE",
        path: [...path, a],
        received: v,
        message: `${fn}: the score of arm ${a} is ${v}; scores must be finite (check the model's output for this row).`,
      });
  }
  if (arms !== undefined && arms.length !== K) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path,
      received: K,
      message: `${fn}: ${K} scores for ${arms.length} arms in options.arms; give one score per arm, in the order of options.arms.`,
    });
  }
  return K;
}

function choose(s: ArrayLike<number>, K: number, o: Parsed): ScoreChoice {
  const p = new Array<number>(K);
  let index: number;
  if (o.policy === "softmax") {
    softmaxProbabilities(s, K, o.temperature, p);
    index = sampleIndex(p, K, o.rng.uniform());
  } else {
    greedyProbabilities(s, K, o.eps, p);
    index = greedyChoice(s, K, o.eps, o.rng).index;
  }
  return { arm: o.arms === undefined ? String(index) : o.arms[index], index, probability: p[index], probabilities: p };
}

/**
 * Chooses an arm from one score per arm given by any model (a predicted click probability per
 * action from `clientele/predict`, an uplift, a margin...) and returns it with the probability
 * with which it was chosen (log it as the propensity for off-policy evaluation) and every arm's
 * probability. Epsilon-greedy: 1 - epsilon + epsilon / K for the best arm, epsilon / K for the
 * others; "greedy" is epsilon 0; softmax: exp((s_a - max s) / temperature) / sum. Scores within
 * 1e-12 (relative) of the best are tied and share the best arm's share evenly. The same rules
 * and draws as the contextual bandit's epsilon-greedy and softmax policies (over its ridge
 * means), so both log the same propensities. O(arms).
 *
 * @param scores - one finite score per arm (array or typed array)
 * @param options - `rng` (required), `policy` ("epsilon-greedy" default, "softmax", "greedy"), `epsilon` (0.1), `temperature` (0.1), `arms` (names)
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `MISSING_VALUE` (scores), `SHAPE_MISMATCH` (scores vs arms), `TOO_LARGE` (more than 1000 arms), `DUPLICATE_ARM`, `INVALID_OPTION` (unknown option, missing `rng`, values out of range, `epsilon` without epsilon-greedy or `temperature` without softmax)
 * @see Sutton & Barto (2018), Reinforcement Learning, sections 2.2-2.3 (epsilon-greedy) and 13.1 (softmax)
 * @example
 * import { chooseFromScores, createRng } from "clientele/bandit";
 * const rng = createRng(1);
 * const c = chooseFromScores([0.1, 0.3, 0.2, 0.3], { rng, epsilon: 0.2, arms: ["a", "b", "c", "d"] });
 * c.probabilities; // => [0.05, 0.45, 0.05, 0.45] (0.2 / 4, plus 0.8 / 2 for the two tied best)
 * const s = chooseFromScores([0, Math.log(3)], { rng, policy: "softmax", temperature: 1 });
 * s.probabilities; // => [0.25, 0.75] (exp(0) : exp(ln 3))
 */
export function chooseFromScores(scores: ArrayLike<number>, options: ChooseFromScoresOptions): ScoreChoice {
  const fn = "chooseFromScores";
  const o = readOptions(options, fn);
  const K = checkScores(scores, fn, ["scores"], o.arms);
  return choose(scores, K, o);
}

/**
 * {@link chooseFromScores} for many rows at once (one row of scores per customer or request),
 * drawing from the one `rng` in row order: the same choices as calling `chooseFromScores` on
 * each row in turn with that generator. Every row is checked before any is chosen.
 * O(rows x arms).
 *
 * @param rows - one array of scores per row, all of the same length
 * @param options - as in `chooseFromScores`
 * @returns one choice per row
 * @throws ClienteleError as `chooseFromScores`; `EMPTY_INPUT` without rows, `SHAPE_MISMATCH` for rows of different lengths
 * @example
 * import { chooseFromScoresBatch, createRng } from "clientele/bandit";
 * const out = chooseFromScoresBatch([[1, 0], [0, 1]], { rng: createRng(3), policy: "greedy", arms: ["mail", "sms"] });
 * out.map((c) => [c.arm, c.probability]); // => [["mail", 1], ["sms", 1]]
 */
export function chooseFromScoresBatch(rows: readonly ArrayLike<number>[], options: ChooseFromScoresOptions): ScoreChoice[] {
  const fn = "chooseFromScoresBatch";
  const o = readOptions(options, fn);
  if (!Array.isArray(rows))
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["rows"],
      received: rows,
      message: `${fn}: rows must be an array of score arrays, one per decision, such as [[0.1, 0.3], [0.2, 0.05]]. Got ${describeValue(rows)}.`,
    });
  if (rows.length === 0)
    throw new ClienteleError({ code: "EMPTY_INPUT", path: ["rows"], message: `${fn}: rows is empty; give one array of scores per decision.` });
  let K = -1;
  for (let i = 0; i < rows.length; i++) {
    const k = checkScores(rows[i], fn, ["rows", i], o.arms);
    if (K >= 0 && k !== K)
      throw new ClienteleError({
        code: "SHAPE_MISMATCH",
        path: ["rows", i],
        received: k,
        message: `${fn}: row ${i} has ${k} scores but row 0 has ${K}; give every row one score per arm.`,
      });
    K = k;
  }
  const out = new Array<ScoreChoice>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = choose(rows[i], K, o);
  return out;
}
