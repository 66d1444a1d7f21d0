// Internal: eigendecomposition of a small symmetric matrix (the f × f Gram matrix of ALS).
//
// Householder tridiagonalization followed by the implicit QL algorithm (tred2 / tql2 of
// EISPACK, as transcribed in JAMA, public domain). This is the algorithm of mljs's
// `EigenvalueDecomposition(…, { assumeSymmetric: true })` runs, written here on one flat
// Float64Array with the same floating-point operations in the same order, so it returns the
// same eigenvalues and eigenvectors bit for bit (pinned by test/recommend/eigen.test.ts) and
// `fitAls` no longer needs that 71 kB matrix package at run time.

/** hypot(a, b) without overflow, in the reference implementation's order of operations. */
function hypotenuse(a: number, b: number): number {
  let r = 0;
  if (Math.abs(a) > Math.abs(b)) {
    r = b / a;
    return Math.abs(a) * Math.sqrt(1 + r * r);
  }
  if (b !== 0) {
    r = a / b;
    return Math.abs(b) * Math.sqrt(1 + r * r);
  }
  return 0;
}

/**
 * Eigenvalues (ascending) and eigenvectors of the symmetric n × n row-major matrix `A` (only
 * read). Returns `d` (eigenvalues) and fills `Q` row-major with column c = the eigenvector of
 * d[c] (so A = Q diag(d) Qᵀ). Returns false when the QL iteration does not converge (NaN
 * input, or more than 30·n iterations for one eigenvalue), true otherwise. O(n³). Internal.
 */
export function symmetricEigen(A: Float64Array, n: number, Q: Float64Array, d: Float64Array): boolean {
  // W holds V transposed (W[r·n + c] = V(c, r)), as the mljs implementation stores it; A symmetric, so W = A.
  const W = Float64Array.from(A.subarray(0, n * n));
  const e = new Float64Array(n);
  tred2(n, e, d, W);
  const ok = tql2(n, e, d, W);
  for (let a = 0; a < n; a++) for (let c = 0; c < n; c++) Q[a * n + c] = W[c * n + a];
  return ok;
}

// In both routines V.get(r, c) of the mljs code is W[r * n + c].
function tred2(n: number, e: Float64Array, d: Float64Array, W: Float64Array): void {
  let f: number, g: number, h: number, hh: number, scale: number;
  for (let j = 0; j < n; j++) d[j] = W[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    scale = 0;
    h = 0;
    for (let k = 0; k < i; k++) scale = scale + Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = W[j * n + i - 1];
        W[j * n + i] = 0;
        W[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      f = d[i - 1];
      g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h = h - f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        W[i * n + j] = f;
        g = e[j] + W[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += W[j * n + k] * d[k];
          e[k] += W[j * n + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        const o = j * n;
        for (let k = j; k <= i - 1; k++) W[o + k] = W[o + k] - (f * e[k] + g * d[k]);
        d[j] = W[o + i - 1];
        W[o + i] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    W[i * n + n - 1] = W[i * n + i];
    W[i * n + i] = 1;
    h = d[i + 1];
    const o1 = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = W[o1 + k] / h;
      for (let j = 0; j <= i; j++) {
        g = 0;
        const oj = j * n;
        for (let k = 0; k <= i; k++) g += W[o1 + k] * W[oj + k];
        for (let k = 0; k <= i; k++) W[oj + k] = W[oj + k] - g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) W[o1 + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = W[j * n + n - 1];
    W[j * n + n - 1] = 0;
  }
  W[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

function tql2(n: number, e: Float64Array, d: Float64Array, W: Float64Array): boolean {
  let g: number, h: number, p: number, r: number, dl1: number, c: number, c2: number, c3: number, el1: number, s: number, s2: number;
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  const maxIter = 30 * n + 30;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > maxIter) return false;
        g = d[l];
        p = (d[l + 1] - g) / (2 * e[l]);
        r = hypotenuse(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        dl1 = d[l + 1];
        h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f = f + h;
        p = d[m];
        c = 1;
        c2 = c;
        c3 = c;
        el1 = e[l + 1];
        s = 0;
        s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypotenuse(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const o0 = i * n;
          const o1 = o0 + n;
          for (let k = 0; k < n; k++) {
            h = W[o1 + k];
            W[o1 + k] = s * W[o0 + k] + c * h;
            W[o0 + k] = c * W[o0 + k] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] = d[l] + f;
    e[l] = 0;
  }
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      const oi = i * n;
      const ok = k * n;
      for (let j = 0; j < n; j++) {
        p = W[oi + j];
        W[oi + j] = W[ok + j];
        W[ok + j] = p;
      }
    }
  }
  for (let l = 0; l < n; l++) if (!Number.isFinite(d[l])) return false;
  return true;
}
