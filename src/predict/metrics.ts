// Public exports of this part of clientele/predict (re-exports only; the code lives in sibling modules).
export { rocAuc, averagePrecision, logLoss, brierScore, LOG_LOSS_EPS } from "./metrics/binary.js";
export type { MetricOptions } from "./metrics/binary.js";
export { liftTable, calibrationTable } from "./metrics/tables.js";
export type { LiftRow, LiftTableOptions, CalibrationRow, CalibrationTableOptions } from "./metrics/tables.js";
