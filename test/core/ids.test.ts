import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDuplicateId } from "../../src/core/ids.js";

// Brute force: the first i with an equal earlier element, and the earliest such element.
function bruteForce(ids: string[]): { first: number; second: number } | null {
  for (let i = 0; i < ids.length; i++) for (let j = 0; j < i; j++) if (ids[j] === ids[i]) return { first: j, second: i };
  return null;
}

describe("findDuplicateId", () => {
  it("agrees with a brute-force search on any list of short strings", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 60 }), (ids) => {
        expect(findDuplicateId(ids)).toEqual(bruteForce(ids));
      }),
      { numRuns: 500 },
    );
  });
  it("finds nothing among distinct ids, and the pair among many", () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `c${i}`);
    expect(findDuplicateId(ids)).toBeNull();
    ids.push("c31337");
    expect(findDuplicateId(ids)).toEqual({ first: 31337, second: 50_000 });
    expect(findDuplicateId([])).toBeNull();
  });
});
