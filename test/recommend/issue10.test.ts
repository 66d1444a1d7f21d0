// Regression tests for issue 10 ("no silent wrong answers, one contract"), clientele/recommend.
// Each case reproduces what the old code (commit 0c04e27) did wrong; the comment says what it did.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ClienteleError,
  alsFromJSON,
  buildInteractions,
  compareToPopularity,
  createRng,
  evaluateRanking,
  explain,
  fitAls,
  fitAlsAsync,
  fitContent,
  fitHybrid,
  fitItemKnn,
  fitItemKnnAsync,
  fitPopularity,
  fitUserKnn,
  fitUserKnnAsync,
  foldInUser,
  interactionsFromJSON,
  interactionsToRows,
  itemKnnFromJSON,
  popularityFromJSON,
  recommend,
  recommendAll,
  recommenderFromJSON,
  similarItems,
  simulateInteractions,
  splitInteractions,
  userKnnFromJSON,
} from "../../src/recommend/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const sim = simulateInteractions({ nUsers: 60, nItems: 25, seed: 11 });
const m = sim.interactions;
const als = fitAls(m, { factors: 4, iterations: 3, rng: createRng(1) });
const iknn = fitItemKnn(m, { neighbors: 10 });
const u0 = m.userIds[0];

describe("issue 10 case 1: unknown options are rejected (old: ignored)", () => {
  it('fitAls(m, { lambda: 5 }) is INVALID_OPTION with "did you mean regularization" (old: fitted with the default 0.1)', () => {
    const e = expectClienteleError(() => fitAls(m, { lambda: 5 } as never), "INVALID_OPTION");
    expect(e.path).toEqual(["options", "lambda"]);
    expect(e.message).toContain('fitAls: unknown option "lambda"; did you mean "regularization"?');
  });

  it('recommend(model, m, user, { n: 3 }) is INVALID_OPTION "did you mean k" (old: returned 10 items)', () => {
    const e = expectClienteleError(() => recommend(iknn, m, u0, { n: 3 } as never), "INVALID_OPTION");
    expect(e.path).toEqual(["options", "n"]);
    expect(e.message).toContain('did you mean "k"?');
  });

  it("every export that takes options rejects an unknown key (old: explain, evaluateRanking, recommendAll ... ignored them)", () => {
    const split = splitInteractions(m, { rng: createRng(1) });
    const recs = recommendAll(iknn, split.train, { k: 2 });
    const bogus = { bogus: 1 } as never;
    const cases: [string, () => unknown][] = [
      ["buildInteractions", () => buildInteractions([{ userId: 1, itemId: 1 }], bogus)],
      ["simulateInteractions", () => simulateInteractions({ nUsers: 3, nItems: 3, bogus: 1 } as never)],
      ["fitItemKnn", () => fitItemKnn(m, bogus)],
      ["fitUserKnn", () => fitUserKnn(m, bogus)],
      ["fitAls", () => fitAls(m, bogus)],
      ["fitContent", () => fitContent([{ itemId: 1 }], bogus)],
      ["fitPopularity", () => fitPopularity(m, bogus)],
      ["recommend", () => recommend(iknn, m, u0, bogus)],
      ["recommendAll", () => recommendAll(iknn, m, bogus)],
      ["explain", () => explain(iknn, m, u0, m.itemIds[0], bogus)],
      ["splitInteractions", () => splitInteractions(m, bogus)],
      ["evaluateRanking", () => evaluateRanking(recs, split.test, bogus)],
      ["compareToPopularity", () => compareToPopularity(split, {}, bogus)],
    ];
    for (const [name, call] of cases) {
      const e = expectClienteleError(call, "INVALID_OPTION");
      expect(e.message.startsWith(name), e.message).toBe(true);
    }
    // Unknown fields of positional arguments: INVALID_INPUT with the path and the nearest name.
    const h = expectClienteleError(() => fitHybrid([{ model: iknn, weight: 1, wieght: 1 } as never]), "INVALID_INPUT");
    expect([h.code, h.path]).toEqual(["INVALID_INPUT", ["components", 0, "wieght"]]);
    expect(h.message).toContain('did you mean "weight"?');
    const f = expectClienteleError(() => foldInUser(als, [{ itemId: m.itemIds[0], wieght: 2 } as never]), "INVALID_INPUT");
    expect([f.code, f.path]).toEqual(["INVALID_INPUT", ["history", 0, "wieght"]]);
    expectClienteleError(() => compareToPopularity({ train: m, test: m, extra: 1 } as never, {}), "INVALID_INPUT");
  });

  it("signal, rng and onProgress are validated (kept from before; now through core's shared option schemas)", () => {
    expectClienteleError(() => fitAls(m, { signal: 5 } as never), "INVALID_OPTION");
    expectClienteleError(() => fitAls(m, { rng: { uniform: () => 0.5 } } as never), "INVALID_OPTION");
    expectClienteleError(() => fitAls(m, { onProgress: "log" } as never), "INVALID_OPTION");
  });
});

describe("issue 10 case 2: row fields (old: silently ignored)", () => {
  it("a `rating` field where `weight` is read is MISSING_COLUMN naming weight (old: every weight 1)", () => {
    const e = expectClienteleError(() => buildInteractions([{ userId: "a", itemId: "x", rating: 5 } as never]), "MISSING_COLUMN");
    expect(e.path).toEqual(["rows", 0, "weight"]);
    expect(e.message).toContain('"rating"');
    expect(e.message).toContain('"weight"');
  });

  it("`user_id` for `userId` is MISSING_COLUMN naming userId (old: INVALID_ID on undefined)", () => {
    const e = expectClienteleError(() => buildInteractions([{ user_id: "a", itemId: "x" } as never]), "MISSING_COLUMN");
    expect(e.path).toEqual(["rows", 0, "userId"]);
  });

  it("options.fields reads other names, for rows and columns", () => {
    const a = buildInteractions([{ user_id: "a", sku: "x", rating: 5 }] as never, { fields: { userId: "user_id", itemId: "sku", weight: "rating" } });
    expect(a.values).toEqual([5]);
    const b = buildInteractions({ user_id: ["a", "a"], itemId: ["x", "y"], rating: [2, 3] } as never, { fields: { userId: "user_id", weight: "rating" } });
    expect(b.values).toEqual([2, 3]);
    expectClienteleError(() => buildInteractions({ userId: ["a"], itemId: ["x"], rating: [2] } as never), "MISSING_COLUMN");
    expectClienteleError(() => buildInteractions([{ userId: "a", itemId: "x" }], { fields: { userId: "uid" } }), "MISSING_COLUMN");
  });

  it("fitContent: `category` for `categories` is MISSING_COLUMN (old: no features)", () => {
    expectClienteleError(() => fitContent([{ itemId: 1, category: ["tea"] } as never]), "MISSING_COLUMN");
  });
});

describe('issue 10 case 3: one id rule (old: 7 and "7" were two users)', () => {
  it('7 and "7" are one user and one item; ids come back as strings', () => {
    const x = buildInteractions([
      { userId: 7, itemId: 1 },
      { userId: "7", itemId: "1" },
      { userId: "8", itemId: 2 },
    ]);
    expect(x.nUsers).toBe(2);
    expect(x.nItems).toBe(2);
    expect(x.userIds).toEqual(["7", "8"]);
    expect(x.values[0]).toBe(2);
    const pop = fitPopularity(x);
    expect(recommend(pop, x, 7, { k: 5 })).toEqual(recommend(pop, x, "7", { k: 5 }));
    expect(recommend(pop, x, 7, { k: 5 }).map((r) => r.itemId)).toEqual(["2"]); // seen 1 / "1" excluded (old: two users, two items)
    expect(recommend(pop, x, "8", { k: 5, excludeSeen: false, exclude: [2] }).map((r) => r.itemId)).toEqual(["1"]);
  });

  it("history, include/exclude, content catalogue, similarItems, explain and evaluation use the same rule", () => {
    const y = buildInteractions([
      { userId: 1, itemId: 10 },
      { userId: 1, itemId: 11 },
      { userId: 2, itemId: 10 },
      { userId: 2, itemId: 12 },
    ]);
    const content = fitContent([
      { itemId: 10, categories: ["a"] },
      { itemId: "11", categories: ["a"] },
      { itemId: 12, categories: ["b"] },
    ]);
    expect(similarItems(content, "10", 1)[0].itemId).toBe("11");
    expect(similarItems(content, 10, 1)).toEqual(similarItems(content, "10", 1));
    expectClienteleError(() => fitContent([{ itemId: 7 }, { itemId: "7" }]), "DUPLICATE_ID");
    const k = fitItemKnn(y);
    expect(recommend(k, y, "new", { history: [10] }).map((r) => r.itemId)).toEqual(recommend(k, y, "new", { history: ["10"] }).map((r) => r.itemId));
    expect(recommend(k, y, 1, { include: [12] }).map((r) => r.itemId)).toEqual(["12"]);
    expect(explain(k, y, 2, 11).itemId).toBe("11");
    const heldOut = buildInteractions([
      { userId: 1, itemId: 12 },
      { userId: 2, itemId: 11 },
    ]);
    const metrics = evaluateRanking(
      [
        { userId: 1, items: [{ itemId: 12 }] },
        { userId: "2", items: [{ itemId: "11" }] },
      ],
      heldOut,
      { k: 1 },
    );
    expect(metrics.recall).toBe(1); // old: 0, numeric list ids never matched the string-keyed lookups across types
    expectClienteleError(
      () =>
        evaluateRanking(
          [
            { userId: 1, items: [] },
            { userId: "1", items: [] },
          ],
          heldOut,
        ),
      "DUPLICATE_ID",
    );
  });

  it("saved models and interactions with numeric ids (old format) still load, with string ids", () => {
    const old = { ...JSON.parse(JSON.stringify(iknn)), kind: "itemKnn", itemIds: iknn.itemIds.map(Number) };
    const back = itemKnnFromJSON(old);
    expect(back.itemIds).toEqual(iknn.itemIds);
    expect(back.kind).toBe("item-knn");
    const oldM = { ...JSON.parse(JSON.stringify(m)), userIds: m.userIds.map(Number), itemIds: m.itemIds.map(Number) };
    expect(interactionsFromJSON(oldM).userIds).toEqual(m.userIds);
    expectClienteleError(() => interactionsFromJSON({ ...oldM, userIds: [7, "7", ...oldM.userIds.slice(2)] }), "DUPLICATE_ID");
  });
});

describe("issue 10 case 4: wrong answers", () => {
  it("evaluateRanking: a repeated item in a list is INVALID_INPUT naming the row (old: recall 1.5, NDCG 1.07)", () => {
    const heldOut = buildInteractions([
      { userId: "u", itemId: "a" },
      { userId: "u", itemId: "b" },
    ]);
    const e = expectClienteleError(
      () => evaluateRanking([{ userId: "u", items: [{ itemId: "a" }, { itemId: "a" }, { itemId: "a" }] }], heldOut, { k: 3 }),
      "INVALID_INPUT",
    );
    expect(e.path).toEqual(["recommendations", 0, "items", 1]);
  });

  it("property: every ranking metric is in [0, 1] for any duplicate-free lists", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { maxLength: 12 }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 1, max: 12 }),
        (held, lists, k) => {
          const rows = held.flatMap((items, u) => items.map((i) => ({ userId: u, itemId: i })));
          const ho = buildInteractions(rows);
          const recs = lists.map((items, u) => ({ userId: u, items: items.map((i) => ({ itemId: i })) }));
          const r = evaluateRanking(recs, ho, { k });
          for (const key of ["precision", "recall", "ndcg", "map", "hitRate", "mrr", "coverage"] as const) {
            expect(r[key]).toBeGreaterThanOrEqual(0);
            expect(r[key]).toBeLessThanOrEqual(1 + 1e-12);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fitContent: categories: "dairy" is one category (old: five, "d","a","i","r","y")', () => {
    const c = fitContent([
      { itemId: "milk", categories: "dairy", tags: "organic" },
      { itemId: "cheese", categories: ["dairy"] },
    ]);
    expect(c.featureNames).toEqual(["category:dairy", "tag:organic"]);
    expect(similarItems(c, "milk", 1)[0].itemId).toBe("cheese");
    expectClienteleError(() => fitContent([{ itemId: 1, categories: 5 as never }]), "INVALID_INPUT");
  });

  it("segments named constructor / toString / __proto__ work (old: dropped, then recommend returned [])", () => {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const segments = new Map(m.userIds.map((u, i) => [u, i % 2 === 0 ? name : "other"]));
      const pop = fitPopularity(m, { segments });
      expect(Object.hasOwn(pop.segments ?? {}, name)).toBe(true);
      const list = recommend(pop, m, "someone new", { k: 3, segment: name });
      expect(list.length).toBe(3);
      const cold = recommend(als, m, "someone new", { k: 3, coldStart: pop, segment: name });
      expect(cold.map((r) => r.itemId)).toEqual(list.map((r) => r.itemId));
      const back = popularityFromJSON(JSON.parse(JSON.stringify(pop)));
      expect(recommend(back, m, "someone new", { k: 3, segment: name })).toEqual(list);
      const rec = Object.fromEntries(m.userIds.map((u, i) => [u, i % 2 === 0 ? name : "other"]));
      expect(fitPopularity(m, { segments: rec }).segments).toEqual(pop.segments);
    }
    expect(({} as Record<string, unknown>)[0]).toBeUndefined(); // old: "__proto__" wrote counts into Object.prototype
    expectClienteleError(() => recommend(fitPopularity(m, { segments: new Map([[u0, "a"]]) }), m, "x", { segment: "b" }), "UNKNOWN_STATE");
  });

  it("a null or undefined user is MISSING_VALUE, a non-id INVALID_ID (old: cold-start items)", () => {
    expectClienteleError(() => recommend(als, m, null as never), "MISSING_VALUE");
    expectClienteleError(() => recommend(als, m, undefined as never), "MISSING_VALUE");
    expectClienteleError(() => recommend(als, m, { id: 1 } as never), "INVALID_ID");
    expectClienteleError(() => recommend(als, m, ""), "MISSING_VALUE"); // empty and whitespace-only ids are missing (core id rule)
    expectClienteleError(() => recommend(als, m, NaN), "INVALID_ID");
  });

  it("an unknown valid user gets cold start only when asked for (old: always, silently)", () => {
    const e = expectClienteleError(() => recommend(als, m, "never seen", { k: 3 }), "UNKNOWN_USER");
    expect(e.message).toContain('coldStart: "popularity"');
    expect(recommend(als, m, "never seen", { k: 3, coldStart: "popularity" })).toEqual(recommend(fitPopularity(m), m, "never seen", { k: 3 }));
    expect(recommend(als, m, "never seen", { k: 3, history: [m.itemIds[0]] }).length).toBe(3);
    expectClienteleError(() => recommendAll(als, m, { users: ["never seen"] }), "UNKNOWN_USER");
  });

  it("a model whose catalogue does not match the interactions is MODEL_DATA_MISMATCH (old: every score 0, no word)", () => {
    const other = buildInteractions([
      { userId: "p", itemId: "zz1" },
      { userId: "q", itemId: "zz2" },
    ]);
    for (const model of [als, iknn, fitUserKnn(m), fitPopularity(m)]) {
      expectClienteleError(() => recommend(model, other, "p", { k: 3 }), "MODEL_DATA_MISMATCH");
    }
    // User kNN also needs its users in the interactions.
    const sameItems = buildInteractions(m.itemIds.map((itemId, i) => ({ userId: `stranger${i}`, itemId })));
    expectClienteleError(() => recommend(fitUserKnn(m), sameItems, "stranger0"), "MODEL_DATA_MISMATCH");
  });
});

describe("issue 10 case 5: no TypeError / RangeError", () => {
  it("k: 1e308 returns the whole ranked catalogue (old: RangeError: Invalid typed array length)", () => {
    const all = recommend(iknn, m, u0, { k: 1e308, excludeSeen: false });
    expect(all.length).toBe(m.nItems);
    expect(recommend(iknn, m, u0, { k: 1e308, excludeSeen: false, diversity: 0.5 }).length).toBe(m.nItems);
    expect(similarItems(als, m.itemIds[0], 1e308).length).toBe(m.nItems - 1);
    expect(recommendAll(als, m, { k: 1e308 })[0].items.length).toBeLessThanOrEqual(m.nItems);
    expectClienteleError(() => similarItems(als, m.itemIds[0], 0), "INVALID_INPUT");
  });

  it("bad positional arguments are ClienteleErrors (old: TypeError)", () => {
    expectClienteleError(() => fitContent([null as never]), "INVALID_INPUT");
    expectClienteleError(() => fitHybrid([null as never]), "INVALID_INPUT");
    expectClienteleError(() => foldInUser(null as never, []), "INVALID_MODEL");
    expectClienteleError(() => explain(als, m, u0, null as never), "MISSING_VALUE");
    expectClienteleError(() => compareToPopularity({ train: m, test: m }, null as never), "INVALID_INPUT");
    expectClienteleError(() => evaluateRanking([{ userId: u0, items: [null as never] }], m), "INVALID_INPUT");
  });
});

describe("issue 10 case 5: finite but huge inputs never give NaN / Infinity (old: null similarities in JSON)", () => {
  it("overflowing aggregated weights are NON_FINITE; fits reject weights above 1e100 with OUT_OF_RANGE", () => {
    expectClienteleError(
      () =>
        buildInteractions([
          { userId: 1, itemId: 1, weight: 1e308 },
          { userId: 1, itemId: 1, weight: 1e308 },
        ]),
      "NON_FINITE",
    );
    expectClienteleError(() => buildInteractions([{ userId: 1, itemId: 1, timestamp: 1e6 }], { timeDecay: { halfLife: 1e-3, now: 0 } }), "NON_FINITE");
    const rows = [];
    for (let u = 0; u < 6; u++) for (let i = 0; i < 4; i++) if ((u + i) % 3) rows.push({ userId: u, itemId: i, weight: 1e300 });
    const huge = buildInteractions(rows);
    for (const fit of [fitItemKnn, fitUserKnn, fitAls, fitPopularity] as ((x: typeof huge) => unknown)[]) expectClienteleError(() => fit(huge), "OUT_OF_RANGE");
    expectClienteleError(() => fitAls(m, { alpha: 1e300 }), "INVALID_OPTION");
    expectClienteleError(() => simulateInteractions({ nUsers: 1, nItems: 10_000_000, factors: 256 }), "TOO_LARGE"); // old: RangeError / OOM
    expectClienteleError(() => simulateInteractions({ nUsers: 50_000_000, nItems: 100 }), "TOO_LARGE");
  });
});

describe("issue 10 case 6: kebab-case kind tags (old: itemKnn, userKnn)", () => {
  it("fits return item-knn / user-knn; models saved with the old tags load and recommend", () => {
    const uknn = fitUserKnn(m, { neighbors: 10 });
    expect(iknn.kind).toBe("item-knn");
    expect(uknn.kind).toBe("user-knn");
    for (const [model, old] of [
      [iknn, "itemKnn"],
      [uknn, "userKnn"],
    ] as const) {
      const saved = { ...JSON.parse(JSON.stringify(model)), kind: old };
      expect(recommenderFromJSON(saved)).toEqual(model);
      expect(recommend(saved, m, u0, { k: 4 })).toEqual(recommend(model, m, u0, { k: 4 }));
    }
    expect(userKnnFromJSON({ ...JSON.parse(JSON.stringify(uknn)), kind: "userKnn" }).kind).toBe("user-knn");
    expectClienteleError(() => userKnnFromJSON(iknn), "WRONG_MODEL_KIND");
    const hyb = { ...JSON.parse(JSON.stringify(fitHybrid([{ model: iknn, weight: 1 }]))) };
    hyb.components[0].model.kind = "itemKnn";
    expect(recommenderFromJSON(hyb)).toEqual(fitHybrid([{ model: iknn, weight: 1 }]));
  });

  it("interactionsToRows is the row view of the CSR matrix and rebuilds it", () => {
    const rows = interactionsToRows(m);
    expect(rows.length).toBe(m.indices.length);
    const again = buildInteractions(rows);
    expect(again.values).toEqual(m.values);
    expect(again.indices.length).toBe(m.indices.length);
  });

  it("tampered saved models are rejected without polluting Object.prototype", () => {
    const saved = JSON.parse(JSON.stringify(iknn));
    expectClienteleError(() => itemKnnFromJSON({ ...saved, values: saved.values.map(() => 1e300) }), "INVALID_MODEL");
    expectClienteleError(() => itemKnnFromJSON({ ...saved, version: 2 }), "UNSUPPORTED_MODEL_VERSION");
    expectClienteleError(() => alsFromJSON(JSON.parse('{"kind":"als","version":1,"__proto__":{"polluted":1}}')), "INVALID_MODEL");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("issue 10 case 8: fitAlsAsync", () => {
  it("gives the same model as fitAls bit for bit", async () => {
    const sync = fitAls(m, { factors: 6, iterations: 4, rng: createRng(9) });
    const asyncModel = await fitAlsAsync(m, { factors: 6, iterations: 4, rng: createRng(9) });
    expect(asyncModel).toEqual(sync);
    await expect(fitAlsAsync(m, { lambda: 1 } as never)).rejects.toMatchObject({ code: "INVALID_OPTION" });
  });

  it("AbortSignal.timeout(50) stops a fit that would run for minutes, within a small multiple of the timeout", async () => {
    const big = simulateInteractions({ nUsers: 3000, nItems: 800, nInteractions: 30_000, seed: 2, timestamps: false }).interactions;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const e = await fitAlsAsync(big, { factors: 96, iterations: 10_000, signal: AbortSignal.timeout(50) }).catch((x) => x);
    clearInterval(timer);
    expect(e).toBeInstanceOf(ClienteleError);
    expect(e.code).toBe("ABORTED");
    expect(e.message.startsWith("fitAlsAsync")).toBe(true);
    expect(ticks).toBeGreaterThan(0); // the event loop kept running during the fit
  });

  it("fitItemKnnAsync / fitUserKnnAsync (about 0.2 s at MovieLens-100K size) give the sync models and stop on AbortSignal.timeout(50)", async () => {
    expect(await fitItemKnnAsync(m, { neighbors: 7 })).toEqual(fitItemKnn(m, { neighbors: 7 }));
    expect(await fitUserKnnAsync(m, { similarity: "bm25" })).toEqual(fitUserKnn(m, { similarity: "bm25" }));
    // 200 users who each bought all 2,000 items: 8e8 co-occurrence updates, many seconds of work.
    const users: number[] = [];
    const items: number[] = [];
    for (let u = 0; u < 200; u++) for (let i = 0; i < 2000; i++) users.push(u), items.push(i);
    const dense = buildInteractions({ userId: users, itemId: items });
    for (const fit of [fitItemKnnAsync, fitUserKnnAsync]) {
      const e = await fit(dense, { signal: AbortSignal.timeout(50) }).catch((x) => x);
      expect(e).toBeInstanceOf(ClienteleError);
      expect(e.code).toBe("ABORTED");
    }
    await expect(fitItemKnnAsync(m, { signal: 5 } as never)).rejects.toMatchObject({ code: "INVALID_OPTION" });
  });
});

describe("TSDoc examples of the functions added or changed for issue 10", () => {
  it("buildInteractions fields, interactionsFromJSON, interactionsToRows, recommend coldStart", () => {
    expect(
      buildInteractions([{ user_id: 7, sku: "tea", rating: 4 }] as never, { fields: { userId: "user_id", itemId: "sku", weight: "rating" } }).userIds,
    ).toEqual(["7"]);
    const one = buildInteractions([{ userId: 1, itemId: 2 }]);
    expect(interactionsFromJSON(JSON.parse(JSON.stringify(one))).userIds).toEqual(["1"]);
    expect(interactionsToRows(buildInteractions([{ userId: "ann", itemId: "tea", weight: 2 }]))).toEqual([{ userId: "ann", itemId: "tea", weight: 2 }]);
    expect(simulateInteractions({ nUsers: 100, nItems: 50, seed: 1 }).interactions.userIds[0]).toBe("0");
    const pop = fitPopularity(m);
    expect(recommend(iknn, m, "someone new", { k: 5, coldStart: "popularity" })).toEqual(recommend(pop, m, "someone new", { k: 5 }));
  });
});

describe("SINGULAR_SYSTEM: an unregularized fold-in that has no unique solution", () => {
  it("foldInUser with regularization 0 and more factors than items says so instead of returning garbage", () => {
    const rows = [
      ["u1", "a"],
      ["u1", "b"],
      ["u2", "b"],
      ["u2", "c"],
      ["u3", "a"],
      ["u3", "c"],
    ].map(([userId, itemId]) => ({ userId, itemId }));
    // 3 items span at most a 3-dimensional space: with 5 factors and no ridge term the 5 x 5 normal
    // equations of the fold-in are rank-deficient (Cholesky fails)
    const m = fitAls(buildInteractions(rows), { factors: 5, regularization: 0, iterations: 2 });
    const e = expectClienteleError(() => foldInUser(m, ["a"]), "SINGULAR_SYSTEM");
    expect(e.message).toMatch(/^foldInUser: .*Refit with regularization > 0/);
  });
});
