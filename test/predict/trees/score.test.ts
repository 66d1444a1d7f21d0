// The branch-free scorer (rank codes, self-pointing leaves, eight rows per walk) against the
// node-by-node walk of step(): equal margins, bit for bit, on random trees whose thresholds repeat,
// sit on the rows' own values, or are Number.MAX_VALUE (clientele's "all non-missing values left"),
// for both split rules ("le" and XGBoost's "lt-float32") and missing values on either side.
// Also: rank codes equal a binary search, and the WebAssembly histogram kernels grow the trees
// the JavaScript path grows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FitGradientBoostingOptions, GradientBoostingModel, TreeJSON } from "../../../src/predict/trees.js";
import { compile } from "../../../src/predict/trees/model.js";
import { createRng } from "../../../src/core/rng.js";
import { codeOf, codeTable } from "../../../src/predict/trees/codes.js";
import { fitArena } from "../../../src/predict/trees/arena.js";
import { fitGradientBoostingWith } from "../../../src/predict/trees/fit.js";
import { leafOf, marginsOf, prepare } from "../../../src/predict/trees/score.js";

const VALUES = [-2.5, -1, -0.25, 0, 0.1, 0.5, 1, 3, 1e-300, -1e300, Number.MAX_VALUE];

/** A random tree on d features: nodes in depth-first order, children after their parent. */
function tree(pick: () => number, d: number, maxDepth: number): TreeJSON {
  const t: TreeJSON = { feature: [], threshold: [], left: [], right: [], value: [], defaultLeft: [], cover: [] };
  const grow = (depth: number): number => {
    const id = t.feature.length;
    t.feature.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push((pick() - 500) / 97);
    t.defaultLeft.push(0);
    t.cover.push(1);
    if (depth < maxDepth && pick() % 4 !== 0) {
      t.feature[id] = pick() % d;
      t.threshold[id] = VALUES[pick() % VALUES.length]!;
      t.defaultLeft[id] = pick() % 2;
      t.value[id] = 0;
      const l = grow(depth + 1);
      const r = grow(depth + 1);
      t.left[id] = l;
      t.right[id] = r;
      t.cover[id] = t.cover[l]! + t.cover[r]!;
    }
    return id;
  };
  grow(0);
  return t;
}

describe("branch-free scoring", () => {
  it("gives the same margins as the node-by-node walk (le and lt-float32 rules, missing either side; WebAssembly and JavaScript)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { minLength: 64, maxLength: 64 }),
        fc.integer({ min: 1, max: 13 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 4 }),
        (seeds, n, lt, d) => {
          let q = 0;
          const pick = (): number => seeds[q++ % seeds.length]! + q;
          const trees = Array.from({ length: 1 + (pick() % 5) }, () => tree(pick, d, 1 + (pick() % 6)));
          const model: GradientBoostingModel = {
            kind: "gradient-boosting",
            version: 1,
            source: lt ? "xgboost" : "clientele",
            objective: "squared-error",
            splitRule: lt ? "lt-float32" : "le",
            baseScore: 0.5,
            nFeatures: d,
            featureNames: Array.from({ length: d }, (_, j) => `x${j}`),
            categorical: [],
            trees,
            fit: { nIter: trees.length, trainLoss: [], validationLoss: [], stoppedEarly: false },
          };
          const c = compile(model, "test");
          expect(c.flat).not.toBeNull();
          const data = new Float64Array(n * d);
          for (let i = 0; i < data.length; i++) {
            const r = pick() % (VALUES.length + 3);
            data[i] = r < VALUES.length ? VALUES[r]! : r === VALUES.length ? NaN : (pick() - 500) / 77;
          }
          const p = prepare(c, { n, d, names: model.featureNames, data, missing: 0 }, "test");
          const got = marginsOf(c, p.data, n);
          const js = marginsOf(c, p.data, n, "js");
          for (let i = 0; i < n; i++) {
            let want = model.baseScore;
            for (let t = 0; t < c.nTrees; t++) want += c.value[leafOf(c, t, p.data, n, i)]!;
            expect(got[i]).toBe(want);
            expect(js[i]).toBe(want);
          }
        },
      ),
      { seed: 12, numRuns: 300 },
    );
  });
});

describe("rank codes", () => {
  it("equal a binary search (thresholds below x; at or below x), with repeated, huge and infinite thresholds", () => {
    const special = fc.constantFrom(-Infinity, Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, 0, -0, 1e-300, 5e-324);
    const value = fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -5, max: 5 }), special);
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), fc.array(value, { minLength: 1, maxLength: 30 }), (raw, xs) => {
        const cuts = Float64Array.from(raw).sort();
        const T = codeTable(cuts);
        for (const x of xs) {
          let below = 0;
          let atOrBelow = 0;
          for (const c of cuts) {
            if (c < x) below++;
            if (c <= x) atOrBelow++;
          }
          expect(codeOf(T, x, false)).toBe(below);
          expect(codeOf(T, x, true)).toBe(atOrBelow);
        }
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});

describe("histogram backends", () => {
  it("the WebAssembly kernels and the JavaScript path grow the same trees (missing values, categorical, subsampling, validation)", () => {
    const r = createRng(3);
    const n = 3001;
    const X: (number | null)[][] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = r.uniform() < 0.1 ? null : r.normal();
      const c = Math.floor(r.uniform() * 5);
      const b = r.normal();
      X.push([a, c, b, Math.round(b * 4)]);
      y.push(r.uniform() < 1 / (1 + Math.exp(-((a ?? 1) + (c === 2 ? 1 : 0) - b))) ? 1 : 0);
    }
    expect(fitArena(n, 4, 33, 4 * 768)).not.toBeNull(); // Node has WebAssembly: "auto" takes the kernels
    const cases: (() => FitGradientBoostingOptions)[] = [
      () => ({ maxIter: 15 }),
      () => ({ maxIter: 10, categorical: [1], subsample: 0.6, featureFraction: 0.5, rng: createRng(9) }),
      () => ({ maxIter: 30, validationFraction: 0.25, maxLeaves: 80, minSamplesLeaf: 3 }),
    ];
    for (const o of cases) {
      const w = fitGradientBoostingWith(X, y, o(), "auto");
      const j = fitGradientBoostingWith(X, y, o(), "js");
      expect(JSON.stringify(w)).toBe(JSON.stringify(j));
    }
  });
});
