import path from "node:path";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { referenceData } from "../helpers/data.js";
import { kpiReport, kpiReportRows, type KpiReportRow } from "../../src/data/index.js";
import { createRng } from "../../src/core/rng.js";

// Reference: test/fixtures/data/kpi/cdnow_kpi.json, written by the independent pandas script
// test/fixtures/data/kpi/cdnow_kpi.py beside it, on the CDNOW 1/10 sample (Fader & Hardie;
// test/fixtures/cdnow/CDNOW_sample.txt, 6,919 rows, 2,357 customers, 1997-01-01 .. 1998-06-30).
const CDNOW = referenceData("cdnow/CDNOW_sample.txt", "the CDNOW KPI tests");
const exists = CDNOW.available;
const ref = JSON.parse(readFileSync(path.resolve(__dirname, "../fixtures/data/kpi/cdnow_kpi.json"), "utf8"));
function readLog() {
  const customerId: number[] = [];
  const timestamp: number[] = [];
  const amount: number[] = [];
  for (const line of CDNOW.read().trim().split("\n")) {
    const f = line.trim().split(/\s+/);
    customerId.push(Number(f[1]));
    timestamp.push(Number(f[2])); // yyyymmdd as a number
    amount.push(Number(f[4]));
  }
  return { customerId, timestamp, amount };
}
function close(a: number | null, b: number | null, tol = 1e-9): void {
  if (b === null) expect(a).toBeNull();
  else expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}
const byKpi = (rows: KpiReportRow[]) => new Map(rows.map((r) => [r.kpi, r]));
// Hand-made log for the KPI definitions (all amounts on distinct UTC days unless said):
// a: Jan 10 (10), Feb 5 (20 and a -5 refund: net 15), Feb 20 (30), Mar 10 (40)
// b: Jan 15 (50), Mar 3 (60 and -60: net 0 with a refund, not a purchase)
// c: Feb 10 (25);  d: Mar 20 (5)
const log = [
  { customerId: "a", timestamp: "2024-01-10", amount: 10 },
  { customerId: "a", timestamp: "2024-02-05T10:00:00Z", amount: 20 },
  { customerId: "b", timestamp: "2024-01-15", amount: 50 },
  { customerId: "a", timestamp: "2024-02-05T16:00:00Z", amount: -5 },
  { customerId: "c", timestamp: "2024-02-10", amount: 25 },
  { customerId: "a", timestamp: "2024-02-20", amount: 30 },
  { customerId: "b", timestamp: "2024-03-03", amount: 60 },
  { customerId: "b", timestamp: "2024-03-03", amount: -60 },
  { customerId: "a", timestamp: "2024-03-10", amount: 40 },
  { customerId: "d", timestamp: "2024-03-20", amount: 5 },
];
// before: Feb 1-29 (29 days; churn looks at Jan 3-31); after: Mar 1-29 (churn looks at Feb 1-29)
const before = { transactions: log, start: "2024-02-01", end: "2024-02-29" };
const after = { transactions: log, start: "2024-03-01", end: "2024-03-29" };
// fast-check: random small logs over 90 days of 2024
const txArb = fc.array(fc.record({ c: fc.integer({ min: 0, max: 7 }), d: fc.integer({ min: 0, max: 90 }), a: fc.integer({ min: -30, max: 60 }) }), {
  minLength: 1,
  maxLength: 40,
});
const toLog = (rows: { c: number; d: number; a: number }[]) => ({
  customerId: rows.map((r) => r.c),
  timestamp: rows.map((r) => Date.UTC(2024, 0, 1) + r.d * 86_400_000),
  amount: rows.map((r) => r.a),
});

describe("CDNOW KPI report equals the independent pandas reference", () => {
  for (const [k, pair] of (
    ref.reports as { before: string[]; after: string[]; before_kpis: Record<string, number | null>; after_kpis: Record<string, number | null> }[]
  ).entries()) {
    it.skipIf(!exists)(`windows ${pair.before.join("..")} vs ${pair.after.join("..")}`, () => {
      const transactions = readLog();
      const r = kpiReport(
        { transactions, start: pair.before[0], end: pair.before[1] },
        { transactions, start: pair.after[0], end: pair.after[1] },
        { timestampUnit: "yyyymmdd", resamples: k === 0 ? 200 : 0, seed: 3 },
      );
      const rows = new Map(kpiReportRows(r).map((x) => [x.kpi, x]));
      for (const [name, v] of Object.entries(pair.before_kpis)) close(rows.get(name)!.before, v);
      for (const [name, v] of Object.entries(pair.after_kpis)) close(rows.get(name)!.after, v);
      if (k === 0) {
        // calibration vs holdout: 2,357 customers in both, 684 active in the holdout, churn 0.7098
        const churn = rows.get("churnRate")!;
        expect(churn.before).toBeNull(); // nobody bought in 1996
        expect(churn.reason).toMatch(/preceding window/);
        const act = rows.get("activeCustomers")!;
        expect(act.change).toBe(684 - 2357);
        expect(act.lower! <= act.change! && act.change! <= act.upper!).toBe(true);
        const aov = rows.get("averageOrderValue")!;
        expect(aov.lower! < aov.upper!).toBe(true);
      }
    });
  }
});

describe("kpiReport: definitions on a hand-made log", () => {
  it("gives each KPI as defined (hand-computed)", () => {
    const r = byKpi(kpiReportRows(kpiReport(before, after, { resamples: 0 })));
    const pair = (k: string) => [r.get(k)!.before, r.get(k)!.after];
    expect(pair("customers")).toEqual([3, 4]); // a, b, c bought by Feb 29; d joins in March
    expect(pair("activeCustomers")).toEqual([2, 2]); // Feb: a, c; Mar: a, d (b's Mar 3 nets to 0)
    expect(pair("orders")).toEqual([3, 2]); // purchase days
    expect(pair("revenue")).toEqual([70, 45]); // 15 + 30 + 25; 40 + 0 + 5
    expect(pair("repeatRate")).toEqual([0.5, 0]);
    expect(pair("purchaseFrequency")).toEqual([1.5, 1]);
    expect(pair("averageOrderValue")).toEqual([70 / 3, 22.5]);
    expect(pair("revenuePerCustomer")).toEqual([70 / 3, 11.25]);
    expect(pair("churnRate")).toEqual([0.5, 0.5]); // Jan buyers a, b: b lapses in Feb; Feb buyers a, c: c lapses in Mar
    expect(r.get("revenue")!.change).toBe(-25);
    expect(r.get("revenue")!.relativeChange).toBeCloseTo(-25 / 70, 15);
    expect(r.get("repeatRate")!.relativeChange).toBe(-1);
  });

  it('joins CLV snapshots by id (7 and "7" alike) and reports total and mean', () => {
    const r = byKpi(
      kpiReportRows(
        kpiReport(
          {
            ...before,
            clv: [
              { id: "a", clv: 100 },
              { id: "b", clv: 50 },
            ],
          },
          { ...after, clv: { id: ["a", "c", "d"], clv: [120, 30, 10] } },
          { resamples: 0 },
        ),
      ),
    );
    expect([r.get("clvTotal")!.before, r.get("clvTotal")!.after, r.get("clvTotal")!.change]).toEqual([150, 160, 10]);
    expect([r.get("clvMean")!.before, r.get("clvMean")!.after]).toEqual([75, 160 / 3]);
  });

  it("segment shares per snapshot and rfm's transition matrix", () => {
    const rep = kpiReport(
      {
        ...before,
        segments: [
          { id: "a", segment: "X" },
          { id: "b", segment: "Y" },
        ],
      },
      {
        ...after,
        segments: [
          { id: "a", segment: "Y" },
          { id: "c", segment: "X" },
        ],
      },
      { resamples: 0 },
    );
    const r = byKpi(kpiReportRows(rep));
    expect([r.get("segmentShare:X")!.before, r.get("segmentShare:X")!.after]).toEqual([0.5, 0.5]);
    expect(rep.transitions!.states).toEqual(["X", "Y", "(new)", "(gone)"]);
    expect(rep.transitions!.counts).toEqual([
      [0, 1, 0, 0], // a: X -> Y
      [0, 0, 0, 1], // b: Y -> gone
      [1, 0, 0, 0], // c: new -> X
      [0, 0, 0, 0],
    ]);
  });

  it("undefined KPIs are null with a reason, never NaN (no buyer in a window, no prior buyer)", () => {
    const rep = kpiReport(
      { transactions: log, start: "2024-01-01", end: "2024-01-09" },
      { transactions: log, start: "2024-01-10", end: "2024-01-18" },
      { resamples: 50 },
    );
    const r = byKpi(kpiReportRows(rep));
    expect(r.get("repeatRate")!.before).toBeNull();
    expect(r.get("repeatRate")!.reason).toMatch(/before: no customer bought in the window/);
    expect(r.get("averageOrderValue")!.change).toBeNull();
    expect(r.get("churnRate")!.after).toBeNull(); // nobody bought Jan 1-9
    expect(r.get("customers")!.relativeChange).toBeNull();
    expect(r.get("customers")!.reason).toMatch(/before value is 0/);
    expect(JSON.stringify(rep)).not.toMatch(/NaN|Infinity/);
  });

  it("bootstrap: the interval holds the change, the same seed gives the same interval, rng continues its stream", () => {
    const a = kpiReport(before, after, { seed: 7, resamples: 300 });
    const b = kpiReport(before, after, { seed: 7, resamples: 300 });
    expect(a.lower).toEqual(b.lower);
    expect(a.upper).toEqual(b.upper);
    const c = kpiReport(before, after, { rng: createRng(7), resamples: 300 });
    expect(c.lower).toEqual(a.lower); // seed 7 and createRng(7) are the same stream
    for (let k = 0; k < a.n; k++) {
      if (a.lower[k] === null) continue;
      expect(a.lower[k]! <= a.upper[k]!).toBe(true);
      expect(a.validResamples[k]).toBeGreaterThan(0);
    }
    expect(kpiReport(before, after).resamples).toBe(1000); // default
  });
});

describe("KPI properties (fast-check)", () => {
  it("KPI rates in [0, 1], no NaN, and the same seed gives the same intervals", () => {
    fc.assert(
      fc.property(txArb, fc.integer({ min: 0, max: 1000 }), (rows, seed) => {
        const transactions = toLog(rows);
        const b = { transactions, start: "2024-01-31", end: "2024-02-29" };
        const a = { transactions, start: "2024-03-01", end: "2024-03-30" };
        const r1 = kpiReport(b, a, { seed, resamples: 30 });
        const r2 = kpiReport(b, a, { seed, resamples: 30 });
        expect(JSON.stringify(r1)).toBe(JSON.stringify(r2));
        expect(JSON.stringify(r1)).not.toMatch(/NaN|Infinity/);
        for (const row of kpiReportRows(r1)) {
          if (!["repeatRate", "churnRate"].includes(row.kpi)) continue;
          for (const v of [row.before, row.after]) if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
          if (row.lower !== null) expect(row.lower >= -1 && row.upper! <= 1 && row.lower <= row.upper!).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("TSDoc examples (src/data/kpi.ts, kpi-report.ts) give what they say", () => {
  it("kpiReport and kpiReportRows", () => {
    const transactions = {
      customerId: ["a", "a", "b", "a", "b", "b"],
      timestamp: ["2024-01-03", "2024-01-20", "2024-01-09", "2024-02-05", "2024-02-07", "2024-02-21"],
      amount: [10, 20, 30, 40, 50, 60],
    };
    const r = kpiReport(
      { transactions, start: "2024-01-01", end: "2024-01-31" },
      { transactions, start: "2024-02-01", end: "2024-03-02" },
      { seed: 1, resamples: 200 },
    );
    const aov = kpiReportRows(r).find((row) => row.kpi === "averageOrderValue")!;
    expect([aov.before, aov.after, aov.change]).toEqual([20, 50, 30]);
    const tx2 = { customerId: [1, 1, 2], timestamp: ["2024-01-03", "2024-02-05", "2024-02-07"], amount: [10, 40, 50] };
    const r2 = kpiReport(
      { transactions: tx2, start: "2024-01-01", end: "2024-01-31" },
      { transactions: tx2, start: "2024-02-01", end: "2024-03-02" },
      { resamples: 0 },
    );
    expect(kpiReportRows(r2)[1]).toEqual({ kpi: "activeCustomers", before: 1, after: 2, change: 1, relativeChange: 1, lower: null, upper: null, reason: null });
  });
});
