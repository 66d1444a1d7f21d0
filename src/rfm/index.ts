/**
 * `clientele/rfm`: RFM quantile scores (M on total spend by default), the 11-segment map
 * with recommended actions, segment reports, RFMTC (tenure and churn probability) and
 * segment transition matrices with Markov projections.
 *
 * @packageDocumentation
 * @module clientele/rfm
 */
export { scoreRfm, rfmScoreRows, rfmScoreAt } from "./score.js";
export type {
  RfmCustomerRow,
  RfmCustomerColumns,
  RfmInput,
  RecencyConvention,
  MonetaryMeasure,
  TieRule,
  RfmThresholds,
  ScoreRfmOptions,
  RfmScores,
  RfmScoreRow,
} from "./score.js";
export { assignSegments, segmentRows, RFM_SEGMENTS } from "./segments.js";
export type {
  ScoreRange,
  SegmentRule,
  SegmentFallback,
  AssignSegmentsOptions,
  RfmScoreInputRow,
  RfmSegments,
  RfmSegmentRow,
} from "./segments.js";
export { segmentReport } from "./report.js";
export type { SegmentReportOptions, SegmentReportRow } from "./report.js";
export { scoreRfmtc, rfmtcScoreRows } from "./rfmtc.js";
export type { RfmtcCustomerView, ChurnInput, ScoreRfmtcOptions, RfmtcScores, RfmtcScoreRow } from "./rfmtc.js";
export { transitionMatrix, projectSegments, NEW_STATE, GONE_STATE } from "./transitions.js";
export type {
  SegmentSnapshotRow,
  SegmentSnapshotColumns,
  SegmentSnapshot,
  TransitionMatrixOptions,
  TransitionMatrix,
  SegmentProjection,
} from "./transitions.js";
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
export type { TimeUnit } from "../core/time.js";
