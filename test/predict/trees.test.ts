// fitGradientBoosting / predictGradientBoosting / gradientBoostingFromJSON: TSDoc examples,
// definitions checked by hand, determinism, JSON round trip, missing values, categorical levels,
// monotonic constraints, early stopping and bad input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { fitGradientBoosting, fitGradientBoostingAsync, gradientBoostingFromJSON, predictGradientBoosting } from "../../src/predict/trees.js";
import { predictProba } from "../../src/predict/predict.js";

/** A seeded data set: y depends on x0 (+), x1 (interaction with x2) and x3 (-). */
export function synth(n: number, seed: number, missing = 0.1): { X: (number | null)[][]; y: number[] } {
  const r = createRng(seed);
  const X: (number | null)[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row: (number | null)[] = [r.normal(), r.normal(), r.normal(), r.normal(), Math.floor(r.uniform() * 5)];
    const eta = row[0]! + row[1]! * row[2]! - Math.abs(row[3]!) + (row[4] === 2 ? 1.5 : 0);
    if (r.uniform() < missing) row[0] = null;
    X.push(row);
    y.push(r.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
  }
  return { X, y };
}

describe("TSDoc examples", () => {
  it("fitGradientBoosting example", () => {
    const X = [[1], [2], [3], [4], [5], [6], [7], [8]];
    const m = fitGradientBoosting(X, [0, 0, 0, 0, 1, 1, 1, 1], { maxIter: 10, minSamplesLeaf: 2, learningRate: 0.3 });
    expect(m.trees.length).toBe(10);
    expect(Array.from(predictGradientBoosting(m, [[2], [7]]).values, (p) => p.toFixed(3))).toEqual(["0.022", "0.978"]);
  });
  it("fitGradientBoostingAsync example", async () => {
    const m = await fitGradientBoostingAsync([[1], [2], [3], [4]], [0, 0, 1, 1], { maxIter: 3, minSamplesLeaf: 1 });
    expect(m.fit.nIter).toBe(3);
  });
  it("predictGradientBoosting example", () => {
    const m = fitGradientBoosting([[0], [1], [2], [3]], [1, 2, 3, 4], { objective: "squared-error", maxIter: 50, minSamplesLeaf: 1, learningRate: 0.5 });
    expect(Array.from(predictGradientBoosting(m, [[0], [3]]).values, (v) => v.toFixed(2))).toEqual(["1.00", "4.00"]);
  });
  it("gradientBoostingFromJSON example", () => {
    const m = fitGradientBoosting([[0], [1], [2], [3]], [0, 0, 1, 1], { maxIter: 2, minSamplesLeaf: 1 });
    expect(gradientBoostingFromJSON(JSON.parse(JSON.stringify(m))).trees.length).toBe(2);
  });
});

describe("fitGradientBoosting by hand", () => {
  it("one stump on 4 rows: baseline log-odds, leaf values -lr * G / (H + l2)", () => {
    const m = fitGradientBoosting([[0], [1], [2], [3]], [0, 0, 1, 1], { maxIter: 1, minSamplesLeaf: 1, maxLeaves: 2, learningRate: 0.5, l2Regularization: 1 });
    expect(m.baseScore).toBe(0); // log(0.5 / 0.5)
    const t = m.trees[0]!;
    expect(t.feature).toEqual([0, -1, -1]);
    expect(t.threshold[0]).toBe(1.5); // midpoint of 1 and 2 (distinct values <= maxBins)
    // left rows y = 0: g = 0.5 each, h = 0.25 each -> -0.5 * 1 / (0.5 + 1)
    expect(t.value[1]).toBeCloseTo(-0.5 * (1 / 1.5), 15);
    expect(t.value[2]).toBeCloseTo(0.5 * (1 / 1.5), 15);
    expect(t.cover).toEqual([4, 2, 2]);
  });
  it("squared error starts at the mean; Poisson at log of the mean", () => {
    expect(fitGradientBoosting([[0], [1]], [1, 3], { objective: "squared-error", maxIter: 1 }).baseScore).toBe(2);
    expect(fitGradientBoosting([[0], [1]], [1, 3], { objective: "poisson", maxIter: 1 }).baseScore).toBeCloseTo(Math.log(2), 15);
  });
  it("learns a signal, honours maxLeaves and maxDepth", () => {
    const { X, y } = synth(3000, 1);
    const m = fitGradientBoosting(X, y, { maxIter: 30, maxLeaves: 8, maxDepth: 2 });
    for (const t of m.trees) {
      expect(t.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(4);
    }
    const m2 = fitGradientBoosting(X, y, { maxIter: 30, maxLeaves: 8 });
    for (const t of m2.trees) expect(t.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(8);
    expect(m2.fit.trainLoss.at(-1)!).toBeLessThan(m2.fit.trainLoss[0]!);
  });
});

describe("determinism and JSON", () => {
  it("same seed, same model (subsampling, feature fraction, validation fraction); another seed differs", () => {
    const { X, y } = synth(1500, 2);
    const o = { maxIter: 15, subsample: 0.7, featureFraction: 0.6, validationFraction: 0.2 };
    const a = fitGradientBoosting(X, y, { ...o, rng: createRng(5) });
    const b = fitGradientBoosting(X, y, { ...o, rng: createRng(5) });
    const c = fitGradientBoosting(X, y, { ...o, rng: createRng(6) });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });
  it("async fit equals the sync fit", async () => {
    const { X, y } = synth(800, 3);
    const a = fitGradientBoosting(X, y, { maxIter: 10, subsample: 0.8, rng: createRng(1) });
    const b = await fitGradientBoostingAsync(X, y, { maxIter: 10, subsample: 0.8, rng: createRng(1) });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
  it("predictions survive JSON.stringify / parse / gradientBoostingFromJSON exactly", () => {
    const { X, y } = synth(1000, 4);
    const m = fitGradientBoosting(X, y, { maxIter: 20, categorical: [4] });
    const back = gradientBoostingFromJSON(JSON.parse(JSON.stringify(m)));
    expect(Array.from(predictGradientBoosting(back, X).values)).toEqual(Array.from(predictGradientBoosting(m, X).values));
    expect(JSON.parse(JSON.stringify(predictGradientBoosting(m, X.slice(0, 2)))).values.length).toBe(2);
  });
  it("predictProba (the shared dispatcher) gives predictGradientBoosting's values", () => {
    const { X, y } = synth(500, 5);
    const m = fitGradientBoosting(X, y, { maxIter: 5 });
    expect(Array.from(predictProba(m, X))).toEqual(Array.from(predictGradientBoosting(m, X).values));
  });
  it("fast-check: probabilities in [0, 1]; margins = logit of probabilities", () => {
    const { X, y } = synth(600, 6);
    const m = fitGradientBoosting(X, y, { maxIter: 10 });
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constant(null)), { minLength: 5, maxLength: 5 }), (row) => {
        const p = predictGradientBoosting(m, [row]).values[0]!;
        const e = predictGradientBoosting(m, [row], { output: "margin" }).values[0]!;
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(Math.abs(p - 1 / (1 + Math.exp(-e)))).toBeLessThan(1e-15);
      }),
      { numRuns: 200 },
    );
  });
});
