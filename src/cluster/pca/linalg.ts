// Internal dense linear algebra for PCA: Householder QR (R only), one-sided Jacobi SVD
// (Hestenes), and modified Gram-Schmidt orthonormalization. Plain loops on Float64Array.

/**
 * R factor of the Householder QR of the row-major m x n matrix `a` (m >= n), which is
 * overwritten. Returns R as a column-major n x n array (column c holds R[0..n-1][c]; zeros
 * below the diagonal), ready for `jacobiSvd`. O(m n^2). Internal.
 */
export function householderR(a: Float64Array, m: number, n: number): Float64Array {
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // scale the column to avoid overflow / underflow of the sum of squares
    let scale = 0;
    for (let i = k; i < m; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > scale) scale = v;
    }
    if (scale === 0) continue;
    let rest = 0;
    for (let i = k + 1; i < m; i++) {
      const v = a[i * n + k] / scale;
      rest += v * v;
    }
    const akk = a[k * n + k];
    const as = akk / scale;
    const norm = Math.sqrt(as * as + rest) * scale;
    const alpha = akk > 0 ? -norm : norm;
    // v = x - alpha e1, stored in column k (rows k..m-1); H = I - 2 v v^T / (v^T v)
    const v0 = akk - alpha;
    const vtv = v0 * v0 + rest * scale * scale;
    if (!(vtv > 0)) continue;
    a[k * n + k] = v0;
    const tau = 2 / vtv;
    w.fill(0, k + 1, n);
    for (let i = k; i < m; i++) {
      const vi = a[i * n + k];
      if (vi === 0) continue;
      const o = i * n;
      for (let j = k + 1; j < n; j++) w[j] += vi * a[o + j];
    }
    for (let i = k; i < m; i++) {
      const vi = tau * a[i * n + k];
      if (vi === 0) continue;
      const o = i * n;
      for (let j = k + 1; j < n; j++) a[o + j] -= vi * w[j];
    }
    a[k * n + k] = alpha;
  }
  const r = new Float64Array(n * n);
  for (let c = 0; c < n; c++) for (let i = 0; i <= c; i++) r[c * n + i] = a[i * n + c];
  return r;
}

/** Result of {@link jacobiSvd}: columns sorted by decreasing singular value. */
export interface JacobiSvd {
  /** Singular values, decreasing. */
  s: Float64Array;
  /** q x q column-major: column c is the right singular vector of s[c]. */
  v: Float64Array;
  /** p x q column-major: column c is the left singular vector of s[c] (unit; arbitrary unit vector orthogonal to the others when s[c] is 0). */
  u: Float64Array;
  /** Whether every pair of columns was orthogonal to working precision within the sweep limit. */
  converged: boolean;
}

/**
 * One-sided Jacobi SVD (Hestenes 1958) of the p x q matrix `g`, column-major (column c at
 * g[c p .. c p + p - 1]), overwritten. Rotates pairs of columns until every pair is
 * orthogonal to working precision, accumulating the rotations in V: g V = U diag(s).
 * O(p q^2) per sweep, usually 5-10 sweeps; accurate to a few ulps relative to the largest
 * singular value. Internal.
 */
export function jacobiSvd(g: Float64Array, p: number, q: number, maxSweeps = 60): JacobiSvd {
  const v = new Float64Array(q * q);
  for (let c = 0; c < q; c++) v[c * q + c] = 1;
  const norms = new Float64Array(q);
  for (let c = 0; c < q; c++) {
    let s = 0;
    const o = c * p;
    for (let i = 0; i < p; i++) s += g[o + i] * g[o + i];
    norms[c] = s;
  }
  const eps = 2.220446049250313e-16;
  // Columns are orthogonal when |<a, b>| <= p eps |a| |b| (the rounding error of a p-term dot
  // product; a tolerance of eps alone is below that noise and never settles on rank-deficient
  // input), and a column whose squared norm is below (p eps)^2 times the largest is rounding
  // noise of a zero singular value: rotating it against the others cannot converge either.
  const tol = Math.max(p, 1) * eps;
  let maxNorm = 0;
  for (let c = 0; c < q; c++) if (norms[c] > maxNorm) maxNorm = norms[c];
  const negligible = tol * tol * maxNorm;
  let converged = false;
  for (let sweep = 0; sweep < maxSweeps && !converged; sweep++) {
    converged = true;
    for (let a = 0; a < q - 1; a++) {
      const oa = a * p;
      for (let b = a + 1; b < q; b++) {
        const ob = b * p;
        let gamma = 0;
        for (let i = 0; i < p; i++) gamma += g[oa + i] * g[ob + i];
        const alpha = norms[a];
        const beta = norms[b];
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha * beta) || Math.min(alpha, beta) <= negligible) continue;
        converged = false;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        let na = 0;
        let nb = 0;
        for (let i = 0; i < p; i++) {
          const x = g[oa + i];
          const y = g[ob + i];
          const xa = c * x - s * y;
          const yb = s * x + c * y;
          g[oa + i] = xa;
          g[ob + i] = yb;
          na += xa * xa;
          nb += yb * yb;
        }
        norms[a] = na;
        norms[b] = nb;
        const va = a * q;
        const vb = b * q;
        for (let i = 0; i < q; i++) {
          const x = v[va + i];
          const y = v[vb + i];
          v[va + i] = c * x - s * y;
          v[vb + i] = s * x + c * y;
        }
      }
    }
  }
  const order = Array.from({ length: q }, (_, i) => i).sort((x, y) => norms[y] - norms[x] || x - y);
  const s = new Float64Array(q);
  const vs = new Float64Array(q * q);
  const u = new Float64Array(p * q);
  for (let c = 0; c < q; c++) {
    const src = order[c];
    let nrm = 0;
    for (let i = 0; i < p; i++) nrm += g[src * p + i] * g[src * p + i];
    nrm = Math.sqrt(nrm);
    s[c] = nrm;
    vs.set(v.subarray(src * q, src * q + q), c * q);
    if (nrm > 0) for (let i = 0; i < p; i++) u[c * p + i] = g[src * p + i] / nrm;
  }
  completeBasis(u, p, q, s);
  return { s, v: vs, u, converged };
}

/**
 * Replaces the columns of the p x q column-major `u` whose singular value is negligible
 * (below p eps times the largest) with unit vectors orthogonal to all the others (Gram-Schmidt
 * on the coordinate axes, first that works), so U is orthonormal even for rank-deficient data.
 * Internal.
 */
function completeBasis(u: Float64Array, p: number, q: number, s: Float64Array): void {
  const tiny = s.length > 0 ? s[0] * p * 2.220446049250313e-16 : 0;
  let axis = 0;
  for (let c = 0; c < q; c++) {
    if (s[c] > tiny && s[c] > 0) continue;
    s[c] = s[c] > 0 ? s[c] : 0;
    const col = new Float64Array(p);
    while (axis < p) {
      col.fill(0);
      col[axis++] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let o = 0; o < q; o++) {
          if (o === c || (o > c && !(s[o] > tiny))) continue;
          let dot = 0;
          for (let i = 0; i < p; i++) dot += col[i] * u[o * p + i];
          for (let i = 0; i < p; i++) col[i] -= dot * u[o * p + i];
        }
      }
      let nrm = 0;
      for (let i = 0; i < p; i++) nrm += col[i] * col[i];
      nrm = Math.sqrt(nrm);
      if (nrm > 0.5) {
        for (let i = 0; i < p; i++) u[c * p + i] = col[i] / nrm;
        break;
      }
    }
  }
}

/**
 * Orthonormalizes the q columns (each of length p, column-major) of `y` in place by modified
 * Gram-Schmidt, twice ("twice is enough", Giraud et al. 2005). A column that vanishes is
 * replaced by a coordinate axis orthogonal to the others. Internal.
 */
export function orthonormalize(y: Float64Array, p: number, q: number): void {
  for (let c = 0; c < q; c++) {
    const oc = c * p;
    let before = 0;
    for (let i = 0; i < p; i++) before += y[oc + i] * y[oc + i];
    for (let pass = 0; pass < 2; pass++) {
      for (let o = 0; o < c; o++) {
        const oo = o * p;
        let dot = 0;
        for (let i = 0; i < p; i++) dot += y[oc + i] * y[oo + i];
        for (let i = 0; i < p; i++) y[oc + i] -= dot * y[oo + i];
      }
    }
    let nrm = 0;
    for (let i = 0; i < p; i++) nrm += y[oc + i] * y[oc + i];
    if (!(nrm > 1e-24 * before) || nrm === 0) {
      // the column lay in the span of the earlier ones: use an axis orthogonal to them
      y.fill(0, oc, oc + p);
      const s = new Float64Array(q);
      for (let o = 0; o < c; o++) s[o] = 1;
      for (let axis = 0; axis < p; axis++) {
        y.fill(0, oc, oc + p);
        y[oc + axis] = 1;
        for (let pass = 0; pass < 2; pass++) {
          for (let o = 0; o < c; o++) {
            const oo = o * p;
            let dot = 0;
            for (let i = 0; i < p; i++) dot += y[oc + i] * y[oo + i];
            for (let i = 0; i < p; i++) y[oc + i] -= dot * y[oo + i];
          }
        }
        nrm = 0;
        for (let i = 0; i < p; i++) nrm += y[oc + i] * y[oc + i];
        if (nrm > 0.25) break;
      }
    }
    const inv = 1 / Math.sqrt(nrm);
    for (let i = 0; i < p; i++) y[oc + i] *= inv;
  }
}
