import { describe, expect, it } from "vitest";
import { segmentRows, rfmtcScoreRows, scoreRfmtc } from "../../src/rfm/index.js";
import { assignSegments, GONE_STATE, NEW_STATE, projectSegments, RFM_SEGMENTS, type SegmentRule, rfmScoreAt, rfmScoreRows, scoreRfm, segmentReport, transitionMatrix } from "../../src/rfm/index.js";

// The @example blocks of src/rfm whose outputs are not asserted elsewhere
// (scoreRfm, assignSegments, scoreRfmtc, transitionMatrix: see their own test files).
describe("TSDoc examples", () => {
  const scores = scoreRfm(
    { id: ["a", "b", "c"], recency: [1, 30, 8], frequency: [5, 1, 2], totalSpend: [540, 20, 120] },
    { recencyConvention: "since-last" },
  );
  it("rfmScoreRows / rfmScoreAt", () => {
    expect(rfmScoreRows(scores).map((row) => row.code)).toEqual(["555", "111", "333"]);
    expect(rfmScoreAt(scores, 1)).toEqual({ id: "b", r: 1, f: 1, m: 1, code: "111" });
  });
  it("segmentReport", () => {
    const seg = assignSegments([{ r: 5, f: 5, m: 5 }, { r: 1, f: 1, m: 1 }]);
    expect(segmentReport(seg, { revenue: [90, 10], includeEmpty: false }).map((x) => [x.segment, x.shareOfRevenue])).toEqual([
      ["Champions", 0.9],
      ["Lost", 0.1],
    ]);
  });
  it("projectSegments", () => {
    const tm = transitionMatrix(
      [{ id: 1, segment: "A" }, { id: 2, segment: "A" }],
      [{ id: 1, segment: "A" }, { id: 2, segment: "B" }],
    );
    expect(projectSegments(tm, { A: 100 }, 2).distribution).toEqual([25, 75, 0, 0]);
  });
  it("RFM_SEGMENTS, NEW_STATE, GONE_STATE", () => {
    expect(RFM_SEGMENTS.map((rule) => rule.segment).length).toBe(11);
    const rules: SegmentRule[] = [{ segment: "VIP", action: "Call them", r: [5, 5], f: [5, 5], m: [5, 5] } as const, ...RFM_SEGMENTS];
    expect(assignSegments([{ r: 5, f: 5, m: 5 }], rules).segment).toEqual(["VIP"]);
    const tm = transitionMatrix([{ id: 1, segment: "A" }], [{ id: 1, segment: "A" }, { id: 2, segment: "A" }]);
    expect(tm.counts[tm.states.indexOf(NEW_STATE)]).toEqual([1, 0, 0]);
    const tm2 = transitionMatrix([{ id: 1, segment: "A" }, { id: 2, segment: "A" }], [{ id: 1, segment: "A" }]);
    expect(tm2.probabilities[0][tm2.states.indexOf(GONE_STATE)]).toBe(0.5);
  });
  it("segmentRows / rfmtcScoreRows", () => {
    expect(segmentRows(assignSegments([{ id: 7, r: 5, f: 5, m: 4 }]))[0]).toEqual({
      id: "7",
      segment: "Champions",
      action: "Reward them: loyalty programs, VIP experiences, early access; ask for reviews and referrals.",
      r: 5,
      f: 5,
      m: 4,
    });
    const s = scoreRfmtc({ id: ["a", "b"], recency: [10, 2], frequency: [4, 1], totalSpend: [150, 24], T: [12, 40] }, { churn: [0.1, 0.8] });
    expect(rfmtcScoreRows(s)[1]).toEqual({ id: "b", r: 2, f: 2, m: 2, t: 4, churn: 0.8, code: "222" });
  });
});
