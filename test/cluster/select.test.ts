import { describe, expect, it } from "vitest";
import { elbow, findKnee, selectK } from "../../src/cluster/index.js";
import { createRng } from "../../src/core/rng.js";
import { blobs } from "./helpers.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("findKnee (Kneedle)", () => {
  it("worked by hand: y = [100, 40, 20, 15, 12, 10] has its knee at x = 3", () => {
    // x_n = [0, .2, .4, .6, .8, 1]; flipped y_n = [0, .667, .889, .944, .978, 1];
    // difference = [0, .467, .489, .344, .178, 0]; local max at x = 3 (0.489), threshold
    // 0.489 - 1 * 0.2 = 0.289; the next-but-one value 0.178 falls below it -> knee 3.
    expect(findKnee([1, 2, 3, 4, 5, 6], [100, 40, 20, 15, 12, 10])).toBe(3);
  });
  it("a straight line has no knee; a flat curve has none", () => {
    expect(findKnee([1, 2, 3, 4], [4, 3, 2, 1])).toBeNull();
    expect(findKnee([1, 2, 3], [5, 5, 5])).toBeNull();
  });
  it("higher sensitivity is more conservative", () => {
    // with S = 5 the threshold 0.489 - 1.0 < 0 is never crossed
    expect(findKnee([1, 2, 3, 4, 5, 6], [100, 40, 20, 15, 12, 10], 5)).toBeNull();
  });
  it("1/x curve: knee near the bend", () => {
    const x = Array.from({ length: 20 }, (_, i) => i + 1);
    const k = findKnee(
      x,
      x.map((v) => 1 / v),
    );
    expect(k).not.toBeNull();
    expect(k as number).toBeGreaterThanOrEqual(3);
    expect(k as number).toBeLessThanOrEqual(6);
  });
  it("rejects bad input", () => {
    expectClienteleError(() => findKnee([1, 2], [1, 2]), "INVALID_INPUT");
    expectClienteleError(() => findKnee([1, 1, 2], [3, 2, 1]), "INVALID_INPUT");
    expectClienteleError(() => findKnee([1, 2, 3], [3, NaN, 1]), "INVALID_INPUT");
  });
});

describe("elbow and selectK on well-separated blobs", () => {
  const { points } = blobs(400, 3, 4, 21, 15, 1);
  it("elbow finds k = 4 and inertia decreases", () => {
    const r = elbow(points, { kRange: [1, 9], rng: createRng(1) });
    expect(r.ks).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let i = 1; i < r.inertias.length; i++) expect(r.inertias[i]).toBeLessThanOrEqual(r.inertias[i - 1]);
    expect(r.knee).toBe(4);
  });
  it("selectK recommends 4, with every score per k and a reason", () => {
    const r = selectK(points, { kRange: [2, 8], rng: createRng(1) });
    expect(r.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    for (const s of r.scores) {
      expect(s.silhouette).toBeGreaterThanOrEqual(-1);
      expect(s.silhouette).toBeLessThanOrEqual(1);
      expect(s.calinskiHarabasz).toBeGreaterThan(0);
      expect(s.daviesBouldin).toBeGreaterThan(0);
    }
    expect(r.best.silhouette).toBe(4);
    expect(r.recommendedK).toBe(4);
    expect(r.reason).toMatch(/^k = 4: best by silhouette/);
    expect(selectK(points, { kRange: [2, 8], rng: createRng(1) })).toEqual(r);
  });
  it("criteria order breaks ties and only requested scores are computed", () => {
    const r = selectK(points, { kRange: [2, 6], criteria: ["davies-bouldin"] });
    expect(r.scores[0].silhouette).toBeUndefined();
    expect(r.best).toEqual({ "davies-bouldin": r.recommendedK });
    // the camelCase names of earlier releases are still accepted and mapped to kebab-case
    expect(selectK(points, { kRange: [2, 6], criteria: ["daviesBouldin" as never] })).toEqual(r);
  });
  it("rejects bad ranges", () => {
    expectClienteleError(() => selectK(points, { kRange: [1, 5] }), "INVALID_OPTION");
    expectClienteleError(() => selectK(points, { kRange: [2, 3] }), "INVALID_OPTION");
    expectClienteleError(() => elbow([[1], [2]], {}), "INVALID_OPTION");
    expectClienteleError(() => selectK(points, { criteria: ["gap" as never] }), "INVALID_OPTION");
  });
});
