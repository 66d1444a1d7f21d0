// Small dense linear algebra for the contextual bandits: rank-one (Sherman-Morrison) updates
// of an inverse kept beside its matrix, a Cholesky inverse for the rare refactorization, and
// the exact probability that one of several independent normal scores is the largest. Internal;
// inputs are trusted (row-major flat arrays, n x n).

import { normalCdf } from "../../core/numeric.js";

/** y = M x for a symmetric n x n matrix (row-major), written into `out`. */
export function symMatVec(m: ArrayLike<number>, x: ArrayLike<number>, n: number, out: number[] | Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += m[row + j] * x[j];
    out[i] = s;
  }
}

/**
 * In place: M <- M + c v v^T (a symmetric rank-one change; c may be negative). O(n^2).
 */
export function rankOne(m: number[], v: ArrayLike<number>, c: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const vi = c * v[i];
    if (vi === 0) continue;
    const row = i * n;
    for (let j = 0; j < n; j++) m[row + j] += vi * v[j];
  }
}

/**
 * In place: the inverse `inv` of A becomes the inverse of A + w w^T / c (Sherman-Morrison),
 * given u = inv w (precomputed) and q = w^T inv w. O(n^2), no inverse.
 */
export function shermanMorrison(inv: number[], u: ArrayLike<number>, q: number, c: number, n: number): void {
  const f = -1 / (c + q);
  for (let i = 0; i < n; i++) {
    const ui = f * u[i];
    const row = i * n;
    for (let j = 0; j < n; j++) inv[row + j] += ui * u[j];
  }
}

/** In place: M <- s M. */
export function scale(m: number[], s: number): void {
  for (let i = 0; i < m.length; i++) m[i] *= s;
}

/**
 * Lower Cholesky factor of a symmetric n x n matrix, or null when it is not (numerically)
 * positive definite. O(n^3 / 3).
 */
export function cholesky(a: ArrayLike<number>, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j];
      }
    }
  }
  return l;
}

/** Inverse of a symmetric positive-definite matrix through its Cholesky factor, or null. O(n^3). */
export function invertSpd(a: ArrayLike<number>, n: number): number[] | null {
  const l = cholesky(a, n);
  if (l === null) return null;
  // inv(L) by forward substitution, then inv(A) = inv(L)^T inv(L)
  const li = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    li[j * n + j] = 1 / l[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * n + k] * li[k * n + j];
      li[i * n + j] = s / l[i * n + i];
    }
  }
  const out = new Array<number>(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += li[k * n + i] * li[k * n + j];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/** Largest |(A inv - I)_ij| (how far a stored inverse is from the inverse of its matrix). O(n^3). */
export function inverseError(a: ArrayLike<number>, inv: ArrayLike<number>, n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * inv[k * n + j];
      const e = Math.abs(s - (i === j ? 1 : 0));
      if (!(e <= worst)) worst = e;
    }
  }
  return worst;
}

const NODES = 241; // Simpson nodes on [-9, 9] standard deviations of the arm's own score

/**
 * P(score_a is the largest) for independent normal scores N(mean_j, sd_j^2) over the arms with
 * `active[j]`: the integral of phi_a(s) prod_{j != a} Phi_j(s) ds by composite Simpson on
 * 240 panels over +-9 sd of arm a (error below 1e-9 for smooth integrands). Arms with sd 0 are
 * point masses (ties among them split evenly).
 */
export function probabilityMaxNormal(mean: ArrayLike<number>, sd: ArrayLike<number>, active: ArrayLike<boolean>, a: number): number {
  const K = mean.length;
  const ma = mean[a];
  const sa = sd[a];
  if (!(sa > 0)) {
    // a point mass at ma: it wins when every other score is below it
    let p = 1;
    let ties = 1;
    for (let j = 0; j < K; j++) {
      if (j === a || !active[j]) continue;
      if (sd[j] > 0) p *= normalCdf((ma - mean[j]) / sd[j]);
      else if (mean[j] > ma) return 0;
      else if (mean[j] === ma) ties++;
    }
    return p / ties;
  }
  const lo = -9;
  const h = 18 / (NODES - 1);
  let total = 0;
  for (let i = 0; i < NODES; i++) {
    const t = lo + i * h;
    const s = ma + sa * t;
    let f = Math.exp(-0.5 * t * t);
    for (let j = 0; j < K && f > 0; j++) {
      if (j === a || !active[j]) continue;
      const sj = sd[j];
      if (sj > 0) f *= normalCdf((s - mean[j]) / sj);
      else if (s < mean[j]) f = 0;
    }
    const w = i === 0 || i === NODES - 1 ? 1 : i % 2 === 1 ? 4 : 2;
    total += w * f;
  }
  return Math.min(1, Math.max(0, (total * h) / 3 / Math.sqrt(2 * Math.PI)));
}
