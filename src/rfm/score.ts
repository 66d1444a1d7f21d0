import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { findDuplicateId } from "../core/ids.js";
import { parseOptions, requireNonEmpty, toFloat64Column } from "../core/validate.js";
import type { CustomerSummary, CustomerSummaryColumns } from "../data/index.js";

/**
 * One customer as a row, in the shape `summaryToRows` of `clientele/data` returns
 * (extra fields are ignored). `recency` is read according to
 * `ScoreRfmOptions.recencyConvention`: by default it is BTYD recency (first to last
 * purchase) and `T` is required; with `"sinceLast"` it is the time since the last purchase.
 */
export interface RfmCustomerRow {
  /** Customer id (kept as a string in the output). */
  id: string | number;
  /** BTYD recency (first to last purchase) or, with `recencyConvention: "sinceLast"`, time since the last purchase. */
  recency: number;
  /** Number of (repeat) purchases; any count that grows with purchase frequency works. */
  frequency: number;
  /** Spend per purchase (or any spend measure that grows with value). */
  monetary: number;
  /** Time from the first purchase to the end of observation; required with the default `"btyd"` convention and for RFMTC. */
  T?: number;
  /** Total spend of the customer; used as the revenue of the customer in `segmentReport` when present. */
  totalSpend?: number;
}

/**
 * Customers as parallel columns, e.g. the `CustomerSummaryColumns` that
 * `summarizeTransactions` of `clientele/data` returns (extra columns are ignored).
 */
export interface RfmCustomerColumns {
  /** Customer ids, one per row. */
  id: ArrayLike<string | number>;
  /** BTYD recency (first to last purchase) or, with `recencyConvention: "sinceLast"`, time since the last purchase. */
  recency: ArrayLike<number>;
  /** Number of (repeat) purchases. */
  frequency: ArrayLike<number>;
  /** Spend per purchase. */
  monetary: ArrayLike<number>;
  /** Time from the first purchase to the end of observation. */
  T?: ArrayLike<number>;
  /** Total spend per customer (revenue in `segmentReport`). */
  totalSpend?: ArrayLike<number>;
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
 * - `"sinceLast"`: `recency` already is the time since the last purchase.
 */
export type RecencyConvention = "btyd" | "sinceLast";

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
  /** The monetary values scored. */
  monetary: Float64Array;
  /** Revenue per customer: `totalSpend` when the input has it, otherwise `frequency * monetary`. */
  revenue: Float64Array;
  /** Where `revenue` came from. */
  revenueSource: "totalSpend" | "frequencyTimesMonetary";
  /** How each dimension was scored. */
  method: { r: "quantile" | "thresholds"; f: "quantile" | "thresholds"; m: "quantile" | "thresholds" };
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

export const scoreRfmOptionsSchema = z
  .object({
    bins: z.number().int().min(2).max(100).default(5),
    ties: z.enum(["average", "min", "max"]).default("average"),
    recencyConvention: z.enum(["btyd", "sinceLast"]).default("btyd"),
    thresholds: z
      .object({ recency: cutPoints.optional(), frequency: cutPoints.optional(), monetary: cutPoints.optional() })
      .strict()
      .optional(),
  })
  .strict();

/** Parsed, defaulted options (internal). */
export type ParsedScoreRfmOptions = z.output<typeof scoreRfmOptionsSchema>;

/** Validated input columns (internal). */
export interface RfmColumns {
  n: number;
  id: string[];
  /** Time since the last purchase. */
  sinceLast: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
  T: Float64Array | undefined;
  totalSpend: Float64Array | undefined;
}

function pluck(rows: readonly RfmCustomerRow[], key: keyof RfmCustomerRow, fn: string, optional: boolean): unknown[] | undefined {
  const out = new Array<unknown>(rows.length);
  let seen = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== "object") {
      throw new ClienteleError({
        code: "INVALID_ROW",
        path: ["customers", i],
        received: row,
        message: `${fn}: customers[${i}] is ${describeValue(row)}; each row must be an object { id, recency, frequency, monetary, T }.`,
      });
    }
    const v = row[key];
    if (v !== undefined) seen++;
    out[i] = v;
  }
  if (optional && seen === 0) return undefined;
  if (optional && seen !== rows.length) {
    const i = rows.findIndex((r) => r[key] === undefined);
    throw new ClienteleError({
      code: "MISSING_VALUE",
      path: ["customers", i, key],
      message: `${fn}: customers[${i}].${key} is missing while other rows have it. Give every row a ${key} or none.`,
    });
  }
  return out;
}

/**
 * Checks and copies the input into columns (internal). `requireT` forces `T`.
 */
export function toRfmColumns(
  customers: RfmInput,
  convention: RecencyConvention,
  fn: string,
  requireT: boolean,
): RfmColumns {
  if (customers === null || typeof customers !== "object") {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["customers"],
      received: customers,
      message: `${fn}: customers must be an array of rows or an object of columns { id, recency, frequency, monetary, T }. Got ${describeValue(customers)}.`,
    });
  }
  let cols: RfmCustomerColumns;
  if (Array.isArray(customers)) {
    const rows = customers as readonly RfmCustomerRow[];
    requireNonEmpty(rows.length, fn, "customers");
    cols = {
      id: pluck(rows, "id", fn, false) as (string | number)[],
      recency: pluck(rows, "recency", fn, false) as number[],
      frequency: pluck(rows, "frequency", fn, false) as number[],
      monetary: pluck(rows, "monetary", fn, false) as number[],
      T: pluck(rows, "T", fn, true) as number[] | undefined,
      totalSpend: pluck(rows, "totalSpend", fn, true) as number[] | undefined,
    };
  } else {
    cols = customers as RfmCustomerColumns;
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
  let allStrings = true;
  for (let i = 0; i < n; i++) {
    const v = ids[i];
    if (typeof v !== "string") allStrings = false;
    if ((typeof v !== "string" && typeof v !== "number") || v === "" || (typeof v === "number" && !Number.isFinite(v))) {
      throw new ClienteleError({
        code: "INVALID_ID",
        path: ["id", i],
        received: v,
        message: `${fn}: id[${i}] is ${describeValue(v)}; ids must be non-empty strings or finite numbers.`,
      });
    }
  }
  // one copy: a plain slice when the ids already are strings
  const id: string[] = allStrings && Array.isArray(ids) ? (ids as string[]).slice() : Array.from(ids, (v) => String(v));
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
  const monetary = toFloat64Column(cols.monetary, fn, "monetary", { min: 0 }, n);
  const needT = requireT || convention === "btyd";
  if (needT && cols.T === undefined) {
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: ["T"],
      message:
        convention === "btyd"
          ? `${fn}: column "T" is missing. With recencyConvention "btyd" (the default) recency is first-to-last purchase and the time since the last purchase is T - recency, so T is needed. Pass T, or pass time since the last purchase as recency with { recencyConvention: "sinceLast" }.`
          : `${fn}: column "T" (time since the first purchase) is missing; it is needed here.`,
    });
  }
  const T = cols.T === undefined ? undefined : toFloat64Column(cols.T, fn, "T", { min: 0 }, n);
  const totalSpend = cols.totalSpend === undefined ? undefined : toFloat64Column(cols.totalSpend, fn, "totalSpend", {}, n);
  let sinceLast: Float64Array;
  if (convention === "btyd") {
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
          message: `${fn}: recency[${i}] is ${recency[i]} but T is ${t[i]}; BTYD recency (first to last purchase) must be <= T. If recency is already the time since the last purchase, pass { recencyConvention: "sinceLast" }.`,
        });
      }
      sinceLast[i] = d + 0; // + 0 turns -0 into 0
    }
  } else {
    sinceLast = recency;
  }
  return { n, id, sinceLast, frequency, monetary, T, totalSpend };
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
    for (let i = 0; i < cols.n; i++) revenue[i] = cols.frequency[i] * cols.monetary[i];
  }
  return {
    n: cols.n,
    bins,
    id: cols.id,
    r,
    f,
    m,
    recency: cols.sinceLast,
    frequency: cols.frequency,
    monetary: cols.monetary,
    revenue,
    revenueSource: cols.totalSpend ? "totalSpend" : "frequencyTimesMonetary",
    method: {
      r: th.recency ? "thresholds" : "quantile",
      f: th.frequency ? "thresholds" : "quantile",
      m: th.monetary ? "thresholds" : "quantile",
    },
  };
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
 * the last purchase is computed as `T - recency`; pass `recencyConvention: "sinceLast"`
 * if your `recency` already is the time since the last purchase.
 *
 * @param customers - rows `{ id, recency, frequency, monetary, T?, totalSpend? }` or the same as columns (e.g. a `CustomerSummaryColumns`)
 * @param options - `bins` (default 5), `ties` (default `"average"`), `recencyConvention` (default `"btyd"`), `thresholds` (default none: quantiles)
 * @returns columnar scores; use {@link rfmScoreRows} for `{ id, r, f, m, code }` rows
 * @throws ClienteleError `EMPTY_INPUT`, `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`, `RECENCY_AFTER_T`, `INVALID_ID`, `DUPLICATE_ID` (one row per customer), `INVALID_ROW`, `MISSING_VALUE`, `INVALID_OPTION`
 * @see Hughes, A. M. (1994). Strategic Database Marketing (RFM quintile scoring).
 * @example
 * import { scoreRfm, rfmScoreRows } from "clientele/rfm";
 * const scores = scoreRfm(
 *   [
 *     { id: "a", recency: 1, frequency: 5, monetary: 90 },
 *     { id: "b", recency: 30, frequency: 1, monetary: 20 },
 *     { id: "c", recency: 8, frequency: 2, monetary: 40 },
 *   ],
 *   { recencyConvention: "sinceLast" },
 * );
 * rfmScoreRows(scores)[0];
 * // => { id: "a", r: 5, f: 5, m: 5, code: "555" }
 */
export function scoreRfm(customers: RfmInput, options: ScoreRfmOptions = {}): RfmScores {
  const opts = parseOptions(scoreRfmOptionsSchema, options, "scoreRfm");
  const cols = toRfmColumns(customers, opts.recencyConvention, "scoreRfm", false);
  return scoreColumns(cols, opts, "scoreRfm");
}

/**
 * Turns columnar scores into rows `{ id, r, f, m, code }`. O(n).
 *
 * @param scores - the result of {@link scoreRfm}
 * @example
 * import { scoreRfm, rfmScoreRows } from "clientele/rfm";
 * const scores = scoreRfm(
 *   { id: ["a", "b", "c"], recency: [1, 30, 8], frequency: [5, 1, 2], monetary: [90, 20, 40] },
 *   { recencyConvention: "sinceLast" },
 * );
 * rfmScoreRows(scores).map((row) => row.code); // => ["555", "111", "333"]
 */
export function rfmScoreRows(scores: RfmScores): RfmScoreRow[] {
  const out = new Array<RfmScoreRow>(scores.n);
  for (let i = 0; i < scores.n; i++) out[i] = rfmScoreAt(scores, i);
  return out;
}

/**
 * One customer's scores as a row `{ id, r, f, m, code }`. O(1).
 *
 * @param scores - the result of {@link scoreRfm}
 * @param index - 0-based customer index
 * @throws ClienteleError `OUT_OF_RANGE` when index is not in [0, n)
 * @example
 * import { scoreRfm, rfmScoreAt } from "clientele/rfm";
 * const scores = scoreRfm(
 *   { id: ["a", "b", "c"], recency: [1, 30, 8], frequency: [5, 1, 2], monetary: [90, 20, 40] },
 *   { recencyConvention: "sinceLast" },
 * );
 * rfmScoreAt(scores, 1); // => { id: "b", r: 1, f: 1, m: 1, code: "111" }
 */
export function rfmScoreAt(scores: RfmScores, index: number): RfmScoreRow {
  if (!Number.isInteger(index) || index < 0 || index >= scores.n) {
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path: ["index"],
      received: index,
      message: `rfmScoreAt: index must be an integer in [0, ${scores.n - 1}]. Got ${describeValue(index)}.`,
    });
  }
  const r = scores.r[index];
  const f = scores.f[index];
  const m = scores.m[index];
  const code = scores.bins > 9 ? `${r}-${f}-${m}` : `${r}${f}${m}`;
  return { id: scores.id[index], r, f, m, code };
}
