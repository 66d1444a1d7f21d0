// Core contracts added for issue 10: cross-build ClienteleError, the async driver, the id rule,
// JSON views of typed-array results, one month length.
import { describe, expect, it, vi } from "vitest";
import { ClienteleError, isClienteleError } from "../../src/core/errors.js";

describe("ClienteleError across copies of the library", () => {
  it("an error from a second copy of the module (as the CJS build is in a mixed app) is instanceof the first", async () => {
    vi.resetModules();
    const other = (await import("../../src/core/errors.js?copy=2" as string)) as typeof import("../../src/core/errors.js");
    expect(other.ClienteleError).not.toBe(ClienteleError);
    const e = new other.ClienteleError({ code: "EMPTY_INPUT", message: "x" });
    expect(e instanceof ClienteleError).toBe(true);
    expect(isClienteleError(e)).toBe(true);
    expect(new ClienteleError({ code: "EMPTY_INPUT", message: "x" }) instanceof other.ClienteleError).toBe(true);
    expect(new Error("x") instanceof ClienteleError).toBe(false);
    expect((null as unknown) instanceof ClienteleError).toBe(false);
    expect(e instanceof Error).toBe(true);
  });
});
