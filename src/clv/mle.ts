/**
 * The maximum-likelihood driver of every clv fit: BFGS on log-parameters from deterministic
 * starts, the penalized mean objective, the "did not converge" error, the parameter range check
 * and standard errors / 95% intervals from the Hessian. Two search strategies, each kept exactly
 * as the models were published with (their fitted values are reference-tested to the last digits):
 * - {@link fitByMaximumLikelihood} (BG/NBD, MBG/NBD, Pareto/NBD): the box |log θ| ≤ 20 through
 *   log θ = 20·tanh(u/20), up to three starts, boundary optima detected and reported;
 * - {@link fitOnLogScale} (BG/BB, Gamma-Gamma): plain log θ, a start and a fallback start.
 */
import { ClienteleError } from "../core/errors.js";
import { minimizeBfgsSteps, numericHessian, invertSpd, type ObjectiveWithGradient, type BfgsResult } from "../core/optimize.js";
import type { Steps } from "../core/async.js";
import type { CompressedRft } from "./compress.js";
import { PARAM_MAX } from "./saved-model.js";
import type { FitTransactionOptionsParsed, TransactionFitInfo } from "./fit-common.js";

type Progress = (info: { iteration: number; value: number; gradNorm: number }) => void;

/**
 * −(Σ wᵢ·LLᵢ)/W + c·Σₖ θₖ² as an objective of the log-parameters, from `base` = Σ wᵢ·(−LLᵢ) with
 * its gradient. `sumPenaltyFirst`: the BG/BB and Gamma-Gamma fits add c·(Σₖ θₖ²) to the mean at the
 * end, the BG/NBD family adds each c·θₖ² in turn (the two differ in the last bits with c > 0; each
 * is kept so fitted models stay bit-identical to the ones published).
 */
export function penalizedMean(base: ObjectiveWithGradient, W: number, p: number, penalty: number, sumPenaltyFirst: boolean): ObjectiveWithGradient {
  if (sumPenaltyFirst) {
    return (theta, grad) => {
      const v = base(theta, grad) / W;
      let pen = 0;
      for (let k = 0; k < p; k++) {
        grad[k] /= W;
        if (penalty > 0) {
          const e = Math.exp(theta[k]);
          pen += e * e;
          grad[k] += 2 * penalty * e * e;
        }
      }
      return v + penalty * pen;
    };
  }
  return (theta, grad) => {
    let v = base(theta, grad) / W;
    for (let k = 0; k < p; k++) {
      grad[k] /= W;
      if (penalty > 0) {
        const e = Math.exp(theta[k]);
        v += penalty * e * e;
        grad[k] += 2 * penalty * e * e;
      }
    }
    return v;
  };
}

/** What a model file supplies to the shared ML driver. */
export interface LikelihoodSpec<P extends string> {
  fn: string;
  names: readonly P[];
  /**
   * Builds Σ wᵢ·(−log Lᵢ) and its gradient with respect to the log-parameters.
   */
  negLogLik: (data: CompressedRft) => ObjectiveWithGradient;
  /** Deterministic starting points on the natural scale, tried in order. */
  starts: (data: CompressedRft) => number[][];
}

/**
 * The search box of the fits: every parameter is kept within |log θ| ≤ LOG_PARAM_BOUND
 * (θ in [2.1e-9, 4.9e8]) by optimizing u with log θ = 20·tanh(u/20), so a boundary optimum
 * ends at the edge instead of running off (and the likelihood is never evaluated at more
 * extreme, more costly parameters).
 */
export const LOG_PARAM_BOUND = 20;
/** Estimates with |log θ| at or beyond this are reported in `boundary`. */
export const LOG_BOUNDARY_FLAG = 15;
/** With another parameter at the boundary, a parameter with |log θ| ≥ this is reported too. */
export const LOG_BOUNDARY_PARTNER = 10;

/** Thrown from the progress hook to end a start that is creeping along the box edge. */
class StalledAtBoundary extends Error {
  constructor(readonly iteration: number) {
    super("stalled at the boundary");
  }
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** Result of the shared driver. */
export interface MlFit<P extends string> extends TransactionFitInfo<P> {
  params: Record<P, number>;
}

/**
 * Penalized ML on log-parameters with BFGS. The first start is used when it converges;
 * otherwise the fallback starts are tried and the best converged optimum is kept.
 * Throws `FIT_FAILED` when none converges.
 */
export function* fitByMaximumLikelihood<P extends string>(
  spec: LikelihoodSpec<P>,
  data: CompressedRft,
  opts: FitTransactionOptionsParsed,
  nCustomers: number,
): Steps<MlFit<P>> {
  const penalty = opts.penalty ?? 0;
  const p = spec.names.length;
  const base = spec.negLogLik(data);
  const W = data.totalWeight;
  const B = LOG_PARAM_BOUND;
  const objective = penalizedMean(base, W, p, penalty, false);
  // The optimizer works on u with log θ = B·tanh(u/B): a smooth bijection onto the box
  // |log θ| < B that is nearly the identity for moderate parameters. A boundary optimum then
  // sends u off slowly while log θ stays within the box, the gradient in u fades and the fit
  // stops there instead of chasing θ → 0 or ∞ with ever costlier likelihood evaluations.
  const thetaOf = (u: ArrayLike<number>, out: Float64Array) => {
    for (let k = 0; k < p; k++) out[k] = B * Math.tanh(u[k] / B);
    return out;
  };
  const thetaU = new Float64Array(p);
  // lowest point evaluated in the current start (the BFGS iterate, or a lower trial point)
  const bestU = new Float64Array(p);
  let bestV = Infinity;
  const objectiveU: ObjectiveWithGradient = (u, grad) => {
    const v = objective(thetaOf(u, thetaU), grad);
    for (let k = 0; k < p; k++) {
      const th = Math.tanh(u[k] / B);
      grad[k] *= 1 - th * th;
    }
    if (v < bestV && allFinite(grad)) {
      bestV = v;
      bestU.set(u);
    }
    return v;
  };
  // Stalled at the box edge: a parameter is beyond |log θ| = LOG_BOUNDARY_FLAG and the objective
  // fell by less than 1e-7 (relative) over the last 10 iterations. The fit is then over (a ridge
  // towards a limit of the model, where the optimizer would otherwise creep for all of maxIter).
  const history: number[] = [];
  const userProgress = opts.onProgress as Progress | undefined;
  const onProgress = (info: { iteration: number; value: number; gradNorm: number }) => {
    userProgress?.(info);
    history.push(info.value);
    const h = history.length;
    if (h > 10 && history[h - 11] - info.value <= 1e-7 * Math.max(1, Math.abs(info.value))) {
      if (nearEdge(bestU)) throw new StalledAtBoundary(info.iteration);
    }
  };
  // A boundary optimum (KKT in log θ): every parameter is either stationary or sits near the
  // box edge with the objective still falling outwards. The optimizer cannot meet its gradient
  // criterion there within a sensible number of iterations, but the fit is done.
  const gTheta = new Float64Array(p);
  const atBoundaryOptimum = (u: Float64Array): boolean => {
    const th = thetaOf(u, new Float64Array(p));
    const v = objective(th, gTheta);
    if (!Number.isFinite(v)) return false;
    let edge = false;
    for (let k = 0; k < p; k++) {
      if (Math.abs(gTheta[k]) <= 1e-6) continue;
      if (Math.abs(th[k]) >= LOG_BOUNDARY_FLAG && gTheta[k] * th[k] < 0) edge = true;
      else return false;
    }
    return edge;
  };
  const maxIter = opts.maxIter ?? 500;
  const nearEdge = (u: Float64Array) => {
    for (let k = 0; k < p; k++) if (Math.abs(B * Math.tanh(u[k] / B)) >= LOG_BOUNDARY_FLAG) return true;
    return false;
  };
  let best: BfgsResult | undefined;
  let lastError: unknown;
  for (const start of spec.starts(data)) {
    const x0 = start.map((v) => B * Math.atanh(Math.min(B - 1, Math.max(1 - B, Math.log(v))) / B));
    let res: BfgsResult;
    bestV = Infinity;
    history.length = 0;
    try {
      res = yield* minimizeBfgsSteps(objectiveU, x0, {
        fn: spec.fn,
        maxIter,
        gradTol: 1e-8,
        fTol: 1e-14,
        onProgress,
        signal: opts.signal as AbortSignal | undefined,
      });
    } catch (e) {
      if (e instanceof ClienteleError && e.code === "ABORTED") throw e;
      if (e instanceof StalledAtBoundary) {
        const grad = new Float64Array(p);
        const value = objectiveU(bestU, grad);
        res = { x: Float64Array.from(bestU), value, grad, iterations: e.iteration, converged: true, invHessian: new Float64Array(p * p) };
      } else {
        lastError = e;
        continue;
      }
    }
    if (!Number.isFinite(res.value)) continue;
    if (!res.converged && (atBoundaryOptimum(res.x) || (res.iterations < maxIter && nearEdge(res.x)))) {
      // stopped before maxIter (no descent left in floating point) with a parameter at the box edge
      res = { ...res, converged: true };
    }
    if (res.converged && (best === undefined || !best.converged || res.value < best.value)) best = res;
    else if (best === undefined) best = res;
    if (best.converged && best === res) break;
  }
  if (best === undefined || !best.converged) {
    let detail = lastError instanceof Error ? ` (${lastError.message})` : "";
    if (best !== undefined) {
      const edge = spec.names.filter((_, k) => Math.abs(B * Math.tanh(best!.x[k] / B)) >= LOG_BOUNDARY_FLAG);
      if (edge.length > 0) detail += ` (${edge.join(", ")} ran to the edge of the search box |log θ| <= ${B})`;
    }
    throw new ClienteleError({
      code: "FIT_FAILED",
      message:
        `${spec.fn}: the maximum-likelihood fit did not converge from any of its starting points${detail}. ` +
        "Rescale time (e.g. weeks instead of days, so T is in the tens or hundreds), add a small penalty " +
        "(options.penalty, e.g. 0.001), or raise options.maxIter.",
    });
  }
  const theta = thetaOf(best.x, new Float64Array(p));
  const boundary = spec.names.filter((_, k) => Math.abs(theta[k]) >= LOG_BOUNDARY_FLAG);
  const flagged = (k: number) => boundary.includes(spec.names[k]);
  const params = {} as Record<P, number>;
  spec.names.forEach((name, k) => (params[name] = Math.exp(theta[k])));
  const g = new Float64Array(p);
  const logLikelihood = -base(theta, g);
  // Hessian of the (penalized) total negative log-likelihood on the log scale.
  const Hm = numericHessian(objective, theta);
  for (let i = 0; i < Hm.length; i++) Hm[i] *= W;
  const cov = invertSpd(Hm, p);
  const standardErrors = {} as Record<P, number | null>;
  const confidenceIntervals = {} as Record<P, [number, number] | null>;
  spec.names.forEach((name, k) => {
    const v = cov === null ? NaN : cov[k * p + k];
    // far out while another is at the edge: the partner in the limit (r with alpha, s with beta, a with b)
    if (!flagged(k) && Math.abs(theta[k]) >= LOG_BOUNDARY_PARTNER && boundary.length > 0) {
      boundary.push(name);
    }
    const se = Math.sqrt(v);
    const lo = params[name] * Math.exp(-1.959963984540054 * se);
    const hi = params[name] * Math.exp(1.959963984540054 * se);
    if (Number.isFinite(v) && v >= 0 && Number.isFinite(params[name] * se) && Number.isFinite(hi) && lo > 0) {
      standardErrors[name] = params[name] * se;
      confidenceIntervals[name] = [lo, hi];
    } else {
      // singular or nearly singular Hessian: the data do not pin this parameter down
      standardErrors[name] = null;
      confidenceIntervals[name] = null;
    }
  });
  boundary.sort((x, y) => spec.names.indexOf(x) - spec.names.indexOf(y));
  return {
    params,
    logLikelihood,
    standardErrors,
    confidenceIntervals,
    nCustomers,
    nPatterns: data.n,
    totalWeight: W,
    penalty,
    nIter: best.iterations,
    converged: best.converged,
    boundary,
  };
}

/** Throws `FIT_FAILED` when an unboxed fit (BG/BB, Gamma-Gamma) ran a parameter above PARAM_MAX. */
export function checkFittedRange(params: Record<string, number>, fn: string): void {
  for (const [name, v] of Object.entries(params)) {
    if (!(v > 0 && v <= PARAM_MAX)) {
      throw new ClienteleError({
        code: "FIT_FAILED",
        path: ["params", name],
        received: v,
        message:
          `${fn}: the estimate of ${name} ran off to ${v} (a limit of the model, not an identified value). ` +
          "Add a small penalty (options.penalty, e.g. 0.001) or pass more varied data.",
      });
    }
  }
}

/** Standard errors and 95% intervals of positive parameters fitted on the log scale. */
export interface LogScaleSummary {
  standardErrors: Record<string, number | null>;
  confidenceIntervals: Record<string, [number, number] | null>;
}

/**
 * Standard errors by the delta method from the Hessian of the negative log-likelihood in
 * log-parameters (SE(θ) = θ · SE(log θ)), and 95% intervals exp(log θ ± 1.96 SE(log θ)),
 * which stay positive. Entries are null when the Hessian is not positive definite.
 */
export function summarizeLogScale(negLogLik: ObjectiveWithGradient, logParams: Float64Array, names: readonly string[]): LogScaleSummary {
  const p = names.length;
  const H = numericHessian(negLogLik, logParams);
  const cov = invertSpd(H, p);
  const se: Record<string, number | null> = {};
  const ci: Record<string, [number, number] | null> = {};
  for (let k = 0; k < p; k++) {
    const v = cov === null ? NaN : cov[k * p + k];
    if (!(v >= 0) || !Number.isFinite(v)) {
      se[names[k]] = null;
      ci[names[k]] = null;
      continue;
    }
    const sLog = Math.sqrt(v);
    const theta = Math.exp(logParams[k]);
    const lo = Math.exp(logParams[k] - 1.959963984540054 * sLog);
    const hi = Math.exp(logParams[k] + 1.959963984540054 * sLog);
    // Keep the model JSON-safe: an interval that overflows (a flat likelihood) is reported as null.
    se[names[k]] = Number.isFinite(theta * sLog) ? theta * sLog : null;
    ci[names[k]] = Number.isFinite(hi) && lo > 0 ? [lo, hi] : null;
  }
  return { standardErrors: se, confidenceIntervals: ci };
}

/** Throws `FIT_FAILED` with the usual remedies (same code as the BG/NBD family). */
export function throwNotConverged(fn: string, iterations: number, gradNorm: number, extra: string): never {
  throw new ClienteleError({
    code: "FIT_FAILED",
    received: { iterations, gradNorm },
    message:
      `${fn}: the maximum-likelihood search did not converge after ${iterations} iterations ` +
      `(largest gradient component ${gradNorm.toExponential(2)}). ${extra}`,
  });
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** What the BG/BB and Gamma-Gamma fits supply to {@link fitOnLogScale}. */
export interface LogScaleSpec<P extends string> {
  fn: string;
  names: readonly P[];
  /** Σ wᵢ·(−log Lᵢ) and (when `grad` is given) its gradient in the log-parameters. */
  negLogLik: (theta: ArrayLike<number>, grad: Float64Array | null) => number;
  /** Sum of the weights (the objective is the mean). */
  totalWeight: number;
  /** The first start (log scale), and the fallback tried when it does not converge. */
  start: number[];
  fallback: () => number[];
  /** What to try when neither converges (appended to the `FIT_FAILED` message). */
  hint: string;
}

/** The result of {@link fitOnLogScale}. */
export interface LogScaleFit<P extends string> {
  params: Record<P, number>;
  standardErrors: Record<P, number | null>;
  confidenceIntervals: Record<P, [number, number] | null>;
  logLikelihood: number;
  nIter: number;
  converged: boolean;
}

/**
 * Penalized ML on plain log-parameters with BFGS (gradient tolerance 1e-9): the first start, then
 * the fallback when it does not converge (kept when it converges or ends lower). Throws
 * `FIT_FAILED` when neither converges or a parameter runs above PARAM_MAX.
 */
export function* fitOnLogScale<P extends string>(
  spec: LogScaleSpec<P>,
  opts: { penalty: number; maxIter: number; onProgress?: Progress; signal?: AbortSignal },
): Steps<LogScaleFit<P>> {
  const { fn, names } = spec;
  const p = names.length;
  const base: ObjectiveWithGradient = (theta, grad) => spec.negLogLik(theta, grad);
  const objective = penalizedMean(base, spec.totalWeight, p, opts.penalty, true);
  const bfgsOpts = { fn, maxIter: opts.maxIter, gradTol: 1e-9, onProgress: opts.onProgress, signal: opts.signal };
  let res = yield* minimizeBfgsSteps(objective, spec.start, bfgsOpts);
  if (!res.converged) {
    const alt = yield* minimizeBfgsSteps(objective, spec.fallback(), bfgsOpts);
    if (alt.converged || alt.value < res.value) res = alt;
  }
  if (!res.converged) throwNotConverged(fn, res.iterations, maxAbs(res.grad), spec.hint);
  const params = {} as Record<P, number>;
  names.forEach((name, k) => (params[name] = Math.exp(res.x[k])));
  checkFittedRange(params, fn);
  const summary = summarizeLogScale(base, res.x, names);
  return {
    params,
    standardErrors: summary.standardErrors as Record<P, number | null>,
    confidenceIntervals: summary.confidenceIntervals as Record<P, [number, number] | null>,
    logLikelihood: -spec.negLogLik(res.x, null),
    nIter: res.iterations,
    converged: res.converged,
  };
}
