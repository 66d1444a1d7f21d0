import { describe, expect, it } from "vitest";
import { ClienteleError, formatPath } from "../../src/core/errors.js";
import { toFlatMatrix } from "../../src/core/matrix.js";

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
  it("reads points as rows or flat data and rejects ragged or empty input", () => {
    expect(toFlatMatrix([[1, 2], [3, 4]], "f")).toEqual({ data: Float64Array.from([1, 2, 3, 4]), n: 2, d: 2 });
    expect(toFlatMatrix({ data: [1, 2, 3, 4, 5, 6], n: 3, d: 2 }, "f").n).toBe(3);
    expect(caught(() => toFlatMatrix([[1, 2], [3]], "f")).code).toBe("SHAPE_MISMATCH");
    expect(caught(() => toFlatMatrix([], "f")).code).toBe("EMPTY_INPUT");
    expect(caught(() => toFlatMatrix({ data: [1, 2, 3], n: 2, d: 2 }, "f")).code).toBe("SHAPE_MISMATCH");
    expect(caught(() => toFlatMatrix([[1, Infinity]], "f")).path).toEqual(["points", 0, 1]);
    expect(formatPath(["customers", 17, "recency"])).toBe("customers[17].recency");
  });
});
