import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDuplicateId, idKey } from "../../src/core/ids.js";
import { expectClienteleError } from "../helpers/errors.js";

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

describe("one id rule", () => {
  it('7 and "7" are the same id; bad ids have codes', () => {
    expect(idKey(7, "f", ["ids", 0])).toBe(idKey("7", "f", ["ids", 1]));
    expectClienteleError(() => idKey(null, "f", ["ids", 0]), "MISSING_VALUE");
    expectClienteleError(() => idKey(undefined, "f", ["ids", 0]), "MISSING_VALUE");
    expectClienteleError(() => idKey("", "f", ["ids", 0]), "MISSING_VALUE");
    expectClienteleError(() => idKey("  ", "f", ["ids", 0]), "MISSING_VALUE");
    expectClienteleError(() => idKey(NaN, "f", ["ids", 0]), "INVALID_ID");
    expectClienteleError(() => idKey({}, "f", ["ids", 0]), "INVALID_ID");
  });

  it("numeric ids map to their string form (property)", () => {
    fc.assert(fc.property(fc.integer(), (n) => idKey(n, "f", []) === idKey(String(n), "f", [])));
  });
});
