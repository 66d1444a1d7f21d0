// Internal: the WebAssembly SIMD kernel of fitLogisticRegression's fused gradient pass
// (src/predict/linear/wasm/grad.wat). The centered design (x_ij − center_j, column-major, the
// same values the JavaScript pass computes as it reads) is copied once per fit into one wasm
// memory with the block buffers η, residuals, β and the gradient; per block of rows the kernel
// forms η = b + Xβ and accumulates Xᵀr, two rows per f64x2 step, while the residuals (exp and
// log1p) stay in JavaScript. The JavaScript pass (solver.ts) does the same operations in the
// same order (two-lane partial sums of the gradient), so both backends give bit-identical fits.
// Null when WebAssembly SIMD is unavailable or the copy would not fit in one 32-bit memory.
import { ClienteleError } from "../../core/errors.js";
import { instantiateWasm, type KernelBackend, WasmLayout, wasmModule } from "../../core/wasm.js";
import { WASM_BASE64 } from "./wasm/grad.generated.js";

interface GradExports {
  eta(x: number, n8: number, d: number, c: number, e: number, m: number): void;
  grad(x: number, n8: number, d: number, r: number, g: number, m: number): void;
}

/** Number of fits that used the WebAssembly kernel since load (tests). Internal. */
export const gradKernelStats = { fits: 0 };

/** A gradient kernel holding one fit's centered design. Internal. */
export interface GradKernel {
  /** η of the current block (the caller fills it with b, the kernel adds Xβ). */
  eta: Float64Array;
  /** Residuals of the current block (written by the caller). */
  res: Float64Array;
  /** β_1..β_d read by `runEta` (written by the caller). */
  beta: Float64Array;
  /** Σ over blocks of Xᵀr (zeroed by the caller before a pass). */
  grad: Float64Array;
  /** η[t] += Σ_j β_j x'_j[i0 + t] for the m rows of the block at i0. */
  runEta(i0: number, m: number): void;
  /** grad[j] += Σ_t res[t] x'_j[i0 + t] (two-lane partial sums). */
  runGrad(i0: number, m: number): void;
}

/**
 * A kernel for the d columns `cols` (n rows each) read as cols[j][i] − center[j], or null when
 * `backend` is "js", WebAssembly SIMD is unavailable or the memory cannot be had (with backend
 * "wasm" that throws). Internal.
 */
export function createGradKernel(cols: Float64Array[], center: Float64Array, n: number, block: number, backend: KernelBackend, fn: string): GradKernel | null {
  if (backend === "js") return null;
  const kernel = build(cols, center, n, block);
  if (kernel === null && backend === "wasm") {
    throw new ClienteleError({
      code: "WASM_UNAVAILABLE",
      message: `${fn}: WebAssembly SIMD kernels are unavailable in this runtime (internal backend option).`,
    });
  }
  return kernel;
}

function build(cols: Float64Array[], center: Float64Array, n: number, block: number): GradKernel | null {
  const mod = wasmModule("predict/linear-grad", WASM_BASE64);
  if (mod === null) return null;
  const d = cols.length;
  const layout = new WasmLayout();
  const pX = layout.take(n * d, 8);
  // one spare slot past the block: the kernel reads res[m] (unused) when m is even
  const pEta = layout.take(block + 2, 8);
  const pRes = layout.take(block + 2, 8);
  const pBeta = layout.take(d, 8);
  const pGrad = layout.take(d, 8);
  const inst = instantiateWasm<GradExports>(mod, layout.size);
  if (inst === null) return null;
  const buf = inst.memory.buffer;
  const x = new Float64Array(buf, pX, n * d);
  for (let j = 0; j < d; j++) {
    const col = cols[j]!;
    const c = center[j]!;
    const o = j * n;
    for (let i = 0; i < n; i++) x[o + i] = col[i]! - c;
  }
  const { eta, grad } = inst.exports;
  gradKernelStats.fits++;
  const n8 = 8 * n;
  return {
    eta: new Float64Array(buf, pEta, block + 2),
    res: new Float64Array(buf, pRes, block + 2),
    beta: new Float64Array(buf, pBeta, d),
    grad: new Float64Array(buf, pGrad, d),
    runEta: (i0, m) => eta(pX + 8 * i0, n8, d, pBeta, pEta, m),
    runGrad: (i0, m) => grad(pX + 8 * i0, n8, d, pRes, pGrad, m),
  };
}
