// Core contracts added for issue 10: cross-build ClienteleError, the async driver, the id rule,
// JSON views of typed-array results, one month length.
import { describe, expect, it } from "vitest";
import { jsonColumns } from "../../src/core/json.js";

describe("JSON view of columnar results", () => {
  it("typed arrays serialize as arrays, and enumerable fields are unchanged", () => {
    const r = jsonColumns({ id: ["a", "b"], x: new Float64Array([1, 2.5]), nested: { y: new Int32Array([3]) } });
    expect(JSON.parse(JSON.stringify(r))).toEqual({ id: ["a", "b"], x: [1, 2.5], nested: { y: [3] } });
    expect(Object.keys(r)).toEqual(["id", "x", "nested"]);
    expect(r.x).toBeInstanceOf(Float64Array);
    const bare = jsonColumns(new Float64Array([0.5, 1]));
    expect(JSON.stringify(bare)).toBe("[0.5,1]");
    expect(JSON.stringify({ p: bare })).toBe('{"p":[0.5,1]}');
    expect(bare[1]).toBe(1);
  });
});
