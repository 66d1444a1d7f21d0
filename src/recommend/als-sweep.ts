// Internal: the ALS half-sweep kernel (one side's rows solved by conjugate gradient given the other side).
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { ClienteleError } from "../core/errors.js";
import type { Csr } from "./sparse.js";

function aborted(fn: string): never {
  throw new ClienteleError({ code: "ABORTED", message: `${fn}: aborted by the caller's AbortSignal.` });
}

/**
 * G = YᵀY (full symmetric f × f) for row-major Y with `f` columns, upper triangle accumulated
 * four rows of Y at a time (one load/store of G per four multiply-adds). O(rows · f² / 2).
 */
function gram(Y: Float64Array, f: number): Float64Array {
  const nY = Y.length / f;
  const G = new Float64Array(f * f);
  let i = 0;
  for (; i + 3 < nY; i += 4) {
    const o0 = i * f;
    const o1 = o0 + f;
    const o2 = o1 + f;
    const o3 = o2 + f;
    for (let a = 0; a < f; a++) {
      const y0 = Y[o0 + a];
      const y1 = Y[o1 + a];
      const y2 = Y[o2 + a];
      const y3 = Y[o3 + a];
      const ro = a * f;
      for (let b = a; b < f; b++) G[ro + b] += y0 * Y[o0 + b] + y1 * Y[o1 + b] + (y2 * Y[o2 + b] + y3 * Y[o3 + b]);
    }
  }
  for (; i < nY; i++) {
    const o = i * f;
    for (let a = 0; a < f; a++) {
      const ya = Y[o + a];
      const ro = a * f;
      for (let b = a; b < f; b++) G[ro + b] += ya * Y[o + b];
    }
  }
  for (let a = 0; a < f; a++) for (let b = 0; b < a; b++) G[a * f + b] = G[b * f + a];
  return G;
}

/**
 * out[k] = Σ_a M[k·f + a] · v[vo + a] for a row-major f × f M (a mat-vec). Rows of M go 8 at a
 * time, so each load of v[vo + a] serves 8 multiply-adds on independent accumulators.
 */
function matVecAt(M: Float64Array, v: Float64Array, vo: number, out: Float64Array, f: number): void {
  let k = 0;
  for (; k + 7 < f; k += 8) {
    const m0 = k * f;
    const m1 = m0 + f;
    const m2 = m1 + f;
    const m3 = m2 + f;
    const m4 = m3 + f;
    const m5 = m4 + f;
    const m6 = m5 + f;
    const m7 = m6 + f;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let a = 0; a < f; a++) {
      const va = v[vo + a];
      s0 += M[m0 + a] * va;
      s1 += M[m1 + a] * va;
      s2 += M[m2 + a] * va;
      s3 += M[m3 + a] * va;
      s4 += M[m4 + a] * va;
      s5 += M[m5 + a] * va;
      s6 += M[m6 + a] * va;
      s7 += M[m7 + a] * va;
    }
    out[k] = s0;
    out[k + 1] = s1;
    out[k + 2] = s2;
    out[k + 3] = s3;
    out[k + 4] = s4;
    out[k + 5] = s5;
    out[k + 6] = s6;
    out[k + 7] = s7;
  }
  for (; k < f; k++) {
    const m0 = k * f;
    let s0 = 0;
    for (let a = 0; a < f; a++) s0 += M[m0 + a] * v[vo + a];
    out[k] = s0;
  }
}

/**
 * Rotates the fixed side into the eigenbasis of G = YᵀY = Q diag(d) Qᵀ: Y ← YQ in place.
 * Returns Qᵀ row-major (row k = k-th eigenvector) and d. Scores x·y are unchanged when every x is
 * rotated the same way (Q is orthogonal), and the ALS system's dense part becomes diagonal.
 */
function rotateToEigenbasis(Y: Float64Array, G: Float64Array, f: number): { Qt: Float64Array; d: Float64Array } {
  const rows: number[][] = [];
  for (let a = 0; a < f; a++) rows.push(Array.from(G.subarray(a * f, a * f + f)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const V = evd.eigenvectorMatrix;
  const ev = evd.realEigenvalues;
  const Qt = new Float64Array(f * f);
  const d = new Float64Array(f);
  for (let k = 0; k < f; k++) {
    d[k] = ev[k];
    for (let a = 0; a < f; a++) Qt[k * f + a] = V.get(a, k);
  }
  const nY = Y.length / f;
  const t = new Float64Array(f);
  for (let i = 0; i < nY; i++) {
    const o = i * f;
    matVecAt(Qt, Y, o, t, f);
    Y.set(t, o);
  }
  return { Qt, d };
}

/**
 * out += Σ_{q ∈ [s, e)} (k0·(1 + c_q) + k1·c_q·(y_q·v)) y_q, where y_q is row indices[q] of Y.
 * With (k0, k1) = (1, −1) this adds YᵀC_u p − Yᵀ(C_u − I)Y v (the residual's sparse part); with
 * (0, 1) it adds Yᵀ(C_u − I)Y v (the CG product's sparse part). Items go in blocks of 8: one pass
 * computes 8 dot products sharing each load of v[a], the next adds 8 scaled rows sharing each
 * load/store of out[a] (fewer memory operations per multiply-add than one item at a time).
 */
function addSparse(
  Y: Float64Array,
  indices: Int32Array,
  conf: Float64Array,
  s: number,
  e: number,
  v: Float64Array,
  out: Float64Array,
  f: number,
  k0: number,
  k1: number,
): void {
  let q = s;
  for (; q + 7 < e; q += 8) {
    const o0 = indices[q] * f;
    const o1 = indices[q + 1] * f;
    const o2 = indices[q + 2] * f;
    const o3 = indices[q + 3] * f;
    const o4 = indices[q + 4] * f;
    const o5 = indices[q + 5] * f;
    const o6 = indices[q + 6] * f;
    const o7 = indices[q + 7] * f;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let d4 = 0;
    let d5 = 0;
    let d6 = 0;
    let d7 = 0;
    for (let a = 0; a < f; a++) {
      const va = v[a];
      d0 += Y[o0 + a] * va;
      d1 += Y[o1 + a] * va;
      d2 += Y[o2 + a] * va;
      d3 += Y[o3 + a] * va;
      d4 += Y[o4 + a] * va;
      d5 += Y[o5 + a] * va;
      d6 += Y[o6 + a] * va;
      d7 += Y[o7 + a] * va;
    }
    const c0 = k0 * (1 + conf[q]) + k1 * conf[q] * d0;
    const c1 = k0 * (1 + conf[q + 1]) + k1 * conf[q + 1] * d1;
    const c2 = k0 * (1 + conf[q + 2]) + k1 * conf[q + 2] * d2;
    const c3 = k0 * (1 + conf[q + 3]) + k1 * conf[q + 3] * d3;
    const c4 = k0 * (1 + conf[q + 4]) + k1 * conf[q + 4] * d4;
    const c5 = k0 * (1 + conf[q + 5]) + k1 * conf[q + 5] * d5;
    const c6 = k0 * (1 + conf[q + 6]) + k1 * conf[q + 6] * d6;
    const c7 = k0 * (1 + conf[q + 7]) + k1 * conf[q + 7] * d7;
    for (let a = 0; a < f; a++) {
      out[a] +=
        c0 * Y[o0 + a] + c1 * Y[o1 + a] + c2 * Y[o2 + a] + c3 * Y[o3 + a] + (c4 * Y[o4 + a] + c5 * Y[o5 + a] + c6 * Y[o6 + a] + c7 * Y[o7 + a]);
    }
  }
  for (; q + 3 < e; q += 4) {
    const o0 = indices[q] * f;
    const o1 = indices[q + 1] * f;
    const o2 = indices[q + 2] * f;
    const o3 = indices[q + 3] * f;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let a = 0; a < f; a++) {
      const va = v[a];
      d0 += Y[o0 + a] * va;
      d1 += Y[o1 + a] * va;
      d2 += Y[o2 + a] * va;
      d3 += Y[o3 + a] * va;
    }
    const c0 = k0 * (1 + conf[q]) + k1 * conf[q] * d0;
    const c1 = k0 * (1 + conf[q + 1]) + k1 * conf[q + 1] * d1;
    const c2 = k0 * (1 + conf[q + 2]) + k1 * conf[q + 2] * d2;
    const c3 = k0 * (1 + conf[q + 3]) + k1 * conf[q + 3] * d3;
    for (let a = 0; a < f; a++) out[a] += c0 * Y[o0 + a] + c1 * Y[o1 + a] + (c2 * Y[o2 + a] + c3 * Y[o3 + a]);
  }
  for (; q < e; q++) {
    const o0 = indices[q] * f;
    let d0 = 0;
    let d1 = 0;
    let a = 0;
    for (; a + 1 < f; a += 2) {
      d0 += Y[o0 + a] * v[a];
      d1 += Y[o0 + a + 1] * v[a + 1];
    }
    if (a < f) d0 += Y[o0 + a] * v[a];
    const c0 = k0 * (1 + conf[q]) + k1 * conf[q] * (d0 + d1);
    for (a = 0; a < f; a++) out[a] += c0 * Y[o0 + a];
  }
}

/**
 * One half-sweep: solves every row x of `X` given the fixed side `Y` by `steps` conjugate-gradient
 * steps on (YᵀY + λI + Yᵀ(Cᵤ − I)Y) x = YᵀCᵤp, warm-started at the current x, with YᵀY computed
 * once (Takács, Pilászy & Tikk 2011).
 *
 * When the fixed side has few rows relative to the solved side (fixed rows + 4f < steps · solved
 * rows), both sides are first rotated into the eigenbasis of YᵀY (Y ← YQ, then each warm start
 * x ← xQ as it is solved), so the f × f mat-vec of every CG step becomes a diagonal scaling:
 * the dense cost per row drops from (1 + steps)·f² to f². CG is invariant under orthogonal
 * changes of variables, so the iterates are the same up to rounding, and both sides stay in the
 * new (common) basis, which leaves every score x·y unchanged. `mode` forces either path (tests).
 *
 * The sparse part Σ_i c_ui (y_i·v) y_i runs in blocks of 8 items (see addSparse). O(rows · f² + nnz · f · (steps + 1)) with rotation,
 * O(rows · f² · (steps + 1) + nnz · f · (steps + 1)) without.
 */
export function alsSweep(
  R: Csr,
  X: Float64Array,
  Y: Float64Array,
  f: number,
  lambda: number,
  alpha: number,
  steps: number,
  fn: string,
  signal: AbortSignal | undefined,
  mode: "auto" | "rotate" | "dense" = "auto",
): void {
  const nY = Y.length / f;
  const G = gram(Y, f);
  const rotate = mode === "auto" ? nY + 4 * f < steps * R.nRows : mode === "rotate";
  let Qt = G;
  const diag = new Float64Array(f);
  if (rotate) {
    const rot = rotateToEigenbasis(Y, G, f);
    Qt = rot.Qt;
    for (let a = 0; a < f; a++) diag[a] = rot.d[a] + lambda;
  } else {
    for (let a = 0; a < f; a++) G[a * f + a] += lambda;
  }
  const A = G;
  const r = new Float64Array(f);
  const p = new Float64Array(f);
  const Ap = new Float64Array(f);
  const x = new Float64Array(f);
  const { indptr, indices, values } = R;
  const conf = new Float64Array(values.length);
  for (let q = 0; q < values.length; q++) conf[q] = alpha * values[q];
  for (let u = 0; u < R.nRows; u++) {
    if (signal && (u & 4095) === 0 && signal.aborted) aborted(fn);
    const xo = u * f;
    const s = indptr[u];
    const e = indptr[u + 1];
    if (s === e) {
      for (let a = 0; a < f; a++) X[xo + a] = 0;
      continue;
    }
    // Warm start x (rotated into the eigenbasis when rotating), and r = -(dense part) x.
    if (rotate) {
      matVecAt(Qt, X, xo, x, f);
      for (let k = 0; k < f; k++) r[k] = -diag[k] * x[k];
    } else {
      for (let a = 0; a < f; a++) x[a] = X[xo + a];
      matVecAt(A, x, 0, r, f);
      for (let k = 0; k < f; k++) r[k] = -r[k];
    }
    // r += Σ_i (1 + c_i − c_i (y_i·x)) y_i  (so r = b − A_u x).
    addSparse(Y, indices, conf, s, e, x, r, f, 1, -1);
    let rsold = 0;
    for (let a = 0; a < f; a++) {
      p[a] = r[a];
      rsold += r[a] * r[a];
    }
    for (let it = 0; it < steps && rsold > 1e-20; it++) {
      // Ap = (dense part) p + Σ_i c_i (y_i·p) y_i
      if (rotate) {
        for (let a = 0; a < f; a++) Ap[a] = diag[a] * p[a];
      } else {
        matVecAt(A, p, 0, Ap, f);
      }
      addSparse(Y, indices, conf, s, e, p, Ap, f, 0, 1);
      let pAp = 0;
      for (let a = 0; a < f; a++) pAp += p[a] * Ap[a];
      if (!(pAp > 0)) break;
      const step = rsold / pAp;
      let rsnew = 0;
      for (let a = 0; a < f; a++) {
        x[a] += step * p[a];
        const ra = r[a] - step * Ap[a];
        r[a] = ra;
        rsnew += ra * ra;
      }
      const beta = rsnew / rsold;
      for (let a = 0; a < f; a++) p[a] = r[a] + beta * p[a];
      rsold = rsnew;
    }
    for (let a = 0; a < f; a++) X[xo + a] = x[a];
  }
}
