import { describe, expect, it } from "vitest";
import { assignSegments, scoreRfm, scoreRfmtc, segmentReport } from "../../src/rfm/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const cols = { id: ["a", "b"], recency: [10, 2], frequency: [4, 1], totalSpend: [150, 24], T: [12, 40] };

describe("scoreRfmtc", () => {
  it("adds tenure, its score and the churn column (the @example)", () => {
    const s = scoreRfmtc(cols, { churn: [0.1, 0.8] });
    // since last purchase: a 12 - 10 = 2, b 40 - 2 = 38; n = 2 -> positions score 1 + floor(5*1/4) = 2 and 1 + floor(5*3/4) = 4
    expect([s.r[0], s.t[0], s.churn[1]]).toEqual([4, 2, 0.8]);
    expect(Array.from(s.tenure)).toEqual([12, 40]);
    expect(Array.from(s.t)).toEqual([2, 4]);
    // R, F, M identical to scoreRfm
    const base = scoreRfm(cols);
    expect(Array.from(s.r)).toEqual(Array.from(base.r));
    expect(Array.from(s.m)).toEqual(Array.from(base.m));
  });

  it("accepts churn as a function of index and customer", () => {
    const seen: unknown[] = [];
    const s = scoreRfmtc(cols, {
      churn: (i, c) => {
        seen.push([i, c.id, c.recency, c.T]);
        return c.recency / c.T; // a toy churn risk
      },
    });
    expect(seen).toEqual([
      [0, "a", 2, 12],
      [1, "b", 38, 40],
    ]);
    expect(Array.from(s.churn)).toEqual([2 / 12, 38 / 40]);
    // segmentation and report see the churn column
    const rep = segmentReport(assignSegments(s), { includeEmpty: false });
    const mean = rep.reduce((a, x) => a + (x.meanChurn ?? 0) * x.customers, 0) / 2;
    expect(mean).toBeCloseTo((2 / 12 + 38 / 40) / 2, 12);
  });

  it("rejects churn outside [0, 1] and missing T", () => {
    expectClienteleError(() => scoreRfmtc(cols, { churn: [0.1, 1.2] }), "OUT_OF_RANGE");
    expectClienteleError(() => scoreRfmtc(cols, { churn: () => -0.01 }), "OUT_OF_RANGE");
    expectClienteleError(() => scoreRfmtc(cols, { churn: () => NaN }), "NON_FINITE");
    expectClienteleError(() => scoreRfmtc(cols, { churn: [0.1, NaN] }), "NON_FINITE");
    expectClienteleError(() => scoreRfmtc(cols, { churn: [0.1] }), "LENGTH_MISMATCH");
    expectClienteleError(() => scoreRfmtc(cols, {} as never), "MISSING_COLUMN");
    const noT = { id: ["a"], recency: [1], frequency: [1], totalSpend: [1] };
    expectClienteleError(() => scoreRfmtc(noT, { churn: [0.5], recencyConvention: "sinceLast" }), "MISSING_COLUMN");
    expectClienteleError(() => scoreRfmtc(cols, { churn: [0.1, 0.2], tenureThresholds: [1] }), "INVALID_OPTION");
  });

  it("scores tenure with thresholds", () => {
    const s = scoreRfmtc(cols, { churn: [0, 1], tenureThresholds: [5, 10, 20, 30] });
    // T 12 >= 5, 10 -> 3; T 40 >= all four -> 5
    expect(Array.from(s.t)).toEqual([3, 5]);
  });
});
