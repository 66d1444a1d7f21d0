// The engines the generated SQL runs on in the tests: embedded DuckDB and a PostgreSQL server
// (a throw-away cluster from scripts/pg-start.sh, or the one PGHOST/PGPORT name). One interface:
// load columns into a table, run a generated query, read rows as the driver returns them.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import pg from "pg";
import type { SqlDialect, SqlQuery } from "../../src/sql/index.js";

/** Column types the tests load; timestamp-like columns are given as epoch milliseconds. */
export type ColType = "text" | "double" | "bigint" | "timestamp" | "timestamptz" | "date";
export type Cols = Record<string, ArrayLike<string | number | null>>;

export interface Engine {
  dialect: Extract<SqlDialect, "duckdb" | "postgres">;
  /** Creates (or replaces) table `name` (quoted exactly as given) with the columns. */
  load(name: string | readonly string[], cols: Cols, types?: Record<string, ColType>): Promise<void>;
  /** Runs a generated query and returns its rows as the driver gives them. */
  rows(q: SqlQuery): Promise<Record<string, unknown>[]>;
  /** Runs a statement (setup only). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

const dq = (s: string) => '"' + s.replace(/"/g, '""') + '"';
const qualified = (name: string | readonly string[]) => (typeof name === "string" ? [name] : name).map(dq).join(".");

function inferTypes(cols: Cols, types: Record<string, ColType> = {}): Record<string, ColType> {
  const out: Record<string, ColType> = {};
  for (const k of Object.keys(cols)) {
    const first = Array.from(cols[k]).find((v) => v !== null);
    out[k] = types[k] ?? (typeof first === "string" ? "text" : "double");
  }
  return out;
}

export async function duckdbEngine(threads = 2): Promise<Engine> {
  const db = await DuckDBInstance.create(":memory:", { threads: String(threads) });
  const c = await db.connect();
  const conv: Record<ColType, (e: string) => string> = {
    text: (e) => e,
    double: (e) => e,
    bigint: (e) => `CAST(${e} AS BIGINT)`,
    timestamp: (e) => `make_timestamp(CAST(${e} * 1000 AS BIGINT))`,
    timestamptz: (e) => `to_timestamp(${e} / 1000e0)`,
    date: (e) => `CAST(make_timestamp(CAST(${e} * 1000 AS BIGINT)) AS DATE)`,
  };
  let stage = 0;
  return {
    dialect: "duckdb",
    async load(name, cols, types) {
      const t = inferTypes(cols, types);
      const names = Object.keys(cols);
      const tmp = `__stage_${stage++}`;
      await c.run(`CREATE OR REPLACE TEMP TABLE ${tmp} (${names.map((k) => `${dq(k)} ${t[k] === "text" ? "VARCHAR" : "DOUBLE"}`).join(", ")})`);
      const app = await c.createAppender(tmp);
      const n = cols[names[0]].length;
      for (let i = 0; i < n; i++) {
        for (const k of names) {
          const v = cols[k][i];
          if (v === null || v === undefined) app.appendNull();
          else if (t[k] === "text") app.appendVarchar(String(v));
          else app.appendDouble(v as number);
        }
        app.endRow();
      }
      app.closeSync();
      if (typeof name !== "string" && name.length > 1) await c.run(`CREATE SCHEMA IF NOT EXISTS ${dq(name[0])}`);
      await c.run(`CREATE OR REPLACE TABLE ${qualified(name)} AS SELECT ${names.map((k) => `${conv[t[k]](dq(k))} AS ${dq(k)}`).join(", ")} FROM ${tmp}`);
      await c.run(`DROP TABLE ${tmp}`);
    },
    async rows(q) {
      const r = await c.runAndReadAll(q.sql, q.params as never);
      return r.getRowObjectsJS() as Record<string, unknown>[];
    },
    async exec(sql) {
      await c.run(sql);
    },
    async close() {
      c.closeSync();
    },
  };
}

const ROOT = path.resolve(__dirname, "../..");

/** Connection settings of a PostgreSQL server: PGHOST & co. when set, else a throw-away cluster; undefined when neither. */
export function postgresSettings(): { host: string; port: number; user: string; database: string; dir?: string; why?: string } | { why: string } {
  if (process.env.PGHOST) {
    return {
      host: process.env.PGHOST,
      port: Number(process.env.PGPORT ?? 5432),
      user: process.env.PGUSER ?? "postgres",
      database: process.env.PGDATABASE ?? "postgres",
    };
  }
  if (!existsSync(path.join(ROOT, "scripts/pg-start.sh"))) return { why: "scripts/pg-start.sh is missing" };
  try {
    const out = execFileSync("bash", [path.join(ROOT, "scripts/pg-start.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 90_000 });
    const env = Object.fromEntries(
      out
        .trim()
        .split("\n")
        .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    return { host: env.PGHOST, port: Number(env.PGPORT), user: env.PGUSER, database: env.PGDATABASE, dir: env.CLIENTELE_PG_DIR };
  } catch (e) {
    const err = e as { status?: number; stderr?: string };
    return {
      why: `scripts/pg-start.sh failed (exit ${err.status}): ${String(err.stderr ?? e)
        .trim()
        .split("\n")
        .slice(-3)
        .join(" | ")}`,
    };
  }
}

/** Stops a throw-away cluster started by postgresSettings. */
export function stopPostgres(dir: string | undefined): void {
  if (dir) execFileSync("bash", [path.join(ROOT, "scripts/pg-stop.sh"), dir], { stdio: "ignore", timeout: 60_000 });
}

export async function postgresEngine(s: { host: string; port: number; user: string; database: string }): Promise<Engine> {
  const c = new pg.Client({ host: s.host, port: s.port, user: s.user, database: s.database });
  await c.connect();
  const sqlType: Record<ColType, string> = {
    text: "text",
    double: "double precision",
    bigint: "bigint",
    timestamp: "timestamp",
    timestamptz: "timestamptz",
    date: "date",
  };
  const conv: Record<ColType, (e: string) => string> = {
    text: (e) => e,
    double: (e) => e,
    bigint: (e) => `CAST(${e} AS bigint)`,
    timestamp: (e) => `(to_timestamp(${e} / 1000.0) AT TIME ZONE 'UTC')`,
    timestamptz: (e) => `to_timestamp(${e} / 1000.0)`,
    date: (e) => `CAST(to_timestamp(${e} / 1000.0) AT TIME ZONE 'UTC' AS date)`,
  };
  return {
    dialect: "postgres",
    async load(name, cols, types) {
      const t = inferTypes(cols, types);
      const names = Object.keys(cols);
      const parts = typeof name === "string" ? [name] : name;
      if (parts.length > 1) await c.query(`CREATE SCHEMA IF NOT EXISTS ${dq(parts[0])}`);
      await c.query(`DROP TABLE IF EXISTS ${qualified(name)}`);
      await c.query(`CREATE TABLE ${qualified(name)} (${names.map((k) => `${dq(k)} ${sqlType[t[k]]}`).join(", ")})`);
      const arrays = names.map((k) => Array.from(cols[k]));
      const src = names.map((k, i) => `$${i + 1}::${t[k] === "text" ? "text" : "float8"}[]`).join(", ");
      const sel = names.map((k, i) => conv[t[k]](`u.c${i}`)).join(", ");
      await c.query(`INSERT INTO ${qualified(name)} SELECT ${sel} FROM unnest(${src}) AS u(${names.map((_, i) => `c${i}`).join(", ")})`, arrays);
    },
    async rows(q) {
      const r = await c.query(q.sql, q.params);
      return r.rows;
    },
    async exec(sql) {
      await c.query(sql);
    },
    async close() {
      await c.end();
    },
  };
}
