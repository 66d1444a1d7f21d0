import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { findDuplicateId, idKey } from "../core/ids.js";
import { jsonColumns } from "../core/json.js";
import { checkRowFields, parseOptions, requireNonEmpty, toFloat64Column } from "../core/validate.js";
import type { CustomerSummary, CustomerSummaryColumns } from "../data/index.js";

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

const cutPoints = z
  .array(z.number())
  .refine((t) => t.every((v, i) => i === 0 || v > t[i - 1]), "cut points must be strictly increasing");

/** Options schema of scoreRfm (internal; scoreRfmtc extends it). */
export const scoreRfmOptionsSchema = z.object({
  bins: z.number().int().min(2).max(100).default(5),
  ties: z.enum(["average", "min", "max"]).default("average"),
  recencyConvention: z.enum(["btyd", "since-last", "sinceLast"]).default("btyd"),
  monetary: z.enum(["total", "average", "btyd-mean"]).default("total"),
  thresholds: z.object({ recency: cutPoints.optional(), frequency: cutPoints.optional(), monetary: cutPoints.optional() }).optional(),
});

/** Parsed, defaulted options (internal). */
export type ParsedScoreRfmOptions = z.output<typeof scoreRfmOptionsSchema>;

/** Validated input columns (internal). */
export interface RfmColumns {
  n: number;
  id: string[];
  /** Time since the last purchase. */
  sinceLast: Float64Array;
  /** First to last purchase, when known (BTYD recency). */
  span: Float64Array | undefined;
  frequency: Float64Array;
  /** The values M is scored on (per the `monetary` option). */
  monetary: Float64Array;
  T: Float64Array | undefined;
  totalSpend: Float64Array | undefined;
  /** The input's time unit when it says so (a data summary's `timeUnit`), for messages. */
  unit?: string;
}

type RowKey = "id" | "recency" | "frequency" | "monetary" | "T" | "totalSpend" | "purchaseDays";

/** Field names users bring for the RFM fields (for MISSING_COLUMN hints). */
const FIELD_ALIASES: Record<string, readonly string[]> = {
  id: ["customerId", "customer_id", "ID", "Id", "customer"],
  recency: ["t_x", "Recency"],
  frequency: ["x", "Frequency", "repeatPurchases"],
  monetary: ["zbar", "monetary_value", "Monetary", "monetaryValue"],
  T: ["t", "age", "tenure"],
  totalSpend: ["total_spend", "totalspend", "TotalSpend", "spend", "revenue", "total"],
  purchaseDays: ["purchase_days", "purchases", "orders", "orderCount", "nOrders"],
};

function pluck(rows: readonly RfmCustomerRow[], key: RowKey, fn: string, optional: boolean): unknown[] | undefined {
  const out = new Array<unknown>(rows.length);
  let seen = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["customers", i],
        received: row,
        message: `${fn}: customers[${i}] is ${describeValue(row)}; each row must be an object { id, recency, frequency, T, totalSpend }.`,
      });
    }
    const v = row[key];
    if (v !== undefined) seen++;
    out[i] = v;
  }
  if (optional && seen === 0) return undefined;
  if (seen !== rows.length) {
    const i = rows.findIndex((r) => r[key] === undefined);
    throw new ClienteleError({
      code: "MISSING_VALUE",
      path: ["customers", i, key],
      message: optional
        ? `${fn}: customers[${i}].${key} is missing while other rows have it. Give every row a ${key} or none.`
        : `${fn}: customers[${i}].${key} is missing; every row needs a ${key}.`,
    });
  }
  return out;
}

function missingColumn(name: string, fn: string, why: string): ClienteleError {
  return new ClienteleError({ code: "MISSING_COLUMN", path: [name], message: `${fn}: column "${name}" is missing. ${why}` });
}

/**
 * Checks and copies the input into columns (internal). `requireT` forces `T`;
 * `monetaryMode` says which spend fields are read.
 */
export function toRfmColumns(
  customers: RfmInput,
  convention: RecencyConvention,
  fn: string,
  requireT: boolean,
  monetaryMode: MonetaryMeasure = "btyd-mean",
): RfmColumns {
  if (customers === null || typeof customers !== "object" || ArrayBuffer.isView(customers)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["customers"],
      received: customers,
      message: `${fn}: customers must be an array of rows or an object of columns { id, recency, frequency, T, totalSpend } (a summary from summarizeTransactions). Got ${describeValue(customers)}.`,
    });
  }
  const btyd = convention === "btyd";
  const needT = requireT || btyd;
  const expected: RowKey[] = ["id", "recency", "frequency"];
  if (needT) expected.push("T");
  if (monetaryMode === "btyd-mean") expected.push("monetary");
  else expected.push("totalSpend");
  if (monetaryMode === "average") expected.push("purchaseDays");
  let cols: RfmCustomerColumns;
  if (Array.isArray(customers)) {
    const rows = customers as readonly RfmCustomerRow[];
    requireNonEmpty(rows.length, fn, "customers");
    const first = rows[0];
    if (first !== null && typeof first === "object") checkRowFields(first as unknown as Record<string, unknown>, expected, fn, ["customers", 0], FIELD_ALIASES);
    cols = {
      id: pluck(rows, "id", fn, false) as (string | number)[],
      recency: pluck(rows, "recency", fn, false) as number[],
      frequency: pluck(rows, "frequency", fn, false) as number[],
      monetary: monetaryMode === "btyd-mean" ? (pluck(rows, "monetary", fn, true) as number[] | undefined) : undefined,
      T: pluck(rows, "T", fn, true) as number[] | undefined,
      totalSpend: pluck(rows, "totalSpend", fn, true) as number[] | undefined,
      purchaseDays: monetaryMode === "average" ? (pluck(rows, "purchaseDays", fn, true) as number[] | undefined) : undefined,
    };
  } else {
    cols = customers as RfmCustomerColumns;
    checkRowFields(cols as unknown as Record<string, unknown>, expected, fn, ["customers"], FIELD_ALIASES);
  }
  const ids = cols.id;
  if (ids === undefined || ids === null || typeof ids.length !== "number") {
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: ["id"],
      received: ids,
      message: `${fn}: column "id" is missing. Pass one id per customer (strings or numbers).`,
    });
  }
  const n = ids.length;
  requireNonEmpty(n, fn, "customers");
  // the library's one id rule (core idKey): non-empty string or finite number, 7 and "7" the same
  const id = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const v = ids[i];
    if (typeof v === "string" && v.length > 0 && v.trim().length === 0) {
      throw new ClienteleError({
        code: "MISSING_VALUE",
        path: ["id", i],
        received: v,
        message: `${fn}: id[${i}] is a blank string; every customer needs an id (a non-empty string or a finite number).`,
      });
    }
    id[i] = idKey(v, fn, ["id", i]);
  }
  // a repeated id is almost always transactions passed where a per-customer summary belongs,
  // or two summaries concatenated: scoring it twice would skew every quantile
  const dup = findDuplicateId(id);
  if (dup !== null) {
    const { first, second } = dup;
    throw new ClienteleError({
      code: "DUPLICATE_ID",
      path: ["id", second],
      received: ids[second],
      message: `${fn}: id ${describeValue(ids[second])} appears twice (rows ${first} and ${second}). Pass one row per customer: summarize transactions first (summarizeTransactions in clientele/data), or merge the duplicate rows.`,
    });
  }
  const recency = toFloat64Column(cols.recency, fn, "recency", { min: 0 }, n);
  const frequency = toFloat64Column(cols.frequency, fn, "frequency", { min: 0 }, n);
  if (needT && cols.T === undefined) {
    throw missingColumn(
      "T",
      fn,
      btyd
        ? `With recencyConvention "btyd" (the default) recency is first-to-last purchase and the time since the last purchase is T - recency, so T is needed. Pass T, or pass time since the last purchase as recency with { recencyConvention: "since-last" }.`
        : `T (time since the first purchase) is needed here.`,
    );
  }
  const T = cols.T === undefined ? undefined : toFloat64Column(cols.T, fn, "T", { min: 0 }, n);
  const totalSpend = cols.totalSpend === undefined ? undefined : toFloat64Column(cols.totalSpend, fn, "totalSpend", {}, n);
  let monetary: Float64Array;
  if (monetaryMode === "btyd-mean") {
    if (cols.monetary === undefined) {
      throw missingColumn("monetary", fn, `monetary: "btyd-mean" scores the monetary column as given. Pass it, or score total spend (the default, monetary: "total") with a totalSpend column.`);
    }
    monetary = toFloat64Column(cols.monetary, fn, "monetary", { min: 0 }, n);
  } else {
    if (totalSpend === undefined) {
      throw missingColumn(
        "totalSpend",
        fn,
        `M is scored on ${monetaryMode === "total" ? "total spend" : "average order value (totalSpend / purchaseDays)"} (monetary: "${monetaryMode}"${monetaryMode === "total" ? ", the default" : ""}), first purchase included. Pass totalSpend (summarizeTransactions in clientele/data gives it), or score the monetary column as it is with { monetary: "btyd-mean" }.`,
      );
    }
    if (monetaryMode === "total") monetary = totalSpend;
    else {
      if (cols.purchaseDays === undefined) {
        throw missingColumn(
          "purchaseDays",
          fn,
          `monetary: "average" divides totalSpend by the number of purchase days, the first included (summarizeTransactions gives purchaseDays = frequency + 1). Pass purchaseDays, or use monetary: "total".`,
        );
      }
      const pd = toFloat64Column(cols.purchaseDays, fn, "purchaseDays", { min: 1, integer: true }, n);
      monetary = new Float64Array(n);
      for (let i = 0; i < n; i++) monetary[i] = totalSpend[i] / pd[i];
    }
  }
  let sinceLast: Float64Array;
  let span: Float64Array | undefined;
  if (btyd) {
    sinceLast = new Float64Array(n);
    const t = T as Float64Array;
    for (let i = 0; i < n; i++) {
      let d = t[i] - recency[i];
      if (d < 0 && d >= -1e-9 * Math.max(1, t[i])) d = 0; // rounding noise, e.g. recency and T rounded separately
      if (d < 0) {
        throw new ClienteleError({
          code: "RECENCY_AFTER_T",
          path: ["recency", i],
          received: recency[i],
          message: `${fn}: recency[${i}] is ${recency[i]} but T is ${t[i]}; BTYD recency (first to last purchase) must be <= T. If recency is already the time since the last purchase, pass { recencyConvention: "since-last" }.`,
        });
      }
      sinceLast[i] = d + 0; // + 0 turns -0 into 0
    }
    span = recency;
  } else {
    sinceLast = recency;
    if (T !== undefined) {
      span = new Float64Array(n);
      for (let i = 0; i < n; i++) span[i] = Math.max(0, T[i] - recency[i]);
    }
  }
  const tu = Array.isArray(customers) ? undefined : (customers as { timeUnit?: unknown }).timeUnit;
  const unit = tu === "day" || tu === "week" || tu === "month" ? tu : undefined;
  return { n, id, sinceLast, span, frequency, monetary, T, totalSpend, unit };
}

/**
 * Rearranges work[lo..hi] so that work[p] is the p-th smallest, smaller-or-equal values
 * before it and greater-or-equal after; introselect: three-way quickselect with a
 * median-of-3 pivot, falling back to a sort after `budget` rounds (internal).
 */
export function selectInPlace(work: Float64Array, lo: number, hi: number, p: number, budget = 2 * Math.ceil(Math.log2(hi - lo + 2)) + 8): void {
  while (hi > lo) {
    if (--budget < 0) {
      // unlucky pivots: finish with the native sort, O(n log n) worst case overall
      work.subarray(lo, hi + 1).sort();
      return;
    }
    const mid = (lo + hi) >>> 1;
    const a = work[lo];
    const b = work[mid];
    const c = work[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    // three-way partition: [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i <= gt) {
      const x = work[i];
      if (x < pivot) {
        work[i] = work[lt];
        work[lt] = x;
        lt++;
        i++;
      } else if (x > pivot) {
        work[i] = work[gt];
        work[gt] = x;
        gt--;
      } else i++;
    }
    if (p < lt) hi = lt - 1;
    else if (p > gt) lo = gt + 1;
    else return;
  }
}

/**
 * Quantile scores of `values` into 1..bins (internal). For a group of equal values
 * occupying 0-based sorted positions lo..hi of n, score = 1 + floor(bins * p) with
 * p = (lo + hi + 1) / (2n) ("average"), lo / n ("min") or hi / n ("max"), computed in
 * exact integer arithmetic. Equal values therefore always share a score.
 *
 * No full sort is needed: with c_k = k n / bins the bin boundaries in position units,
 * only a tie group that straddles a boundary contains position floor(c_k), so the order
 * statistics s_k at floor(c_k) (found by introselect, expected O(n)) are the only values
 * whose exact lo..hi must be counted; any other value v scores 1 + #{k : s_k < v}.
 * Two more passes of O(n log bins) finish it; worst case O(n log n).
 */
export function quantileScores(values: Float64Array, bins: number, descending: boolean, ties: TieRule = "average"): Uint8Array {
  const n = values.length;
  const work = new Float64Array(n);
  if (descending) for (let i = 0; i < n; i++) work[i] = -values[i] + 0;
  else for (let i = 0; i < n; i++) work[i] = values[i] + 0; // + 0 turns -0 into 0
  // order statistics at the boundary positions floor(k n / bins), k = 1..bins-1
  const K = bins - 1;
  const s = new Float64Array(K);
  let left = 0;
  let prevPos = -1;
  for (let k = 0; k < K; k++) {
    const pos = Math.floor(((k + 1) * n) / bins);
    if (pos !== prevPos) {
      selectInPlace(work, left, n - 1, pos);
      left = pos + 1;
      prevPos = pos;
    }
    s[k] = work[pos];
  }
  // distinct boundary values d (ascending) and how many boundaries each covers
  const d: number[] = [];
  const mult: number[] = [];
  for (let k = 0; k < K; k++) {
    if (d.length > 0 && d[d.length - 1] === s[k]) mult[mult.length - 1]++;
    else {
      d.push(s[k]);
      mult.push(1);
    }
  }
  const D = d.length;
  const dv = Float64Array.from(d);
  // pass 1: count values equal to each d[k] and strictly between d[k-1] and d[k]
  const eq = new Float64Array(D);
  const below = new Float64Array(D + 1);
  for (let i = 0; i < n; i++) {
    const v = work[i];
    let a = 0;
    let b = D;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (dv[mid] < v) a = mid + 1;
      else b = mid;
    }
    if (a < D && dv[a] === v) eq[a]++;
    else below[a]++;
  }
  const special = new Uint8Array(D);
  const bucket = new Uint8Array(D + 1);
  const twoN = 2 * n;
  let cum = 0; // values < d[k]
  let boundariesBelow = 0; // #{k : s_k < v} for v in bucket k
  for (let k = 0; k <= D; k++) {
    bucket[k] = 1 + boundariesBelow;
    if (k === D) break;
    const lo = cum + below[k];
    const hi = lo + eq[k] - 1;
    const num = ties === "average" ? lo + hi + 1 : ties === "min" ? 2 * lo : 2 * hi;
    special[k] = 1 + Math.floor((bins * num) / twoN);
    cum = hi + 1;
    boundariesBelow += mult[k];
  }
  // pass 2: assign in input order
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = descending ? -values[i] + 0 : values[i] + 0;
    let a = 0;
    let b = D;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (dv[mid] < v) a = mid + 1;
      else b = mid;
    }
    out[i] = a < D && dv[a] === v ? special[a] : bucket[a];
  }
  return out;
}

/** Scores with fixed ascending cut points (internal); `descending` flips the scale. */
export function thresholdScores(values: Float64Array, cuts: readonly number[], bins: number, descending: boolean): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n);
  const k = cuts.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let a = 0;
    let b = k; // number of cuts <= v
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (cuts[mid] <= v) a = mid + 1;
      else b = mid;
    }
    out[i] = descending ? bins - a : 1 + a;
  }
  return out;
}

function checkCuts(cuts: number[] | undefined, bins: number, name: string, fn: string): void {
  if (cuts !== undefined && cuts.length !== bins - 1) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "thresholds", name],
      received: cuts,
      message: `${fn}: options.thresholds.${name} has ${cuts.length} cut points but bins is ${bins}; pass exactly bins - 1 = ${bins - 1} strictly increasing numbers.`,
    });
  }
}

/** How many typical purchase gaps a customer scored in the top two R scores may have been silent before scoreRfm warns. */
export const RECENCY_GAP_LIMIT = 3;

/**
 * The recency soundness check (internal): with quantile R, the customers in the top two R
 * scores (R >= bins - 1, the "recent" boxes of the segment map: Champions, Loyal,
 * Potential Loyalists, New) should have bought within a few typical purchase gaps. The
 * typical gap is the median, over repeat buyers, of (first to last purchase) / repeat
 * purchases. When the longest silence among those customers exceeds RECENCY_GAP_LIMIT
 * typical gaps (a single-cohort log, where most customers have lapsed and quantiles call
 * the least-lapsed "recent"), returns a warning. Needs first-to-last spans (BTYD recency,
 * or T with since-last) and at least 10 repeat buyers; otherwise no check.
 */
function recencyWarning(cols: RfmColumns, r: Uint8Array, bins: number): string | undefined {
  const span = cols.span;
  if (span === undefined) return undefined;
  const gaps: number[] = [];
  for (let i = 0; i < cols.n; i++) if (cols.frequency[i] > 0 && span[i] > 0) gaps.push(span[i] / cols.frequency[i]);
  if (gaps.length < 10) return undefined;
  gaps.sort((x, y) => x - y);
  const mid = gaps.length >> 1;
  const typical = gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
  let worst = 0;
  let count = 0;
  let over = 0;
  for (let i = 0; i < cols.n; i++) {
    if (r[i] >= bins - 1) {
      count++;
      const v = cols.sinceLast[i];
      if (v > worst) worst = v;
      if (v > RECENCY_GAP_LIMIT * typical) over++;
    }
  }
  if (!(typical > 0) || worst <= RECENCY_GAP_LIMIT * typical) return undefined;
  const fmt = (x: number): string => (Math.round(x * 10) / 10).toString();
  const u = cols.unit === undefined ? "time units" : cols.unit + "s";
  return (
    `recency: ${over} of the ${count} customers scored R >= ${bins - 1} last bought more than ${RECENCY_GAP_LIMIT} typical purchase gaps ago ` +
    `(up to ${fmt(worst)} ${u} since the last purchase; typical gap between purchases ${fmt(typical)} ${u}, the median over repeat buyers). ` +
    `Quantile recency ranks customers against each other, and here most of the base has lapsed (e.g. a single-cohort log), so "recent" segments such as Champions hold lapsed customers. ` +
    `Score R on absolute time instead: thresholds: { recency: [...] } with ${bins - 1} cut points in the input's time unit (e.g. [4, 13, 26, 52] weeks).`
  );
}

/** Scores validated columns (internal). */
export function scoreColumns(cols: RfmColumns, opts: ParsedScoreRfmOptions, fn: string): RfmScores {
  const { bins } = opts;
  const th = opts.thresholds ?? {};
  checkCuts(th.recency, bins, "recency", fn);
  checkCuts(th.frequency, bins, "frequency", fn);
  checkCuts(th.monetary, bins, "monetary", fn);
  const r = th.recency ? thresholdScores(cols.sinceLast, th.recency, bins, true) : quantileScores(cols.sinceLast, bins, true, opts.ties);
  const f = th.frequency ? thresholdScores(cols.frequency, th.frequency, bins, false) : quantileScores(cols.frequency, bins, false, opts.ties);
  const m = th.monetary ? thresholdScores(cols.monetary, th.monetary, bins, false) : quantileScores(cols.monetary, bins, false, opts.ties);
  let revenue: Float64Array;
  if (cols.totalSpend) revenue = cols.totalSpend;
  else {
    revenue = new Float64Array(cols.n);
    for (let i = 0; i < cols.n; i++) {
      const v = cols.frequency[i] * cols.monetary[i];
      if (!Number.isFinite(v)) {
        throw new ClienteleError({
          code: "OUT_OF_RANGE",
          path: ["monetary", i],
          received: cols.monetary[i],
          message: `${fn}: frequency x monetary of customers[${i}] (the revenue without a totalSpend column) is larger than a double holds. Pass totalSpend, or rescale monetary.`,
        });
      }
      revenue[i] = v;
    }
  }
  const warnings: string[] = [];
  if (!th.recency) {
    const w = recencyWarning(cols, r, bins);
    if (w !== undefined) warnings.push(w);
  }
  return jsonColumns({
    n: cols.n,
    bins,
    id: cols.id,
    r,
    f,
    m,
    recency: cols.sinceLast,
    frequency: cols.frequency,
    monetary: cols.monetary,
    monetarySource: opts.monetary,
    revenue,
    revenueSource: cols.totalSpend ? "totalSpend" : "frequencyTimesMonetary",
    method: {
      r: th.recency ? "thresholds" : "quantile",
      f: th.frequency ? "thresholds" : "quantile",
      m: th.monetary ? "thresholds" : "quantile",
    },
    warnings,
  });
}

/**
 * Scores each customer 1..`bins` (default 5) on recency, frequency and monetary value
 * by quantile rank; recency is scored inversely, so the most recent buyers score highest.
 *
 * Quantile rule: sort a dimension's n values ascending; a group of equal values at
 * 0-based positions lo..hi gets `score = 1 + floor(bins * p)` with the mid-rank
 * percentile `p = (lo + hi + 1) / (2n)` (default `ties: "average"`; `"min"` uses
 * `p = lo / n`, `"max"` `p = hi / n`). Equal values always share a score; without ties
 * each score holds n / bins customers (to within one); when every value is equal all
 * get the middle score; with n < bins the scores spread over the range (n = 3,
 * bins = 5 gives 1, 3, 5). R is scored on the time since the last
 * purchase with the order reversed (largest gap = score 1). Explicit `thresholds`
 * replace quantiles per dimension. Runs in expected O(n log bins), worst case O(n log n),
 * over typed arrays (selection of the bin boundaries instead of a full sort).
 *
 * By default (`recencyConvention: "btyd"`) `recency` is BTYD recency (first to last
 * purchase, as `summarizeTransactions` of `clientele/data` reports) and the time since
 * the last purchase is computed as `T - recency`; pass `recencyConvention: "since-last"`
 * if your `recency` already is the time since the last purchase.
 *
 * M scores total spend by default (`monetary: "total"`, the first purchase included; the
 * `totalSpend` column of a data summary): the M of the R/FM segment table and of most RFM
 * practice, so a one-time buyer of $507 gets a high M. `monetary: "average"` scores the
 * average order value (`totalSpend / purchaseDays`); `"btyd-mean"` the `monetary` field as
 * given (for a data summary the BTYD mean of the REPEAT purchases, 0 for one-time buyers).
 *
 * Recency: quantile R ranks customers against each other. When the customers in the top two
 * R scores include some silent for more than 3 typical purchase gaps (median first-to-last
 * span / repeat purchases over repeat buyers), as on a single-cohort log where almost
 * everyone has lapsed, the result carries a warning in `warnings` with the figures and the
 * fix (`thresholds.recency` on absolute time). The scores are never changed silently.
 *
 * @param customers - a summary from `summarizeTransactions` (columns or `summaryToRows` rows), or rows / columns `{ id, recency, frequency, T?, totalSpend?, purchaseDays?, monetary? }`
 * @param options - `bins` (default 5), `ties` (default `"average"`), `recencyConvention` (default `"btyd"`), `monetary` (default `"total"`), `thresholds` (default none: quantiles)
 * @returns columnar scores (serialize with `JSON.stringify`); use {@link rfmScoreRows} for `{ id, r, f, m, code }` rows
 * @throws ClienteleError `EMPTY_INPUT`, `MISSING_COLUMN` (also for a near-miss field such as `customer_id`, and for `totalSpend` when M scores total spend), `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`, `NOT_INTEGER`, `OUT_OF_RANGE`, `RECENCY_AFTER_T`, `INVALID_ID`, `DUPLICATE_ID` (one row per customer), `INVALID_INPUT`, `MISSING_VALUE`, `INVALID_OPTION`
 * @see Hughes, A. M. (1994). Strategic Database Marketing (RFM quintile scoring).
 * @example
 * import { scoreRfm, rfmScoreRows } from "clientele/rfm";
 * const scores = scoreRfm(
 *   [
 *     { id: "a", recency: 1, frequency: 5, totalSpend: 540 },
 *     { id: "b", recency: 30, frequency: 0, totalSpend: 20 },
 *     { id: "c", recency: 8, frequency: 2, totalSpend: 120 },
 *   ],
 *   { recencyConvention: "since-last" },
 * );
 * rfmScoreRows(scores)[0];
 * // => { id: "a", r: 5, f: 5, m: 5, code: "555" }
 * scores.warnings; // => []
 */
export function scoreRfm(customers: RfmInput, options: ScoreRfmOptions = {}): RfmScores {
  const opts = parseOptions(scoreRfmOptionsSchema, options, "scoreRfm");
  const cols = toRfmColumns(customers, opts.recencyConvention, "scoreRfm", false, opts.monetary);
  return scoreColumns(cols, opts, "scoreRfm");
}

/** Throws INVALID_INPUT unless `scores` looks like the result of scoreRfm (internal). */
export function checkScores(scores: unknown, fn: string, name = "scores"): RfmScores {
  const s = scores as Partial<RfmScores> | null;
  const bad = (why: string): never => {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name],
      received: scores,
      message: `${fn}: ${name} must be the result of scoreRfm or scoreRfmtc; ${why}. Got ${describeValue(scores)}.`,
    });
  };
  if (s === null || typeof s !== "object" || Array.isArray(s)) return bad("it is not an object");
  const n = s.n;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) return bad("its n is not a count");
  if (!Number.isInteger(s.bins) || (s.bins as number) < 2 || (s.bins as number) > 100) return bad("its bins is not an integer in [2, 100]");
  if (!Array.isArray(s.id) || s.id.length !== n) return bad("its id column does not hold n ids");
  for (const k of ["r", "f", "m"] as const) if (!(s[k] instanceof Uint8Array) || s[k].length !== n) bad(`its ${k} column is not n scores`);
  return s as RfmScores;
}

/**
 * Turns columnar scores into rows `{ id, r, f, m, code }`: the row view of `scoreRfm`'s
 * columnar result, for joining by row. O(n).
 *
 * @param scores - the result of {@link scoreRfm}
 * @throws ClienteleError `INVALID_INPUT` (not scores)
 * @example
 * import { scoreRfm, rfmScoreRows } from "clientele/rfm";
 * const scores = scoreRfm(
 *   { id: ["a", "b", "c"], recency: [1, 30, 8], frequency: [5, 1, 2], totalSpend: [540, 20, 120] },
 *   { recencyConvention: "since-last" },
 * );
 * rfmScoreRows(scores).map((row) => row.code); // => ["555", "111", "333"]
 */
export function rfmScoreRows(scores: RfmScores): RfmScoreRow[] {
  const s = checkScores(scores, "rfmScoreRows");
  const out = new Array<RfmScoreRow>(s.n);
  for (let i = 0; i < s.n; i++) out[i] = scoreRow(s, i);
  return out;
}

function scoreRow(scores: RfmScores, index: number): RfmScoreRow {
  const r = scores.r[index];
  const f = scores.f[index];
  const m = scores.m[index];
  const code = scores.bins > 9 ? `${r}-${f}-${m}` : `${r}${f}${m}`;
  return { id: scores.id[index], r, f, m, code };
}

/**
 * One customer's scores as a row `{ id, r, f, m, code }`. O(1).
 *
 * @param scores - the result of {@link scoreRfm}
 * @param index - 0-based customer index
 * @throws ClienteleError `OUT_OF_RANGE` when index is not in [0, n), `INVALID_INPUT` (not scores)
 * @example
 * import { scoreRfm, rfmScoreAt } from "clientele/rfm";
 * const scores = scoreRfm(
 *   { id: ["a", "b", "c"], recency: [1, 30, 8], frequency: [5, 1, 2], totalSpend: [540, 20, 120] },
 *   { recencyConvention: "since-last" },
 * );
 * rfmScoreAt(scores, 1); // => { id: "b", r: 1, f: 1, m: 1, code: "111" }
 */
export function rfmScoreAt(scores: RfmScores, index: number): RfmScoreRow {
  const s = checkScores(scores, "rfmScoreAt");
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= s.n) {
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path: ["index"],
      received: index,
      message: `rfmScoreAt: index must be an integer in [0, ${s.n - 1}]. Got ${describeValue(index)}.`,
    });
  }
  return scoreRow(s, index);
}
