import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClienteleError } from "../../src/core/errors.js";
import { createRng } from "../../src/core/rng.js";
import { cohortRetention, cohortRows, kpiReport, kpiReportRows, summarizeTransactions, type KpiReportRow } from "../../src/data/index.js";

function caught(f: () => unknown): ClienteleError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ClienteleError);
    return e as ClienteleError;
  }
  throw new Error("expected a ClienteleError");
}

const byKpi = (rows: KpiReportRow[]) => new Map(rows.map((r) => [r.kpi, r]));

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
    const t = cohortRetention({ customerId: [1, 1, 2], timestamp: ["2024-01-07", "2024-01-08", "2024-01-01T23:59:59Z"], amount: [1, 1, 1] }, { period: "week" });
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
    expect(caught(() => cohortRetention(tx, { observationEnd: "2024-01-01" })).code).toBe("AFTER_OBSERVATION_END");
  });
});

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

  it("joins CLV snapshots by id (7 and \"7\" alike) and reports total and mean", () => {
    const r = byKpi(
      kpiReportRows(
        kpiReport(
          { ...before, clv: [{ id: "a", clv: 100 }, { id: "b", clv: 50 }] },
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
      { ...before, segments: [{ id: "a", segment: "X" }, { id: "b", segment: "Y" }] },
      { ...after, segments: [{ id: "a", segment: "Y" }, { id: "c", segment: "X" }] },
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

  it("does not mutate frozen inputs", () => {
    const frozen = Object.freeze(log.map((r) => Object.freeze({ ...r })));
    const snap = Object.freeze({ transactions: frozen, start: "2024-02-01", end: "2024-02-29" });
    expect(() => kpiReport(snap, snap, Object.freeze({ resamples: 10 }))).not.toThrow();
    expect(() => cohortRetention(frozen)).not.toThrow();
  });
});

describe("KPIs: bad input gets a catalogue code", () => {
  it("unknown options and snapshot fields name the nearest valid one", () => {
    let e = caught(() => cohortRetention(log, { periods: "week" } as never));
    expect([e.code, e.path, e.message]).toEqual(["INVALID_OPTION", ["options", "periods"], expect.stringMatching(/cohortRetention: unknown option "periods"; did you mean "period"/)]);
    e = caught(() => kpiReport(before, after, { resample: 10 } as never));
    expect([e.code, e.path]).toEqual(["INVALID_OPTION", ["options", "resample"]]);
    e = caught(() => kpiReport({ ...before, segment: [] } as never, after));
    expect([e.code, e.path]).toEqual(["INVALID_OPTION", ["before", "segment"]]);
    expect(e.message).toMatch(/did you mean "segments"/);
    expect(caught(() => cohortRetention(log, { period: "day" } as never)).code).toBe("INVALID_OPTION");
    expect(caught(() => kpiReport(before, after, { rng: 5 } as never)).code).toBe("INVALID_OPTION");
    expect(caught(() => kpiReport(before, after, { seed: 1, rng: createRng(1) })).code).toBe("INVALID_OPTION");
    expect(caught(() => kpiReport(before, after, { level: 1 })).code).toBe("INVALID_OPTION");
    expect(caught(() => cohortRetention([{ customer_id: "a", timestamp: "2024-01-01", amount: 1 }] as never)).code).toBe("MISSING_COLUMN");
  });

  it("empty logs, holes, non-finite amounts, bad windows", () => {
    expect(caught(() => cohortRetention([])).code).toBe("EMPTY_INPUT");
    expect(caught(() => kpiReport({ ...before, transactions: [] }, after)).code).toBe("EMPTY_INPUT");
    const e = caught(() => cohortRetention({ customerId: ["a", "b"], timestamp: ["2024-01-01", "2024-01-02"], amount: [1, NaN] }));
    expect([e.code, e.path]).toEqual(["NON_FINITE", ["amount", 1]]);
    expect(e.message).toMatch(/^cohortRetention:/);
    expect(caught(() => kpiReport(before, { ...after, transactions: [{ customerId: "a", timestamp: "2024-01-01", amount: Infinity }] })).code).toBe("NON_FINITE");
    expect(caught(() => cohortRetention({ customerId: ["a"], timestamp: [undefined as never], amount: [1] })).code).toBe("MISSING_VALUE");
    expect(caught(() => cohortRetention({ customerId: [1], timestamp: [19970101], amount: [1] })).code).toBe("INVALID_TIMESTAMP");
    expect(caught(() => cohortRetention({ customerId: ["a"], timestamp: ["2024-01-01"], amount: [-3] })).code).toBe("DEGENERATE_INPUT");
    expect(caught(() => kpiReport(null as never, after)).code).toBe("INVALID_INPUT");
    expect(caught(() => kpiReport({ ...before, end: "2024-01-01" }, after)).code).toBe("INVALID_INPUT");
    expect(caught(() => kpiReport({ ...before, start: undefined as never }, after)).code).toBe("MISSING_VALUE");
    expect(caught(() => kpiReport({ ...before, clv: [{ id: "a", clv: 1 }] }, after)).code).toBe("INVALID_INPUT");
    expect(caught(() => kpiReport({ ...before, clv: [{ id: "a", clv: NaN }] }, { ...after, clv: [{ id: "a", clv: 1 }] })).code).toBe("NON_FINITE");
    expect(caught(() => kpiReport({ ...before, clv: [{ id: 7, clv: 1 }, { id: "7", clv: 2 }] }, { ...after, clv: [{ id: "a", clv: 1 }] })).code).toBe("DUPLICATE_ID");
    expect(caught(() => cohortRows(null as never)).code).toBe("INVALID_INPUT");
    expect(caught(() => kpiReportRows({ n: 2, kpi: ["x"] } as never)).code).toBe("LENGTH_MISMATCH");
    expect(caught(() => kpiReportRows({ n: 1, kpi: ["x"] } as never)).code).toBe("MISSING_COLUMN");
  });

  it("TOO_LARGE: resamples above the cap, bootstrap work above the cap, too many cohort cells", () => {
    let e = caught(() => kpiReport(before, after, { resamples: 1e6 }));
    expect([e.code, e.path]).toEqual(["TOO_LARGE", ["options", "resamples"]]);
    const ids = Array.from({ length: 3000 }, (_, i) => i);
    const big = { transactions: { customerId: ids, timestamp: ids.map(() => "2024-02-02"), amount: ids.map(() => 1) }, start: "2024-02-01", end: "2024-02-29" };
    e = caught(() => kpiReport(big, big, { resamples: 100_000 }));
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toMatch(/Lower resamples to 66666/);
    const many = Array.from({ length: 26_000 }, (_, i) => i);
    const seg = { id: many, segment: many.map((i) => `s${i % 1000}`) };
    e = caught(() => kpiReport({ ...big, segments: seg }, { ...big, segments: seg }, { resamples: 0 }));
    expect([e.code, e.path]).toEqual(["TOO_LARGE", ["before", "segments"]]); // 26,000 customers x 2,016 columns, before allocating
    const span = { customerId: [1, 2], timestamp: ["1980-01-01", "2030-01-01"], amount: [1, 1] };
    e = caught(() => cohortRetention(span, { period: "week" })); // 2,610 weekly cohorts: 3.4 million cells
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toMatch(/period: "month"/);
    expect(cohortRetention(span).n).toBe((601 * 602) / 2); // 601 monthly cohorts fit
  });
});

// fast-check: random small logs over 90 days of 2024
const txArb = fc.array(
  fc.record({ c: fc.integer({ min: 0, max: 7 }), d: fc.integer({ min: 0, max: 90 }), a: fc.integer({ min: -30, max: 60 }) }),
  { minLength: 1, maxLength: 40 },
);
const toLog = (rows: { c: number; d: number; a: number }[]) => ({
  customerId: rows.map((r) => r.c),
  timestamp: rows.map((r) => Date.UTC(2024, 0, 1) + r.d * 86_400_000),
  amount: rows.map((r) => r.a),
});
const hasPurchase = (rows: { a: number }[]) => rows.some((r) => r.a > 0);

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
      cohort: "2024-01", cohortStart: 1704067200000, offset: 1, periodStart: 1706745600000, complete: false,
      cohortSize: 1, customers: 1, customerRate: 1, revenue: 20, revenueRate: 2, reason: null,
    });
  });

  it("kpiReport and kpiReportRows", () => {
    const transactions = {
      customerId: ["a", "a", "b", "a", "b", "b"],
      timestamp: ["2024-01-03", "2024-01-20", "2024-01-09", "2024-02-05", "2024-02-07", "2024-02-21"],
      amount: [10, 20, 30, 40, 50, 60],
    };
    const r = kpiReport({ transactions, start: "2024-01-01", end: "2024-01-31" }, { transactions, start: "2024-02-01", end: "2024-03-02" }, { seed: 1, resamples: 200 });
    const aov = kpiReportRows(r).find((row) => row.kpi === "averageOrderValue")!;
    expect([aov.before, aov.after, aov.change]).toEqual([20, 50, 30]);
    const tx2 = { customerId: [1, 1, 2], timestamp: ["2024-01-03", "2024-02-05", "2024-02-07"], amount: [10, 40, 50] };
    const r2 = kpiReport({ transactions: tx2, start: "2024-01-01", end: "2024-01-31" }, { transactions: tx2, start: "2024-02-01", end: "2024-03-02" }, { resamples: 0 });
    expect(kpiReportRows(r2)[1]).toEqual({ kpi: "activeCustomers", before: 1, after: 2, change: 1, relativeChange: 1, lower: null, upper: null, reason: null });
  });
});
