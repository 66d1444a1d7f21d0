// Public types of scoreRfm: its input (rows or columns), options and result.
import type { CustomerSummary, CustomerSummaryColumns } from "../../data/index.js";

/**
 * One customer as a row, in the shape `summaryToRows` of `clientele/data` returns
 * (extra fields are ignored; a near miss such as `total_spend` for `totalSpend` is
 * `MISSING_COLUMN`). `recency` is read according to `ScoreRfmOptions.recencyConvention`:
 * by default it is BTYD recency (first to last purchase) and `T` is required; with
 * `"since-last"` it is the time since the last purchase. Which spend fields are needed
 * depends on `ScoreRfmOptions.monetary`: `totalSpend` (default `"total"`), `totalSpend`
 * and `purchaseDays` (`"average"`), or `monetary` (`"btyd-mean"`).
 */
export interface RfmCustomerRow {
  /** Customer id: a non-empty string or a finite number (7 and "7" are one customer; kept as a string in the output). */
  id: string | number;
  /** BTYD recency (first to last purchase) or, with `recencyConvention: "since-last"`, time since the last purchase. */
  recency: number;
  /** Number of repeat purchases (purchase days after the first, as `summarizeTransactions` reports). */
  frequency: number;
  /** The BTYD mean value of the repeat purchases (0 for one-time buyers); scored only with `monetary: "btyd-mean"`. */
  monetary?: number;
  /** Time from the first purchase to the end of observation; required with the default `"btyd"` convention and for RFMTC. */
  T?: number;
  /** Total spend of the customer, the first purchase included: M with `monetary: "total"` (default), and the revenue in `segmentReport`. */
  totalSpend?: number;
  /** Purchase days, the first included (= frequency + 1 for a summary): the divisor of the average order value (`monetary: "average"`). */
  purchaseDays?: number;
}

/**
 * Customers as parallel columns, e.g. the `CustomerSummaryColumns` that
 * `summarizeTransactions` of `clientele/data` returns (extra columns are ignored).
 */
export interface RfmCustomerColumns {
  /** Customer ids, one per row. */
  id: ArrayLike<string | number>;
  /** BTYD recency (first to last purchase) or, with `recencyConvention: "since-last"`, time since the last purchase. */
  recency: ArrayLike<number>;
  /** Number of repeat purchases. */
  frequency: ArrayLike<number>;
  /** BTYD mean value of the repeat purchases (scored with `monetary: "btyd-mean"`). */
  monetary?: ArrayLike<number>;
  /** Time from the first purchase to the end of observation. */
  T?: ArrayLike<number>;
  /** Total spend per customer, first purchase included (M by default; revenue in `segmentReport`). */
  totalSpend?: ArrayLike<number>;
  /** Purchase days per customer, the first included (for `monetary: "average"`). */
  purchaseDays?: ArrayLike<number>;
}

/**
 * Customers as rows or as columns; the summaries of `clientele/data`
 * (`summarizeTransactions`, `summaryToRows`) are accepted as they are (type-only link:
 * `clientele/rfm` ships no code of `clientele/data`).
 */
export type RfmInput = readonly RfmCustomerRow[] | RfmCustomerColumns | CustomerSummaryColumns | readonly CustomerSummary[];

/**
 * How `recency` in the input is measured.
 * - `"btyd"` (default): first to last purchase, as `summarizeTransactions` reports it
 *   (the BTYD convention); the time since the last purchase is then `T - recency`.
 * - `"since-last"`: `recency` already is the time since the last purchase. (The
 *   spelling `"sinceLast"` of earlier releases is still accepted.)
 */
export type RecencyConvention = "btyd" | "since-last" | "sinceLast";

/**
 * What M scores (see `ScoreRfmOptions.monetary`):
 * - `"total"` (default): total spend (`totalSpend`), the first purchase included;
 * - `"average"`: average order value, `totalSpend / purchaseDays`, first purchase included;
 * - `"btyd-mean"`: the `monetary` field as given: for a summary of `clientele/data`, the
 *   mean of the REPEAT purchases (0 for one-time buyers), the input of Gamma-Gamma CLV
 *   models, not what marketers mean by M.
 */
export type MonetaryMeasure = "total" | "average" | "btyd-mean";

/**
 * Where a group of equal values falls when scored by quantile (see `ScoreRfmOptions.ties`).
 */
export type TieRule = "average" | "min" | "max";

/** Explicit cut points per dimension, in the input's units (see `ScoreRfmOptions.thresholds`). */
export interface RfmThresholds {
  /** Ascending cut points on the time since the last purchase (`bins - 1` of them). */
  recency?: number[];
  /** Ascending cut points on frequency (`bins - 1` of them). */
  frequency?: number[];
  /** Ascending cut points on monetary (`bins - 1` of them). */
  monetary?: number[];
}

/** Options of {@link scoreRfm}. */
export interface ScoreRfmOptions {
  /** Number of score levels per dimension, an integer in [2, 100]. Default 5. */
  bins?: number;
  /**
   * Percentile of a group of equal values at 0-based sorted positions lo..hi of n:
   * `"average"` (default, mid-rank) p = (lo + hi + 1) / (2n); `"min"` p = lo / n (ties
   * take the lowest position: e.g. all one-time buyers get F = 1); `"max"` p = hi / n.
   * The score is 1 + floor(bins * p).
   */
  ties?: TieRule;
  /** How `recency` is measured in the input. Default `"btyd"` (needs `T`). */
  recencyConvention?: RecencyConvention;
  /**
   * What M scores. Default `"total"`: total spend including the first purchase (the M of
   * the R/FM segment table of `RFM_SEGMENTS`, and of most RFM practice). `"average"`:
   * average order value (total spend / purchase days), when order size should not
   * reward frequency twice. `"btyd-mean"`: the `monetary` field as it is (for a data
   * summary: the repeat-purchase mean of the BTYD models, which gives every one-time buyer
   * the lowest M, however much they spent).
   */
  monetary?: MonetaryMeasure;
  /**
   * Fixed cut points instead of quantiles, per dimension: `bins - 1` strictly increasing
   * finite numbers `t[0] < ... < t[bins-2]`. Frequency and monetary score
   * `1 + #{k : value >= t[k]}`; recency (time since the last purchase) scores
   * `bins - #{k : value >= t[k]}`, so the most recent customers score highest.
   * Dimensions without thresholds use quantile scores.
   */
  thresholds?: RfmThresholds;
}

/**
 * Columnar RFM scores (plain data). Scores are integers in 1..`bins`; higher is better
 * on every dimension (recent, frequent, high spend).
 */
export interface RfmScores {
  /** Number of customers. */
  n: number;
  /** Number of score levels. */
  bins: number;
  /** Customer ids, as strings. */
  id: string[];
  /** Recency score (5 = most recent with 5 bins). */
  r: Uint8Array;
  /** Frequency score. */
  f: Uint8Array;
  /** Monetary score. */
  m: Uint8Array;
  /** The value R was scored on: time since the last purchase, in the input's time unit. */
  recency: Float64Array;
  /** The frequency values scored. */
  frequency: Float64Array;
  /** The monetary values M was scored on (total spend, average order value or the BTYD mean; see `monetarySource`). */
  monetary: Float64Array;
  /** What `monetary` holds (the `monetary` option). */
  monetarySource: MonetaryMeasure;
  /** Revenue per customer: `totalSpend` when the input has it, otherwise `frequency * monetary`. */
  revenue: Float64Array;
  /** Where `revenue` came from. */
  revenueSource: "totalSpend" | "frequencyTimesMonetary";
  /** How each dimension was scored. */
  method: { r: "quantile" | "thresholds"; f: "quantile" | "thresholds"; m: "quantile" | "thresholds" };
  /**
   * Plain-language warnings about the scores (empty when there are none). Currently: quantile
   * recency on a base where the top recency scores still hold customers silent for more than
   * 3 typical purchase gaps (a single-cohort log, where nearly everyone has lapsed); the
   * message gives the figures and suggests `thresholds.recency` in the input's time unit.
   */
  warnings: string[];
}

/** One customer's scores, as returned by {@link rfmScoreRows}. */
export interface RfmScoreRow {
  /** Customer id. */
  id: string;
  /** Recency score. */
  r: number;
  /** Frequency score. */
  f: number;
  /** Monetary score. */
  m: number;
  /** The three scores as one string, e.g. `"543"` (joined with `-` when `bins > 9`, e.g. `"10-3-7"`). */
  code: string;
}
