// Base learners for the uplift meta-learners: the seam between clientele/personalize and any
// outcome model. A learner fits plain-JSON models and predicts from them, so an uplift model that
// stores its learner's fitted models survives JSON.stringify. The two built-in learners are small
// ridge-penalized linear models of our own (clientele/predict's logistic regression is not public
// this release; when it is, an adapter over fitLogisticRegression / predictProba plugs in here).
import { ClienteleError } from "../core/errors.js";
import type { FlatMatrix } from "../core/matrix.js";

/**
 * An outcome model the uplift learners can use: `fit(X, y, w?)` returns a plain-JSON fitted
 * model; `predict(model, X)` returns one prediction per row (a probability for binary outcomes,
 * a mean otherwise). `name` is stored in the uplift model so a reloaded model asks for the same
 * learner. Rows of `X` are row-major in `X.data` (`X.data[i * X.d + j]`).
 */
export interface UpliftLearner {
  /** Stored in the uplift model; give the same learner again to predict from a reloaded model. */
  name: string;
  /** Fits on rows `X`, outcomes `y` and optional non-negative row weights `w`. */
  fit(X: FlatMatrix, y: Float64Array, w?: Float64Array): unknown;
  /** One prediction per row of `X`. */
  predict(model: unknown, X: FlatMatrix): Float64Array;
}

/** A fitted built-in linear learner: intercept, coefficients on standardized features, scaling. */
export interface LinearLearnerModel {
  /** "logistic" (binary outcomes, probability) or "ridge" (least squares, mean). */
  type: "logistic" | "ridge";
  /** Intercept on the standardized scale. */
  intercept: number;
  /** One coefficient per feature, on the standardized scale. */
  coef: number[];
  /** Feature means used to standardize. */
  mean: number[];
  /** Feature standard deviations used to standardize (1 for constant columns). */
  scale: number[];
}

function standardize(X: FlatMatrix, w: Float64Array): { mean: number[]; scale: number[] } {
  const { n, d, data } = X;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  let W = 0;
  for (let i = 0; i < n; i++) W += w[i];
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += (w[i] * data[i * d + j]) / W;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j] += (w[i] * (data[i * d + j] - mean[j]) ** 2) / W;
  for (let j = 0; j < d; j++) scale[j] = scale[j] > 1e-24 ? Math.sqrt(scale[j]) : 1;
  return { mean, scale };
}

/** Solves the symmetric positive-definite system A x = b (size p, A row-major) by Cholesky; null when not PD. */
export function solvePd(A: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * p + i] = Math.sqrt(s);
      } else L[i * p + j] = s / L[j * p + j];
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * y[k];
    y[i] = s / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}

/**
 * Fits a ridge-penalized linear (least squares) or logistic (Newton-Raphson) model on
 * standardized features; the intercept is not penalized. `penalty` is lambda in
 * sum_i w_i loss_i / sum_i w_i + lambda / 2 * |beta|^2. Internal; `fn` names the public caller.
 */
export function fitLinearLearner(
  type: "logistic" | "ridge",
  X: FlatMatrix,
  y: Float64Array,
  w: Float64Array | undefined,
  penalty: number,
  fn: string,
): LinearLearnerModel {
  const { n, d, data } = X;
  const wt = w ?? new Float64Array(n).fill(1);
  const { mean, scale } = standardize(X, wt);
  let W = 0;
  for (let i = 0; i < n; i++) W += wt[i];
  const p = d + 1;
  const beta = new Float64Array(p); // [intercept, coef...]
  const row = new Float64Array(p);
  const fill = (i: number) => {
    row[0] = 1;
    for (let j = 0; j < d; j++) row[j + 1] = (data[i * d + j] - mean[j]) / scale[j];
  };
  const maxIter = type === "ridge" ? 1 : 50;
  if (type === "logistic") {
    let ybar = 0;
    for (let i = 0; i < n; i++) ybar += (wt[i] * y[i]) / W;
    const c = Math.min(Math.max(ybar, 1e-6), 1 - 1e-6);
    beta[0] = Math.log(c / (1 - c));
  }
  for (let it = 0; it < maxIter; it++) {
    const H = new Float64Array(p * p);
    const g = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      fill(i);
      const wi = wt[i] / W;
      if (wi === 0) continue;
      let h: number;
      let r: number;
      if (type === "ridge") {
        h = wi;
        r = wi * y[i];
      } else {
        let eta = 0;
        for (let j = 0; j < p; j++) eta += beta[j] * row[j];
        const mu = 1 / (1 + Math.exp(-eta));
        h = wi * Math.max(mu * (1 - mu), 1e-12);
        r = wi * (y[i] - mu);
      }
      for (let a = 0; a < p; a++) {
        g[a] += r * row[a];
        const ha = h * row[a];
        for (let b = 0; b <= a; b++) H[a * p + b] += ha * row[b];
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) H[b * p + a] = H[a * p + b];
    for (let a = 1; a < p; a++) {
      H[a * p + a] += penalty;
      if (type === "logistic") g[a] -= penalty * beta[a];
    }
    H[0] += 1e-12;
    const step = solvePd(H, g, p);
    if (step === null) {
      throw new ClienteleError({
        code: "SINGULAR_SYSTEM",
        message: `${fn}: the outcome model's normal equations are singular (too few rows in a treatment arm, or collinear features). Raise \`penalty\` or drop constant and duplicate features.`,
      });
    }
    let moved = 0;
    for (let a = 0; a < p; a++) {
      beta[a] += type === "ridge" ? step[a] : step[a];
      moved = Math.max(moved, Math.abs(step[a]));
    }
    if (moved < 1e-10) break;
  }
  for (let a = 0; a < p; a++) {
    if (!Number.isFinite(beta[a])) {
      throw new ClienteleError({
        code: "FIT_FAILED",
        message: `${fn}: the outcome model diverged (separable data?). Raise \`penalty\` (e.g. 1e-2).`,
      });
    }
  }
  return { type, intercept: beta[0], coef: Array.from(beta.subarray(1)), mean, scale };
}

/** Predictions of a built-in linear learner (probabilities for "logistic"). Internal. */
export function predictLinearLearner(m: LinearLearnerModel, X: FlatMatrix): Float64Array {
  const { n, d, data } = X;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = m.intercept;
    for (let j = 0; j < d; j++) eta += (m.coef[j] * (data[i * d + j] - m.mean[j])) / m.scale[j];
    out[i] = m.type === "logistic" ? 1 / (1 + Math.exp(-eta)) : eta;
  }
  return out;
}

/** True when `m` has the shape of a built-in linear learner model with `d` features. Internal. */
export function isLinearLearnerModel(m: unknown, d: number): m is LinearLearnerModel {
  if (m === null || typeof m !== "object" || Array.isArray(m)) return false;
  const o = m as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(",");
  if (keys !== "coef,intercept,mean,scale,type") return false;
  if (o.type !== "logistic" && o.type !== "ridge") return false;
  if (typeof o.intercept !== "number" || !Number.isFinite(o.intercept)) return false;
  for (const k of ["coef", "mean", "scale"]) {
    const a = o[k];
    if (!Array.isArray(a) || a.length !== d) return false;
    for (const v of a) if (typeof v !== "number" || !Number.isFinite(v)) return false;
  }
  for (const v of o.scale as number[]) if (!(v > 0)) return false;
  return true;
}
