// issue 10 case 4: quick fuzz loop over every export of clientele/data (fixed inputs, no randomness).
import { describe, expect, it } from "vitest";
import * as D from "../../src/data/index.js";
import { fuzz } from "./fuzz-harness.js";

const tx = [
  { customerId: "a", timestamp: "2024-01-01", amount: 10 },
  { customerId: "a", timestamp: "2024-01-15", amount: 20 },
  { customerId: 7, timestamp: Date.UTC(2024, 0, 3), amount: 5 },
];
const cols = { customerId: ["a", "a", "b"], timestamp: ["2024-01-01", "2024-01-15", "2024-01-03"], amount: [10, 20, 5] };

describe("fuzz: clientele/data exports throw ClienteleError or succeed", () => {
  it("covers every function export", () => {
    const fns = Object.entries(D)
      .filter(([, v]) => typeof v === "function" && v !== D.ClienteleError && v !== D.isClienteleError && v !== D.createRng && v !== D.isRng)
      .map(([k]) => k)
      .sort();
    expect(fns).toEqual([
      "cohortRetention",
      "cohortRows",
      "finalizeSummary",
      "kpiReport",
      "kpiReportRows",
      "mergePartials",
      "partialSummaryFromJSON",
      "simulateCustomers",
      "summarizePartial",
      "summarizeTransactions",
      "summarizeTransactionsAsync",
      "summaryToRows",
    ]);
  });
  it("summarizeTransactions, summarizePartial, finalizeSummary, mergePartials, partialSummaryFromJSON, summaryToRows, simulateCustomers", () => {
    expect(
      fuzz("summarizeTransactions", D.summarizeTransactions, [tx, { observationEnd: "2024-02-01", timeUnit: "day", calibrationEnd: "2024-01-10" }]),
    ).toBeGreaterThan(0);
    expect(fuzz("summarizeTransactions", D.summarizeTransactions, [cols, {}])).toBeGreaterThan(0);
    expect(fuzz("summarizePartial", D.summarizePartial, [cols, { timestampUnit: "ms" }])).toBeGreaterThan(0);
    const p = D.summarizePartial(tx);
    expect(fuzz("finalizeSummary", D.finalizeSummary, [p, { timeUnit: "week" }])).toBeGreaterThan(0);
    expect(fuzz("mergePartials", D.mergePartials, [p, D.summarizePartial(cols)])).toBeGreaterThan(0);
    expect(fuzz("partialSummaryFromJSON", D.partialSummaryFromJSON, [p])).toBeGreaterThan(0);
    const s = D.summarizeTransactions(tx);
    expect(fuzz("summaryToRows", D.summaryToRows, [{ ...s }])).toBeGreaterThan(0);
    expect(fuzz("simulateCustomers", D.simulateCustomers, [{ n: 5, seed: 1, weeks: 10, cohortWeeks: 2, start: "2020-01-01" }])).toBeGreaterThan(0);
  });
  it("cohortRetention, cohortRows, kpiReport, kpiReportRows", () => {
    expect(fuzz("cohortRetention", D.cohortRetention, [cols, { period: "week" }])).toBeGreaterThan(0);
    expect(fuzz("cohortRows", D.cohortRows, [D.cohortRetention(cols)])).toBeGreaterThan(0);
    const w1 = { transactions: cols, start: "2024-01-01", end: "2024-01-10" };
    const w2 = { transactions: cols, start: "2024-01-11", end: "2024-01-20" };
    expect(fuzz("kpiReport", D.kpiReport, [w1, w2, { resamples: 10, seed: 1 }])).toBeGreaterThan(0);
    expect(fuzz("kpiReportRows", D.kpiReportRows, [D.kpiReport(w1, w2, { resamples: 10 })])).toBeGreaterThan(0);
  });
  it("summarizeTransactionsAsync rejects with ClienteleError only", async () => {
    for (const bad of [null, undefined, 5, "x", [], [null], {}, { customerId: [1] }]) {
      await expect(D.summarizeTransactionsAsync(bad as never)).rejects.toBeInstanceOf(D.ClienteleError);
    }
    await expect(D.summarizeTransactionsAsync(tx, { signal: {} } as never)).rejects.toMatchObject({ code: "INVALID_OPTION" });
  });
});
