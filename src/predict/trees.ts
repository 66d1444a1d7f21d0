// Public exports of this part of clientele/predict (re-exports only; the code lives in src/predict/trees/).
export { fitGradientBoosting, fitGradientBoostingAsync } from "./trees/fit.js";
export type { FitGradientBoostingOptions, FitGradientBoostingAsyncOptions, GradientBoostingProgress } from "./trees/options.js";
export { predictGradientBoosting, type PredictGradientBoostingOptions, type GradientBoostingPrediction } from "./trees/predict.js";
export { gradientBoostingFromJSON, type GradientBoostingModel, type TreeJSON, type TreeObjective } from "./trees/model.js";
export { explainGradientBoosting, type GradientBoostingExplanation } from "./trees/shap.js";
export { fromXgboost } from "./trees/xgboost.js";
export { fromLightGbm } from "./trees/lightgbm.js";
