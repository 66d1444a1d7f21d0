/**
 * `clientele/plot`: Vega-Lite specifications (plain JSON, no rendering dependency) for the
 * library's own results: RFM, clusters, lifetime value, recommendations, predictions, bandits
 * and experiments. Render them in a notebook, a web page, Observable or a report.
 *
 * @packageDocumentation
 */
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
