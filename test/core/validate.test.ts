import { describe, expect, it } from "vitest";
import * as z from "../../src/core/schema.js";
import { checkModelHeader, parseOptions, toFloat64Column } from "../../src/core/validate.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("core validation", () => {
  it("turns a zod issue into INVALID_OPTION naming the field and the received value", () => {
    const schema = z.object({ k: z.number().int().min(1) }).strict();
    const e = expectClienteleError(() => parseOptions(schema, { k: 0 }, "fitThing"), "INVALID_OPTION");
    expect(e.path).toEqual(["options", "k"]);
    expect(e.message).toMatch(/^fitThing: options\.k is invalid: .*Got 0\./);
    expect(parseOptions(schema, { k: 3 }, "fitThing")).toEqual({ k: 3 });
  });

  it("checks columns in one pass with stable codes and paths", () => {
    expectClienteleError(() => toFloat64Column([1, NaN], "f", "x"), "NON_FINITE");
    expectClienteleError(() => toFloat64Column([1, -1], "f", "x", { min: 0 }), "NEGATIVE_VALUE");
    expect(expectClienteleError(() => toFloat64Column([1, 1.5], "f", "x", { integer: true }), "NOT_INTEGER").path).toEqual(["x", 1]);
    expectClienteleError(() => toFloat64Column([1], "f", "x", {}, 2), "LENGTH_MISMATCH");
    expectClienteleError(() => toFloat64Column(undefined, "f", "x"), "MISSING_COLUMN");
    const input = Object.freeze([1, 2, 3]);
    const out = toFloat64Column(input, "f", "x");
    out[0] = 9;
    expect(input[0]).toBe(1);
  });

  it("checks saved-model headers", () => {
    expectClienteleError(() => checkModelHeader(null, "kmeans", 1, "f"), "INVALID_MODEL");
    expectClienteleError(() => checkModelHeader({ kind: "bgnbd", version: 1 }, "kmeans", 1, "f"), "WRONG_MODEL_KIND");
    expectClienteleError(() => checkModelHeader({ kind: "kmeans", version: 2 }, "kmeans", 1, "f"), "UNSUPPORTED_MODEL_VERSION");
    expect(() => checkModelHeader({ kind: "kmeans", version: 1 }, "kmeans", 1, "f")).not.toThrow();
  });
});
