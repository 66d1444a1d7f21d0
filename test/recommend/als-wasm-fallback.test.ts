import { describe, expect, it, vi } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { fitAls, simulateInteractions } from "../../src/recommend/index.js";
import { fitAlsWith } from "../../src/recommend/als.js";

// A runtime that cannot compile WebAssembly (CSP, edge runtime, old engine): wasmModule gives null.
vi.mock("../../src/core/wasm.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/core/wasm.js")>();
  return { ...real, wasmModule: () => null };
});

describe("fitAls without WebAssembly", () => {
  const { interactions } = simulateInteractions({ nUsers: 30, nItems: 20, seed: 4 });
  const opts = { factors: 5, iterations: 3 };

  it('"auto" falls back to the JavaScript kernels and fits the same model', () => {
    const auto = fitAlsWith(interactions, { ...opts, rng: createRng(1) }, "auto");
    expect(auto.backend).toBe("js");
    expect(auto.model).toEqual(fitAlsWith(interactions, { ...opts, rng: createRng(1) }, "js").model);
    expect(fitAls(interactions, { ...opts, rng: createRng(1) })).toEqual(auto.model);
  });

  it('forcing "wasm" reports that it is unavailable', () => {
    expect(() => fitAlsWith(interactions, opts, "wasm")).toThrow(expect.objectContaining({ code: "WASM_UNAVAILABLE" }));
  });
});
