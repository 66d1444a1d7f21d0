// Internal: the ALS hot loops in two backends with bit-identical results. The WebAssembly SIMD
// kernels (src/recommend/wasm/als-sparse.wat, als-dense.wat) and the JavaScript functions below
// perform the same IEEE-754 operations in the same order: every output is a chain of exact
// f64 adds and multiplies whose association is fixed here, and SIMD only computes two
// independent chains at once (two outputs, or the even- and odd-index halves of a dot product,
// which are then added). So a fit gives the same numbers with or without WebAssembly.
import { ClienteleError } from "../core/errors.js";
import { instantiateWasm, instantiateWithImports, type KernelBackend, WasmLayout, wasmModule } from "../core/wasm.js";
import { WASM_BASE64 as DENSE_BASE64 } from "./wasm/als-dense.generated.js";
import { WASM_BASE64 as SOLVE_BASE64 } from "./wasm/als-solve.generated.js";
import { WASM_BASE64 as SPARSE_BASE64 } from "./wasm/als-sparse.generated.js";

/** The three ALS kernels. Arrays must live in the kernels' memory for the wasm backend. Internal. */
export interface AlsKernels {
  backend: "wasm" | "js";
  /**
   * out += Σ_{q ∈ [s, e)} (k0·(1 + c_q) + k1·c_q·(y_q·v)) y_q with y_q row indices[q] of Y.
   * Items 4 at a time then one at a time; each dot product = (even-index products summed in
   * order, plus the last product when f is odd) + (odd-index products summed in order); the
   * 4-item update is out[a] += (c0·y0[a] + c1·y1[a]) + (c2·y2[a] + c3·y3[a]). `v` and `out` must
   * not overlap (the JavaScript version computes two blocks' dot products before either update).
   */
  addSparse(
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
  ): void;
  /** out[k] = Σ_{a = 0..f−1, in order} M[a·f + k] · v[vo + a] (Mᵀv for row-major f × f M). */
  matVec(M: Float64Array, v: Float64Array, vo: number, out: Float64Array, f: number): void;
  /** G[a·f + b] += Σ_i y_i[a]·y_i[b] for b ≥ a, rows of Y four at a time then one at a time. */
  gramUpper(Y: Float64Array, n: number, G: Float64Array, f: number): void;
  /**
   * Rows [u0, u1) of X: `steps` CG steps each on (D + Yᵀ(C_u − I)Y) x = YᵀC_u p_u, warm-started
   * at X[u] (rotated by Q into the eigenbasis first when `rotate`, where D = diag(s.D);
   * otherwise D = s.G, the dense f × f matrix). Empty rows become 0. Work vectors in `s`.
   */
  solveRows(X: Float64Array, Y: Float64Array, side: AlsSide, u0: number, u1: number, f: number, steps: number, rotate: boolean, s: AlsScratch): void;
}

/** Σ a[i]·b[i] in the kernels' two-lane order: (even indices, plus the last when f is odd) + odd indices. */
function dot2(a: Float64Array, b: Float64Array, f: number): number {
  const end = f & ~1;
  let e0 = 0;
  let d0 = 0;
  for (let i = 0; i < end; i += 2) {
    e0 += a[i] * b[i];
    d0 += a[i + 1] * b[i + 1];
  }
  if (end < f) e0 += a[end] * b[end];
  return e0 + d0;
}

function solveRowsJs(X: Float64Array, Y: Float64Array, side: AlsSide, u0: number, u1: number, f: number, steps: number, rotate: boolean, sc: AlsScratch): void {
  const { indptr, indices, conf } = side;
  const { x, r, p, Ap, D, G: A, Q } = sc;
  for (let u = u0; u < u1; u++) {
    const xo = u * f;
    const s = indptr[u];
    const e = indptr[u + 1];
    if (s === e) {
      for (let a = 0; a < f; a++) X[xo + a] = 0;
      continue;
    }
    // Warm start x (rotated into the eigenbasis when rotating), and r = −(dense part) x.
    if (rotate) {
      matVecJs(Q, X, xo, x, f);
      for (let k = 0; k < f; k++) r[k] = -D[k] * x[k];
    } else {
      for (let a = 0; a < f; a++) x[a] = X[xo + a];
      matVecJs(A, x, 0, r, f); // A is symmetric: Aᵀx = Ax
      for (let k = 0; k < f; k++) r[k] = -r[k];
    }
    // r += Σ_i (1 + c_i − c_i (y_i·x)) y_i  (so r = b − A_u x).
    addSparseJs(Y, indices, conf, s, e, x, r, f, 1, -1);
    for (let a = 0; a < f; a++) p[a] = r[a];
    let rsold = dot2(r, r, f);
    for (let it = 0; it < steps && rsold > 1e-20; it++) {
      // Ap = (dense part) p + Σ_i c_i (y_i·p) y_i
      if (rotate) {
        for (let a = 0; a < f; a++) Ap[a] = D[a] * p[a];
      } else {
        matVecJs(A, p, 0, Ap, f);
      }
      addSparseJs(Y, indices, conf, s, e, p, Ap, f, 0, 1);
      const pAp = dot2(p, Ap, f);
      if (!(pAp > 0)) break;
      const step = rsold / pAp;
      for (let a = 0; a < f; a++) {
        x[a] += step * p[a];
        r[a] -= step * Ap[a];
      }
      const rsnew = dot2(r, r, f);
      const beta = rsnew / rsold;
      for (let a = 0; a < f; a++) p[a] = r[a] + beta * p[a];
      rsold = rsnew;
    }
    for (let a = 0; a < f; a++) X[xo + a] = x[a];
  }
}

function addSparseJs(
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
  const end = f & ~1;
  const odd = (f & 1) === 1;
  let q = s;
  // Unrolled on purpose (8-, then 4-item blocks, each spelled out): this is the JavaScript twin
  // of the WebAssembly kernel (wasm/als-sparse.wat) and must perform its f64 operations in the
  // same order and association so both backends give bit-identical fits (see the header); a
  // rolled loop would change the association, and the 4-item blocks carry the speed of the
  // JavaScript fallback (benchmarks/recommend.bench.ts).
  // Two 4-item blocks per pass: both blocks' dot products first (they read v, never out), then one
  // loop applying out[a] = (out[a] + block 1) + block 2, the same operations as two passes.
  for (; q + 7 < e; q += 8) {
    const oA0 = indices[q] * f;
    const oA1 = indices[q + 1] * f;
    const oA2 = indices[q + 2] * f;
    const oA3 = indices[q + 3] * f;
    let eA0 = 0;
    let dA0 = 0;
    let eA1 = 0;
    let dA1 = 0;
    let eA2 = 0;
    let dA2 = 0;
    let eA3 = 0;
    let dA3 = 0;
    for (let a = 0; a < end; a += 2) {
      const va = v[a];
      const vb = v[a + 1];
      eA0 += Y[oA0 + a] * va;
      dA0 += Y[oA0 + a + 1] * vb;
      eA1 += Y[oA1 + a] * va;
      dA1 += Y[oA1 + a + 1] * vb;
      eA2 += Y[oA2 + a] * va;
      dA2 += Y[oA2 + a + 1] * vb;
      eA3 += Y[oA3 + a] * va;
      dA3 += Y[oA3 + a + 1] * vb;
    }
    if (odd) {
      const vl = v[end];
      eA0 += Y[oA0 + end] * vl;
      eA1 += Y[oA1 + end] * vl;
      eA2 += Y[oA2 + end] * vl;
      eA3 += Y[oA3 + end] * vl;
    }
    const cA0 = k0 * (1 + conf[q]) + k1 * conf[q] * (eA0 + dA0);
    const cA1 = k0 * (1 + conf[q + 1]) + k1 * conf[q + 1] * (eA1 + dA1);
    const cA2 = k0 * (1 + conf[q + 2]) + k1 * conf[q + 2] * (eA2 + dA2);
    const cA3 = k0 * (1 + conf[q + 3]) + k1 * conf[q + 3] * (eA3 + dA3);
    const oB0 = indices[q + 4] * f;
    const oB1 = indices[q + 5] * f;
    const oB2 = indices[q + 6] * f;
    const oB3 = indices[q + 7] * f;
    let eB0 = 0;
    let dB0 = 0;
    let eB1 = 0;
    let dB1 = 0;
    let eB2 = 0;
    let dB2 = 0;
    let eB3 = 0;
    let dB3 = 0;
    for (let a = 0; a < end; a += 2) {
      const va = v[a];
      const vb = v[a + 1];
      eB0 += Y[oB0 + a] * va;
      dB0 += Y[oB0 + a + 1] * vb;
      eB1 += Y[oB1 + a] * va;
      dB1 += Y[oB1 + a + 1] * vb;
      eB2 += Y[oB2 + a] * va;
      dB2 += Y[oB2 + a + 1] * vb;
      eB3 += Y[oB3 + a] * va;
      dB3 += Y[oB3 + a + 1] * vb;
    }
    if (odd) {
      const vl = v[end];
      eB0 += Y[oB0 + end] * vl;
      eB1 += Y[oB1 + end] * vl;
      eB2 += Y[oB2 + end] * vl;
      eB3 += Y[oB3 + end] * vl;
    }
    const cB0 = k0 * (1 + conf[q + 4]) + k1 * conf[q + 4] * (eB0 + dB0);
    const cB1 = k0 * (1 + conf[q + 5]) + k1 * conf[q + 5] * (eB1 + dB1);
    const cB2 = k0 * (1 + conf[q + 6]) + k1 * conf[q + 6] * (eB2 + dB2);
    const cB3 = k0 * (1 + conf[q + 7]) + k1 * conf[q + 7] * (eB3 + dB3);
    for (let a = 0; a < f; a++) {
      out[a] =
        out[a] +
        (cA0 * Y[oA0 + a] + cA1 * Y[oA1 + a] + (cA2 * Y[oA2 + a] + cA3 * Y[oA3 + a])) +
        (cB0 * Y[oB0 + a] + cB1 * Y[oB1 + a] + (cB2 * Y[oB2 + a] + cB3 * Y[oB3 + a]));
    }
  }
  for (; q + 3 < e; q += 4) {
    const o0 = indices[q] * f;
    const o1 = indices[q + 1] * f;
    const o2 = indices[q + 2] * f;
    const o3 = indices[q + 3] * f;
    let e0 = 0;
    let d0 = 0;
    let e1 = 0;
    let d1 = 0;
    let e2 = 0;
    let d2 = 0;
    let e3 = 0;
    let d3 = 0;
    for (let a = 0; a < end; a += 2) {
      const va = v[a];
      const vb = v[a + 1];
      e0 += Y[o0 + a] * va;
      d0 += Y[o0 + a + 1] * vb;
      e1 += Y[o1 + a] * va;
      d1 += Y[o1 + a + 1] * vb;
      e2 += Y[o2 + a] * va;
      d2 += Y[o2 + a + 1] * vb;
      e3 += Y[o3 + a] * va;
      d3 += Y[o3 + a + 1] * vb;
    }
    if (odd) {
      const vl = v[end];
      e0 += Y[o0 + end] * vl;
      e1 += Y[o1 + end] * vl;
      e2 += Y[o2 + end] * vl;
      e3 += Y[o3 + end] * vl;
    }
    const c0 = k0 * (1 + conf[q]) + k1 * conf[q] * (e0 + d0);
    const c1 = k0 * (1 + conf[q + 1]) + k1 * conf[q + 1] * (e1 + d1);
    const c2 = k0 * (1 + conf[q + 2]) + k1 * conf[q + 2] * (e2 + d2);
    const c3 = k0 * (1 + conf[q + 3]) + k1 * conf[q + 3] * (e3 + d3);
    for (let a = 0; a < f; a++) out[a] += c0 * Y[o0 + a] + c1 * Y[o1 + a] + (c2 * Y[o2 + a] + c3 * Y[o3 + a]);
  }
  for (; q < e; q++) {
    const o0 = indices[q] * f;
    let e0 = 0;
    let d0 = 0;
    for (let a = 0; a < end; a += 2) {
      e0 += Y[o0 + a] * v[a];
      d0 += Y[o0 + a + 1] * v[a + 1];
    }
    if (odd) e0 += Y[o0 + end] * v[end];
    const c0 = k0 * (1 + conf[q]) + k1 * conf[q] * (e0 + d0);
    for (let a = 0; a < f; a++) out[a] += c0 * Y[o0 + a];
  }
}

function matVecJs(M: Float64Array, v: Float64Array, vo: number, out: Float64Array, f: number): void {
  let k = 0;
  for (; k + 7 < f; k += 8) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let a = 0, m = k; a < f; a++, m += f) {
      const va = v[vo + a];
      s0 += M[m] * va;
      s1 += M[m + 1] * va;
      s2 += M[m + 2] * va;
      s3 += M[m + 3] * va;
      s4 += M[m + 4] * va;
      s5 += M[m + 5] * va;
      s6 += M[m + 6] * va;
      s7 += M[m + 7] * va;
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
    let s0 = 0;
    for (let a = 0, m = k; a < f; a++, m += f) s0 += M[m] * v[vo + a];
    out[k] = s0;
  }
}

function gramUpperJs(Y: Float64Array, n: number, G: Float64Array, f: number): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
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
  for (; i < n; i++) {
    const o = i * f;
    for (let a = 0; a < f; a++) {
      const ya = Y[o + a];
      const ro = a * f;
      for (let b = a; b < f; b++) G[ro + b] += ya * Y[o + b];
    }
  }
}

/** The JavaScript kernels (plain typed arrays anywhere). Internal. */
export const jsKernels: AlsKernels = { backend: "js", addSparse: addSparseJs, matVec: matVecJs, gramUpper: gramUpperJs, solveRows: solveRowsJs };

interface SparseExports {
  sparse(Y: number, idx: number, conf: number, s: number, e: number, v: number, out: number, f: number, k0: number, k1: number): void;
}
interface DenseExports {
  matvec(M: number, v: number, out: number, f: number): void;
  gram(Y: number, n: number, G: number, f: number): void;
}
interface SolveExports {
  // X, Y, indptr, idx, conf, u0, u1, f, steps, rotate, D, A, Q, x, r, p, Ap
  solve(...args: number[]): void;
}

/** Work vectors of one half-sweep (f or f × f numbers each). */
export interface AlsScratch {
  x: Float64Array;
  r: Float64Array;
  p: Float64Array;
  Ap: Float64Array;
  t: Float64Array;
  /** diag(YᵀY in the eigenbasis) + λ (rotated sweeps). */
  D: Float64Array;
  /** YᵀY, then YᵀY + λI (unrotated sweeps). */
  G: Float64Array;
  /** Eigenvectors of YᵀY as columns, row-major. */
  Q: Float64Array;
}

/** One side's interaction rows for the kernels: row pointers, column indices and confidences − 1 (α·r). */
export interface AlsSide {
  indptr: Int32Array;
  indices: Int32Array;
  conf: Float64Array;
}

/** Everything a fit touches in its hot loops, allocated once (in wasm memory or on the JS heap). Internal. */
export interface AlsWorkspace {
  kernels: AlsKernels;
  X: Float64Array;
  Y: Float64Array;
  users: AlsSide;
  items: AlsSide;
  scratch: AlsScratch;
}

/** Sizes of a fit: users, items, stored interactions, factors. */
export interface AlsShape {
  nUsers: number;
  nItems: number;
  nnz: number;
  f: number;
}

type Alloc = { f64(n: number): Float64Array; i32(n: number): Int32Array };

function allocate(shape: AlsShape, kernels: AlsKernels, a: Alloc): AlsWorkspace {
  const { nUsers, nItems, nnz, f } = shape;
  return {
    kernels,
    X: a.f64(nUsers * f),
    Y: a.f64(nItems * f),
    users: { indptr: a.i32(nUsers + 1), indices: a.i32(nnz), conf: a.f64(nnz) },
    items: { indptr: a.i32(nItems + 1), indices: a.i32(nnz), conf: a.f64(nnz) },
    scratch: { x: a.f64(f), r: a.f64(f), p: a.f64(f), Ap: a.f64(f), t: a.f64(f), D: a.f64(f), G: a.f64(f * f), Q: a.f64(f * f) },
  };
}

/** JavaScript scratch vectors for a half-sweep with `f` factors. Internal. */
export function jsScratch(f: number): AlsScratch {
  return allocate({ nUsers: 0, nItems: 0, nnz: 0, f }, jsKernels, { f64: (n) => new Float64Array(n), i32: (n) => new Int32Array(n) }).scratch;
}

/** Bytes of wasm memory a fit of this shape needs (factors, both index/confidence copies, scratch). */
export function alsWasmBytes(shape: AlsShape): number {
  const layout = new WasmLayout();
  allocate(shape, jsKernels, { f64: (n) => (layout.take(n, 8), new Float64Array(0)), i32: (n) => (layout.take(n, 4), new Int32Array(0)) });
  return layout.size;
}

/**
 * The wasm workspace for a fit of this shape, or null when WebAssembly SIMD is unavailable or
 * the memory cannot be had (over 4 GiB, allocation failure). Internal.
 */
export function wasmWorkspace(shape: AlsShape): AlsWorkspace | null {
  const bytes = alsWasmBytes(shape);
  if (!(bytes <= 65536 * 65536)) return null; // before compiling anything
  const sparseMod = wasmModule("recommend:als-sparse", SPARSE_BASE64);
  const denseMod = wasmModule("recommend:als-dense", DENSE_BASE64);
  const solveMod = wasmModule("recommend:als-solve", SOLVE_BASE64);
  if (!sparseMod || !denseMod || !solveMod) return null;
  const inst = instantiateWasm<SparseExports>(sparseMod, bytes);
  if (!inst) return null;
  const sparse = inst.exports;
  const memory = inst.memory;
  const dense = instantiateWithImports<DenseExports>(denseMod, { env: { memory } });
  if (!dense) return null;
  const solve = instantiateWithImports<SolveExports>(solveMod, { env: { memory, sparse: sparse.sparse, matvec: dense.matvec } });
  if (!solve) return null;
  const buf = inst.memory.buffer;
  const layout = new WasmLayout();
  const kernels: AlsKernels = {
    backend: "wasm",
    addSparse: (Y, indices, conf, s, e, v, out, f, k0, k1) =>
      sparse.sparse(Y.byteOffset, indices.byteOffset, conf.byteOffset, s, e, v.byteOffset, out.byteOffset, f, k0, k1),
    matVec: (M, v, vo, out, f) => dense.matvec(M.byteOffset, v.byteOffset + vo * 8, out.byteOffset, f),
    gramUpper: (Y, n, G, f) => dense.gram(Y.byteOffset, n, G.byteOffset, f),
    solveRows: (X, Y, side, u0, u1, f, steps, rotate, sc) =>
      solve.solve(
        X.byteOffset,
        Y.byteOffset,
        side.indptr.byteOffset,
        side.indices.byteOffset,
        side.conf.byteOffset,
        u0,
        u1,
        f,
        steps,
        rotate ? 1 : 0,
        sc.D.byteOffset,
        sc.G.byteOffset,
        sc.Q.byteOffset,
        sc.x.byteOffset,
        sc.r.byteOffset,
        sc.p.byteOffset,
        sc.Ap.byteOffset,
      ),
  };
  return allocate(shape, kernels, {
    f64: (n) => new Float64Array(buf, layout.take(n, 8), n),
    i32: (n) => new Int32Array(buf, layout.take(n, 4), n),
  });
}

/** A JavaScript-heap workspace. Internal. */
export function jsWorkspace(shape: AlsShape): AlsWorkspace {
  return allocate(shape, jsKernels, { f64: (n) => new Float64Array(n), i32: (n) => new Int32Array(n) });
}

/** "auto": wasm when available, else JavaScript; "wasm" throws if unavailable (tests, benchmarks). Internal. */
export function createAlsWorkspace(shape: AlsShape, backend: KernelBackend): AlsWorkspace {
  if (backend !== "js") {
    const ws = wasmWorkspace(shape);
    if (ws) return ws;
    if (backend === "wasm") {
      throw new ClienteleError({
        code: "WASM_UNAVAILABLE",
        message: "fitAls: WebAssembly SIMD kernels are unavailable in this runtime (internal backend option).",
      });
    }
  }
  return jsWorkspace(shape);
}
