
import { describe, expect, it } from "vitest";
import { referenceData } from "../helpers/data.js";
import { summarizeTransactions, summaryToRows } from "../../src/data/index.js";

// Reference data (test/fixtures/cdnow/README.md): the CDNOW 1/10th sample, 2,357 customers who
// first bought in 1997-Q1, followed to 1998-06-30 (Fader & Hardie). The published
// calibration summary uses calibration end 1997-09-30 (inclusive), weeks, UTC days.
const FILES = ["cdnow/CDNOW_sample.txt", "cdnow/cdnow_customers_summary.csv", "cdnow/cdnow_customers_summary_with_transactions.csv"].map((n) =>
  referenceData(n, "the CDNOW summary tests"),
);
const exists = FILES.every((f) => f.available);

function readLog() {
  // whitespace separated: customer id, id within the 1/10 sample, yyyymmdd, number of CDs, dollars
  const lines = FILES[0].read().trim().split("\n");
  const customerId: number[] = [];
  const timestamp: string[] = [];
  const amount: number[] = [];
  for (const line of lines) {
    const f = line.trim().split(/\s+/);
    customerId.push(Number(f[1]));
    timestamp.push(f[2]); // ISO 8601 basic date, e.g. 19970101
    amount.push(Number(f[4]));
  }
  return { customerId, timestamp, amount };
}

function readCsv(file: string): number[][] {
  return referenceData(`cdnow/${file}`, "the CDNOW summary tests").read()
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number));
}

describe("CDNOW: reproduces the published calibration summary", () => {
  it.skipIf(!exists)("cdnow_customers_summary.csv: frequency exactly, recency and T to the file's rounding", () => {
    const log = readLog();
    expect(log.customerId.length).toBe(6919); // README: 6,919 rows
    // Whole log with calibration end 1997-09-30 and observation end 1998-06-30 ...
    const s = summarizeTransactions(log, { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", timeUnit: "week" });
    // ... and the calibration rows only, observed to 1997-09-30: the same calibration summary.
    const keep = log.timestamp.map((t) => t <= "19970930");
    const calOnly = summarizeTransactions(
      {
        customerId: log.customerId.filter((_, i) => keep[i]),
        timestamp: log.timestamp.filter((_, i) => keep[i]),
        amount: log.amount.filter((_, i) => keep[i]),
      },
      { observationEnd: "1997-09-30", timeUnit: "week" },
    );
    const ref = readCsv("cdnow_customers_summary.csv"); // ID,frequency,recency,T
    expect(ref.length).toBe(2357);
    for (const summary of [s, calOnly]) {
      expect(summary.n).toBe(2357);
      expect(summary.excluded.noPurchase).toEqual([]);
      const byId = new Map(summaryToRows(summary).map((r) => [Number(r.id), r]));
      let maxRecency = 0;
      let maxT = 0;
      let freqMismatches = 0;
      for (const [id, frequency, recency, T] of ref) {
        const row = byId.get(id)!;
        if (row.frequency !== frequency) freqMismatches++;
        maxRecency = Math.max(maxRecency, Math.abs(row.recency - recency));
        maxT = Math.max(maxT, Math.abs(row.T - T));
      }
      expect(freqMismatches).toBe(0);
      // the file rounds to 2 decimals: |ours - file| <= 0.005 (+ float slack)
      expect(maxRecency).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(maxT).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    // Published worked example (Fader, Hardie & Lee 2005): customer 1 has x = 2, t_x = 30.43, T = 38.86
    const c1 = summaryToRows(s).find((r) => Number(r.id) === 1)!;
    expect(c1.frequency).toBe(2);
    expect(c1.recency).toBeCloseTo(30.43, 2);
    expect(c1.T).toBeCloseTo(38.86, 2);
    // calibration = 39 weeks, holdout = 39 weeks (README)
    expect(s.holdoutDuration).toBe(39);
    // 946 repeat customers in calibration (the Gamma-Gamma sample of Fader, Hardie & Lee 2005, JMR)
    expect(Array.from(s.frequency).filter((x) => x > 0).length).toBe(946);
  });

  it.skipIf(!exists)("cdnow_customers_summary_with_transactions.csv: monetary equals zbar (mean repeat-purchase value)", () => {
    const s = summarizeTransactions(readLog(), { calibrationEnd: "1997-09-30", timeUnit: "week" });
    const byId = new Map(summaryToRows(s).map((r) => [Number(r.id), r]));
    const ref = readCsv("cdnow_customers_summary_with_transactions.csv"); // ID,x,t_x,T,zbar
    let maxDiff = 0;
    for (const [id, x, , , zbar] of ref) {
      const row = byId.get(id)!;
      expect(row.frequency).toBe(x);
      maxDiff = Math.max(maxDiff, Math.abs(row.monetary - zbar));
    }
    // zbar is rounded to cents
    expect(maxDiff).toBeLessThanOrEqual(0.005 + 1e-9);
    // default observation end = last transaction's day, 1998-06-30
    expect(s.observationEnd).toBe(Date.UTC(1998, 5, 30));
  });
});
