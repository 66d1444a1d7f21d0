// The large buffers of one fitGradientBoosting fit, placed in one WebAssembly memory so the
// histogram and partition kernels (wasm/hist.wat) can read them: bin codes, gradients, hessians,
// row indices (and their scratch), the node's gathered gradients, and the histogram slots. The JavaScript code uses them through
// ordinary typed-array views. Null when WebAssembly is unavailable or the fit is too large for
// one 32-bit memory: the fit then allocates plain arrays and builds histograms in JavaScript,
// with the same additions in the same order (same model).
import { instantiateWasm, WasmLayout, wasmModule } from "../../core/wasm.js";
import { WASM_BASE64 } from "./wasm/hist.generated.js";

/** Exports of wasm/hist.wat. Internal. */
export interface HistKernel {
  pack(g: number, h: number, idx: number, m: number, gh: number): void;
  gather(col: number, idx: number, m: number, gh: number, hist: number): void;
  direct(col: number, m: number, g: number, h: number, hist: number): void;
  split(col: number, idx: number, m: number, tmp: number, lut: number): number;
  gather2(col1: number, col2: number, idx: number, m: number, gh: number, hist1: number, hist2: number): void;
  direct2(col1: number, col2: number, m: number, g: number, h: number, hist1: number, hist2: number): void;
}

/** Buffers of a fit in wasm memory, with the kernel. Internal. */
export interface Arena {
  kernel: HistKernel;
  /** The memory's buffer: a histogram is usable by the kernel when it is a view on it. */
  buffer: ArrayBuffer;
  bins: Uint8Array;
  g: Float64Array;
  h: Float64Array;
  idx: Uint32Array;
  tmp: Uint32Array;
  lut: Uint8Array;
  gh: Float64Array;
  hists: Float64Array[];
}

/** Most histogram slots reserved up front (more live histograms fall back to JavaScript ones). */
const MAX_SLOTS = 66;

/** An arena for n rows x d features with `slots` histograms of `histLen` doubles, or null. Internal. */
export function fitArena(n: number, d: number, slots: number, histLen: number): Arena | null {
  const mod = wasmModule("predict:hist", WASM_BASE64);
  if (!mod) return null;
  const L = new WasmLayout();
  const s = Math.min(slots, MAX_SLOTS);
  const at = {
    bins: L.take(n * d, 1),
    g: L.take(n, 8),
    h: L.take(n, 8),
    idx: L.take(n, 4),
    tmp: L.take(n, 4),
    lut: L.take(256, 1),
    gh: L.take(2 * n, 8),
    hists: Array.from({ length: s }, () => L.take(histLen, 8)),
  };
  const inst = instantiateWasm<HistKernel>(mod, L.size);
  if (!inst) return null;
  const buffer = inst.memory.buffer as ArrayBuffer;
  return {
    kernel: inst.exports,
    buffer,
    bins: new Uint8Array(buffer, at.bins, n * d),
    g: new Float64Array(buffer, at.g, n),
    h: new Float64Array(buffer, at.h, n),
    idx: new Uint32Array(buffer, at.idx, n),
    tmp: new Uint32Array(buffer, at.tmp, n),
    lut: new Uint8Array(buffer, at.lut, 256),
    gh: new Float64Array(buffer, at.gh, 2 * n),
    hists: at.hists.map((p) => new Float64Array(buffer, p, histLen)),
  };
}
