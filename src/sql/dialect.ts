// SQL dialects: identifier quoting, numeric literals, bound parameters and the few
// expressions that differ between engines (casts, day numbers, number series).
import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";

/** The SQL dialects `clientele/sql` writes. DuckDB and PostgreSQL are executed in CI; the others are checked against golden files. */
export type SqlDialect = "duckdb" | "postgres" | "bigquery" | "snowflake" | "spark";

/** The dialect names, for option schemas and messages. */
export const SQL_DIALECTS: readonly SqlDialect[] = ["duckdb", "postgres", "bigquery", "snowflake", "spark"];

/**
 * A table: a name, or a qualified path such as `["analytics", "orders"]` (schema.table) or
 * `["project", "dataset", "orders"]` (BigQuery). Every part is quoted for the dialect, so any
 * character except control characters is allowed (quotes, dots, semicolons, unicode).
 */
export type TableName = string | readonly string[];

/**
 * Generated SQL: the text, the values bound to its placeholders (`$1, $2, ...` for DuckDB and
 * PostgreSQL, `?` for BigQuery, Snowflake and Spark, in order), and the result columns.
 * Numbers are written into the text only as validated finite literals; strings only as
 * bound parameters.
 */
export interface SqlQuery {
  /** The dialect the text is written in. */
  dialect: SqlDialect;
  /** The SQL text (one statement, no trailing semicolon). */
  sql: string;
  /** Values for the placeholders, in order (pass them to the driver as positional parameters). */
  params: (string | number)[];
  /** Names of the result columns, in order. */
  columns: string[];
}

/** Schema of the `dialect` option (internal). */
export const dialectOption = (): z.ZodType<SqlDialect> => z.enum(["duckdb", "postgres", "bigquery", "snowflake", "spark"]);

/** Schema of a table name (internal): a string or a non-empty array of strings. */
export const tableOption = (): z.ZodType<TableName> => z.union([z.string(), z.array(z.string()).min(1).max(4)]);

/** Checks one identifier part (internal): non-empty, at most 255 characters, no control characters. */
function checkIdentifier(name: unknown, fn: string, path: (string | number)[]): string {
  // eslint-disable-next-line no-control-regex
  if (typeof name !== "string" || name.length === 0 || name.length > 255 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", ...path],
      received: name,
      message:
        `${fn}: options.${path.join(".")} must be a non-empty name of at most 255 characters without control characters ` +
        `(it is quoted for the dialect, so quotes, dots, spaces and unicode are fine). Got ${describeValue(name)}.`,
    });
  }
  return name;
}

/** Quotes one identifier for the dialect (internal); throws INVALID_OPTION for an unusable name. */
export function quoteIdent(dialect: SqlDialect, name: unknown, fn: string, path: (string | number)[]): string {
  const s = checkIdentifier(name, fn, path);
  if (dialect === "bigquery") return "`" + s.replace(/\\/g, "\\\\").replace(/`/g, "\\`") + "`";
  if (dialect === "spark") return "`" + s.replace(/`/g, "``") + "`";
  return '"' + s.replace(/"/g, '""') + '"';
}

/** Quotes a table name or path (internal). */
export function quoteTable(dialect: SqlDialect, table: TableName, fn: string, path: (string | number)[]): string {
  const parts = typeof table === "string" ? [table] : table;
  return parts.map((p, i) => quoteIdent(dialect, p, fn, typeof table === "string" ? path : [...path, i])).join(".");
}

/**
 * A finite number as a SQL literal that every dialect reads as a double (internal): the
 * shortest round-trip digits in exponent form (`2.5e0`, `-1.25e-7`), so DuckDB does not
 * read it as a DECIMAL. Throws for a non-finite number (a bug: callers validate first).
 */
export function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`clientele/sql: internal error, non-finite literal ${v}`);
  if (v === 0) return "0e0";
  return v.toExponential().replace("e+", "e");
}

/** An integer literal (internal); day numbers and counts. */
export function int(v: number): string {
  if (!Number.isSafeInteger(v)) throw new Error(`clientele/sql: internal error, not an integer literal ${v}`);
  return String(v);
}

/** Collects bound parameters and hands out placeholders (internal). */
export class Params {
  readonly values: (string | number)[] = [];
  constructor(readonly dialect: SqlDialect) {}
  /** Placeholder for a string value, cast to the dialect's string type. */
  text(v: string): string {
    this.values.push(v);
    const ph = this.dialect === "duckdb" || this.dialect === "postgres" ? `$${this.values.length}` : "?";
    return `CAST(${ph} AS ${stringType(this.dialect)})`;
  }
}

/** The dialect's string type name (internal). */
export function stringType(d: SqlDialect): string {
  return d === "postgres" ? "text" : d === "bigquery" || d === "spark" ? "STRING" : "VARCHAR";
}

/** The dialect's double type name (internal). */
export function doubleType(d: SqlDialect): string {
  return d === "postgres" ? "double precision" : d === "bigquery" ? "FLOAT64" : "DOUBLE";
}

/** The dialect's 64-bit integer type name (internal). */
export function bigintType(d: SqlDialect): string {
  return d === "bigquery" ? "INT64" : "BIGINT";
}

/** CAST(expr AS DOUBLE) in the dialect (internal). */
export function dbl(d: SqlDialect, expr: string): string {
  return `CAST(${expr} AS ${doubleType(d)})`;
}

/** Natural logarithm (internal). */
export function ln(_d: SqlDialect, expr: string): string {
  return `LN(${expr})`;
}

/**
 * exp(expr) clamped below at -700 (internal): PostgreSQL raises an error on underflow, and
 * exp(-700) = 1e-304 is 0 for every sum it enters.
 */
export function expClamped(_d: SqlDialect, expr: string): string {
  return `EXP(GREATEST(${num(-700)}, ${expr}))`;
}

/** FLOOR(expr) as a 64-bit integer (internal). */
export function floorInt(d: SqlDialect, expr: string): string {
  return `CAST(FLOOR(${expr}) AS ${bigintType(d)})`;
}

/**
 * A one-column table `k` holding the integers 0..n-1 (internal), as a FROM item with the alias.
 */
export function seriesTable(d: SqlDialect, n: number, alias: string, col: string): string {
  const hi = int(n - 1);
  switch (d) {
    case "duckdb":
      return `(SELECT CAST(range AS BIGINT) AS ${col} FROM range(0, ${int(n)})) AS ${alias}`;
    case "postgres":
      return `(SELECT CAST(g AS bigint) AS ${col} FROM generate_series(0, ${hi}) AS g) AS ${alias}`;
    case "bigquery":
      return `(SELECT g AS ${col} FROM UNNEST(GENERATE_ARRAY(0, ${hi})) AS g) AS ${alias}`;
    case "snowflake":
      return `(SELECT CAST(ROW_NUMBER() OVER (ORDER BY SEQ4()) - 1 AS BIGINT) AS ${col} FROM TABLE(GENERATOR(ROWCOUNT => ${int(n)}))) AS ${alias}`;
    case "spark":
      return `(SELECT CAST(g AS BIGINT) AS ${col} FROM (SELECT explode(sequence(0, ${hi})) AS g) AS gs) AS ${alias}`;
  }
}

/** Alias quoting for generated output columns (internal): the same as identifiers. */
export function alias(d: SqlDialect, name: string): string {
  return quoteIdent(d, name, "clientele/sql", ["column"]);
}
