import fc from "fast-check";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { cohortRetention, cohortRows, kpiReport, kpiReportRows, summarizeTransactions } from "../../src/data/index.js";
import { readFileSync } from "node:fs";
import { referenceData } from "../helpers/data.js";
import { expectClienteleError } from "../helpers/errors.js";

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
const hasPurchase = (rows: { a: number }[]) => rows.some((r) => r.a > 0);
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

describe("cohortRetention: definitions on hand-made logs", () => {
  it("groups by calendar month of the first purchase day; counts and rates per later month", () => {
    const t = cohortRows(
      cohortRetention({
        customerId: ["a", "a", "a", "b", "c"],
        timestamp: ["2024-01-31", "2024-02-01", "2024-03-15", "2024-01-02", "2024-02-29"],
        amount: [10, 20, 30, 40, 50],
      }),
    );
    // hand-computed: cohort 2024-01 = {a, b}: Jan revenue 50, Feb {a} 20, Mar {a} 30; cohort 2024-02 = {c}
    expect(t.map((r) => [r.cohort, r.offset, r.cohortSize, r.customers, r.customerRate, r.revenue, r.revenueRate])).toEqual([
      ["2024-01", 0, 2, 2, 1, 50, 1],
      ["2024-01", 1, 2, 1, 0.5, 20, 0.4],
      ["2024-01", 2, 2, 1, 0.5, 30, 0.6],
      ["2024-02", 0, 1, 1, 1, 50, 1],
      ["2024-02", 1, 1, 0, 0, 0, 0],
    ]);
    // 2024-01-31 to 2024-02-01 is one day but one calendar month apart (offset 1), not 30.4375-day blocks
    expect(t[3].complete && t[0].complete && !t[4].complete).toBe(true); // the log ends on 2024-03-15
  });

  it("nets refunds per customer-day as summarizeTransactions: a fully refunded day is no first purchase", () => {
    const tx = { customerId: ["x", "x", "x"], timestamp: ["2024-01-05T09:00:00Z", "2024-01-05T18:00:00Z", "2024-02-02"], amount: [10, -10, 20] };
    const t = cohortRetention(tx);
    expect(t.cohort).toEqual(["2024-02"]);
    expect(summarizeTransactions(tx).firstPurchase[0]).toBe(t.cohortStart[0] + 86_400_000); // both: first purchase day 2024-02-02
  });

  it("weeks run Monday to Sunday (UTC) and are labelled by their Monday", () => {
    const t = cohortRetention(
      { customerId: [1, 1, 2], timestamp: ["2024-01-07", "2024-01-08", "2024-01-01T23:59:59Z"], amount: [1, 1, 1] },
      { period: "week" },
    );
    // 2024-01-01 and 2024-01-07 (a Sunday) are in the week of Monday 2024-01-01; 2024-01-08 starts the next
    expect(t.cohort).toEqual(["2024-01-01", "2024-01-01"]);
    expect(Array.from(t.customers)).toEqual([2, 1]);
  });

  it("a period with no first purchase is a cohort of size 0 whose rates are null with a reason (never NaN)", () => {
    const t = cohortRetention({ customerId: ["a", "c"], timestamp: ["2024-01-10", "2024-03-10"], amount: [5, 5] });
    const feb = cohortRows(t).filter((r) => r.cohort === "2024-02");
    expect(feb.length).toBe(2);
    for (const r of feb) {
      expect([r.cohortSize, r.customerRate, r.revenueRate]).toEqual([0, null, null]);
      expect(r.reason).toMatch(/no customer made a first purchase in 2024-02/);
    }
    expect(JSON.stringify(t)).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(JSON.stringify(t)).offset).toEqual([0, 1, 2, 0, 1, 0]);
  });

  it("revenueRate is null when the first period's net revenue is not positive", () => {
    const t = cohortRows(cohortRetention({ customerId: ["a", "a", "a"], timestamp: ["2024-01-05", "2024-01-20", "2024-02-03"], amount: [10, -15, 8] }));
    expect(t[0]).toMatchObject({ customers: 1, customerRate: 1, revenue: -5, revenueRate: null });
    expect(t[0].reason).toMatch(/not positive/);
    expect(t[1]).toMatchObject({ customers: 1, customerRate: 1, revenue: 8, revenueRate: null });
  });

  it("observationEnd marks partial periods and rejects later transactions like summarizeTransactions", () => {
    const tx = { customerId: ["a"], timestamp: ["2024-01-05"], amount: [5] };
    expect(cohortRetention(tx, { observationEnd: "2024-01-31" }).complete).toEqual([true]);
    expect(cohortRetention(tx, { observationEnd: "2024-02-10" }).complete).toEqual([true, false]);
    expectClienteleError(() => cohortRetention(tx, { observationEnd: "2024-01-01" }), "AFTER_OBSERVATION_END");
  });
});

describe("kpiReport: definitions on a hand-made log", () => {
  it("does not mutate frozen inputs", () => {
    const frozen = Object.freeze(log.map((r) => Object.freeze({ ...r })));
    const snap = Object.freeze({ transactions: frozen, start: "2024-02-01", end: "2024-02-29" });
    expect(() => kpiReport(snap, snap, Object.freeze({ resamples: 10 }))).not.toThrow();
    expect(() => cohortRetention(frozen)).not.toThrow();
  });
});

describe("KPIs: bad input gets a catalogue code", () => {
  it("unknown options and snapshot fields name the nearest valid one", () => {
    let e = expectClienteleError(() => cohortRetention(log, { periods: "week" } as never), "INVALID_OPTION");
    expect([e.code, e.path, e.message]).toEqual([
      "INVALID_OPTION",
      ["options", "periods"],
      expect.stringMatching(/cohortRetention: unknown option "periods"; did you mean "period"/),
    ]);
    e = expectClienteleError(() => kpiReport(before, after, { resample: 10 } as never), "INVALID_OPTION");
    expect([e.code, e.path]).toEqual(["INVALID_OPTION", ["options", "resample"]]);
    e = expectClienteleError(() => kpiReport({ ...before, segment: [] } as never, after), "INVALID_OPTION");
    expect([e.code, e.path]).toEqual(["INVALID_OPTION", ["before", "segment"]]);
    expect(e.message).toMatch(/did you mean "segments"/);
    expectClienteleError(() => cohortRetention(log, { period: "day" } as never), "INVALID_OPTION");
    expectClienteleError(() => kpiReport(before, after, { rng: 5 } as never), "INVALID_OPTION");
    expectClienteleError(() => kpiReport(before, after, { seed: 1, rng: createRng(1) }), "INVALID_OPTION");
    expectClienteleError(() => kpiReport(before, after, { level: 1 }), "INVALID_OPTION");
    expectClienteleError(() => cohortRetention([{ customer_id: "a", timestamp: "2024-01-01", amount: 1 }] as never), "MISSING_COLUMN");
  });

  it("empty logs, holes, non-finite amounts, bad windows", () => {
    expectClienteleError(() => cohortRetention([]), "EMPTY_INPUT");
    expectClienteleError(() => kpiReport({ ...before, transactions: [] }, after), "EMPTY_INPUT");
    const e = expectClienteleError(() => cohortRetention({ customerId: ["a", "b"], timestamp: ["2024-01-01", "2024-01-02"], amount: [1, NaN] }), "NON_FINITE");
    expect([e.code, e.path]).toEqual(["NON_FINITE", ["amount", 1]]);
    expect(e.message).toMatch(/^cohortRetention:/);
    expectClienteleError(() => kpiReport(before, { ...after, transactions: [{ customerId: "a", timestamp: "2024-01-01", amount: Infinity }] }), "NON_FINITE");
    expectClienteleError(() => cohortRetention({ customerId: ["a"], timestamp: [undefined as never], amount: [1] }), "MISSING_VALUE");
    expectClienteleError(() => cohortRetention({ customerId: [1], timestamp: [19970101], amount: [1] }), "INVALID_TIMESTAMP");
    expectClienteleError(() => cohortRetention({ customerId: ["a"], timestamp: ["2024-01-01"], amount: [-3] }), "DEGENERATE_INPUT");
    expectClienteleError(() => kpiReport(null as never, after), "INVALID_INPUT");
    expectClienteleError(() => kpiReport({ ...before, end: "2024-01-01" }, after), "INVALID_INPUT");
    expectClienteleError(() => kpiReport({ ...before, start: undefined as never }, after), "MISSING_VALUE");
    expectClienteleError(() => kpiReport({ ...before, clv: [{ id: "a", clv: 1 }] }, after), "INVALID_INPUT");
    expectClienteleError(() => kpiReport({ ...before, clv: [{ id: "a", clv: NaN }] }, { ...after, clv: [{ id: "a", clv: 1 }] }), "NON_FINITE");
    expectClienteleError(
      () =>
        kpiReport(
          {
            ...before,
            clv: [
              { id: 7, clv: 1 },
              { id: "7", clv: 2 },
            ],
          },
          { ...after, clv: [{ id: "a", clv: 1 }] },
        ),
      "DUPLICATE_ID",
    );
    expectClienteleError(() => cohortRows(null as never), "INVALID_INPUT");
    expectClienteleError(() => kpiReportRows({ n: 2, kpi: ["x"] } as never), "LENGTH_MISMATCH");
    expectClienteleError(() => kpiReportRows({ n: 1, kpi: ["x"] } as never), "MISSING_COLUMN");
  });

  it("TOO_LARGE: resamples above the cap, bootstrap work above the cap, too many cohort cells", () => {
    let e = expectClienteleError(() => kpiReport(before, after, { resamples: 1e6 }), "TOO_LARGE");
    expect([e.code, e.path]).toEqual(["TOO_LARGE", ["options", "resamples"]]);
    const ids = Array.from({ length: 3000 }, (_, i) => i);
    const big = { transactions: { customerId: ids, timestamp: ids.map(() => "2024-02-02"), amount: ids.map(() => 1) }, start: "2024-02-01", end: "2024-02-29" };
    e = expectClienteleError(() => kpiReport(big, big, { resamples: 100_000 }), "TOO_LARGE");
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toMatch(/Lower resamples to 66666/);
    const many = Array.from({ length: 26_000 }, (_, i) => i);
    const seg = { id: many, segment: many.map((i) => `s${i % 1000}`) };
    e = expectClienteleError(() => kpiReport({ ...big, segments: seg }, { ...big, segments: seg }, { resamples: 0 }), "TOO_LARGE");
    expect([e.code, e.path]).toEqual(["TOO_LARGE", ["before", "segments"]]); // 26,000 customers x 2,016 columns, before allocating
    const span = { customerId: [1, 2], timestamp: ["1980-01-01", "2030-01-01"], amount: [1, 1] };
    e = expectClienteleError(() => cohortRetention(span, { period: "week" }), "TOO_LARGE"); // 2,610 weekly cohorts: 3.4 million cells
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toMatch(/period: "month"/);
    expect(cohortRetention(span).n).toBe((601 * 602) / 2); // 601 monthly cohorts fit
  });
});

describe("KPI properties (fast-check)", () => {
  it("cohorts partition the customers; offset 0 retains 1; rates in [0, 1]", () => {
    fc.assert(
      fc.property(txArb, fc.constantFrom("week" as const, "month" as const), (rows, period) => {
        fc.pre(hasPurchase(rows));
        const log = toLog(rows);
        const t = cohortRetention(log, { period });
        const distinct = new Set(log.customerId).size;
        let sizes = 0;
        for (let i = 0; i < t.n; i++) {
          if (t.offset[i] === 0) {
            sizes += t.cohortSize[i];
            if (t.cohortSize[i] > 0) expect(t.customerRate[i]).toBe(1);
          }
          const rate = t.customerRate[i];
          if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true);
          else expect(t.reason[i]).not.toBeNull();
        }
        expect(sizes + t.excluded.noPurchase.length).toBe(distinct);
        expect(sizes).toBe(summarizeTransactions(log).n); // the customers summarizeTransactions keeps
      }),
      { numRuns: 150 },
    );
  });
});

describe("TSDoc examples (src/data/kpi.ts, kpi-report.ts) give what they say", () => {
  it("cohortRetention and cohortRows", () => {
    const t = cohortRetention({
      customerId: ["a", "a", "b", "c"],
      timestamp: ["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-03"],
      amount: [10, 20, 5, 8],
    });
    expect(t.cohort).toEqual(["2024-01", "2024-01", "2024-02"]);
    expect(t.offset).toEqual(new Float64Array([0, 1, 0]));
    expect(t.customers).toEqual(new Float64Array([2, 1, 1]));
    expect(t.customerRate).toEqual([1, 0.5, 1]);
    expect(t.revenueRate).toEqual([1, 1.3333333333333333, 1]);
    const t2 = cohortRetention({ customerId: [1, 1], timestamp: ["2024-01-05", "2024-02-10"], amount: [10, 20] });
    expect(cohortRows(t2)[1]).toEqual({
      cohort: "2024-01",
      cohortStart: 1704067200000,
      offset: 1,
      periodStart: 1706745600000,
      complete: false,
      cohortSize: 1,
      customers: 1,
      customerRate: 1,
      revenue: 20,
      revenueRate: 2,
      reason: null,
    });
  });
});

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
