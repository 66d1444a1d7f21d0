import { describe, expect, it } from "vitest";
import { buildInteractions, interactionsFromJSON, simulateInteractions } from "../../src/recommend/index.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("buildInteractions", () => {
  it("builds CSR with id maps and sums duplicates (the TSDoc example)", () => {
    const m = buildInteractions([
      { userId: "ann", itemId: "tea" },
      { userId: "ann", itemId: "tea", weight: 2 },
      { userId: "bob", itemId: "milk" },
    ]);
    expect(m.nUsers).toBe(2);
    expect(m.nItems).toBe(2);
    expect(m.userIds).toEqual(["ann", "bob"]);
    expect(m.itemIds).toEqual(["tea", "milk"]);
    expect(m.indptr).toEqual([0, 1, 2]);
    expect(m.indices).toEqual([0, 1]);
    expect(m.values).toEqual([3, 1]);
  });

  it("sorts items within a row and supports max, last and binary aggregation", () => {
    const cols = { userId: [1, 1, 1, 1], itemId: ["b", "a", "b", "a"], weight: [5, 1, 2, 3], timestamp: [10, 20, 30, 5] };
    expect(buildInteractions(cols).values).toEqual([7, 4]); // columns b=0, a=1; b: 5 + 2, a: 1 + 3
    expect(buildInteractions(cols).indices).toEqual([0, 1]);
    expect(buildInteractions(cols, { aggregate: "max" }).values).toEqual([5, 3]);
    expect(buildInteractions(cols, { aggregate: "last" }).values).toEqual([2, 1]); // b latest at t=30 (2); a latest at t=20 (1)
    expect(buildInteractions(cols, { aggregate: "binary" }).values).toEqual([1, 1]);
    expect(buildInteractions(cols).timestamps).toEqual([30, 20]);
  });

  it("decays weights by half per half-life before aggregating", () => {
    // weight 0.5^((now - t) / halfLife): t = now -> 1, t = now - 7 -> 0.5, t = now - 14 -> 0.25
    const now = new Date("2024-01-15T00:00:00Z");
    const day = 86_400_000;
    const m = buildInteractions(
      [
        { userId: "u", itemId: "x", timestamp: now },
        { userId: "u", itemId: "y", timestamp: new Date(now.getTime() - 7 * day) },
        { userId: "u", itemId: "y", timestamp: new Date(now.getTime() - 14 * day) },
      ],
      { timeDecay: { halfLife: 7 * day, now } },
    );
    expect(m.values[0]).toBeCloseTo(1, 12);
    expect(m.values[1]).toBeCloseTo(0.75, 12);
  });

  it("rejects bad input with codes", () => {
    expectClienteleError(() => buildInteractions([]), "EMPTY_INPUT");
    expectClienteleError(() => buildInteractions([{ userId: 1, itemId: 2, weight: -1 }]), "NEGATIVE_VALUE");
    expectClienteleError(() => buildInteractions([{ userId: 1, itemId: 2, weight: NaN }]), "NON_FINITE");
    expectClienteleError(() => buildInteractions([{ userId: 1, itemId: 2, weight: Infinity }]), "NON_FINITE");
    expectClienteleError(() => buildInteractions([{ userId: 1, itemId: 2, weight: 0 }]), "EMPTY_INPUT");
    expectClienteleError(() => buildInteractions([{ userId: "", itemId: 2 }]), "MISSING_VALUE"); // the id rule: an empty id is a missing one
    expectClienteleError(() => buildInteractions([{ userId: {} as never, itemId: 2 }]), "INVALID_ID");
    expectClienteleError(() => buildInteractions({ userId: [1, 2], itemId: [1] }), "LENGTH_MISMATCH");
    expectClienteleError(() => buildInteractions([{ userId: 1, itemId: 2 }], { timeDecay: { halfLife: 1, now: 0 } }), "MISSING_COLUMN");
    expectClienteleError(() => buildInteractions([{ userId: 1, itemId: 2 }], { aggregate: "mean" as never }), "INVALID_OPTION");
  });

  it("leaves frozen input untouched and round-trips through JSON", () => {
    const rows = Object.freeze([Object.freeze({ userId: 2, itemId: "b" }), Object.freeze({ userId: 1, itemId: "a", weight: 2 })]);
    const m = buildInteractions(rows);
    expect(rows[0]).toEqual({ userId: 2, itemId: "b" });
    const back = interactionsFromJSON(JSON.parse(JSON.stringify(m)));
    expect(back).toEqual(m);
    const bad = JSON.parse(JSON.stringify(m));
    bad.indices[0] = 99;
    expectClienteleError(() => interactionsFromJSON(bad), "INVALID_MODEL");
    expectClienteleError(() => interactionsFromJSON({ kind: "als" }), "WRONG_MODEL_KIND");
  });
});

describe("simulateInteractions", () => {
  it("is seeded and has popularity skew", () => {
    const a = simulateInteractions({ nUsers: 300, nItems: 200, seed: 3 });
    const b = simulateInteractions({ nUsers: 300, nItems: 200, seed: 3 });
    const c = simulateInteractions({ nUsers: 300, nItems: 200, seed: 4 });
    expect(a).toEqual(b);
    expect(a.interactions.indices).not.toEqual(c.interactions.indices);
    const m = a.interactions;
    expect(m.indices.length).toBeGreaterThan(300 * 20 * 0.8);
    expect(m.indices.length).toBeLessThan(300 * 20 * 1.2);
    // Skew: the most popular 10% of items hold well over 10% of the interactions.
    const counts = new Array(m.nItems).fill(0);
    for (const j of m.indices) counts[j]++;
    counts.sort((x, y) => y - x);
    const top = counts.slice(0, Math.ceil(m.nItems / 10)).reduce((s, x) => s + x, 0);
    expect(top / m.indices.length).toBeGreaterThan(0.2);
    expect(a.itemCategory.length).toBe(m.nItems);
  });
});
