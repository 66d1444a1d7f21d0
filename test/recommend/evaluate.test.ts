import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import {
  buildInteractions,
  compareToPopularity,
  evaluateRanking,
  fitItemKnn,
  formatEvaluationTable,
  simulateInteractions,
  splitInteractions,
} from "../../src/recommend/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const list = (ids: number[]) => ids.map((itemId, r) => ({ itemId, score: -r, rank: r + 1 }));

describe("evaluateRanking: hand-worked cases", () => {
  // Catalog of 10 items (ids 0..9). Held out: user A {1, 2, 3}; user B {5}; user C has none (skipped).
  const heldOut = buildInteractions([
    { userId: "A", itemId: 1 },
    { userId: "A", itemId: 2 },
    { userId: "A", itemId: 3 },
    { userId: "B", itemId: 5 },
    ...[0, 4, 6, 7, 8, 9].map((itemId) => ({ userId: "C", itemId, weight: 1 })),
  ]);
  // C's row would make it evaluated; keep only A and B as held-out users by building the test matrix explicitly.
  const test = { ...heldOut, indptr: [0, 3, 4, 4], indices: heldOut.indices.slice(0, 4), values: heldOut.values.slice(0, 4) };
  const recs = [
    { userId: "A", items: list([1, 9, 2, 8, 7]) }, // hits at ranks 1 and 3
    { userId: "B", items: list([1, 2, 3, 4, 5]) }, // hit at rank 5
  ];
  const r = evaluateRanking(recs, test, { k: 5 });

  it("precision, recall, hit rate, MRR", () => {
    expect(r.users).toBe(2);
    expect(r.precision).toBeCloseTo((2 / 5 + 1 / 5) / 2, 12); // hits / k
    expect(r.recall).toBeCloseTo((2 / 3 + 1) / 2, 12); // hits / held out
    expect(r.hitRate).toBe(1);
    expect(r.mrr).toBeCloseTo((1 + 1 / 5) / 2, 12);
  });

  it("NDCG with binary gains and log2 discounts (Järvelin & Kekäläinen 2002)", () => {
    // A: DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG over min(3, 5) = 3 positions = 1 + 1/log2(3) + 1/log2(4) = 2.1309298
    // B: DCG = 1/log2(6) = 0.3868528; IDCG = 1.
    const a = 1.5 / (1 + 1 / Math.log2(3) + 0.5);
    const b = 1 / Math.log2(6);
    expect(a).toBeCloseTo(0.703918, 6);
    expect(r.ndcg).toBeCloseTo((a + b) / 2, 12);
  });

  it("MAP: average precision over min(held out, k)", () => {
    // A: (1/1 + 2/3) / 3 = 0.5555556; B: (1/5) / 1 = 0.2
    expect(r.map).toBeCloseTo((5 / 9 + 0.2) / 2, 12);
  });

  it("coverage: distinct recommended items / catalog", () => {
    // Lists hold {1, 9, 2, 8, 7, 3, 4, 5}: 8 of 10 items.
    expect(r.coverage).toBeCloseTo(8 / 10, 12);
  });

  it("truncates lists at k, treats missing lists as misses, rejects bad input", () => {
    const r2 = evaluateRanking([{ userId: "A", items: list([9, 1]) }], test, { k: 1 });
    expect(r2.hitRate).toBe(0); // A's hit is at rank 2 > k; B has no list
    expect(r2.ndcg).toBe(0);
    expectClienteleError(() => evaluateRanking(recs, test, { k: 0 }), "INVALID_OPTION");
    expectClienteleError(() => evaluateRanking(recs, test, { k: 1.5 }), "INVALID_OPTION");
    expectClienteleError(() => evaluateRanking("x" as never, test), "INVALID_INPUT");
  });
});

describe("splitInteractions", () => {
  const { interactions } = simulateInteractions({ nUsers: 200, nItems: 60, seed: 2 });

  it("random: holds out max(1, round(0.2 n)) per eligible user, disjoint, seeded", () => {
    const s = splitInteractions(interactions, { testFraction: 0.2, minInteractions: 5, rng: createRng(1) });
    for (let u = 0; u < interactions.nUsers; u++) {
      const n = interactions.indptr[u + 1] - interactions.indptr[u];
      const nt = s.test.indptr[u + 1] - s.test.indptr[u];
      const ntr = s.train.indptr[u + 1] - s.train.indptr[u];
      expect(nt + ntr).toBe(n);
      expect(nt).toBe(n >= 5 ? Math.max(1, Math.round(0.2 * n)) : 0);
      const tr = new Set(s.train.indices.slice(s.train.indptr[u], s.train.indptr[u + 1]));
      for (const j of s.test.indices.slice(s.test.indptr[u], s.test.indptr[u + 1])) expect(tr.has(j)).toBe(false);
    }
    expect(splitInteractions(interactions, { minInteractions: 5, rng: createRng(1) })).toEqual(s);
    expect(splitInteractions(interactions, { minInteractions: 5, rng: createRng(2) }).test.indices).not.toEqual(s.test.indices);
  });

  it("leave-last-out holds out each user's latest item", () => {
    const m = buildInteractions([
      { userId: "a", itemId: "x", timestamp: 3 },
      { userId: "a", itemId: "y", timestamp: 9 },
      { userId: "a", itemId: "z", timestamp: 5 },
      { userId: "b", itemId: "x", timestamp: 1 },
    ]);
    const s = splitInteractions(m, { method: "leave-last-out" });
    expect(s.test.indices).toEqual([1]); // y
    expect(s.test.indptr).toEqual([0, 1, 1]); // b has one item: stays in training
    expectClienteleError(() => splitInteractions(buildInteractions([{ userId: 1, itemId: 1 }]), { method: "leave-last-out" }), "MISSING_VALUE");
  });

  it("compareToPopularity puts the baseline first and beats it on tasteful data", () => {
    const s = splitInteractions(interactions, { minInteractions: 5, rng: createRng(3) });
    const rows = compareToPopularity(s, { knn: fitItemKnn(s.train) }, { k: 10 });
    expect(rows.map((r) => r.model)).toEqual(["popularity", "knn"]);
    expect(rows[1].users).toBe(rows[0].users);
    expect(rows[1].ndcg).toBeGreaterThan(rows[0].ndcg);
    expect(formatEvaluationTable(rows)).toContain("| popularity |");
  });
});
