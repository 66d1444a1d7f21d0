// The seam to clientele/predict: its logistic regression as an uplift outcome model.
import { fitLogisticRegression, logisticRegressionFromJSON, predictProba, type LogisticRegressionOptions } from "../predict/index.js";
import type { FlatMatrix } from "../core/matrix.js";
import type { UpliftLearner } from "./learner.js";
import { plainObject } from "./inputs.js";

function rows(X: FlatMatrix): number[][] {
  return Array.from({ length: X.n }, (_, i) => Array.from(X.data.subarray(i * X.d, i * X.d + X.d)));
}

/**
 * `clientele/predict`'s logistic regression (`fitLogisticRegression` / `predictProba`) as an
 * {@link UpliftLearner} for {@link fitUplift} (binary outcomes). Its options are passed through
 * (`lambda`, `penalty`, ...); row weights become `sampleWeight`. Give the same learner to
 * {@link predictUplift} for a reloaded model.
 *
 * @param options - `fitLogisticRegression` options (without `sampleWeight`)
 * @throws ClienteleError `INVALID_INPUT` (options not an object); fitting errors come from `fitLogisticRegression`
 * @example
 * import { fitUplift, logisticRegressionLearner, predictUplift } from "clientele/personalize";
 * const learner = logisticRegressionLearner({ lambda: 1 });
 * const m = fitUplift([[0], [1], [0], [1], [0], [1], [0], [1]], ["control", "control", "control", "control", "t", "t", "t", "t"], [0, 1, 1, 0, 1, 1, 0, 1], { learner });
 * m.learner; // => "clientele-predict-logistic"
 * predictUplift(m, [[0]], { learner }).treatments; // => ["t"]
 */
export function logisticRegressionLearner(options: Omit<LogisticRegressionOptions, "sampleWeight"> = {}): UpliftLearner {
  const opts = { ...plainObject(options, "logisticRegressionLearner", ["options"], "options") } as LogisticRegressionOptions;
  return {
    name: "clientele-predict-logistic",
    fit: (X, y, w) => fitLogisticRegression(rows(X), y, w ? { ...opts, sampleWeight: w } : opts),
    predict: (m, X) => predictProba(logisticRegressionFromJSON(m), rows(X)),
  };
}
