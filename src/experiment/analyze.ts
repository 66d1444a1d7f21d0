import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { parseOptions, parseWith } from "../core/validate.js";
import { bayesMeansCore, bayesPropCore, type BayesianResult } from "./bayes.js";
import { cupedCore, type CupedResult } from "./cuped.js";
import { welchCore, type WelchResult } from "./means.js";
import { correctionSchema, type PAdjustMethod } from "./options.js";
import { powerMeansCore, powerProportionsCore } from "./power.js";
import { proportionTestCore, type TwoProportionResult } from "./proportions.js";
import { segmentCore, type SegmentEffectsResult, type SegmentInput } from "./segments.js";
import { srmCore, type SampleRatioMismatchResult } from "./srm.js";
import { checkCounts, toSummary, type ContinuousSample, type ConversionCounts } from "./types.js";

/** Everything {@link analyzeExperiment} needs about a finished two-group test. */
export interface AnalyzeExperimentInput {
  /** Name of the metric for the verdict text (default "conversion rate" or "mean"). */
  metricName?: string;
  /** Control data: `{ conversions, visitors }`, or raw values / `{ mean, sd, n }`. */
  control: ConversionCounts | ContinuousSample;
  /** Treatment data, same kind as `control`. */
  treatment: ConversionCounts | ContinuousSample;
  /** Pre-period covariate per unit, for CUPED (continuous metrics with raw values only). */
  covariate?: { control: ArrayLike<number>; treatment: ArrayLike<number> };
  /** Per-segment data for the segment breakdown (≥ 2 segments). */
  segments?: ReadonlyArray<SegmentInput>;
  /** Intended split, control first (default equal). */
  intendedSplit?: ReadonlyArray<number>;
  /**
   * Minimum effect worth detecting, absolute (0.01 = 1 point for a conversion rate), finite and
   * not 0; enables the power statement. For a conversion metric control rate + mde must be in (0, 1).
   */
  mde?: number;
}

/** Options of {@link analyzeExperiment}. */
export interface AnalyzeExperimentOptions {
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Correction across segments (default `"holm"`). */
  correction?: PAdjustMethod;
  /** SRM p-value threshold (default 0.001). */
  srmThreshold?: number;
  /** Expected-loss threshold below which shipping is "safe enough" in the Bayesian reading (default 0.001 × control value). */
  lossThreshold?: number;
}

/** The decision in a report. */
export type ExperimentDecision = "invalid" | "ship" | "do-not-ship" | "inconclusive";

/** Full report of {@link analyzeExperiment}. */
export interface ExperimentReport {
  /** Metric kind detected from the data. */
  metric: "conversion" | "continuous";
  /** Significance level used. */
  alpha: number;
  /** Sample-ratio-mismatch check on the group sizes. */
  srm: SampleRatioMismatchResult;
  /** The frequentist test: two-proportion z-test or Welch's t-test. */
  test: TwoProportionResult | WelchResult;
  /** Bayesian probability to beat control and expected losses. */
  bayesian: BayesianResult;
  /** CUPED-adjusted analysis when a covariate was given. */
  cuped: CupedResult | null;
  /** Power to detect `mde` at the observed group sizes; null when `mde` was not given or power is undefined (see `powerUndefined`). */
  power: number | null;
  /** Why `power` is null although `mde` was given (`"control rate is 0"`), else null. */
  powerUndefined: string | null;
  /** Segment breakdown when segments were given. */
  segments: SegmentEffectsResult | null;
  /** Plain-language verdict. */
  verdict: { decision: ExperimentDecision; headline: string; details: string[] };
}

const optsSchema = z.object({
  alpha: z.number().gt(0).lt(1).default(0.05),
  correction: correctionSchema.default("holm"),
  srmThreshold: z.number().gt(0).lt(1).default(0.001),
  lossThreshold: z.number().positive().optional(),
});

// The scalar settings of the input are checked like options (INVALID_OPTION); the data fields
// (control, treatment, covariate, segments) by the tests that read them.
const inputSchema = z.object({
  metricName: z.string().min(1).optional(),
  control: z.any(),
  treatment: z.any(),
  covariate: z.object({ control: z.any(), treatment: z.any() }).optional(),
  segments: z.any().optional(),
  intendedSplit: z.array(z.number().positive()).optional(),
  mde: z
    .number()
    .refine((v) => v !== 0, "must not be 0 (omit mde to skip the power statement)")
    .optional(),
});

const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;
const signed = (x: number, f: (v: number) => string) => (x >= 0 ? "+" : "−") + f(Math.abs(x));

/**
 * Analyzes a finished A/B test in one call: sample-ratio check, the frequentist test with
 * intervals for absolute and relative lift, the Bayesian probability to beat control and
 * expected loss, CUPED when a covariate is given, power for the MDE, and a per-segment
 * breakdown with multiple-comparison correction and a heterogeneity test; then a
 * plain-language verdict. A segment result is reported as a win or loss only when it
 * survives the correction.
 *
 * Every error names `analyzeExperiment` and the input field at fault.
 *
 * @param input - control, treatment and optional covariate, segments, intended split, mde (unknown fields are rejected)
 * @param options - `alpha` (0.05), `correction` ("holm"), `srmThreshold` (0.001), `lossThreshold`
 * @throws ClienteleError `INVALID_INPUT`, `INVALID_OPTION` (a bad or unknown option, or a bad `mde`, `intendedSplit`,
 *   `metricName`, or an unknown input field), `MIXED_METRICS`, `CONVERSIONS_EXCEED_VISITORS`, `TOO_FEW_OBSERVATIONS`,
 *   `DEGENERATE_INPUT`, `LENGTH_MISMATCH`, and the codes of the underlying tests
 * @example
 * import { analyzeExperiment } from "clientele/experiment";
 * const report = analyzeExperiment({
 *   control: { conversions: 200, visitors: 2000 },
 *   treatment: { conversions: 250, visitors: 2000 },
 * });
 * report.verdict.decision; // => "ship"
 * report.verdict.headline; // => "Ship: the treatment raises conversion rate from 10.0% to 12.5% (+2.5 points, +25.0%) ..."
 * analyzeExperiment({ control: { conversions: 200, visitors: 2000 }, treatment: { conversions: 250, visitors: 2000 }, mde: NaN });
 * // => throws ClienteleError INVALID_OPTION (path ["input", "mde"])
 */
export function analyzeExperiment(input: AnalyzeExperimentInput, options: AnalyzeExperimentOptions = {}): ExperimentReport {
  const fn = "analyzeExperiment";
  const o = parseOptions(optsSchema, options, fn);
  if (!input || typeof input !== "object" || Array.isArray(input) || !input.control || !input.treatment) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["input"],
      received: input,
      message: `${fn}: pass { control, treatment } (conversion counts or continuous data). Got ${describeValue(input)}.`,
    });
  }
  const settings = parseWith(inputSchema, input, fn, { code: "INVALID_OPTION", root: "input" });
  const mde = settings.mde;
  const isCounts = (g: unknown) => g !== null && typeof g === "object" && "visitors" in (g as object);
  const binary = isCounts(input.control);
  if (isCounts(input.treatment) !== binary) {
    throw new ClienteleError({
      code: "MIXED_METRICS",
      path: ["input", "treatment"],
      message: `${fn}: control and treatment must both be conversion counts or both continuous data.`,
    });
  }
  let test: TwoProportionResult | WelchResult;
  let bayesian: BayesianResult;
  let sizes: [number, number];
  let controlValue: number;
  let power: number | null = null;
  let powerUndefined: string | null = null;
  const name = settings.metricName ?? (binary ? "conversion rate" : "mean");
  if (binary) {
    const c = input.control as ConversionCounts;
    const t = input.treatment as ConversionCounts;
    checkCounts(c, fn, "control");
    checkCounts(t, fn, "treatment");
    test = proportionTestCore(c, t, o.alpha, "two-sided", fn);
    bayesian = bayesPropCore(c, t, 1, 1);
    sizes = [c.visitors, t.visitors];
    controlValue = test.controlRate;
    if (mde !== undefined) {
      const p1 = test.controlRate;
      const p2 = p1 + mde;
      if (!(p2 > 0 && p2 < 1)) {
        throw new ClienteleError({
          code: "INVALID_OPTION",
          path: ["input", "mde"],
          received: mde,
          message: `${fn}: mde ${mde} on the control rate ${pct(p1, 2)} gives a treatment rate of ${pct(p2, 2)}, outside (0%, 100%). mde is an absolute difference of rates (0.01 = 1 point).`,
        });
      }
      if (p1 === 0 || p1 === 1) powerUndefined = `control rate is ${p1 === 0 ? "0" : "1"}, so the test's variance under the null is unknown`;
      else power = powerProportionsCore(Math.min(c.visitors, t.visitors), p1, p2, o.alpha, true);
    }
  } else {
    const c = toSummary(input.control as ContinuousSample, fn, "control");
    const t = toSummary(input.treatment as ContinuousSample, fn, "treatment");
    test = welchCore(c, t, o.alpha, "two-sided", fn);
    bayesian = bayesMeansCore(c, t, fn);
    sizes = [c.n, t.n];
    controlValue = c.mean;
    if (mde !== undefined) {
      const sd = Math.sqrt(((c.n - 1) * c.sd ** 2 + (t.n - 1) * t.sd ** 2) / (c.n + t.n - 2));
      // sd > 0: both groups constant already failed Welch's test (DEGENERATE_INPUT).
      power = powerMeansCore(Math.min(c.n, t.n), Math.abs(mde) / sd, o.alpha, true);
    }
  }
  let cupedResult: CupedResult | null = null;
  if (input.covariate) {
    if (binary || !isRaw(input.control) || !isRaw(input.treatment)) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["input", "covariate"],
        message: `${fn}: CUPED needs raw per-unit values of a continuous metric (control and treatment as arrays) to pair with the covariate.`,
      });
    }
    cupedResult = cupedCore(
      { y: input.control as ArrayLike<number>, x: input.covariate.control },
      { y: input.treatment as ArrayLike<number>, x: input.covariate.treatment },
      o.alpha,
      "two-sided",
      fn,
      ["input", "control"],
      ["input", "treatment"],
    );
  }
  const srm = srmCore(sizes, settings.intendedSplit, o.srmThreshold, fn, ["input", "control"], ["input", "intendedSplit"]);
  const segments = input.segments !== undefined ? segmentCore(input.segments, o.alpha, o.correction, fn, ["input", "segments"]) : null;

  // Verdict.
  const primary = cupedResult ? cupedResult.adjusted : test;
  const diff = "absoluteLift" in primary ? primary.absoluteLift : primary.difference;
  const rel = primary.relativeLift;
  const p = primary.pValue;
  const fmtValue = (v: number) => (binary ? pct(v) : v.toPrecision(4));
  const fmtDiff = (v: number) => (binary ? signed(v * 100, (x) => x.toFixed(1)) + " points" : signed(v, (x) => x.toPrecision(3)));
  const tVal = "treatmentRate" in test ? test.treatmentRate : test.treatment.mean;
  const ci = "absoluteInterval" in primary ? primary.absoluteInterval : primary.interval;
  // Two-sided intervals: both ends are finite.
  const ciText = `${Math.round((1 - o.alpha) * 100)}% CI ${fmtDiff(ci[0] as number)} to ${fmtDiff(ci[1] as number)}`;
  const lossThreshold = o.lossThreshold ?? 0.001 * Math.abs(controlValue || 1);
  const details: string[] = [];
  let decision: ExperimentDecision;
  let headline: string;
  const relText = rel !== null ? signed(rel, (x) => pct(x)) : `relative lift undefined: ${primary.relativeLiftUndefined}`;
  const change = `${fmtValue(controlValue)} to ${fmtValue(tVal)} (${fmtDiff(diff)}, ${relText})`;
  if (srm.mismatch) {
    decision = "invalid";
    headline = `Do not read this test: ${srm.message}`;
  } else if (p < o.alpha && diff > 0) {
    decision = "ship";
    headline = `Ship: the treatment raises ${name} from ${change}; p = ${p.toPrecision(3)}, ${ciText}.`;
  } else if (p < o.alpha && diff < 0) {
    decision = "do-not-ship";
    headline = `Do not ship: the treatment lowers ${name} from ${change}; p = ${p.toPrecision(3)}, ${ciText}.`;
  } else {
    decision = "inconclusive";
    headline = `Inconclusive: ${name} moved from ${change}, which is within noise (p = ${p.toPrecision(3)}, ${ciText}).`;
  }
  details.push(
    `Bayesian: probability the treatment beats control ${pct(bayesian.probabilityToBeatControl)}; expected loss if shipped ${bayesian.expectedLossTreatment.toPrecision(3)}` +
      (bayesian.expectedLossTreatment < lossThreshold ? " (below the loss threshold: low risk)." : "."),
  );
  if (cupedResult) {
    details.push(
      `CUPED removed ${pct(cupedResult.varianceReduction)} of the variance (covariate correlation ${cupedResult.correlation.toFixed(2)}); adjusted p = ${cupedResult.adjusted.pValue.toPrecision(3)} vs unadjusted ${cupedResult.unadjusted.pValue.toPrecision(3)}.`,
    );
  }
  if (power !== null && decision === "inconclusive") {
    details.push(
      `Power to detect the MDE of ${fmtDiff(mde as number)} at these sample sizes: ${pct(power, 0)}` +
        (power < 0.8 ? " — underpowered: keep the test running or accept that smaller effects cannot be seen." : "."),
    );
  }
  if (powerUndefined !== null) details.push(`Power for the MDE is not computed: ${powerUndefined}.`);
  if (segments) {
    const wins = segments.segments.filter((s) => s.significant && s.effect > 0);
    const losses = segments.segments.filter((s) => s.significant && s.effect < 0);
    const corr = segments.correction === "bh" ? "Benjamini-Hochberg" : segments.correction === "holm" ? "Holm" : segments.correction;
    if (wins.length === 0 && losses.length === 0) {
      details.push(`No segment effect survives ${corr} correction across ${segments.segments.length} segments.`);
    }
    for (const s of wins) {
      const note =
        decision === "do-not-ship" || decision === "inconclusive"
          ? ` although the overall result is ${decision === "do-not-ship" ? "negative" : "inconclusive"}`
          : "";
      details.push(`Segment "${s.segment}": the treatment wins${note} (${fmtDiff(s.effect)}, ${corr}-adjusted p = ${s.adjustedPValue.toPrecision(3)}).`);
    }
    for (const s of losses) {
      const note = decision === "ship" ? " although it wins overall" : "";
      details.push(`Segment "${s.segment}": the treatment loses${note} (${fmtDiff(s.effect)}, ${corr}-adjusted p = ${s.adjustedPValue.toPrecision(3)}).`);
    }
    if (segments.heterogeneity.pValue < o.alpha) {
      details.push(
        `The effect differs across segments (Cochran's Q = ${segments.heterogeneity.q.toFixed(2)}, p = ${segments.heterogeneity.pValue.toPrecision(3)}, I² = ${pct(segments.heterogeneity.iSquared, 0)}).`,
      );
    }
  }
  return {
    metric: binary ? "conversion" : "continuous",
    alpha: o.alpha,
    srm,
    test,
    bayesian,
    cuped: cupedResult,
    power,
    powerUndefined,
    segments,
    verdict: { decision, headline, details },
  };
}

function isRaw(x: unknown): boolean {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}
