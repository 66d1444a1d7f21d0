// Penalized logistic regression on column-major, already scaled features: the exact optimum by
// Newton's method (L2 or no penalty) or proximal Newton with coordinate descent on the quadratic
// model (L1 / elastic net). Parameters θ = [intercept, β_1..β_d]; the intercept is not penalized.
//   objective = Σ_i s_i [log(1 + e^η_i) − y_i η_i] + λ [(1 − α)/2 ‖β‖² + α ‖β‖₁],  η = b + Xβ
import type { Steps } from "../../core/async.js";
import { ClienteleError } from "../../core/errors.js";

export interface Problem {
  n: number;
  d: number;
  /** Column-major n × d (already centered/scaled as the model wants). */
  X: Float64Array;
  y: Uint8Array;
  /** Row weights s_i (sample × class weight); null = all 1. */
  s: Float64Array | null;
  lambda: number;
  /** L1 share α in [0, 1]. */
  alpha: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number;
  fn: string;
  onProgress?: (p: { iteration: number; objective: number; gradNorm: number }) => void;
}

export interface Solution {
  theta: Float64Array;
  objective: number;
  /** Σ s_i log-likelihood at the optimum (no penalty). */
  logLikelihood: number;
  iterations: number;
  /** Penalized Hessian of the smooth part at the optimum, p × p row-major (p = d + 1). */
  hessian: Float64Array;
}

const BLOCK = 256;
/** Rows of the subsampled Hessian on large problems (n > 2 · SUB_ROWS). */
const SUB_ROWS = 50_000;

function log1pExp(e: number): number {
  return e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
}

/** η = b + Xβ into `eta`. */
function linear(P: Problem, theta: Float64Array, eta: Float64Array): void {
  const { n, d, X } = P;
  eta.fill(theta[0]!);
  for (let j = 0; j < d; j++) {
    const bj = theta[j + 1]!;
    if (bj === 0) continue;
    const off = j * n;
    for (let i = 0; i < n; i++) eta[i]! += bj * X[off + i]!;
  }
}

/** Negative log-likelihood at η; residuals r_i = s_i (p_i − y_i) and Hessian weights into r, h. */
function pointwise(P: Problem, eta: Float64Array, r: Float64Array | null, h: Float64Array | null): number {
  const { n, y, s } = P;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const e = eta[i]!;
    const w = s ? s[i]! : 1;
    const yi = y[i]!;
    loss += w * (log1pExp(e) - (yi === 1 ? e : 0));
    if (r) {
      const p = 1 / (1 + Math.exp(-e));
      r[i] = w * (p - yi);
      h![i] = w * p * (1 - p);
    }
  }
  return loss;
}

function penalty(P: Problem, theta: Float64Array): { smooth: number; l1: number } {
  let sq = 0;
  let ab = 0;
  for (let j = 1; j <= P.d; j++) {
    sq += theta[j]! * theta[j]!;
    ab += Math.abs(theta[j]!);
  }
  return { smooth: (P.lambda * (1 - P.alpha) * sq) / 2, l1: P.lambda * P.alpha * ab };
}

/** Gradient of the smooth part into g. */
function gradient(P: Problem, theta: Float64Array, r: Float64Array, g: Float64Array): void {
  const { n, d, X } = P;
  let g0 = 0;
  for (let i = 0; i < n; i++) g0 += r[i]!;
  g[0] = P.fitIntercept ? g0 : 0;
  for (let j = 0; j < d; j++) {
    const off = j * n;
    let acc = 0;
    for (let i = 0; i < n; i++) acc += r[i]! * X[off + i]!;
    g[j + 1] = acc + P.lambda * (1 - P.alpha) * theta[j + 1]!;
  }
}

/**
 * Penalized Hessian of the smooth part (row-major p × p), in row blocks; yields between chunks.
 * `stride` > 1 uses every stride-th block of rows, scaled up (a subsampled Hessian for the early
 * Newton steps of large problems: it changes the path, not the optimum).
 */
function* hessian(P: Problem, h: Float64Array, H: Float64Array, stride = 1): Steps<void> {
  const { n, d, X } = P;
  const p = d + 1;
  H.fill(0);
  const tmp = new Float64Array(BLOCK * d);
  const acc = new Float64Array(p * p);
  let used = 0;
  for (let i0 = 0; i0 < n; i0 += BLOCK * stride) {
    const m = Math.min(BLOCK, n - i0);
    used += m;
    let h00 = 0;
    for (let t = 0; t < m; t++) h00 += h[i0 + t]!;
    acc[0]! += h00;
    for (let j = 0; j < d; j++) {
      const off = j * n + i0;
      const to = j * BLOCK;
      let a0 = 0;
      for (let t = 0; t < m; t++) {
        const v = h[i0 + t]! * X[off + t]!;
        tmp[to + t] = v;
        a0 += v;
      }
      acc[j + 1]! += a0;
    }
    for (let j = 0; j < d; j++) {
      const to = j * BLOCK;
      const row = (j + 1) * p;
      let k = j;
      for (; k + 3 < d; k += 4) {
        // four columns per pass: tmp is read once per four products
        const o0 = k * n + i0, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (let t = 0; t < m; t++) {
          const v = tmp[to + t]!;
          a0 += v * X[o0 + t]!;
          a1 += v * X[o1 + t]!;
          a2 += v * X[o2 + t]!;
          a3 += v * X[o3 + t]!;
        }
        acc[row + k + 1]! += a0;
        acc[row + k + 2]! += a1;
        acc[row + k + 3]! += a2;
        acc[row + k + 4]! += a3;
      }
      for (; k < d; k++) {
        const off = k * n + i0;
        let a = 0;
        for (let t = 0; t < m; t++) a += tmp[to + t]! * X[off + t]!;
        acc[row + k + 1]! += a;
      }
    }
    if (((i0 / BLOCK) & 255) === 0) yield;
  }
  const scale = n / used;
  for (let j = 0; j < p; j++) {
    for (let k = j; k < p; k++) {
      const v = (j === 0 ? acc[k]! : acc[j * p + k]!) * scale;
      H[j * p + k] = v;
      H[k * p + j] = v;
    }
  }
  for (let j = 1; j < p; j++) H[j * p + j]! += P.lambda * (1 - P.alpha);
  if (!P.fitIntercept) {
    for (let k = 0; k < p; k++) H[k] = H[k * p] = 0;
    H[0] = 1;
  }
}

/** Cholesky solve of H x = b in place of b; false if H is not positive definite. */
export function choleskySolve(H: Float64Array, p: number, b: Float64Array): boolean {
  const L = Float64Array.from(H);
  for (let j = 0; j < p; j++) {
    let s = L[j * p + j]!;
    for (let k = 0; k < j; k++) s -= L[j * p + k]! * L[j * p + k]!;
    if (!(s > 1e-13 * Math.max(1, Math.abs(H[j * p + j]!)))) return false;
    const ljj = Math.sqrt(s);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let t = L[i * p + j]!;
      for (let k = 0; k < j; k++) t -= L[i * p + k]! * L[j * p + k]!;
      L[i * p + j] = t / ljj;
    }
  }
  for (let i = 0; i < p; i++) {
    let t = b[i]!;
    for (let k = 0; k < i; k++) t -= L[i * p + k]! * b[k]!;
    b[i] = t / L[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let t = b[i]!;
    for (let k = i + 1; k < p; k++) t -= L[k * p + i]! * b[k]!;
    b[i] = t / L[i * p + i]!;
  }
  return true;
}

/** Inverse of a symmetric positive definite matrix (null if not PD). */
export function invertPd(H: Float64Array, p: number): Float64Array | null {
  const inv = new Float64Array(p * p);
  const col = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    col.fill(0);
    col[c] = 1;
    if (!choleskySolve(H, p, col)) return null;
    for (let r = 0; r < p; r++) inv[r * p + c] = col[r]!;
  }
  return inv;
}

/** Minimizes q(δ) = g'δ + ½δ'Hδ + λα Σ|β_j + δ_j| by coordinate descent (δ starts at 0). */
function proxDirection(P: Problem, theta: Float64Array, g: Float64Array, H: Float64Array, delta: Float64Array): void {
  const p = P.d + 1;
  const Hd = new Float64Array(p);
  const l1 = P.lambda * P.alpha;
  delta.fill(0);
  for (let sweep = 0; sweep < 10000; sweep++) {
    let maxChange = 0;
    for (let j = P.fitIntercept ? 0 : 1; j < p; j++) {
      const a = H[j * p + j]!;
      const c = g[j]! + Hd[j]! - a * delta[j]!;
      let dj: number;
      if (j === 0) dj = -c / a;
      else {
        const z = a * theta[j]! - c;
        const u = z > l1 ? (z - l1) / a : z < -l1 ? (z + l1) / a : 0;
        dj = u - theta[j]!;
      }
      const ch = dj - delta[j]!;
      if (ch !== 0) {
        for (let k = 0; k < p; k++) Hd[k]! += H[k * p + j]! * ch;
        delta[j] = dj;
        maxChange = Math.max(maxChange, Math.abs(ch));
      }
    }
    if (maxChange <= 1e-15 * (1 + maxAbs(theta))) break;
  }
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

/** Runs the fit; yields once per iteration and between Hessian chunks. */
export function* solve(P: Problem, theta0?: Float64Array): Steps<Solution> {
  const { n, d } = P;
  const p = d + 1;
  const theta = theta0 ? Float64Array.from(theta0) : new Float64Array(p);
  const eta = new Float64Array(n);
  const trial = new Float64Array(n);
  const dEta = new Float64Array(n);
  const r = new Float64Array(n);
  const h = new Float64Array(n);
  const g = new Float64Array(p);
  const H = new Float64Array(p * p);
  const delta = new Float64Array(p);
  const next = new Float64Array(p);
  linear(P, theta, eta);
  const pen0 = penalty(P, theta);
  let F = pointwise(P, eta, r, h) + pen0.smooth + pen0.l1;
  // large problems: Newton steps with a Hessian from ~SUB_ROWS rows (every stride-th block; exact
  // gradient, so the same optimum, linear convergence at a fast rate), the full Hessian at the end
  const stride = n > 2 * SUB_ROWS ? Math.floor(n / SUB_ROWS) : 1;
  for (let iter = 1; iter <= P.maxIter; iter++) {
    gradient(P, theta, r, g);
    yield* hessian(P, h, H, stride);
    if (P.alpha === 0) {
      for (let j = 0; j < p; j++) delta[j] = -g[j]!;
      let ok = choleskySolve(H, p, delta);
      if (!ok && stride > 1) {
        yield* hessian(P, h, H);
        for (let j = 0; j < p; j++) delta[j] = -g[j]!;
        ok = choleskySolve(H, p, delta);
      }
      if (!ok) {
        if (iter > 1 && P.lambda === 0) break; // weights p(1-p) collapsed: separable data, reported below
        throw new ClienteleError({
          code: "SINGULAR_SYSTEM",
          path: ["X"],
          message: `${P.fn}: the features are collinear (or a column is constant) and there is no penalty, so the coefficients are not unique. Drop one level of each one-hot group and constant columns, or use an L2 penalty (penalty: "l2", lambda > 0).`,
        });
      }
    } else proxDirection(P, theta, g, H, delta);
    // Δ: predicted decrease (negative) for the Armijo test
    const pen = penalty(P, theta);
    let gd = 0;
    for (let j = 0; j < p; j++) {
      gd += g[j]! * delta[j]!;
      next[j] = theta[j]! + delta[j]!;
    }
    const Delta = gd + (penalty(P, next).l1 - pen.l1);
    // dEta = δ_0 + X δ
    dEta.fill(delta[0]!);
    for (let j = 0; j < d; j++) {
      const dj = delta[j + 1]!;
      if (dj === 0) continue;
      const off = j * n;
      for (let i = 0; i < n; i++) dEta[i]! += dj * P.X[off + i]!;
    }
    let t = 1;
    let Fnew = Infinity;
    for (let ls = 0; ls < 60; ls++) {
      for (let j = 0; j < p; j++) next[j] = theta[j]! + t * delta[j]!;
      for (let i = 0; i < n; i++) trial[i] = eta[i]! + t * dEta[i]!;
      const pn = penalty(P, next);
      Fnew = pointwise(P, trial, null, null) + pn.smooth + pn.l1;
      if (Fnew <= F + 1e-4 * t * Delta || Math.abs(Fnew - F) <= 1e-15 * Math.abs(F)) break;
      t /= 2;
    }
    const step = t * maxAbs(delta);
    theta.set(next);
    eta.set(trial);
    F = pointwise(P, eta, r, h) + penalty(P, theta).smooth + penalty(P, theta).l1;
    if (!Number.isFinite(F) || maxAbs(theta) > 1e8) break;
    if (P.onProgress) P.onProgress({ iteration: iter, objective: F, gradNorm: maxAbs(g) });
    yield;
    if (step <= P.tol * (1 + maxAbs(theta))) {
      gradient(P, theta, r, g);
      yield* hessian(P, h, H);
      const pn = penalty(P, theta);
      return { theta, objective: F, logLikelihood: -(F - pn.smooth - pn.l1), iterations: iter, hessian: H };
    }
  }
  throw new ClienteleError({
    code: "FIT_FAILED",
    path: ["X"],
    message: `${P.fn}: the fit did not converge${P.lambda === 0 ? "; without a penalty this usually means the classes are (almost) perfectly separable and the coefficients run off to infinity. Use an L2 penalty (lambda > 0)" : ". Raise maxIter or rescale the features (standardize: true)"}.`,
  });
}
