/**
 * `clientele/data`: transactions to per-customer summaries (frequency, recency, T,
 * monetary value, total spend, purchase days, first and last purchase) in a chosen time
 * unit, with an optional calibration/holdout split, mergeable partial summaries for
 * splitting work, an async variant for long logs, a seeded synthetic customer generator, and
 * KPIs: cohort retention and a before/after KPI report with bootstrap intervals.
 *
 * @packageDocumentation
 * @module clientele/data
 */
export { summarizeTransactions, summarizeTransactionsAsync, summaryToRows } from "./summarize.js";
export type { SummarizeOptions, SummarizeAsyncOptions } from "./summarize.js";
export type {
  CustomerSummary,
  CustomerSummaryColumns,
  ExcludedCustomers,
  TimestampUnit,
  TimeUnit,
  TransactionColumns,
  TransactionRow,
  TransactionSummary,
} from "./types.js";
export { finalizeSummary, mergePartials, partialSummaryFromJSON, summarizePartial } from "./merge.js";
export type { PartialSummary, SummarizePartialOptions } from "./merge.js";
export { defaultSimulationSegments, simulateCustomers } from "./simulate.js";
export type { SimulateCustomersOptions, SimulatedCustomers, SimulationSegment } from "./simulate.js";
export { cohortRetention, cohortRows } from "./kpi.js";
export type { CohortPeriod, CohortRetention, CohortRetentionOptions, CohortRow } from "./kpi.js";
export { kpiReport, kpiReportRows } from "./kpi-report.js";
export type { ClvSnapshot, KpiReport, KpiReportOptions, KpiReportRow, KpiSnapshot, KpiWindow } from "./kpi-report.js";
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
