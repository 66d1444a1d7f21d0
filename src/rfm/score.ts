// RFM scoring lives in src/rfm/score/, one concept per file: the public types, reading the
// input (rows or columns) into checked columns, the quantile and threshold score kernels,
// scoreRfm itself, and the score rows and checks. This file re-exports what it exported before
// the split, so every import path ("./score.js" in index.ts, segments, report, rfmtc, tests)
// keeps working.
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
} from "./score/types.js";
export { scoreRfmOptionsSchema, toRfmColumns } from "./score/columns.js";
export type { ParsedScoreRfmOptions, RfmColumns } from "./score/columns.js";
export { selectInPlace, quantileScores, thresholdScores } from "./score/quantiles.js";
export { RECENCY_GAP_LIMIT, scoreColumns, scoreRfm } from "./score/compute.js";
export { checkScores, rfmScoreRows, rfmScoreAt } from "./score/rows.js";
