// Internal: truncated SVD of a centered n x d matrix, exact (Householder QR + one-sided
// Jacobi) or randomized (Halko, Martinsson & Tropp 2011, with power iterations).
import type { Rng } from "../../core/rng.js";
import { householderR, jacobiSvd, orthonormalize } from "./linalg.js";

/** Top-k singular values and right singular vectors (row-major k x d), signs not normalized. Internal. */
export interface TruncatedSvd {
  s: Float64Array;
  vt: Float64Array;
  converged: boolean;
}

/**
 * Exact SVD of the row-major n x d matrix `x` (only read). Tall (n >= d): QR, then Jacobi on
 * the d x d R; wide: Jacobi on the columns of x^T (its rows). O(n d min(n, d)). Internal.
 */
export function exactSvd(x: Float64Array, n: number, d: number, k: number): TruncatedSvd {
  if (n >= d) {
    const r = householderR(x.slice(), n, d);
    const svd = jacobiSvd(r, d, d);
    const vt = new Float64Array(k * d);
    // v is column-major d x d: column c at v[c d ..]; that is row c of V^T
    vt.set(svd.v.subarray(0, k * d));
    return { s: svd.s.slice(0, k), vt, converged: svd.converged };
  }
  // x row-major n x d is x^T column-major d x n: columns are the samples
  const svd = jacobiSvd(x.slice(), d, n);
  const vt = new Float64Array(k * d);
  vt.set(svd.u.subarray(0, k * d));
  return { s: svd.s.slice(0, k), vt, converged: svd.converged };
}

/** x (n x d row-major) times m (d x l column-major): n x l column-major. */
function mulX(x: Float64Array, n: number, d: number, m: Float64Array, l: number): Float64Array {
  const out = new Float64Array(n * l);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let c = 0; c < l; c++) {
      const oc = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += x[o + j] * m[oc + j];
      out[c * n + i] = s;
    }
  }
  return out;
}

/** x^T (d x n) times q (n x l column-major): d x l column-major. */
function mulXt(x: Float64Array, n: number, d: number, q: Float64Array, l: number): Float64Array {
  const out = new Float64Array(d * l);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let c = 0; c < l; c++) {
      const qi = q[c * n + i];
      if (qi === 0) continue;
      const oc = c * d;
      for (let j = 0; j < d; j++) out[oc + j] += qi * x[o + j];
    }
  }
  return out;
}

/**
 * Randomized truncated SVD: a Gaussian test matrix of k + oversamples columns (drawn from
 * `rng`), `powerIterations` subspace iterations re-orthonormalized each half step, then the
 * exact (Jacobi) SVD of the small projected matrix. O(n d l (2 q + 2)) with l = k + oversamples.
 * Internal.
 */
export function randomizedSvd(x: Float64Array, n: number, d: number, k: number, oversamples: number, powerIterations: number, rng: Rng): TruncatedSvd {
  const l = Math.min(k + oversamples, Math.min(n, d));
  const omega = new Float64Array(d * l);
  for (let i = 0; i < omega.length; i++) omega[i] = rng.normal();
  let q = mulX(x, n, d, omega, l);
  orthonormalize(q, n, l);
  for (let it = 0; it < powerIterations; it++) {
    const z = mulXt(x, n, d, q, l);
    orthonormalize(z, d, l);
    q = mulX(x, n, d, z, l);
    orthonormalize(q, n, l);
  }
  // B = Q^T X (l x d); B^T = X^T Q is d x l column-major; Jacobi on it: B^T W = V S
  const bt = mulXt(x, n, d, q, l);
  const svd = jacobiSvd(bt, d, l);
  const vt = new Float64Array(k * d);
  vt.set(svd.u.subarray(0, k * d));
  return { s: svd.s.slice(0, k), vt, converged: svd.converged };
}

/** Flips each row of vt (k x d) so its entry of largest |value| (first on ties) is positive. Internal. */
export function normalizeSigns(vt: Float64Array, k: number, d: number): void {
  for (let c = 0; c < k; c++) {
    const o = c * d;
    let best = 0;
    let bj = 0;
    for (let j = 0; j < d; j++) {
      const a = Math.abs(vt[o + j]);
      if (a > best) {
        best = a;
        bj = j;
      }
    }
    if (vt[o + bj] < 0) for (let j = 0; j < d; j++) vt[o + j] = -vt[o + j];
  }
}
