// Internal: the WebAssembly SIMD kernel for K-Means's exhaustive assignment passes
// (src/cluster/wasm/assign.wat), with the data, labels and bounds living in the kernel's
// memory so the JavaScript parts of Lloyd's loop work on views of the same arrays.
//
// The kernel computes each point-center distance as the JavaScript kernels do (squared
// differences summed sequentially over the coordinates), two centers per f64x2 step, and
// keeps the nearest with ties to the lower index, so its labels, bounds and cluster sums are
// bit-identical to the JavaScript passes. When WebAssembly SIMD is unavailable (or the
// memory cannot be had) `createAssignKernel` returns null and fitKMeans uses JavaScript only.
import { instantiateWasm, type KernelBackend, type WasmInstance, WasmLayout, wasmModule } from "../core/wasm.js";
import { WASM_BASE64 } from "./wasm/assign.js";

interface AssignExports {
  assign(
    data: number,
    n: number,
    d: number,
    ct: number,
    kp: number,
    labels: number,
    upper: number,
    lower: number,
    drift: number,
    others: number,
    sums: number,
    counts: number,
    xs: number,
    first: number,
    slack: number,
  ): number;
}

let backend: KernelBackend = "auto";

/** Forces the K-Means assignment backend (tests and benchmarks). Internal. */
export function setKMeansBackend(b: KernelBackend): void {
  backend = b;
}

/** The current K-Means assignment backend setting. Internal. */
export function getKMeansBackend(): KernelBackend {
  return backend;
}

/** An instantiated assignment kernel holding one data set. Internal. */
export interface AssignKernel {
  /** The data (a copy of the input) inside the kernel's memory. */
  data: Float64Array;
  /** Labels, upper and lower bounds inside the kernel's memory. */
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  /**
   * One exhaustive pass over every point against centers `c` (k x d). `first`: add every
   * point to `sums` / `counts` (the caller zeroes them); otherwise move the points whose
   * label changed. Bounds are stored relative to `drift` / `others`. Returns changed labels.
   */
  /** Ends this kernel's use of the shared instance (call once the fit is done with its arrays). */
  release(): void;
  run(c: Float64Array, drift: Float64Array, others: Float64Array, sums: Float64Array, counts: Int32Array, first: boolean, slack: number): number;
}

/**
 * A kernel holding a copy of `data` (n x d), or null when the backend is "js", WebAssembly
 * SIMD is unavailable or the memory cannot be allocated (with backend "wasm" that throws).
 * Internal.
 */
export function createAssignKernel(data: Float64Array, n: number, d: number, k: number): AssignKernel | null {
  if (backend === "js") return null;
  const kernel = build(data, n, d, k);
  if (kernel === null && backend === "wasm") throw new Error("fitKMeans: the WebAssembly backend was forced but is unavailable");
  return kernel;
}

// One small instance is kept between fits (memory up to KEEP_BYTES, i.e. about 2.5e5 points
// of 6 features), so that fitting small data does not pay for a fresh WebAssembly memory
// (about 0.5 ms at 1e4 points); larger fits get their own memory, freed with them.
const KEEP_BYTES = 16 << 20;
let spare: WasmInstance<AssignExports> | null = null;
let busy = false;

function instance(mod: WebAssembly.Module, bytes: number): WasmInstance<AssignExports> | null {
  if (bytes > KEEP_BYTES || busy) return instantiateWasm<AssignExports>(mod, bytes); // busy: a fit inside onProgress
  if (spare === null || spare.memory.buffer.byteLength < bytes) {
    spare = instantiateWasm<AssignExports>(mod, Math.max(bytes, 1 << 20));
    if (spare === null) return null;
  }
  busy = true;
  return spare;
}

function build(src: Float64Array, n: number, d: number, k: number): AssignKernel | null {
  const mod = wasmModule("cluster/assign", WASM_BASE64);
  if (mod === null) return null;
  const kp = (k + 1) >> 1;
  const layout = new WasmLayout();
  const pData = layout.take(n * d, 8);
  const pUpper = layout.take(n, 8);
  const pLower = layout.take(n, 8);
  const pLabels = layout.take(n, 4);
  const pCt = layout.take(kp * d * 2, 8);
  const pDrift = layout.take(2 * kp, 8);
  const pOthers = layout.take(2 * kp, 8);
  const pSums = layout.take(k * d, 8);
  const pCounts = layout.take(k, 4);
  const pXs = layout.take(d * 2, 8);
  const inst = instance(mod, layout.size);
  if (inst === null) return null;
  const buf = inst.memory.buffer;
  const data = new Float64Array(buf, pData, n * d);
  data.set(src);
  const ct = new Float64Array(buf, pCt, kp * d * 2);
  const drift = new Float64Array(buf, pDrift, 2 * kp);
  const others = new Float64Array(buf, pOthers, 2 * kp);
  const sums = new Float64Array(buf, pSums, k * d);
  const counts = new Int32Array(buf, pCounts, k);
  const { assign } = inst.exports;
  return {
    data,
    labels: new Int32Array(buf, pLabels, n),
    upper: new Float64Array(buf, pUpper, n),
    lower: new Float64Array(buf, pLower, n),
    release() {
      if (spare === null || spare.memory !== inst.memory) return;
      busy = false;
    },
    run(c, dr, ot, s, cnt, first, slack) {
      for (let p = 0; p < kp; p++) {
        for (let lane = 0; lane < 2; lane++) {
          const j = 2 * p + lane;
          for (let t = 0; t < d; t++) ct[(p * d + t) * 2 + lane] = j < k ? c[j * d + t] : Infinity;
        }
      }
      drift.set(dr);
      others.set(ot);
      sums.set(s);
      counts.set(cnt);
      const changed = assign(pData, n, d, pCt, kp, pLabels, pUpper, pLower, pDrift, pOthers, pSums, pCounts, pXs, first ? 1 : 0, slack);
      s.set(sums);
      cnt.set(counts);
      return changed;
    },
  };
}
