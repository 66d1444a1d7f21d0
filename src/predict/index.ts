/**
 * `clientele/predict`: propensity and churn models: leakage-free features, logistic regression and gradient boosting, calibration, evaluation (see docs/predict.md).
 *
 * @packageDocumentation
 * @module clientele/predict
 */
export * from "./metrics.js"; // evaluation metrics (owner: predict-linear)
export * from "./linear.js"; // logistic regression, calibration (owner: predict-linear)
export * from "./trees.js"; // gradient boosting, TreeSHAP, LightGBM/XGBoost import (owner: predict-trees)
export * from "./features.js"; // buildFeatures, buildLabels, backtestSplits, churnPropensity (owner: predict-features)
export * from "./evaluate.js"; // costThreshold, compareModels (owner: predict-linear)
export * from "./importance.js"; // permutationImportance, for any model (owner: predict-linear)
export * from "./churn.js"; // churnPropensity, the guided churn path (owner: predict-linear)
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
