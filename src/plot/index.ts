/**
 * `clientele/plot`: Vega-Lite specifications (plain JSON, no rendering dependency) for the
 * library's own results: RFM, clusters, lifetime value, recommendations, predictions, bandits
 * and experiments. Render them in a notebook, a web page, Observable or a report.
 *
 * @packageDocumentation
 */
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
export { VEGA_LITE_SCHEMA, OKABE_ITO, MAX_MARKS } from "./theme.js";
export type { VegaLiteSpec, PlotTheme, PlotThemeConfig, PlotOptions } from "./theme.js";
export { plotSegmentShares, plotRfHeatmap, plotTransitionHeatmap, plotTransitionFlow } from "./rfm.js";
export type { PlotSegmentSharesOptions, PlotRfHeatmapOptions, PlotTransitionHeatmapOptions, PlotTransitionFlowOptions } from "./rfm.js";
export { plotElbow, plotSilhouette, plotClusterProfiles, plotDendrogram, plotClusterScatter } from "./cluster.js";
export type { LayeredSpec, PlotElbowOptions, PlotSilhouetteOptions, PlotClusterProfilesOptions, PlotDendrogramOptions, PlotClusterScatterOptions } from "./cluster.js";
