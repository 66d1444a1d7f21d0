// Internal: the ALS half-sweep kernel (one side's rows solved by conjugate gradient given the other side).
import { runSync, throwIfAborted, type Steps } from "../core/async.js";
import { ClienteleError } from "../core/errors.js";
import { type AlsKernels, type AlsScratch, type AlsSide, jsKernels, jsScratch } from "./als-kernels.js";
import { symmetricEigen } from "./eigen.js";
import type { Csr } from "./sparse.js";

/**
 * G = YᵀY (full symmetric f × f) for row-major Y with `f` columns: upper triangle by the
 * kernel (four rows of Y at a time), then mirrored. O(rows · f² / 2).
 */
function gram(k: AlsKernels, Y: Float64Array, f: number, G: Float64Array): Float64Array {
  G.fill(0);
  k.gramUpper(Y, Y.length / f, G, f);
  for (let a = 0; a < f; a++) for (let b = 0; b < a; b++) G[a * f + b] = G[b * f + a];
  return G;
}

/**
 * Rotates the fixed side into the eigenbasis of G = YᵀY = Q diag(d) Qᵀ: Y ← YQ in place.
 * Fills `Q` row-major (column k = k-th eigenvector, so kernels.matVec(Q, y) = Qᵀy) and returns d.
 * Scores x·y are unchanged when every x is rotated the same way (Q is orthogonal), and the ALS
 * system's dense part becomes diagonal.
 */
function rotateToEigenbasis(k: AlsKernels, Y: Float64Array, G: Float64Array, f: number, Q: Float64Array, t: Float64Array, fn: string): Float64Array {
  const d = new Float64Array(f);
  if (!symmetricEigen(G, f, Q, d)) {
    throw new ClienteleError({
      code: "FIT_FAILED",
      message: `${fn}: the eigendecomposition of the ${f} × ${f} factor Gram matrix did not converge (non-finite factors). Lower alpha or the weights' scale, or raise regularization.`,
    });
  }
  const nY = Y.length / f;
  for (let i = 0; i < nY; i++) {
    const o = i * f;
    k.matVec(Q, Y, o, t, f);
    Y.set(t, o);
  }
  return d;
}

/** What a half-sweep runs on: kernels, this side's indices and confidences, work vectors. Internal. */
export interface AlsSweepContext {
  kernels: AlsKernels;
  side: AlsSide;
  scratch: AlsScratch;
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
 * The sparse part Σ_i c_ui (y_i·v) y_i runs in blocks of 4 items (see AlsKernels.addSparse). `ctx`
 * supplies the kernels (WebAssembly or JavaScript, same results) with X, Y, the side's indices and
 * confidences and the work vectors in their memory; without it, JavaScript on `R` (tests). O(rows · f² + nnz · f · (steps + 1)) with rotation,
 * O(rows · f² · (steps + 1) + nnz · f · (steps + 1)) without.
 */
export function alsSweep(...args: Parameters<typeof alsSweepSteps>): void {
  runSync(alsSweepSteps(...args));
}

/** {@link alsSweep} as a generator that yields after every chunk of 4096 rows (for fitAlsAsync). Internal. */
export function* alsSweepSteps(
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
  ctx?: AlsSweepContext,
): Steps<void> {
  let c = ctx;
  if (!c) {
    const conf = new Float64Array(R.values.length);
    for (let q = 0; q < conf.length; q++) conf[q] = alpha * R.values[q];
    c = { kernels: jsKernels, side: { indptr: R.indptr, indices: R.indices, conf }, scratch: jsScratch(f) };
  }
  const { kernels, scratch } = c;
  const nY = Y.length / f;
  const G = gram(kernels, Y, f, scratch.G);
  const rotate = mode === "auto" ? nY + 4 * f < steps * R.nRows : mode === "rotate";
  if (rotate) {
    const d = rotateToEigenbasis(kernels, Y, G, f, scratch.Q, scratch.t, fn);
    for (let a = 0; a < f; a++) scratch.D[a] = d[a] + lambda;
  } else {
    for (let a = 0; a < f; a++) G[a * f + a] += lambda;
  }
  // Rows in chunks of 4096 (the abort check between chunks).
  for (let u = 0; u < R.nRows; u += 4096) {
    throwIfAborted(signal, fn);
    kernels.solveRows(X, Y, c.side, u, Math.min(R.nRows, u + 4096), f, steps, rotate, scratch);
    yield;
  }
}
