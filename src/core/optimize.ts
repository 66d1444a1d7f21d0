import { ClienteleError } from "./errors.js";
import { runSync, throwIfAborted, type Steps } from "./async.js";

/** Objective for {@link minimizeBfgs}: returns f(x) and writes ∇f(x) into `grad`. */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

export interface BfgsOptions {
  /** Maximum iterations (default 500). */
  maxIter?: number;
  /** Stop when the gradient's max-norm falls below this (default 1e-7). */
  gradTol?: number;
  /** Stop when the relative change in f falls below this for 3 iterations (default 1e-12). */
  fTol?: number;
  /** Called after every iteration; return nothing. */
  onProgress?: (info: { iteration: number; value: number; gradNorm: number }) => void;
  /** Aborts the optimization with `ABORTED` (checked once per iteration). */
  signal?: AbortSignal;
  /** The public function the caller called, named in error messages (default "minimizeBfgs"). */
  fn?: string;
}

export interface BfgsResult {
  x: Float64Array;
  value: number;
  grad: Float64Array;
  iterations: number;
  converged: boolean;
  /** Inverse-Hessian approximation (row-major, p × p); prefer {@link numericHessian} for standard errors. */
  invHessian: Float64Array;
}

/**
 * Minimizes a smooth function with BFGS and a backtracking (Armijo) line search that
 * also rejects non-finite trial points, so objectives may return Infinity/NaN outside
 * their domain. Deterministic: no randomness.
 */
export function minimizeBfgs(f: ObjectiveWithGradient, x0: ArrayLike<number>, options: BfgsOptions = {}): BfgsResult {
  return runSync(minimizeBfgsSteps(f, x0, options));
}

/**
 * {@link minimizeBfgs} written as a generator that yields once per iteration, so a fit can run
 * it synchronously (`runSync`) or cooperatively (`runAsync`, which lets `AbortSignal.timeout`
 * fire between iterations). Same operations in the same order either way: bit-identical results.
 */
export function* minimizeBfgsSteps(f: ObjectiveWithGradient, x0: ArrayLike<number>, options: BfgsOptions = {}): Steps<BfgsResult> {
  const fn = options.fn ?? "minimizeBfgs";
  const p = x0.length;
  const maxIter = options.maxIter ?? 500;
  const gradTol = options.gradTol ?? 1e-7;
  const fTol = options.fTol ?? 1e-12;
  let x = Float64Array.from(x0);
  let g = new Float64Array(p);
  let fx = f(x, g);
  if (!Number.isFinite(fx) || !allFinite(g)) {
    throw new ClienteleError({
      code: "FIT_FAILED",
      message: `${fn}: the likelihood is not finite at the optimizer's starting point. Check the data for extreme values or rescale time.`,
    });
  }
  const H = identity(p);
  const xNew = new Float64Array(p);
  const gNew = new Float64Array(p);
  const dir = new Float64Array(p);
  const s = new Float64Array(p);
  const y = new Float64Array(p);
  const Hy = new Float64Array(p);
  let converged = false;
  let iter = 0;
  let smallSteps = 0;
  for (; iter < maxIter; iter++) {
    throwIfAborted(options.signal, fn);
    yield;
    if (maxAbs(g) < gradTol) {
      converged = true;
      break;
    }
    // dir = -H g
    for (let i = 0; i < p; i++) {
      let acc = 0;
      for (let j = 0; j < p; j++) acc -= H[i * p + j] * g[j];
      dir[i] = acc;
    }
    let slope = dot(dir, g);
    if (!(slope < 0)) {
      // Not a descent direction: reset to steepest descent.
      resetIdentity(H, p);
      for (let i = 0; i < p; i++) dir[i] = -g[i];
      slope = -dot(g, g);
    }
    // Limit the step so log-parameters do not jump by more than 5 at once.
    let step = 1;
    const maxDir = maxAbs(dir);
    if (maxDir * step > 5) step = 5 / maxDir;
    let fNew = NaN;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < p; i++) xNew[i] = x[i] + step * dir[i];
      fNew = f(xNew, gNew);
      if (ls > 0) yield; // a long line search on a costly objective stays stoppable
      if (Number.isFinite(fNew) && allFinite(gNew) && fNew <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      // Line search failed: we are at (numerical) optimum if the gradient is small relative to f.
      converged = maxAbs(g) < Math.max(gradTol, 1e-5 * Math.max(1, Math.abs(fx)));
      break;
    }
    for (let i = 0; i < p; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (iter === 0) {
        // Scale the initial inverse Hessian (Nocedal & Wright eq. 6.20).
        const scale = sy / dot(y, y);
        resetIdentity(H, p, scale);
      }
      for (let i = 0; i < p; i++) {
        let acc = 0;
        for (let j = 0; j < p; j++) acc += H[i * p + j] * y[j];
        Hy[i] = acc;
      }
      const yHy = dot(y, Hy);
      const rho = 1 / sy;
      for (let i = 0; i < p; i++) {
        for (let j = 0; j < p; j++) {
          H[i * p + j] += (1 + yHy * rho) * rho * s[i] * s[j] - rho * (Hy[i] * s[j] + s[i] * Hy[j]);
        }
      }
    }
    const rel = Math.abs(fx - fNew) / Math.max(1, Math.abs(fx));
    const tmpX = x;
    x = Float64Array.from(xNew);
    void tmpX;
    const tmpG = g;
    g = Float64Array.from(gNew);
    void tmpG;
    fx = fNew;
    options.onProgress?.({ iteration: iter + 1, value: fx, gradNorm: maxAbs(g) });
    if (rel < fTol) {
      smallSteps++;
      if (smallSteps >= 3) {
        converged = maxAbs(g) < Math.max(gradTol, 1e-4);
        iter++;
        break;
      }
    } else smallSteps = 0;
  }
  if (!converged && maxAbs(g) < gradTol) converged = true;
  return { x, value: fx, grad: g, iterations: iter, converged, invHessian: H };
}

/**
 * Hessian of f at x by central differences of the analytic gradient (symmetrized),
 * row-major p × p. Step h_i = 1e-5 * max(1, |x_i|).
 */
export function numericHessian(f: ObjectiveWithGradient, x: ArrayLike<number>): Float64Array {
  const p = x.length;
  const Hm = new Float64Array(p * p);
  const xp = Float64Array.from(x);
  const gp = new Float64Array(p);
  const gm = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const h = 1e-5 * Math.max(1, Math.abs(x[i]));
    xp[i] = x[i] + h;
    f(xp, gp);
    xp[i] = x[i] - h;
    f(xp, gm);
    xp[i] = x[i];
    for (let j = 0; j < p; j++) Hm[i * p + j] = (gp[j] - gm[j]) / (2 * h);
  }
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      const v = 0.5 * (Hm[i * p + j] + Hm[j * p + i]);
      Hm[i * p + j] = v;
      Hm[j * p + i] = v;
    }
  }
  return Hm;
}

/** Inverse of a symmetric positive-definite matrix by Cholesky; null if not positive definite. */
export function invertSpd(A: Float64Array, p: number): Float64Array | null {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * p + j];
      for (let k = 0; k < j; k++) sum -= L[i * p + k] * L[j * p + k];
      if (i === j) {
        if (!(sum > 0)) return null;
        L[i * p + i] = Math.sqrt(sum);
      } else L[i * p + j] = sum / L[j * p + j];
    }
  }
  // Invert L, then A^-1 = L^-T L^-1.
  const Li = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    Li[i * p + i] = 1 / L[i * p + i];
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= L[i * p + k] * Li[k * p + j];
      Li[i * p + j] = sum / L[i * p + i];
    }
  }
  const inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < p; k++) sum += Li[k * p + i] * Li[k * p + j];
      inv[i * p + j] = sum;
      inv[j * p + i] = sum;
    }
  }
  return inv;
}

/** Central-difference gradient, for objectives without an analytic gradient (and for tests). */
export function numericGradient(fn: (x: Float64Array) => number, x: ArrayLike<number>, out?: Float64Array): Float64Array {
  const p = x.length;
  const g = out ?? new Float64Array(p);
  const xp = Float64Array.from(x);
  for (let i = 0; i < p; i++) {
    const h = 1e-6 * Math.max(1, Math.abs(x[i]));
    xp[i] = x[i] + h;
    const fp = fn(xp);
    xp[i] = x[i] - h;
    const fm = fn(xp);
    xp[i] = x[i];
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  return m;
}
function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}
function identity(p: number): Float64Array {
  const H = new Float64Array(p * p);
  for (let i = 0; i < p; i++) H[i * p + i] = 1;
  return H;
}
function resetIdentity(H: Float64Array, p: number, scale = 1): void {
  H.fill(0);
  for (let i = 0; i < p; i++) H[i * p + i] = scale;
}
