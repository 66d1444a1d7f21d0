import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { jsonColumns } from "../core/json.js";
import { parseOptions } from "../core/validate.js";
import { NO_CALIBRATION } from "./accumulate.js";
import { readCustomerDays } from "./kpi-read.js";
import { timestampUnitOption } from "./summarize.js";
import { dayFromCivil, isoDay, MS_PER_DAY, optionDay } from "./time.js";
import type { TimestampUnit, TransactionColumns, TransactionRow } from "./types.js";

/** Length of a cohort period: ISO weeks (Monday to Sunday, UTC) or calendar months (UTC). */
export type CohortPeriod = "week" | "month";

/** Options of {@link cohortRetention}. */
export interface CohortRetentionOptions {
  /** `"month"` (default): calendar months (UTC); `"week"`: weeks from Monday to Sunday (UTC). */
  period?: CohortPeriod;
  /** How numeric timestamps are read, as in `summarizeTransactions` (default `"ms"`). */
  timestampUnit?: TimestampUnit;
  /**
   * Last observed day (Date, ISO-8601 string or a number in `timestampUnit`). Default: the day
   * of the latest transaction. Later transactions are `AFTER_OBSERVATION_END`, as in
   * `summarizeTransactions`. Periods ending after it are reported with `complete: false`.
   */
  observationEnd?: Date | string | number;
}

/**
 * Cohort retention table in long form: one entry per (cohort, offset) in every column, cohorts in
 * time order, offsets 0, 1, ... up to the period holding the observation end.
 */
export interface CohortRetention {
  /** Period length of cohorts and offsets. */
  period: CohortPeriod;
  /** Number of rows (cohort-offset cells). */
  n: number;
  /** Number of cohorts (periods from the first to the last first purchase, empty ones included). */
  cohorts: number;
  /** Cohort label: `"YYYY-MM"` for months, the Monday `"YYYY-MM-DD"` for weeks. */
  cohort: string[];
  /** First day of the cohort period, epoch ms at UTC midnight. */
  cohortStart: Float64Array;
  /** Periods since the cohort period (0 = the cohort's own period). */
  offset: Float64Array;
  /** First day of the period `offset` periods after the cohort period, epoch ms at UTC midnight. */
  periodStart: Float64Array;
  /** False when the period ends after the observation end (a partial period). */
  complete: boolean[];
  /** Customers whose first purchase day falls in the cohort period. */
  cohortSize: Float64Array;
  /** Cohort customers with at least one purchase day in this period (offset 0: all of them). */
  customers: Float64Array;
  /** customers / cohortSize; null (with `reason`) for a cohort with no customers. */
  customerRate: (number | null)[];
  /** Net amount (refunds included) of the cohort's customers in this period. */
  revenue: Float64Array;
  /** revenue / revenue at offset 0; null (with `reason`) when the cohort's offset-0 revenue is not positive. */
  revenueRate: (number | null)[];
  /** Why a rate of the row is null; null when both rates are defined. */
  reason: (string | null)[];
  /** Observation end day, epoch ms at UTC midnight. */
  observationEnd: number;
  /** Customers with no purchase day (only refunds or zero-net days with refunds): in no cohort. */
  excluded: { noPurchase: string[] };
}

/** One cell of a cohort table in row form (see {@link cohortRows}). */
export interface CohortRow {
  cohort: string;
  cohortStart: number;
  offset: number;
  periodStart: number;
  complete: boolean;
  cohortSize: number;
  customers: number;
  customerRate: number | null;
  revenue: number;
  revenueRate: number | null;
  reason: string | null;
}

const cohortOptions = z.object({
  period: z.enum(["week", "month"]).default("month"),
  timestampUnit: timestampUnitOption().default("ms"),
  observationEnd: z.union([z.date(), z.string(), z.number()]).optional(),
});

/** Most cells (cohorts x offsets) a cohort table holds (TOO_LARGE beyond). */
const MAX_CELLS = 1_000_000;

/** Year and month (1-12) of a UTC day number (Hinnant's civil_from_days). Internal. */
export function civilOfDay(day: number): { y: number; m: number } {
  const z0 = day + 719468;
  const era = Math.floor(z0 / 146097);
  const doe = z0 - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m };
}

/** Period number of a UTC day: months since year 0 (y * 12 + m - 1), or Monday-weeks since 1969-12-29. Internal. */
export function periodOfDay(day: number, period: CohortPeriod): number {
  if (period === "week") return Math.floor((day + 3) / 7);
  const { y, m } = civilOfDay(day);
  return y * 12 + m - 1;
}

/** First UTC day of a period number. Internal. */
export function periodStartDay(p: number, period: CohortPeriod): number {
  if (period === "week") return p * 7 - 3;
  return dayFromCivil(Math.floor(p / 12), (p % 12) + 1, 1);
}

function periodLabel(p: number, period: CohortPeriod): string {
  if (period === "week") return isoDay(periodStartDay(p, period));
  const y = Math.floor(p / 12);
  const m = (p % 12) + 1;
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}`;
}

/**
 * Cohort retention by first-purchase period: customers are grouped by the period (calendar
 * month, or Monday-to-Sunday week, in UTC) of their first purchase day, and for each later
 * period the table gives how many of them bought again and how much they spent, as counts and
 * as rates.
 *
 * Definitions (transactions are read exactly as `summarizeTransactions` reads them: UTC days,
 * the rows of one customer-day netted, a purchase is a customer-day with positive net):
 * - cohort = period of the customer's first purchase day; cohorts run from the first to the
 *   last cohort period, and a period in between with no first purchase is a cohort of size 0
 *   (its rates are null, with a reason);
 * - offset k = the k-th period after the cohort period, by calendar (months: 1997-01 → 1997-02
 *   is offset 1 whatever the day; not 30.4375-day blocks);
 * - customers(k) = cohort customers with at least one purchase day in period k;
 *   customerRate(k) = customers(k) / cohortSize, so offset 0 is always 1;
 * - revenue(k) = net amount (refunds included) of the cohort's customers in period k;
 *   revenueRate(k) = revenue(k) / revenue(0), null when revenue(0) is not positive;
 * - offsets run to the period holding the observation end; that last period is `complete: false`
 *   unless the observation end is its last day.
 *
 * O(n + cohorts x offsets). `cohortRows` gives the row view; `JSON.stringify` writes columns as arrays.
 *
 * @param transactions - rows `{ customerId, timestamp, amount }` or parallel columns, as for `summarizeTransactions`
 * @param options - `period` (default `"month"`), `timestampUnit` (default `"ms"`), `observationEnd`
 * @returns the long-form table (one entry per cohort and offset in each column)
 * @throws ClienteleError `EMPTY_INPUT`, `MISSING_VALUE`, `INVALID_ID`, `INVALID_TIMESTAMP`,
 *   `AFTER_OBSERVATION_END`, `NON_FINITE`, `OUT_OF_RANGE`, `INVALID_INPUT`, `MISSING_COLUMN`,
 *   `LENGTH_MISMATCH`, `INVALID_OPTION`, `TOO_LARGE` (more than 1,000,000 cells: use months, or
 *   cut the log), `DEGENERATE_INPUT` (no customer has a purchase day)
 * @example
 * import { cohortRetention } from "clientele/data";
 * const t = cohortRetention({
 *   customerId: ["a", "a", "b", "c"],
 *   timestamp: ["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-03"],
 *   amount: [10, 20, 5, 8],
 * });
 * t.cohort; // => ["2024-01", "2024-01", "2024-02"]
 * t.offset; // => Float64Array [0, 1, 0]
 * t.customers; // => Float64Array [2, 1, 1]
 * t.customerRate; // => [1, 0.5, 1]
 * t.revenueRate; // => [1, 1.3333333333333333, 1]
 */
export function cohortRetention(transactions: readonly TransactionRow[] | TransactionColumns, options: CohortRetentionOptions = {}): CohortRetention {
  const fn = "cohortRetention";
  const opts = parseOptions(cohortOptions, options, fn);
  const period = opts.period as CohortPeriod;
  const obsOpt = opts.observationEnd === undefined ? undefined : optionDay(opts.observationEnd, fn, "observationEnd", opts.timestampUnit);
  const cd = readCustomerDays(transactions, fn, opts.timestampUnit, obsOpt ?? NO_CALIBRATION);
  const obsDay = obsOpt ?? cd.maxDay;
  const nCust = cd.ids.length;
  const endP = periodOfDay(obsDay, period);
  // cohort period per customer (first purchase day), or NaN for customers without a purchase
  const cohortOf = new Float64Array(nCust).fill(NaN);
  const noPurchase: string[] = [];
  let firstP = Infinity;
  let lastP = -Infinity;
  for (let c = 0; c < nCust; c++) {
    for (let k = cd.start[c]; k < cd.start[c + 1]; k++) {
      if (cd.purchase[k]) {
        const p = periodOfDay(cd.day[k], period);
        cohortOf[c] = p;
        if (p < firstP) firstP = p;
        if (p > lastP) lastP = p;
        break;
      }
    }
    if (cohortOf[c] !== cohortOf[c]) noPurchase.push(cd.ids[c]);
  }
  if (firstP === Infinity) {
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["transactions"],
      received: nCust,
      message: `${fn}: none of the ${nCust} customers has a purchase day (every customer-day nets to zero or less), so there is no cohort. Check the sign of the amount column (refunds are negative).`,
    });
  }
  const nCohorts = lastP - firstP + 1;
  // cells: cohort i has offsets 0..endP - (firstP + i)
  const span = endP - firstP + 1;
  const cells = nCohorts * span - (nCohorts * (nCohorts - 1)) / 2;
  if (cells > MAX_CELLS) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["transactions"],
      received: cells,
      message: `${fn}: ${nCohorts} cohorts over ${span} ${period}s make ${cells} cells, more than ${MAX_CELLS}. ${period === "week" ? 'Use { period: "month" }, or keep' : "Keep"} the transactions of the cohorts and years you need.`,
    });
  }
  const rowOf = new Int32Array(nCohorts); // first row of each cohort
  let acc = 0;
  for (let i = 0; i < nCohorts; i++) {
    rowOf[i] = acc;
    acc += endP - (firstP + i) + 1;
  }
  const size = new Float64Array(nCohorts);
  const customers = new Float64Array(cells);
  const revenue = new Float64Array(cells);
  for (let c = 0; c < nCust; c++) {
    const p0 = cohortOf[c];
    if (p0 !== p0) continue;
    const i = p0 - firstP;
    size[i]++;
    let lastCounted = -1;
    for (let k = cd.start[c]; k < cd.start[c + 1]; k++) {
      const off = periodOfDay(cd.day[k], period) - p0;
      if (off < 0) continue; // a refund-only day before the first purchase period
      const row = rowOf[i] + off;
      revenue[row] += cd.net[k];
      if (cd.purchase[k] && off !== lastCounted) {
        customers[row]++;
        lastCounted = off;
      }
    }
  }
  const cohort = new Array<string>(cells);
  const cohortStart = new Float64Array(cells);
  const offset = new Float64Array(cells);
  const periodStart = new Float64Array(cells);
  const complete = new Array<boolean>(cells);
  const cohortSize = new Float64Array(cells);
  const customerRate = new Array<number | null>(cells);
  const revenueRate = new Array<number | null>(cells);
  const reason = new Array<string | null>(cells);
  for (let i = 0; i < nCohorts; i++) {
    const p0 = firstP + i;
    const label = periodLabel(p0, period);
    const start0 = periodStartDay(p0, period) * MS_PER_DAY;
    const r0 = rowOf[i];
    const rev0 = revenue[r0];
    for (let off = 0; off <= endP - p0; off++) {
      const row = r0 + off;
      cohort[row] = label;
      cohortStart[row] = start0;
      offset[row] = off;
      periodStart[row] = periodStartDay(p0 + off, period) * MS_PER_DAY;
      complete[row] = periodStartDay(p0 + off + 1, period) - 1 <= obsDay;
      cohortSize[row] = size[i];
      if (size[i] === 0) {
        customerRate[row] = null;
        revenueRate[row] = null;
        reason[row] = `no customer made a first purchase in ${label}`;
        continue;
      }
      customerRate[row] = customers[row] / size[i];
      if (rev0 > 0) {
        revenueRate[row] = revenue[row] / rev0;
        reason[row] = null;
      } else {
        revenueRate[row] = null;
        reason[row] = `revenueRate: the cohort's net revenue in its first period is ${rev0} (not positive)`;
      }
    }
  }
  return jsonColumns({
    period,
    n: cells,
    cohorts: nCohorts,
    cohort,
    cohortStart,
    offset,
    periodStart,
    complete,
    cohortSize,
    customers,
    customerRate,
    revenue,
    revenueRate,
    reason,
    observationEnd: obsDay * MS_PER_DAY,
    excluded: { noPurchase },
  });
}

const COHORT_COLUMNS: Readonly<Record<string, CellType>> = {
  cohort: "string",
  cohortStart: "number",
  offset: "number",
  periodStart: "number",
  complete: "boolean",
  cohortSize: "number",
  customers: "number",
  customerRate: "number?",
  revenue: "number",
  revenueRate: "number?",
  reason: "string?",
};

/**
 * The row view of a {@link cohortRetention} table: one plain object per cohort and offset. O(n).
 *
 * @param table - the result of `cohortRetention`
 * @throws ClienteleError `INVALID_INPUT` (not a cohort table), `MISSING_COLUMN`, `LENGTH_MISMATCH`
 * @example
 * import { cohortRetention, cohortRows } from "clientele/data";
 * const t = cohortRetention({ customerId: [1, 1], timestamp: ["2024-01-05", "2024-02-10"], amount: [10, 20] });
 * cohortRows(t)[1];
 * // => { cohort: "2024-01", cohortStart: 1704067200000, offset: 1, periodStart: 1706745600000, complete: false,
 * //      cohortSize: 1, customers: 1, customerRate: 1, revenue: 20, revenueRate: 2, reason: null }
 */
export function cohortRows(table: CohortRetention): CohortRow[] {
  const fn = "cohortRows";
  const t = checkTable(table, COHORT_COLUMNS, fn, "table", "cohortRetention") as unknown as CohortRetention;
  const out = new Array<CohortRow>(t.n);
  for (let i = 0; i < t.n; i++) {
    out[i] = {
      cohort: t.cohort[i],
      cohortStart: t.cohortStart[i],
      offset: t.offset[i],
      periodStart: t.periodStart[i],
      complete: t.complete[i],
      cohortSize: t.cohortSize[i],
      customers: t.customers[i],
      customerRate: t.customerRate[i],
      revenue: t.revenue[i],
      revenueRate: t.revenueRate[i],
      reason: t.reason[i],
    };
  }
  return out;
}

/** What a cell of a columnar result holds: `?` allows null (a value with its `reason`). */
export type CellType = "string" | "string?" | "number" | "number?" | "boolean";

const cellOk = (v: unknown, t: CellType): boolean =>
  (v === null && t.endsWith("?")) ||
  (t.startsWith("number") ? typeof v === "number" && Number.isFinite(v) : t.startsWith("string") ? typeof v === "string" : typeof v === "boolean");

/** Checks a columnar result's `n`, columns and cell types (internal). */
export function checkTable(
  value: unknown,
  columns: Readonly<Record<string, CellType>>,
  fn: string,
  name: string,
  producer: string,
): Record<string, ArrayLike<unknown>> & { n: number } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name],
      received: value,
      message: `${fn}: ${name} must be the result of ${producer}. Got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}.`,
    });
  }
  const t = value as Record<string, unknown>;
  const n = t.n;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name, "n"],
      received: n,
      message: `${fn}: ${name}.n must be a whole number >= 0; pass the result of ${producer}.`,
    });
  }
  for (const [col, type] of Object.entries(columns)) {
    const c = t[col] as { length?: unknown } | null | undefined;
    if (c === null || typeof c !== "object" || typeof c.length !== "number") {
      throw new ClienteleError({
        code: "MISSING_COLUMN",
        path: [name, col],
        received: c,
        message: `${fn}: ${name}.${col} is missing; pass the result of ${producer}.`,
      });
    }
    if (c.length !== n) {
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: [name, col],
        received: c.length,
        message: `${fn}: ${name}.${col} has ${c.length} values but ${name}.n is ${n}; pass the result of ${producer} unchanged.`,
      });
    }
    const cells = c as ArrayLike<unknown>;
    for (let i = 0; i < n; i++) {
      if (!cellOk(cells[i], type)) {
        throw new ClienteleError({
          code: cells[i] === null || cells[i] === undefined ? "MISSING_VALUE" : typeof cells[i] === "number" ? "NON_FINITE" : "INVALID_INPUT",
          path: [name, col, i],
          received: cells[i],
          message: `${fn}: ${name}.${col}[${i}] is ${describeValue(cells[i])}, not ${type === "number?" ? "a finite number or null" : type === "string?" ? "a string or null" : `a ${type === "number" ? "finite number" : type}`}; pass the result of ${producer} unchanged.`,
        });
      }
    }
  }
  return t as Record<string, ArrayLike<unknown>> & { n: number };
}
