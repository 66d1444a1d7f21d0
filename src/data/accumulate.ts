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
  /** Customer index of every input row, set by the first scan pass (see ingest.ts). */
  rowCustomers: Int32Array | undefined = undefined;
  private readonly num = new Map<number, number>();
  private readonly str = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  /**
   * Index of `v`, adding it when new; -1 when the id is missing (undefined, null, or a
   * blank string of spaces), -2 when it is not a valid id (empty string, non-finite number,
   * other type). Same rule as core's `idKey` (a bigint is read by its string form).
   */
  index(v: unknown): number {
    if (typeof v === "bigint") v = String(v);
    if (typeof v === "string") {
      const hit = this.str.get(v);
      if (hit !== undefined) return hit;
      if (v.length === 0) return -2;
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

/**
 * The error for an id that `IdIndex.index` rejected (code -1 missing, -2 invalid):
 * `MISSING_VALUE` for null, undefined and blank strings, `INVALID_ID` otherwise, as core's `idKey`.
 */
export function idError(code: number, fn: string, where: string, path: ErrorPath, v: unknown): ClienteleError {
  if (code === -1) {
    return new ClienteleError({
      code: "MISSING_VALUE",
      path,
      received: v,
      message: `${fn}: ${where} is ${typeof v === "string" ? "a blank string" : describeValue(v)}; every transaction needs a customer id (a non-empty string or a finite number). Fill in the id or drop the row before summarizing.`,
    });
  }
  return new ClienteleError({
    code: "INVALID_ID",
    path,
    received: v,
    message: `${fn}: ${where} is ${describeValue(v)}; a customer id must be a non-empty string or a finite number (7 and "7" are the same customer).`,
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

// Slots of the per-customer statistics vector filled by DayAccumulator.stats.
const S_FIRST = 0;
const S_LAST = 1;
const S_FREQ = 2;
const S_SUM_REPEAT = 3;
const S_CAL_NET = 4;
const S_CAL_ROWS = 5;
const S_HO_FREQ = 6;
const S_HO_NET = 7;

/**
 * Per-customer running state. Transactions are fed per customer in non-decreasing day
 * order (`feed` returns false otherwise); each customer keeps one open day whose net and
 * gross are summed until a later day arrives, when it is closed into the customer's
 * statistics. `closeDay` also takes complete customer-days directly (from partials).
 */
export abstract class DayAccumulator {
  maxDay = NO_DAY;
  constructor(readonly calDay: number) {}
  /** Makes room for customer index `c`. */
  abstract ensure(c: number): void;
  /** Adds one transaction; false when `d` is earlier than the customer's open day. */
  abstract feed(c: number, d: number, a: number): boolean;
  /** Folds one complete customer-day into the customer's statistics (days in increasing order). */
  abstract closeDay(c: number, d: number, net: number, gross: number, rows: number): void;
  /** Closes every customer's open day. */
  abstract flush(nCustomers: number): void;
  /** Writes customer c's statistics into v (slots S_*). */
  protected abstract stats(c: number, v: Float64Array): void;

  /**
   * Builds the columnar summary (call after `flush`). Throws `OUT_OF_RANGE` naming `fn` when
   * finite amounts add up to more than a double holds (no Infinity in a result).
   */
  finalize(ids: readonly string[], obsDay: number, calibration: boolean, unit: TimeUnit, fn = "summarizeTransactions"): TransactionSummary {
    const nAll = ids.length;
    const v = new Float64Array(8);
    let n = 0;
    for (let c = 0; c < nAll; c++) {
      this.stats(c, v);
      if (v[S_FIRST] !== NO_DAY) n++;
    }
    const u = unitDays(unit);
    const endDay = calibration ? this.calDay : obsDay;
    const id: string[] = new Array<string>(n);
    const frequency = new Float64Array(n);
    const recency = new Float64Array(n);
    const T = new Float64Array(n);
    const monetary = new Float64Array(n);
    const totalSpend = new Float64Array(n);
    const transactionCount = new Float64Array(n);
    const purchaseDays = new Float64Array(n);
    const firstPurchase = new Float64Array(n);
    const lastPurchase = new Float64Array(n);
    const holdoutFrequency = calibration ? new Float64Array(n) : undefined;
    const holdoutSpend = calibration ? new Float64Array(n) : undefined;
    const noPurchase: string[] = [];
    const firstPurchaseAfterCalibration: string[] = [];
    let j = 0;
    for (let c = 0; c < nAll; c++) {
      this.stats(c, v);
      const f = v[S_FIRST];
      if (f === NO_DAY) {
        if (calibration && v[S_HO_FREQ] > 0) firstPurchaseAfterCalibration.push(ids[c]);
        else noPurchase.push(ids[c]);
        continue;
      }
      const l = v[S_LAST];
      const x = v[S_FREQ];
      if (!(Number.isFinite(v[S_CAL_NET]) && Number.isFinite(v[S_SUM_REPEAT]) && Number.isFinite(v[S_HO_NET]))) {
        throw new ClienteleError({
          code: "OUT_OF_RANGE",
          path: ["amount"],
          received: ids[c],
          message: `${fn}: the amounts of customer ${JSON.stringify(ids[c])} add up to more than a double can hold (about 1.8e308). Check the amount column for sentinel values such as 1e308, or rescale the amounts (e.g. to thousands).`,
        });
      }
      id[j] = ids[c];
      frequency[j] = x;
      recency[j] = (l - f) / u;
      T[j] = (endDay - f) / u;
      monetary[j] = x > 0 ? v[S_SUM_REPEAT] / x : 0;
      totalSpend[j] = v[S_CAL_NET];
      transactionCount[j] = v[S_CAL_ROWS];
      purchaseDays[j] = x + 1;
      firstPurchase[j] = f * MS_PER_DAY;
      lastPurchase[j] = l * MS_PER_DAY;
      if (holdoutFrequency && holdoutSpend) {
        holdoutFrequency[j] = v[S_HO_FREQ];
        holdoutSpend[j] = v[S_HO_NET];
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
      purchaseDays,
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

/** Rows below which CompactAccumulator's packed counts are exact (both counts < 2^26). */
const PACK = 67_108_864; // 2^26

/**
 * Creates the accumulator for `totalRows` transactions: the compact layout (64 bytes per
 * customer, one cache line) when counts fit its packing, the wide one otherwise.
 */
export function createAccumulator(calDay: number, capacity: number, totalRows: number): DayAccumulator {
  return totalRows < PACK ? new CompactAccumulator(calDay, capacity) : new WideAccumulator(calDay, capacity);
}

// CompactAccumulator: 8 doubles per customer (64 bytes: one cache line per row in the
// hot loop). Transaction counts are added per row at feed time (no open-day count), and
// calibration row count and frequency share one double: rows * 2^26 + frequency, exact
// while both stay below 2^26 (guaranteed by totalRows < 2^26). Holdout statistics live
// in a separate array touched only by holdout days.
const C_OPEN_DAY = 0;
const C_OPEN_NET = 1;
const C_OPEN_GROSS = 2;
const C_FIRST = 3;
const C_LAST = 4;
const C_SUM_REPEAT = 5;
const C_CAL_NET = 6;
const C_COUNTS = 7;
const C_STRIDE = 8;

/** Compact layout; see the comment above. */
export class CompactAccumulator extends DayAccumulator {
  private cap = 0;
  private st: Float64Array = new Float64Array(0);
  private ho: Float64Array = new Float64Array(0);

  constructor(calDay: number, capacity = 1024) {
    super(calDay);
    this.grow(Math.max(16, capacity));
  }

  ensure(c: number): void {
    if (c >= this.cap) this.grow(Math.max(c + 1, this.cap * 2));
  }

  private grow(cap: number): void {
    const b = new Float64Array(cap * C_STRIDE);
    b.set(this.st);
    for (let c = this.cap; c < cap; c++) {
      const o = c * C_STRIDE;
      b[o + C_OPEN_DAY] = NO_DAY;
      b[o + C_FIRST] = NO_DAY;
      b[o + C_LAST] = NO_DAY;
    }
    this.st = b;
    if (this.calDay !== NO_CALIBRATION) {
      const h = new Float64Array(cap * 2);
      h.set(this.ho);
      this.ho = h;
    }
    this.cap = cap;
  }

  feed(c: number, d: number, a: number): boolean {
    const st = this.st;
    const o = c * C_STRIDE;
    const od = st[o + C_OPEN_DAY];
    const abs = a < 0 ? -a : a;
    if (od === d) {
      st[o + C_OPEN_NET] += a;
      st[o + C_OPEN_GROSS] += abs;
      if (d <= this.calDay) st[o + C_COUNTS] += PACK;
      return true;
    }
    if (d < od) return false;
    if (od !== NO_DAY) this.closeDay(c, od, st[o + C_OPEN_NET], st[o + C_OPEN_GROSS], 0);
    st[o + C_OPEN_DAY] = d;
    st[o + C_OPEN_NET] = a;
    st[o + C_OPEN_GROSS] = abs;
    if (d <= this.calDay) st[o + C_COUNTS] += PACK;
    if (d > this.maxDay) this.maxDay = d;
    return true;
  }

  closeDay(c: number, d: number, net: number, gross: number, rows: number): void {
    const st = this.st;
    const o = c * C_STRIDE;
    const purchase = net > NET_TOLERANCE * gross || net === gross;
    if (d <= this.calDay) {
      st[o + C_CAL_NET] += net;
      let counts = st[o + C_COUNTS] + rows * PACK;
      if (purchase) {
        if (st[o + C_FIRST] === NO_DAY) st[o + C_FIRST] = d;
        else {
          counts += 1;
          st[o + C_SUM_REPEAT] += net;
        }
        st[o + C_LAST] = d;
      }
      st[o + C_COUNTS] = counts;
    } else {
      this.ho[2 * c + 1] += net;
      if (purchase) this.ho[2 * c] += 1;
    }
  }

  flush(nCustomers: number): void {
    const st = this.st;
    for (let c = 0; c < nCustomers; c++) {
      const o = c * C_STRIDE;
      const od = st[o + C_OPEN_DAY];
      if (od !== NO_DAY) {
        this.closeDay(c, od, st[o + C_OPEN_NET], st[o + C_OPEN_GROSS], 0);
        st[o + C_OPEN_DAY] = NO_DAY;
      }
    }
  }

  protected stats(c: number, v: Float64Array): void {
    const st = this.st;
    const o = c * C_STRIDE;
    const counts = st[o + C_COUNTS];
    const freq = counts % PACK;
    v[S_FIRST] = st[o + C_FIRST];
    v[S_LAST] = st[o + C_LAST];
    v[S_FREQ] = freq;
    v[S_SUM_REPEAT] = st[o + C_SUM_REPEAT];
    v[S_CAL_NET] = st[o + C_CAL_NET];
    v[S_CAL_ROWS] = (counts - freq) / PACK;
    v[S_HO_FREQ] = this.calDay !== NO_CALIBRATION ? this.ho[2 * c] : 0;
    v[S_HO_NET] = this.calDay !== NO_CALIBRATION ? this.ho[2 * c + 1] : 0;
  }
}

// WideAccumulator: 12 doubles per customer, no packing; for inputs of 2^26 rows or more.
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

/** Wide layout; see the comment above. */
export class WideAccumulator extends DayAccumulator {
  private cap = 0;
  private st: Float64Array = new Float64Array(0);

  constructor(calDay: number, capacity = 1024) {
    super(calDay);
    this.grow(Math.max(16, capacity));
  }

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

  protected stats(c: number, v: Float64Array): void {
    const st = this.st;
    const o = c * STRIDE;
    v[S_FIRST] = st[o + FIRST_DAY];
    v[S_LAST] = st[o + LAST_DAY];
    v[S_FREQ] = st[o + FREQ];
    v[S_SUM_REPEAT] = st[o + SUM_REPEAT];
    v[S_CAL_NET] = st[o + CAL_NET];
    v[S_CAL_ROWS] = st[o + CAL_ROWS];
    v[S_HO_FREQ] = st[o + HO_FREQ];
    v[S_HO_NET] = st[o + HO_NET];
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
