// Internal: reading transaction input (rows or columns) in one validated pass.
import { ClienteleError, describeValue, type ErrorPath } from "../core/errors.js";
import { checkRowFields } from "../core/validate.js";
import { type DayAccumulator, type IdIndex, idError } from "./accumulate.js";
import { dayOf, invalidTimestamp, isoDay, MAX_PLAUSIBLE_MS, MIN_PLAUSIBLE_MS, MS_PER_DAY } from "./time.js";
import type { TimestampUnit, TransactionColumns, TransactionRow } from "./types.js";

/** Field names users bring for the three transaction fields (for MISSING_COLUMN hints). */
const ROW_ALIASES: Record<string, readonly string[]> = {
  customerId: ["customer_id", "customer", "customerID", "CustomerID", "customer_ID", "userId", "user_id", "clientId", "client_id", "id", "ID"],
  timestamp: [
    "date",
    "Date",
    "time",
    "ts",
    "datetime",
    "dateTime",
    "order_date",
    "orderDate",
    "created_at",
    "createdAt",
    "InvoiceDate",
    "timeStamp",
    "time_stamp",
  ],
  amount: ["value", "price", "revenue", "sales", "total", "spend", "monetary", "amount_usd", "Amount", "dollars"],
};
const ROW_FIELDS = ["customerId", "timestamp", "amount"] as const;

/** A value no input holds, to start the last-timestamp cache (undefined is a real input). */
const NO_TS: unknown = {};

/** Transactions as columns, plus whether they came as rows (for error paths). */
export interface InputColumns {
  n: number;
  customerId: ArrayLike<unknown>;
  timestamp: ArrayLike<unknown>;
  amount: ArrayLike<unknown>;
  rowsForm: boolean;
}

type Field = "customerId" | "timestamp" | "amount";

function where(cols: InputColumns, i: number, field: Field): string {
  return cols.rowsForm ? `transactions[${i}].${field}` : `${field}[${i}] (row ${i})`;
}
function pathOf(cols: InputColumns, i: number, field: Field): ErrorPath {
  return cols.rowsForm ? ["transactions", i, field] : [field, i];
}

/**
 * Turns rows or columns into columns without copying columns; rows are read once into
 * three arrays. Throws `INVALID_INPUT`, `MISSING_COLUMN`,
 * `LENGTH_MISMATCH`, `EMPTY_INPUT`.
 */
export function toInputColumns(tx: unknown, fn: string): InputColumns {
  if (Array.isArray(tx)) {
    const rows = tx as readonly TransactionRow[];
    const n = rows.length;
    if (n === 0) throw emptyInput(fn);
    const customerId = new Array<unknown>(n);
    const timestamp = new Array<unknown>(n);
    const amount = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (r === null || typeof r !== "object" || Array.isArray(r)) {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: ["transactions", i],
          received: r,
          message: `${fn}: transactions[${i}] is ${describeValue(r)}; each row must be an object { customerId, timestamp, amount }.`,
        });
      }
      if (i === 0) checkRowFields(r as unknown as Record<string, unknown>, ROW_FIELDS, fn, ["transactions", 0], ROW_ALIASES);
      customerId[i] = r.customerId;
      timestamp[i] = r.timestamp;
      amount[i] = r.amount;
    }
    return { n, customerId, timestamp, amount, rowsForm: true };
  }
  if (tx === null || typeof tx !== "object" || ArrayBuffer.isView(tx)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["transactions"],
      received: tx,
      message: `${fn}: transactions must be an array of { customerId, timestamp, amount } rows or an object of parallel columns { customerId, timestamp, amount }. Got ${describeValue(tx)}.`,
    });
  }
  const t = tx as Partial<TransactionColumns>;
  checkRowFields(t as Record<string, unknown>, ROW_FIELDS, fn, ["transactions"], ROW_ALIASES);
  let n = -1;
  for (const name of ["customerId", "timestamp", "amount"] as const) {
    const col = t[name];
    if (col === undefined || col === null || typeof (col as ArrayLike<unknown>).length !== "number") {
      throw new ClienteleError({
        code: "MISSING_COLUMN",
        path: [name],
        received: col,
        message: `${fn}: column "${name}" is missing. Pass { customerId, timestamp, amount } as arrays of equal length (or rows).`,
      });
    }
    const len = (col as ArrayLike<unknown>).length;
    if (n === -1) n = len;
    else if (len !== n) {
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: [name],
        received: len,
        message: `${fn}: column "${name}" has ${len} values but "customerId" has ${n}. All columns need one value per transaction.`,
      });
    }
  }
  if (n === 0) throw emptyInput(fn);
  return {
    n,
    customerId: t.customerId as ArrayLike<unknown>,
    timestamp: t.timestamp as ArrayLike<unknown>,
    amount: t.amount as ArrayLike<unknown>,
    rowsForm: false,
  };
}

function emptyInput(fn: string): ClienteleError {
  return new ClienteleError({
    code: "EMPTY_INPUT",
    path: ["transactions"],
    received: 0,
    message: `${fn}: there are no transactions. Pass at least one { customerId, timestamp, amount }.`,
  });
}

/**
 * When every id is an integer number within a span of at most max(2^20, n) values,
 * returns a lookup table from `id - min` to customer index (-1 = not seen yet), so the
 * scan can skip the hash map. Null otherwise (strings, fractions, wide ranges).
 */
function denseIdTable(ids: ArrayLike<unknown>, n: number): { min: number; table: Int32Array } | null {
  if (typeof ids[0] !== "number") return null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = ids[i];
    if (typeof v !== "number" || !Number.isInteger(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min + 1;
  if (!(span <= Math.max(1 << 20, n))) return null;
  return { min, table: new Int32Array(span).fill(-1) };
}

/** Where the scan sends each validated row. */
export interface ScanSink {
  /** Stream mode: rows go to the accumulator until one arrives out of day order. */
  acc?: DayAccumulator;
  /** Collect mode: UTC day per row. */
  day?: Int32Array;
  /** Collect mode: amounts copied as Float64. */
  amount?: Float64Array;
}

/** Result of a scan. */
export interface ScanResult {
  /** Row where stream mode stopped because of day order, or -1 when every row was taken. */
  stoppedAt: number;
  /** Largest day seen among scanned rows. */
  maxDay: number;
}

function afterObservationEnd(cols: InputColumns, fn: string, i: number, t: unknown, d: number, obsLimit: number): ClienteleError {
  return new ClienteleError({
    code: "AFTER_OBSERVATION_END",
    path: pathOf(cols, i, "timestamp"),
    received: t,
    message:
      `${fn}: ${where(cols, i, "timestamp")} falls on ${isoDay(d)}, after observationEnd (${isoDay(obsLimit)}). ` +
      `Drop transactions after the observation end, or move observationEnd to ${isoDay(d)} or later.`,
  });
}

function nonFiniteAmount(cols: InputColumns, fn: string, i: number, a: unknown): ClienteleError {
  if (a === null || a === undefined) {
    return new ClienteleError({
      code: "MISSING_VALUE",
      path: pathOf(cols, i, "amount"),
      received: a,
      message: `${fn}: ${where(cols, i, "amount")} is ${a === null ? "null" : "missing (undefined)"}; every transaction needs an amount (negative for refunds). Drop or fill the row before summarizing.`,
    });
  }
  return new ClienteleError({
    code: "NON_FINITE",
    path: pathOf(cols, i, "amount"),
    received: a,
    message: `${fn}: ${where(cols, i, "amount")} is ${describeValue(a)}; every amount must be a finite number (negative for refunds). Fix or drop the row.`,
  });
}

/** Day of a timestamp off the fast path, or throws INVALID_TIMESTAMP / MISSING_VALUE. */
function slowDay(cols: InputColumns, fn: string, i: number, t: unknown, unit: TimestampUnit): number {
  const d = dayOf(t, unit);
  if (d !== d) throw invalidTimestamp(fn, where(cols, i, "timestamp"), pathOf(cols, i, "timestamp"), t, unit);
  return d;
}

/**
 * Hash of a string id from its length and at most its last 8, first and middle
 * characters (ids usually differ in their trailing digits), so that hashing does not
 * walk long ids; full string equality settles every match. Mixed with a final shift.
 */
function idHash(v: string): number {
  const len = v.length;
  let h = Math.imul(len, 0x9e3779b1);
  const lo = len > 8 ? len - 8 : 0;
  for (let k = len - 1; k >= lo; k--) h = Math.imul(h ^ v.charCodeAt(k), 16777619);
  if (len > 8) {
    h = Math.imul(h ^ v.charCodeAt(0), 16777619);
    h = Math.imul(h ^ v.charCodeAt(len >> 1), 16777619);
  }
  return h ^ (h >>> 15);
}

/** Probe length beyond which the string table gives up on an input (adversarial or degenerate ids). */
const MAX_PROBE = 64;

/** Hash of a short id packed into three int32 words (see `resolveStringIds`). */
function packedHash(w0: number, w1: number, w2: number): number {
  let h = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2, 0x85ebca6b), 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  return h ^ (h >>> 13);
}

/**
 * String-id fast path of `resolveCustomers`, with two open-addressing tables (linear
 * probing, load at most 1/2) that share the customer numbering:
 * - ids of at most 11 characters, all below U+0100 (most ids: "C000123", "42",
 *   "cust-123456"), are packed exactly into three int32 words (length and characters),
 *   stored with the customer index in one Int32Array slot: a lookup reads the id once
 *   and one table slot, and compares words, never a stored string;
 * - other ids go to a table holding (id string, hash, customer index) side by side,
 *   settled by a hash check and `===` (a pointer check when the column reuses string
 *   objects).
 * V8's Map touches more memory per lookup and costs 1.5-2 times as much at a million
 * ids. Same semantics as `IdIndex.index` for an all-string column (blank strings are
 * `MISSING_VALUE` at their first row, "" `INVALID_ID`). Returns false, leaving `out` and `index.ids` partly
 * filled, at the first non-string id or when probing degenerates; the caller then
 * starts over with the general path.
 */
function* resolveStringIds(cols: InputColumns, fn: string, index: IdIndex, out: Int32Array): Generator<void, boolean, void> {
  const ids = cols.customerId;
  const n = cols.n;
  const list = index.ids;
  // short ids: slot s = [4s, 4s + 1, 4s + 2] packed id, [4s + 3] customer index (-1 = empty)
  let pMask = (1 << 16) - 1;
  let pTable: Int32Array = new Int32Array(4 * (pMask + 1)).fill(-1);
  let pCount = 0;
  // other ids: slot s = [3s] id string (0 = empty), [3s + 1] hash, [3s + 2] customer index
  let mask = (1 << 10) - 1;
  let table: (string | number)[] = new Array<string | number>(3 * (mask + 1)).fill(0);
  let count = 0;
  let lastId: unknown;
  let lastC = -1;
  for (let i = 0; i < n; i++) {
    if ((i & CHUNK_MASK) === CHUNK_MASK) yield;
    const v = ids[i];
    if (v === lastId) {
      out[i] = lastC;
      continue;
    }
    if (typeof v !== "string") return false;
    const len = v.length;
    let c = -1;
    let probes = 0;
    let packable = len <= 11;
    let w0 = len;
    let w1 = 0;
    let w2 = 0;
    if (packable) {
      for (let k = 0; k < len; k++) {
        const ch = v.charCodeAt(k);
        if (ch > 255) {
          packable = false;
          break;
        }
        if (k < 3) w0 |= ch << (8 * k + 8);
        else if (k < 7) w1 |= ch << (8 * (k - 3));
        else w2 |= ch << (8 * (k - 7));
      }
    }
    if (packable) {
      let slot = packedHash(w0, w1, w2) & pMask;
      for (;;) {
        const o = 4 * slot;
        c = pTable[o + 3];
        if (c < 0) {
          if (v.trim().length === 0) throw idError(len === 0 ? -2 : -1, fn, where(cols, i, "customerId"), pathOf(cols, i, "customerId"), v);
          c = list.length;
          list.push(v);
          pTable[o] = w0;
          pTable[o + 1] = w1;
          pTable[o + 2] = w2;
          pTable[o + 3] = c;
          if (2 * ++pCount > pMask) pTable = growPacked(pTable, (pMask = 2 * pMask + 1));
          break;
        }
        if (pTable[o] === w0 && pTable[o + 1] === w1 && pTable[o + 2] === w2) break;
        slot = (slot + 1) & pMask;
        if (++probes > MAX_PROBE) return false;
      }
    } else {
      const h = idHash(v);
      let slot = h & mask;
      for (;;) {
        const o = 3 * slot;
        const k = table[o];
        if (k === 0) {
          if (v.trim().length === 0) throw idError(len === 0 ? -2 : -1, fn, where(cols, i, "customerId"), pathOf(cols, i, "customerId"), v);
          c = list.length;
          list.push(v);
          table[o] = v;
          table[o + 1] = h;
          table[o + 2] = c;
          if (2 * ++count > mask) table = growTable(table, (mask = 2 * mask + 1));
          break;
        }
        if (table[o + 1] === h && k === v) {
          c = table[o + 2] as number;
          break;
        }
        slot = (slot + 1) & mask;
        if (++probes > MAX_PROBE) return false;
      }
    }
    out[i] = c;
    lastId = v;
    lastC = c;
  }
  return true;
}

/** Reinserts the entries of a packed short-id table into one with `mask + 1` slots. */
function growPacked(old: Int32Array, mask: number): Int32Array {
  const table = new Int32Array(4 * (mask + 1)).fill(-1);
  for (let o = 0; o < old.length; o += 4) {
    if (old[o + 3] < 0) continue;
    let s = packedHash(old[o], old[o + 1], old[o + 2]) & mask;
    while (table[4 * s + 3] >= 0) s = (s + 1) & mask;
    table.set(old.subarray(o, o + 4), 4 * s);
  }
  return table;
}

/** Reinserts the entries of a `resolveStringIds` table into one with `mask + 1` slots. */
function growTable(old: (string | number)[], mask: number): (string | number)[] {
  const table = new Array<string | number>(3 * (mask + 1)).fill(0);
  for (let o = 0; o < old.length; o += 3) {
    if (old[o] === 0) continue;
    const h = old[o + 1] as number;
    let s = h & mask;
    while (table[3 * s] !== 0) s = (s + 1) & mask;
    table[3 * s] = old[o];
    table[3 * s + 1] = h;
    table[3 * s + 2] = old[o + 2];
  }
  return table;
}

/**
 * First pass: the customer index of every row (ids validated, `MISSING_VALUE` /
 * `INVALID_ID` naming the row), cached on `index`. Integer ids in a compact range use a
 * lookup table and all-string ids a dedicated hash table instead of the Map. Kept apart
 * from the second pass so that the id table and the per-customer state do not compete
 * for the CPU cache.
 */
export function resolveCustomers(cols: InputColumns, fn: string, index: IdIndex): Int32Array {
  const steps = resolveCustomersSteps(cols, fn, index);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Rows between two checkpoints of the cooperative (async) variants: 65,536. */
export const CHUNK_ROWS = 65_536;
const CHUNK_MASK = CHUNK_ROWS - 1;

/** {@link resolveCustomers} as steps that yield every {@link CHUNK_ROWS} rows (for the async variants). */
export function* resolveCustomersSteps(cols: InputColumns, fn: string, index: IdIndex): Generator<void, Int32Array, void> {
  if (index.rowCustomers) return index.rowCustomers;
  const n = cols.n;
  const out = new Int32Array(n);
  const dense = denseIdTable(cols.customerId, n);
  if (dense) {
    const ids = cols.customerId as ArrayLike<number>;
    const { min, table } = dense;
    for (let i = 0; i < n; i++) {
      if ((i & CHUNK_MASK) === CHUNK_MASK) yield;
      const v = ids[i];
      const k = v - min;
      let c = table[k];
      if (c < 0) {
        // every id is an integer number here, so its string form is its key
        c = index.ids.length;
        index.ids.push(String(v));
        table[k] = c;
      }
      out[i] = c;
    }
  } else if (!(typeof cols.customerId[0] === "string" && (yield* resolveStringIds(cols, fn, index, out)))) {
    index.ids.length = 0; // the string table gave up (a non-string id or pathological hashing): start over
    const ids = cols.customerId;
    let lastId: unknown = NO_TS;
    let lastC = -1;
    for (let i = 0; i < n; i++) {
      if ((i & CHUNK_MASK) === CHUNK_MASK) yield;
      const v = ids[i];
      if (v !== lastId || lastC < 0) {
        lastC = index.index(v);
        if (lastC < 0) throw idError(lastC, fn, where(cols, i, "customerId"), pathOf(cols, i, "customerId"), v);
        lastId = v;
      }
      out[i] = lastC;
    }
  }
  index.rowCustomers = out;
  return out;
}

/**
 * Second pass over the rows: timestamps to UTC day numbers, amounts checked, days
 * checked against `obsLimit` (the last allowed day); each row goes to the accumulator
 * (stream mode) or into the day/amount columns (collect mode). No per-row objects.
 */
export function scanRows(
  cols: InputColumns,
  fn: string,
  index: IdIndex,
  obsLimit: number,
  sink: ScanSink,
  unit: TimestampUnit = "ms",
  from = 0,
  to = cols.n,
): ScanResult {
  const cust = resolveCustomers(cols, fn, index);
  const ts = cols.timestamp;
  const am = cols.amount;
  const acc = sink.acc;
  const dayOut = sink.day;
  const amountOut = sink.amount;
  if (acc && index.size > 0) acc.ensure(index.size - 1);
  const ms = unit === "ms";
  // imported constants read once: under some module loaders every read of an imported binding
  // in the loop is a property (getter) access
  const minMs = MIN_PLAUSIBLE_MS;
  const maxMs = MAX_PLAUSIBLE_MS;
  const msPerDay = MS_PER_DAY;
  let lastTs: unknown = NO_TS;
  let lastTsDay = 0;
  let maxDay = -2147483648;
  for (let i = from; i < to; i++) {
    const t = ts[i];
    let d: number;
    if (ms && typeof t === "number") {
      if (!(t >= minMs && t < maxMs)) {
        throw invalidTimestamp(fn, where(cols, i, "timestamp"), pathOf(cols, i, "timestamp"), t, unit);
      }
      d = Math.floor(t / msPerDay);
    } else if (t === lastTs) d = lastTsDay;
    else {
      d = slowDay(cols, fn, i, t, unit);
      if (typeof t === "string" || typeof t === "number") {
        lastTs = t;
        lastTsDay = d;
      }
    }
    if (d > obsLimit) throw afterObservationEnd(cols, fn, i, t, d, obsLimit);
    const a = am[i];
    if (typeof a !== "number" || !(a - a === 0)) throw nonFiniteAmount(cols, fn, i, a);
    if (d > maxDay) maxDay = d;
    if (acc) {
      if (!acc.feed(cust[i], d, a)) return { stoppedAt: i, maxDay };
    } else {
      dayOut![i] = d;
      if (amountOut) amountOut[i] = a;
    }
  }
  return { stoppedAt: -1, maxDay };
}
