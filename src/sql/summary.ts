import * as z from "../core/schema.js";
import { parseOptions } from "../core/validate.js";
import { ClienteleError } from "../core/errors.js";
import { timeUnitOption } from "../core/options.js";
import { daysPerUnit, type TimeUnit } from "../core/time.js";
import {
  alias,
  bigintType,
  dbl,
  doubleType,
  dialectOption,
  floorInt,
  int,
  num,
  quoteIdent,
  quoteTable,
  stringType,
  tableOption,
  type SqlDialect,
  type SqlQuery,
  type TableName,
} from "./dialect.js";

/**
 * How the timestamp column is read: `"timestamp"` (default: a TIMESTAMP, TIMESTAMPTZ or
 * DATETIME column; its UTC day counts), `"date"` (a DATE column), `"ms"` / `"s"` (epoch
 * milliseconds / seconds as numbers, in the plausible ranges of `clientele/data`), or
 * `"yyyymmdd"` (whole numbers such as 19970101).
 */
export type SqlTimestampType = "timestamp" | "date" | "ms" | "s" | "yyyymmdd";

/** Column names of the transaction table (defaults `customer_id`, `timestamp`, `amount`). */
export interface TransactionColumnNames {
  /** Customer id column (strings or integers; read as text, so 7 and '7' are one customer). */
  customerId?: string;
  /** Timestamp column, read per `timestampType`. */
  timestamp?: string;
  /** Amount column (negative amounts are refunds). */
  amount?: string;
}

/** Options of {@link summarySql}. */
export interface SummarySqlOptions {
  /** The SQL dialect. */
  dialect: SqlDialect;
  /** The transaction table (a name or a qualified path). */
  table: TableName;
  /** Column names (defaults `customer_id`, `timestamp`, `amount`). */
  columns?: TransactionColumnNames;
  /** How the timestamp column is read. Default `"timestamp"`. */
  timestampType?: SqlTimestampType;
  /** Last day of observation (ISO date, Date or epoch ms; its UTC day counts). Default: the latest transaction's day. */
  observationEnd?: Date | string | number;
  /** Last day of the calibration period; adds holdout columns. */
  calibrationEnd?: Date | string | number;
  /** Unit of recency, T and holdout duration. Default `"week"`. */
  timeUnit?: TimeUnit;
}

/** Options of {@link partialSummarySql}. */
export interface PartialSummarySqlOptions {
  /** The SQL dialect. */
  dialect: SqlDialect;
  /** The transaction table (a name or a qualified path). */
  table: TableName;
  /** Column names (defaults `customer_id`, `timestamp`, `amount`). */
  columns?: TransactionColumnNames;
  /** How the timestamp column is read. Default `"timestamp"`. */
  timestampType?: SqlTimestampType;
}

const stamp = z.union([z.date(), z.string(), z.number()]);
const columnsSchema = z.object({ customerId: z.string().optional(), timestamp: z.string().optional(), amount: z.string().optional() });
const tsType = z.enum(["timestamp", "date", "ms", "s", "yyyymmdd"]);
const summarySchema = z.object({
  dialect: dialectOption(),
  table: tableOption(),
  columns: columnsSchema.optional(),
  timestampType: tsType.default("timestamp"),
  observationEnd: stamp.optional(),
  calibrationEnd: stamp.optional(),
  timeUnit: timeUnitOption().default("week"),
});
const partialSchema = z.object({
  dialect: dialectOption(),
  table: tableOption(),
  columns: columnsSchema.optional(),
  timestampType: tsType.default("timestamp"),
});

const MS_PER_DAY = 86_400_000;

/** UTC day number of an option value (internal); INVALID_OPTION when it is not a date. */
function optionDay(v: Date | string | number, fn: string, name: string): number {
  let ms = NaN;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === "number") ms = v >= 1e11 && v < 1e13 ? v : NaN;
  else if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) {
    ms = Date.parse(v.length === 10 || /Z|[+-]\d{2}:?\d{2}$/.test(v) ? v : v + "Z");
  }
  if (!Number.isFinite(ms)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", name],
      received: v,
      message: `${fn}: options.${name} is not a date. Pass a Date, an ISO-8601 date such as "2024-03-01" or epoch milliseconds.`,
    });
  }
  return Math.floor(ms / MS_PER_DAY);
}

/** The per-row source CTE body: customer id text, UTC day (NULL when unreadable) and amount, plus row flags (internal). */
function sourceSelect(d: SqlDialect, table: string, idCol: string, tsCol: string, amtCol: string, kind: SqlTimestampType): string {
  const D = (e: string) => dbl(d, e);
  let day: string;
  let badTs: string;
  if (kind === "timestamp" || kind === "date") {
    if (kind === "timestamp") {
      day =
        d === "duckdb" || d === "postgres"
          ? floorInt(d, `EXTRACT(EPOCH FROM ${tsCol}) / 86400`)
          : d === "bigquery"
            ? `UNIX_DATE(DATE(CAST(${tsCol} AS TIMESTAMP), 'UTC'))`
            : d === "snowflake"
              ? floorInt(d, `DATE_PART(EPOCH_SECOND, ${tsCol}) / 86400`)
              : floorInt(d, `UNIX_MICROS(CAST(${tsCol} AS TIMESTAMP)) / 86400000000`);
    } else {
      day =
        d === "duckdb" || d === "postgres"
          ? `CAST(CAST(${tsCol} AS DATE) - DATE '1970-01-01' AS ${bigintType(d)})`
          : d === "snowflake"
            ? `DATEDIFF(day, TO_DATE('1970-01-01'), CAST(${tsCol} AS DATE))`
            : `UNIX_DATE(CAST(${tsCol} AS DATE))`;
    }
    badTs = `FALSE`;
  } else if (kind === "ms" || kind === "s") {
    const [lo, hi, per] = kind === "ms" ? [1e11, 1e13, 86_400_000] : [1e8, 1e10, 86_400];
    const ok = `(${D(tsCol)} >= ${num(lo)} AND ${D(tsCol)} < ${num(hi)})`;
    day = `CASE WHEN ${ok} THEN ${floorInt(d, `${D(tsCol)} / ${num(per)}`)} END`;
    badTs = `(${tsCol} IS NOT NULL AND NOT ${ok})`;
  } else {
    // YYYYMMDD numbers: calendar checks and Hinnant's days_from_civil in exact double arithmetic
    const x = D(tsCol);
    const y = `FLOOR(${x} / 1e4)`;
    const m = `(FLOOR(${x} / 1e2) - 1e2 * FLOOR(${x} / 1e4))`;
    const dd = `(${x} - 1e2 * FLOOR(${x} / 1e2))`;
    const leap = `(${y} - 4e0 * FLOOR(${y} / 4e0) = 0 AND (${y} - 1e2 * FLOOR(${y} / 1e2) <> 0 OR ${y} - 4e2 * FLOOR(${y} / 4e2) = 0))`;
    const dim = `CASE WHEN ${m} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;
    const ok = `(${x} = FLOOR(${x}) AND ${x} >= 10000101 AND ${x} <= 99991231 AND ${m} BETWEEN 1 AND 12 AND ${dd} BETWEEN 1 AND ${dim})`;
    const yy = `(${y} - CASE WHEN ${m} <= 2 THEN 1 ELSE 0 END)`;
    const era = `FLOOR(${yy} / 4e2)`;
    const yoe = `(${yy} - 4e2 * ${era})`;
    const doy = `(FLOOR((153 * (${m} + CASE WHEN ${m} > 2 THEN -3 ELSE 9 END) + 2) / 5e0) + ${dd} - 1)`;
    const doe = `(${yoe} * 365 + FLOOR(${yoe} / 4e0) - FLOOR(${yoe} / 1e2) + ${doy})`;
    day = `CASE WHEN ${ok} THEN CAST(${era} * 146097 + ${doe} - 719468 AS ${bigintType(d)}) END`;
    badTs = `(${tsCol} IS NOT NULL AND NOT ${ok})`;
  }
  const amt = D(amtCol);
  const finite = `(${amt} >= ${num(-1.7976931348623157e308)} AND ${amt} <= ${num(1.7976931348623157e308)})`;
  return (
    `SELECT CAST(${idCol} AS ${stringType(d)}) AS cid, ${day} AS d, ${amt} AS a, ` +
    `CASE WHEN ${idCol} IS NULL OR TRIM(CAST(${idCol} AS ${stringType(d)})) = '' OR ${tsCol} IS NULL OR ${amtCol} IS NULL THEN 1 ELSE 0 END AS bad_missing, ` +
    `CASE WHEN ${badTs} THEN 1 ELSE 0 END AS bad_ts, ` +
    `CASE WHEN ${amtCol} IS NOT NULL AND NOT ${finite} THEN 1 ELSE 0 END AS bad_amount ` +
    `FROM ${table}`
  );
}

function resolveColumns(d: SqlDialect, table: TableName, cols: z.output<typeof columnsSchema> | undefined, fn: string) {
  return {
    table: quoteTable(d, table, fn, ["table"]),
    id: quoteIdent(d, cols?.customerId ?? "customer_id", fn, ["columns", "customerId"]),
    ts: quoteIdent(d, cols?.timestamp ?? "timestamp", fn, ["columns", "timestamp"]),
    amount: quoteIdent(d, cols?.amount ?? "amount", fn, ["columns", "amount"]),
  };
}

/** Result columns of {@link summarySql}, in order. */
export const SUMMARY_SQL_COLUMNS = [
  "id",
  "frequency",
  "recency",
  "T",
  "monetary",
  "totalSpend",
  "transactionCount",
  "purchaseDays",
  "firstPurchaseDay",
  "lastPurchaseDay",
  "holdoutFrequency",
  "holdoutSpend",
  "excludedReason",
  "observationEndDay",
  "calibrationEndDay",
  "unitDays",
  "inputRows",
  "missingRows",
  "invalidTimestampRows",
  "nonFiniteAmountRows",
  "rowsAfterEnd",
] as const;

/**
 * SQL for the per-customer summary of a transaction table with exactly the conventions of
 * `summarizeTransactions` in `clientele/data`: UTC days; transactions of one customer-day
 * netted (refunds included) into one purchase when the net exceeds 1e-9 of the day's gross
 * absolute amount (or the day has no refund line); frequency = purchase days − 1; recency
 * and T in `timeUnit`; monetary = mean net of the repeat purchase days; totalSpend and
 * transactionCount over the (calibration) period; holdout columns with `calibrationEnd`.
 * Customers without a purchase day in the (calibration) period come back as rows with a
 * NULL frequency and `excludedReason` (`"noPurchase"` or `"firstPurchaseAfterCalibration"`).
 * Every row also carries the table-wide checks (rows with a missing value, an unreadable
 * timestamp, a non-finite amount, or a day after observationEnd); {@link fromRows} turns
 * the rows into the library's columnar summary and raises the same errors as
 * `summarizeTransactions` for those rows, so no data is dropped silently. Rows are ordered
 * by customer id (not by first appearance, as in `summarizeTransactions`).
 *
 * The engine does the work in one scan and two GROUP BYs (customer-day, customer); nothing
 * is executed here.
 *
 * @param options - `dialect`, `table`, `columns`, `timestampType` (default "timestamp"), `observationEnd`, `calibrationEnd`, `timeUnit` (default "week")
 * @returns the SQL text, its (empty) parameters and the result column names
 * @throws ClienteleError `INVALID_OPTION` (unknown option, unusable name, calibrationEnd not before observationEnd)
 * @example
 * import { summarySql } from "clientele/sql";
 * const q = summarySql({ dialect: "duckdb", table: "orders", timeUnit: "day" });
 * q.columns.slice(0, 4); // => ["id", "frequency", "recency", "T"]
 * q.params; // => []
 */
export function summarySql(options: SummarySqlOptions): SqlQuery {
  const fn = "summarySql";
  const o = parseOptions(summarySchema, options, fn);
  const d = o.dialect;
  const c = resolveColumns(d, o.table, o.columns, fn);
  const obs = o.observationEnd === undefined ? undefined : optionDay(o.observationEnd, fn, "observationEnd");
  const cal = o.calibrationEnd === undefined ? undefined : optionDay(o.calibrationEnd, fn, "calibrationEnd");
  if (obs !== undefined && cal !== undefined && cal >= obs) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "calibrationEnd"],
      received: options.calibrationEnd,
      message: `${fn}: options.calibrationEnd must be before observationEnd, so that there is a holdout period. Move calibrationEnd earlier or observationEnd later.`,
    });
  }
  const u = daysPerUnit(o.timeUnit);
  const A = (n: string) => alias(d, n);
  const D = (e: string) => dbl(d, e);
  const inCal = cal === undefined ? "TRUE" : `d <= ${int(cal)}`;
  const obsExpr = obs === undefined ? "chk.max_day" : int(obs);
  const endExpr = cal === undefined ? obsExpr : int(cal);
  const after = obs === undefined ? "0" : `SUM(CASE WHEN d > ${int(obs)} THEN 1 ELSE 0 END)`;
  const sql = [
    `WITH src AS (${sourceSelect(d, c.table, c.id, c.ts, c.amount, o.timestampType)}),`,
    `ok AS (SELECT cid, d, a FROM src WHERE bad_missing = 0 AND bad_ts = 0 AND bad_amount = 0 AND d IS NOT NULL),`,
    `chk AS (SELECT COUNT(*) AS n_rows, SUM(bad_missing) AS n_missing, SUM(bad_ts) AS n_bad_ts, SUM(bad_amount) AS n_bad_amount, ` +
      `(SELECT MAX(d) FROM ok) AS max_day, ${obs === undefined ? "0" : `(SELECT ${after} FROM ok)`} AS n_after FROM src),`,
    `days AS (SELECT cid, d, SUM(a) AS net, COUNT(*) AS n, ` +
      `CASE WHEN SUM(a) > ${num(1e-9)} * SUM(ABS(a)) OR MIN(a) >= 0 THEN 1 ELSE 0 END AS buy FROM ok GROUP BY cid, d),`,
    `marked AS (SELECT cid, d, net, n, buy, MIN(CASE WHEN buy = 1 AND ${inCal} THEN d END) OVER (PARTITION BY cid) AS first_day FROM days),`,
    `cust AS (SELECT cid, MIN(first_day) AS first_day, ` +
      `MAX(CASE WHEN buy = 1 AND ${inCal} THEN d END) AS last_day, ` +
      `SUM(CASE WHEN buy = 1 AND ${inCal} THEN 1 ELSE 0 END) AS buy_days, ` +
      `SUM(CASE WHEN buy = 1 AND ${inCal} AND d > first_day THEN net ELSE ${num(0)} END) AS sum_repeat, ` +
      `SUM(CASE WHEN ${inCal} THEN net ELSE ${num(0)} END) AS cal_net, ` +
      `SUM(CASE WHEN ${inCal} THEN n ELSE 0 END) AS cal_rows, ` +
      `SUM(CASE WHEN NOT (${inCal}) THEN buy ELSE 0 END) AS ho_buy, ` +
      `SUM(CASE WHEN NOT (${inCal}) THEN net ELSE ${num(0)} END) AS ho_net FROM marked GROUP BY cid)`,
    `SELECT cust.cid AS ${A("id")}, ` +
      `CASE WHEN cust.first_day IS NULL THEN NULL ELSE ${D("cust.buy_days - 1")} END AS ${A("frequency")}, ` +
      `${D("cust.last_day - cust.first_day")} / ${num(u)} AS ${A("recency")}, ` +
      `${D(`${endExpr} - cust.first_day`)} / ${num(u)} AS ${A("T")}, ` +
      `CASE WHEN cust.first_day IS NULL THEN NULL WHEN cust.buy_days > 1 THEN cust.sum_repeat / ${D("cust.buy_days - 1")} ELSE ${num(0)} END AS ${A("monetary")}, ` +
      `CASE WHEN cust.first_day IS NULL THEN NULL ELSE cust.cal_net END AS ${A("totalSpend")}, ` +
      `CASE WHEN cust.first_day IS NULL THEN NULL ELSE ${D("cust.cal_rows")} END AS ${A("transactionCount")}, ` +
      `CASE WHEN cust.first_day IS NULL THEN NULL ELSE ${D("cust.buy_days")} END AS ${A("purchaseDays")}, ` +
      `cust.first_day AS ${A("firstPurchaseDay")}, cust.last_day AS ${A("lastPurchaseDay")}, ` +
      (cal === undefined
        ? `CAST(NULL AS ${bigintType(d)}) AS ${A("holdoutFrequency")}, CAST(NULL AS ${doubleType(d)}) AS ${A("holdoutSpend")}, `
        : `CASE WHEN cust.first_day IS NULL THEN NULL ELSE ${D("cust.ho_buy")} END AS ${A("holdoutFrequency")}, CASE WHEN cust.first_day IS NULL THEN NULL ELSE cust.ho_net END AS ${A("holdoutSpend")}, `) +
      `CASE WHEN cust.cid IS NULL OR cust.first_day IS NOT NULL THEN NULL WHEN cust.ho_buy > 0 THEN 'firstPurchaseAfterCalibration' ELSE 'noPurchase' END AS ${A("excludedReason")}, ` +
      `${obsExpr} AS ${A("observationEndDay")}, ${cal === undefined ? `CAST(NULL AS ${bigintType(d)})` : int(cal)} AS ${A("calibrationEndDay")}, ` +
      `${num(u)} AS ${A("unitDays")}, chk.n_rows AS ${A("inputRows")}, chk.n_missing AS ${A("missingRows")}, chk.n_bad_ts AS ${A("invalidTimestampRows")}, ` +
      `chk.n_bad_amount AS ${A("nonFiniteAmountRows")}, chk.n_after AS ${A("rowsAfterEnd")}`,
    `FROM chk LEFT JOIN cust ON TRUE`,
    `ORDER BY cust.cid`,
  ].join("\n");
  return { dialect: d, sql, params: [], columns: [...SUMMARY_SQL_COLUMNS] };
}

/** Result columns of {@link partialSummarySql}, in order. */
export const PARTIAL_SQL_COLUMNS = ["id", "day", "net", "gross", "rows", "inputRows", "missingRows", "invalidTimestampRows", "nonFiniteAmountRows"] as const;

/**
 * SQL for a mergeable partial summary of a transaction table (or of one shard of it): one
 * row per customer-day with the day's net amount, gross absolute amount and number of
 * transactions. {@link partialFromRows} turns the rows into the `PartialSummary` of
 * `clientele/data`, which merges with `mergePartials` (with partials from other shards,
 * workers or `summarizePartial`) and ends with `finalizeSummary`. Table-wide row checks as
 * in {@link summarySql}.
 *
 * @param options - `dialect`, `table`, `columns`, `timestampType`
 * @throws ClienteleError `INVALID_OPTION`
 * @example
 * import { partialSummarySql } from "clientele/sql";
 * partialSummarySql({ dialect: "postgres", table: ["shard_1", "orders"] }).columns.slice(0, 5);
 * // => ["id", "day", "net", "gross", "rows"]
 */
export function partialSummarySql(options: PartialSummarySqlOptions): SqlQuery {
  const fn = "partialSummarySql";
  const o = parseOptions(partialSchema, options, fn);
  const d = o.dialect;
  const c = resolveColumns(d, o.table, o.columns, fn);
  const A = (n: string) => alias(d, n);
  const sql = [
    `WITH src AS (${sourceSelect(d, c.table, c.id, c.ts, c.amount, o.timestampType)}),`,
    `chk AS (SELECT COUNT(*) AS n_rows, SUM(bad_missing) AS n_missing, SUM(bad_ts) AS n_bad_ts, SUM(bad_amount) AS n_bad_amount FROM src),`,
    `days AS (SELECT cid, d, SUM(a) AS net, SUM(ABS(a)) AS gross, COUNT(*) AS n FROM src ` +
      `WHERE bad_missing = 0 AND bad_ts = 0 AND bad_amount = 0 AND d IS NOT NULL GROUP BY cid, d)`,
    `SELECT days.cid AS ${A("id")}, days.d AS ${A("day")}, days.net AS ${A("net")}, days.gross AS ${A("gross")}, days.n AS ${A("rows")}, ` +
      `chk.n_rows AS ${A("inputRows")}, chk.n_missing AS ${A("missingRows")}, chk.n_bad_ts AS ${A("invalidTimestampRows")}, chk.n_bad_amount AS ${A("nonFiniteAmountRows")}`,
    `FROM chk LEFT JOIN days ON TRUE`,
    `ORDER BY days.cid, days.d`,
  ].join("\n");
  return { dialect: d, sql, params: [], columns: [...PARTIAL_SQL_COLUMNS] };
}
