/**
 * `clientele/rfm`: RFM quantile scores, the 11-segment map with recommended actions,
 * segment reports, RFMTC (tenure and churn probability) and segment transition matrices
 * with Markov projections.
 *
 * @packageDocumentation
 */
export { scoreRfm, rfmScoreRows, rfmScoreAt } from "./score.js";
export type {
  RfmCustomerRow,
  RfmCustomerColumns,
  RfmInput,
  RecencyConvention,
  TieRule,
  RfmThresholds,
  ScoreRfmOptions,
  RfmScores,
  RfmScoreRow,
} from "./score.js";
export { assignSegments, RFM_SEGMENTS } from "./segments.js";
export type {
  ScoreRange,
  SegmentRule,
  SegmentFallback,
  AssignSegmentsOptions,
  RfmScoreInputRow,
  RfmSegments,
} from "./segments.js";
export { segmentReport } from "./report.js";
export type { SegmentReportOptions, SegmentReportRow } from "./report.js";
export { scoreRfmtc } from "./rfmtc.js";
export type { RfmtcCustomerView, ChurnInput, ScoreRfmtcOptions, RfmtcScores } from "./rfmtc.js";
export { transitionMatrix, projectSegments, NEW_STATE, GONE_STATE } from "./transitions.js";
export type {
  SegmentSnapshotRow,
  SegmentSnapshotColumns,
  SegmentSnapshot,
  TransitionMatrixOptions,
  TransitionMatrix,
  SegmentProjection,
} from "./transitions.js";
