/**
 * `clientele/journey`: (being built; see its guide in docs/journey.md when it lands).
 *
 * @packageDocumentation
 */
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
export { heuristicAttribution, heuristicRows } from "./heuristic.js";
export { markovAttribution, markovRows } from "./markov.js";
