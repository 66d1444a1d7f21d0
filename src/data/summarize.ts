import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { parseOptions } from "../core/validate.js";
import { createAccumulator, IdIndex, NO_CALIBRATION, orderByCustomerDay } from "./accumulate.js";
import { resolveCustomers, scanRows, toInputColumns } from "./ingest.js";
import { isoDay, optionDay } from "./time.js";
import type { CustomerSummary, CustomerSummaryColumns, TimeUnit, TransactionColumns, TransactionRow, TransactionSummary } from "./types.js";

/** Options of `summarizeTransactions` (and `finalizeSummary`). */
export interface SummarizeOptions {
  /**
   * Last day of observation (Date, ISO-8601 string or epoch ms; its UTC day counts).
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

/** Zod schema of SummarizeOptions (internal). */
export const summarizeOptionsSchema = z
  .object({
    observationEnd: timestampOption.optional(),
    timeUnit: z.enum(["day", "week", "month"]).default("week"),
    calibrationEnd: timestampOption.optional(),
  })
  .strict();

/** Parsed options in day numbers (internal). */
export interface ResolvedOptions {
  obsDay: number | undefined;
  calDay: number | undefined;
  timeUnit: TimeUnit;
}

/** Parses and checks summary options (internal). */
export function resolveOptions(options: SummarizeOptions | undefined, fn: string): ResolvedOptions {
  const opts = parseOptions(summarizeOptionsSchema, options, fn);
  const obsDay = opts.observationEnd === undefined ? undefined : optionDay(opts.observationEnd, fn, "observationEnd");
  const calDay = opts.calibrationEnd === undefined ? undefined : optionDay(opts.calibrationEnd, fn, "calibrationEnd");
  if (obsDay !== undefined && calDay !== undefined) checkCalibration(calDay, obsDay, fn);
  return { obsDay, calDay, timeUnit: opts.timeUnit };
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
 *   in the Gamma-Gamma model); 0 when frequency is 0.
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
 *   (default `"week"`), `calibrationEnd` (optional)
 * @returns a columnar summary (see `summaryToRows` for row objects)
 * @throws ClienteleError `EMPTY_INPUT`, `MISSING_ID`, `INVALID_ID`,
 *   `INVALID_TIMESTAMP`, `AFTER_OBSERVATION_END`, `NON_FINITE` (each naming the row
 *   index), `INVALID_ROW`, `INVALID_INPUT`, `MISSING_COLUMN`, `LENGTH_MISMATCH`,
 *   `INVALID_OPTION`
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
 */
export function summarizeTransactions(
  transactions: readonly TransactionRow[] | TransactionColumns,
  options: SummarizeOptions = {},
): TransactionSummary {
  const fn = "summarizeTransactions";
  const { obsDay, calDay, timeUnit } = resolveOptions(options, fn);
  const cols = toInputColumns(transactions, fn);
  const n = cols.n;
  const index = new IdIndex();
  const cal = calDay ?? NO_CALIBRATION;
  const obsLimit = obsDay ?? NO_CALIBRATION;
  let acc = createAccumulator(cal, Math.min(n, 1 << 16), n);
  let { stoppedAt, maxDay } = scanRows(cols, fn, index, obsLimit, { acc });
  if (stoppedAt >= 0) {
    // Some customer's transactions are out of time order: group rows by customer, then day.
    const day = new Int32Array(n);
    const amount = new Float64Array(n);
    maxDay = scanRows(cols, fn, index, obsLimit, { day, amount }).maxDay;
    const cust = resolveCustomers(cols, fn, index);
    const perm = orderByCustomerDay(cust, day, index.size);
    acc = createAccumulator(cal, index.size, n);
    for (let k = 0; k < n; k++) {
      const i = perm[k];
      acc.feed(cust[i], day[i], amount[i]);
    }
  }
  acc.flush(index.size);
  const endDay = obsDay ?? maxDay;
  if (calDay !== undefined) checkCalibration(calDay, endDay, fn);
  return acc.finalize(index.ids, endDay, calDay !== undefined, timeUnit);
}

/**
 * Converts a columnar summary into one plain object per customer (with
 * `holdoutFrequency` and `holdoutSpend` when the summary has a holdout). O(n).
 *
 * @param summary - output of `summarizeTransactions` or `finalizeSummary`
 * @example
 * import { summarizeTransactions, summaryToRows } from "clientele/data";
 * const s = summarizeTransactions([
 *   { customerId: 7, timestamp: "2024-01-01", amount: 20 },
 *   { customerId: 7, timestamp: "2024-01-15", amount: 30 },
 * ]);
 * summaryToRows(s)[0];
 * // => { id: "7", frequency: 1, recency: 2, T: 2, monetary: 30, totalSpend: 50,
 * //      transactionCount: 2, firstPurchase: 1704067200000, lastPurchase: 1705276800000 }
 */
export function summaryToRows(summary: CustomerSummaryColumns): CustomerSummary[] {
  const s = summary;
  const out: CustomerSummary[] = new Array<CustomerSummary>(s.n);
  const ho = s.holdoutFrequency !== undefined && s.holdoutSpend !== undefined;
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
    if (ho) {
      row.holdoutFrequency = s.holdoutFrequency![i];
      row.holdoutSpend = s.holdoutSpend![i];
    }
    out[i] = row;
  }
  return out;
}
