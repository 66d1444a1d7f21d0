/**
 * `clientele/predict`: propensity and churn models (being built; see docs/predict.md when it lands).
 *
 * @packageDocumentation
 */
export * from "./metrics.js"; // evaluation metrics (owner: predict-linear)
export * from "./linear.js"; // logistic regression, calibration (owner: predict-linear)
export * from "./trees.js"; // gradient boosting, TreeSHAP, LightGBM/XGBoost import (owner: predict-trees)
export * from "./features.js"; // buildFeatures, buildLabels, backtestSplits, churnPropensity (owner: predict-features)
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
