// Apache Arrow as the bridge: tables built by apache-arrow, and DuckDB results handed over as
// Arrow tables, read by fromRows / partialFromRows / arrowToColumns from their buffers.
// (@duckdb/node-api has no Arrow export and DuckDB's arrow extension is a download, so the DuckDB
// table is DuckDB's columnar result put into Arrow vectors by apache-arrow, as a host would.)
import { describe, expect, it } from "vitest";
import {
  makeData,
  makeVector,
  Table,
  tableFromArrays,
  vectorFromArray,
  Float64,
  Int64,
  Int32,
  TimestampMillisecond,
  DateDay,
  Utf8,
  Dictionary,
  Vector,
  Data,
} from "apache-arrow";
import { summarizeTransactions } from "../../src/data/index.js";
import { arrowToColumns, fromRows, partialFromRows, partialSummarySql, summarySql } from "../../src/sql/index.js";
import { duckdbEngine } from "./engines.js";
import { expectSameSummary, simulatedLog } from "./suite.js";
import { DuckDBInstance } from "@duckdb/node-api";

const log = simulatedLog(3, 200);

describe("arrowToColumns on apache-arrow tables", () => {
  it("a Float64 column in one chunk is a view of the Arrow buffer (no copy)", () => {
    const x = new Float64Array([1.5, 2.5, 3.5]);
    const t = tableFromArrays({ x, s: ["a", "b", "c"] });
    const cols = arrowToColumns(t as never);
    expect(cols.x).toBeInstanceOf(Float64Array);
    const buf = (t.getChild("x")!.data[0].values as Float64Array).buffer;
    expect((cols.x as Float64Array).buffer).toBe(buf);
    expect(Array.from(cols.s)).toEqual(["a", "b", "c"]);
    expect(JSON.parse(JSON.stringify(cols))).toEqual({ x: [1.5, 2.5, 3.5], s: ["a", "b", "c"] });
  });

  it("Int32, Int64 (BigInt), millisecond timestamps, day dates, dictionary strings, several chunks and nulls", () => {
    const chunkA = makeData({ type: new Float64(), data: new Float64Array([1, 2]) });
    const chunkB = makeData({ type: new Float64(), data: new Float64Array([3]) });
    const multi = new Vector([chunkA, chunkB]);
    const t = new Table({
      f: multi,
      i32: makeVector(new Int32Array([7, 8, 9])),
      i64: makeVector(new BigInt64Array([10n, 20n, 30n])),
      ts: vectorFromArray([new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2024, 0, 2, 12)), new Date(Date.UTC(2024, 0, 3))], new TimestampMillisecond()),
      day: vectorFromArray([new Date(Date.UTC(1970, 0, 2)), new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2024, 0, 3))], new DateDay()),
      dict: vectorFromArray(["x", "y", "x"], new Dictionary(new Utf8(), new Int32())),
      withNull: vectorFromArray([1, null, 3], new Float64()),
    });
    const c = arrowToColumns(t as never);
    expect(Array.from(c.f as Float64Array)).toEqual([1, 2, 3]);
    expect(Array.from(c.i32 as Float64Array)).toEqual([7, 8, 9]);
    expect(Array.from(c.i64 as Float64Array)).toEqual([10, 20, 30]);
    expect(Array.from(c.ts as Float64Array)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2, 12), Date.UTC(2024, 0, 3)]);
    expect(Array.from(c.day as Float64Array)).toEqual([1, 19723, 19725]);
    expect(Array.from(c.dict)).toEqual(["x", "y", "x"]);
    expect(Array.from(c.withNull)).toEqual([1, null, 3]);
    void Data;
  });

  it("transactions in an Arrow table go to summarizeTransactions through arrowToColumns", () => {
    const t = tableFromArrays({ customerId: log.customerId, timestamp: new Float64Array(log.timestamp), amount: new Float64Array(log.amount) });
    const c = arrowToColumns(t as never);
    const opts = { observationEnd: log.observationEnd, timeUnit: "week" as const };
    expectSameSummary(summarizeTransactions(c as never, opts), summarizeTransactions(log, opts), 0);
  });

  it("refuses what is not an Arrow table, naming the function", () => {
    expect(() => arrowToColumns({ numRows: 1 } as never)).toThrow(/^arrowToColumns: /);
  });
});

describe("DuckDB results as Arrow tables", () => {
  it("fromRows and partialFromRows read a DuckDB result handed over as an Arrow table (BigInt counts as Int64 vectors)", async () => {
    const e = await duckdbEngine(1);
    await e.load("tx", { customer_id: log.customerId, timestamp: log.timestamp, amount: log.amount });
    e.close();
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const arrow = async (sql: string, params: unknown[], load: () => Promise<void>) => {
      await load();
      const r = await c.runAndReadAll(sql, params as never);
      const cols = r.getColumnsObjectJS() as Record<string, unknown[]>;
      const vectors: Record<string, Vector> = {};
      for (const [k, v] of Object.entries(cols)) {
        const first = v.find((x) => x !== null);
        vectors[k] =
          typeof first === "bigint"
            ? vectorFromArray(v as (bigint | null)[], new Int64())
            : typeof first === "string"
              ? vectorFromArray(v as (string | null)[], new Utf8())
              : vectorFromArray(v as (number | null)[], new Float64());
      }
      return new Table(vectors);
    };
    const loadTx = async () => {
      await c.run("CREATE OR REPLACE TABLE tx (customer_id VARCHAR, timestamp DOUBLE, amount DOUBLE)");
      const app = await c.createAppender("tx");
      for (let i = 0; i < log.amount.length; i++) {
        app.appendVarchar(log.customerId[i]);
        app.appendDouble(log.timestamp[i]);
        app.appendDouble(log.amount[i]);
        app.endRow();
      }
      app.closeSync();
    };
    const q = summarySql({ dialect: "duckdb", table: "tx", timestampType: "ms", observationEnd: log.observationEnd, timeUnit: "week" });
    const t = await arrow(q.sql, q.params, loadTx);
    expect(t.getChild("inputRows")!.type.typeId).toBe(new Int64().typeId);
    const js = summarizeTransactions(log, { observationEnd: log.observationEnd, timeUnit: "week" });
    expectSameSummary(fromRows(t as never), js);
    const p = partialSummarySql({ dialect: "duckdb", table: "tx", timestampType: "ms" });
    const pt = await arrow(p.sql, p.params, async () => {});
    expect(partialFromRows(pt as never).ids.length).toBe(new Set(log.customerId).size);
    c.closeSync();
  });
});
