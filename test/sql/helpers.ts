// Test helpers: CDNOW in memory, a DuckDB connection, and running generated SQL.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { SqlQuery } from "../../src/sql/index.js";

export const CDNOW = path.resolve(__dirname, "../../../shared/data/cdnow/CDNOW_sample.txt");
export const hasCdnow = existsSync(CDNOW);
if (!hasCdnow) console.warn(`\n*** CDNOW not found at ${CDNOW}: the CDNOW SQL tests are SKIPPED ***\n`);

/** CDNOW transactions as columns: master id, YYYYMMDD number, amount. */
export function cdnow(): { customerId: string[]; ymd: number[]; amount: number[] } {
  const lines = readFileSync(CDNOW, "utf8").trim().split("\n");
  const parts = lines.map((l) => l.trim().split(/\s+/));
  return { customerId: parts.map((p) => p[0]), ymd: parts.map((p) => Number(p[2])), amount: parts.map((p) => Number(p[4])) };
}

export async function duck(threads = 2): Promise<DuckDBConnection> {
  const db = await DuckDBInstance.create(":memory:", { threads: String(threads) });
  return db.connect();
}

/** Creates `name` with the given columns (VARCHAR for strings, DOUBLE for numbers). */
export async function load(c: DuckDBConnection, name: string, cols: Record<string, ArrayLike<string | number>>): Promise<void> {
  const names = Object.keys(cols);
  const types = names.map((k) => (typeof cols[k][0] === "string" ? "VARCHAR" : "DOUBLE"));
  const q = (s: string) => '"' + s.replace(/"/g, '""') + '"';
  await c.run(`CREATE OR REPLACE TABLE ${q(name)} (${names.map((k, i) => `${q(k)} ${types[i]}`).join(", ")})`);
  const app = await c.createAppender(name);
  const n = cols[names[0]].length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < names.length; j++) {
      const v = cols[names[j]][i];
      if (types[j] === "VARCHAR") app.appendVarchar(v as string);
      else app.appendDouble(v as number);
    }
    app.endRow();
  }
  app.closeSync();
}

export async function rows(c: DuckDBConnection, q: SqlQuery): Promise<Record<string, unknown>[]> {
  const r = await c.runAndReadAll(q.sql, q.params as never);
  return r.getRowObjectsJS() as Record<string, unknown>[];
}

export function close(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}
