// The shared input checks and JSON-safe helpers of src/experiment/types.ts. Expected values by hand.
import { describe, expect, it } from "vitest";
import { bound, checkCounts, checkFiniteStat, safeRatio, toSummary } from "../../src/experiment/types.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("bound and safeRatio: no Infinity or NaN in results", () => {
  it("bound keeps finite ends and turns ±Infinity into null", () => {
    expect(bound(1.5)).toBe(1.5);
    expect(bound(0)).toBe(0);
    expect(bound(Infinity)).toBeNull();
    expect(bound(-Infinity)).toBeNull();
  });
  it("safeRatio divides, or says why it cannot", () => {
    expect(safeRatio(3, 4, "control rate")).toEqual({ value: 0.75, reason: null });
    expect(safeRatio(3, 0, "control rate")).toEqual({ value: null, reason: "control rate is 0" });
    expect(safeRatio(1, 1e-320, "control rate")).toEqual({ value: null, reason: "control rate is too close to 0 for a ratio" });
  });
});

describe("checkCounts", () => {
  it("accepts whole counts with 0 <= conversions <= visitors", () => {
    expect(() => checkCounts({ conversions: 0, visitors: 1 }, "f", "control")).not.toThrow();
    expect(() => checkCounts({ conversions: 5, visitors: 5 }, "f", "control")).not.toThrow();
  });
  it("names the group and field of each kind of bad count", () => {
    expect(expectClienteleError(() => checkCounts(null as never, "f", "control"), "INVALID_INPUT").path).toEqual(["control"]);
    expect(expectClienteleError(() => checkCounts({ conversions: Number.NaN, visitors: 1 }, "f", "control"), "NON_FINITE").path).toEqual([
      "control",
      "conversions",
    ]);
    expectClienteleError(() => checkCounts({ conversions: -1, visitors: 1 }, "f", "control"), "NEGATIVE_VALUE");
    expectClienteleError(() => checkCounts({ conversions: 1.5, visitors: 3 }, "f", "control"), "NOT_INTEGER");
    expectClienteleError(() => checkCounts({ conversions: 1, visitors: 2 ** 53 + 2 }, "f", "control"), "OUT_OF_RANGE");
    expect(expectClienteleError(() => checkCounts({ conversions: 0, visitors: 0 }, "f", "treatment"), "TOO_FEW_OBSERVATIONS").path).toEqual([
      "treatment",
      "visitors",
    ]);
    expect(expectClienteleError(() => checkCounts({ conversions: 4, visitors: 3 }, "f", "treatment"), "CONVERSIONS_EXCEED_VISITORS").message).toMatch(
      /^f: treatment has 4 conversions but only 3 visitors/,
    );
  });
});

describe("toSummary", () => {
  it("raw values: mean and n − 1 standard deviation (hand: [1, 2, 3, 4] -> 2.5, sqrt(5/3))", () => {
    const s = toSummary([1, 2, 3, 4], "f", "control");
    expect(s.n).toBe(4);
    expect(s.mean).toBe(2.5);
    expect(s.sd).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(toSummary(Float64Array.of(1, 2, 3, 4), "f", "control")).toEqual(s);
  });
  it("a summary is passed through after its checks", () => {
    expect(toSummary({ mean: 3, sd: 1.5, n: 40 }, "f", "control")).toEqual({ mean: 3, sd: 1.5, n: 40 });
    expectClienteleError(() => toSummary({ mean: 3, sd: -1, n: 40 }, "f", "control"), "NEGATIVE_VALUE");
    expectClienteleError(() => toSummary({ mean: 3, sd: 1, n: 1 }, "f", "control"), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(() => toSummary([7], "f", "control"), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(() => toSummary(5 as never, "f", "control"), "INVALID_INPUT");
    expectClienteleError(() => toSummary([1, Number.NaN], "f", "control"), "NON_FINITE");
  });
});

describe("checkFiniteStat", () => {
  it("passes finite statistics and turns an overflow into OUT_OF_RANGE", () => {
    expect(() => checkFiniteStat(1e300, "f", ["control"], "the variance")).not.toThrow();
    expect(expectClienteleError(() => checkFiniteStat(Infinity, "f", ["control"], "the variance"), "OUT_OF_RANGE").message).toMatch(
      /^f: the variance overflows/,
    );
  });
});
