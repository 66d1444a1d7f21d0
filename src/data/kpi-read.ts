// Internal: reads a transaction log into per-customer UTC days (net amount, purchase or not),
// with exactly the rules of summarizeTransactions (same reader, same purchase rule).
import { ClienteleError } from "../core/errors.js";
import { IdIndex, NET_TOLERANCE, NO_CALIBRATION, orderByCustomerDay } from "./accumulate.js";
import { resolveCustomers, scanRows, toInputColumns } from "./ingest.js";
import type { TimestampUnit } from "./types.js";

/** Customer-days of a log, grouped by customer (CSR), days increasing within a customer. */
export interface CustomerDays {
  /** Customer ids (string form), in order of first appearance. */
  ids: string[];
  /** days of customer c are at [start[c], start[c + 1]). */
  start: Int32Array;
  /** UTC day number of each customer-day. */
  day: Int32Array;
  /** Net amount of each customer-day (refunds netted within the day). */
  net: Float64Array;
  /** 1 when the customer-day is a purchase (net > 1e-9 of the gross absolute amount, or no refund line). */
  purchase: Uint8Array;
  /** Latest day with a transaction. */
  maxDay: number;
}

/**
 * Reads transactions (rows or columns) with the reader of `summarizeTransactions`: ids by the
 * one id rule, timestamps in `unit` (plausibility checks, MISSING_VALUE for holes), finite
 * amounts, days after `obsLimit` rejected (AFTER_OBSERVATION_END). Then folds each customer's
 * rows of one UTC day into one customer-day: net = sum of amounts, a purchase when the net
 * exceeds 1e-9 of the day's gross absolute amount or when the day has no refund line.
 */
export function readCustomerDays(tx: unknown, fn: string, unit: TimestampUnit, obsLimit = NO_CALIBRATION): CustomerDays {
  const cols = toInputColumns(tx, fn);
  const n = cols.n;
  const index = new IdIndex();
  const cust = resolveCustomers(cols, fn, index);
  const dayOfRow = new Int32Array(n);
  const amount = new Float64Array(n);
  const r = scanRows(cols, fn, index, obsLimit, { day: dayOfRow, amount }, unit);
  const nCust = index.size;
  const perm = orderByCustomerDay(cust, dayOfRow, nCust);
  const start = new Int32Array(nCust + 1);
  const day = new Int32Array(n);
  const net = new Float64Array(n);
  const purchase = new Uint8Array(n);
  let m = 0;
  let k = 0;
  for (let c = 0; c < nCust; c++) {
    start[c] = m;
    while (k < n && cust[perm[k]] === c) {
      const d = dayOfRow[perm[k]];
      let s = 0;
      let gross = 0;
      while (k < n && cust[perm[k]] === c && dayOfRow[perm[k]] === d) {
        const a = amount[perm[k]];
        s += a;
        gross += a < 0 ? -a : a;
        k++;
      }
      if (!Number.isFinite(s) || !Number.isFinite(gross)) {
        throw new ClienteleError({
          code: "OUT_OF_RANGE",
          path: ["amount"],
          received: index.ids[c],
          message: `${fn}: the amounts of customer ${JSON.stringify(index.ids[c])} add up to more than a double can hold (about 1.8e308). Check the amount column for sentinel values such as 1e308, or rescale the amounts (e.g. to thousands).`,
        });
      }
      day[m] = d;
      net[m] = s;
      purchase[m] = s > NET_TOLERANCE * gross || s === gross ? 1 : 0;
      m++;
    }
  }
  start[nCust] = m;
  return { ids: index.ids, start, day: day.slice(0, m), net: net.slice(0, m), purchase: purchase.slice(0, m), maxDay: r.maxDay };
}
