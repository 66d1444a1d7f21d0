import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng } from "../../src/core/rng.js";
import {
  buildInteractions,
  contentFromJSON,
  explain,
  fitAls,
  fitContent,
  fitHybrid,
  fitItemKnn,
  fitPopularity,
  fitUserKnn,
  hybridFromJSON,
  itemKnnFromJSON,
  popularityFromJSON,
  recommend,
  recommendAll,
  recommenderFromJSON,
  similarItems,
  simulateInteractions,
  userKnnFromJSON,
  type RecommenderModel,
} from "../../src/recommend/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const sim = simulateInteractions({ nUsers: 120, nItems: 40, seed: 5 });
const m = sim.interactions;
const catalog = m.itemIds.map((itemId, i) => ({
  itemId,
  categories: [`c${sim.itemCategory[i]}`],
  tags: i % 3 === 0 ? ["organic"] : [],
  price: sim.itemPrice[i],
  numeric: { size: (i % 5) + 1 },
}));
// Two catalog items nobody has bought yet.
const newItems = [
  { itemId: "new-1", categories: [`c${sim.itemCategory[0]}`], price: sim.itemPrice[0], numeric: { size: 1 } },
  { itemId: "new-2", categories: ["never-seen"], price: 999, numeric: { size: 5 } },
];
const content = fitContent([...catalog, ...newItems]);
const models: Record<string, RecommenderModel> = {
  popularity: fitPopularity(m),
  itemKnn: fitItemKnn(m, { neighbors: 20 }),
  userKnn: fitUserKnn(m, { neighbors: 20 }),
  als: fitAls(m, { factors: 8, iterations: 5, rng: createRng(1) }),
  content,
};
models.hybrid = fitHybrid([
  { model: models.als, weight: 2 },
  { model: content, weight: 1 },
]);

function seenOf(userIndex: number): Set<unknown> {
  const s = new Set<unknown>();
  for (let p = m.indptr[userIndex]; p < m.indptr[userIndex + 1]; p++) s.add(m.itemIds[m.indices[p]]);
  return s;
}

describe("recommend: properties for every model kind", () => {
  for (const [name, model] of Object.entries(models)) {
    it(`${name}: never recommends seen or excluded items, k respected, scores finite, include honored`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: m.nUsers - 1 }),
          fc.integer({ min: 1, max: 15 }),
          fc.uniqueArray(fc.integer({ min: 0, max: m.nItems - 1 }), { maxLength: 8 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (u, k, ex, diversity) => {
            const exclude = ex.map((j) => m.itemIds[j]);
            const recs = recommend(model, m, m.userIds[u], { k, exclude, diversity });
            const seen = seenOf(u);
            expect(recs.length).toBeLessThanOrEqual(k);
            expect(new Set(recs.map((r) => r.itemId)).size).toBe(recs.length);
            for (const r of recs) {
              expect(seen.has(r.itemId)).toBe(false);
              expect(exclude).not.toContain(r.itemId);
              expect(Number.isFinite(r.score)).toBe(true);
            }
            recs.forEach((r, i) => expect(r.rank).toBe(i + 1));
            if (diversity === 0) for (let i = 1; i < recs.length; i++) expect(recs[i].score).toBeLessThanOrEqual(recs[i - 1].score);
            const include = m.itemIds.slice(0, 10);
            for (const r of recommend(model, m, m.userIds[u], { k, include })) expect(include).toContain(r.itemId);
          },
        ),
        { numRuns: 25 },
      );
    });

    it(`${name}: JSON round trip gives the same recommendations`, () => {
      const back = recommenderFromJSON(JSON.parse(JSON.stringify(model)));
      expect(back).toEqual(model);
      expect(recommend(back, m, m.userIds[3], { k: 5 })).toEqual(recommend(model, m, m.userIds[3], { k: 5 }));
    });
  }

  it("excludeSeen: false lets seen items back in", () => {
    const u = 0;
    const recs = recommend(models.itemKnn, m, m.userIds[u], { k: m.nItems, excludeSeen: false });
    expect(recs.length).toBe(m.nItems);
  });
});

describe("cold start", () => {
  it("an unknown user gets overall popularity (ties to the lower item index)", () => {
    const counts = new Array(m.nItems).fill(0);
    for (const j of m.indices) counts[j]++;
    const expected = counts
      .map((c, j) => ({ c, j }))
      .sort((a, b) => b.c - a.c || a.j - b.j)
      .slice(0, 5)
      .map((x) => m.itemIds[x.j]);
    for (const model of Object.values(models)) {
      const recs = recommend(model, m, "nobody", { k: 5, coldStart: "popularity" });
      if (model.kind === "content" || model.kind === "hybrid") {
        // Same items; content's own catalog order decides ties, new items have count 0.
        expect(recs.map((r) => r.itemId).sort()).toEqual([...expected].sort());
      } else expect(recs.map((r) => r.itemId)).toEqual(expected);
    }
  });

  it("within a segment when a segmented popularity model and segment are given", () => {
    const segments = new Map(m.userIds.map((u, i) => [u, i % 2 === 0 ? "even" : "odd"]));
    const pop = fitPopularity(m, { segments });
    const odd = new Array(m.nItems).fill(0);
    for (let u = 1; u < m.nUsers; u += 2) for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) odd[m.indices[p]]++;
    const best = odd.indexOf(Math.max(...odd));
    expect(pop.segments!.odd).toEqual(odd);
    expect(recommend(models.als, m, "nobody", { k: 1, coldStart: pop, segment: "odd" })[0].itemId).toBe(m.itemIds[best]);
    expect(recommend(pop, m, "nobody", { k: 1, segment: "odd" })[0].itemId).toBe(m.itemIds[best]);
    expect(popularityFromJSON(JSON.parse(JSON.stringify(pop)))).toEqual(pop);
  });

  it("a new item is scored by the content model and surfaces through the hybrid", () => {
    const u = 0;
    const hist = [...seenOf(u)];
    const all = recommend(content, m, m.userIds[u], { k: 1000 });
    const ids = all.map((r) => r.itemId);
    expect(ids).toContain("new-1");
    expect(ids).toContain("new-2");
    // new-1 shares category and price band with item 0; new-2 shares nothing categorical.
    const sims = similarItems(content, "new-1", 3).map((s) => s.itemId);
    expect(sims).toContain(m.itemIds[0]);
    expect(recommend(models.hybrid, m, m.userIds[u], { k: 1000 }).map((r) => r.itemId)).toContain("new-1");
    expect(hist.length).toBeGreaterThan(0);
  });
});

describe("content model", () => {
  it("the TSDoc example: cosine of one-hot category/price vectors", () => {
    const model = fitContent([
      { itemId: "green tea", categories: ["tea"], tags: ["organic"], price: 4 },
      { itemId: "black tea", categories: ["tea"], price: 3 },
      { itemId: "ale", categories: ["beer"], price: 5 },
    ]);
    // green tea = (tea 1, organic idf log(4/2)+1 = 1.693, price band) ; black tea = (tea 1, another band)
    const idf = Math.log(4 / 2) + 1;
    const expected = 1 / (Math.sqrt(1 + idf * idf + 1) * Math.sqrt(2));
    const s = similarItems(model, "green tea", 1);
    expect(s[0].itemId).toBe("black tea");
    expect(s[0].score).toBeCloseTo(expected, 12);
    expect(contentFromJSON(JSON.parse(JSON.stringify(model)))).toEqual(model);
  });

  it("explain: contributions add up to the content score", () => {
    const u = 4;
    const recs = recommend(content, m, m.userIds[u], { k: 1 });
    const e = explain(content, m, m.userIds[u], recs[0].itemId, { k: 1000 });
    expect(e.score).toBeCloseTo(recs[0].score, 10);
  });

  it("rejects bad catalogs", () => {
    expectClienteleError(() => fitContent([]), "EMPTY_INPUT");
    expectClienteleError(() => fitContent([{ itemId: 1 }, { itemId: 1 }]), "DUPLICATE_ID");
    expectClienteleError(() => fitContent([{ itemId: 1, price: NaN }]), "NON_FINITE");
  });
});

describe("item kNN explain and diversity", () => {
  it("explain: r_uj · sim(j, i) adds up to the kNN score", () => {
    const u = 7;
    const recs = recommend(models.itemKnn, m, m.userIds[u], { k: 1 });
    const e = explain(models.itemKnn as never, m, m.userIds[u], recs[0].itemId, { k: 1000 });
    expect(e.score).toBeCloseTo(recs[0].score, 10);
  });

  it("MMR diversity lowers the average pairwise similarity of the list", () => {
    const als = models.als as never;
    const avgSim = (ids: unknown[]) => {
      let s = 0;
      let n = 0;
      for (const a of ids) {
        const row = new Map(similarItems(als, a as never, m.nItems - 1).map((x) => [x.itemId, x.score]));
        for (const b of ids) if (a !== b) (s += row.get(b as never) ?? 0), n++;
      }
      return s / n;
    };
    let plain = 0;
    let diverse = 0;
    for (let u = 0; u < 20; u++) {
      plain += avgSim(recommend(als, m, m.userIds[u], { k: 8 }).map((r) => r.itemId));
      diverse += avgSim(recommend(als, m, m.userIds[u], { k: 8, diversity: 0.7 }).map((r) => r.itemId));
    }
    expect(diverse).toBeLessThan(plain);
  });
});

describe("bad input", () => {
  it("k < 1, wrong model kind, bad history weights, empty interactions", () => {
    expectClienteleError(() => recommend(models.als, m, m.userIds[0], { k: 0 }), "INVALID_OPTION");
    expectClienteleError(() => recommend(models.als, m, m.userIds[0], { k: 2.5 }), "INVALID_OPTION");
    expectClienteleError(() => recommend({ kind: "kmeans", version: 1 } as never, m, 1), "WRONG_MODEL_KIND");
    expectClienteleError(() => recommend(null as never, m, 1), "INVALID_MODEL");
    expectClienteleError(() => recommend(models.als, m, "new", { history: [{ itemId: m.itemIds[0], weight: -1 }] }), "NEGATIVE_VALUE");
    expectClienteleError(() => recommend(models.als, {} as never, 1), "INVALID_INPUT");
    expectClienteleError(() => recommend(models.als, m, 1, { diversity: 2 }), "INVALID_OPTION");
    expectClienteleError(() => similarItems(models.itemKnn as never, "no such item"), "UNKNOWN_ITEM");
    expectClienteleError(() => similarItems(models.popularity as never, m.itemIds[0]), "WRONG_MODEL_KIND");
    expectClienteleError(() => explain(models.als as never, m, "nobody", m.itemIds[0]), "UNKNOWN_USER");
    expectClienteleError(() => fitHybrid([]), "EMPTY_INPUT");
    const empty = { ...m, indptr: new Array(m.nUsers + 1).fill(0), indices: [], values: [], timestamps: [] };
    expectClienteleError(() => fitAls(empty), "EMPTY_INPUT");
    expectClienteleError(() => fitItemKnn(empty), "EMPTY_INPUT");
    expectClienteleError(() => fitUserKnn(empty), "EMPTY_INPUT");
    expectClienteleError(() => fitPopularity(empty), "EMPTY_INPUT");
    const withNaN = { ...m, values: m.values.map((v, i) => (i === 3 ? NaN : v)) };
    expectClienteleError(() => fitAls(withNaN), "INVALID_INPUT");
    expectClienteleError(() => fitItemKnn(withNaN), "INVALID_INPUT");
    expectClienteleError(() => fitUserKnn(withNaN), "INVALID_INPUT");
    expectClienteleError(() => recommend(models.itemKnn, withNaN, m.userIds[0]), "INVALID_INPUT");
    expectClienteleError(() => fitHybrid([{ model: models.als, weight: -1 }]), "NEGATIVE_VALUE");
    expectClienteleError(() => fitHybrid([{ model: models.als, weight: NaN }]), "NON_FINITE");
    expectClienteleError(() => itemKnnFromJSON({ ...models.itemKnn, indices: [1e9] }), "INVALID_MODEL");
    expectClienteleError(() => userKnnFromJSON(models.itemKnn), "WRONG_MODEL_KIND");
    expectClienteleError(() => hybridFromJSON({ ...models.hybrid, itemIds: [] }), "INVALID_MODEL");
  });

  it("inputs are not mutated (frozen interactions and models work)", () => {
    const frozen = JSON.parse(JSON.stringify(m));
    const deepFreeze = (o: unknown): unknown => {
      if (o && typeof o === "object") {
        Object.values(o).forEach(deepFreeze);
        Object.freeze(o);
      }
      return o;
    };
    deepFreeze(frozen);
    const model = fitItemKnn(frozen);
    deepFreeze(model);
    expect(recommendAll(model, frozen, { k: 3 }).length).toBe(m.nUsers);
    expect(frozen).toEqual(JSON.parse(JSON.stringify(m)));
  });

  it("recommendAll equals per-user recommend", () => {
    const all = recommendAll(models.itemKnn, m, { k: 4, users: m.userIds.slice(0, 10) });
    all.forEach((r) => expect(r.items).toEqual(recommend(models.itemKnn, m, r.userId, { k: 4 })));
  });
});

describe("same seed, same model", () => {
  it("every fit is deterministic", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (seed) => {
        const a = simulateInteractions({ nUsers: 30, nItems: 15, seed });
        const b = simulateInteractions({ nUsers: 30, nItems: 15, seed });
        expect(a).toEqual(b);
        expect(fitItemKnn(a.interactions)).toEqual(fitItemKnn(b.interactions));
        expect(fitAls(a.interactions, { factors: 3, iterations: 2, rng: createRng(seed) })).toEqual(
          fitAls(b.interactions, { factors: 3, iterations: 2, rng: createRng(seed) }),
        );
      }),
      { numRuns: 10 },
    );
  });

  it("buildInteractions accepts a frozen rows array", () => {
    const rows = Object.freeze([Object.freeze({ userId: 1, itemId: 1 })]);
    expect(buildInteractions(rows).nUsers).toBe(1);
  });
});

describe("TSDoc examples", () => {
  it("fitPopularity: a new customer gets the most popular item", () => {
    const mm = buildInteractions([
      { userId: 1, itemId: "tea" },
      { userId: 2, itemId: "tea" },
      { userId: 2, itemId: "jam" },
    ]);
    expect(recommend(fitPopularity(mm), mm, "new customer", { k: 1 })).toEqual([{ itemId: "tea", score: 2, rank: 1 }]);
  });
});
