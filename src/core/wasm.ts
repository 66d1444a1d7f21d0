// Internal: loading the small WebAssembly SIMD kernels that some hot loops use.
//
// Kernels are written by hand in WebAssembly text (src/<capability>/wasm/<name>.wat), compiled
// by `npm run build:wasm` (wabt) into base64 strings checked in beside them
// (src/<capability>/wasm/<name>.generated.ts), and compiled here synchronously on first use. Every caller
// keeps a plain JavaScript path with the same arithmetic in the same order, used when
// WebAssembly (or its SIMD proposal) is unavailable: edge runtimes that forbid compiling code
// at run time, strict Content-Security-Policy pages, or old engines. Modules stay under 4 KB,
// the limit browsers put on synchronous compilation on the main thread. No I/O: the bytes are
// in the bundle.

/** Which implementation a kernel may use: "auto" tries WebAssembly first. Internal. */
export type KernelBackend = "auto" | "wasm" | "js";

const cache = new Map<string, WebAssembly.Module | null>();

/** Decodes standard base64 (no line breaks) without relying on atob or Buffer. Internal. */
export function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const table = new Int16Array(128).fill(-1);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < 64; i++) table[alphabet.charCodeAt(i)] = i;
  let len = s.length;
  while (len > 0 && s.charCodeAt(len - 1) === 61) len--; // '='
  const out = new Uint8Array((len * 3) >> 2);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < len; i++) {
    const v = table[s.charCodeAt(i) & 127];
    if (v < 0) throw new Error(`invalid base64 character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}

/**
 * The compiled module for `base64` (cached under `key`), or null when this runtime cannot
 * compile it (no WebAssembly, no SIMD, or code generation disallowed) or is big-endian. Internal.
 */
export function wasmModule(key: string, base64: string): WebAssembly.Module | null {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let mod: WebAssembly.Module | null = null;
  try {
    // callers read and write wasm memory through typed-array views, which use the host's byte
    // order while wasm memory is little-endian: a big-endian host takes the JavaScript path
    const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    if (littleEndian && typeof WebAssembly === "object" && typeof WebAssembly.Module === "function") {
      const bytes = decodeBase64(base64);
      if (WebAssembly.validate(bytes)) mod = new WebAssembly.Module(bytes);
    }
  } catch {
    mod = null; // e.g. "Wasm code generation disallowed by embedder"
  }
  cache.set(key, mod);
  return mod;
}

/** A kernel instance with its own linear memory (freed with the instance). Internal. */
export interface WasmInstance<E> {
  exports: E;
  memory: WebAssembly.Memory;
}

/** 64 KiB WebAssembly pages needed for `bytes`. */
function pagesFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 65536));
}

/** Largest linear memory requested (4 GiB, the wasm32 limit). */
const MAX_BYTES = 65536 * 65536;

/**
 * Instantiates `mod` with a fresh memory of at least `bytes` bytes, imported as `env.memory`.
 * Null when the memory cannot be had (over 4 GiB, or the allocation fails): callers then use
 * their JavaScript path. Internal.
 */
export function instantiateWasm<E>(mod: WebAssembly.Module, bytes: number): WasmInstance<E> | null {
  if (!(bytes <= MAX_BYTES)) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: pagesFor(bytes), maximum: pagesFor(bytes) });
    const instance = new WebAssembly.Instance(mod, { env: { memory } });
    return { exports: instance.exports as unknown as E, memory };
  } catch {
    return null;
  }
}

/**
 * Instantiates `mod` against `imports` (for kernels that share another instance's memory or
 * call its exports). Null when instantiation fails: callers then use their JavaScript path.
 * Internal.
 */
export function instantiateWithImports<E>(mod: WebAssembly.Module, imports: WebAssembly.Imports): E | null {
  try {
    return new WebAssembly.Instance(mod, imports).exports as unknown as E;
  } catch {
    return null;
  }
}

/**
 * Bump allocator over a byte budget: hands out 16-byte-aligned offsets for the arrays a kernel
 * needs, so the total can be computed before the memory is created. Internal.
 */
export class WasmLayout {
  /** Bytes used so far (the size to pass to instantiateWasm). */
  size = 0;
  /** Reserves `count` elements of `bytesPer` bytes; returns the byte offset. */
  take(count: number, bytesPer: number): number {
    const at = Math.ceil(this.size / 16) * 16; // not (size + 15) & ~15: that wraps above 2 GiB
    this.size = at + count * bytesPer;
    return at;
  }
}
