// RFM segments live in src/rfm/segments/, one concept per file: the rule table
// (RFM_SEGMENTS), the types, assignSegments / segmentRows, and the segment checks. This file
// re-exports what it exported before the split, so every import path ("./segments.js" in
// index.ts and report.ts) keeps working.
export { RFM_SEGMENTS } from "./segments/rules.js";
export type { ScoreRange, SegmentRule } from "./segments/rules.js";
export type { SegmentFallback, AssignSegmentsOptions, RfmScoreInputRow, RfmSegments, RfmSegmentRow } from "./segments/types.js";
export { assignSegments, segmentRows } from "./segments/assign.js";
export { checkSegments } from "./segments/check.js";
