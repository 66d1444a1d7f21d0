// Public exports of this part of clientele/predict: evaluation metrics and tables (re-exports only;
// the code lives in src/predict/metrics/).
export { rocAuc, averagePrecision, logLoss, brierScore } from "./metrics/binary.js";
export type { MetricOptions } from "./metrics/binary.js";
export { liftTable, calibrationTable } from "./metrics/tables.js";
export type { LiftRow, LiftTableOptions, CalibrationRow, CalibrationTableOptions } from "./metrics/tables.js";
