import { describe, expect, it } from "vitest";
import * as z from "../../src/core/schema.js";
import { ClienteleError, } from "../../src/core/errors.js";
import { checkModelHeader, parseOptions, toFloat64Column } from "../../src/core/validate.js";

function caught(f: () => unknown): ClienteleError {
  try {
    f();
  } catch (e) {
    if (e instanceof ClienteleError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("core validation", () => {
  it("turns a zod issue into INVALID_OPTION naming the field and the received value", () => {
    const schema = z.object({ k: z.number().int().min(1) }).strict();
    const e = caught(() => parseOptions(schema, { k: 0 }, "fitThing"));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.path).toEqual(["options", "k"]);
    expect(e.message).toMatch(/^fitThing: options\.k is invalid: .*Got 0\./);
    expect(parseOptions(schema, { k: 3 }, "fitThing")).toEqual({ k: 3 });
  });

  it("checks columns in one pass with stable codes and paths", () => {
    expect(caught(() => toFloat64Column([1, NaN], "f", "x")).code).toBe("NON_FINITE");
    expect(caught(() => toFloat64Column([1, -1], "f", "x", { min: 0 })).code).toBe("NEGATIVE_VALUE");
    expect(caught(() => toFloat64Column([1, 1.5], "f", "x", { integer: true })).path).toEqual(["x", 1]);
    expect(caught(() => toFloat64Column([1], "f", "x", {}, 2)).code).toBe("LENGTH_MISMATCH");
    expect(caught(() => toFloat64Column(undefined, "f", "x")).code).toBe("MISSING_COLUMN");
    const input = Object.freeze([1, 2, 3]);
    const out = toFloat64Column(input, "f", "x");
    out[0] = 9;
    expect(input[0]).toBe(1);
  });

  it("checks saved-model headers", () => {
    expect(caught(() => checkModelHeader(null, "kmeans", 1, "f")).code).toBe("INVALID_MODEL");
    expect(caught(() => checkModelHeader({ kind: "bgnbd", version: 1 }, "kmeans", 1, "f")).code).toBe("WRONG_MODEL_KIND");
    expect(caught(() => checkModelHeader({ kind: "kmeans", version: 2 }, "kmeans", 1, "f")).code).toBe("UNSUPPORTED_MODEL_VERSION");
    expect(() => checkModelHeader({ kind: "kmeans", version: 1 }, "kmeans", 1, "f")).not.toThrow();
  });
});
