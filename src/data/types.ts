import type { TimeUnit } from "../core/time.js";

/**
 * The unit in which recency, T and holdout duration are reported: `"day"` = 1 day,
 * `"week"` = 7 days, `"month"` = 365.25 / 12 = 30.4375 days (the mean Gregorian month,
 * so durations are plain day counts divided by a constant, never calendar arithmetic).
 * The library's one `TimeUnit` (from core).
 */
export type { TimeUnit };

/**
 * How a timestamp given as a NUMBER is read (Dates and ISO-8601 strings are read as they are):
 * - `"ms"` (default): epoch milliseconds, which must lie in [1e11, 1e13) (1973-03-03 to
 *   2286-11-20); anything else (epoch seconds, `Number("19970101")`, a 0 filled in for a
 *   missing value, microseconds) is `INVALID_TIMESTAMP` with a hint, never January 1970;
 * - `"s"`: epoch seconds, in [1e8, 1e10) (the same dates);
 * - `"yyyymmdd"`: whole numbers such as 19970101 (CDNOW's date column parsed as a number).
 */
export type TimestampUnit = "ms" | "s" | "yyyymmdd";

/**
 * One transaction in row form.
 *
 * `customerId` is compared by its string form (`42` and `"42"` are the same customer).
 * `timestamp` is a `Date`, an ISO-8601 string (`"2024-03-01"`, `"20240301"`,
 * `"2024-03-01T14:05:00Z"`, `"2024-03-01T14:05:00+02:00"`; without an offset it is read
 * as UTC) or epoch milliseconds. `amount` is the value of the line; negative amounts
 * are refunds.
 */
export interface TransactionRow {
  /** Customer identifier (non-empty string or finite number). */
  customerId: string | number;
  /** When it happened: Date, ISO-8601 string or a number in `timestampUnit` (default epoch milliseconds). */
  timestamp: Date | string | number;
  /** Value of the transaction; negative for a refund. */
  amount: number;
}

/**
 * Transactions as parallel columns (one value per transaction in each). The fastest
 * input form: epoch-millisecond timestamps in a `Float64Array` and amounts in a
 * `Float64Array` are read without conversion.
 */
export interface TransactionColumns {
  /** Customer identifiers (non-empty strings or finite numbers). */
  customerId: ArrayLike<string | number>;
  /** Date, ISO-8601 string or a number in `timestampUnit` (default epoch milliseconds), per transaction. */
  timestamp: ArrayLike<Date | string | number>;
  /** Value per transaction; negative for a refund. */
  amount: ArrayLike<number>;
}

/**
 * Customers that appeared in the input but are not rows of the summary, with the reason.
 * Nothing is dropped silently: every input customer is either a summary row or listed here.
 */
export interface ExcludedCustomers {
  /** Customers with no day of positive net spend (only refunds or zero amounts) in the (calibration) period. */
  noPurchase: string[];
  /** With `calibrationEnd`: customers whose first purchase day is after the calibration end. */
  firstPurchaseAfterCalibration: string[];
}

/**
 * Columnar per-customer summary, the output of `summarizeTransactions`: one entry per
 * customer in every column, customers in order of first appearance in the input.
 */
export interface CustomerSummaryColumns {
  /** Number of customers (rows). */
  n: number;
  /** Customer ids (string form). */
  id: string[];
  /** Number of distinct purchase days after the first (repeat purchases). */
  frequency: Float64Array;
  /** First to last purchase day, in `timeUnit` (BTYD recency, not time since last purchase). */
  recency: Float64Array;
  /** First purchase day to the observation (or calibration) end day, in `timeUnit`. */
  T: Float64Array;
  /** Mean net value of the repeat purchase days; 0 when frequency is 0. */
  monetary: Float64Array;
  /** Net sum of all amounts (refunds included) in the (calibration) period. */
  totalSpend: Float64Array;
  /** Number of transactions (input rows) in the (calibration) period, refunds included. */
  transactionCount: Float64Array;
  /**
   * Number of purchase days in the (calibration) period, the first included (= frequency + 1).
   * `totalSpend / purchaseDays` is the average order value that RFM's `monetary: "average"` scores.
   * Optional only so that summaries built by hand or saved before this column existed type-check.
   */
  purchaseDays?: Float64Array;
  /** First purchase day, epoch ms at UTC midnight. */
  firstPurchase: Float64Array;
  /** Last purchase day (in the calibration period when one is given), epoch ms at UTC midnight. */
  lastPurchase: Float64Array;
  /** With `calibrationEnd`: distinct purchase days after the calibration end. */
  holdoutFrequency?: Float64Array;
  /** With `calibrationEnd`: net sum of amounts after the calibration end. */
  holdoutSpend?: Float64Array;
  /** With `calibrationEnd`: observation end minus calibration end, in `timeUnit`. */
  holdoutDuration?: number;
  /** Unit of recency, T and holdoutDuration. */
  timeUnit: TimeUnit;
  /** Observation end day, epoch ms at UTC midnight (transactions on this day are included). */
  observationEnd: number;
  /** Calibration end day, epoch ms at UTC midnight (transactions on this day are calibration). */
  calibrationEnd?: number;
  /**
   * Input customers that are not rows of this summary, by reason. Always set by
   * `summarizeTransactions` and `finalizeSummary` (optional only so that hand-built
   * summaries type-check).
   */
  excluded?: ExcludedCustomers;
}

/**
 * What `summarizeTransactions` and `finalizeSummary` return: a `CustomerSummaryColumns`
 * whose `excluded` lists are always present.
 */
export interface TransactionSummary extends CustomerSummaryColumns {
  /** Input customers that are not rows of this summary, by reason. */
  excluded: ExcludedCustomers;
  /** Purchase days per customer, the first included (= frequency + 1). */
  purchaseDays: Float64Array;
}

/** One customer of a summary in row form (see `summaryToRows`). */
export interface CustomerSummary {
  /** Customer id (string form). */
  id: string;
  /** Number of distinct purchase days after the first. */
  frequency: number;
  /** First to last purchase day, in the summary's time unit. */
  recency: number;
  /** First purchase day to the observation (or calibration) end, in the summary's time unit. */
  T: number;
  /** Mean net value of the repeat purchase days; 0 when frequency is 0. */
  monetary: number;
  /** Net sum of all amounts in the (calibration) period. */
  totalSpend: number;
  /** Number of transactions in the (calibration) period. */
  transactionCount: number;
  /** Purchase days in the (calibration) period, the first included (= frequency + 1); absent for summaries without the column. */
  purchaseDays?: number;
  /** First purchase day, epoch ms at UTC midnight. */
  firstPurchase: number;
  /** Last purchase day, epoch ms at UTC midnight. */
  lastPurchase: number;
  /** With a calibration end: distinct purchase days after it. */
  holdoutFrequency?: number;
  /** With a calibration end: net spend after it. */
  holdoutSpend?: number;
}
