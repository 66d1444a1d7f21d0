// Small dense linear algebra for the contextual bandits: rank-one (Sherman-Morrison) updates
// of an inverse kept beside its matrix, a Cholesky inverse for the rare refactorization, and
// the exact probability that one of several independent normal scores is the largest. Internal;
// inputs are trusted (row-major flat arrays, n x n).

/**
 * n zeros in an array whose elements V8 stores as unboxed doubles (writing 0.5 first fixes the
 * element kind), so hot loops over fresh and updated statistics see one array shape.
 */
export function doubles(n: number): number[] {
  const m: number[] = [];
  for (let i = 0; i < n; i++) m.push(0.5);
  return m.fill(0);
}

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
 * out = M x for an n x n matrix (row-major), four rows at a time (four independent sums share
 * each load of x). Every entry is summed in the same order as the one-row loop, so the result is
 * the same to the bit.
 */
export function armProducts(m: ArrayLike<number>, x: ArrayLike<number>, out: Float64Array, n: number): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      s0 += m[r0 + j] * xj;
      s1 += m[r1 + j] * xj;
      s2 += m[r2 + j] * xj;
      s3 += m[r3 + j] * xj;
    }
    out[i] = s0;
    out[i + 1] = s1;
    out[i + 2] = s2;
    out[i + 3] = s3;
  }
  for (; i < n; i++) {
    const r = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += m[r + j] * x[j];
    out[i] = s;
  }
}

/**
 * In place, for a symmetric n x n matrix: M <- M + (c v_i) v_j on the upper triangle, four rows
 * at a time, each entry then copied to its mirror below the diagonal, so M stays exactly
 * symmetric (a full update computes (c v_i) v_j and (c v_j) v_i, which can differ in the last
 * bit). With c = 1 the entries are v_i v_j, the same doubles as the full update. O(n^2 / 2)
 * multiply-adds.
 */
export function symmetricRankOne(m: number[], v: ArrayLike<number>, c: number, n: number): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const v0 = c * v[i];
    const v1 = c * v[i + 1];
    const v2 = c * v[i + 2];
    const v3 = c * v[i + 3];
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    // the 4 x 4 diagonal block's upper triangle
    const w0 = v[i];
    const w1 = v[i + 1];
    const w2 = v[i + 2];
    const w3 = v[i + 3];
    m[r0 + i] += v0 * w0;
    m[r0 + i + 1] += v0 * w1;
    m[r0 + i + 2] += v0 * w2;
    m[r0 + i + 3] += v0 * w3;
    m[r1 + i + 1] += v1 * w1;
    m[r1 + i + 2] += v1 * w2;
    m[r1 + i + 3] += v1 * w3;
    m[r2 + i + 2] += v2 * w2;
    m[r2 + i + 3] += v2 * w3;
    m[r3 + i + 3] += v3 * w3;
    m[r1 + i] = m[r0 + i + 1];
    m[r2 + i] = m[r0 + i + 2];
    m[r3 + i] = m[r0 + i + 3];
    m[r2 + i + 1] = m[r1 + i + 2];
    m[r3 + i + 1] = m[r1 + i + 3];
    m[r3 + i + 2] = m[r2 + i + 3];
    for (let j = i + 4; j < n; j++) {
      const vj = v[j];
      const a0 = m[r0 + j] + v0 * vj;
      const a1 = m[r1 + j] + v1 * vj;
      const a2 = m[r2 + j] + v2 * vj;
      const a3 = m[r3 + j] + v3 * vj;
      m[r0 + j] = a0;
      m[r1 + j] = a1;
      m[r2 + j] = a2;
      m[r3 + j] = a3;
      const rj = j * n + i;
      m[rj] = a0;
      m[rj + 1] = a1;
      m[rj + 2] = a2;
      m[rj + 3] = a3;
    }
  }
  for (; i < n; i++) {
    const vi = c * v[i];
    const r = i * n;
    m[r + i] += vi * v[i];
    for (let j = i + 1; j < n; j++) {
      const a = m[r + j] + vi * v[j];
      m[r + j] = a;
      m[j * n + i] = a;
    }
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
  const out = doubles(n * n);
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

/**
 * Standard normal CDF by Hart's (1968) algorithm 5666 as given by West (2005), "Better
 * approximations to cumulative normal functions": a rational function and one exp, absolute
 * error below 1e-14 (test/bandit/contextual-propensity.test.ts checks it against core's erfc),
 * several times cheaper than the Chebyshev erfc the quadrature would otherwise call ~1,000 times.
 */
export function fastNormalCdf(x: number): number {
  const y = Math.abs(x);
  let c: number;
  if (y > 37) c = 0;
  else {
    const e = Math.exp(-0.5 * y * y);
    if (y < 7.07106781186547) {
      let n = 3.52624965998911e-2 * y + 0.700383064443688;
      n = n * y + 6.37396220353165;
      n = n * y + 33.912866078383;
      n = n * y + 112.079291497871;
      n = n * y + 221.213596169931;
      n = n * y + 220.206867912376;
      let dd = 8.83883476483184e-2 * y + 1.75566716318264;
      dd = dd * y + 16.064177579207;
      dd = dd * y + 86.7807322029461;
      dd = dd * y + 296.564248779674;
      dd = dd * y + 637.333633378831;
      dd = dd * y + 793.826512519948;
      dd = dd * y + 440.413735824752;
      c = (e * n) / dd;
    } else {
      let b = y + 0.65;
      b = y + 1 / b;
      b = y + 2 / b;
      b = y + 3 / b;
      b = y + 4 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

const Z = 9; // Phi(-9) = 1.1e-19: beyond 9 sd a normal factor is 0 or 1 to double precision (relative to 1)
// 8-point Gauss-Legendre nodes and weights on [-1, 1]
const GL_X = [
  -0.9602898564975362, -0.7966664774136267, -0.525532409916329, -0.18343464249564978, 0.18343464249564978, 0.525532409916329, 0.7966664774136267,
  0.9602898564975362,
];
const GL_W = [
  0.10122853629037669, 0.22238103445337434, 0.31370664587788705, 0.36268378337836177, 0.36268378337836177, 0.31370664587788705, 0.22238103445337434,
  0.10122853629037669,
];
/** Largest number of Gauss-Legendre panels per integral (2,048 integrand evaluations). */
const MAX_PANELS = 256;

/**
 * P(score_a is the largest) for independent normal scores N(mean_j, sd_j^2) over the arms with
 * `active[j]`: the integral of phi_a(s) prod_{j != a} Phi_j(s) ds by 8-point Gauss-Legendre on
 * panels no wider than two standard deviations of the narrowest arm involved (at most 256 panels).
 * The range is arm a's +-9 sd, cut from below where some other arm's factor Phi_j(s) is below
 * Phi(-9); arms whose factor is 1 over the whole range are left out of the product, so a clear
 * winner or loser costs few normal CDFs. Arms with sd 0 are point masses (ties among them split
 * evenly). The first K entries are read (default: all), so callers can pass reusable buffers
 * without a subarray view per call. Accuracy: see test/bandit/contextual-propensity.test.ts.
 */
export function probabilityMaxNormal(
  mean: ArrayLike<number>,
  sd: ArrayLike<number>,
  active: ArrayLike<boolean>,
  a: number,
  others: Int32Array = new Int32Array(mean.length),
  K: number = mean.length,
): number {
  const ma = mean[a];
  const sa = sd[a];
  if (!(sa > 0)) {
    // a point mass at ma: it wins when every other score is below it
    let p = 1;
    let ties = 1;
    for (let j = 0; j < K; j++) {
      if (j === a || !active[j]) continue;
      if (sd[j] > 0) p *= fastNormalCdf((ma - mean[j]) / sd[j]);
      else if (mean[j] > ma) return 0;
      else if (mean[j] === ma) ties++;
    }
    return p / ties;
  }
  let lo = ma - Z * sa;
  const hi = ma + Z * sa;
  for (let j = 0; j < K; j++) {
    if (j === a || !active[j]) continue;
    const low = sd[j] > 0 ? mean[j] - Z * sd[j] : mean[j];
    if (low > lo) lo = low;
  }
  if (!(lo < hi)) return 0; // another arm is above arm a's whole range
  let m = 0;
  for (let j = 0; j < K; j++) {
    if (j === a || !active[j]) continue;
    if (sd[j] > 0 ? mean[j] + Z * sd[j] > lo : mean[j] > lo) others[m++] = j;
  }
  let narrow = sa;
  for (let r = 0; r < m; r++) {
    const sj = sd[others[r]];
    if (sj > 0 && sj < narrow) narrow = sj;
  }
  const panels = Math.min(MAX_PANELS, Math.max(1, Math.ceil((hi - lo) / (2 * narrow))));
  const half = (hi - lo) / (2 * panels);
  const c = 1 / (sa * Math.sqrt(2 * Math.PI));
  let total = 0;
  for (let q = 0; q < panels; q++) {
    const mid = lo + (2 * q + 1) * half;
    for (let g = 0; g < 8; g++) {
      const s = mid + half * GL_X[g];
      const t = (s - ma) / sa;
      let f = c * Math.exp(-0.5 * t * t);
      for (let r = 0; r < m && f > 0; r++) {
        const j = others[r];
        const sj = sd[j];
        if (sj > 0) f *= fastNormalCdf((s - mean[j]) / sj);
        else if (s < mean[j]) f = 0;
      }
      total += GL_W[g] * f;
    }
  }
  return Math.min(1, Math.max(0, total * half));
}
