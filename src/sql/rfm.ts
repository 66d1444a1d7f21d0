import * as z from "../core/schema.js";
import { parseOptions } from "../core/validate.js";
import { RFM_SEGMENTS, type SegmentRule } from "../rfm/index.js";
import { alias, dbl, dialectOption, int, num, Params, quoteIdent, quoteTable, tableOption, type SqlDialect, type SqlQuery, type TableName } from "./dialect.js";

/** Column names of a summary table (defaults: the names `summarySql` writes). */
export interface SummaryColumnNames {
  /** Customer id (default "id"). */
  id?: string;
  /** Repeat purchases (default "frequency"). */
  frequency?: string;
  /** First to last purchase (default "recency"). */
  recency?: string;
  /** First purchase to end (default "T"). */
  T?: string;
  /** Mean repeat spend (default "monetary"). */
  monetary?: string;
  /** Total spend (default "totalSpend"). */
  totalSpend?: string;
  /** Purchase days (default "purchaseDays"). */
  purchaseDays?: string;
}

/** Options of {@link rfmSql}. */
export interface RfmSqlOptions {
  /** The SQL dialect. */
  dialect: SqlDialect;
  /** The summary: a table name, or a query from `summarySql` (nested as a subquery). */
  source: TableName | SqlQuery;
  /** Column names of the summary (defaults: those of `summarySql`). */
  columns?: SummaryColumnNames;
  /** Score levels, 2..100. Default 5. */
  bins?: number;
  /** Tie rule of `scoreRfm`: "average" (default), "min", "max". */
  ties?: "average" | "min" | "max";
  /** What M scores, as in `scoreRfm`: "total" (default), "average", "btyd-mean". */
  monetary?: "total" | "average" | "btyd-mean";
  /** Segment rules (default `RFM_SEGMENTS` of `clientele/rfm`, needs 5 bins); first match wins, else "Other". */
  rules?: readonly SegmentRule[];
}

const range = z.tuple([z.number(), z.number()]);
const ruleSchema = z.object({
  segment: z.string().min(1),
  action: z.string(),
  description: z.string().optional(),
  r: range.optional(),
  f: range.optional(),
  m: range.optional(),
  fm: range.optional(),
});
const summaryColumns = z.object({
  id: z.string().optional(),
  frequency: z.string().optional(),
  recency: z.string().optional(),
  T: z.string().optional(),
  monetary: z.string().optional(),
  totalSpend: z.string().optional(),
  purchaseDays: z.string().optional(),
});
const querySchema = z.object({ dialect: dialectOption(), sql: z.string(), params: z.array(z.union([z.string(), z.number()])), columns: z.array(z.string()) });
const schema = z.object({
  dialect: dialectOption(),
  source: z.union([tableOption(), querySchema]),
  columns: summaryColumns.optional(),
  bins: z.number().int().min(2).max(100).default(5),
  ties: z.enum(["average", "min", "max"]).default("average"),
  monetary: z.enum(["total", "average", "btyd-mean"]).default("total"),
  rules: z.array(ruleSchema).min(1).max(254).optional(),
});

/** FROM item for a source table or nested query (internal); returns the text and the params it brings. */
export function sourceFrom(d: SqlDialect, source: TableName | SqlQuery, fn: string): { from: string; params: (string | number)[] } {
  if (typeof source === "string" || Array.isArray(source)) return { from: quoteTable(d, source as TableName, fn, ["source"]), params: [] };
  const q = source as SqlQuery;
  return { from: `(${q.sql}) AS summary_src`, params: q.params };
}

/**
 * SQL for RFM scores and segments over a summary table, with the rules of `scoreRfm` and
 * `assignSegments` in `clientele/rfm`: R on the time since the last purchase (T − recency,
 * reversed), F on frequency, M on total spend (or average order value, or the BTYD mean);
 * a group of equal values at 0-based sorted positions lo..hi of n scores
 * 1 + floor(bins · p) with p = (lo + hi + 1) / (2n) (ties "average"), lo / n ("min") or
 * hi / n ("max"), from RANK() and COUNT(*) windows. Segments: the rule table in order,
 * first match wins, "Other" otherwise; names and actions are bound parameters. Rows with
 * a NULL frequency (excluded customers of `summarySql`) are skipped. `scoreRfm`'s
 * recency warning is not computed in SQL.
 *
 * @param options - `dialect`, `source`, `columns`, `bins` (5), `ties` ("average"), `monetary` ("total"), `rules` (RFM_SEGMENTS)
 * @throws ClienteleError `INVALID_OPTION`
 * @example
 * import { rfmSql } from "clientele/sql";
 * rfmSql({ dialect: "duckdb", source: "summary" }).columns;
 * // => ["id", "recency", "frequency", "monetary", "r", "f", "m", "segment", "action"]
 */
export function rfmSql(options: RfmSqlOptions): SqlQuery {
  const fn = "rfmSql";
  const o = parseOptions(schema, options, fn);
  const d = o.dialect;
  const q = (name: string | undefined, dflt: string, key: string) => quoteIdent(d, name ?? dflt, fn, ["columns", key]);
  const c = o.columns ?? {};
  const src = sourceFrom(d, o.source as TableName | SqlQuery, fn);
  const p = new Params(d);
  p.values.push(...src.params);
  const A = (n: string) => alias(d, n);
  const D = (e: string) => dbl(d, e);
  const sinceLast = `${D(q(c.T, "T", "T"))} - ${D(q(c.recency, "recency", "recency"))}`;
  const money =
    o.monetary === "total"
      ? D(q(c.totalSpend, "totalSpend", "totalSpend"))
      : o.monetary === "average"
        ? `${D(q(c.totalSpend, "totalSpend", "totalSpend"))} / ${D(q(c.purchaseDays, "purchaseDays", "purchaseDays"))}`
        : D(q(c.monetary, "monetary", "monetary"));
  const score = (v: string, desc: boolean) => {
    // lo / hi: first and last 0-based sorted positions of the group of equal values; hi from the
    // rank in the reverse order (no PARTITION BY a double: BigQuery refuses it)
    const lo = `(RANK() OVER (ORDER BY ${v}${desc ? " DESC" : ""}) - 1)`;
    const hi = `(COUNT(*) OVER () - RANK() OVER (ORDER BY ${v}${desc ? "" : " DESC"}))`;
    const numr = o.ties === "average" ? `(${lo} + ${hi} + 1)` : o.ties === "min" ? `(2 * ${lo})` : `(2 * ${hi})`;
    return `CAST(1 + FLOOR(${D(`${int(o.bins)} * ${numr}`)} / ${D("2 * COUNT(*) OVER ()")}) AS INT)`.replace(
      "AS INT)",
      d === "bigquery" ? "AS INT64)" : "AS INTEGER)",
    );
  };
  const rules = (o.rules ?? RFM_SEGMENTS) as readonly SegmentRule[];
  const within = (col: string, rg: readonly [number, number] | undefined) => (rg === undefined ? [] : [`${col} BETWEEN ${num(rg[0])} AND ${num(rg[1])}`]);
  const seg: string[] = [];
  const act: string[] = [];
  for (const rule of rules) {
    const cond = [...within("r", rule.r), ...within("f", rule.f), ...within("m", rule.m), ...within(`${D("f + m")} / 2e0`, rule.fm)];
    const when = cond.length === 0 ? "TRUE" : cond.join(" AND ");
    seg.push(`WHEN ${when} THEN ${p.text(rule.segment)}`);
  }
  const other = p.text("Other");
  for (const rule of rules) {
    const cond = [...within("r", rule.r), ...within("f", rule.f), ...within("m", rule.m), ...within(`${D("f + m")} / 2e0`, rule.fm)];
    act.push(`WHEN ${cond.length === 0 ? "TRUE" : cond.join(" AND ")} THEN ${p.text(rule.action)}`);
  }
  const otherAction = p.text("Review: no segment rule matched these scores.");
  const sql = [
    `WITH base AS (SELECT ${q(c.id, "id", "id")} AS cid, ${sinceLast} AS rv, ${D(q(c.frequency, "frequency", "frequency"))} AS fv, ${money} AS mv ` +
      `FROM ${src.from} WHERE ${q(c.frequency, "frequency", "frequency")} IS NOT NULL),`,
    `scored AS (SELECT cid, rv, fv, mv, ${score("rv", true)} AS r, ${score("fv", false)} AS f, ${score("mv", false)} AS m FROM base)`,
    `SELECT cid AS ${A("id")}, rv AS ${A("recency")}, fv AS ${A("frequency")}, mv AS ${A("monetary")}, r AS ${A("r")}, f AS ${A("f")}, m AS ${A("m")}, ` +
      `CASE ${seg.join(" ")} ELSE ${other} END AS ${A("segment")}, CASE ${act.join(" ")} ELSE ${otherAction} END AS ${A("action")}`,
    `FROM scored ORDER BY cid`,
  ].join("\n");
  return { dialect: d, sql, params: p.values, columns: ["id", "recency", "frequency", "monetary", "r", "f", "m", "segment", "action"] };
}
