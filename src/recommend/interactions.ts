// The interaction matrix lives in src/recommend/interactions/, one concept per file: the
// types, buildInteractions, the checks the fits use, JSON and rows, and the simulator. This
// file re-exports what it exported before the split, so every import path ("./interactions.js"
// in index.ts and every model file) keeps working.
export type { RecommendId, Interactions, InteractionRow, InteractionColumns, BuildInteractionsOptions } from "./interactions/types.js";
export { idKeys, buildInteractions } from "./interactions/build.js";
export { interactionsFromJSON, interactionsToRows } from "./interactions/json.js";
export { checkInteractions, requireInteractions } from "./interactions/check.js";
export { simulateInteractions } from "./interactions/simulate.js";
export type { SimulateInteractionsOptions, SimulatedInteractions } from "./interactions/simulate.js";
