// Internal building blocks shared by summarizeTransactions, summarizePartial and
// finalizeSummary: the customer-id index and the per-customer day accumulator.
import { ClienteleError, describeValue, type ErrorPath } from "../core/errors.js";
import { MS_PER_DAY, unitDays } from "./time.js";
import type { TimeUnit, TransactionSummary } from "./types.js";

/** Marks "no day" in Int32 day columns. */
export const NO_DAY = -2147483648;
/** Calibration day used when there is no calibration split (every day is calibration). */
export const NO_CALIBRATION = 2147483647;

/**
 * Assigns dense indices 0, 1, 2, ... to customer ids in order of first appearance. Ids
 * are compared by their string form: the number 42 and the string "42" are one customer.
 */
export class IdIndex {
  readonly ids: string[] = [];
  /** Set by the scan when every id is an integer in a compact range (see ingest.ts). */
  dense: { min: number; table: Int32Array } | null | undefined = undefined;
  private readonly num = new Map<number, number>();
  private readonly str = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  /**
   * Index of `v`, adding it when new; -1 when the id is missing (undefined, null, empty
   * or blank string), -2 when it is not a valid id (non-finite number, other type).
   */
  index(v: unknown): number {
    if (typeof v === "string") {
      const hit = this.str.get(v);
      if (hit !== undefined) return hit;
      if (v.trim().length === 0) return -1;
      const asNum = Number(v);
      if (String(asNum) === v) {
        const other = this.num.get(asNum);
        if (other !== undefined) {
          this.str.set(v, other);
          return other;
        }
      }
      const c = this.ids.length;
      this.ids.push(v);
      this.str.set(v, c);
      return c;
    }
    if (typeof v === "number") {
      const hit = this.num.get(v);
      if (hit !== undefined) return hit;
      if (!Number.isFinite(v)) return -2;
      const key = String(v);
      const other = this.str.get(key);
      if (other !== undefined) {
        this.num.set(v, other);
        return other;
      }
      const c = this.ids.length;
      this.ids.push(key);
      this.num.set(v, c);
      return c;
    }
    return v === undefined || v === null ? -1 : -2;
  }
}

/** The error for an id that `IdIndex.index` rejected (code -1 missing, -2 invalid). */
export function idError(code: number, fn: string, where: string, path: ErrorPath, v: unknown): ClienteleError {
  if (code === -1) {
    return new ClienteleError({
      code: "MISSING_ID",
      path,
      received: v,
      message: `${fn}: ${where} is ${describeValue(v)}; every transaction needs a non-empty customer id. Fill in the id or drop the row before summarizing.`,
    });
  }
  return new ClienteleError({
    code: "INVALID_ID",
    path,
    received: v,
    message: `${fn}: ${where} is ${describeValue(v)}; a customer id must be a non-empty string or a finite number.`,
  });
}

/**
 * A customer-day is a purchase when its net amount exceeds 1e-9 of its gross absolute
 * amount (refunds that cancel the day's purchases, up to floating-point rounding, leave
 * no purchase, whatever the summation order), or when it has no refund line at all
 * (net equals gross: a day of zero-amount orders, e.g. free items, is a purchase, as
 * CDNOW's eight $0.00 first purchases are).
 */
export const NET_TOLERANCE = 1e-9;

// Field offsets of one customer's state in DayAccumulator.st (array of structs: all of a
// customer's state sits in 96 contiguous bytes, so a row touches one or two cache lines
// instead of one line per column).
const OPEN_DAY = 0;
const OPEN_NET = 1;
const OPEN_GROSS = 2;
const OPEN_ROWS = 3;
const FIRST_DAY = 4;
const LAST_DAY = 5;
const FREQ = 6;
const SUM_REPEAT = 7;
const CAL_NET = 8;
const CAL_ROWS = 9;
const HO_FREQ = 10;
const HO_NET = 11;
const STRIDE = 12;

/**
 * Per-customer running state in one Float64Array grown by doubling. Transactions are fed
 * per customer in non-decreasing day order (`feed` returns false otherwise); each
 * customer keeps one open day whose net, gross and row count are summed until a later
 * day arrives, when it is closed into the customer's statistics.
 */
export class DayAccumulator {
  private cap = 0;
  private st: Float64Array = new Float64Array(0);
  maxDay = NO_DAY;

  constructor(
    readonly calDay: number,
    capacity = 1024,
  ) {
    this.grow(Math.max(16, capacity));
  }

  /** Makes room for customer index `c`. */
  ensure(c: number): void {
    if (c >= this.cap) this.grow(Math.max(c + 1, this.cap * 2));
  }

  private grow(cap: number): void {
    const b = new Float64Array(cap * STRIDE);
    b.set(this.st);
    for (let c = this.cap; c < cap; c++) {
      const o = c * STRIDE;
      b[o + OPEN_DAY] = NO_DAY;
      b[o + FIRST_DAY] = NO_DAY;
      b[o + LAST_DAY] = NO_DAY;
    }
    this.st = b;
    this.cap = cap;
  }

  /** Adds one transaction; false when `d` is earlier than the customer's open day. */
  feed(c: number, d: number, a: number): boolean {
    const st = this.st;
    const o = c * STRIDE;
    const od = st[o + OPEN_DAY];
    if (od === d) {
      st[o + OPEN_NET] += a;
      st[o + OPEN_GROSS] += a < 0 ? -a : a;
      st[o + OPEN_ROWS] += 1;
      return true;
    }
    if (d < od) return false;
    if (od !== NO_DAY) this.closeDay(c, od, st[o + OPEN_NET], st[o + OPEN_GROSS], st[o + OPEN_ROWS]);
    st[o + OPEN_DAY] = d;
    st[o + OPEN_NET] = a;
    st[o + OPEN_GROSS] = a < 0 ? -a : a;
    st[o + OPEN_ROWS] = 1;
    if (d > this.maxDay) this.maxDay = d;
    return true;
  }

  /** Folds one complete customer-day into the customer's statistics (days in increasing order). */
  closeDay(c: number, d: number, net: number, gross: number, rows: number): void {
    const st = this.st;
    const o = c * STRIDE;
    const purchase = net > NET_TOLERANCE * gross || net === gross;
    if (d <= this.calDay) {
      st[o + CAL_NET] += net;
      st[o + CAL_ROWS] += rows;
      if (purchase) {
        if (st[o + FIRST_DAY] === NO_DAY) st[o + FIRST_DAY] = d;
        else {
          st[o + FREQ] += 1;
          st[o + SUM_REPEAT] += net;
        }
        st[o + LAST_DAY] = d;
      }
    } else {
      st[o + HO_NET] += net;
      if (purchase) st[o + HO_FREQ] += 1;
    }
  }

  /** Closes every customer's open day. */
  flush(nCustomers: number): void {
    const st = this.st;
    for (let c = 0; c < nCustomers; c++) {
      const o = c * STRIDE;
      const od = st[o + OPEN_DAY];
      if (od !== NO_DAY) {
        this.closeDay(c, od, st[o + OPEN_NET], st[o + OPEN_GROSS], st[o + OPEN_ROWS]);
        st[o + OPEN_DAY] = NO_DAY;
      }
    }
  }

  /** Builds the columnar summary (call after `flush`). */
  finalize(ids: readonly string[], obsDay: number, calibration: boolean, unit: TimeUnit): TransactionSummary {
    const nAll = ids.length;
    const st = this.st;
    let n = 0;
    for (let c = 0; c < nAll; c++) if (st[c * STRIDE + FIRST_DAY] !== NO_DAY) n++;
    const u = unitDays(unit);
    const endDay = calibration ? this.calDay : obsDay;
    const id: string[] = new Array<string>(n);
    const frequency = new Float64Array(n);
    const recency = new Float64Array(n);
    const T = new Float64Array(n);
    const monetary = new Float64Array(n);
    const totalSpend = new Float64Array(n);
    const transactionCount = new Float64Array(n);
    const firstPurchase = new Float64Array(n);
    const lastPurchase = new Float64Array(n);
    const holdoutFrequency = calibration ? new Float64Array(n) : undefined;
    const holdoutSpend = calibration ? new Float64Array(n) : undefined;
    const noPurchase: string[] = [];
    const firstPurchaseAfterCalibration: string[] = [];
    let j = 0;
    for (let c = 0; c < nAll; c++) {
      const o = c * STRIDE;
      const f = st[o + FIRST_DAY];
      if (f === NO_DAY) {
        if (calibration && st[o + HO_FREQ] > 0) firstPurchaseAfterCalibration.push(ids[c]);
        else noPurchase.push(ids[c]);
        continue;
      }
      const l = st[o + LAST_DAY];
      const x = st[o + FREQ];
      id[j] = ids[c];
      frequency[j] = x;
      recency[j] = (l - f) / u;
      T[j] = (endDay - f) / u;
      monetary[j] = x > 0 ? st[o + SUM_REPEAT] / x : 0;
      totalSpend[j] = st[o + CAL_NET];
      transactionCount[j] = st[o + CAL_ROWS];
      firstPurchase[j] = f * MS_PER_DAY;
      lastPurchase[j] = l * MS_PER_DAY;
      if (holdoutFrequency && holdoutSpend) {
        holdoutFrequency[j] = st[o + HO_FREQ];
        holdoutSpend[j] = st[o + HO_NET];
      }
      j++;
    }
    const out: TransactionSummary = {
      n,
      id,
      frequency,
      recency,
      T,
      monetary,
      totalSpend,
      transactionCount,
      firstPurchase,
      lastPurchase,
      timeUnit: unit,
      observationEnd: obsDay * MS_PER_DAY,
      excluded: { noPurchase, firstPurchaseAfterCalibration },
    };
    if (calibration) {
      out.holdoutFrequency = holdoutFrequency;
      out.holdoutSpend = holdoutSpend;
      out.holdoutDuration = (obsDay - this.calDay) / u;
      out.calibrationEnd = this.calDay * MS_PER_DAY;
    }
    return out;
  }
}

/**
 * Row order grouped by customer (stable counting sort), and within each customer by day
 * (stable), so equal (customer, day) rows keep input order.
 */
export function orderByCustomerDay(cust: Int32Array, day: Int32Array, nCust: number): Int32Array {
  const n = cust.length;
  const start = new Int32Array(nCust + 1);
  for (let i = 0; i < n; i++) start[cust[i] + 1]++;
  for (let c = 0; c < nCust; c++) start[c + 1] += start[c];
  const pos = start.slice(0, nCust);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[pos[cust[i]]++] = i;
  for (let c = 0; c < nCust; c++) {
    const lo = start[c];
    const hi = start[c + 1];
    let sorted = true;
    for (let k = lo + 1; k < hi; k++) {
      if (day[perm[k]] < day[perm[k - 1]]) {
        sorted = false;
        break;
      }
    }
    if (sorted) continue;
    if (hi - lo <= 32) {
      for (let k = lo + 1; k < hi; k++) {
        const v = perm[k];
        const dv = day[v];
        let m = k - 1;
        while (m >= lo && day[perm[m]] > dv) {
          perm[m + 1] = perm[m];
          m--;
        }
        perm[m + 1] = v;
      }
    } else {
      const seg = Array.from(perm.subarray(lo, hi));
      seg.sort((p, q) => day[p] - day[q] || p - q);
      perm.set(seg, lo);
    }
  }
  return perm;
}
