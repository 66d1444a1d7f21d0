// The TSDoc @example values of clientele/sql, asserted (one test per example, named after it).
import { describe, expect, it } from "vitest";
import { arrowToColumns, fromRows, partialFromRows, partialSummarySql, rfmSql, scoreSql, summarySql } from "../../src/sql/index.js";

describe("TSDoc examples of clientele/sql", () => {
  it("summarySql example", () => {
    const q = summarySql({ dialect: "duckdb", table: "orders", timeUnit: "day" });
    expect(q.columns.slice(0, 4)).toEqual(["id", "frequency", "recency", "T"]);
    expect(q.params).toEqual([]);
  });
  it("partialSummarySql example", () => {
    expect(partialSummarySql({ dialect: "postgres", table: ["shard_1", "orders"] }).columns.slice(0, 5)).toEqual(["id", "day", "net", "gross", "rows"]);
  });
  it("rfmSql example", () => {
    expect(rfmSql({ dialect: "duckdb", source: "summary" }).columns).toEqual(["id", "recency", "frequency", "monetary", "r", "f", "m", "segment", "action"]);
  });
  it("scoreSql example", () => {
    const bg = { kind: "bg-nbd" as const, version: 1 as const, timeUnit: "week" as const, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
    expect(scoreSql(bg, { dialect: "duckdb", source: "summary", t: 39 }).columns).toEqual(["id", "pAlive", "expectedPurchases"]);
  });
  it("fromRows example", () => {
    const s = fromRows([
      { id: "a", frequency: 1n, recency: 2, T: 4, monetary: "40.00", totalSpend: "60.00", transactionCount: 3n, purchaseDays: 2n,
        firstPurchaseDay: 19723, lastPurchaseDay: 19737, holdoutFrequency: null, holdoutSpend: null, excludedReason: null,
        observationEndDay: 19751, calibrationEndDay: null, unitDays: 7, inputRows: 3n, missingRows: 0n,
        invalidTimestampRows: 0n, nonFiniteAmountRows: 0n, rowsAfterEnd: 0n },
    ]);
    expect([s.n, s.frequency[0], s.monetary[0], s.timeUnit]).toEqual([1, 1, 40, "week"]);
  });
  it("partialFromRows example", () => {
    const p = partialFromRows([
      { id: "x", day: 19723n, net: 20, gross: 20, rows: 1n, inputRows: 1n, missingRows: 0n, invalidTimestampRows: 0n, nonFiniteAmountRows: 0n },
    ]);
    expect([p.kind, p.ids, p.days]).toEqual(["transaction-partial", ["x"], [19723]]);
  });
  it("arrowToColumns example", () => {
    const table = { numRows: 2, schema: { fields: [{ name: "x" }] }, getChild: () => ({ length: 2, get: (i: number) => i,
      data: [{ values: new Float64Array([1.5, 2.5]), offset: 0, length: 2, nullCount: 0, type: { typeId: 3 } }] }) };
    expect(arrowToColumns(table).x).toEqual(new Float64Array([1.5, 2.5]));
  });
  it("a tree model has no SQL writer yet: WRONG_MODEL_KIND naming scoreSql", () => {
    expect(() => scoreSql({ kind: "gradient-boosting", version: 1 } as any, { dialect: "duckdb", source: "s" })).toThrow(expect.objectContaining({ code: "WRONG_MODEL_KIND", message: expect.stringMatching(/^scoreSql: /) }));
  });
});
