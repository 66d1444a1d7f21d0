// The logistic-regression, metrics and calibration part of clientele/predict, not public yet
// (contract cases, docs and a benchmark still to land, issue 12); the tests import it from here.
export { rocAuc, averagePrecision, logLoss, brierScore, LOG_LOSS_EPS } from "./metrics/binary.js";
export type { MetricOptions } from "./metrics/binary.js";
export { liftTable, calibrationTable } from "./metrics/tables.js";
export type { LiftRow, LiftTableOptions, CalibrationRow, CalibrationTableOptions } from "./metrics/tables.js";
export { fitLogisticRegression, fitLogisticRegressionAsync, logisticRegressionFromJSON } from "./linear/logistic.js";
export type { LogisticRegressionModel, LogisticRegressionOptions, LogisticProgress } from "./linear/logistic.js";
export { explainLogisticRegression } from "./linear/explain.js";
export type { CoefficientRow } from "./linear/explain.js";
export { predictProba, predict } from "./predict.js";
export type { PredictOptions } from "./predict.js";
export { calibrate, calibratedModelFromJSON } from "./calibrate.js";
export type { CalibrateOptions, CalibratedModel } from "./calibrate.js";
export type { FeatureInput, FeatureTable } from "./matrix.js";
