// Internal: a transaction log read ONCE into per-customer UTC days (CSR), with exactly the reader
// and purchase rule of clientele/data's summarizeTransactions (same id rule, timestamps, refunds).
// Every snapshot (features as of a date, labels after it) is then cut from these days, so a
// backtest reads the log once.
import { ClienteleError } from "../../core/errors.js";
import { IdIndex, NET_TOLERANCE, NO_CALIBRATION } from "../../data/accumulate.js";
import { resolveCustomers, scanRows, toInputColumns } from "../../data/ingest.js";
import type { TimestampUnit } from "../../data/types.js";

/** Customer-days of a log grouped by customer, days increasing within a customer. */
export interface CustomerLog {
  /** Customer ids (string form), indexed by customer number (first appearance in the whole log). */
  ids: string[];
  /** Days of customer c are at [start[c], start[c + 1]). */
  start: Int32Array;
  /** UTC day number of each customer-day. */
  day: Int32Array;
  /** Net amount of the customer-day (refunds netted within the day). */
  net: Float64Array;
  /** Sum of the positive amounts of the customer-day. */
  positive: Float64Array;
  /** Sum of |negative amounts| (refund lines) of the customer-day. */
  refund: Float64Array;
  /** Number of refund lines (negative amounts) of the customer-day. */
  refundRows: Int32Array;
  /** Number of transaction rows of the customer-day. */
  rows: Int32Array;
  /** 1 when the customer-day is a purchase (summarizeTransactions' rule). */
  purchase: Uint8Array;
  /** Input row index of the first row of the customer-day (for order of first appearance). */
  firstRow: Int32Array;
  /** Customer number of every input row. */
  rowCustomer: Int32Array;
  /** Latest day with a transaction. */
  maxDay: number;
  /** Earliest day with a transaction. */
  minDay: number;
}

/**
 * Reads transactions (rows or columns) with clientele/data's reader (ids by the one id rule,
 * timestamps in `unit` with its plausibility checks, MISSING_VALUE for holes, finite amounts),
 * then folds each customer's rows of one UTC day into one customer-day. O(n) plus a counting
 * sort by customer; about 60 bytes per transaction while it runs.
 */
export function readCustomerLog(tx: unknown, fn: string, unit: TimestampUnit): CustomerLog {
  const cols = toInputColumns(tx, fn);
  const n = cols.n;
  const index = new IdIndex();
  const cust = resolveCustomers(cols, fn, index);
  let dayOfRow: Int32Array = new Int32Array(n);
  // a Float64Array amount column is read in place (scanRows still checks every amount)
  const given = cols.amount instanceof Float64Array ? cols.amount : null;
  let amount: Float64Array = given ?? new Float64Array(n);
  scanRows(cols, fn, index, NO_CALIBRATION, given ? { day: dayOfRow } : { day: dayOfRow, amount }, unit);
  const nCust = index.size;
  // rows grouped by customer (input order within a customer, then stably by day): the day,
  // amount and row index are moved with the rows, so the fold below reads them in sequence
  let rowOf: Int32Array | null = null;
  let rowStart: Int32Array | null = null;
  if (!sortedAlready(cust, dayOfRow)) {
    const g = groupByCustomerDay(cust, dayOfRow, amount, nCust);
    dayOfRow = g.day;
    amount = g.amount;
    rowOf = g.row;
    rowStart = g.start;
  }
  const start = new Int32Array(nCust + 1);
  // customer-days: at most n. Customer-day m is written after its rows [k0, k) are read and
  // m <= k0, so day, net and firstRow overwrite the private sorted columns in place (the
  // amounts only when they are a private copy, not the caller's column)
  const day = dayOfRow;
  const net = rowOf || !given ? amount : new Float64Array(n);
  const positive = new Float64Array(n);
  const refund = new Float64Array(n);
  const refundRows = new Int32Array(n);
  const rows = new Int32Array(n);
  const purchase = new Uint8Array(n);
  const firstRow = rowOf ?? new Int32Array(n);
  const tolerance = NET_TOLERANCE;
  let m = 0;
  let k = 0;
  let maxDay = -2147483648;
  let minDay = 2147483647;
  for (let c = 0; c < nCust; c++) {
    start[c] = m;
    // rows of customer c are [k, kEnd)
    let kEnd = k;
    if (rowStart) kEnd = rowStart[c + 1]!;
    else while (kEnd < n && cust[kEnd] === c) kEnd++;
    while (k < kEnd) {
      const d = dayOfRow[k]!;
      let s = 0;
      let pos = 0;
      let ref = 0;
      let refRows = 0;
      let r = 0;
      let first = rowOf ? rowOf[k]! : k;
      while (k < kEnd && dayOfRow[k] === d) {
        const i = rowOf ? rowOf[k]! : k;
        const a = amount[k]!;
        s += a;
        if (a < 0) {
          ref -= a;
          refRows++;
        } else pos += a;
        if (i < first) first = i;
        r++;
        k++;
      }
      if (!Number.isFinite(s) || !Number.isFinite(pos) || !Number.isFinite(ref)) {
        throw new ClienteleError({
          code: "OUT_OF_RANGE",
          path: ["amount"],
          received: index.ids[c],
          message: `${fn}: the amounts of customer ${JSON.stringify(index.ids[c])} add up to more than a double can hold (about 1.8e308). Check the amount column for sentinel values such as 1e308, or rescale the amounts (e.g. to thousands).`,
        });
      }
      const gross = pos + ref;
      day[m] = d;
      net[m] = s;
      positive[m] = pos;
      refund[m] = ref;
      refundRows[m] = refRows;
      rows[m] = r;
      purchase[m] = s > tolerance * gross || s === gross ? 1 : 0;
      firstRow[m] = first;
      if (d > maxDay) maxDay = d;
      if (d < minDay) minDay = d;
      m++;
    }
  }
  start[nCust] = m;
  // most logs have about one row per customer-day: views instead of copies then (a log with
  // many rows per customer-day is trimmed to its m customer-days)
  const view = 2 * m >= n;
  return {
    ids: index.ids,
    start,
    day: trim(day, m, view),
    net: trim(net, m, view),
    positive: trim(positive, m, view),
    refund: trim(refund, m, view),
    refundRows: trim(refundRows, m, view),
    rows: trim(rows, m, view),
    purchase: trim(purchase, m, view),
    firstRow: trim(firstRow, m, view),
    rowCustomer: cust,
    maxDay,
    minDay,
  };
}

function trim<T extends Int32Array | Float64Array | Uint8Array>(a: T, m: number, view: boolean): T {
  return (view ? a.subarray(0, m) : a.slice(0, m)) as T;
}

/**
 * Rows grouped by customer number (a stable counting sort: input order within a customer), then
 * stably by day within each customer, as `orderByCustomerDay` orders them, with their day, amount
 * and input row index moved along (so later passes read them in sequence instead of through a
 * permutation). `start[c]` is the first sorted row of customer c.
 */
function groupByCustomerDay(
  cust: Int32Array,
  day: Int32Array,
  amount: Float64Array,
  nCust: number,
): { day: Int32Array; amount: Float64Array; row: Int32Array; start: Int32Array } {
  const n = cust.length;
  const start = new Int32Array(nCust + 1);
  for (let i = 0; i < n; i++) start[cust[i]! + 1]!++;
  for (let c = 0; c < nCust; c++) start[c + 1]! += start[c]!;
  const pos = start.slice(0, nCust);
  const sDay = new Int32Array(n);
  const sAmount = new Float64Array(n);
  const sRow = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = pos[cust[i]!]!++;
    sDay[p] = day[i]!;
    sAmount[p] = amount[i]!;
    sRow[p] = i;
  }
  for (let c = 0; c < nCust; c++) {
    const lo = start[c]!;
    const hi = start[c + 1]!;
    let sorted = true;
    for (let k = lo + 1; k < hi; k++) {
      if (sDay[k]! < sDay[k - 1]!) {
        sorted = false;
        break;
      }
    }
    if (sorted) continue;
    // stable by day: rows of one day keep input order (sRow increases within the customer)
    const seg = Array.from(sRow.subarray(lo, hi), (_, q) => lo + q);
    seg.sort((a, b) => sDay[a]! - sDay[b]! || a - b);
    const d2 = seg.map((q) => sDay[q]!);
    const a2 = seg.map((q) => sAmount[q]!);
    const r2 = seg.map((q) => sRow[q]!);
    sDay.set(d2, lo);
    sAmount.set(a2, lo);
    sRow.set(r2, lo);
  }
  return { day: sDay, amount: sAmount, row: sRow, start };
}

/**
 * True when rows are already grouped by customer in order of first appearance with days
 * non-decreasing within a customer (then the sort is skipped). Customer numbers are assigned in
 * order of first appearance, so grouped input has non-decreasing customer numbers.
 */
function sortedAlready(cust: Int32Array, day: Int32Array): boolean {
  const n = cust.length;
  for (let i = 1; i < n; i++) {
    const c = cust[i];
    const p = cust[i - 1];
    if (c < p || (c === p && day[i] < day[i - 1])) return false;
  }
  return true;
}

/**
 * Customers with a purchase day on or before `asOf`, in order of their first row dated on or
 * before `asOf` (so rows after `asOf` never change the order), and the index of each
 * customer's first customer-day after `asOf` (`end[c]`: its days on or before asOf are
 * [start[c], end[c])). `noPurchase` lists customers with rows on or before asOf but no purchase day.
 */
export function snapshotCustomers(log: CustomerLog, asOf: number): { order: Int32Array; end: Int32Array; noPurchase: string[] } {
  const nCust = log.ids.length;
  const end = new Int32Array(nCust);
  const firstIn: number[] = [];
  const noPurchaseRows: number[] = [];
  const { start, day, purchase, firstRow } = log;
  for (let c = 0; c < nCust; c++) {
    const s = start[c];
    let e = start[c + 1];
    // binary search: first customer-day with day > asOf
    let lo = s;
    let hi = e;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (day[mid] <= asOf) lo = mid + 1;
      else hi = mid;
    }
    e = lo;
    end[c] = e;
    if (e === s) continue;
    let bought = false;
    let fr = 2147483647;
    for (let j = s; j < e; j++) {
      if (purchase[j]) bought = true;
      if (firstRow[j] < fr) fr = firstRow[j];
    }
    (bought ? firstIn : noPurchaseRows).push(fr);
  }
  const keys = Float64Array.from(firstIn);
  // keys are distinct row indices, usually already increasing (customers are numbered by first
  // appearance): sort only when they are not
  let increasing = true;
  for (let i = 1; i < keys.length; i++) {
    if (keys[i]! < keys[i - 1]!) {
      increasing = false;
      break;
    }
  }
  if (!increasing) keys.sort();
  const order = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) order[i] = log.rowCustomer[keys[i]];
  const np = Float64Array.from(noPurchaseRows).sort();
  const noPurchase: string[] = new Array<string>(np.length);
  for (let i = 0; i < np.length; i++) noPurchase[i] = log.ids[log.rowCustomer[np[i]]];
  return { order, end, noPurchase };
}
