// fitLogisticRegression / fitLogisticRegressionAsync / logisticRegressionFromJSON.
import { runAsync, runSync, type Steps } from "../../core/async.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import { progressOption, signalOption } from "../../core/options.js";
import * as z from "../../core/schema.js";
import { checkModelHeader, parseOptions, parseWith } from "../../core/validate.js";
import type { DenseFeatures, FeatureInput } from "../matrix.js";
import { readLabels, readWeights } from "../metrics/input.js";
import type { KernelBackend } from "../../core/wasm.js";
import { readDesign, type Design } from "./design.js";
import { invertPd, solve } from "./solver.js";

/** Progress of a logistic-regression fit (one call per Newton iteration). */
export interface LogisticProgress {
  iteration: number;
  /** Penalized objective (summed weighted log loss + penalty). */
  objective: number;
  /** Largest absolute gradient entry before the step. */
  gradNorm: number;
}

/** Options of {@link fitLogisticRegression}. */
export interface LogisticRegressionOptions {
  /** "l2" (default), "l1", "elasticnet" or "none". */
  penalty?: "l2" | "l1" | "elasticnet" | "none";
  /** Penalty strength λ = 1 / C of scikit-learn (default 1, i.e. C = 1). Ignored for "none". */
  lambda?: number;
  /** L1 share α of the elastic net, in [0, 1] (default 0.5; 1 for "l1", 0 for "l2"). */
  l1Ratio?: number;
  /** Fit an unpenalized intercept (default true). */
  fitIntercept?: boolean;
  /**
   * Scale features to unit variance inside the model before the penalty applies: true (default)
   * = every column, false = none, or the columns to scale (indices or names). Scaling uses the
   * unweighted mean and population standard deviation (scikit-learn's StandardScaler); constant
   * columns are left unscaled. Coefficients are always reported in the original units.
   */
  standardize?: boolean | ReadonlyArray<number | string>;
  /** One non-negative weight per row (scikit-learn's `sample_weight`). */
  sampleWeight?: ArrayLike<number>;
  /** Class weights multiplying the row weights: "balanced" (n / (2 n_c)) or { 0: w0, 1: w1 }. */
  classWeight?: "balanced" | { 0: number; 1: number };
  /**
   * Compute standard errors (default true): they need the full Hessian at the optimum, one extra
   * pass over X costing n·d²/2 multiply-adds (at 1,000,000 × 50 about as much as the whole fit
   * without it). `false` skips it: `standardErrors` is null, and explainLogisticRegression
   * reports no z, p-values or intervals. Coefficients are the same either way.
   */
  standardErrors?: boolean;
  /** Maximum Newton iterations (default 100). */
  maxIter?: number;
  /** Stop when the largest step is below tol · (1 + max |θ|) (default 1e-10). */
  tol?: number;
  /** Aborts the fit with `ABORTED` (async variant: checked between slices of work). */
  signal?: AbortSignal;
  /** Called after every iteration. */
  onProgress?: (progress: LogisticProgress) => void;
}

/** A fitted logistic regression (plain JSON). Coefficients are in the features' original units. */
export interface LogisticRegressionModel {
  kind: "logistic-regression";
  version: 1;
  featureNames: string[];
  intercept: number;
  /** One coefficient per feature, original units: log-odds change per unit of the feature. */
  coefficients: number[];
  /** Standard errors of intercept and coefficients (original units); null with L1 / elastic net, or with the option `standardErrors: false`. */
  standardErrors: { intercept: number; coefficients: number[] } | null;
  /** Why standardErrors is null, or how they were computed. */
  standardErrorsNote: string;
  /** Training mean and population standard deviation per feature (unweighted). */
  featureMean: number[];
  featureStd: number[];
  /** Whether each feature was scaled to unit variance before the penalty. */
  scaled: boolean[];
  penalty: "l2" | "l1" | "elasticnet" | "none";
  lambda: number;
  l1Ratio: number;
  fitIntercept: boolean;
  /** Rows used and their total weight. */
  nObs: number;
  weightSum: number;
  /** Weighted log-likelihood at the optimum (no penalty). */
  logLikelihood: number;
  /** Penalized objective at the optimum. */
  objective: number;
  iterations: number;
}

const MAX_CELLS = 250_000_000;
const MAX_FEATURES = 2000;

const optionsSchema = z.object({
  penalty: z.enum(["l2", "l1", "elasticnet", "none"]).default("l2"),
  lambda: z.number().min(0).default(1),
  l1Ratio: z.number().min(0).max(1).optional(),
  fitIntercept: z.boolean().default(true),
  standardize: z.union([z.boolean(), z.array(z.union([z.number().int().min(0), z.string()]))]).default(true),
  sampleWeight: z.any().optional(),
  classWeight: z.union([z.literal("balanced"), z.object({ 0: z.number().min(0), 1: z.number().min(0) })]).optional(),
  standardErrors: z.boolean().default(true),
  maxIter: z.number().int().min(1).max(10000).default(100),
  tol: z.number().min(0).max(1e-2).default(1e-10),
  signal: signalOption().optional(),
  onProgress: progressOption<LogisticProgress>().optional(),
});

function* fitSteps(X: unknown, y: unknown, options: unknown, fn: string, backend: KernelBackend = "auto"): Steps<LogisticRegressionModel> {
  const o = parseOptions(optionsSchema, options, fn);
  if (Array.isArray(X) && X.length > 0 && Array.isArray(X[0]) && X.length * (X[0] as unknown[]).length > MAX_CELLS) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["X"],
      received: X.length,
      message: `${fn}: X has ${X.length} rows x ${(X[0] as unknown[]).length} features, over ${MAX_CELLS} cells. Fit on a sample of rows (the coefficients converge long before), or reduce the features.`,
    });
  }
  const dense = readDesign(X, fn);
  if (dense.d > MAX_FEATURES) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["X"],
      received: dense.d,
      message: `${fn}: ${dense.d} features is over ${MAX_FEATURES} (the Newton step solves a d x d system). Select or aggregate features first.`,
    });
  }
  const labels = readLabels(y, fn);
  if (labels.length !== dense.n) {
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: ["y"],
      received: labels.length,
      message: `${fn}: y has ${labels.length} labels but X has ${dense.n} rows. Pass one label per row.`,
    });
  }
  const { n, d } = dense;
  let s: Float64Array | null = o.sampleWeight === undefined ? null : readWeights(o.sampleWeight, n, fn);
  let n1 = 0;
  for (let i = 0; i < n; i++) n1 += labels[i]!;
  if (n1 === 0 || n1 === n) {
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["y"],
      message: `${fn}: every label in y is ${n1 === 0 ? 0 : 1}; a classifier needs both classes. Check the label definition or the sample.`,
    });
  }
  if (o.classWeight !== undefined) {
    const cw = o.classWeight === "balanced" ? [n / (2 * (n - n1)), n / (2 * n1)] : [o.classWeight[0], o.classWeight[1]];
    s = s ? Float64Array.from(s) : new Float64Array(n).fill(1);
    for (let i = 0; i < n; i++) s[i]! *= cw[labels[i]!]!;
  }
  let weightSum = n;
  if (s) {
    weightSum = 0;
    let w1 = 0;
    for (let i = 0; i < n; i++) {
      weightSum += s[i]!;
      w1 += labels[i]! * s[i]!;
    }
    if (!(w1 > 0) || !(w1 < weightSum)) {
      throw new ClienteleError({
        code: "DEGENERATE_INPUT",
        path: ["options"],
        message: `${fn}: after weighting, one class has zero total weight; both classes need positive weight.`,
      });
    }
  }
  const scaled = whichScaled(o.standardize, dense, fn);
  const { mean, std } = moments(dense);
  const center = new Float64Array(d);
  const scale = new Float64Array(d).fill(1);
  // the solver reads x − readCenter[j] from cols[j]: a column that is scaled is transformed once
  // into a copy (in place when it is already a private copy), an unscaled one is centered as it
  // is read, so the caller's Float64Array columns are never copied nor written
  const cols = dense.cols.slice();
  const readCenter = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    if (o.fitIntercept) center[j] = mean[j]!;
    if (scaled[j] && std[j]! > 0) scale[j] = std[j]!;
    const c = center[j]!;
    const sc = scale[j]!;
    if (sc === 1) readCenter[j] = c;
    else {
      const src = cols[j]!;
      const out = dense.owned[j] ? src : new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = (src[i]! - c) / sc;
      cols[j] = out;
    }
  }
  const lambda = o.penalty === "none" ? 0 : o.lambda;
  const alpha = o.penalty === "l1" ? 1 : o.penalty === "elasticnet" ? (o.l1Ratio ?? 0.5) : 0;
  const sol = yield* solve({
    n,
    d,
    cols,
    center: readCenter,
    y: labels,
    s,
    lambda,
    alpha: lambda === 0 ? 0 : alpha,
    fitIntercept: o.fitIntercept,
    maxIter: o.maxIter,
    tol: o.tol,
    fn,
    onProgress: o.onProgress,
    hessianAtOptimum: o.standardErrors && (alpha === 0 || lambda === 0),
    backend,
  });
  // back to original units: β_j = θ_j / scale_j, b = θ_0 − Σ center_j β_j
  const p = d + 1;
  const coef = new Array<number>(d);
  let b = sol.theta[0]!;
  for (let j = 0; j < d; j++) {
    coef[j] = sol.theta[j + 1]! / scale[j]!;
    b -= center[j]! * coef[j]!;
  }
  let standardErrors: LogisticRegressionModel["standardErrors"] = null;
  let note =
    alpha !== 0 && lambda !== 0
      ? "not available with an L1 or elastic-net penalty (the estimator is not smooth at zero)"
      : "not computed (option standardErrors: false)";
  if (sol.hessian) {
    const cov = invertPd(sol.hessian, p);
    if (cov) {
      // J maps θ to (b, β): b = θ0 − Σ (center_j / scale_j) θ_j, β_j = θ_j / scale_j; Var = J Cov Jᵀ
      const J = (r: number, c: number): number => (r === 0 ? (c === 0 ? 1 : -center[c - 1]! / scale[c - 1]!) : c === r ? 1 / scale[r - 1]! : 0);
      const se = new Array<number>(p);
      for (let r = 0; r < p; r++) {
        let v = 0;
        for (let a = 0; a < p; a++) {
          const ja = J(r, a);
          if (ja === 0) continue;
          for (let c = 0; c < p; c++) {
            const jc = J(r, c);
            if (jc !== 0) v += ja * cov[a * p + c]! * jc;
          }
        }
        se[r] = Math.sqrt(Math.max(v, 0));
      }
      standardErrors = { intercept: o.fitIntercept ? se[0]! : 0, coefficients: se.slice(1) };
      note =
        lambda === 0
          ? "inverse observed information (Hessian of the weighted log-likelihood), as statsmodels' Logit"
          : "inverse Hessian of the penalized objective (the Laplace approximation of the L2 posterior); they shrink with the penalty";
    } else note = "not available: the Hessian at the optimum is singular";
  }
  return {
    kind: "logistic-regression",
    version: 1,
    featureNames: dense.names,
    intercept: b,
    coefficients: coef,
    standardErrors,
    standardErrorsNote: note,
    featureMean: Array.from(mean),
    featureStd: Array.from(std),
    scaled,
    penalty: o.penalty,
    lambda,
    l1Ratio: alpha,
    fitIntercept: o.fitIntercept,
    nObs: n,
    weightSum,
    logLikelihood: sol.logLikelihood,
    objective: sol.objective,
    iterations: sol.iterations,
  };
}

function whichScaled(opt: boolean | ReadonlyArray<number | string>, dense: Design, fn: string): boolean[] {
  if (typeof opt === "boolean") return new Array<boolean>(dense.d).fill(opt);
  const out = new Array<boolean>(dense.d).fill(false);
  opt.forEach((c, k) => {
    const j = typeof c === "number" ? c : dense.names.indexOf(c);
    if (j < 0 || j >= dense.d) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "standardize", k],
        received: c,
        message: `${fn}: options.standardize[${k}] is ${describeValue(c)}, which is not a column of X (${dense.d} features${typeof c === "string" ? `: ${dense.names.slice(0, 5).join(", ")}${dense.d > 5 ? ", ..." : ""}` : ""}).`,
      });
    }
    out[j] = true;
  });
  return out;
}

/** Unweighted mean (from the reader's column sums) and population standard deviation per column. */
function moments(dense: Design): { mean: Float64Array; std: Float64Array } {
  const { n, d, cols, sums } = dense;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const col = cols[j]!;
    const m = sums[j]! / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (col[i]! - m) ** 2;
    mean[j] = m;
    const sd = Math.sqrt(v / n);
    std[j] = sd > 1e-12 * Math.max(1, Math.abs(m)) ? sd : 0;
  }
  return { mean, std };
}

/**
 * Fits a binary logistic regression to the exact optimum (Newton's method with a line search,
 * or proximal Newton with coordinate descent for L1 / elastic net), minimizing
 * `Σ s_i · logloss_i + λ [(1−α)/2 ‖β‖² + α ‖β‖₁]` where s_i = sample weight × class weight.
 * Conventions: λ = 1/C of scikit-learn (default λ = 1 is sklearn's C = 1); the intercept is NOT
 * penalized; the penalty applies to coefficients of the scaled features (`standardize`, default
 * all columns; scikit-learn penalizes whatever scale it is given, so `standardize: false` on
 * StandardScaler output reproduces `LogisticRegression(C=1/λ)`); coefficients come back in the
 * original units. Missing values are NOT routed: every feature must be finite (impute first, or
 * use gradient boosting). Standard errors (L2 and unpenalized) come from the inverse Hessian at
 * the optimum, one extra pass over X of n·d²/2 multiply-adds; `standardErrors: false` skips it.
 * The input is never written. Where WebAssembly SIMD is available the passes over X run in a
 * small WebAssembly kernel on one centered copy of X (8·n·d bytes, made once per fit and freed
 * with it); elsewhere, or when that memory cannot be had, in JavaScript, reading Float64Array
 * columns of a feature table in place. Both do the same floating-point operations in the same
 * order: same input, same model bit for bit on every runtime. Rows and plain-array columns are
 * copied once. O(iterations · n · d²) up to 100,000 rows (a full
 * Hessian per Newton step); above, O(iterations · n · d) plus a Hessian from ~50,000 rows per step.
 *
 * @param X - rows of finite numbers, or a feature table `{ names, columns }` (buildFeatures)
 * @param y - 0/1 labels, one per row
 * @param options - see {@link LogisticRegressionOptions}
 * @throws ClienteleError `NON_FINITE`/`MISSING_VALUE` (a feature), `INVALID_LABEL`, `LENGTH_MISMATCH`,
 *   `DEGENERATE_INPUT` (one class), `SINGULAR_SYSTEM` (collinear, no penalty), `FIT_FAILED`, `TOO_LARGE`
 * @see Friedman, Hastie, Tibshirani (2010), Regularization Paths for GLMs via Coordinate Descent
 * @example
 * import { fitLogisticRegression, predictProba } from "clientele/predict";
 * const X = [[1], [2], [3], [4], [5], [6]];
 * const m = fitLogisticRegression(X, [0, 0, 1, 0, 1, 1], { penalty: "none" });
 * m.coefficients[0].toFixed(4); // => "1.2140"
 * predictProba(m, [[3.5]])[0].toFixed(4); // => "0.5000"
 */
export function fitLogisticRegression(X: FeatureInput, y: ArrayLike<number | boolean>, options: LogisticRegressionOptions = {}): LogisticRegressionModel {
  return runSync(fitSteps(X, y, options, "fitLogisticRegression"));
}

/**
 * {@link fitLogisticRegression} that yields to the event loop between slices of work, so
 * `signal` (e.g. `AbortSignal.timeout(ms)`) can stop it; same result bit for bit.
 *
 * @param X - rows of finite numbers, or a feature table
 * @param y - 0/1 labels
 * @param options - as fitLogisticRegression, plus `signal` and `onProgress`
 * @throws ClienteleError as fitLogisticRegression, and `ABORTED`
 * @example
 * import { fitLogisticRegressionAsync } from "clientele/predict";
 * const m = await fitLogisticRegressionAsync([[1], [2], [3], [4], [5], [6]], [0, 0, 1, 0, 1, 1], { penalty: "none" });
 * m.coefficients[0].toFixed(4); // => "1.2140"
 */
export async function fitLogisticRegressionAsync(
  X: FeatureInput,
  y: ArrayLike<number | boolean>,
  options: LogisticRegressionOptions = {},
): Promise<LogisticRegressionModel> {
  const fn = "fitLogisticRegressionAsync";
  const signal = options && typeof options === "object" ? (options as { signal?: unknown }).signal : undefined;
  return runAsync(fitSteps(X, y, options, fn), fn, signal instanceof AbortSignal ? signal : undefined);
}

const finite = z.number();
const modelSchema = z.object({
  kind: z.literal("logistic-regression"),
  version: z.literal(1),
  featureNames: z.array(z.string()),
  intercept: finite,
  coefficients: z.array(finite),
  standardErrors: z.object({ intercept: z.number().min(0), coefficients: z.array(z.number().min(0)) }).nullable(),
  standardErrorsNote: z.string(),
  featureMean: z.array(finite),
  featureStd: z.array(z.number().min(0)),
  scaled: z.array(z.boolean()),
  penalty: z.enum(["l2", "l1", "elasticnet", "none"]),
  lambda: z.number().min(0),
  l1Ratio: z.number().min(0).max(1),
  fitIntercept: z.boolean(),
  nObs: z.number().int().min(1),
  weightSum: z.number().min(0),
  logLikelihood: z.number().max(0),
  objective: z.number().min(0),
  iterations: z.number().int().min(0),
});

/**
 * Loads a saved logistic regression (the JSON of {@link fitLogisticRegression}'s result),
 * checking kind, version, shapes and ranges; predictions equal the original's.
 *
 * @param json - a parsed saved model
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitLogisticRegression, logisticRegressionFromJSON } from "clientele/predict";
 * const m = fitLogisticRegression([[1], [2], [3], [4]], [0, 1, 0, 1]);
 * logisticRegressionFromJSON(JSON.parse(JSON.stringify(m))).coefficients.length; // => 1
 */
export function logisticRegressionFromJSON(json: unknown): LogisticRegressionModel {
  return checkLogistic(json, "logisticRegressionFromJSON");
}

/** Internal: validates a logistic-regression model for `fn`. */
export function checkLogistic(json: unknown, fn: string): LogisticRegressionModel {
  checkModelHeader(json, "logistic-regression", 1, fn);
  const m = parseWith(modelSchema, json, fn, { code: "INVALID_MODEL", root: "model" }) as LogisticRegressionModel;
  const d = m.coefficients.length;
  const bad = (k: string, len: number): boolean => len !== d && !!k;
  for (const [k, len] of [
    ["featureNames", m.featureNames.length],
    ["featureMean", m.featureMean.length],
    ["featureStd", m.featureStd.length],
    ["scaled", m.scaled.length],
    ["standardErrors", m.standardErrors ? m.standardErrors.coefficients.length : d],
  ] as const) {
    if (bad(k, len))
      throw new ClienteleError({
        code: "INVALID_MODEL",
        path: ["model", k],
        received: len,
        message: `${fn}: model.${k} has ${len} entries but the model has ${d} coefficients. The saved model was altered; refit it.`,
      });
  }
  if (d === 0)
    throw new ClienteleError({
      code: "INVALID_MODEL",
      path: ["model", "coefficients"],
      message: `${fn}: model.coefficients is empty. The saved model was altered; refit it.`,
    });
  return m;
}

/** Internal: linear predictor η = b + xβ per row of a dense block. */
export function logisticMargins(m: LogisticRegressionModel, X: DenseFeatures, fn: string): Float64Array {
  if (X.d !== m.coefficients.length) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["X", 0],
      received: X.d,
      message: `${fn}: X has ${X.d} features but the model was fitted on ${m.coefficients.length} (${m.featureNames.slice(0, 5).join(", ")}${m.featureNames.length > 5 ? ", ..." : ""}). Pass the same columns in the same order.`,
    });
  }
  const { n, d, data } = X;
  const eta = new Float64Array(n).fill(m.intercept);
  for (let j = 0; j < d; j++) {
    const c = m.coefficients[j]!;
    const off = j * n;
    for (let i = 0; i < n; i++) eta[i]! += c * data[off + i]!;
  }
  return eta;
}

/** Internal: fitLogisticRegression with errors named after the public caller `fn`. */
/** fitLogisticRegression with a forced gradient-pass backend ("auto" | "wasm" | "js"; tests and benchmarks). Both give bit-identical models. Internal. */
export function fitLogisticRegressionWith(
  X: FeatureInput,
  y: ArrayLike<number | boolean>,
  options: LogisticRegressionOptions,
  backend: KernelBackend,
): LogisticRegressionModel {
  return runSync(fitSteps(X, y, options, "fitLogisticRegression", backend));
}

export function fitLogisticFor(X: FeatureInput, y: ArrayLike<number | boolean>, options: LogisticRegressionOptions, fn: string): LogisticRegressionModel {
  return runSync(fitSteps(X, y, options, fn));
}
