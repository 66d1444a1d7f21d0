/**
 * `clientele/journey`: customer journeys from raw events: sessions (inactivity gap, per
 * customer, UTC), conversion paths per window, funnel stages by event rules (current stage,
 * time in stage, stage transition matrices, funnel conversion and drop-off per segment), and
 * attribution: first / last touch, linear, position-based and time-decay heuristics, and exact
 * order-k Markov removal effects (with ChannelAttribution's simulation as an option).
 *
 * @packageDocumentation
 * @module clientele/journey
 */
export { sessionize, buildPaths } from "./sessions.js";
export type { SessionizeOptions, BuildPathsOptions, Sessions, JourneyPaths, Unknowns } from "./sessions.js";
export type { JourneyEventRow } from "./events.js";
export { assignStages, stageTransitions, funnelReport } from "./stages.js";
export type { StageRule, AssignStagesOptions, CustomerStages, StageTransitionsOptions, FunnelReportOptions, FunnelRow } from "./stages.js";
export { heuristicAttribution, heuristicRows } from "./heuristic.js";
export type { HeuristicAttributionOptions, HeuristicAttribution, HeuristicCredit, HeuristicModel, HeuristicRow } from "./heuristic.js";
export { markovAttribution, markovRows } from "./markov.js";
export type { MarkovAttributionOptions, MarkovSimulationOptions, MarkovAttribution, MarkovRow } from "./markov.js";
export type { PathRow, PathColumns, PathsInput } from "./paths-input.js";
export type { TransitionMatrix } from "../rfm/index.js";
export type { TimestampUnit } from "../data/index.js";
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
