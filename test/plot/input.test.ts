// Input checks and seeded sampling shared by the charts (src/plot/input.ts).
import { describe, expect, it } from "vitest";
import { ClienteleError } from "../../src/core/errors.js";
import {
  asChart,
  evenIndices,
  readLabel,
  readLabels,
  readList,
  readNullableNumber,
  readNumber,
  readNumbers,
  readObject,
  sameLength,
  sampleIndices,
} from "../../src/plot/input.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("readers", () => {
  it("readObject / readList: plain objects and lists, with the path in the message", () => {
    expect(readObject({ a: 1 }, "plotRoc", ["curve"], "a ROC curve")).toEqual({ a: 1 });
    expect(expectClienteleError(() => readObject([1], "plotRoc", ["curve"], "a ROC curve"), "INVALID_INPUT").message).toMatch(
      /^plotRoc: curve must be a ROC curve\. Got /,
    );
    expect(readList(Float64Array.of(1, 2), "f", ["x"], "numbers")).toHaveLength(2);
    expectClienteleError(() => readList("ab", "f", ["x"], "numbers"), "INVALID_INPUT");
    expect(expectClienteleError(() => readList([], "f", ["rows", 2, "x"], "numbers"), "EMPTY_INPUT").message).toBe(
      "f: rows[2].x is empty; pass at least one number.",
    );
    expect(readList([], "f", ["x"], "numbers", { nonEmpty: false })).toHaveLength(0);
    expect(expectClienteleError(() => readList([1, 2, 3], "f", ["x"], "numbers", { max: 2 }), "TOO_LARGE").message).toMatch(/has 3 entries, more than the 2/);
  });
  it("readNumber / readNullableNumber / readNumbers: finite, in range, one per entry", () => {
    expect(readNumber(2.5, "f", ["x"], { min: 0, max: 3 })).toBe(2.5);
    expectClienteleError(() => readNumber("2", "f", ["x"]), "INVALID_INPUT");
    expectClienteleError(() => readNumber(Number.NaN, "f", ["x"]), "NON_FINITE");
    expectClienteleError(() => readNumber(4, "f", ["x"], { max: 3 }), "OUT_OF_RANGE");
    expect(readNullableNumber(null, "f", ["x"])).toBeNull();
    expect(Array.from(readNumbers([1, 2], "f", ["x"], { length: 2 }))).toEqual([1, 2]);
    expect(expectClienteleError(() => readNumbers([1, Infinity], "f", ["x"]), "NON_FINITE").path).toEqual(["x", 1]);
    expectClienteleError(() => readNumbers([1, 2, 3], "f", ["x"], { length: 2 }), "LENGTH_MISMATCH");
    expectClienteleError(() => readNumbers([1, -1], "f", ["x"], { min: 0 }), "OUT_OF_RANGE");
  });
  it("readLabel(s): strings, or finite numbers as strings", () => {
    expect(readLabel("gold", "f", ["s"])).toBe("gold");
    expect(readLabel(7, "f", ["s"])).toBe("7");
    expectClienteleError(() => readLabel(Number.NaN, "f", ["s"]), "INVALID_INPUT");
    expect(readLabels(["a", 2], "f", ["s"], { length: 2 })).toEqual(["a", "2"]);
    expectClienteleError(() => readLabels(["a"], "f", ["s"], { length: 2 }), "LENGTH_MISMATCH");
    expectClienteleError(() => sameLength("f", [1, 2], [1], "x", "y"), "LENGTH_MISMATCH");
  });
});

describe("sampling", () => {
  it("sampleIndices: all indices when n <= cap; otherwise cap distinct sorted indices, the same for the same seed", () => {
    expect(Array.from(sampleIndices(4, 10, 1))).toEqual([0, 1, 2, 3]);
    const a = sampleIndices(1000, 50, 7);
    expect(a).toHaveLength(50);
    expect(new Set(a).size).toBe(50);
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1]);
    expect(a[49]).toBeLessThan(1000);
    expect(Array.from(sampleIndices(1000, 50, 7))).toEqual(Array.from(a));
    expect(Array.from(sampleIndices(1000, 50, 8))).not.toEqual(Array.from(a));
  });
  it("evenIndices keeps the first and last: n = 11, cap 5 gives 0, 2.5 -> 3, 5, 7.5 -> 8, 10", () => {
    expect(evenIndices(11, 5)).toEqual([0, 3, 5, 8, 10]);
    expect(evenIndices(3, 5)).toEqual([0, 1, 2]);
  });
});

describe("asChart", () => {
  it("renames another capability's error after the chart, keeping code and path", () => {
    const e = expectClienteleError(
      () =>
        asChart("plotDendrogram", () => {
          throw new ClienteleError({ code: "INVALID_MODEL", path: ["model"], message: "dendrogram: model is not a hierarchical clustering" });
        }),
      "INVALID_MODEL",
    );
    expect(e.message).toBe("plotDendrogram: model is not a hierarchical clustering");
    expect(e.path).toEqual(["model"]);
    expect(asChart("plotRoc", () => 5)).toBe(5);
    expect(() => asChart("plotRoc", () => JSON.parse("{"))).toThrow(SyntaxError);
  });
});
