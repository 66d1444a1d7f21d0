import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { topK } from "../../src/recommend/sparse.js";

/** Brute force: every finite-or-+∞ candidate sorted by score descending, then index ascending; first k. */
function bruteTopK(scores: Float64Array, k: number, candidates?: Int32Array): number[] {
  const ids = candidates ? Array.from(candidates) : Array.from(scores, (_, i) => i);
  return ids
    .filter((i) => scores[i] !== -Infinity)
    .sort((a, b) => (scores[a] === scores[b] ? a - b : scores[b] - scores[a]))
    .slice(0, k);
}

describe("topK (internal selection used by kNN fits and recommend)", () => {
  it("returns the k best in brute-force order, ties to the lower index, −∞ skipped, with or without candidates", () => {
    const score = fc.oneof(
      fc.constant(-Infinity),
      fc.constant(0),
      fc.constant(-0),
      fc.integer({ min: -3, max: 3 }).map((x) => x / 2),
    );
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 70 }), fc.boolean(), (arr, k, useCandidates) => {
        const s = Float64Array.from(arr);
        const cand = useCandidates
          ? Int32Array.from(
              arr
                .map((_, i) => i)
                .filter((i) => i % 3 !== 1)
                .reverse(),
            )
          : undefined;
        const got = cand ? topK(s, k, cand, cand.length) : topK(s, k);
        expect(got).toEqual(bruteTopK(s, k, cand));
      }),
      { numRuns: 500 },
    );
  });
});
