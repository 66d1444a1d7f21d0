// Local fuzz loop over every export of clientele/recommend (issue 10): each argument in turn is
// replaced by a bad value while the others stay valid; every call must either return a result
// with finite numbers or throw a ClienteleError (never a TypeError/RangeError, never hang).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as rec from "../../src/recommend/index.js";
import { ClienteleError, createRng } from "../../src/recommend/index.js";

const sim = rec.simulateInteractions({ nUsers: 40, nItems: 15, seed: 3 });
const m = sim.interactions;
const catalog = m.itemIds.map((itemId, i) => ({ itemId, categories: [`c${sim.itemCategory[i]}`], price: sim.itemPrice[i] }));
const models = {
  pop: rec.fitPopularity(m),
  iknn: rec.fitItemKnn(m, { neighbors: 5 }),
  uknn: rec.fitUserKnn(m, { neighbors: 5 }),
  als: rec.fitAls(m, { factors: 4, iterations: 2, rng: createRng(1) }),
  content: rec.fitContent(catalog),
};
const hybrid = rec.fitHybrid([
  { model: models.als, weight: 1 },
  { model: models.content, weight: 1 },
]);
const split = rec.splitInteractions(m, { rng: createRng(2) });
const recs = rec.recommendAll(models.iknn, split.train, { k: 3 });
const u0 = m.userIds[0];
const i0 = m.itemIds[0];

/** Valid arguments of every export (functions with a promise are awaited separately). */
const calls: Record<string, unknown[]> = {
  buildInteractions: [[{ userId: 1, itemId: 2, weight: 1 }], { aggregate: "sum" }],
  interactionsFromJSON: [JSON.parse(JSON.stringify(m))],
  interactionsToRows: [m],
  simulateInteractions: [{ nUsers: 5, nItems: 4, seed: 1 }],
  fitItemKnn: [m, { neighbors: 3 }],
  fitUserKnn: [m, { neighbors: 3 }],
  fitAls: [m, { factors: 2, iterations: 1 }],
  foldInUser: [models.als, [i0]],
  fitContent: [catalog, { priceBands: 3 }],
  fitPopularity: [m, { weighted: true }],
  explain: [models.als, m, u0, i0, { k: 2 }],
  fitHybrid: [[{ model: models.als, weight: 1 }]],
  recommend: [hybrid, m, u0, { k: 3 }],
  recommendAll: [models.iknn, m, { k: 2, users: [u0] }],
  similarItems: [models.content, i0, 3],
  compareToPopularity: [split, { als: models.als }, { k: 3 }],
  evaluateRanking: [recs, split.test, { k: 3 }],
  formatEvaluationTable: [rec.compareToPopularity(split, {}, { k: 2 })],
  splitInteractions: [m, { testFraction: 0.3 }],
  alsFromJSON: [JSON.parse(JSON.stringify(models.als))],
  contentFromJSON: [JSON.parse(JSON.stringify(models.content))],
  hybridFromJSON: [JSON.parse(JSON.stringify(hybrid))],
  itemKnnFromJSON: [JSON.parse(JSON.stringify(models.iknn))],
  popularityFromJSON: [JSON.parse(JSON.stringify(models.pop))],
  recommenderFromJSON: [JSON.parse(JSON.stringify(models.uknn))],
  userKnnFromJSON: [JSON.parse(JSON.stringify(models.uknn))],
};
const notFuzzed = new Set(["ClienteleError", "isClienteleError", "createRng", "isRng", "fitAlsAsync", "fitItemKnnAsync", "fitUserKnnAsync"]);

const BAD: unknown[] = [
  null,
  undefined,
  NaN,
  Infinity,
  -Infinity,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  "",
  "x",
  "constructor",
  "__proto__",
  true,
  [],
  [null],
  [NaN],
  [{}],
  {},
  { kind: "als" },
  { kind: "item-knn" },
  { __proto__: { polluted: 1 } },
  JSON.parse('{"__proto__": {"polluted": 1}}'),
  () => 1,
  Symbol("s"),
  10n,
  new Date(NaN),
  new Map(),
  Object.freeze([1, 2]),
];

function finiteDeep(v: unknown, depth = 0): boolean {
  if (depth > 6) return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.slice(0, 200).every((x) => finiteDeep(x, depth + 1));
  if (ArrayBuffer.isView(v))
    return Array.from(v as unknown as ArrayLike<number>)
      .slice(0, 200)
      .every(Number.isFinite);
  if (v !== null && typeof v === "object")
    return Object.values(v)
      .slice(0, 50)
      .every((x) => finiteDeep(x, depth + 1));
  return true;
}

function check(name: string, args: unknown[]): void {
  const f = (rec as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
  let out: unknown;
  try {
    out = f(...args);
  } catch (e) {
    if (!(e instanceof ClienteleError)) throw new Error(`${name}(${args.map((a) => typeof a).join(", ")}) threw a non-ClienteleError: ${String(e)}`);
    expect(e.message.startsWith(name) || e.message.includes(name)).toBe(true);
    return;
  }
  if (!finiteDeep(out)) throw new Error(`${name} returned a non-finite number for ${args.map((a) => typeof a).join(", ")}`);
}

describe("fuzz: every recommend export, every argument, bad values", () => {
  it("covers every function export", () => {
    const fns = Object.entries(rec)
      .filter(([k, v]) => typeof v === "function" && !notFuzzed.has(k))
      .map(([k]) => k);
    expect(fns.sort()).toEqual(Object.keys(calls).sort());
  });

  for (const [name, args] of Object.entries(calls)) {
    it(`${name}: valid call works; each argument replaced by each bad value throws only ClienteleError`, () => {
      check(name, args);
      for (let a = 0; a < args.length + 1; a++) {
        for (const bad of BAD) {
          const next = [...args];
          next[a] = bad;
          check(name, next);
          // Also a bad value inside an options object / first row.
          if (args[a] !== null && typeof args[a] === "object" && !Array.isArray(args[a]) && !("kind" in (args[a] as object))) {
            for (const key of [...Object.keys(args[a] as object), "bogus"])
              check(name, Object.assign([...args], { [a]: { ...(args[a] as object), [key]: bad } }));
          }
          if (Array.isArray(args[a]) && (args[a] as unknown[]).length > 0 && typeof (args[a] as unknown[])[0] === "object") {
            const row = (args[a] as Record<string, unknown>[])[0];
            for (const key of Object.keys(row)) check(name, Object.assign([...args], { [a]: [{ ...row, [key]: bad }, ...(args[a] as unknown[]).slice(1)] }));
          }
        }
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it("tampered in-memory models (each field replaced by a bad value) are INVALID_MODEL or WRONG_MODEL_KIND in every consumer", () => {
    const all = { ...models, hybrid } as unknown as Record<string, Record<string, unknown>>;
    for (const model of Object.values(all)) {
      for (const key of Object.keys(model)) {
        for (const bad of [null, undefined, NaN, -1, 1e308, "x", [], [1e9], {}, ["a", "a"]]) {
          const t = { ...JSON.parse(JSON.stringify(model)), [key]: bad };
          check("recommend", [t, m, u0, { k: 3 }]);
          check("recommenderFromJSON", [t]);
          if (model.kind === "als" || model.kind === "content" || model.kind === "item-knn") check("similarItems", [t, i0, 2]);
          if (model.kind === "als") check("foldInUser", [t, [i0]]);
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("seeded random argument soup (fixed seed) finds no TypeError", () => {
    const names = Object.keys(calls);
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(fc.constantFrom(...BAD, m, models.als, models.pop, u0, i0, 3), { maxLength: 5 }), (name, args) => {
        check(name, args);
      }),
      { numRuns: 400, seed: 10 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
