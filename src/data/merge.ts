import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { jsonColumns } from "../core/json.js";
import { checkModelHeader, parseOptions } from "../core/validate.js";
import { createAccumulator, IdIndex, NO_CALIBRATION, orderByCustomerDay } from "./accumulate.js";
import { resolveCustomers, scanRows, toInputColumns } from "./ingest.js";
import { checkCalibration, resolveOptions, timestampUnitOption, type SummarizeOptions } from "./summarize.js";
import { isoDay } from "./time.js";
import type { TimestampUnit, TransactionColumns, TransactionRow, TransactionSummary } from "./types.js";

/** The kind tag of a partial summary. */
export const PARTIAL_KIND = "transaction-partial";
/** Tags that earlier releases wrote; still read, and returned with the new tag. */
const LEGACY_PARTIAL_KINDS = ["transactionPartial"] as const;

/** Options of {@link summarizePartial}. */
export interface SummarizePartialOptions {
  /** How numeric timestamps are read (default `"ms"`); see `SummarizeOptions.timestampUnit`. */
  timestampUnit?: TimestampUnit;
}

const partialOptionsSchema = z.object({ timestampUnit: timestampUnitOption().default("ms") });

/**
 * A mergeable partial summary of part of a transaction log: for every customer, the
 * distinct UTC days on which they transacted, with the day's net amount, gross
 * absolute amount and number of transactions. Plain JSON data (no typed arrays), so it
 * can be sent between workers or machines with `JSON.stringify`.
 *
 * Layout (compressed sparse rows): customer `c` owns entries `offsets[c]` to
 * `offsets[c + 1] - 1` of `days`, `net`, `gross` and `rows`, in increasing day order.
 *
 * Memory: 4 numbers per distinct customer-day (about 32 bytes in memory, 30-60 bytes
 * as JSON) plus one id and one offset per customer. This is what exactness costs: a
 * refund in another chunk can turn any day's net non-positive, so every customer-day
 * must be kept until `finalizeSummary`. It is bounded by distinct customer-days, not
 * by transactions.
 */
export interface PartialSummary {
  /** Always `"transaction-partial"` (partials saved with the old tag `"transactionPartial"` still load). */
  kind: "transaction-partial";
  /** Format version, currently 1. */
  version: 1;
  /** Customer ids (string form), in order of first appearance. */
  ids: string[];
  /** Length `ids.length + 1`; customer c's days are `offsets[c]` to `offsets[c + 1] - 1`. */
  offsets: number[];
  /** UTC day numbers (days since 1970-01-01), increasing within each customer. */
  days: number[];
  /** Net amount of each customer-day (refunds included). */
  net: number[];
  /** Sum of absolute amounts of each customer-day. */
  gross: number[];
  /** Number of transactions of each customer-day. */
  rows: number[];
}

/**
 * Summarizes one chunk of a transaction log into a mergeable partial state. Chunks may
 * split the log anywhere (even one customer's day across chunks); merging the partials
 * with `mergePartials` in any order or grouping and calling `finalizeSummary` gives the
 * same summary as `summarizeTransactions` on the whole log (exactly for amounts whose
 * sums are exact in floating point, such as whole cents scaled to integers; otherwise up
 * to rounding in the last bits). O(n) time; see `PartialSummary` for the memory cost.
 *
 * @param transactions - rows or columns, as for `summarizeTransactions`
 * @param options - `timestampUnit` (default `"ms"`: numbers are epoch milliseconds)
 * @throws ClienteleError `EMPTY_INPUT`, `MISSING_VALUE`, `INVALID_ID`, `INVALID_TIMESTAMP`,
 *   `NON_FINITE` (naming the row index), `INVALID_INPUT`, `MISSING_COLUMN`,
 *   `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { finalizeSummary, mergePartials, summarizePartial } from "clientele/data";
 * const a = summarizePartial([{ customerId: "x", timestamp: "2024-01-01", amount: 20 }]);
 * const b = summarizePartial([{ customerId: "x", timestamp: "2024-01-15", amount: 30 }]);
 * const s = finalizeSummary(mergePartials(a, b), { timeUnit: "week" });
 * s.frequency[0]; // => 1
 * s.recency[0]; // => 2
 */
export function summarizePartial(transactions: readonly TransactionRow[] | TransactionColumns, options: SummarizePartialOptions = {}): PartialSummary {
  const fn = "summarizePartial";
  const { timestampUnit } = parseOptions(partialOptionsSchema, options, fn);
  const cols = toInputColumns(transactions, fn);
  const n = cols.n;
  const index = new IdIndex();
  const day = new Int32Array(n);
  const amount = new Float64Array(n);
  scanRows(cols, fn, index, NO_CALIBRATION, { day, amount }, timestampUnit);
  const cust = resolveCustomers(cols, fn, index);
  const nCust = index.size;
  const perm = orderByCustomerDay(cust, day, nCust);
  const offsets: number[] = new Array<number>(nCust + 1);
  const days: number[] = [];
  const net: number[] = [];
  const gross: number[] = [];
  const rows: number[] = [];
  let c = -1;
  let d = 0;
  for (let k = 0; k < n; k++) {
    const i = perm[k];
    const a = amount[i];
    const abs = a < 0 ? -a : a;
    if (cust[i] !== c) {
      while (c < cust[i]) offsets[++c] = days.length;
      d = day[i];
      days.push(d);
      net.push(a);
      gross.push(abs);
      rows.push(1);
    } else if (day[i] !== d) {
      d = day[i];
      days.push(d);
      net.push(a);
      gross.push(abs);
      rows.push(1);
    } else {
      const last = days.length - 1;
      net[last] += a;
      gross[last] += abs;
      rows[last] += 1;
    }
  }
  offsets[nCust] = days.length;
  return { kind: PARTIAL_KIND, version: 1, ids: index.ids.slice(), offsets, days, net, gross, rows };
}

/**
 * Merges two partial summaries into one covering both chunks. Associative and
 * commutative up to customer order (customers of `a` first, then new ones of `b`):
 * days present in both are combined by adding net, gross and transaction counts.
 * O(size of a + size of b). Inputs are not modified.
 *
 * @param a - a partial summary (from `summarizePartial` or an earlier merge)
 * @param b - another partial summary
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 *   when either is not a valid partial summary
 * @example
 * import { mergePartials, summarizePartial } from "clientele/data";
 * const a = summarizePartial([{ customerId: "x", timestamp: "2024-01-01", amount: 20 }]);
 * const b = summarizePartial([{ customerId: "x", timestamp: "2024-01-01", amount: -20 }]);
 * mergePartials(a, b).net; // => [0]
 */
export function mergePartials(a: PartialSummary, b: PartialSummary): PartialSummary {
  const fn = "mergePartials";
  checkPartial(a, fn, "a");
  checkPartial(b, fn, "b");
  const bIndex = new Map<string, number>();
  for (let j = 0; j < b.ids.length; j++) bIndex.set(b.ids[j], j);
  const ids: string[] = [];
  const offsets: number[] = [0];
  const days: number[] = [];
  const net: number[] = [];
  const gross: number[] = [];
  const rows: number[] = [];
  const push = (p: PartialSummary, k: number): void => {
    days.push(p.days[k]);
    net.push(p.net[k]);
    gross.push(p.gross[k]);
    rows.push(p.rows[k]);
  };
  const inA = new Set<string>();
  for (let i = 0; i < a.ids.length; i++) {
    const id = a.ids[i];
    inA.add(id);
    ids.push(id);
    let ka = a.offsets[i];
    const ea = a.offsets[i + 1];
    const j = bIndex.get(id);
    if (j === undefined) {
      for (; ka < ea; ka++) push(a, ka);
    } else {
      let kb = b.offsets[j];
      const eb = b.offsets[j + 1];
      while (ka < ea || kb < eb) {
        if (kb >= eb || (ka < ea && a.days[ka] < b.days[kb])) push(a, ka++);
        else if (ka >= ea || b.days[kb] < a.days[ka]) push(b, kb++);
        else {
          days.push(a.days[ka]);
          net.push(a.net[ka] + b.net[kb]);
          gross.push(a.gross[ka] + b.gross[kb]);
          rows.push(a.rows[ka] + b.rows[kb]);
          ka++;
          kb++;
        }
      }
    }
    offsets.push(days.length);
  }
  for (let j = 0; j < b.ids.length; j++) {
    const id = b.ids[j];
    if (inA.has(id)) continue;
    ids.push(id);
    for (let k = b.offsets[j]; k < b.offsets[j + 1]; k++) push(b, k);
    offsets.push(days.length);
  }
  return { kind: PARTIAL_KIND, version: 1, ids, offsets, days, net, gross, rows };
}

/**
 * Turns a (merged) partial summary into the per-customer summary, with the same
 * options and conventions as `summarizeTransactions`. O(customer-days).
 *
 * @param partial - from `summarizePartial` / `mergePartials` (or parsed JSON of one)
 * @param options - `observationEnd` (default: the latest day in the partial),
 *   `timeUnit` (default `"week"`), `calibrationEnd`
 * @throws ClienteleError `INVALID_MODEL` (malformed partial), `AFTER_OBSERVATION_END`
 *   (naming the customer), `INVALID_OPTION`
 * @example
 * import { finalizeSummary, summarizePartial } from "clientele/data";
 * const p = summarizePartial({
 *   customerId: ["a", "a", "a"],
 *   timestamp: ["2024-01-01", "2024-01-08", "2024-01-08"],
 *   amount: [10, 25, -25],
 * });
 * finalizeSummary(p, { observationEnd: "2024-01-29" }).frequency[0]; // => 0 (the refund cancels day 2)
 */
export function finalizeSummary(partial: PartialSummary, options: SummarizeOptions = {}): TransactionSummary {
  const fn = "finalizeSummary";
  const { obsDay, calDay, timeUnit } = resolveOptions(options, fn);
  checkPartial(partial, fn, "partial");
  const p = partial;
  const nCust = p.ids.length;
  let totalRows = 0;
  for (let k = 0; k < p.rows.length; k++) totalRows += p.rows[k];
  const acc = createAccumulator(calDay ?? NO_CALIBRATION, nCust, totalRows);
  let maxDay = -2147483648;
  for (let k = 0; k < p.days.length; k++) if (p.days[k] > maxDay) maxDay = p.days[k];
  if (p.days.length === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["partial"],
      message: `${fn}: the partial summary holds no transactions. Summarize at least one transaction first.`,
    });
  }
  const endDay = obsDay ?? maxDay;
  if (calDay !== undefined) checkCalibration(calDay, endDay, fn);
  for (let c = 0; c < nCust; c++) {
    for (let k = p.offsets[c]; k < p.offsets[c + 1]; k++) {
      const d = p.days[k];
      if (d > endDay) {
        throw new ClienteleError({
          code: "AFTER_OBSERVATION_END",
          path: ["partial", "days", k],
          received: isoDay(d),
          message:
            `${fn}: customer ${JSON.stringify(p.ids[c])} has transactions on ${isoDay(d)}, after observationEnd (${isoDay(endDay)}). ` +
            `Drop transactions after the observation end before summarizing, or move observationEnd to ${isoDay(d)} or later.`,
        });
      }
      acc.closeDay(c, d, p.net[k], p.gross[k], p.rows[k]);
    }
  }
  return jsonColumns(acc.finalize(p.ids, endDay, calDay !== undefined, timeUnit, fn));
}

/**
 * Checks that a value (e.g. parsed JSON) is a well-formed partial summary and returns it
 * typed (a partial saved with the old kind tag `"transactionPartial"` is returned as a
 * shallow copy tagged `"transaction-partial"`; the input is not modified). O(size).
 *
 * @param value - candidate partial summary
 * @throws ClienteleError `INVALID_MODEL` (also for any key that is not a field of a partial,
 *   including `__proto__`), `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { partialSummaryFromJSON, summarizePartial } from "clientele/data";
 * const p = summarizePartial([{ customerId: 1, timestamp: "2024-01-01", amount: 5 }]);
 * partialSummaryFromJSON(JSON.parse(JSON.stringify(p))).ids; // => ["1"]
 */
export function partialSummaryFromJSON(value: unknown): PartialSummary {
  checkPartial(value, "partialSummaryFromJSON", "partial");
  const p = value as PartialSummary;
  return p.kind === PARTIAL_KIND ? p : { ...p, kind: PARTIAL_KIND };
}

const PARTIAL_FIELDS: readonly string[] = ["kind", "version", "ids", "offsets", "days", "net", "gross", "rows"];

function checkPartial(value: unknown, fn: string, name: string): asserts value is PartialSummary {
  checkModelHeader(value, PARTIAL_KIND, 1, fn, LEGACY_PARTIAL_KINDS);
  const p = value as Record<string, unknown>;
  const bad = (field: string, why: string, received?: unknown): never => {
    throw new ClienteleError({
      code: "INVALID_MODEL",
      path: [name, field],
      received,
      message: `${fn}: ${name}.${field} ${why}. Pass an object produced by summarizePartial or mergePartials, unmodified.`,
    });
  };
  for (const k of Object.keys(p)) {
    if (!PARTIAL_FIELDS.includes(k)) bad(k, "is not a field of a partial summary (unknown key)", k);
  }
  for (const f of ["ids", "offsets", "days", "net", "gross", "rows"]) {
    if (!Array.isArray(p[f])) bad(f, `must be an array; got ${describeValue(p[f])}`, p[f]);
  }
  const ids = p.ids as unknown[];
  const offsets = p.offsets as unknown[];
  const days = p.days as unknown[];
  const net = p.net as unknown[];
  const gross = p.gross as unknown[];
  const rows = p.rows as unknown[];
  const m = days.length;
  if (net.length !== m || gross.length !== m || rows.length !== m) bad("days", "must have the same length as net, gross and rows");
  if (offsets.length !== ids.length + 1 || offsets[0] !== 0 || offsets[ids.length] !== m) {
    bad("offsets", `must have ids.length + 1 entries, from 0 to days.length (${m})`);
  }
  const seen = new Set<string>();
  for (let c = 0; c < ids.length; c++) {
    const id = ids[c];
    if (typeof id !== "string" || id.length === 0) bad(`ids[${c}]`, "must be a non-empty string", id);
    if (seen.has(id as string)) bad(`ids[${c}]`, "is a duplicate id", id);
    seen.add(id as string);
    const lo = offsets[c] as number;
    const hi = offsets[c + 1] as number;
    if (!Number.isInteger(hi) || hi < lo) bad(`offsets[${c + 1}]`, "must be a non-decreasing integer", hi);
    for (let k = lo; k < hi; k++) {
      const d = days[k];
      if (!Number.isInteger(d) || Math.abs(d as number) > 1e8) bad(`days[${k}]`, "must be an integer day number", d);
      if (k > lo && (d as number) <= (days[k - 1] as number)) bad(`days[${k}]`, "must increase within a customer", d);
      const v = net[k];
      const g = gross[k];
      const r = rows[k];
      if (typeof v !== "number" || !Number.isFinite(v)) bad(`net[${k}]`, "must be a finite number", v);
      if (typeof g !== "number" || !Number.isFinite(g) || g < 0) bad(`gross[${k}]`, "must be a finite non-negative number", g);
      if (!Number.isInteger(r) || (r as number) < 1) bad(`rows[${k}]`, "must be a positive integer", r);
    }
  }
}
