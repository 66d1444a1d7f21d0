/**
 * `clientele/experiment`: A/B-test analysis in-process: two-proportion z and Welch t
 * tests, Bayesian probability to beat control and expected loss, power and sample size,
 * sample-ratio-mismatch check, CUPED, a peeking-safe sequential test, and per-segment
 * effects with multiple-comparison correction, all in one report.
 *
 * @packageDocumentation
 * @module clientele/experiment
 */
export { twoProportionTest } from "./proportions.js";
export type { TwoProportionResult } from "./proportions.js";
export { welchTTest } from "./means.js";
export type { WelchResult } from "./means.js";
export { bayesianProportions, bayesianMeans, betaQuantile } from "./bayes.js";
export type { BayesianResult, BayesianProportionsOptions, BayesianMeansOptions } from "./bayes.js";
export { sampleSizeProportions, powerProportions, sampleSizeMeans, powerMeans, noncentralTSf } from "./power.js";
export type {
  SampleSizeProportionsOptions,
  PowerProportionsOptions,
  SampleSizeMeansOptions,
  PowerMeansOptions,
  SampleSizeResult,
} from "./power.js";
export { sampleRatioMismatch } from "./srm.js";
export type { SampleRatioMismatchOptions, SampleRatioMismatchResult } from "./srm.js";
export { cuped } from "./cuped.js";
export type { CupedGroup, CupedResult } from "./cuped.js";
export { sequentialTest } from "./sequential.js";
export type { SequentialLook, SequentialTestOptions, SequentialLookResult, SequentialTestResult } from "./sequential.js";
export { adjustPValues, heterogeneityTest, segmentEffects } from "./segments.js";
export type { PAdjustMethod, HeterogeneityResult, SegmentInput, SegmentEffect, SegmentEffectsOptions, SegmentEffectsResult } from "./segments.js";
export { analyzeExperiment } from "./analyze.js";
export type { AnalyzeExperimentInput, AnalyzeExperimentOptions, ExperimentDecision, ExperimentReport } from "./analyze.js";
export type { ConversionCounts, MeanSummary, ContinuousSample, Alternative, Interval } from "./types.js";
export type { TestOptions } from "./options.js";
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng } from "../core/rng.js";
export type { Rng } from "../core/rng.js";
