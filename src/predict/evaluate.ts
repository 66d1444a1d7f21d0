// Public exports of this part of clientele/predict: campaign threshold and model comparison (re-exports only).
export { costThreshold } from "./evaluate/threshold.js";
export type { CostThreshold, CostThresholdOptions, ThresholdPoint } from "./evaluate/threshold.js";
export { compareModels } from "./evaluate/compare.js";
export type { BaselineInput, CompareModelsOptions, ComparisonRow, ModelComparison } from "./evaluate/compare.js";
