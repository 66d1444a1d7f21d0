import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { parseOptions } from "../core/validate.js";
import { bound, checkCounts, checkFiniteStat, toSummary, type ConversionCounts, type Interval, type MeanSummary } from "./types.js";

/** One look at an experiment: cumulative data of both groups so far. */
export interface SequentialLook {
  /** Cumulative control data: conversion counts, or summary statistics of a continuous metric. */
  control: ConversionCounts | MeanSummary;
  /** Cumulative treatment data, of the same kind as `control`. */
  treatment: ConversionCounts | MeanSummary;
}

/** Options of {@link sequentialTest}. */
export interface SequentialTestOptions {
  /** Error rate guaranteed over all looks, however many (default 0.05). */
  alpha?: number;
  /**
   * Standard deviation of the normal mixture over effects (in metric units, for the
   * difference treatment − control). Set it near the effect size you care about
   * (e.g. the MDE). Default: 0.05 × the per-unit standard deviation at the first look.
   */
  tau?: number;
}

/** The test's state after one look. */
export interface SequentialLookResult {
  /** Index of the look (0-based). */
  look: number;
  /** treatment − control at this look. */
  estimate: number;
  /** Always-valid p-value: valid however often you look (non-increasing). */
  pValue: number;
  /** Always-valid confidence interval (running intersection of confidence sequences); an end is null while unbounded (no variance yet). */
  interval: Interval;
  /** Mixture likelihood ratio Λ at this look; null when it exceeds the largest double (read `logLikelihoodRatio`). */
  likelihoodRatio: number | null;
  /** log Λ, always finite. */
  logLikelihoodRatio: number;
  /** pValue < alpha. */
  significant: boolean;
}

/** Result of {@link sequentialTest}. */
export interface SequentialTestResult {
  /** One entry per look. */
  looks: SequentialLookResult[];
  /** First look at which the test became significant, or null. */
  stoppedAt: number | null;
  /** The mixture standard deviation used. */
  tau: number;
  /** The alpha used. */
  alpha: number;
  /** `"significant"` once any look is significant (stop and read the result), otherwise `"continue"`. */
  decision: "significant" | "continue";
}

const seqSchema = z.object({
  alpha: z.number().gt(0).lt(1).default(0.05),
  tau: z.number().positive().optional(),
});

/**
 * Peeking-safe sequential test for hosts that look at results daily: the mixture
 * sequential probability ratio test (mSPRT) with a normal mixture over the effect, giving
 * always-valid p-values and confidence sequences for treatment − control. Stopping the
 * first time p < alpha keeps the false-positive rate at alpha no matter how many looks.
 * O(looks).
 *
 * @param looks - cumulative data at each look, in time order
 * @param options - `alpha` (0.05), `tau` (mixture sd; see the option's note)
 * @throws ClienteleError `INVALID_INPUT` (not an array, a look that is not `{ control, treatment }`), `EMPTY_INPUT`, `MIXED_METRICS`,
 *   `CONVERSIONS_EXCEED_VISITORS`, `NON_FINITE`, `TOO_FEW_OBSERVATIONS`, `OUT_OF_RANGE` (overflowing values: rescale), `INVALID_OPTION`
 * @see Johari, Koomen, Pekelis & Walsh (2017), "Peeking at A/B Tests: Why it matters, and what to do about it", KDD
 * @example
 * import { sequentialTest } from "clientele/experiment";
 * const r = sequentialTest([
 *   { control: { conversions: 50, visitors: 1000 }, treatment: { conversions: 62, visitors: 1000 } },
 *   { control: { conversions: 101, visitors: 2000 }, treatment: { conversions: 140, visitors: 2000 } },
 * ], { tau: 0.01 });
 * r.looks[1].pValue; // => 0.194 (always-valid p-value after the second look)
 * r.decision; // => "continue"
 */
export function sequentialTest(looks: ReadonlyArray<SequentialLook>, options: SequentialTestOptions = {}): SequentialTestResult {
  const fn = "sequentialTest";
  const o = parseOptions(seqSchema, options, fn);
  if (!Array.isArray(looks) || looks.length === 0) {
    throw new ClienteleError({
      code: Array.isArray(looks) ? "EMPTY_INPUT" : "INVALID_INPUT",
      path: ["looks"],
      received: looks,
      message: `${fn}: pass at least one look ({ control, treatment } cumulative data). Got ${describeValue(looks)}.`,
    });
  }
  const isCounts = (g: unknown) => g !== null && typeof g === "object" && "visitors" in (g as object);
  const binary = isCounts(looks[0]?.control);
  const stats = looks.map((l, i) => {
    if (!l || typeof l !== "object" || !l.control || !l.treatment) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["looks", i],
        received: l,
        message: `${fn}: looks[${i}] must be { control, treatment } with the cumulative data of both groups. Got ${describeValue(l)}.`,
      });
    }
    for (const key of Object.keys(l)) {
      if (key !== "control" && key !== "treatment") {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: ["looks", i, key],
          received: key,
          message: `${fn}: looks[${i}] has an unknown field "${key}"; each look is { control, treatment }.`,
        });
      }
    }
    if (isCounts(l.control) !== binary || isCounts(l.treatment) !== binary) {
      throw new ClienteleError({
        code: "MIXED_METRICS",
        path: ["looks", i],
        message: `${fn}: looks[${i}] mixes conversion counts and mean summaries; every look must use the same kind of metric as looks[0].`,
      });
    }
    if (binary) {
      const c = l.control as ConversionCounts;
      const t = l.treatment as ConversionCounts;
      checkCounts(c, fn, `looks[${i}].control`);
      checkCounts(t, fn, `looks[${i}].treatment`);
      const pc = c.conversions / c.visitors;
      const pt = t.conversions / t.visitors;
      const pooled = (c.conversions + t.conversions) / (c.visitors + t.visitors);
      return { est: pt - pc, v: (pc * (1 - pc)) / c.visitors + (pt * (1 - pt)) / t.visitors, unitVar: pooled * (1 - pooled) };
    }
    const c = toSummary(l.control as MeanSummary, fn, `looks[${i}].control`);
    const t = toSummary(l.treatment as MeanSummary, fn, `looks[${i}].treatment`);
    const unitVar = ((c.n - 1) * c.sd * c.sd + (t.n - 1) * t.sd * t.sd) / (c.n + t.n - 2);
    const v = (c.sd * c.sd) / c.n + (t.sd * t.sd) / t.n;
    checkFiniteStat(unitVar + v + Math.abs(t.mean - c.mean), fn, ["looks", i], `the variance at looks[${i}]`);
    return { est: t.mean - c.mean, v, unitVar };
  });
  let tau = o.tau;
  if (tau === undefined) {
    const first = stats.find((s) => s.unitVar > 0);
    tau = first ? 0.05 * Math.sqrt(first.unitVar) : 0.01;
  }
  const tau2 = tau * tau;
  const logAlpha = Math.log(o.alpha);
  let p = 1;
  let lo = -Infinity;
  let hi = Infinity;
  let stoppedAt: number | null = null;
  const out: SequentialLookResult[] = stats.map((s, i) => {
    let logLr = 0;
    if (s.v > 0) {
      // Written with ratios so that nothing overflows for a tiny variance: z² = est²/v, r = tau²/(v + tau²).
      const r = tau2 / (s.v + tau2);
      const z = s.est / Math.sqrt(s.v);
      logLr = 0.5 * Math.log1p(-r) + 0.5 * z * z * r;
      checkFiniteStat(logLr, fn, ["looks", i], `the likelihood ratio at looks[${i}]`);
      p = Math.min(p, Math.min(1, Math.exp(-logLr)));
      const half = Math.sqrt(((s.v * (s.v + tau2)) / tau2) * (Math.log((s.v + tau2) / s.v) - 2 * logAlpha));
      if (Number.isFinite(half)) {
        lo = Math.max(lo, s.est - half);
        hi = Math.min(hi, s.est + half);
      }
    }
    const significant = p < o.alpha;
    if (significant && stoppedAt === null) stoppedAt = i;
    const lr = Math.exp(logLr);
    return {
      look: i,
      estimate: s.est,
      pValue: p,
      interval: [bound(lo), bound(hi)] as Interval,
      likelihoodRatio: Number.isFinite(lr) ? lr : null,
      logLikelihoodRatio: logLr,
      significant,
    };
  });
  return { looks: out, stoppedAt, tau, alpha: o.alpha, decision: stoppedAt === null ? "continue" : "significant" };
}
