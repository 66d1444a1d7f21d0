/**
 * `clientele/plot`: Vega-Lite specifications (plain JSON, no rendering dependency) for the
 * library's own results: RFM, clusters, lifetime value, recommendations, predictions, bandits
 * and experiments. Render them in a notebook, a web page, Observable or a report.
 *
 * @packageDocumentation
 * @module clientele/plot
 */
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
export { VEGA_LITE_SCHEMA, OKABE_ITO, MAX_MARKS } from "./theme.js";
export type { VegaLiteSpec, SpecValues, LayeredSpec, PlotTheme, PlotThemeConfig, PlotOptions } from "./theme.js";
export { plotSegmentShares, plotRfHeatmap, plotTransitionHeatmap, plotTransitionFlow } from "./rfm.js";
export type { PlotSegmentSharesOptions, PlotRfHeatmapOptions, PlotTransitionHeatmapOptions, PlotTransitionFlowOptions } from "./rfm.js";
export { plotElbow, plotSilhouette, plotClusterProfiles, plotDendrogram, plotClusterScatter } from "./cluster.js";
export type { PlotElbowOptions, PlotSilhouetteOptions, PlotClusterProfilesOptions, PlotDendrogramOptions, PlotClusterScatterOptions } from "./cluster.js";
export {
  plotPeriodTransactions,
  plotCalibrationHoldout,
  plotProbabilityAliveMatrix,
  plotExpectedPurchasesMatrix,
  plotAliveHistory,
  plotCumulativeTransactions,
  plotIncrementalTransactions,
} from "./clv.js";
export type {
  DataSpec,
  PlotPeriodTransactionsOptions,
  PlotCalibrationHoldoutOptions,
  PlotPredictionMatrixOptions,
  PlotAliveHistoryOptions,
  PlotTrackingOptions,
} from "./clv.js";
export { plotHeterogeneity, plotCustomerExposure, plotClvDistribution } from "./clv-value.js";
export type { ConcatSpec, PlotHeterogeneityOptions, PlotCustomerExposureOptions, PlotClvDistributionOptions } from "./clv-value.js";
export { plotRecommenderEvaluation, plotRoc, plotPrecisionRecall, plotCalibration, plotLiftGains } from "./predict.js";
export type { PlotRecommenderEvaluationOptions, PlotCurveOptions, CalibrationRowInput, LiftRowInput } from "./predict.js";
export { plotRegret, plotPosteriors, plotProbabilityBest } from "./bandit.js";
export type { PlotPosteriorsOptions, PlotProbabilityBestOptions } from "./bandit.js";
export { plotSegmentForest, plotSequentialTest } from "./experiment.js";
export type { PlotSegmentForestOptions, PlotSequentialTestOptions } from "./experiment.js";
