// Type tests of clientele/rfm (compile-only: npm run test:typetests).
import { expectTypeOf, test } from "vitest";
import {
  assignSegments,
  type RfmScoreRow,
  type RfmScores,
  type RfmSegments,
  rfmScoreRows,
  type ScoreRfmOptions,
  type SegmentReportRow,
  type SegmentRule,
  scoreRfm,
  segmentReport,
  type TransitionMatrix,
  transitionMatrix,
} from "clientele/rfm";
import { summarizeTransactions } from "clientele/data";

test("scoreRfm takes a summary or rows, returns typed-array scores", () => {
  const scores = scoreRfm({ id: ["a"], recency: [1], frequency: [2], totalSpend: [30] }, { bins: 5, recencyConvention: "since-last" });
  expectTypeOf(scores).toEqualTypeOf<RfmScores>();
  expectTypeOf(scores.r).toEqualTypeOf<Uint8Array>();
  expectTypeOf(scoreRfm(summarizeTransactions([]))).toEqualTypeOf<RfmScores>();
  expectTypeOf(scoreRfm).parameter(1).toEqualTypeOf<ScoreRfmOptions | undefined>();
  expectTypeOf(rfmScoreRows(scores)).toEqualTypeOf<RfmScoreRow[]>();
  // @ts-expect-error an unknown option
  scoreRfm({ id: ["a"], recency: [1], frequency: [2], totalSpend: [30] }, { quintiles: true });
});

test("segments, reports and transitions", () => {
  const seg = assignSegments([{ r: 5, f: 5, m: 5 }]);
  expectTypeOf(seg).toEqualTypeOf<RfmSegments>();
  expectTypeOf(seg.segment).toEqualTypeOf<string[]>();
  expectTypeOf(assignSegments).parameter(1).toEqualTypeOf<readonly SegmentRule[] | undefined>();
  expectTypeOf(segmentReport(seg, { revenue: [1] })).toEqualTypeOf<SegmentReportRow[]>();
  const tm = transitionMatrix([{ id: 1, segment: "A" }], [{ id: 1, segment: "B" }]);
  expectTypeOf(tm).toEqualTypeOf<TransitionMatrix>();
  expectTypeOf(tm.probabilities).toEqualTypeOf<number[][]>();
});
