// Core contracts added for issue 10: cross-build ClienteleError, the async driver, the id rule,
// JSON views of typed-array results, one month length.
import { describe, expect, it } from "vitest";
import { DAYS_PER_MONTH, LIFETIMES_WEEKS_PER_MONTH, daysPerUnit, unitsPer } from "../../src/core/time.js";

describe("time units", () => {
  it("one month: 365.25 / 12 days; lifetimes' 4.345 weeks is a separate, named constant", () => {
    expect(DAYS_PER_MONTH).toBe(30.4375);
    expect(daysPerUnit("week")).toBe(7);
    expect(unitsPer("month", "week")).toBeCloseTo(4.348214, 6);
    expect(LIFETIMES_WEEKS_PER_MONTH).toBe(4.345);
  });
});
