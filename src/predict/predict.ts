// predictProba / predict for every model of clientele/predict: dispatch on the model's kind.
import { ClienteleError, describeValue } from "../core/errors.js";
import { jsonColumns } from "../core/json.js";
import * as z from "../core/schema.js";
import { parseOptions } from "../core/validate.js";
import { applyCalibration, checkCalibrated } from "./linear/calibration-map.js";
import { checkLogistic, logisticMargins } from "./linear/logistic.js";
import { readFeatures, type DenseFeatures, type FeatureInput } from "./matrix.js";
import { isTreeModel, treeMargins } from "./trees/margins.js";

/** Options of {@link predict}. */
export interface PredictOptions {
  /** Probability at or above which a row is classed 1 (default 0.5; classifiers only). */
  threshold?: number;
}

const predictOptions = z.object({ threshold: z.number().min(0).max(1).default(0.5) });

/** Internal: model output per row of dense X: probabilities (binary) or values (regression). */
export function scoreDense(model: unknown, X: DenseFeatures, fn: string): { values: Float64Array; link: "logit" | "log" | "identity" } {
  const kind = model && typeof model === "object" ? (model as { kind?: unknown }).kind : undefined;
  if (kind === "logistic-regression") return { values: sigmoidAll(logisticMargins(checkLogistic(model, fn), X, fn)), link: "logit" };
  if (kind === "calibrated-classifier") {
    const c = checkCalibrated(model, fn);
    const base = scoreDense(c.base, X, fn);
    if (base.link !== "logit")
      throw new ClienteleError({ code: "INVALID_MODEL", path: ["model", "base"], message: `${fn}: a calibrated model must wrap a binary classifier.` });
    return { values: applyCalibration(c, base.values), link: "logit" };
  }
  if (isTreeModel(model)) {
    const t = treeMargins(model, X, fn);
    const v = t.link === "logit" ? sigmoidAll(t.margins) : t.link === "log" ? t.margins.map(Math.exp) : t.margins;
    return { values: v, link: t.link };
  }
  throw new ClienteleError({
    code: model && typeof model === "object" ? "WRONG_MODEL_KIND" : "INVALID_MODEL",
    path: ["model", "kind"],
    received: kind,
    message: `${fn}: expected a model from fitLogisticRegression, calibrate or the gradient-boosting fits; got ${model && typeof model === "object" ? `kind ${describeValue(kind)}` : describeValue(model)}.`,
  });
}

function sigmoidAll(eta: Float64Array): Float64Array {
  for (let i = 0; i < eta.length; i++) eta[i] = 1 / (1 + Math.exp(-eta[i]!));
  return eta;
}

/**
 * Scores every row: for a binary classifier P(y = 1) (logistic regression, calibrated models,
 * binary gradient boosting); for a regression objective the predicted value. Tree models take
 * missing values (null/NaN); logistic regression rejects them (NON_FINITE / MISSING_VALUE).
 * O(n · d) for linear models.
 *
 * @param model - a fitted or loaded model of clientele/predict
 * @param X - rows, or a feature table `{ names, columns }`, with the training columns in order
 * @returns one value per row (a Float64Array that serializes as a JSON array)
 * @throws ClienteleError `WRONG_MODEL_KIND`, `INVALID_MODEL`, `SHAPE_MISMATCH`, `NON_FINITE`
 * @example
 * import { fitLogisticRegression, predictProba } from "clientele/predict";
 * const m = fitLogisticRegression([[0], [1], [2], [3]], [0, 0, 1, 1]);
 * Array.from(predictProba(m, [[0], [3]]), (p) => p.toFixed(3)); // => ["0.220", "0.780"]
 */
export function predictProba(model: unknown, X: FeatureInput): Float64Array {
  const fn = "predictProba";
  const allowMissing = isTreeModel(model);
  const dense = readFeatures(X, fn, allowMissing ? "allow" : "reject");
  return jsonColumns(scoreDense(model, dense, fn).values);
}

/**
 * Predicts the class (1 when P(y = 1) >= threshold, else 0) for binary classifiers, or the value
 * for regression objectives (threshold is then ignored).
 *
 * @param model - a fitted or loaded model
 * @param X - rows or a feature table
 * @param options - `threshold` (default 0.5)
 * @throws ClienteleError as {@link predictProba}
 * @example
 * import { fitLogisticRegression, predict } from "clientele/predict";
 * const m = fitLogisticRegression([[0], [1], [2], [3]], [0, 0, 1, 1]);
 * Array.from(predict(m, [[0], [3]])); // => [0, 1]
 */
export function predict(model: unknown, X: FeatureInput, options: PredictOptions = {}): Float64Array {
  const fn = "predict";
  const o = parseOptions(predictOptions, options, fn);
  const dense = readFeatures(X, fn, isTreeModel(model) ? "allow" : "reject");
  const r = scoreDense(model, dense, fn);
  if (r.link !== "logit") return jsonColumns(r.values);
  const out = new Float64Array(r.values.length);
  for (let i = 0; i < out.length; i++) out[i] = r.values[i]! >= o.threshold ? 1 : 0;
  return jsonColumns(out);
}
