import { describe, expect, it } from "vitest";
import { simulateCustomers, summarizeTransactions, summaryToRows, type CustomerSummaryColumns } from "../../src/data/index.js";
import { assignSegments, scoreRfm, scoreRfmtc, segmentReport, transitionMatrix, type RfmInput } from "../../src/rfm/index.js";

describe("clientele/data -> clientele/rfm pipeline", () => {
  it("scores a summarizeTransactions result directly (BTYD recency -> T - recency)", () => {
    const sim = simulateCustomers({ n: 400, seed: 3 });
    const summary: CustomerSummaryColumns = summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" });
    const input: RfmInput = summary; // the summary type is accepted as-is
    const s = scoreRfm(input);
    for (let i = 0; i < summary.n; i++) {
      expect(s.recency[i]).toBeCloseTo(summary.T[i] - summary.recency[i], 12);
    }
    expect(s.revenueSource).toBe("totalSpend");
    // the row form (summaryToRows) scores identically
    const fromRows = scoreRfm(summaryToRows(summary));
    expect(Array.from(fromRows.r)).toEqual(Array.from(s.r));
    expect(Array.from(fromRows.f)).toEqual(Array.from(s.f));
    expect(Array.from(fromRows.m)).toEqual(Array.from(s.m));
    const seg = assignSegments(s);
    const rep = segmentReport(seg);
    expect(rep.reduce((a, r) => a + r.customers, 0)).toBe(summary.n);
    expect(rep.reduce((a, r) => a + r.shareOfRevenue, 0)).toBeCloseTo(1, 10);
    // RFMTC with a toy churn column, and a transition matrix between two snapshots
    const t = scoreRfmtc(summary, { churn: (_, c) => Math.min(1, c.recency / (c.T + 1)) });
    expect(t.churn.every((c) => c >= 0 && c <= 1)).toBe(true);
    const tm = transitionMatrix(seg, assignSegments(scoreRfm(summary, { ties: "min" })));
    for (const row of tm.probabilities) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
