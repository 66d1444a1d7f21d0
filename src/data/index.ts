/**
 * `clientele/data`: transactions to per-customer summaries (frequency, recency, T,
 * monetary value, first and last purchase) in a chosen time unit, with an optional
 * calibration/holdout split, mergeable partial summaries for splitting work, and a
 * seeded synthetic customer generator.
 *
 * @packageDocumentation
 */
export { summarizeTransactions, summaryToRows } from "./summarize.js";
export type { SummarizeOptions } from "./summarize.js";
export type {
  CustomerSummary,
  CustomerSummaryColumns,
  ExcludedCustomers,
  TimeUnit,
  TransactionColumns,
  TransactionRow,
  TransactionSummary,
} from "./types.js";
export { finalizeSummary, mergePartials, partialSummaryFromJSON, summarizePartial } from "./merge.js";
export type { PartialSummary } from "./merge.js";
export { defaultSimulationSegments, simulateCustomers } from "./simulate.js";
export type { SimulateCustomersOptions, SimulatedCustomers, SimulationSegment } from "./simulate.js";
