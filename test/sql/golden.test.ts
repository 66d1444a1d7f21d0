// BigQuery, Snowflake and Spark SQL have no engine here: the text of every generated query is
// pinned by golden files (test/sql/golden/<dialect>/<query>.sql; DuckDB and PostgreSQL too, as
// a review aid) and parsed by node-sql-parser with the dialect's grammar (Spark with its Hive
// grammar; bound parameters replaced by string literals, which is what the driver sends).
// Regenerate after an intended change: UPDATE_GOLDEN=1 npx vitest run test/sql/golden.test.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import NSP from "node-sql-parser";
import { partialSummarySql, rfmSql, scoreSql, summarySql, SQL_DIALECTS, type SqlDialect, type SqlQuery } from "../../src/sql/index.js";

const { Parser } = NSP as unknown as { Parser: new () => { astify(sql: string, o: { database: string }): unknown } };
const DIR = path.resolve(__dirname, "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const GRAMMAR: Record<SqlDialect, string> = { duckdb: "postgresql", postgres: "postgresql", bigquery: "bigquery", snowflake: "snowflake", spark: "hive" };

const bg = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
const gg = { kind: "gamma-gamma", version: 1, timeUnit: "week", params: { p: 6.25, q: 3.74, gamma: 15.44 } } as const;
const lr = { kind: "logistic-regression", version: 1, featureNames: ["frequency", "recency"], intercept: -0.5, coefficients: [0.8, -0.03] } as const;
// (backticks in names are tested below and executed on DuckDB and PostgreSQL; the parser does not read BigQuery's \` escape)
const HOSTILE_TABLE = ["data set", 'x"; DROP TABLE y; --'];
const HOSTILE_COLS = { customerId: "select", timestamp: "Time Stamp", amount: "€'amount" };

const queries = (d: SqlDialect): Record<string, SqlQuery> => ({
  summary: summarySql({ dialect: d, table: ["analytics", "orders"], observationEnd: "2024-06-30", calibrationEnd: "2024-03-31", timeUnit: "week" }),
  "summary-yyyymmdd": summarySql({ dialect: d, table: "cdnow", columns: { timestamp: "ymd" }, timestampType: "yyyymmdd", timeUnit: "day" }),
  "summary-date-ms": summarySql({ dialect: d, table: "orders", timestampType: "ms", timeUnit: "month" }),
  "summary-hostile": summarySql({ dialect: d, table: HOSTILE_TABLE, columns: HOSTILE_COLS, timestampType: "date" }),
  partial: partialSummarySql({ dialect: d, table: ["shard_07", "orders"], timestampType: "s" }),
  rfm: rfmSql({ dialect: d, source: "summary", ties: "average", monetary: "total" }),
  "rfm-nested": rfmSql({
    dialect: d,
    source: summarySql({ dialect: d, table: "orders" }),
    bins: 4,
    ties: "min",
    monetary: "average",
    rules: [{ segment: "O'Top\"; --", action: "keep", r: [3, 4], fm: [3, 4] }],
  }),
  "score-bgnbd-clv": scoreSql(bg, { dialect: d, source: "summary", t: 12, spendModel: gg, clv: { horizon: 3, discountRate: 0.01 } }),
  "score-gamma-gamma": scoreSql(gg, { dialect: d, source: "summary" }),
  "score-logistic": scoreSql(lr, { dialect: d, source: ["ml", "features"], columns: { id: "customer" }, features: { recency: "days since" } }),
});

function render(name: string, d: SqlDialect, q: SqlQuery): string {
  return [
    `-- clientele/sql golden file: ${name} (${d}). Regenerate: UPDATE_GOLDEN=1 npx vitest run test/sql/golden.test.ts`,
    `-- params: ${JSON.stringify(q.params)}`,
    `-- columns: ${JSON.stringify(q.columns)}`,
    q.sql,
    "",
  ].join("\n");
}

/** The text as a driver would send it with the parameters inlined as string literals (for the parser only). */
function bound(q: SqlQuery): string {
  let i = 0;
  const lit = () => `'${String(q.params[i++]).replace(/'/g, "''")}'`;
  return q.dialect === "duckdb" || q.dialect === "postgres"
    ? q.sql.replace(/\$(\d+)/g, (_m, k) => `'${String(q.params[Number(k) - 1]).replace(/'/g, "''")}'`)
    : q.sql.replace(/\?/g, lit);
}

describe("golden files: the generated text of every query in every dialect", () => {
  for (const d of SQL_DIALECTS) {
    for (const [name, q] of Object.entries(queries(d))) {
      it(`${d}/${name}.sql`, () => {
        const file = path.join(DIR, d, `${name}.sql`);
        const text = render(name, d, q);
        if (UPDATE) {
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, text);
        }
        expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/sql/golden.test.ts and commit it`).toBe(true);
        expect(text).toBe(readFileSync(file, "utf8"));
        // values never spliced: the only string literals in the text are the generated ones
        const ident = d === "bigquery" ? /`(?:[^`\\]|\\.)*`/g : d === "spark" ? /`(?:[^`]|``)*`/g : /"(?:[^"]|"")*"/g;
        const literals = q.sql.replace(ident, "IDENT").match(/'(?:[^']|'')*'/g) ?? [];
        for (const l of literals)
          expect(["''", "'UTC'", "'1970-01-01'", "'firstPurchaseAfterCalibration'", "'noPurchase'"], `${d}/${name}: literal ${l}`).toContain(l);
      });
    }
  }
});

describe("parsing: node-sql-parser reads every query with the dialect's grammar", () => {
  const parser = new Parser();
  for (const d of SQL_DIALECTS) {
    for (const [name, q] of Object.entries(queries(d))) {
      it(`${d} (${GRAMMAR[d]} grammar): ${name}`, () => {
        expect(() => parser.astify(bound(q), { database: GRAMMAR[d] })).not.toThrow();
      });
    }
  }
});

describe("identifier quoting per dialect", () => {
  const from = (d: SqlDialect, table: string | string[]) => {
    const src = summarySql({ dialect: d, table }).sql.split("),\nok AS")[0];
    return src.slice(src.lastIndexOf(" FROM ") + 6);
  };
  it("double quotes doubled (DuckDB, PostgreSQL, Snowflake), backticks doubled (Spark), backslash-escaped (BigQuery)", () => {
    expect(from("duckdb", 'a"b')).toBe('"a""b"');
    expect(from("postgres", ["s", 'x"; --'])).toBe('"s"."x""; --"');
    expect(from("snowflake", ["DB", "PUBLIC", "Orders"])).toBe('"DB"."PUBLIC"."Orders"');
    expect(from("spark", "a`b")).toBe("`a``b`");
    expect(from("bigquery", ["p", "d", "a`b\\c"])).toBe("`p`.`d`.`a\\`b\\\\c`");
  });
  it("reserved words, dots, spaces, unicode and semicolons stay inside one quoted name", () => {
    for (const name of ["select", "a.b", "time stamp", "客户", "x;y", "$1", "?"]) {
      expect(from("duckdb", name)).toBe(`"${name}"`);
      expect(from("spark", name)).toBe(`\`${name}\``);
    }
  });
  it("control characters and empty names are refused (INVALID_OPTION naming the option)", () => {
    for (const bad of ["", "a\u0000b", "line\nbreak", "x".repeat(256)]) {
      expect(() => summarySql({ dialect: "duckdb", table: bad })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
      expect(() => summarySql({ dialect: "bigquery", table: "t", columns: { amount: bad } })).toThrow(/options\.columns\.amount/);
    }
  });
  it("placeholders: $n for DuckDB and PostgreSQL, ? for BigQuery, Snowflake and Spark", () => {
    expect(rfmSql({ dialect: "postgres", source: "s" }).sql).toContain("CAST($1 AS text)");
    expect(rfmSql({ dialect: "duckdb", source: "s" }).sql).toContain("CAST($1 AS VARCHAR)");
    for (const d of ["bigquery", "snowflake", "spark"] as const) expect(rfmSql({ dialect: d, source: "s" }).sql).not.toMatch(/\$\d/);
  });
});
