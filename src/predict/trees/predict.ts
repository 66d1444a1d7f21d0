// predictGradientBoosting: scores rows with a tree ensemble (fitted here or imported).
import * as z from "../../core/schema.js";
import { jsonColumns } from "../../core/json.js";
import { parseOptions } from "../../core/validate.js";
import { readColumns, type FeatureInput } from "../matrix.js";
import { compile } from "./model.js";
import { marginsOfColumns, prepareColumns } from "./score.js";

/** Options of {@link predictGradientBoosting}. */
export interface PredictGradientBoostingOptions {
  /** "response" (default): P(y = 1) for binary, the mean for regression objectives; "margin": the raw sum of trees. */
  output?: "response" | "margin";
}

/** What {@link predictGradientBoosting} returns. */
export interface GradientBoostingPrediction {
  /** One value per row: probability (binary), mean (squared-error, poisson) or raw margin. */
  values: Float64Array;
  /** Cells with a categorical level never seen in training, scored as missing values. */
  unknownLevels: number;
  /** Cells that were missing (null/NaN) in X. */
  missing: number;
}

const options = z.object({ output: z.enum(["response", "margin"]).default("response") });

/**
 * Scores every row with a gradient-boosting model: the probability of 1 (binary), the predicted
 * mean (squared error; Poisson: exp of the margin), or the raw margin. Missing values (null/NaN)
 * follow each split's learned default side; a categorical level never seen in training is scored
 * as missing and counted in `unknownLevels`. O(n · trees · depth).
 *
 * @param model - from {@link fitGradientBoosting}, {@link fromXgboost}, {@link fromLightGbm} or {@link gradientBoostingFromJSON}
 * @param X - rows or a feature table, with the training columns in order
 * @param opts - `output` ("response" or "margin")
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `SHAPE_MISMATCH`, `NON_FINITE`
 * @example
 * import { fitGradientBoosting, predictGradientBoosting } from "clientele/predict";
 * const m = fitGradientBoosting([[0], [1], [2], [3]], [1, 2, 3, 4], { objective: "squared-error", maxIter: 50, minSamplesLeaf: 1, learningRate: 0.5 });
 * Array.from(predictGradientBoosting(m, [[0], [3]]).values, (v) => v.toFixed(2)); // => ["1.00", "4.00"]
 */
export function predictGradientBoosting(model: unknown, X: FeatureInput, opts: PredictGradientBoostingOptions = {}): GradientBoostingPrediction {
  const fn = "predictGradientBoosting";
  const o = parseOptions(options, opts, fn);
  const cols = readColumns(X, fn, "allow");
  const c = compile(model, fn);
  const p = prepareColumns(c, cols, fn);
  const v = marginsOfColumns(c, p.columns, cols.n);
  const obj = c.model.objective;
  if (o.output === "response") {
    if (obj === "binary") for (let i = 0; i < v.length; i++) v[i] = 1 / (1 + Math.exp(-v[i]!));
    else if (obj === "poisson") for (let i = 0; i < v.length; i++) v[i] = Math.exp(v[i]!);
  }
  return jsonColumns({ values: v, unknownLevels: p.unknown, missing: cols.missing });
}
