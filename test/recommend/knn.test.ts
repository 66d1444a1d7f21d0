import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { buildInteractions, fitItemKnn, fitUserKnn, recommend, similarItems, type Interactions } from "../../src/recommend/index.js";

// Hand-worked example. Users × items:
//   u1: A B      u2: A B C      u3: B C      u4: D
// Item columns: A = {u1,u2}, B = {u1,u2,u3}, C = {u2,u3}, D = {u4}.
const tiny = buildInteractions([
  { userId: "u1", itemId: "A" },
  { userId: "u1", itemId: "B" },
  { userId: "u2", itemId: "A" },
  { userId: "u2", itemId: "B" },
  { userId: "u2", itemId: "C" },
  { userId: "u3", itemId: "B" },
  { userId: "u3", itemId: "C" },
  { userId: "u4", itemId: "D" },
]);

function simOf(model: { itemIds: unknown[]; indptr: number[]; indices: number[]; values: number[] }, a: string, b: string): number {
  const i = model.itemIds.indexOf(a);
  const j = model.itemIds.indexOf(b);
  for (let p = model.indptr[i]; p < model.indptr[i + 1]; p++) if (model.indices[p] === j) return model.values[p];
  return 0;
}

describe("fitItemKnn: hand-worked similarities", () => {
  it("cosine: |a∩b| / sqrt(|a||b|)", () => {
    const m = fitItemKnn(tiny);
    expect(simOf(m, "A", "B")).toBeCloseTo(2 / Math.sqrt(6), 12); // 0.8165
    expect(simOf(m, "A", "C")).toBeCloseTo(1 / 2, 12);
    expect(simOf(m, "B", "C")).toBeCloseTo(2 / Math.sqrt(6), 12);
    expect(simOf(m, "A", "D")).toBe(0);
    expect(m.indptr[4] - m.indptr[3]).toBe(0); // D has no neighbors
  });

  it("cosine with shrinkage: dot / (‖a‖‖b‖ + shrinkage)", () => {
    const m = fitItemKnn(tiny, { shrinkage: 1 });
    expect(simOf(m, "A", "B")).toBeCloseTo(2 / (Math.sqrt(6) + 1), 12);
  });

  it("jaccard: |a∩b| / |a∪b|", () => {
    const m = fitItemKnn(tiny, { similarity: "jaccard" });
    expect(simOf(m, "A", "B")).toBeCloseTo(2 / 3, 12);
    expect(simOf(m, "A", "C")).toBeCloseTo(1 / 3, 12);
    expect(simOf(m, "B", "C")).toBeCloseTo(2 / 3, 12);
  });

  it("keeps only the top neighbors, best first, ties to the lower index", () => {
    const m = fitItemKnn(tiny, { neighbors: 1 });
    expect(similarItems(m, "A", 5)).toEqual([{ itemId: "B", score: expect.closeTo(2 / Math.sqrt(6), 12) }]);
    // B's neighbors A and C tie at 2/sqrt(6): A (index 0) wins.
    expect(similarItems(m, "B", 5).map((s) => s.itemId)).toEqual(["A"]);
  });

  it("scores a user as Σ_i r_ui sim(i, j)", () => {
    const m = fitItemKnn(tiny);
    // u1 has A and B: score(C) = cos(A,C) + cos(B,C) = 0.5 + 0.8165
    const recs = recommend(m, tiny, "u1", { k: 1 });
    expect(recs).toEqual([{ itemId: "C", score: expect.closeTo(0.5 + 2 / Math.sqrt(6), 12), rank: 1 }]);
  });

  it("the TSDoc example: tea and milk always bought together", () => {
    const m = buildInteractions([
      { userId: 1, itemId: "tea" },
      { userId: 1, itemId: "milk" },
      { userId: 2, itemId: "tea" },
      { userId: 2, itemId: "milk" },
      { userId: 3, itemId: "beer" },
    ]);
    expect(similarItems(fitItemKnn(m), "tea", 1)).toEqual([{ itemId: "milk", score: expect.closeTo(1, 12) }]);
  });
});

/** Dense brute force of every measure (implicit's formulas: nearest_neighbours.py, bm25_weight, tfidf_weight). */
function denseSims(m: Interactions, sim: string, k1 = 1.2, b = 0.75): number[][] {
  const U = m.nUsers;
  const I = m.nItems;
  const R = Array.from({ length: I }, () => new Array(U).fill(0)); // items × users
  for (let u = 0; u < U; u++) for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) R[m.indices[p]][u] = m.values[p];
  let W = R.map((r) => r.slice());
  if (sim === "jaccard") W = R.map((r) => r.map((x) => (x > 0 ? 1 : 0)));
  if (sim === "tfidf" || sim === "bm25") {
    const df = new Array(U).fill(0);
    for (let i = 0; i < I; i++) for (let u = 0; u < U; u++) if (R[i][u] > 0) df[u]++;
    const idf = df.map((d) => Math.log(I) - Math.log1p(d));
    const rowSum = R.map((r) => r.reduce((s, x) => s + x, 0));
    const avg = rowSum.reduce((s, x) => s + x, 0) / I;
    W = R.map((r, i) =>
      r.map((x, u) => {
        if (x === 0) return 0;
        if (sim === "tfidf") return Math.sqrt(x) * idf[u];
        const ln = 1 - b + (b * rowSum[i]) / avg;
        return ((x * (k1 + 1)) / (k1 * ln + x)) * idf[u];
      }),
    );
  }
  const dot = (a: number[], c: number[]) => a.reduce((s, x, t) => s + x * c[t], 0);
  return W.map((wi, i) =>
    W.map((wj, j) => {
      if (i === j) return 0;
      const d = dot(wi, wj);
      if (sim === "cosine") return d / (Math.sqrt(dot(wi, wi) * dot(wj, wj)) || 1);
      if (sim === "jaccard") return d / (dot(wi, wi) + dot(wj, wj) - d || 1);
      return d;
    }),
  );
}

function randomInteractions(seed: number, nUsers: number, nItems: number, p: number): Interactions {
  const rng = createRng(seed);
  const rows = [];
  for (let u = 0; u < nUsers; u++) for (let i = 0; i < nItems; i++) if (rng.uniform() < p) rows.push({ userId: u, itemId: i, weight: 1 + rng.int(4) });
  return buildInteractions(rows);
}

describe("fitItemKnn against a dense brute force", () => {
  for (const sim of ["cosine", "jaccard", "bm25", "tfidf"] as const) {
    it(`${sim}: every kept similarity equals the dense value, and the kept ones are the top`, () => {
      const m = randomInteractions(11, 40, 15, 0.25);
      const dense = denseSims(m, sim);
      const full = fitItemKnn(m, { similarity: sim, neighbors: 100 });
      for (let i = 0; i < m.nItems; i++) {
        for (let j = 0; j < m.nItems; j++) {
          if (i !== j) expect(simOf(full, m.itemIds[i] as never, m.itemIds[j] as never)).toBeCloseTo(dense[i][j], 10);
        }
      }
      const top3 = fitItemKnn(m, { similarity: sim, neighbors: 3 });
      for (let i = 0; i < m.nItems; i++) {
        const kept = top3.values.slice(top3.indptr[i], top3.indptr[i + 1]);
        const sorted = dense[i]
          .filter((_, j) => j !== i && dense[i][j] !== 0)
          .sort((x, y) => y - x)
          .slice(0, 3);
        expect(kept.length).toBe(sorted.length);
        kept.forEach((v, t) => expect(v).toBeCloseTo(sorted[t], 10));
      }
    });
  }
});

describe("fitUserKnn", () => {
  it("the TSDoc example: Σ_v sim(u, v) r_vj", () => {
    const m = buildInteractions([
      { userId: 1, itemId: "tea" },
      { userId: 1, itemId: "milk" },
      { userId: 2, itemId: "tea" },
    ]);
    // cos(user 1, user 2) = 1 / sqrt(2 · 1)
    expect(recommend(fitUserKnn(m), m, 2, { k: 1 })).toEqual([{ itemId: "milk", score: expect.closeTo(Math.SQRT1_2, 12), rank: 1 }]);
  });

  it("scores a user absent from the model from options.history like a training user", () => {
    const m = randomInteractions(5, 30, 12, 0.3);
    const model = fitUserKnn(m, { neighbors: 30 });
    const u = 0;
    const hist = [];
    for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) hist.push({ itemId: m.itemIds[m.indices[p]], weight: m.values[p] });
    const known = recommend(model, m, m.userIds[u], { k: 5 });
    // A new user with the same history: its neighbors include user 0 itself (similarity 1),
    // so compare with a model fitted without user 0.
    const rowsWithout = [];
    for (let v = 1; v < m.nUsers; v++)
      for (let p = m.indptr[v]; p < m.indptr[v + 1]; p++) rowsWithout.push({ userId: m.userIds[v], itemId: m.itemIds[m.indices[p]], weight: m.values[p] });
    const m2 = buildInteractions(rowsWithout);
    const cold = recommend(fitUserKnn(m2, { neighbors: 30 }), m2, "new", { k: 5, history: hist });
    const mask = new Set(hist.map((h) => h.itemId));
    expect(cold.every((r) => !mask.has(r.itemId))).toBe(true);
    expect(known.length).toBe(5);
    expect(cold.length).toBe(5); // k = 5, and more than 5 items remain once the history is masked
    // Same neighbors (everyone but user 0 itself) and the same items: identical scores where both lists overlap.
    const kmap = new Map(known.map((r) => [r.itemId, r.score]));
    for (const r of cold) if (kmap.has(r.itemId)) expect(r.score).toBeCloseTo(kmap.get(r.itemId)!, 10);
  });
});
