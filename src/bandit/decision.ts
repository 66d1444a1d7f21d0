import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { rngOption } from "../core/options.js";
import { parseOptions } from "../core/validate.js";
import { drawArmMean, gaussianPosterior, resolveRng } from "./policy.js";
import { blockFor, checkState, segmentOption, type ArmStatistics, type BanditState, type BetaPrior, type NormalInverseGammaPrior } from "./state.js";

/** Options of the Monte Carlo decision-support functions. */
export interface DecisionOptions {
  /**
   * Posterior draws (default 10,000; at most 10,000,000, and draws x arms at most 1e8); the
   * standard error of a probability is at most 0.5 / sqrt(draws).
   */
  draws?: number;
  /** Random generator (default `createRng(0)`, so the same state gives the same answer). */
  rng?: Rng;
  /** Segment id whose posterior to use (the pooled one while the segment has fewer than `minObservations`). */
  segment?: string | number;
}

/** Options of `shouldStop`. */
export interface ShouldStopOptions extends DecisionOptions {
  /** Stop when the best arm's expected loss is below this (default 0.001 when neither threshold is given). */
  lossThreshold?: number;
  /** Stop when the best arm's probability of being best reaches this. */
  probabilityThreshold?: number;
}

/** Per-arm Monte Carlo summary of the posterior. */
export interface ArmDecision {
  /** Arm name. */
  arm: string;
  /** Arm index. */
  index: number;
  /** Whether the arm is retired (retired arms are never best). */
  retired: boolean;
  /** Raw observations of the arm in the statistics used. */
  plays: number;
  /** Observed mean reward (discounted/windowed when configured); null without observations. */
  mean: number | null;
  /** Posterior mean of the arm's mean reward. */
  posteriorMean: number;
  /** Monte Carlo probability that the arm has the highest mean among active arms. */
  probabilityBest: number;
  /** Monte Carlo expected loss E[max(0, max over active arms - this arm's mean)] (in reward units). */
  expectedLoss: number;
  /** Monte Carlo standard error of `probabilityBest`. */
  probabilityBestSe: number;
  /** Monte Carlo standard error of `expectedLoss`. */
  expectedLossSe: number;
}

/** Result of `summarizeBandit`. */
export interface BanditSummary {
  /** One entry per arm, in index order. */
  arms: ArmDecision[];
  /** Name of the active arm with the lowest expected loss. */
  bestArm: string;
  /** The segment whose own statistics were used, or null when the pooled ones were. */
  segmentUsed: string | null;
  /** Posterior draws used. */
  draws: number;
}

/** Result of `shouldStop`. */
export interface StopDecision {
  /** True when a threshold is met. */
  stop: boolean;
  /** The active arm with the lowest expected loss. */
  arm: string;
  /** Its index. */
  index: number;
  /** Its probability of being best. */
  probabilityBest: number;
  /** Its expected loss. */
  expectedLoss: number;
  /** Plain-language reason. */
  reason: string;
}

/** Largest `draws` option of the Monte Carlo functions. */
export const MAX_DRAWS = 10_000_000;

/** Largest draws x arms (or levels) of one Monte Carlo call: about 3-5 s of work on one core. */
export const MAX_DRAW_WORK = 1e8;

/** A segment id option: a non-empty string or a finite number. */
export const segmentSchema = z.custom<string | number>(
  (v) => (typeof v === "string" && v.length > 0) || (typeof v === "number" && Number.isFinite(v)),
  'must be a segment id: a non-empty string or a finite number (7 and "7" are the same segment)',
);

export const decisionSchema = z.strictObject({
  draws: z.number().int().min(1).max(MAX_DRAWS).optional(),
  rng: rngOption().optional(),
  segment: segmentSchema.optional(),
});

const stopSchema = decisionSchema.extend({
  lossThreshold: z.number().gt(0).optional(),
  probabilityThreshold: z.number().gt(0).max(1).optional(),
});

/** Throws `TOO_LARGE` when draws x size exceeds {@link MAX_DRAW_WORK}. */
export function checkDrawWork(draws: number, size: number, what: string, fn: string): void {
  if (draws * size > MAX_DRAW_WORK) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "draws"],
      received: draws,
      message: `${fn}: ${draws} draws x ${size} ${what} is ${draws * size} posterior samples, more than ${MAX_DRAW_WORK}. Use at most ${Math.max(1, Math.floor(MAX_DRAW_WORK / size))} draws (the standard error of a probability is at most 0.5 / sqrt(draws)).`,
    });
  }
}

interface MonteCarloResult {
  probabilityBest: Float64Array;
  expectedLoss: Float64Array;
  probabilityBestSe: Float64Array;
  expectedLossSe: Float64Array;
}

/**
 * Monte Carlo over arm posteriors: for each draw, sample every arm's mean, find the best
 * active arm, and accumulate wins and losses. Exported for the factorial summaries.
 */
export function monteCarloBest(state: BanditState, s: ArmStatistics, active: ArrayLike<boolean>, draws: number, rng: Rng): MonteCarloResult {
  const K = s.n.length;
  const theta = new Float64Array(K);
  const wins = new Float64Array(K);
  const loss = new Float64Array(K);
  const lossSq = new Float64Array(K);
  for (let d = 0; d < draws; d++) {
    let best = -1;
    let bestValue = -Infinity;
    for (let k = 0; k < K; k++) {
      const v = drawArmMean(state, s, k, rng);
      theta[k] = v;
      if (active[k] && (v > bestValue || best < 0)) {
        bestValue = v;
        best = k;
      }
    }
    wins[best] += 1;
    for (let k = 0; k < K; k++) {
      const diff = bestValue - theta[k];
      const l = diff > 0 ? diff : 0; // only a retired arm can beat the best active one
      loss[k] += l;
      lossSq[k] += l * l;
    }
  }
  const pb = new Float64Array(K);
  const el = new Float64Array(K);
  const pbSe = new Float64Array(K);
  const elSe = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const p = wins[k] / draws;
    pb[k] = p;
    pbSe[k] = Math.sqrt((p * (1 - p)) / draws);
    const m = loss[k] / draws;
    el[k] = m;
    const v = draws > 1 ? Math.max(0, (lossSq[k] - draws * m * m) / (draws - 1)) : 0;
    elSe[k] = Math.sqrt(v / draws);
  }
  return { probabilityBest: pb, expectedLoss: el, probabilityBestSe: pbSe, expectedLossSe: elSe };
}

/** Posterior mean of arm k's mean reward. */
export function posteriorMeanOf(state: BanditState, s: ArmStatistics, k: number): number {
  if (state.reward === "bernoulli") {
    const p = state.prior as BetaPrior;
    return (p.alpha + s.sum[k]) / (p.alpha + p.beta + s.n[k]);
  }
  return gaussianPosterior(state.prior as NormalInverseGammaPrior, s.n[k], s.sum[k], s.sumSq[k]).mean;
}

function run(state: BanditState, opts: { draws?: number; rng?: Rng; segment?: string | number }, fn: string) {
  const rng = resolveRng(opts.rng, fn);
  const segment = segmentOption(opts.segment, fn);
  const draws = opts.draws ?? 10_000;
  checkDrawWork(draws, state.arms.length, "arms", fn);
  const block = blockFor(state, segment, fn);
  const active = state.retired.map((r) => !r);
  return { block, draws, segment, mc: monteCarloBest(state, block, active, draws, rng) };
}

function runChecked(state: BanditState, options: DecisionOptions | undefined, fn: string) {
  checkState(state, fn);
  return run(state, parseOptions(decisionSchema, options, fn), fn);
}

/**
 * Probability that each arm has the highest mean reward, by seeded Monte Carlo over the
 * posteriors (Beta for Bernoulli arms; Student-t for the mean of Gaussian arms). Retired
 * arms get 0; the values sum to 1. O(draws * arms).
 *
 * @param state - a bandit state (any policy: the posterior comes from the prior and the statistics)
 * @param options - `draws` (10,000), `rng` (`createRng(0)`), `segment`
 * @returns one probability per arm, in index order
 * @throws ClienteleError `INVALID_MODEL`, `INVALID_OPTION`, `TOO_LARGE` (draws x arms > 1e8)
 * @see Scott (2010), "A modern Bayesian look at the multi-armed bandit"
 * @example
 * import { createBandit, updateBanditBatch, probabilityBest } from "clientele/bandit";
 * import { createRng } from "clientele";
 * const b = updateBanditBatch(createBandit({ arms: ["A", "B"] }), [
 *   { arm: "A", count: 1000, sum: 50 },
 *   { arm: "B", count: 1000, sum: 65 },
 * ]);
 * probabilityBest(b, { draws: 20000, rng: createRng(1) }); // => about [0.08, 0.92]
 */
export function probabilityBest(state: BanditState, options?: DecisionOptions): number[] {
  return Array.from(runChecked(state, options, "probabilityBest").mc.probabilityBest);
}

/**
 * Expected loss of choosing each arm: E[max over active arms of the mean - this arm's
 * mean], by seeded Monte Carlo over the posteriors, in reward units (e.g. conversion
 * rate). O(draws * arms).
 *
 * @param state - a bandit state
 * @param options - `draws` (10,000), `rng` (`createRng(0)`), `segment`
 * @returns one expected loss per arm, in index order (>= 0)
 * @throws ClienteleError `INVALID_MODEL`, `INVALID_OPTION`, `TOO_LARGE` (draws x arms > 1e8)
 * @see Stucchio (2015), "Bayesian A/B Testing at VWO"
 * @example
 * import { createBandit, updateBanditBatch, expectedLoss } from "clientele/bandit";
 * const b = updateBanditBatch(createBandit({ arms: ["A", "B"] }), [
 *   { arm: "A", count: 1000, sum: 50 },
 *   { arm: "B", count: 1000, sum: 65 },
 * ]);
 * expectedLoss(b); // => about [0.015, 0.0003]
 */
export function expectedLoss(state: BanditState, options?: DecisionOptions): number[] {
  return Array.from(runChecked(state, options, "expectedLoss").mc.expectedLoss);
}

/**
 * Per-arm posterior summary: plays, observed mean, posterior mean, probability best and
 * expected loss with their Monte Carlo standard errors. O(draws * arms).
 *
 * @param state - a bandit state
 * @param options - `draws` (10,000), `rng` (`createRng(0)`), `segment`
 * @throws ClienteleError `INVALID_MODEL`, `INVALID_OPTION`, `TOO_LARGE` (draws x arms > 1e8)
 * @example
 * import { createBandit, summarizeBandit } from "clientele/bandit";
 * summarizeBandit(createBandit({ arms: ["A", "B"] })).arms[0].probabilityBest; // => about 0.5
 */
export function summarizeBandit(state: BanditState, options?: DecisionOptions): BanditSummary {
  const { block, draws, segment, mc } = runChecked(state, options, "summarizeBandit");
  const arms: ArmDecision[] = state.arms.map((arm, k) => ({
    arm,
    index: k,
    retired: state.retired[k],
    plays: block.plays[k],
    mean: block.n[k] > 0 ? block.sum[k] / block.n[k] : null,
    posteriorMean: posteriorMeanOf(state, block, k),
    probabilityBest: mc.probabilityBest[k],
    expectedLoss: mc.expectedLoss[k],
    probabilityBestSe: mc.probabilityBestSe[k],
    expectedLossSe: mc.expectedLossSe[k],
  }));
  const best = bestByLoss(state, mc.expectedLoss);
  return {
    arms,
    bestArm: state.arms[best],
    segmentUsed: segment !== undefined && block !== state.pooled ? segment : null,
    draws,
  };
}

function bestByLoss(state: BanditState, loss: Float64Array): number {
  let best = -1;
  for (let k = 0; k < loss.length; k++) {
    if (state.retired[k]) continue;
    if (best < 0 || loss[k] < loss[best]) best = k;
  }
  return best;
}

/**
 * Stopping rule: take the active arm with the lowest expected loss and stop when its
 * expected loss is below `lossThreshold` or its probability of being best reaches
 * `probabilityThreshold` (either criterion given suffices; with neither, lossThreshold
 * 0.001 is used). The expected-loss rule bounds what stopping now can cost, in reward
 * units, and unlike a p-value it stays valid when checked after every observation.
 * O(draws * arms).
 *
 * @param state - a bandit state
 * @param options - `lossThreshold`, `probabilityThreshold`, `draws` (10,000), `rng`, `segment`
 * @throws ClienteleError `INVALID_MODEL`, `INVALID_OPTION`, `TOO_LARGE` (draws x arms > 1e8)
 * @see Stucchio (2015), "Bayesian A/B Testing at VWO"
 * @example
 * import { createBandit, updateBanditBatch, shouldStop } from "clientele/bandit";
 * const b = updateBanditBatch(createBandit({ arms: ["A", "B"] }), [
 *   { arm: "A", count: 5000, sum: 250 },
 *   { arm: "B", count: 5000, sum: 350 },
 * ]);
 * shouldStop(b, { lossThreshold: 0.001 }); // => { stop: true, arm: "B", ... }
 */
export function shouldStop(state: BanditState, options?: ShouldStopOptions): StopDecision {
  const fn = "shouldStop";
  checkState(state, fn);
  const opts = parseOptions(stopSchema, options, fn);
  const lossThreshold = opts.lossThreshold === undefined && opts.probabilityThreshold === undefined ? 0.001 : opts.lossThreshold;
  const { mc } = run(state, opts, fn);
  const k = bestByLoss(state, mc.expectedLoss);
  if (k < 0) {
    throw new ClienteleError({ code: "NO_ACTIVE_ARMS", message: `${fn}: the bandit has no active arm.` });
  }
  const loss = mc.expectedLoss[k];
  const p = mc.probabilityBest[k];
  const reasons: string[] = [];
  if (lossThreshold !== undefined && loss < lossThreshold) {
    reasons.push(`expected loss of "${state.arms[k]}" is ${loss.toPrecision(3)} < ${lossThreshold}`);
  }
  if (opts.probabilityThreshold !== undefined && p >= opts.probabilityThreshold) {
    reasons.push(`probability that "${state.arms[k]}" is best is ${p.toFixed(4)} >= ${opts.probabilityThreshold}`);
  }
  const stop = reasons.length > 0;
  return {
    stop,
    arm: state.arms[k],
    index: k,
    probabilityBest: p,
    expectedLoss: loss,
    reason: stop
      ? `Stop: ${reasons.join("; ")}.`
      : `Continue: best arm "${state.arms[k]}" has expected loss ${loss.toPrecision(3)}` +
        (lossThreshold !== undefined ? ` (threshold ${lossThreshold})` : "") +
        ` and probability best ${p.toFixed(4)}` +
        (opts.probabilityThreshold !== undefined ? ` (threshold ${opts.probabilityThreshold})` : "") +
        ".",
  };
}
