// Contract cases for the sql exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";

const bg = () => ({ kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } });
const gg = () => ({ kind: "gamma-gamma", version: 1, params: { p: 6.25, q: 3.74, gamma: 15.44 } });
const summaryRows = () => [
  {
    id: "a",
    frequency: 1n,
    recency: 2,
    T: 4,
    monetary: "40.00",
    totalSpend: "60.00",
    transactionCount: 3n,
    purchaseDays: 2n,
    firstPurchaseDay: 19723,
    lastPurchaseDay: 19737,
    holdoutFrequency: null,
    holdoutSpend: null,
    excludedReason: null,
    observationEndDay: 19751,
    calibrationEndDay: null,
    unitDays: 7,
    inputRows: 4n,
    missingRows: 0n,
    invalidTimestampRows: 0n,
    nonFiniteAmountRows: 0n,
    rowsAfterEnd: 0n,
  },
  {
    id: "b",
    frequency: 0n,
    recency: 0,
    T: 3,
    monetary: 0,
    totalSpend: 15,
    transactionCount: 1n,
    purchaseDays: 1n,
    firstPurchaseDay: 19730,
    lastPurchaseDay: 19730,
    holdoutFrequency: null,
    holdoutSpend: null,
    excludedReason: null,
    observationEndDay: 19751,
    calibrationEndDay: null,
    unitDays: 7,
    inputRows: 4n,
    missingRows: 0n,
    invalidTimestampRows: 0n,
    nonFiniteAmountRows: 0n,
    rowsAfterEnd: 0n,
  },
];
const partialRows = () => [
  { id: "x", day: 19723n, net: 20, gross: 20, rows: 1n, inputRows: 3n, missingRows: 0n, invalidTimestampRows: 0n, nonFiniteAmountRows: 0n },
  { id: "x", day: 19730n, net: 5, gross: 15, rows: 2n, inputRows: 3n, missingRows: 0n, invalidTimestampRows: 0n, nonFiniteAmountRows: 0n },
];
/** A duck-typed Apache Arrow table with one Float64 and one string column. */
const arrowTable = () => {
  const x = new Float64Array([1.5, 2.5]);
  const s = ["a", "b"];
  const cols: Record<string, unknown> = {
    x: { length: 2, get: (i: number) => x[i], data: [{ values: x, offset: 0, length: 2, nullCount: 0, type: { typeId: 3 } }] },
    s: { length: 2, get: (i: number) => s[i], data: [{ values: new Int32Array(3), offset: 0, length: 2, nullCount: 0, type: { typeId: 5 } }] },
  };
  return { numRows: 2, schema: { fields: [{ name: "x" }, { name: "s" }] }, getChild: (n: string) => cols[n] ?? null };
};

export const SQL_CASES: Record<string, Case> = {
  summarySql: { args: () => [{ dialect: "duckdb", table: "orders", observationEnd: "2024-03-01", timeUnit: "day" }], options: 0 },
  partialSummarySql: { args: () => [{ dialect: "postgres", table: ["shard_1", "orders"] }], options: 0 },
  rfmSql: { args: () => [{ dialect: "bigquery", source: ["project", "dataset", "summary"] }], options: 0 },
  scoreSql: { args: () => [bg(), { dialect: "snowflake", source: "summary", t: 39, spendModel: gg(), clv: { horizon: 3 } }], options: 1 },
  fromRows: { args: () => [summaryRows()] },
  partialFromRows: { args: () => [partialRows()] },
  arrowToColumns: { args: () => [arrowTable()] },
};
