import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { referenceData } from "../helpers/data.js";
import { cohortRetention, cohortRows, kpiReport, kpiReportRows } from "../../src/data/index.js";

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

describe("CDNOW cohort retention equals the independent pandas reference", () => {
  for (const period of ["month", "week"] as const) {
    it.skipIf(!exists)(`${period}ly cohorts: counts exactly, revenue and rates to 1e-9`, () => {
      const log = readLog();
      expect(ref.rows).toBe(6919);
      const t = cohortRetention(log, { period, timestampUnit: "yyyymmdd" });
      const expected = ref.cohorts[period];
      expect(t.n).toBe(expected.length); // month: 51 cells (3 cohorts x 18..16 months); week: 949
      expect(t.excluded.noPurchase).toEqual([]);
      const rows = cohortRows(t);
      let sizes = 0;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        const e = expected[i];
        expect([r.cohort, r.offset, r.cohortSize, r.customers]).toEqual([e.cohort, e.offset, e.cohortSize, e.customers]);
        close(r.customerRate, e.customerRate);
        close(r.revenue, e.revenue);
        close(r.revenueRate, e.revenueRate);
        if (r.offset === 0) sizes += r.cohortSize;
      }
      expect(sizes).toBe(2357); // cohorts partition the customers
    });
  }

  it.skipIf(!exists)("monthly: 781 customers first bought in 1997-01, 124 of them bought again in 1997-02", () => {
    const t = cohortRows(cohortRetention(readLog(), { timestampUnit: "yyyymmdd" }));
    expect(t[0]).toMatchObject({ cohort: "1997-01", cohortSize: 781, customers: 781, customerRate: 1 });
    expect(t[1]).toMatchObject({ cohort: "1997-01", offset: 1, customers: 124 });
    expect(t.at(-1)!.complete).toBe(true); // the log ends on 1998-06-30, the last day of its month
  });
});

describe("CDNOW KPI report equals the independent pandas reference", () => {
  for (const [k, pair] of (ref.reports as { before: string[]; after: string[]; before_kpis: Record<string, number | null>; after_kpis: Record<string, number | null> }[]).entries()) {
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
