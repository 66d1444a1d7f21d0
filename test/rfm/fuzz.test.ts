// issue 10 case 4: quick fuzz loop over every export of clientele/rfm (fixed inputs, no randomness).
import { describe, expect, it } from "vitest";
import * as R from "../../src/rfm/index.js";
import { fuzz } from "../data/fuzz-harness.js";

const cols = {
  id: ["a", "b", "c"],
  recency: [10, 2, 5],
  frequency: [4, 1, 0],
  totalSpend: [150, 24, 9],
  purchaseDays: [5, 2, 1],
  monetary: [30, 12, 0],
  T: [12, 40, 20],
};
const rows = [
  { id: "a", recency: 10, frequency: 4, totalSpend: 150, T: 12 },
  { id: 7, recency: 2, frequency: 1, totalSpend: 24, T: 40 },
];

describe("fuzz: clientele/rfm exports throw ClienteleError or succeed", () => {
  it("covers every function export", () => {
    const fns = Object.entries(R)
      .filter(([, v]) => typeof v === "function" && v !== R.ClienteleError && v !== R.isClienteleError && v !== R.createRng && v !== R.isRng)
      .map(([k]) => k)
      .sort();
    expect(fns).toEqual([
      "assignSegments",
      "projectSegments",
      "rfmScoreAt",
      "rfmScoreRows",
      "rfmtcScoreRows",
      "scoreRfm",
      "scoreRfmtc",
      "segmentReport",
      "segmentRows",
      "transitionMatrix",
    ]);
  });
  it("scores, segments, reports, RFMTC, transitions", () => {
    expect(fuzz("scoreRfm", R.scoreRfm, [cols, { bins: 3, ties: "min", monetary: "average", thresholds: { frequency: [1, 2] } }])).toBeGreaterThan(0);
    expect(fuzz("scoreRfm", R.scoreRfm, [rows, {}])).toBeGreaterThan(0);
    const s = R.scoreRfm(cols);
    expect(fuzz("rfmScoreRows", R.rfmScoreRows, [{ ...s }])).toBeGreaterThan(0);
    expect(fuzz("rfmScoreAt", R.rfmScoreAt, [{ ...s }, 1])).toBeGreaterThan(0);
    expect(fuzz("assignSegments", R.assignSegments, [{ ...s }])).toBeGreaterThan(0);
    expect(
      fuzz("assignSegments", R.assignSegments, [
        [{ id: 1, r: 5, f: 4, m: 3 }],
        [{ segment: "A", action: "x", r: [4, 5] }],
        { fallback: { segment: "B", action: "y" } },
      ]),
    ).toBeGreaterThan(0);
    const seg = R.assignSegments(s);
    expect(fuzz("segmentRows", R.segmentRows, [{ ...seg }])).toBeGreaterThan(0);
    expect(fuzz("segmentReport", R.segmentReport, [{ ...seg }, { revenue: [1, 2, 3], sortBy: "revenue", includeEmpty: false }])).toBeGreaterThan(0);
    expect(fuzz("scoreRfmtc", R.scoreRfmtc, [cols, { churn: [0.1, 0.5, 0.9], tenureThresholds: [10, 20, 30, 40] }])).toBeGreaterThan(0);
    const t = R.scoreRfmtc(cols, { churn: () => 0.5 });
    expect(fuzz("rfmtcScoreRows", R.rfmtcScoreRows, [{ ...t }])).toBeGreaterThan(0);
    const before = [
      { id: 1, segment: "A" },
      { id: 2, segment: "B" },
    ];
    const after = { id: [1, 3], segment: ["B", "A"] };
    expect(fuzz("transitionMatrix", R.transitionMatrix, [before, after, { states: ["B", "A"] }])).toBeGreaterThan(0);
    const tm = R.transitionMatrix(before, after);
    expect(fuzz("projectSegments", R.projectSegments, [{ states: tm.states, probabilities: tm.probabilities }, { A: 5, B: 1 }, 3])).toBeGreaterThan(0);
    expect(fuzz("projectSegments", R.projectSegments, [tm, [1, 2, 0, 0], 2])).toBeGreaterThan(0);
  });
});
