import { describe, expect, it } from "vitest";
import * as sentiment from "../../src/sentiment/index.js";

describe("sentiment: results", () => {
  it("re-exports the error type and the generator", () => {
    for (const n of ["ClienteleError", "isClienteleError", "createRng", "isRng"]) expect(typeof (sentiment as Record<string, unknown>)[n]).toBe("function");
  });
});
