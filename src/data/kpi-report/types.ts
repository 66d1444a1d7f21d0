// Public types of kpiReport: snapshots, options, the report and its rows.
import type { Rng } from "../../core/rng.js";
import type { SegmentSnapshot, TransitionMatrix } from "../../rfm/index.js";
import type { TimestampUnit, TransactionColumns, TransactionRow } from "../types.js";

/** Per-customer CLV values, as rows `{ id, clv }` or columns `{ id, clv }` (e.g. from `clientele/clv`). */
export type ClvSnapshot = readonly { id: string | number; clv: number }[] | { id: ArrayLike<string | number>; clv: ArrayLike<number> };

/** One side of a {@link kpiReport}: a transaction log and the window measured in it. */
export interface KpiSnapshot {
  /** Transactions (rows or columns, as for `summarizeTransactions`); may include history before `start`. */
  transactions: readonly TransactionRow[] | TransactionColumns;
  /** First day of the window (Date, ISO-8601 string or a number in `timestampUnit`; its UTC day). */
  start: Date | string | number;
  /** Last day of the window, inclusive. Transactions after it are ignored. */
  end: Date | string | number;
  /** Optional per-customer CLV at this snapshot (computed by the host, e.g. with `clientele/clv`), joined by id. */
  clv?: ClvSnapshot;
  /** Optional segment per customer at this snapshot (`{ id, segment }` rows or columns, e.g. `assignSegments` output). */
  segments?: SegmentSnapshot;
}

/** Options of {@link kpiReport}. */
export interface KpiReportOptions {
  /** How numeric timestamps are read (transactions, start, end), as in `summarizeTransactions`. Default `"ms"`. */
  timestampUnit?: TimestampUnit;
  /** Bootstrap resamples for the intervals. Default 1000; 0 skips the intervals; above 100,000 is `TOO_LARGE`. */
  resamples?: number;
  /** Coverage of the percentile intervals, in (0, 1). Default 0.95. */
  level?: number;
  /** Seed of the bootstrap (default 0); or pass `rng`. */
  seed?: number;
  /** Generator for the bootstrap (from `createRng`); continues its stream. Not together with `seed`. */
  rng?: Rng;
}

/** The KPI table: one entry per KPI in every column (see {@link kpiReportRows} for rows). */
export interface KpiReport {
  /** Number of KPIs (rows). */
  n: number;
  /** KPI names: customers, activeCustomers, orders, revenue, repeatRate, purchaseFrequency, averageOrderValue, revenuePerCustomer, churnRate, then clvTotal, clvMean, segmentShare:<segment> when given. */
  kpi: string[];
  /** Value in the `before` window (null when undefined, see `reason`). */
  before: (number | null)[];
  /** Value in the `after` window. */
  after: (number | null)[];
  /** after - before. */
  change: (number | null)[];
  /** (after - before) / |before|; null when before is 0 or undefined. */
  relativeChange: (number | null)[];
  /** Lower end of the bootstrap percentile interval of `change` (null without resamples or when undefined). */
  lower: (number | null)[];
  /** Upper end of that interval. */
  upper: (number | null)[];
  /** Why a value of the row is null (or a note); null when all are defined. */
  reason: (string | null)[];
  /** Coverage of the intervals. */
  level: number;
  /** Resamples requested. */
  resamples: number;
  /** Resamples in which the row's change was defined (the interval uses these). */
  validResamples: number[];
  /** Customers resampled: the union of both snapshots' customers (and CLV / segment ids). */
  customers: number;
  /** Windows in epoch ms at UTC midnight (inclusive), with the preceding window of equal length used by `churnRate`. */
  windows: { before: KpiWindow; after: KpiWindow };
  /** Segment transitions from `before.segments` to `after.segments` (rfm's `transitionMatrix`), when both are given. */
  transitions?: TransitionMatrix;
}

/** A measured window of a {@link KpiReport}. */
export interface KpiWindow {
  /** First day, epoch ms at UTC midnight. */
  start: number;
  /** Last day (inclusive), epoch ms at UTC midnight. */
  end: number;
  /** First day of the preceding window of equal length (churn's reference), epoch ms. */
  previousStart: number;
}

/** One KPI of a report in row form (see {@link kpiReportRows}). */
export interface KpiReportRow {
  kpi: string;
  before: number | null;
  after: number | null;
  change: number | null;
  relativeChange: number | null;
  lower: number | null;
  upper: number | null;
  reason: string | null;
}
