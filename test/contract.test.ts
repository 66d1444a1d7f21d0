// One contract for every fitted model and stateful object, through the public root entry:
// same seed → same output; NaN and empty input rejected with a ClienteleError code; frozen
// input accepted and left untouched; a JSON round trip through the model's validator gives
// back the same model.
import { describe, expect, it } from "vitest";
import * as C from "../src/index.js";

const { ClienteleError, createRng } = C;

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ClienteleError) return e.code;
    throw e;
  }
  return "NO_ERROR";
}

function deepFreeze<T>(x: T): T {
  if (x && typeof x === "object" && !ArrayBuffer.isView(x)) {
    for (const v of Object.values(x as object)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

function points(seed: number, n = 60, d = 3): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => Array.from({ length: d }, () => rng.normal(3 * (i % 3), 1)));
}

const sim = C.simulateCustomers({ n: 400, seed: 3 });
const summary = C.summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" });
const rft = () => ({ frequency: Array.from(summary.frequency), recency: Array.from(summary.recency), T: Array.from(summary.T) });
const spend = () => {
  const f: number[] = [];
  const m: number[] = [];
  summary.frequency.forEach((x, i) => {
    if (x > 0) {
      f.push(x);
      m.push(summary.monetary[i]);
    }
  });
  return { frequency: f, monetary: m };
};
const bgbbData = () => ({
  // Patterns of 6 opportunities (frequency, recency, periods) with counts, in the shape of donations.csv.
  frequency: [6, 5, 4, 3, 2, 1, 0, 5, 4, 3, 2, 1],
  recency: [6, 6, 6, 6, 6, 6, 0, 5, 5, 4, 3, 2],
  periods: [6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6],
  weights: [120, 90, 70, 60, 55, 50, 900, 40, 35, 30, 45, 80],
});
const interactions = () => C.simulateInteractions({ nUsers: 60, nItems: 40, seed: 5 }).interactions;

interface Case {
  name: string;
  make: () => unknown;
  fit: (input: any, seed: number) => unknown;
  fromJSON: (json: unknown) => unknown;
  nan: () => unknown;
  empty: () => unknown;
}

const withNaN = <T extends Record<string, number[]>>(cols: T, key: keyof T): T => {
  const copy = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.slice()])) as T;
  copy[key][0] = NaN;
  return copy;
};

const cases: Case[] = [
  {
    name: "fitKMeans",
    make: () => points(1),
    fit: (p, seed) => C.fitKMeans(p, { k: 3, rng: createRng(seed) }),
    fromJSON: C.kmeansFromJSON,
    nan: () => C.fitKMeans([[1, 2], [NaN, 1], [3, 3]], { k: 2 }),
    empty: () => C.fitKMeans([], { k: 1 }),
  },
  {
    name: "fitMiniBatchKMeans",
    make: () => points(2, 300),
    fit: (p, seed) => C.fitMiniBatchKMeans(p, { k: 3, batchSize: 64, rng: createRng(seed) }),
    fromJSON: C.miniBatchKMeansFromJSON,
    nan: () => C.fitMiniBatchKMeans([[1, 2], [NaN, 1], [3, 3]], { k: 2 }),
    empty: () => C.fitMiniBatchKMeans([], { k: 1 }),
  },
  {
    name: "fitHierarchical",
    make: () => points(3, 40),
    fit: (p) => C.fitHierarchical(p, { linkage: "ward" }),
    fromJSON: C.hierarchicalFromJSON,
    nan: () => C.fitHierarchical([[1], [NaN], [2]]),
    empty: () => C.fitHierarchical([]),
  },
  {
    name: "fitScaler",
    make: () => points(4),
    fit: (p) => C.fitScaler(p, { method: "robust" }),
    fromJSON: C.scalerFromJSON,
    nan: () => C.fitScaler([[1, 2], [NaN, 1]]),
    empty: () => C.fitScaler([]),
  },
  {
    name: "fitBgNbd",
    make: rft,
    fit: (c) => C.fitBgNbd(c),
    fromJSON: C.bgNbdFromJSON,
    nan: () => C.fitBgNbd(withNaN(rft(), "T")),
    empty: () => C.fitBgNbd({ frequency: [], recency: [], T: [] }),
  },
  {
    name: "fitMbgNbd",
    make: rft,
    fit: (c) => C.fitMbgNbd(c),
    fromJSON: C.mbgNbdFromJSON,
    nan: () => C.fitMbgNbd(withNaN(rft(), "recency")),
    empty: () => C.fitMbgNbd({ frequency: [], recency: [], T: [] }),
  },
  {
    name: "fitParetoNbd",
    make: rft,
    fit: (c) => C.fitParetoNbd(c),
    fromJSON: C.paretoNbdFromJSON,
    nan: () => C.fitParetoNbd(withNaN(rft(), "frequency")),
    empty: () => C.fitParetoNbd({ frequency: [], recency: [], T: [] }),
  },
  {
    name: "fitGammaGamma",
    make: spend,
    fit: (c) => C.fitGammaGamma(c),
    fromJSON: C.gammaGammaFromJSON,
    nan: () => C.fitGammaGamma(withNaN(spend(), "monetary")),
    empty: () => C.fitGammaGamma({ frequency: [], monetary: [] }),
  },
  {
    name: "fitBgBb",
    make: bgbbData,
    fit: (c) => C.fitBgBb(c),
    fromJSON: C.bgbbFromJSON,
    nan: () => C.fitBgBb(withNaN(bgbbData(), "weights")),
    empty: () => C.fitBgBb({ frequency: [], recency: [], periods: [], weights: [] }),
  },
  {
    name: "fitItemKnn",
    make: interactions,
    fit: (x) => C.fitItemKnn(x, { similarity: "cosine", neighbors: 10 }),
    fromJSON: C.recommenderFromJSON,
    nan: () => C.buildInteractions([{ userId: "u", itemId: "i", weight: NaN }]),
    empty: () => C.buildInteractions([]),
  },
  {
    name: "fitAls",
    make: interactions,
    fit: (x, seed) => C.fitAls(x, { factors: 4, iterations: 3, rng: createRng(seed) }),
    fromJSON: C.recommenderFromJSON,
    nan: () => C.buildInteractions({ userId: ["u"], itemId: ["i"], weight: [NaN] }),
    empty: () => C.buildInteractions({ userId: [], itemId: [], weight: [] }),
  },
  {
    name: "createBandit",
    make: () => ({ arms: ["a", "b", "c"], policy: "thompson" }),
    fit: (o, seed) => {
      const b = C.createBandit(o);
      const rng = createRng(seed);
      for (let i = 0; i < 50; i++) C.updateBanditInPlace(b, C.chooseArm(b, { rng }), rng.uniform() < 0.3 ? 1 : 0);
      return b;
    },
    fromJSON: C.banditFromJSON,
    nan: () => C.updateBandit(C.createBandit({ arms: 2 }), 0, NaN),
    empty: () => C.createBandit({ arms: [] }),
  },
];

describe.each(cases)("contract: $name", (c) => {
  it("gives the same output for the same input and seed", () => {
    expect(JSON.stringify(c.fit(c.make(), 7))).toBe(JSON.stringify(c.fit(c.make(), 7)));
  });

  it("accepts frozen input and leaves it untouched", () => {
    const input = deepFreeze(c.make());
    const before = JSON.stringify(input);
    expect(() => c.fit(input, 7)).not.toThrow();
    expect(JSON.stringify(input)).toBe(before);
  });

  it("survives a JSON round trip through its validator", () => {
    const model = c.fit(c.make(), 7);
    const again = c.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
  });

  it("rejects NaN and empty input with a ClienteleError code", () => {
    expect(codeOf(c.nan)).toMatch(/^(NON_FINITE|NEGATIVE_VALUE|OUT_OF_RANGE)$/);
    expect(codeOf(c.empty)).toMatch(/^(EMPTY_INPUT|TOO_FEW_ARMS|INVALID_OPTION)$/);
  });

  it("rejects a saved model of another kind", () => {
    expect(codeOf(() => c.fromJSON({ kind: "not-a-model", version: 1 }))).toMatch(/^(WRONG_MODEL_KIND|INVALID_MODEL)$/);
  });
});
