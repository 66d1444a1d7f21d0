// Contract cases for the predict-trees exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import { fitGradientBoosting, predictGradientBoosting } from "../../../src/predict/trees.js";
import type { Case } from "../cases.js";

const X = () => [
  [0, 1],
  [1, null],
  [2, 0],
  [3, 1],
  [4, 0],
  [5, 1],
  [6, 0],
  [7, 1],
];
const y = () => [0, 0, 1, 0, 1, 1, 1, 0];
const gbo = { maxIter: 3, minSamplesLeaf: 1 };
const gb = fitGradientBoosting(X(), y(), gbo);
const gbJson = () => JSON.parse(JSON.stringify(gb));
const negateLeafCover = (j: any): void => {
  j.trees[0].cover[0] = -1;
};

const xgbStump = () => ({
  learner: {
    learner_model_param: { base_score: "5E-1", num_feature: "1" },
    objective: { name: "binary:logistic" },
    gradient_booster: {
      name: "gbtree",
      model: {
        trees: [
          {
            left_children: [1, -1, -1],
            right_children: [2, -1, -1],
            split_indices: [0, 0, 0],
            split_conditions: [0.5, -0.2, 0.3],
            default_left: [1, 0, 0],
            sum_hessian: [2, 1, 1],
          },
        ],
      },
    },
  },
});

export const PREDICT_TREES_CASES: Record<string, Case> = {
  fitGradientBoosting: {
    args: () => [X(), y(), { ...gbo, subsample: 0.8 }],
    options: 2,
    seed: "rng",
    typed: ["onProgress", "rng"],
    fromJSON: "gradientBoostingFromJSON",
    predict: (m) => predictGradientBoosting(m, X()),
    negate: negateLeafCover,
    checkArgs: [0, 1],
  },
  fitGradientBoostingAsync: {
    args: () => [X(), y(), { ...gbo, subsample: 0.8 }],
    options: 2,
    seed: "rng",
    async: true,
    typed: ["signal", "onProgress", "rng"],
    fromJSON: "gradientBoostingFromJSON",
    negate: negateLeafCover,
    checkArgs: [0, 1],
  },
  predictGradientBoosting: { args: () => [gbJson(), X()], options: 2, checkArgs: [0, 1] },
  explainGradientBoosting: { args: () => [gbJson(), X()], options: 2, checkArgs: [0, 1] },
  fromLightGbm: {
    args: () => [
      {
        objective: "regression",
        max_feature_idx: 0,
        tree_info: [
          {
            tree_structure: {
              split_feature: 0,
              threshold: 3,
              decision_type: "<=",
              default_left: true,
              missing_type: "NaN",
              left_child: { leaf_value: 1, leaf_count: 5 },
              right_child: { leaf_value: 2, leaf_count: 5 },
            },
          },
        ],
      },
    ],
    checkArgs: [0],
  },
  fromXgboost: { args: () => [xgbStump()], checkArgs: [0] },
  gradientBoostingFromJSON: { args: () => [gbJson()], loads: true, negate: negateLeafCover },
};
