// Result rows (or columns, or an Apache Arrow table) of the generated SQL -> the library's data.
import { ClienteleError, describeValue } from "../core/errors.js";
import { jsonColumns } from "../core/json.js";
import type { PartialSummary, TransactionSummary, TimeUnit } from "../data/index.js";
import { arrowColumn, isArrowTable, type ArrowTableLike } from "./arrow.js";

/** Result rows as objects (the row form drivers return: DuckDB, node-postgres, BigQuery, Snowflake, Databricks). */
export type ResultRows = readonly Record<string, unknown>[];
/** Result columns: one array (or typed array) per column name. */
export type ResultColumns = Record<string, ArrayLike<unknown>>;
/** Anything {@link fromRows} reads: rows, columns or an Apache Arrow table (duck-typed). */
export type ResultInput = ResultRows | ResultColumns | ArrowTableLike;

const MS_PER_DAY = 86_400_000;

interface Reader {
  n: number;
  has(name: string): boolean;
  col(name: string): ArrayLike<unknown>;
}

function bad(fn: string, code: "INVALID_INPUT" | "MISSING_COLUMN" | "LENGTH_MISMATCH", path: (string | number)[], message: string, received?: unknown): never {
  throw new ClienteleError({ code, path, received, message: `${fn}: ${message}` });
}

/** A reader over rows, columns or an Arrow table; column names match case-insensitively (internal). */
function reader(input: unknown, fn: string): Reader {
  if (input === null || typeof input !== "object") {
    bad(
      fn,
      "INVALID_INPUT",
      ["rows"],
      `rows must be the result rows of the generated query (an array of objects), an object of columns, or an Apache Arrow table. Got ${describeValue(input)}.`,
      input,
    );
  }
  if (isArrowTable(input)) {
    const t = input;
    const names = new Map(t.schema.fields.map((f) => [f.name.toLowerCase(), f.name]));
    return {
      n: t.numRows,
      has: (k) => names.has(k.toLowerCase()),
      col: (k) => arrowColumn(t, names.get(k.toLowerCase())!, fn),
    };
  }
  if (Array.isArray(input)) {
    const rows = input as unknown[];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r === null || typeof r !== "object" || Array.isArray(r))
        bad(fn, "INVALID_INPUT", ["rows", i], `rows[${i}] is ${describeValue(r)}; each row must be an object keyed by column name.`, r);
    }
    const keys = new Map<string, string>();
    if (rows.length > 0) for (const k of Object.keys(rows[0] as object)) keys.set(k.toLowerCase(), k);
    return {
      n: rows.length,
      has: (k) => keys.has(k.toLowerCase()),
      col: (k) => {
        const key = keys.get(k.toLowerCase())!;
        return rows.map((r) => (r as Record<string, unknown>)[key]);
      },
    };
  }
  const cols = input as Record<string, unknown>;
  const keys = new Map<string, string>();
  for (const k of Object.keys(cols)) keys.set(k.toLowerCase(), k);
  let n = -1;
  for (const [, k] of keys) {
    const c = cols[k] as { length?: unknown } | null;
    if (c === null || typeof c !== "object" || typeof c.length !== "number")
      bad(fn, "INVALID_INPUT", ["rows", k], `column ${JSON.stringify(k)} is ${describeValue(c)}; pass one array per column.`, c);
    if (n >= 0 && c.length !== n) bad(fn, "LENGTH_MISMATCH", ["rows", k], `column ${JSON.stringify(k)} has ${c.length} values but others have ${n}.`, c.length);
    n = c.length as number;
  }
  return { n: Math.max(0, n), has: (k) => keys.has(k.toLowerCase()), col: (k) => cols[keys.get(k.toLowerCase())!] as ArrayLike<unknown> };
}

/** Reads one engine value as a number (internal): numbers, bigints, numeric strings (decimals), Dates (epoch ms), objects with toDouble(). */
function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return v.trim() === "" ? NaN : Number(v);
  if (v instanceof Date) return v.getTime();
  const o = v as { toDouble?: () => number; valueOf?: () => unknown };
  if (typeof o.toDouble === "function") return o.toDouble();
  return NaN;
}

/** A day column value: an integer day number, or a Date / ISO string (its UTC day) (internal). */
function toDay(v: unknown): number | null {
  if (v instanceof Date) return Math.floor(v.getTime() / MS_PER_DAY);
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v)) {
    const ms = Date.parse(v.length === 10 || /Z|[+-]\d{2}:?\d{2}$/.test(v) ? v : v.replace(" ", "T") + "Z");
    return Number.isFinite(ms) ? Math.floor(ms / MS_PER_DAY) : NaN;
  }
  return toNumber(v);
}

function need(r: Reader, name: string, fn: string): ArrayLike<unknown> {
  if (!r.has(name))
    bad(
      fn,
      "MISSING_COLUMN",
      ["rows", name],
      `column "${name}" is missing; pass the rows of the generated query unchanged (it selects every column the parser needs).`,
    );
  return r.col(name);
}

function numberAt(col: ArrayLike<unknown>, i: number, name: string, fn: string, day = false): number {
  const v = day ? toDay(col[i]) : toNumber(col[i]);
  if (v === null || !Number.isFinite(v)) {
    throw new ClienteleError({
      code: v === null ? "MISSING_VALUE" : "NON_FINITE",
      path: ["rows", i, name],
      received: col[i],
      message: `${fn}: rows[${i}].${name} is ${describeValue(col[i])}, not a finite number; pass the rows of the generated query unchanged.`,
    });
  }
  return v;
}

/** Throws the errors summarizeTransactions raises for rows the SQL set aside (internal). */
function checkCounts(r: Reader, fn: string, withAfter: boolean): void {
  if (r.n === 0) bad(fn, "INVALID_INPUT", ["rows"], "there are no rows; the generated query always returns at least one row. Pass its result unchanged.");
  const first = (name: string) => numberAt(r.col(name), 0, name, fn);
  const rows = first("inputRows");
  const errors: [string, "MISSING_VALUE" | "INVALID_TIMESTAMP" | "NON_FINITE" | "AFTER_OBSERVATION_END", string][] = [
    ["missingRows", "MISSING_VALUE", "have a missing (NULL) or blank customer id, a NULL timestamp or a NULL amount; fill or drop them before summarizing"],
    ["invalidTimestampRows", "INVALID_TIMESTAMP", "have a timestamp that is not a plausible date in the declared timestampType; check the column's unit"],
    ["nonFiniteAmountRows", "NON_FINITE", "have a NaN or infinite amount; fix or drop them"],
  ];
  if (withAfter) errors.push(["rowsAfterEnd", "AFTER_OBSERVATION_END", "are dated after observationEnd; drop them or move observationEnd later"]);
  for (const [name, code, why] of errors) {
    if (!r.has(name)) bad(fn, "MISSING_COLUMN", ["rows", name], `column "${name}" is missing; pass the rows of the generated query unchanged.`);
    const k = first(name);
    if (k > 0) throw new ClienteleError({ code, path: ["rows", name], received: k, message: `${fn}: ${k} of the ${rows} transactions ${why}.` });
  }
  if (rows === 0)
    throw new ClienteleError({ code: "EMPTY_INPUT", path: ["rows"], message: `${fn}: the transaction table is empty; there is nothing to summarize.` });
}

const UNITS: [number, TimeUnit][] = [
  [1, "day"],
  [7, "week"],
  [365.25 / 12, "month"],
];

/**
 * Turns the result of {@link summarySql} (rows from any driver, columns, or an Apache Arrow
 * table) into the columnar summary `summarizeTransactions` returns: the same columns,
 * `timeUnit`, `observationEnd`, calibration fields and `excluded` lists. Engine values are
 * read as they come: BigInt counts, decimals as strings or objects with `toDouble()`, day
 * columns as integers, Dates or ISO strings. Raises the errors `summarizeTransactions`
 * raises for the rows the SQL set aside (MISSING_VALUE, INVALID_TIMESTAMP, NON_FINITE,
 * AFTER_OBSERVATION_END, EMPTY_INPUT). O(rows); Arrow numeric columns are read from their
 * buffers.
 *
 * @param rows - the result of the query from `summarySql`
 * @returns the columnar summary (JSON-clean)
 * @throws ClienteleError `INVALID_INPUT`, `MISSING_COLUMN`, `LENGTH_MISMATCH`, `MISSING_VALUE`, `NON_FINITE`, `INVALID_TIMESTAMP`, `AFTER_OBSERVATION_END`, `EMPTY_INPUT`, `INVALID_OPTION` (calibration not before the observation end)
 * @example
 * import { fromRows } from "clientele/sql";
 * const s = fromRows([
 *   { id: "a", frequency: 1n, recency: 2, T: 4, monetary: "40.00", totalSpend: "60.00", transactionCount: 3n, purchaseDays: 2n,
 *     firstPurchaseDay: 19723, lastPurchaseDay: 19737, holdoutFrequency: null, holdoutSpend: null, excludedReason: null,
 *     observationEndDay: 19751, calibrationEndDay: null, unitDays: 7, inputRows: 3n, missingRows: 0n,
 *     invalidTimestampRows: 0n, nonFiniteAmountRows: 0n, rowsAfterEnd: 0n },
 * ]);
 * [s.n, s.frequency[0], s.monetary[0], s.timeUnit]; // => [1, 1, 40, "week"]
 */
export function fromRows(rows: ResultInput): TransactionSummary {
  const fn = "fromRows";
  const r = reader(rows, fn);
  checkCounts(r, fn, true);
  const idc = need(r, "id", fn);
  const reason = need(r, "excludedReason", fn);
  const unitDays = numberAt(need(r, "unitDays", fn), 0, "unitDays", fn);
  const unit = UNITS.find(([u]) => Math.abs(u - unitDays) < 1e-12)?.[1];
  if (unit === undefined) bad(fn, "INVALID_INPUT", ["rows", "unitDays"], `unitDays is ${unitDays}; expected 1 (day), 7 (week) or 30.4375 (month).`, unitDays);
  const obsDay = numberAt(need(r, "observationEndDay", fn), 0, "observationEndDay", fn, true);
  const calCol = need(r, "calibrationEndDay", fn);
  const calDay = toDay(calCol[0]);
  const calibration = calDay !== null;
  if (calibration && !(calDay < obsDay)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "calibrationEnd"],
      received: calDay,
      message: `${fn}: calibrationEnd (day ${calDay}) must be before the observation end (day ${obsDay}), so that there is a holdout period. Move calibrationEnd earlier or observationEnd later.`,
    });
  }
  const names = ["frequency", "recency", "T", "monetary", "totalSpend", "transactionCount", "purchaseDays"] as const;
  const src = Object.fromEntries(names.map((k) => [k, need(r, k, fn)])) as Record<(typeof names)[number], ArrayLike<unknown>>;
  const fd = need(r, "firstPurchaseDay", fn);
  const ld = need(r, "lastPurchaseDay", fn);
  const hf = calibration ? need(r, "holdoutFrequency", fn) : undefined;
  const hs = calibration ? need(r, "holdoutSpend", fn) : undefined;
  const keep: number[] = [];
  const noPurchase: string[] = [];
  const afterCal: string[] = [];
  for (let i = 0; i < r.n; i++) {
    const id = idc[i];
    if (id === null || id === undefined) continue; // the one row of an all-excluded or empty table
    const why = reason[i];
    if (why === "noPurchase") noPurchase.push(String(id));
    else if (why === "firstPurchaseAfterCalibration") afterCal.push(String(id));
    else keep.push(i);
  }
  const n = keep.length;
  const col = (c: ArrayLike<unknown>, name: string, day = false) => {
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) out[j] = numberAt(c, keep[j], name, fn, day);
    return out;
  };
  const first = col(fd, "firstPurchaseDay", true);
  const last = col(ld, "lastPurchaseDay", true);
  for (let j = 0; j < n; j++) {
    first[j] *= MS_PER_DAY;
    last[j] *= MS_PER_DAY;
  }
  const out: TransactionSummary = {
    n,
    id: keep.map((i) => String(idc[i])),
    frequency: col(src.frequency, "frequency"),
    recency: col(src.recency, "recency"),
    T: col(src.T, "T"),
    monetary: col(src.monetary, "monetary"),
    totalSpend: col(src.totalSpend, "totalSpend"),
    transactionCount: col(src.transactionCount, "transactionCount"),
    purchaseDays: col(src.purchaseDays, "purchaseDays"),
    firstPurchase: first,
    lastPurchase: last,
    timeUnit: unit,
    observationEnd: obsDay * MS_PER_DAY,
    excluded: { noPurchase, firstPurchaseAfterCalibration: afterCal },
  };
  if (calibration && hf && hs) {
    out.holdoutFrequency = col(hf, "holdoutFrequency");
    out.holdoutSpend = col(hs, "holdoutSpend");
    out.holdoutDuration = (obsDay - calDay) / unitDays;
    out.calibrationEnd = calDay * MS_PER_DAY;
  }
  return jsonColumns(out);
}

/**
 * Turns the result of {@link partialSummarySql} into a `PartialSummary` of `clientele/data`,
 * ready for `mergePartials` and `finalizeSummary`. Rows may come in any order and from
 * several shards concatenated: rows of one customer-day are added up. Customers are in order
 * of first appearance in the rows. O(rows log rows).
 *
 * @param rows - the result of the query from `partialSummarySql` (rows, columns or an Arrow table)
 * @throws ClienteleError `INVALID_INPUT`, `MISSING_COLUMN`, `LENGTH_MISMATCH`, `MISSING_VALUE`, `NON_FINITE`, `INVALID_TIMESTAMP`, `EMPTY_INPUT`
 * @example
 * import { partialFromRows } from "clientele/sql";
 * const p = partialFromRows([
 *   { id: "x", day: 19723n, net: 20, gross: 20, rows: 1n, inputRows: 1n, missingRows: 0n, invalidTimestampRows: 0n, nonFiniteAmountRows: 0n },
 * ]);
 * [p.kind, p.ids, p.days]; // => ["transaction-partial", ["x"], [19723]]
 */
export function partialFromRows(rows: ResultInput): PartialSummary {
  const fn = "partialFromRows";
  const r = reader(rows, fn);
  checkCounts(r, fn, false);
  const idc = need(r, "id", fn);
  const dc = need(r, "day", fn);
  const nc = need(r, "net", fn);
  const gc = need(r, "gross", fn);
  const rc = need(r, "rows", fn);
  const order = new Map<string, Map<number, [number, number, number]>>();
  for (let i = 0; i < r.n; i++) {
    if (idc[i] === null || idc[i] === undefined) continue;
    const id = String(idc[i]);
    const day = numberAt(dc, i, "day", fn, true);
    const v: [number, number, number] = [numberAt(nc, i, "net", fn), numberAt(gc, i, "gross", fn), numberAt(rc, i, "rows", fn)];
    let m = order.get(id);
    if (m === undefined) order.set(id, (m = new Map()));
    const cur = m.get(day);
    if (cur === undefined) m.set(day, v);
    else for (let k = 0; k < 3; k++) cur[k] += v[k];
  }
  const ids: string[] = [];
  const offsets: number[] = [0];
  const days: number[] = [];
  const net: number[] = [];
  const gross: number[] = [];
  const cnt: number[] = [];
  for (const [id, m] of order) {
    ids.push(id);
    for (const day of [...m.keys()].sort((a, b) => a - b)) {
      const v = m.get(day)!;
      days.push(day);
      net.push(v[0]);
      gross.push(v[1]);
      cnt.push(v[2]);
    }
    offsets.push(days.length);
  }
  return { kind: "transaction-partial", version: 1, ids, offsets, days, net, gross, rows: cnt };
}
