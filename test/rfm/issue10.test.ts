import { describe, expect, it } from "vitest";
import { referenceData } from "../helpers/data.js";
import { simulateCustomers, summarizeTransactions, summaryToRows } from "../../src/data/index.js";
import {
  assignSegments,
  projectSegments,
  rfmScoreRows,
  rfmtcScoreRows,
  scoreRfm,
  scoreRfmtc,
  segmentReport,
  segmentRows,
  transitionMatrix,
} from "../../src/rfm/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const LOG = referenceData("cdnow/CDNOW_sample.txt", "the CDNOW monetary regression test");
const hasLog = LOG.available;

describe("issue 10 case 5: M scores what marketers mean (total spend by default)", () => {
  it.skipIf(!hasLog)("CDNOW customer 15003 (one purchase of $506.97) gets M = 5, not 1-2 (was: BTYD repeat-only mean)", () => {
    const lines = LOG.read().trim().split("\n");
    const tx = {
      customerId: lines.map((l) => l.trim().split(/\s+/)[0]), // master id, e.g. "15003"
      timestamp: lines.map((l) => l.trim().split(/\s+/)[2]),
      amount: lines.map((l) => Number(l.trim().split(/\s+/)[4])),
    };
    const summary = summarizeTransactions(tx, { observationEnd: "1998-06-30", timeUnit: "week" });
    const i = summary.id.indexOf("15003");
    expect(summary.frequency[i]).toBe(0);
    expect(summary.totalSpend[i]).toBeCloseTo(506.97, 6);
    expect(summary.purchaseDays[i]).toBe(1);
    const total = scoreRfm(summary);
    expect(total.monetarySource).toBe("total");
    expect(total.m[i]).toBe(5);
    const aov = scoreRfm(summary, { monetary: "average" });
    expect(aov.m[i]).toBe(5);
    expect(aov.monetary[i]).toBeCloseTo(506.97, 6);
    // the old behaviour, now only by name: the repeat-only mean puts every one-time buyer low
    const btyd = scoreRfm(summary, { monetary: "btyd-mean" });
    expect(btyd.m[i]).toBeLessThanOrEqual(2);
    // a repeat buyer of $11.56 orders (customer 03838) ranks below 15003 on total spend
    const j = summary.id.indexOf("03838");
    expect(total.m[j]).toBeLessThan(total.m[i]);
    // rows (summaryToRows) score the same
    expect(Array.from(scoreRfm(summaryToRows(summary)).m)).toEqual(Array.from(total.m));
  });

  it("average order value is totalSpend / purchaseDays (first purchase included); missing columns say what to pass", () => {
    const cols = { id: ["a", "b", "c"], recency: [1, 2, 3], frequency: [0, 3, 1], totalSpend: [500, 100, 60], purchaseDays: [1, 4, 2] };
    const s = scoreRfm(cols, { recencyConvention: "since-last", monetary: "average" });
    expect(Array.from(s.monetary)).toEqual([500, 25, 30]);
    expect(Array.from(s.m)).toEqual([5, 1, 3]);
    const e = expectClienteleError(
      () => scoreRfm({ id: ["a"], recency: [1], frequency: [1], monetary: [5] }, { recencyConvention: "since-last" }),
      "MISSING_COLUMN",
    );
    expect(e.message).toMatch(/totalSpend/);
    expect(e.message).toMatch(/btyd-mean/);
    expect(
      expectClienteleError(
        () => scoreRfm({ id: ["a"], recency: [1], frequency: [1], totalSpend: [5] }, { recencyConvention: "since-last", monetary: "average" }),
        "MISSING_COLUMN",
      ).path,
    ).toEqual(["purchaseDays"]);
    expectClienteleError(() => scoreRfm(cols, { recencyConvention: "since-last", monetary: "mean" as never }), "INVALID_OPTION");
  });
});

describe("issue 10 case 6: quantile recency on a single-cohort log", () => {
  it("warns when the top R scores hold customers silent for > 3 typical gaps (was: a third 'Champions' lapsed for months, no word)", () => {
    // one cohort: first purchases in the first 12 weeks of a 78-week window (simulateCustomers' default)
    const sim = simulateCustomers({ n: 3000, seed: 1 });
    const summary = summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" });
    const s = scoreRfm(summary);
    const seg = assignSegments(s);
    let worst = 0;
    for (let i = 0; i < s.n; i++) if (seg.segment[i] === "Champions") worst = Math.max(worst, s.recency[i]);
    expect(worst).toBeGreaterThan(20); // the silent wrong answer: "Champions" with months since the last purchase
    expect(s.warnings.length).toBe(1);
    expect(s.warnings[0]).toMatch(/weeks since the last purchase/);
    expect(s.warnings[0]).toMatch(/thresholds: \{ recency/);
    expect(seg.warnings).toEqual(s.warnings);
    // the fix the warning names: absolute cut points; then no Champion is more than 4 weeks silent, and no warning
    const fixed = scoreRfm(summary, { thresholds: { recency: [4, 13, 26, 52] } });
    const fseg = assignSegments(fixed);
    for (let i = 0; i < fixed.n; i++) if (fseg.segment[i] === "Champions") expect(fixed.recency[i]).toBeLessThanOrEqual(13);
    expect(fixed.warnings).toEqual([]);
  });

  it("does not warn when customers keep arriving and buying (continuous acquisition)", () => {
    const sim = simulateCustomers({ n: 3000, seed: 1, cohortWeeks: 78 });
    const s = scoreRfm(summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" }));
    expect(s.warnings).toEqual([]);
  });
});

describe("issue 10 case 7: segment names equal to Object.prototype members", () => {
  const names = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];
  it("assignSegments, segmentReport, segmentRows, transitionMatrix and projectSegments keep them", () => {
    for (const name of names) {
      const rules = [{ segment: name, action: "act", r: [5, 5] as [number, number] }];
      const seg = assignSegments(
        [
          { id: 1, r: 5, f: 5, m: 5 },
          { id: 2, r: 1, f: 1, m: 1 },
        ],
        rules,
        { fallback: { segment: "toString", action: "rest" } },
      );
      expect(seg.segment[0]).toBe(name);
      expect(segmentRows(seg)[0].segment).toBe(name);
      const rep = segmentReport(seg, { revenue: [3, 1] });
      expect(rep.find((r) => r.segment === name)?.revenue).toBe(name === "toString" ? 4 : 3);
      const tm = transitionMatrix(
        [
          { id: 1, segment: name },
          { id: 2, segment: "a" },
        ],
        [
          { id: 1, segment: "a" },
          { id: "2", segment: name },
        ],
      );
      expect(tm.states[0]).toBe(name);
      expect(tm.counts[0][1]).toBe(1);
      const dist = JSON.parse(`{${JSON.stringify(name)}: 10}`);
      expect(projectSegments(tm, dist, 0).distribution[0]).toBe(10);
    }
    expect(({} as Record<string, unknown>).act).toBeUndefined();
  });
});

describe("issue 10 case 8: one id rule and row views", () => {
  it("7 and '7' are one customer in every rfm function; null ids are MISSING_VALUE", () => {
    expect(
      expectClienteleError(
        () => scoreRfm({ id: [7, "7"], recency: [1, 2], frequency: [1, 2], totalSpend: [1, 2] }, { recencyConvention: "since-last" }),
        "DUPLICATE_ID",
      ).code,
    ).toBe("DUPLICATE_ID");
    const tm = transitionMatrix([{ id: 7, segment: "A" }], [{ id: "7", segment: "B" }]);
    expect(tm.counts[0][1]).toBe(1); // one customer moved A -> B, not one gone and one new
    expect(
      expectClienteleError(
        () => scoreRfm({ id: [null], recency: [1], frequency: [1], totalSpend: [1] } as never, { recencyConvention: "since-last" }),
        "MISSING_VALUE",
      ).code,
    ).toBe("MISSING_VALUE");
    expectClienteleError(() => transitionMatrix([{ id: null, segment: "A" }] as never, [{ id: 1, segment: "A" }]), "MISSING_VALUE");
    expectClienteleError(() => assignSegments([{ id: {} as never, r: 1, f: 1, m: 1 }]), "INVALID_ID"); // was "[object Object]"
    expect(assignSegments([{ id: 7, r: 1, f: 1, m: 1 }]).id).toEqual(["7"]);
  });

  it("columnar results serialize as JSON arrays and have row views", () => {
    const cols = { id: ["a", "b"], recency: [10, 2], frequency: [4, 1], totalSpend: [150, 24], T: [12, 40] };
    const s = scoreRfm(cols);
    const json = JSON.parse(JSON.stringify(s));
    expect(json.r).toEqual(Array.from(s.r));
    expect(json.monetary).toEqual([150, 24]);
    const seg = assignSegments(s);
    expect(JSON.parse(JSON.stringify(seg)).segmentIndex).toEqual(Array.from(seg.segmentIndex));
    expect(segmentRows(seg).map((r) => r.id)).toEqual(["a", "b"]);
    const t = scoreRfmtc(cols, { churn: [0.1, 0.8] });
    expect(JSON.parse(JSON.stringify(t)).churn).toEqual([0.1, 0.8]);
    expect(rfmtcScoreRows(t)[1]).toEqual({ id: "b", r: 2, f: 2, m: 2, t: 4, churn: 0.8, code: "222" });
    expect(rfmScoreRows(s).length).toBe(2);
  });
});

describe("issue 10 case 3: near-miss fields and unknown options", () => {
  it("customer_id / total_spend / t_x are MISSING_COLUMN naming the expected field", () => {
    const e = expectClienteleError(() => scoreRfm([{ customer_id: "a", recency: 1, frequency: 1, totalSpend: 1, T: 3 }] as never), "MISSING_COLUMN");
    expect(e.path).toEqual(["customers", 0, "id"]);
    expect(e.message).toMatch(/"customer_id"/);
    expect(expectClienteleError(() => scoreRfm([{ id: "a", recency: 1, frequency: 1, total_spend: 1, T: 3 }] as never), "MISSING_COLUMN").message).toMatch(
      /"totalSpend"/,
    );
    expect(expectClienteleError(() => scoreRfm({ id: ["a"], t_x: [1], frequency: [1], totalSpend: [1], T: [3] } as never), "MISSING_COLUMN").path).toEqual([
      "customers",
      "recency",
    ]);
    expectClienteleError(() => transitionMatrix([{ customerId: 1, segment: "A" }] as never, [{ id: 1, segment: "A" }]), "MISSING_COLUMN");
    expectClienteleError(() => assignSegments([{ R: 1, F: 1, M: 1 }] as never), "MISSING_COLUMN");
  });

  it("every rfm function with options rejects unknown keys with the nearest name; old enum spellings still load", () => {
    const cols = { id: ["a", "b"], recency: [10, 2], frequency: [4, 1], totalSpend: [150, 24], T: [12, 40] };
    const seg = assignSegments(scoreRfm(cols), [{ segment: "A", action: "x" }]);
    const cases: [string, () => unknown][] = [
      ["scoreRfm", () => scoreRfm(cols, { bin: 5 } as never)],
      ["scoreRfmtc", () => scoreRfmtc(cols, { churn: [0, 0], tenureThreshold: [1] } as never)],
      ["assignSegments", () => assignSegments(seg.scores!, [{ segment: "A", action: "x" }], { fallbak: { segment: "B", action: "y" } } as never)],
      ["segmentReport", () => segmentReport(seg, { sort_by: "revenue" } as never)],
      ["transitionMatrix", () => transitionMatrix([{ id: 1, segment: "A" }], [{ id: 1, segment: "A" }], { state: ["A"] } as never)],
    ];
    for (const [fn, f] of cases) {
      const e = expectClienteleError(f, "INVALID_OPTION");
      expect(e.message).toMatch(new RegExp(`^${fn}: unknown option`));
      expect(e.message).toMatch(/did you mean/);
    }
    expectClienteleError(() => segmentReport(seg, { revenue: 5 } as never), "INVALID_OPTION");
    // "sinceLast" (earlier spelling) and "since-last" score identically
    const a = scoreRfm(cols, { recencyConvention: "sinceLast" });
    const b = scoreRfm(cols, { recencyConvention: "since-last" });
    expect(Array.from(a.r)).toEqual(Array.from(b.r));
  });
});
