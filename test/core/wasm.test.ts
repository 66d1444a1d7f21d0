import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64, instantiateWasm, WasmLayout, wasmModule } from "../../src/core/wasm.js";

const ROOT = join(__dirname, "..", "..");

describe("wasm kernels", () => {
  it("every checked-in kernel matches its .wat source (else: npm run build:wasm)", () => {
    // throws (non-zero exit) when a generated .ts is stale or a module is over 4 KB
    const out = execFileSync(process.execPath, [join(ROOT, "scripts", "build-wasm.mjs"), "--check"], { encoding: "utf8" });
    expect(out).toMatch(/wasm kernels checked, 0 stale/);
  });

  it("decodeBase64 agrees with Buffer on any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const b64 = Buffer.from(bytes).toString("base64");
        expect(Array.from(decodeBase64(b64))).toEqual(Array.from(bytes));
      }),
    );
  });

  it("wasmModule returns null (the JavaScript path) for bytes that are not a module", () => {
    expect(wasmModule("test:not-a-module", Buffer.from("not wasm").toString("base64"))).toBeNull();
  });

  it("instantiateWasm refuses memories over 4 GiB instead of throwing", () => {
    const b64 = readFileSync(join(ROOT, "test", "fixtures", "wasm", "pilot.wasm.b64"), "utf8").trim();
    const mod = wasmModule("test:pilot", b64);
    expect(mod).not.toBeNull();
    expect(instantiateWasm(mod as WebAssembly.Module, 2 ** 33)).toBeNull();
  });

  it("WasmLayout hands out 16-byte-aligned offsets, exact above 2 GiB", () => {
    const layout = new WasmLayout();
    expect(layout.take(3, 8)).toBe(0);
    expect(layout.take(1, 4)).toBe(32); // 24 rounded up to 32
    layout.take(2 ** 28, 8); // 2 GiB of doubles
    const at = layout.take(1, 8);
    expect(at).toBe(48 + 2 ** 31);
    expect(at % 16).toBe(0);
  });

  it("a SIMD kernel runs and computes a dot product in its documented order (pilot module)", () => {
    const b64 = readFileSync(join(ROOT, "test", "fixtures", "wasm", "pilot.wasm.b64"), "utf8").trim();
    const mod = wasmModule("test:pilot", b64) as WebAssembly.Module;
    const layout = new WasmLayout();
    const n = 6;
    const pa = layout.take(n, 8);
    const pb = layout.take(n, 8);
    const inst = instantiateWasm<{ dot(a: number, b: number, n: number): number }>(mod, layout.size);
    expect(inst).not.toBeNull();
    const { exports, memory } = inst as NonNullable<typeof inst>;
    const a = new Float64Array(memory.buffer, pa, n);
    const b = new Float64Array(memory.buffer, pb, n);
    a.set([1, 2, 3, 4, 5, 6]);
    b.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    // even lane (1·0.1 + 3·0.3) + 5·0.5, odd lane (2·0.2 + 4·0.4) + 6·0.6, then even + odd
    const even = 1 * 0.1 + 3 * 0.3 + 5 * 0.5;
    const odd = 2 * 0.2 + 4 * 0.4 + 6 * 0.6;
    expect(exports.dot(pa, pb, n)).toBe(even + odd);
  });
});
