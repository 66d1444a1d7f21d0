// Bad-input fuzzing of every function exported by clientele/experiment (enumerated from the
// module, not a hand-kept list): each argument, and each field inside an argument, is replaced
// by null, undefined, NaN, ±Infinity, strings, empty or huge values. Every call must either
// return a result with no NaN or ±Infinity anywhere (so JSON.stringify keeps every number) or
// throw a ClienteleError with a catalogue code whose message names the public function.
// Deterministic: the substitutions are enumerated, not sampled.
import { describe, expect, it } from "vitest";
import * as E from "../../src/experiment/index.js";
import { ERROR_CODES } from "../../src/core/codes.js";

const conv = (x: number, n: number) => ({ conversions: x, visitors: n });
const raw = (k: number, shift = 0) => Array.from({ length: 12 }, (_, i) => ((i * 7 + k) % 11) + shift);

// One valid call per export; the fuzzer mutates these.
const valid: Record<string, () => unknown[]> = {
  twoProportionTest: () => [conv(200, 2000), conv(250, 2000), { alpha: 0.05, alternative: "two-sided" }],
  welchTTest: () => [raw(1), raw(2, 1), { alpha: 0.05, alternative: "greater" }],
  bayesianProportions: () => [conv(30, 500), conv(38, 500), { prior: { alpha: 1, beta: 1 } }],
  bayesianMeans: () => [{ mean: 10, sd: 20, n: 5000 }, { mean: 10.8, sd: 21, n: 5000 }, {}],
  betaQuantile: () => [0.975, 201, 1801],
  sampleSizeProportions: () => [{ baseline: 0.1, mde: 0.01, relative: false, alpha: 0.05, power: 0.8, alternative: "two-sided" }],
  powerProportions: () => [{ n: 500, p1: 0.1, p2: 0.12, alpha: 0.05, alternative: "one-sided" }],
  sampleSizeMeans: () => [{ mde: 1, sd: 3, alpha: 0.05, power: 0.8, alternative: "two-sided" }],
  powerMeans: () => [{ n: 20, delta: 1, sd: 1, alpha: 0.05, alternative: "two-sided" }],
  noncentralTSf: () => [2, 10, 1.5],
  sampleRatioMismatch: () => [[5012, 4988], { expected: [1, 1], threshold: 0.001 }],
  cuped: () => [{ y: raw(1, 5), x: raw(1) }, { y: raw(2, 6), x: raw(3) }, { alpha: 0.05 }],
  sequentialTest: () => [
    [
      { control: conv(50, 1000), treatment: conv(62, 1000) },
      { control: conv(101, 2000), treatment: conv(140, 2000) },
    ],
    { alpha: 0.05, tau: 0.01 },
  ],
  adjustPValues: () => [[0.01, 0.04, 0.03], "bh"],
  heterogeneityTest: () => [
    [0.02, -0.01, 0.015],
    [0.008, 0.01, 0.012],
  ],
  segmentEffects: () => [
    [
      { segment: "constructor", control: conv(120, 3000), treatment: conv(170, 3000) },
      { segment: "__proto__", control: conv(300, 3000), treatment: conv(290, 3000) },
      { segment: "toString", control: conv(30, 300), treatment: conv(29, 300) },
    ],
    { alpha: 0.05, correction: "holm" },
  ],
  analyzeExperiment: () => [
    {
      metricName: "conversion",
      control: conv(1400, 12000),
      treatment: conv(1250, 12000),
      intendedSplit: [1, 1],
      mde: 0.01,
      segments: [
        { segment: "new", control: conv(100, 3000), treatment: conv(170, 3000) },
        { segment: "returning", control: conv(800, 6000), treatment: conv(640, 6000) },
      ],
    },
    { alpha: 0.05, correction: "bh", srmThreshold: 0.001, lossThreshold: 0.001 },
  ],
};
const continuousAnalyze = () => [{ control: raw(1, 5), treatment: raw(2, 6), covariate: { control: raw(1), treatment: raw(3) }, mde: 0.5 }, {}];

const BAD: unknown[] = [
  null,
  undefined,
  NaN,
  Infinity,
  -Infinity,
  "1",
  "",
  [],
  {},
  true,
  0,
  -1,
  0.5,
  1e308,
  -1e308,
  5e-324,
  2 ** 53,
  [NaN],
  [1e308, 1e308],
  [0, 0],
  { valueOf: () => 1 },
];

const notExported = new Set(["ClienteleError", "isClienteleError", "createRng", "isRng"]);

function nonFinitePath(x: unknown, path: string, seen = new Set<unknown>()): string | null {
  if (typeof x === "number") return Number.isFinite(x) ? null : `${path} = ${x}`;
  if (x === null || typeof x !== "object" || seen.has(x)) return null;
  seen.add(x);
  for (const [k, v] of Object.entries(x)) {
    const p = nonFinitePath(v, `${path}.${k}`, seen);
    if (p) return p;
  }
  return null;
}

/** Every argument list with one argument, or one field one level inside an argument, replaced. */
function* mutations(args: unknown[]): Generator<[string, unknown[]]> {
  for (let i = 0; i < args.length; i++) {
    for (const bad of BAD) {
      const a = structuredClone(args);
      a[i] = bad;
      yield [`arg${i} = ${String(bad)}`, a];
    }
    const arg = args[i];
    if (arg && typeof arg === "object") {
      const keys = Array.isArray(arg) ? arg.map((_, k) => k) : Object.keys(arg);
      for (const k of keys) {
        for (const bad of BAD) {
          const a = structuredClone(args) as any[];
          a[i][k] = bad;
          yield [`arg${i}[${String(k)}] = ${String(bad)}`, a];
          const inner = (args[i] as any)[k];
          if (inner && typeof inner === "object" && !Array.isArray(inner)) {
            for (const kk of Object.keys(inner)) {
              const b = structuredClone(args) as any[];
              b[i][k][kk] = bad;
              yield [`arg${i}[${String(k)}][${kk}] = ${String(bad)}`, b];
            }
          }
        }
      }
      if (!Array.isArray(arg)) {
        const a = structuredClone(args) as any[];
        a[i] = { ...a[i], unknownKey: 1 };
        yield [`arg${i} with an unknown key`, a];
      }
    }
  }
}

function check(name: string, fn: (...a: unknown[]) => unknown, label: string, args: unknown[], failures: string[]): void {
  let result: unknown;
  try {
    result = fn(...args);
  } catch (e) {
    if (!E.isClienteleError(e)) {
      failures.push(`${name}(${label}): ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      return;
    }
    if (!(e.code in ERROR_CODES)) failures.push(`${name}(${label}): code ${e.code} not in the catalogue`);
    if (!e.message.startsWith(`${name}:`)) failures.push(`${name}(${label}): message does not name ${name}: ${e.message}`);
    return;
  }
  const bad = nonFinitePath(result, "result");
  if (bad) failures.push(`${name}(${label}): ${bad}`);
  if (JSON.stringify(result) === undefined && result !== undefined) failures.push(`${name}(${label}): not JSON-serializable`);
}

describe("experiment: bad-input fuzz over every export", () => {
  const fns = Object.entries(E).filter(([k, v]) => typeof v === "function" && !notExported.has(k)) as [string, (...a: unknown[]) => unknown][];

  it("has a valid call for every exported function", () => {
    expect(fns.map(([k]) => k).filter((k) => !(k in valid))).toEqual([]);
  });

  for (const [name, fn] of fns) {
    it(`${name}: every mutated call returns finite numbers or throws a ClienteleError naming it`, () => {
      const base = valid[name]();
      const failures: string[] = [];
      expect(() => fn(...base)).not.toThrow();
      check(name, fn, "valid", base, failures);
      const lists = name === "analyzeExperiment" ? [base, continuousAnalyze()] : [base];
      for (const args of lists) for (const [label, a] of mutations(args)) check(name, fn, label, a, failures);
      expect(Object.prototype).not.toHaveProperty("polluted");
      expect(failures.slice(0, 15)).toEqual([]);
    });
  }
});
