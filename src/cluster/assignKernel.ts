// Internal: the WebAssembly SIMD kernel for K-Means's exhaustive assignment passes
// (src/cluster/wasm/assign.wat).
//
// The kernel computes each point-center distance as the JavaScript kernels do (squared
// differences summed sequentially over the coordinates), two centers per f64x2 step, and
// keeps the nearest with ties to the lower index, so its labels, bounds and cluster sums are
// bit-identical to the JavaScript passes. Points go through a small memory in chunks (copied
// in, labels and bounds copied out), so the kernel needs no copy of the whole data set and
// one instance of about 0.6 MB serves every fit. When WebAssembly SIMD is unavailable
// `createAssignKernel` returns null and fitKMeans uses JavaScript only.
import { ClienteleError } from "../core/errors.js";
import { instantiateWasm, type KernelBackend, type WasmInstance, WasmLayout, wasmModule } from "../core/wasm.js";
import { WASM_BASE64 } from "./wasm/assign.generated.js";

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

/** Number of exhaustive passes run by the WebAssembly kernel since load (tests). Internal. */
export const kernelStats = { passes: 0 };

/** An assignment kernel for one data set. Internal. */
export interface AssignKernel {
  /**
   * One exhaustive pass over every point against centers `c` (k x d): writes `labels` and the
   * bounds `upper` / `lower` (relative to `drift` / `others`, as the JavaScript passes do;
   * null: not wanted).
   * `first`: adds every point to `sums` / `counts` (the caller zeroes them); otherwise moves
   * the points whose label changed. Returns the number of changed labels.
   */
  run(
    c: Float64Array,
    labels: Int32Array,
    upper: Float64Array | null,
    lower: Float64Array | null,
    drift: Float64Array,
    others: Float64Array,
    sums: Float64Array,
    counts: Int32Array,
    first: boolean,
    slack: number,
  ): number;
  /** Ends this kernel's use of the shared instance. */
  release(): void;
}

/** Bytes of point data per chunk (about 0.5 MB with the labels and bounds: stays in cache). */
const CHUNK_BYTES = 384 << 10;

/**
 * A kernel for `data` (n x d) with k centers, or null when `backend` is "js" or
 * WebAssembly SIMD is unavailable (with backend "wasm" that throws). The backend is an
 * internal option of each call ("auto" for every public function; tests and benchmarks pass
 * "js" or "wasm"), never a module-wide setting. Internal.
 */
export function createAssignKernel(data: Float64Array, n: number, d: number, k: number, backend: KernelBackend = "auto"): AssignKernel | null {
  if (backend === "js") return null;
  const kernel = build(data, n, d, k);
  if (kernel === null && backend === "wasm") {
    throw new ClienteleError({
      code: "WASM_UNAVAILABLE",
      message: "fitKMeans: WebAssembly SIMD kernels are unavailable in this runtime (internal backend option).",
    });
  }
  return kernel;
}

// One instance is kept between fits; a second one is made only when a fit runs inside
// another's onProgress callback.
let spare: WasmInstance<AssignExports> | null = null;
let busy = false;

function instance(mod: WebAssembly.Module, bytes: number): WasmInstance<AssignExports> | null {
  if (busy) return instantiateWasm<AssignExports>(mod, bytes);
  if (spare === null || spare.memory.buffer.byteLength < bytes) {
    const inst = instantiateWasm<AssignExports>(mod, Math.max(bytes, 1 << 20));
    if (inst === null) return null;
    spare = inst;
  }
  busy = true;
  return spare;
}

function build(src: Float64Array, n: number, d: number, k: number): AssignKernel | null {
  const mod = wasmModule("cluster/assign", WASM_BASE64);
  if (mod === null) return null;
  const kp = (k + 1) >> 1;
  const chunk = Math.max(1, Math.min(n, Math.floor(CHUNK_BYTES / (8 * d))));
  const layout = new WasmLayout();
  const pData = layout.take(chunk * d, 8);
  const pUpper = layout.take(chunk, 8);
  const pLower = layout.take(chunk, 8);
  const pLabels = layout.take(chunk, 4);
  const pCt = layout.take(kp * d * 2, 8);
  const pDrift = layout.take(2 * kp, 8);
  const pOthers = layout.take(2 * kp, 8);
  const pSums = layout.take(k * d, 8);
  const pCounts = layout.take(k, 4);
  const pXs = layout.take(d * 2, 8);
  const inst = instance(mod, layout.size);
  if (inst === null) return null;
  const buf = inst.memory.buffer;
  const mData = new Float64Array(buf, pData, chunk * d);
  const mUpper = new Float64Array(buf, pUpper, chunk);
  const mLower = new Float64Array(buf, pLower, chunk);
  const mLabels = new Int32Array(buf, pLabels, chunk);
  const ct = new Float64Array(buf, pCt, kp * d * 2);
  const mDrift = new Float64Array(buf, pDrift, 2 * kp);
  const mOthers = new Float64Array(buf, pOthers, 2 * kp);
  const mSums = new Float64Array(buf, pSums, k * d);
  const mCounts = new Int32Array(buf, pCounts, k);
  const { assign } = inst.exports;
  let released = false;
  return {
    release() {
      if (!released && inst === spare) busy = false;
      released = true;
    },
    run(c, labels, upper, lower, drift, others, sums, counts, first, slack) {
      for (let p = 0; p < kp; p++) {
        for (let lane = 0; lane < 2; lane++) {
          const j = 2 * p + lane;
          for (let t = 0; t < d; t++) ct[(p * d + t) * 2 + lane] = j < k ? c[j * d + t] : Infinity;
        }
      }
      mDrift.fill(0);
      mOthers.fill(0);
      mDrift.set(drift);
      mOthers.set(others);
      mSums.set(sums);
      mCounts.set(counts);
      kernelStats.passes++;
      let changed = 0;
      for (let i0 = 0; i0 < n; i0 += chunk) {
        const m = Math.min(chunk, n - i0);
        mData.set(src.subarray(i0 * d, (i0 + m) * d));
        mLabels.set(labels.subarray(i0, i0 + m));
        changed += assign(pData, m, d, pCt, kp, pLabels, pUpper, pLower, pDrift, pOthers, pSums, pCounts, pXs, first ? 1 : 0, slack);
        labels.set(m === chunk ? mLabels : mLabels.subarray(0, m), i0);
        if (upper !== null) upper.set(m === chunk ? mUpper : mUpper.subarray(0, m), i0);
        if (lower !== null) lower.set(m === chunk ? mLower : mLower.subarray(0, m), i0);
      }
      sums.set(mSums);
      counts.set(mCounts);
      return changed;
    },
  };
}

/**
 * Nearest center of every point (ties to the lower index), as `assignNearest` computes it
 * (same distances, same tie rule), in the kernel; false when the kernel is unavailable (then
 * the caller uses JavaScript). Internal.
 */
export function nearestWithKernel(
  data: Float64Array,
  n: number,
  d: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  backend: KernelBackend = "auto",
): boolean {
  const kern = createAssignKernel(data, n, d, k, backend);
  if (kern === null) return false;
  try {
    const zeros = new Float64Array(k);
    kern.run(c, labels.fill(-1), null, null, zeros, zeros, new Float64Array(k * d), new Int32Array(k), true, 1);
  } finally {
    kern.release();
  }
  return true;
}
