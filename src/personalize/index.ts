/**
 * `clientele/personalize`: what to do for each customer now: uplift models, the next best
 * action under contact policies and capacities, send-time optimization, and one profile per
 * customer that joins the library's segments, values, risks and decisions.
 *
 * @packageDocumentation
 */
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
