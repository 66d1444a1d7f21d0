// solveAssignment (src/personalize/assign.ts): optimal one-action-per-customer assignment under
// capacities (used by nextBestAction's exact mode). Every optimum below enumerated by hand.
import { describe, expect, it } from "vitest";
import { solveAssignment } from "../../src/personalize/assign.js";
import { expectClienteleError } from "../helpers/errors.js";

// value[i * m + a]: customers c0, c1, c2 (rows) x actions a0, a1 (columns)
const V = [5, 4, 3, 1, 4, 0];
const ids = ["c0", "c1", "c2"];

describe("solveAssignment", () => {
  it("capacity a0 = 1, a1 = 2, everyone placed: a0 to c2 (gain over a1: c0 1, c1 2, c2 4), total 4 + 1 + 4 = 9", () => {
    const r = solveAssignment({ n: 3, m: 2, value: Float64Array.from(V), capacity: [1, 2], allowNone: false }, "nextBestAction", ids);
    expect(Array.from(r.assign)).toEqual([1, 1, 0]);
    expect(r.total).toBe(9);
  });

  it("capacity 1 each and no action allowed: c2 -> a0 (4), c0 -> a1 (4), c1 none, total 8 (next best 7: c1 -> a0, c0 -> a1)", () => {
    const r = solveAssignment({ n: 3, m: 2, value: Float64Array.from(V), capacity: [1, 1], allowNone: true }, "nextBestAction", ids);
    expect(Array.from(r.assign)).toEqual([1, -1, 0]);
    expect(r.total).toBe(8);
  });

  it("a NaN pair is not allowed: c2 cannot take a0, so a0 goes to c1 (gain 2 > 1), total 4 + 3 + 0 = 7", () => {
    const v = Float64Array.from(V);
    v[2 * 2 + 0] = Number.NaN;
    const r = solveAssignment({ n: 3, m: 2, value: v, capacity: [1, 2], allowNone: false }, "nextBestAction", ids);
    expect(Array.from(r.assign)).toEqual([1, 0, 1]);
    expect(r.total).toBe(7);
  });

  it("Infinity capacity is no limit: everyone takes the best action", () => {
    const r = solveAssignment({ n: 3, m: 2, value: Float64Array.from(V), capacity: [Infinity, Infinity], allowNone: false }, "nextBestAction", ids);
    expect(Array.from(r.assign)).toEqual([0, 0, 0]);
    expect(r.total).toBe(12);
  });

  it("3 customers, 2 places and no 'none': INFEASIBLE_ASSIGNMENT naming the function", () => {
    const e = expectClienteleError(
      () => solveAssignment({ n: 3, m: 2, value: Float64Array.from(V), capacity: [1, 1], allowNone: false }, "nextBestAction", ids),
      "INFEASIBLE_ASSIGNMENT",
    );
    expect(e.message).toMatch(/^nextBestAction: /);
  });
});
