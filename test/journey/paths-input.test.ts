// encodePaths (src/journey/paths-input.ts): paths as rows or columns -> channel indices and
// Float64 columns. Expected values written out by hand from the input.
import { describe, expect, it } from "vitest";
import { encodePaths } from "../../src/journey/paths-input.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("encodePaths", () => {
  it("rows: channels in order of first appearance, trimmed; offsets/touches per path; defaults value 0 and nulls 0", () => {
    const p = encodePaths(
      [
        { path: " seo > email ", conversions: 1, value: 20, nulls: 1 },
        { path: "email", conversions: 0, nulls: 2 },
        { path: ["ads", "seo"], conversions: 2 },
      ],
      "markovAttribution",
      ">",
    );
    expect(p.n).toBe(3);
    expect(p.channels).toEqual(["seo", "email", "ads"]);
    expect(Array.from(p.offsets)).toEqual([0, 2, 3, 5]);
    expect(Array.from(p.touches)).toEqual([0, 1, 1, 2, 0]);
    expect(Array.from(p.conv)).toEqual([1, 0, 2]);
    expect(Array.from(p.value)).toEqual([20, 0, 0]);
    expect(Array.from(p.nulls)).toEqual([1, 2, 0]);
    expect(p.hasValue).toBe(true);
    expect(p.hasNulls).toBe(true);
  });

  it("columns give the same encoding as rows; a custom separator splits the strings", () => {
    const rows = encodePaths(
      [
        { path: "a|b", conversions: 3 },
        { path: "b", conversions: 1 },
      ],
      "f",
      "|",
    );
    const cols = encodePaths({ path: ["a|b", "b"], conversions: [3, 1] }, "f", "|");
    expect(cols).toEqual(rows);
    expect(rows.channels).toEqual(["a", "b"]);
    expect(Array.from(rows.touches)).toEqual([0, 1, 1]);
    expect(rows.hasValue).toBe(false);
    expect(rows.hasNulls).toBe(false);
  });

  it("rejects an empty channel name, a missing or negative count, and names the path", () => {
    expect(expectClienteleError(() => encodePaths([{ path: "a >> b", conversions: 1 }], "f", ">"), "EMPTY_INPUT").message).toMatch(/^f: /);
    expectClienteleError(() => encodePaths([{ path: "a", conversions: -1 }], "f", ">"), "NEGATIVE_VALUE");
    expectClienteleError(() => encodePaths([{ path: "a", conversions: Number.NaN }], "f", ">"), "NON_FINITE");
    expectClienteleError(() => encodePaths([{ path: "a" } as never], "f", ">"), "MISSING_VALUE");
  });
});
