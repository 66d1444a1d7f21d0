// permutationImportance: the drop in a metric when one feature's values are shuffled, for any model.
import { ClienteleError, describeValue } from "../../core/errors.js";
import { rngOption, seedOption } from "../../core/options.js";
import { createRng, type Rng } from "../../core/rng.js";
import * as z from "../../core/schema.js";
import { parseOptions } from "../../core/validate.js";
import { readFeatures, type DenseFeatures, type FeatureTable, type FeatureInput } from "../matrix.js";
import { averagePrecisionOf, brierOf, logLossOf, rocAucOf } from "../metrics/binary.js";
import { checkProbabilities, readLabels, readNumbers, requireBothClasses } from "../metrics/input.js";
import { scoreDense } from "../predict.js";
import { isTreeModel } from "../trees/margins.js";

/** A prediction function: one score per row of a feature table (columns are Float64Arrays, NaN = missing; do not mutate them). */
export type PredictFunction = (X: FeatureTable) => ArrayLike<number>;

/** Any object with a `predict` method of the {@link PredictFunction} shape (a wrapper around a model trained elsewhere). */
export interface Predictor {
  predict: PredictFunction;
}

/** What {@link permutationImportance} explains: a model of clientele/predict (scored by predictProba), a Predictor or a PredictFunction. */
export type ImportanceModel = PredictFunction | Predictor | { kind: string };

/** A metric: a built-in name, or your own function with its direction. */
export type ImportanceMetric =
  | "rocAuc"
  | "averagePrecision"
  | "logLoss"
  | "brier"
  | "mse"
  | { score: (y: Float64Array, predictions: Float64Array) => number; higherIsBetter: boolean };

/** Options of {@link permutationImportance}. */
export interface PermutationImportanceOptions {
  /** Metric (default "rocAuc"); "logLoss" and "brier" need probabilities, "mse" numeric targets. */
  metric?: ImportanceMetric;
  /** Shuffles per feature (default 5). */
  repeats?: number;
  /** Seed of the shuffles (default 0); or pass `rng`. */
  seed?: number;
  rng?: Rng;
}

/** One feature of a {@link PermutationImportance}. */
export interface ImportanceRow {
  name: string;
  /** Column index in X. */
  index: number;
  /** Mean loss of quality when the feature is shuffled (baseline − permuted for higher-is-better metrics, permuted − baseline for losses): > 0 = the model uses it. */
  importance: number;
  /** Population standard deviation over the repeats (scikit-learn's importances_std). */
  std: number;
  /** The metric after each shuffle. */
  scores: number[];
}

/** Result of {@link permutationImportance}. */
export interface PermutationImportance {
  metric: string;
  higherIsBetter: boolean;
  /** The metric on the unshuffled data. */
  baseline: number;
  repeats: number;
  /** Every feature, most important first (ties in column order). */
  features: ImportanceRow[];
}

const schema = z.object({
  metric: z
    .union([
      z.enum(["rocAuc", "averagePrecision", "logLoss", "brier", "mse"]),
      z.object({ score: z.function<(y: Float64Array, p: Float64Array) => number>(), higherIsBetter: z.boolean() }),
    ])
    .default("rocAuc"),
  repeats: z.number().int().min(1).max(1000).default(5),
  seed: seedOption().optional(),
  rng: rngOption().optional(),
});

const MAX_WORK = 2e9;

/**
 * Permutation importance (Breiman 2001; scikit-learn's `permutation_importance`): for each
 * feature, shuffle its column `repeats` times, rescore, and report how much the metric drops.
 * Works for any model: a model of clientele/predict (logistic regression, calibrated, gradient
 * boosting), an object with `predict(X)`, or a plain function `X => scores`, so models trained
 * elsewhere can be explained the same way. Measure it on held-out data. Correlated features share
 * importance (shuffling one leaves the other). O(d · repeats) predictions.
 *
 * @param model - a model of clientele/predict, a {@link Predictor}, or a {@link PredictFunction}
 * @param X - rows or a feature table (as for predictProba)
 * @param y - labels (0/1 for the classification metrics, numbers for "mse" and custom metrics)
 * @param options - `metric` (default "rocAuc"), `repeats` (5), `seed` (0) or `rng`
 * @throws ClienteleError `INVALID_INPUT` (model), `LENGTH_MISMATCH`, `NON_FINITE` (a prediction), `DEGENERATE_INPUT`, `TOO_LARGE`,
 *   and the model's own codes
 * @example
 * import { fitLogisticRegression, permutationImportance } from "clientele/predict";
 * const X = [[1, 5], [2, 3], [3, 9], [4, 1], [5, 7], [6, 2], [7, 8], [8, 4]];
 * const y = [0, 0, 0, 1, 0, 1, 1, 1];
 * const m = fitLogisticRegression(X, y);
 * const r = permutationImportance(m, X, y, { repeats: 10, seed: 1 });
 * r.features[0].name; // => "x0"
 * r.baseline; // => 1
 */
export function permutationImportance(
  model: ImportanceModel,
  X: FeatureInput,
  y: ArrayLike<number | boolean>,
  options: PermutationImportanceOptions = {},
): PermutationImportance {
  const fn = "permutationImportance";
  const o = parseOptions(schema, options, fn);
  if (o.seed !== undefined && o.rng !== undefined)
    throw new ClienteleError({ code: "INVALID_OPTION", path: ["options", "seed"], received: o.seed, message: `${fn}: pass either seed or rng, not both.` });
  const kind = model && typeof model === "object" ? (model as { kind?: unknown }).kind : undefined;
  const fnModel =
    typeof model === "function"
      ? (model as PredictFunction)
      : model && typeof model === "object" && typeof (model as Predictor).predict === "function"
        ? (X_: FeatureTable) => (model as Predictor).predict(X_)
        : null;
  if (!fnModel && typeof kind !== "string") {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["model"],
      received: model,
      message: `${fn}: model must be a model of clientele/predict, an object with predict(X), or a function X => scores. Got ${describeValue(model)}.`,
    });
  }
  const dense = readFeatures(X, fn, fnModel || isTreeModel(model) ? "allow" : "reject");
  const { n, d } = dense;
  if (n * d * o.repeats > MAX_WORK) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["X"],
      received: n,
      message: `${fn}: ${n} rows x ${d} features x ${o.repeats} repeats is over ${MAX_WORK} cells to rescore. Use a sample of held-out rows (a few thousand suffice) or fewer repeats.`,
    });
  }
  const metricName = typeof o.metric === "string" ? o.metric : "custom";
  const numericY = metricName === "mse" || metricName === "custom";
  const target = numericY ? readNumbers(y, n, fn, "y") : Float64Array.from(readLabels(y, fn));
  if (target.length !== n)
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: ["y"],
      received: target.length,
      message: `${fn}: y has ${target.length} labels but X has ${n} rows. Pass one label per row.`,
    });
  const labels = numericY ? null : Uint8Array.from(target);
  if (labels) requireBothClasses({ n, y: labels, s: target, w: null }, fn);
  const higher = typeof o.metric === "string" ? o.metric === "rocAuc" || o.metric === "averagePrecision" : o.metric.higherIsBetter;
  const score = (p: Float64Array): number => {
    const dd = { n, y: labels!, s: p, w: null };
    switch (o.metric) {
      case "rocAuc":
        return rocAucOf(dd);
      case "averagePrecision":
        return averagePrecisionOf(dd);
      case "logLoss":
        checkProbabilities(p, fn, "predictions");
        return logLossOf(dd);
      case "brier":
        checkProbabilities(p, fn, "predictions");
        return brierOf(dd);
      case "mse": {
        let s = 0;
        for (let i = 0; i < n; i++) s += (p[i]! - target[i]!) ** 2;
        return s / n;
      }
      default: {
        const v = o.metric.score(Float64Array.from(target), p);
        if (typeof v !== "number" || !Number.isFinite(v))
          throw new ClienteleError({
            code: "NON_FINITE",
            path: ["options", "metric"],
            received: v,
            message: `${fn}: the custom metric returned ${describeValue(v)}; it must return a finite number.`,
          });
        return v;
      }
    }
  };
  const work = Float64Array.from(dense.data);
  const view: DenseFeatures = { n, d, names: dense.names, data: work, missing: dense.missing };
  const predictNow = (): Float64Array => {
    if (!fnModel) return scoreDense(model, view, fn).values;
    const table: FeatureTable = { names: dense.names, columns: Array.from({ length: d }, (_, j) => work.subarray(j * n, (j + 1) * n)) };
    return readNumbers(fnModel(table), n, fn, "predictions");
  };
  const base = score(predictNow());
  const rng = o.rng ?? createRng(o.seed ?? 0);
  const idx = Array.from({ length: n }, (_, i) => i);
  const rows: ImportanceRow[] = [];
  for (let j = 0; j < d; j++) {
    const off = j * n;
    const scores: number[] = [];
    for (let r = 0; r < o.repeats; r++) {
      rng.shuffle(idx);
      for (let i = 0; i < n; i++) work[off + i] = dense.data[off + idx[i]!]!;
      scores.push(score(predictNow()));
    }
    work.set(dense.data.subarray(off, off + n), off);
    const drops = scores.map((s) => (higher ? base - s : s - base));
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length);
    rows.push({ name: dense.names[j]!, index: j, importance: mean, std, scores });
  }
  rows.sort((a, b) => b.importance - a.importance || a.index - b.index);
  return { metric: metricName, higherIsBetter: higher, baseline: base, repeats: o.repeats, features: rows };
}
