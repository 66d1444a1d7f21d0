// Public exports of this part of clientele/predict: logistic regression, prediction and calibration
// (re-exports only; the code lives in src/predict/linear/, predict.ts and calibrate.ts).
export { fitLogisticRegression, fitLogisticRegressionAsync, logisticRegressionFromJSON } from "./linear/logistic.js";
export type { LogisticRegressionModel, LogisticRegressionOptions, LogisticProgress } from "./linear/logistic.js";
export { explainLogisticRegression } from "./linear/explain.js";
export type { CoefficientRow } from "./linear/explain.js";
export { predictProba, predict } from "./predict.js";
export type { PredictOptions } from "./predict.js";
export { calibrate, calibratedModelFromJSON } from "./calibrate.js";
export type { CalibrateOptions, CalibratedModel } from "./calibrate.js";
export type { FeatureInput, FeatureTable } from "./matrix.js";
