// Public exports of this part of clientele/predict (re-exports only; the code lives in src/predict/features/).
export { buildFeatures } from "./features/build.js";
export type { BuildFeaturesOptions, FeatureSet, TransactionInput } from "./features/build.js";
export type { ExtraColumns } from "./features/extra.js";
export type { DateInput, IncludeModel, LabelTarget } from "./features/options.js";
export { buildLabels } from "./features/labels.js";
export type { BuildLabelsOptions, LabelSet } from "./features/labels.js";
export { backtestSplits } from "./features/splits.js";
export type { BacktestSnapshot, BacktestSplit, BacktestSplits, BacktestSplitsOptions } from "./features/splits.js";
export { baselineScores } from "./features/baselines.js";
export type { BaselineScores, BaselineScoresOptions } from "./features/baselines.js";
