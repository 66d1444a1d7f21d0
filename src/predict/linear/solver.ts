// Penalized logistic regression on column-major, already scaled features: the exact optimum by
// Newton's method (L2 or no penalty) or proximal Newton with coordinate descent on the quadratic
// model (L1 / elastic net). Parameters θ = [intercept, β_1..β_d]; the intercept is not penalized.
//   objective = Σ_i s_i [log(1 + e^η_i) − y_i η_i] + λ [(1 − α)/2 ‖β‖² + α ‖β‖₁],  η = b + Xβ
import type { Steps } from "../../core/async.js";
import { ClienteleError } from "../../core/errors.js";
import type { KernelBackend } from "../../core/wasm.js";
import { createGradKernel, type GradKernel } from "./gradKernel.js";

export interface Problem {
  n: number;
  d: number;
  /** The d columns of X (n values each), already scaled as the model wants. */
  cols: Float64Array[];
  /** Per column, subtracted from every value as it is read (the centering; 0 when the column is already centered). */
  center: Float64Array;
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
  /** Form the full Hessian at the optimum (for standard errors); otherwise Solution.hessian is null. */
  hessianAtOptimum: boolean;
  /** Gradient-pass backend (internal; "auto" tries WebAssembly). Both give bit-identical fits. */
  backend?: KernelBackend;
}

export interface Solution {
  theta: Float64Array;
  objective: number;
  /** Σ s_i log-likelihood at the optimum (no penalty). */
  logLikelihood: number;
  iterations: number;
  /** Penalized Hessian of the smooth part at the optimum, p × p row-major (p = d + 1); null unless P.hessianAtOptimum. */
  hessian: Float64Array | null;
}

/** Rows per block of the fused passes (a block of X, η and residuals stays in cache). */
const BLOCK = 256;
/** Rows of the subsampled Hessian on large problems (n > 2 · SUB_ROWS). */
const SUB_ROWS = 50_000;
/** Large problems keep the subsampled Hessian once a full step is below this (relative to θ). */
const KEEP_HESSIAN = 1e-3;

function penalty(P: Problem, theta: Float64Array): { smooth: number; l1: number } {
  let sq = 0;
  let ab = 0;
  for (let j = 1; j <= P.d; j++) {
    sq += theta[j]! * theta[j]!;
    ab += Math.abs(theta[j]!);
  }
  return { smooth: (P.lambda * (1 - P.alpha) * sq) / 2, l1: P.lambda * P.alpha * ab };
}

/**
 * One fused pass over X in row blocks: η = b + Xβ, the weighted negative log-likelihood, the
 * Hessian weights h_i = s_i p_i (1 − p_i) (into h) and the gradient of the smooth part (into g).
 * Each block of X is read from memory once (η, then residuals, then Xᵀr while it is in cache),
 * four columns per inner loop. With a kernel, η and Xᵀr are formed in WebAssembly
 * (gradKernel.ts) and `eta` / `res` are its buffers; without, the JavaScript loops below do the
 * same operations in the same order (the gradient in two partial sums, even and odd rows, as
 * the kernel's f64x2 lanes), so both give bit-identical results. Returns the negative
 * log-likelihood (no penalty).
 */
function* evaluate(
  P: Problem,
  theta: Float64Array,
  g: Float64Array,
  h: Float64Array,
  eta: Float64Array,
  res: Float64Array,
  K: GradKernel | null,
): Steps<number> {
  const { n, d, y, s } = P;
  const b0 = theta[0]!;
  let loss = 0;
  let g0 = 0;
  g.fill(0);
  // with every coefficient 0 (the start), η = b exactly (b + 0 · x = b for finite x): the
  // pass that forms Xβ is skipped
  let zero = true;
  for (let j = 1; j <= d; j++) if (theta[j] !== 0) zero = false;
  if (K) {
    for (let j = 0; j < d; j++) K.beta[j] = theta[j + 1]!;
    K.grad.fill(0);
  }
  for (let i0 = 0, blk = 0; i0 < n; i0 += BLOCK, blk++) {
    const m = Math.min(BLOCK, n - i0);
    for (let t = 0; t < m; t++) eta[t] = b0;
    if (K) {
      if (!zero) K.runEta(i0, m);
    } else if (!zero) etaJs(P, theta, eta, i0, m);
    for (let t = 0; t < m; t++) {
      const e = eta[t]!;
      const i = i0 + t;
      const w = s ? s[i]! : 1;
      const yi = y[i]!;
      // one exp: u = e^−|e|, log(1 + e^e) = max(e, 0) + log1p(u), p = 1/(1 + e^−e)
      const u = Math.exp(e > 0 ? -e : e);
      const q = 1 / (1 + u);
      const p = e > 0 ? q : u * q;
      loss += w * ((e > 0 ? e : 0) + Math.log1p(u) - (yi === 1 ? e : 0));
      const r = w * (p - yi);
      res[t] = r;
      g0 += r;
      h[i] = w * p * (1 - p);
    }
    if (K) K.runGrad(i0, m);
    else gradJs(P, res, g, i0, m);
    if ((blk & 1023) === 1023) yield;
  }
  if (K) for (let j = 0; j < d; j++) g[j + 1] = K.grad[j]!;
  g[0] = P.fitIntercept ? g0 : 0;
  const l2 = P.lambda * (1 - P.alpha);
  for (let j = 1; j <= d; j++) g[j]! += l2 * theta[j]!;
  return loss;
}

/** η[t] += Σ_j β_j (x_j[i0 + t] − center_j), four columns at a time (as wasm/grad.wat's eta). */
function etaJs(P: Problem, theta: Float64Array, eta: Float64Array, i0: number, m: number): void {
  const { d, cols, center } = P;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    const c0 = theta[j + 1]!,
      c1 = theta[j + 2]!,
      c2 = theta[j + 3]!,
      c3 = theta[j + 4]!;
    const x0 = cols[j]!,
      x1 = cols[j + 1]!,
      x2 = cols[j + 2]!,
      x3 = cols[j + 3]!;
    const m0 = center[j]!,
      m1 = center[j + 1]!,
      m2 = center[j + 2]!,
      m3 = center[j + 3]!;
    for (let t = 0; t < m; t++) {
      const i = i0 + t;
      eta[t]! += c0 * (x0[i]! - m0) + c1 * (x1[i]! - m1) + c2 * (x2[i]! - m2) + c3 * (x3[i]! - m3);
    }
  }
  for (; j < d; j++) {
    const c = theta[j + 1]!;
    const x = cols[j]!;
    const mj = center[j]!;
    for (let t = 0; t < m; t++) eta[t]! += c * (x[i0 + t]! - mj);
  }
}

/**
 * g[j + 1] += Σ_t res[t] (x_j[i0 + t] − center_j) as wasm/grad.wat's grad sums it: even rows in
 * one partial sum, odd rows in another, then their sum, then the last row when m is odd.
 */
function gradJs(P: Problem, res: Float64Array, g: Float64Array, i0: number, m: number): void {
  const { d, cols, center } = P;
  const m2 = m & ~1;
  const last = m - 1;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    const x0 = cols[j]!,
      x1 = cols[j + 1]!,
      x2 = cols[j + 2]!,
      x3 = cols[j + 3]!;
    const m0 = center[j]!,
      m1 = center[j + 1]!,
      m2c = center[j + 2]!,
      m3 = center[j + 3]!;
    let a0 = 0,
      a1 = 0,
      a2 = 0,
      a3 = 0,
      b0 = 0,
      b1 = 0,
      b2 = 0,
      b3 = 0;
    for (let t = 0; t < m2; t += 2) {
      const r = res[t]!,
        q = res[t + 1]!;
      const i = i0 + t;
      a0 += r * (x0[i]! - m0);
      b0 += q * (x0[i + 1]! - m0);
      a1 += r * (x1[i]! - m1);
      b1 += q * (x1[i + 1]! - m1);
      a2 += r * (x2[i]! - m2c);
      b2 += q * (x2[i + 1]! - m2c);
      a3 += r * (x3[i]! - m3);
      b3 += q * (x3[i + 1]! - m3);
    }
    let s0 = a0 + b0,
      s1 = a1 + b1,
      s2 = a2 + b2,
      s3 = a3 + b3;
    if (m & 1) {
      const r = res[last]!;
      const i = i0 + last;
      s0 += r * (x0[i]! - m0);
      s1 += r * (x1[i]! - m1);
      s2 += r * (x2[i]! - m2c);
      s3 += r * (x3[i]! - m3);
    }
    g[j + 1]! += s0;
    g[j + 2]! += s1;
    g[j + 3]! += s2;
    g[j + 4]! += s3;
  }
  for (; j < d; j++) {
    const x = cols[j]!;
    const mj = center[j]!;
    let a = 0,
      b = 0;
    for (let t = 0; t < m2; t += 2) {
      a += res[t]! * (x[i0 + t]! - mj);
      b += res[t + 1]! * (x[i0 + t + 1]! - mj);
    }
    let s0 = a + b;
    if (m & 1) s0 += res[last]! * (x[i0 + last]! - mj);
    g[j + 1]! += s0;
  }
}

/**
 * Penalized Hessian of the smooth part (row-major p × p), in row blocks; yields between chunks.
 * `stride` > 1 uses every stride-th block of rows, scaled up (a subsampled Hessian for the
 * Newton steps of large problems: it changes the path, not the optimum). Each block of h∘X is
 * multiplied in 2 × 4 tiles (two rows of h∘X against four columns of X per inner loop).
 */
function* hessian(P: Problem, h: Float64Array, H: Float64Array, stride = 1): Steps<void> {
  const { n, d, cols, center } = P;
  const p = d + 1;
  H.fill(0);
  const xb = new Float64Array(BLOCK * d);
  const tmp = new Float64Array(BLOCK * d);
  const acc = new Float64Array(p * p);
  let used = 0;
  for (let i0 = 0, blk = 0; i0 < n; i0 += BLOCK * stride, blk++) {
    const m = Math.min(BLOCK, n - i0);
    used += m;
    let h00 = 0;
    for (let t = 0; t < m; t++) h00 += h[i0 + t]!;
    acc[0]! += h00;
    for (let j = 0; j < d; j++) {
      const col = cols[j]!;
      const mj = center[j]!;
      const to = j * BLOCK;
      let a0 = 0;
      for (let t = 0; t < m; t++) {
        const x = col[i0 + t]! - mj;
        const v = h[i0 + t]! * x;
        xb[to + t] = x;
        tmp[to + t] = v;
        a0 += v;
      }
      acc[j + 1]! += a0;
    }
    let j = 0;
    for (; j + 1 < d; j += 2) {
      const ta = j * BLOCK,
        tb = ta + BLOCK;
      const ra = (j + 1) * p,
        rb = ra + p;
      // row j+1 starts at column j (its entry left of the diagonal is computed and not used)
      let k = j;
      for (; k + 3 < d; k += 4) {
        const o0 = k * BLOCK,
          o1 = o0 + BLOCK,
          o2 = o1 + BLOCK,
          o3 = o2 + BLOCK;
        let a0 = 0,
          a1 = 0,
          a2 = 0,
          a3 = 0,
          b0 = 0,
          b1 = 0,
          b2 = 0,
          b3 = 0;
        for (let t = 0; t < m; t++) {
          const va = tmp[ta + t]!,
            vb = tmp[tb + t]!;
          const x0 = xb[o0 + t]!,
            x1 = xb[o1 + t]!,
            x2 = xb[o2 + t]!,
            x3 = xb[o3 + t]!;
          a0 += va * x0;
          a1 += va * x1;
          a2 += va * x2;
          a3 += va * x3;
          b0 += vb * x0;
          b1 += vb * x1;
          b2 += vb * x2;
          b3 += vb * x3;
        }
        acc[ra + k + 1]! += a0;
        acc[ra + k + 2]! += a1;
        acc[ra + k + 3]! += a2;
        acc[ra + k + 4]! += a3;
        acc[rb + k + 1]! += b0;
        acc[rb + k + 2]! += b1;
        acc[rb + k + 3]! += b2;
        acc[rb + k + 4]! += b3;
      }
      for (; k < d; k++) {
        const o = k * BLOCK;
        let a = 0,
          b = 0;
        for (let t = 0; t < m; t++) {
          const x = xb[o + t]!;
          a += tmp[ta + t]! * x;
          b += tmp[tb + t]! * x;
        }
        acc[ra + k + 1]! += a;
        acc[rb + k + 1]! += b;
      }
    }
    if (j < d) {
      // last row when d is odd: its diagonal only
      const ta = j * BLOCK;
      let a = 0;
      for (let t = 0; t < m; t++) a += tmp[ta + t]! * xb[ta + t]!;
      acc[(j + 1) * p + j + 1]! += a;
    }
    if ((blk & 255) === 255) yield;
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

/**
 * Runs the fit; yields once per iteration and between chunks of the passes over X. Large
 * problems (n > 2 · SUB_ROWS) take Newton steps with a Hessian from ~SUB_ROWS rows (every
 * stride-th block; the gradient is exact, so the optimum is the same and convergence is linear at
 * a fast rate); once the steps are small that Hessian is kept (the weights hardly move) and only
 * the gradient pass is repeated. The full Hessian at the optimum is formed only when
 * `P.hessianAtOptimum` (standard errors).
 */
export function* solve(P: Problem, theta0?: Float64Array): Steps<Solution> {
  const { n, d } = P;
  const p = d + 1;
  let theta = theta0 ? Float64Array.from(theta0) : new Float64Array(p);
  let next = new Float64Array(p);
  let g = new Float64Array(p);
  let gNext = new Float64Array(p);
  let h = new Float64Array(n);
  let hNext = new Float64Array(n);
  const K = createGradKernel(P.cols, P.center, n, BLOCK, P.backend ?? "auto", P.fn);
  const eta = K ? K.eta : new Float64Array(BLOCK);
  const res = K ? K.res : new Float64Array(BLOCK);
  const H = new Float64Array(p * p);
  const delta = new Float64Array(p);
  const stride = n > 2 * SUB_ROWS ? Math.floor(n / SUB_ROWS) : 1;
  const pen0 = penalty(P, theta);
  let F = (yield* evaluate(P, theta, g, h, eta, res, K)) + pen0.smooth + pen0.l1;
  let haveH = false;
  for (let iter = 1; iter <= P.maxIter; iter++) {
    if (!haveH) yield* hessian(P, h, H, stride);
    // a kept (subsampled) Hessian is refreshed while the steps are large
    haveH = false;
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
    let t = 1;
    let Fnew = Infinity;
    for (let ls = 0; ls < 60; ls++) {
      for (let j = 0; j < p; j++) next[j] = theta[j]! + t * delta[j]!;
      const pn = penalty(P, next);
      Fnew = (yield* evaluate(P, next, gNext, hNext, eta, res, K)) + pn.smooth + pn.l1;
      // a change within the rounding of the sum over n rows is accepted (at the optimum the
      // Armijo test only sees rounding noise, and halving would not change the objective)
      if (Fnew <= F + 1e-4 * t * Delta || Math.abs(Fnew - F) <= 1e-12 * Math.abs(F)) break;
      t /= 2;
    }
    const step = t * maxAbs(delta);
    const gNorm = maxAbs(g);
    [theta, next] = [next, theta];
    [g, gNext] = [gNext, g];
    [h, hNext] = [hNext, h];
    F = Fnew;
    if (!Number.isFinite(F) || maxAbs(theta) > 1e8) break;
    if (P.onProgress) P.onProgress({ iteration: iter, objective: F, gradNorm: gNorm });
    yield;
    if (step <= P.tol * (1 + maxAbs(theta))) {
      let hess: Float64Array | null = null;
      if (P.hessianAtOptimum) {
        yield* hessian(P, h, H);
        hess = H;
      }
      const pn = penalty(P, theta);
      return { theta, objective: F, logLikelihood: -(F - pn.smooth - pn.l1), iterations: iter, hessian: hess };
    }
    haveH = stride > 1 && t === 1 && step <= KEEP_HESSIAN * (1 + maxAbs(theta));
  }
  throw new ClienteleError({
    code: "FIT_FAILED",
    path: ["X"],
    message: `${P.fn}: the fit did not converge${P.lambda === 0 ? "; without a penalty this usually means the classes are (almost) perfectly separable and the coefficients run off to infinity. Use an L2 penalty (lambda > 0)" : ". Raise maxIter or rescale the features (standardize: true)"}.`,
  });
}
