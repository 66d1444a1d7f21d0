import { describe, expect, it } from "vitest";
import { formatPath } from "../../src/core/errors.js";
import { toFlatMatrix } from "../../src/core/matrix.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("core validation", () => {
  it("reads points as rows or flat data and rejects ragged or empty input", () => {
    expect(
      toFlatMatrix(
        [
          [1, 2],
          [3, 4],
        ],
        "f",
      ),
    ).toEqual({ data: Float64Array.from([1, 2, 3, 4]), n: 2, d: 2 });
    expect(toFlatMatrix({ data: [1, 2, 3, 4, 5, 6], n: 3, d: 2 }, "f").n).toBe(3);
    expectClienteleError(() => toFlatMatrix([[1, 2], [3]], "f"), "SHAPE_MISMATCH");
    expectClienteleError(() => toFlatMatrix([], "f"), "EMPTY_INPUT");
    expectClienteleError(() => toFlatMatrix({ data: [1, 2, 3], n: 2, d: 2 }, "f"), "SHAPE_MISMATCH");
    expect(expectClienteleError(() => toFlatMatrix([[1, Infinity]], "f"), "NON_FINITE").path).toEqual(["points", 0, 1]);
    expect(formatPath(["customers", 17, "recency"])).toBe("customers[17].recency");
  });
});
