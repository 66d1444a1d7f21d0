// Public exports of this part of clientele/predict: model-agnostic permutation importance (re-exports only).
export { permutationImportance } from "./importance/permutation.js";
export type {
  ImportanceMetric,
  ImportanceModel,
  ImportanceRow,
  PermutationImportance,
  PermutationImportanceOptions,
  PredictFunction,
  Predictor,
} from "./importance/permutation.js";
