// Fuzz loop over every export of clientele/cluster (issue 10): each argument in turn is
// replaced by bad values (null, undefined, NaN, strings, empty arrays, huge numbers, ...).
// Every call must either succeed with finite numbers or throw a ClienteleError whose
// message names the public function; never a TypeError / RangeError. Saved models that were
// tampered with are rejected without polluting Object.prototype. Fixed inputs: deterministic.
import { describe, expect, it } from "vitest";
import * as cluster from "../../src/cluster/index.js";
import { ERROR_CODES } from "../../src/core/codes.js";
import { expectClienteleError } from "../helpers/errors.js";

const pts = [
  [0, 0],
  [0, 1],
  [1, 0],
  [10, 10],
  [10, 11],
  [11, 10],
];
const lab = [0, 0, 0, 1, 1, 1];
const km = cluster.fitKMeans(pts, { k: 2 });
const mb = cluster.fitMiniBatchKMeans(pts, { k: 2 });
const hc = cluster.fitHierarchical(pts);
const sc = cluster.fitScaler(pts);

const BAD: unknown[] = [
  null,
  undefined,
  NaN,
  Infinity,
  -1,
  0,
  1e308,
  -1e308,
  2 ** 53,
  "abc",
  "",
  true,
  [],
  [[]],
  [null],
  [[NaN, 1]],
  [[1, 2], [3]],
  [["a", "b"]],
  { data: [1, 2], n: 5, d: 1 },
  { data: null, n: 1, d: 1 },
  { n: 1e308, d: 1, data: [] },
  {},
  { k: NaN },
  { k: 1e308 },
  { k: "2" },
  { __proto__: { polluted: 1 } },
  JSON.parse('{"__proto__": {"polluted": 1}}'),
  () => 1,
  Symbol("s"),
  new Float64Array(3),
];

type Call = [name: string, f: (...a: unknown[]) => unknown, good: unknown[]];

const calls: Call[] = [
  ["fitScaler", cluster.fitScaler as never, [pts, {}]],
  ["transformPoints", cluster.transformPoints as never, [sc, pts]],
  ["inverseTransformPoints", cluster.inverseTransformPoints as never, [sc, pts]],
  ["scalerFromJSON", cluster.scalerFromJSON as never, [sc]],
  ["pointsToRows", cluster.pointsToRows as never, [pts]],
  ["fitKMeans", cluster.fitKMeans as never, [pts, { k: 2 }]],
  ["predictKMeans", cluster.predictKMeans as never, [km, pts]],
  ["kmeansFromJSON", cluster.kmeansFromJSON as never, [km]],
  ["fitMiniBatchKMeans", cluster.fitMiniBatchKMeans as never, [pts, { k: 2 }]],
  ["partialFitMiniBatchKMeans", cluster.partialFitMiniBatchKMeans as never, [mb, pts, {}]],
  ["miniBatchKMeansFromJSON", cluster.miniBatchKMeansFromJSON as never, [mb]],
  ["silhouetteScore", cluster.silhouetteScore as never, [pts, lab, {}]],
  ["silhouetteSamples", cluster.silhouetteSamples as never, [pts, lab]],
  ["calinskiHarabasz", cluster.calinskiHarabasz as never, [pts, lab]],
  ["daviesBouldin", cluster.daviesBouldin as never, [pts, lab]],
  ["elbow", cluster.elbow as never, [pts, { kRange: [1, 4] }]],
  ["findKnee", cluster.findKnee as never, [[1, 2, 3, 4], [10, 4, 2, 1], 1]],
  ["selectK", cluster.selectK as never, [pts, { kRange: [2, 4] }]],
  ["profileClusters", cluster.profileClusters as never, [pts, lab, {}]],
  ["fitHierarchical", cluster.fitHierarchical as never, [pts, {}]],
  ["cutTree", cluster.cutTree as never, [hc, { k: 2 }]],
  ["dendrogram", cluster.dendrogram as never, [hc]],
  ["hierarchicalFromJSON", cluster.hierarchicalFromJSON as never, [hc]],
  ["dbscan", cluster.dbscan as never, [pts, { eps: 1.5 }]],
  ["suggestEps", cluster.suggestEps as never, [pts, { minPts: 2 }]],
];

const asyncCalls: Call[] = [
  ["fitKMeansAsync", cluster.fitKMeansAsync as never, [pts, { k: 2 }]],
  ["fitMiniBatchKMeansAsync", cluster.fitMiniBatchKMeansAsync as never, [pts, { k: 2 }]],
  ["fitHierarchicalAsync", cluster.fitHierarchicalAsync as never, [pts, {}]],
  ["dbscanAsync", cluster.dbscanAsync as never, [pts, { eps: 1.5 }]],
  ["elbowAsync", cluster.elbowAsync as never, [pts, { kRange: [1, 4] }]],
  ["selectKAsync", cluster.selectKAsync as never, [pts, { kRange: [2, 4] }]],
];

function finiteDeep(v: unknown, seen = new Set<unknown>()): boolean {
  if (typeof v === "number") return Number.isFinite(v);
  if (v === null || typeof v !== "object" || seen.has(v)) return true;
  seen.add(v);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>).every((x) => Number.isFinite(x));
  return Object.values(v as object).every((x) => finiteDeep(x, seen));
}

const failures: string[] = [];

function check(name: string, outcome: { value?: unknown; error?: unknown }, where: string): void {
  if ("error" in outcome && outcome.error !== undefined) {
    const e = outcome.error;
    if (!cluster.isClienteleError(e)) failures.push(`${where}: threw ${String(e)} (not a ClienteleError)`);
    else if (!Object.keys(ERROR_CODES).includes(e.code)) failures.push(`${where}: code ${e.code} not in the catalogue`);
    else if (!e.message.startsWith(`${name}: `)) failures.push(`${where}: message does not name ${name}: ${e.message}`);
  } else if (!finiteDeep(outcome.value)) failures.push(`${where}: non-finite number in the result`);
}

describe("fuzz: every cluster export, every argument, bad values", () => {
  it("throws only ClienteleErrors naming the public function; results are finite", () => {
    let n = 0;
    for (const [name, f, good] of calls) {
      for (let a = 0; a < good.length; a++) {
        for (const bad of BAD) {
          const args = good.slice();
          args[a] = bad;
          const where = `${name} arg ${a} = ${typeof bad === "symbol" ? "symbol" : (JSON.stringify(bad) ?? String(bad))}`;
          let outcome: { value?: unknown; error?: unknown };
          try {
            outcome = { value: f(...args) };
          } catch (error) {
            outcome = { error };
          }
          check(name, outcome, where);
          n++;
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(n).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  });
  it("async variants too", async () => {
    for (const [name, f, good] of asyncCalls) {
      for (let a = 0; a < good.length; a++) {
        for (const bad of BAD) {
          const args = good.slice();
          args[a] = bad;
          let outcome: { value?: unknown; error?: unknown };
          try {
            outcome = { value: await f(...args) };
          } catch (error) {
            outcome = { error };
          }
          check(name, outcome, `${name} arg ${a}`);
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(failures).toEqual([]);
  });
});

describe("tampered saved models are rejected", () => {
  const j = <T>(m: T): Record<string, unknown> => JSON.parse(JSON.stringify(m));
  const cases: [string, (m: unknown) => unknown, Record<string, unknown>, (m: Record<string, unknown>) => void, string][] = [
    ["kmeansFromJSON", cluster.kmeansFromJSON, j(km), (m) => (m.kind = "bg-nbd"), "WRONG_MODEL_KIND"],
    ["kmeansFromJSON", cluster.kmeansFromJSON, j(km), (m) => (m.version = 2), "UNSUPPORTED_MODEL_VERSION"],
    ["kmeansFromJSON", cluster.kmeansFromJSON, j(km), (m) => (m.inertia = -1), "INVALID_MODEL"],
    ["kmeansFromJSON", cluster.kmeansFromJSON, j(km), (m) => ((m.centroids as number[][])[0][0] = null as never), "INVALID_MODEL"],
    ["kmeansFromJSON", cluster.kmeansFromJSON, j(km), (m) => ((m.labels as number[])[0] = 7), "INVALID_MODEL"],
    ["kmeansFromJSON", cluster.kmeansFromJSON, j(km), (m) => (m.centroids = [[0, 0], [1]]), "INVALID_MODEL"],
    ["miniBatchKMeansFromJSON", cluster.miniBatchKMeansFromJSON, j(mb), (m) => ((m.counts as number[])[0] = -3), "INVALID_MODEL"],
    ["miniBatchKMeansFromJSON", cluster.miniBatchKMeansFromJSON, j(mb), (m) => (m.kind = "kmeans"), "WRONG_MODEL_KIND"],
    ["scalerFromJSON", cluster.scalerFromJSON, j(sc), (m) => ((m.scale as number[])[0] = 0), "INVALID_MODEL"],
    ["scalerFromJSON", cluster.scalerFromJSON, j(sc), (m) => ((m.scale as number[])[1] = -2), "INVALID_MODEL"],
    ["scalerFromJSON", cluster.scalerFromJSON, j(sc), (m) => (m.constantColumns = [5]), "INVALID_MODEL"],
    ["scalerFromJSON", cluster.scalerFromJSON, j(sc), (m) => (m.method = "max"), "INVALID_MODEL"],
    ["hierarchicalFromJSON", cluster.hierarchicalFromJSON, j(hc), (m) => ((m.merges as number[][])[0][2] = -1), "INVALID_MODEL"],
    ["hierarchicalFromJSON", cluster.hierarchicalFromJSON, j(hc), (m) => ((m.merges as number[][])[1][3] = 99), "INVALID_MODEL"],
    ["hierarchicalFromJSON", cluster.hierarchicalFromJSON, j(hc), (m) => (m.linkage = "Ward"), "INVALID_MODEL"],
  ];
  for (const [name, load, model, tamper, code] of cases) {
    it(`${name}: ${tamper.toString().replace(/^\(m\) => /, "")} → ${code}`, () => {
      const m = structuredClone(model);
      tamper(m);
      expectClienteleError(() => load(m), code);
    });
  }
  it("__proto__ keys are rejected without polluting Object.prototype", () => {
    for (const [load, model] of [
      [cluster.kmeansFromJSON, km],
      [cluster.miniBatchKMeansFromJSON, mb],
      [cluster.scalerFromJSON, sc],
      [cluster.hierarchicalFromJSON, hc],
    ] as const) {
      const text = JSON.stringify(model).replace(/^\{/, '{"__proto__":{"polluted":1},');
      expect(() => (load as (m: unknown) => unknown)(JSON.parse(text))).toThrow();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
});

describe("frozen inputs are accepted and never mutated", () => {
  const deepFreeze = <T>(v: T): T => {
    if (v !== null && typeof v === "object" && !ArrayBuffer.isView(v)) {
      for (const x of Object.values(v as object)) deepFreeze(x);
      Object.freeze(v);
    }
    return v;
  };
  it("every export, with its good arguments deep-frozen", async () => {
    for (const [name, f, good] of [...calls, ...asyncCalls]) {
      const args = good.map((a) => deepFreeze(structuredClone(a)));
      const before = JSON.stringify(args);
      await f(...args);
      expect(JSON.stringify(args), name).toBe(before);
    }
  });
  it("a flat Float64Array input is not written to", () => {
    const data = Float64Array.from([0, 0, 0, 1, 1, 0, 10, 10, 10, 11, 11, 10]);
    const copy = data.slice();
    const flat = { data, n: 6, d: 2 };
    cluster.fitKMeans(flat, { k: 2 });
    cluster.fitScaler(flat, { log1p: true });
    cluster.transformPoints(sc, flat);
    cluster.silhouetteScore(flat, lab);
    cluster.fitHierarchical(flat);
    cluster.dbscan(flat, { eps: 1.5 });
    cluster.profileClusters(flat, lab);
    expect(data).toEqual(copy);
  });
});
