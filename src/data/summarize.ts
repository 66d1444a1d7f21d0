import * as z from "../core/schema.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { jsonColumns } from "../core/json.js";
import { signalOption, timeUnitOption } from "../core/options.js";
import { parseOptions } from "../core/validate.js";
import { createAccumulator, IdIndex, NO_CALIBRATION, orderByCustomerDay } from "./accumulate.js";
import { CHUNK_ROWS, resolveCustomersSteps, scanRows, toInputColumns } from "./ingest.js";
import { isoDay, optionDay } from "./time.js";
import type { CustomerSummary, CustomerSummaryColumns, TimestampUnit, TimeUnit, TransactionColumns, TransactionRow, TransactionSummary } from "./types.js";

/** Options of `summarizeTransactions` (and `finalizeSummary`). */
export interface SummarizeOptions {
  /**
   * How timestamps given as numbers are read, in the transactions and in `observationEnd` /
   * `calibrationEnd`: `"ms"` (default, epoch milliseconds in [1e11, 1e13), i.e. 1973-03-03 to
   * 2286-11-20), `"s"` (epoch seconds) or `"yyyymmdd"` (e.g. 19970101). Dates and ISO-8601
   * strings are read as they are whatever the unit. A number outside the unit's range is
   * `INVALID_TIMESTAMP` (never silently January 1970).
   */
  timestampUnit?: TimestampUnit;
  /**
   * Last day of observation (Date, ISO-8601 string or a number in `timestampUnit`; its UTC day counts).
   * Default: the day of the latest transaction. A transaction on a later day throws
   * `AFTER_OBSERVATION_END`.
   */
  observationEnd?: Date | string | number;
  /** Unit of recency, T and holdout duration. Default `"week"`. */
  timeUnit?: TimeUnit;
  /**
   * Last day of the calibration period (its UTC day is calibration). When given,
   * frequency, recency, T, monetary, totalSpend and transactionCount describe the
   * calibration period, and `holdoutFrequency`, `holdoutSpend` and `holdoutDuration`
   * describe the days after it up to `observationEnd`. Must be before `observationEnd`.
   */
  calibrationEnd?: Date | string | number;
}

const timestampOption = z.union([z.date(), z.string(), z.number()]);

/** Schema of the `timestampUnit` option (internal). */
export const timestampUnitOption = (): z.ZodType<TimestampUnit> => z.enum(["ms", "s", "yyyymmdd"]);

/** Schema of SummarizeOptions (internal). */
export const summarizeOptionsSchema = z.object({
  observationEnd: timestampOption.optional(),
  timeUnit: timeUnitOption().default("week"),
  calibrationEnd: timestampOption.optional(),
  timestampUnit: timestampUnitOption().default("ms"),
});

/** Schema of the options of summarizeTransactionsAsync (internal). */
const summarizeAsyncOptionsSchema = summarizeOptionsSchema.extend({ signal: signalOption().optional() });

/** Parsed options in day numbers (internal). */
export interface ResolvedOptions {
  obsDay: number | undefined;
  calDay: number | undefined;
  timeUnit: TimeUnit;
  timestampUnit: TimestampUnit;
}

/** Parses and checks summary options (internal). */
export function resolveOptions(
  options: SummarizeOptions | undefined,
  fn: string,
  schema: z.ZodType<any> = summarizeOptionsSchema,
): ResolvedOptions & { signal?: AbortSignal } {
  const opts = parseOptions(schema, options, fn) as z.output<typeof summarizeOptionsSchema> & { signal?: AbortSignal };
  const unit = opts.timestampUnit;
  const obsDay = opts.observationEnd === undefined ? undefined : optionDay(opts.observationEnd, fn, "observationEnd", unit);
  const calDay = opts.calibrationEnd === undefined ? undefined : optionDay(opts.calibrationEnd, fn, "calibrationEnd", unit);
  if (obsDay !== undefined && calDay !== undefined) checkCalibration(calDay, obsDay, fn);
  return { obsDay, calDay, timeUnit: opts.timeUnit, timestampUnit: unit, signal: opts.signal };
}

/** Throws INVALID_OPTION unless calDay < obsDay (internal). */
export function checkCalibration(calDay: number, obsDay: number, fn: string): void {
  if (calDay >= obsDay) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "calibrationEnd"],
      received: isoDay(calDay),
      message:
        `${fn}: options.calibrationEnd (${isoDay(calDay)}) must be before the observation end (${isoDay(obsDay)}), ` +
        `so that there is a holdout period. Move calibrationEnd earlier or observationEnd later.`,
    });
  }
}

/**
 * Summarizes a transaction log per customer: frequency, recency, T, monetary value,
 * total spend, transaction count and first/last purchase, in the BTYD convention used
 * by lifetimes and the BTYD R package, optionally split into calibration and holdout.
 *
 * Conventions (all days are UTC days):
 * - A purchase is a customer-day whose net amount is positive. Transactions of one
 *   customer on one UTC day are one purchase, and refunds (negative amounts) are
 *   netted within that customer-day; a day whose net is not positive (a full refund,
 *   or only zero amounts) is not a purchase. Rounding noise is ignored: the net must
 *   exceed 1e-9 of the day's gross absolute amount. Refunds on a later day do not
 *   reduce an earlier purchase; they only lower `totalSpend`.
 * - frequency = purchase days − 1; recency = last − first purchase day; T = end day −
 *   first purchase day, where the end day is `observationEnd` (or `calibrationEnd`),
 *   both in `timeUnit` (week = 7 days, month = 365.25 / 12 days).
 * - monetary = mean net of the repeat purchase days (the first purchase is excluded, as
 *   in the Gamma-Gamma model); 0 when frequency is 0. This is the BTYD column for CLV; for
 *   RFM's M (what marketers mean), `totalSpend` and `purchaseDays` (= frequency + 1, the
 *   first purchase included) give total spend and average order value.
 * - Timestamps: Dates and ISO-8601 strings as they are; numbers in `timestampUnit`
 *   (default epoch milliseconds, which must lie in 1973-03-03 .. 2286-11-20: epoch seconds,
 *   `Number("19970101")` or a 0 filled into a hole are `INVALID_TIMESTAMP` with a hint,
 *   never January 1970). A null or undefined id, timestamp or amount is `MISSING_VALUE`
 *   naming the row.
 * - Customers with no purchase day in the (calibration) period are not rows; they are
 *   listed in `excluded`, with the reason.
 * - Customers are in order of first appearance; ids are compared by string form.
 *
 * Runs in O(n) time: one pass resolves customer ids (4 bytes per transaction), a second
 * folds transactions into 64 bytes of state per customer, when each customer's
 * transactions arrive in non-decreasing time order (e.g. a log sorted by time);
 * otherwise it falls back to a stable counting sort by customer (16 more bytes per
 * transaction).
 *
 * @param transactions - rows `{ customerId, timestamp, amount }` or parallel columns
 *   (fastest: epoch-ms timestamps and amounts in Float64Arrays)
 * @param options - `observationEnd` (default: last transaction's day), `timeUnit`
 *   (default `"week"`), `calibrationEnd` (optional), `timestampUnit` (default `"ms"`)
 * @returns a columnar summary (see `summaryToRows` for row objects; `JSON.stringify`
 *   writes its columns as arrays)
 * @throws ClienteleError `EMPTY_INPUT`, `MISSING_VALUE`, `INVALID_ID`,
 *   `INVALID_TIMESTAMP`, `AFTER_OBSERVATION_END`, `NON_FINITE` (each naming the row
 *   index), `INVALID_INPUT`, `MISSING_COLUMN` (also for a near-miss field such as
 *   `customer_id`), `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @see Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2)
 * @example
 * import { summarizeTransactions } from "clientele/data";
 * const s = summarizeTransactions(
 *   [
 *     { customerId: "a", timestamp: "2024-01-01", amount: 20 },
 *     { customerId: "a", timestamp: "2024-01-15T10:00:00Z", amount: 30 },
 *     { customerId: "a", timestamp: "2024-01-15T18:00:00Z", amount: 10 },
 *     { customerId: "b", timestamp: "2024-01-08", amount: 15 },
 *   ],
 *   { observationEnd: "2024-01-29", timeUnit: "week" },
 * );
 * s.frequency; // => Float64Array [1, 0]
 * s.recency; // => Float64Array [2, 0]
 * s.T; // => Float64Array [4, 3]
 * s.monetary; // => Float64Array [40, 0]
 * s.purchaseDays; // => Float64Array [2, 1]
 * // CDNOW's date column parsed as numbers (19970101, ...):
 * summarizeTransactions({ customerId: [1], timestamp: [19970101], amount: [29.33] }, { timestampUnit: "yyyymmdd" }).firstPurchase[0];
 * // => 852076800000 (1997-01-01)
 */
export function summarizeTransactions(transactions: readonly TransactionRow[] | TransactionColumns, options: SummarizeOptions = {}): TransactionSummary {
  const fn = "summarizeTransactions";
  return runSync(summarizeSteps(transactions, resolveOptions(options, fn), fn));
}

/** Options of {@link summarizeTransactionsAsync}: those of `summarizeTransactions` plus `signal`. */
export interface SummarizeAsyncOptions extends SummarizeOptions {
  /** Stops the work (rejecting with `ABORTED`) when it fires, checked about every 10 ms. */
  signal?: AbortSignal;
}

/**
 * `summarizeTransactions` that yields to the event loop while it works (about every 10 ms
 * of work, at checkpoints every 65,536 rows of each pass), so a server or UI stays
 * responsive on tens of millions of rows and `options.signal` (e.g.
 * `AbortSignal.timeout(5000)`) stops it in wall-clock time. Same operations in the same
 * order as the synchronous function, so the summary is identical. The one step without
 * checkpoints is the regrouping sort of the fallback path (input not in time order per
 * customer): O(n), about 0.1 s per million rows.
 *
 * @param transactions - as for `summarizeTransactions`
 * @param options - those of `summarizeTransactions`, plus `signal`
 * @returns a promise of the same summary `summarizeTransactions` returns
 * @throws ClienteleError (the promise rejects with) `ABORTED` when the signal fires, and every code of `summarizeTransactions`
 * @example
 * import { summarizeTransactionsAsync } from "clientele/data";
 * const s = await summarizeTransactionsAsync(
 *   { customerId: ["a", "a"], timestamp: ["2024-01-01", "2024-01-15"], amount: [20, 30] },
 *   { signal: AbortSignal.timeout(10_000) },
 * );
 * s.frequency[0]; // => 1
 */
export async function summarizeTransactionsAsync(
  transactions: readonly TransactionRow[] | TransactionColumns,
  options: SummarizeAsyncOptions = {},
): Promise<TransactionSummary> {
  const fn = "summarizeTransactionsAsync";
  const resolved = resolveOptions(options, fn, summarizeAsyncOptionsSchema);
  return runAsync(summarizeSteps(transactions, resolved, fn), fn, resolved.signal);
}

/** The work of summarizeTransactions as steps (internal): yields every CHUNK_ROWS rows. */
function* summarizeSteps(transactions: unknown, o: ResolvedOptions, fn: string): Steps<TransactionSummary> {
  const { obsDay, calDay, timeUnit, timestampUnit } = o;
  const cols = toInputColumns(transactions, fn);
  const n = cols.n;
  const index = new IdIndex();
  const cal = calDay ?? NO_CALIBRATION;
  const obsLimit = obsDay ?? NO_CALIBRATION;
  let acc = createAccumulator(cal, Math.min(n, 1 << 16), n);
  const cust = yield* resolveCustomersSteps(cols, fn, index);
  let stoppedAt = -1;
  let maxDay = -2147483648;
  for (let from = 0; from < n && stoppedAt < 0; from += CHUNK_ROWS) {
    const r = scanRows(cols, fn, index, obsLimit, { acc }, timestampUnit, from, Math.min(n, from + CHUNK_ROWS));
    stoppedAt = r.stoppedAt;
    if (r.maxDay > maxDay) maxDay = r.maxDay;
    if (from + CHUNK_ROWS < n) yield;
  }
  if (stoppedAt >= 0) {
    // Some customer's transactions are out of time order: group rows by customer, then day.
    const day = new Int32Array(n);
    const amount = new Float64Array(n);
    maxDay = -2147483648;
    for (let from = 0; from < n; from += CHUNK_ROWS) {
      const r = scanRows(cols, fn, index, obsLimit, { day, amount }, timestampUnit, from, Math.min(n, from + CHUNK_ROWS));
      if (r.maxDay > maxDay) maxDay = r.maxDay;
      yield;
    }
    const perm = orderByCustomerDay(cust, day, index.size);
    yield;
    acc = createAccumulator(cal, index.size, n);
    for (let k = 0; k < n; k++) {
      if ((k & (CHUNK_ROWS - 1)) === CHUNK_ROWS - 1) yield;
      const i = perm[k];
      acc.feed(cust[i], day[i], amount[i]);
    }
  }
  acc.flush(index.size);
  const endDay = obsDay ?? maxDay;
  if (calDay !== undefined) checkCalibration(calDay, endDay, fn);
  return jsonColumns(acc.finalize(index.ids, endDay, calDay !== undefined, timeUnit, fn));
}

/**
 * Converts a columnar summary into one plain object per customer (with
 * `holdoutFrequency` and `holdoutSpend` when the summary has a holdout): the row view of
 * the columnar summary, for joining by row. O(n).
 *
 * @param summary - output of `summarizeTransactions` or `finalizeSummary`
 * @throws ClienteleError `INVALID_INPUT` (not a summary), `MISSING_COLUMN`, `LENGTH_MISMATCH`
 * @example
 * import { summarizeTransactions, summaryToRows } from "clientele/data";
 * const s = summarizeTransactions([
 *   { customerId: 7, timestamp: "2024-01-01", amount: 20 },
 *   { customerId: 7, timestamp: "2024-01-15", amount: 30 },
 * ]);
 * summaryToRows(s)[0];
 * // => { id: "7", frequency: 1, recency: 2, T: 2, monetary: 30, totalSpend: 50,
 * //      transactionCount: 2, firstPurchase: 1704067200000, lastPurchase: 1705276800000, purchaseDays: 2 }
 */
export function summaryToRows(summary: CustomerSummaryColumns): CustomerSummary[] {
  const fn = "summaryToRows";
  const s = checkSummaryColumns(summary, fn);
  const out: CustomerSummary[] = new Array<CustomerSummary>(s.n);
  const ho = s.holdoutFrequency !== undefined && s.holdoutSpend !== undefined;
  const pd = s.purchaseDays;
  for (let i = 0; i < s.n; i++) {
    const row: CustomerSummary = {
      id: s.id[i],
      frequency: s.frequency[i],
      recency: s.recency[i],
      T: s.T[i],
      monetary: s.monetary[i],
      totalSpend: s.totalSpend[i],
      transactionCount: s.transactionCount[i],
      firstPurchase: s.firstPurchase[i],
      lastPurchase: s.lastPurchase[i],
    };
    if (pd !== undefined) row.purchaseDays = pd[i];
    if (ho) {
      row.holdoutFrequency = s.holdoutFrequency![i];
      row.holdoutSpend = s.holdoutSpend![i];
    }
    out[i] = row;
  }
  return out;
}

const SUMMARY_COLUMNS = ["frequency", "recency", "T", "monetary", "totalSpend", "transactionCount", "firstPurchase", "lastPurchase"] as const;

/** Checks that `value` has the shape of a columnar summary (internal); throws INVALID_INPUT / MISSING_COLUMN / LENGTH_MISMATCH. */
function checkSummaryColumns(value: unknown, fn: string): CustomerSummaryColumns {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["summary"],
      received: value,
      message: `${fn}: summary must be the columnar result of summarizeTransactions or finalizeSummary. Got ${describeValue(value)}.`,
    });
  }
  const s = value as Record<string, unknown>;
  const n = s.n;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["summary", "n"],
      received: n,
      message: `${fn}: summary.n must be the number of customers (a whole number >= 0). Got ${describeValue(n)}; pass the result of summarizeTransactions.`,
    });
  }
  const cols: string[] = ["id", ...SUMMARY_COLUMNS];
  for (const opt of ["purchaseDays", "holdoutFrequency", "holdoutSpend"]) if (s[opt] !== undefined) cols.push(opt);
  for (const name of cols) {
    const c = s[name] as { length?: unknown } | null | undefined;
    if (c === null || typeof c !== "object" || typeof c.length !== "number") {
      throw new ClienteleError({
        code: "MISSING_COLUMN",
        path: ["summary", name],
        received: c,
        message: `${fn}: summary.${name} is ${describeValue(c)}; a summary has one array per column (${cols.join(", ")}). Pass the result of summarizeTransactions.`,
      });
    }
    if (c.length !== n) {
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: ["summary", name],
        received: c.length,
        message: `${fn}: summary.${name} has ${c.length} values but summary.n is ${n}; every column needs one value per customer.`,
      });
    }
  }
  return value as CustomerSummaryColumns;
}
