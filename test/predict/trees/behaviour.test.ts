// fitGradientBoosting behaviour: missing values routed by a learned default side, categorical features
// and unknown levels at prediction (scored as missing, counted), monotonic constraints, early stopping,
// Poisson, abort/progress, and bad input (codes).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/core/rng.js";
import { fitGradientBoosting, fitGradientBoostingAsync, gradientBoostingFromJSON, predictGradientBoosting } from "../../../src/predict/trees.js";

function rows(n: number, seed: number, f: (r: ReturnType<typeof createRng>) => { x: (number | null)[]; y: number }): { X: (number | null)[][]; y: number[] } {
  const r = createRng(seed);
  const X: (number | null)[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = f(r);
    X.push(o.x);
    y.push(o.y);
  }
  return { X, y };
}

describe("missing values", () => {
  it("learns where missing rows go: missing behaves like high x when the missing rows are positives", () => {
    const { X, y } = rows(2000, 1, (r) => {
      const miss = r.uniform() < 0.2;
      const x = r.normal();
      return { x: [miss ? null : x], y: miss ? 1 : x > 1 ? 1 : 0 };
    });
    const m = fitGradientBoosting(X, y, { maxIter: 20 });
    const p = predictGradientBoosting(m, [[null], [-1], [2]]);
    expect(p.values[0]!).toBeGreaterThan(0.9);
    expect(p.values[1]!).toBeLessThan(0.1);
    expect(p.missing).toBe(1);
  });
  it("a feature without missing values in training sends missing values to the larger child (scikit-learn's rule)", () => {
    const { X, y } = rows(1000, 2, (r) => {
      const x = r.uniform();
      return { x: [x], y: x > 0.8 ? 1 : 0 };
    });
    const m = fitGradientBoosting(X, y, { maxIter: 1, maxLeaves: 2 });
    expect(m.trees[0]!.defaultLeft[0]).toBe(1); // left child (x <= ~0.8) holds most rows
  });
});

describe("categorical features", () => {
  const data = rows(3000, 3, (r) => {
    const c = Math.floor(r.uniform() * 6);
    return { x: [c, r.normal()], y: r.uniform() < ([1, 4].includes(c) ? 0.85 : 0.15) ? 1 : 0 };
  });
  it("splits levels by their gradient statistics (levels 1 and 4 separated from the rest)", () => {
    const m = fitGradientBoosting(data.X, data.y, { maxIter: 30, categorical: [0] });
    expect(m.categorical).toEqual([{ feature: 0, levels: [0, 1, 2, 3, 4, 5] }]);
    expect([
      [1, 4],
      [0, 2, 3, 5],
    ]).toContainEqual(m.trees[0]!.categories![0]!.slice().sort()); // the root split
    const p = predictGradientBoosting(m, [
      [1, 0],
      [4, 0],
      [0, 0],
      [5, 0],
    ]).values;
    expect(Math.min(p[0]!, p[1]!)).toBeGreaterThan(0.7);
    expect(Math.max(p[2]!, p[3]!)).toBeLessThan(0.3);
  });
  it("a level never seen in training is scored as missing and counted in unknownLevels; by name too", () => {
    const m = fitGradientBoosting({ names: ["plan", "x"], columns: [data.X.map((r) => r[0]!), data.X.map((r) => r[1]!)] }, data.y, {
      maxIter: 10,
      categorical: ["plan"],
    });
    const r = predictGradientBoosting(m, [
      [9, 0],
      [null, 0],
      [2.5, 0],
      [1, 0],
    ]);
    expect(r.unknownLevels).toBe(2); // 9 and 2.5
    expect(r.missing).toBe(1);
    expect(r.values[0]).toBe(r.values[1]);
    expect(r.values[2]).toBe(r.values[1]);
  });
  it("rejects non-integer or negative codes in training", () => {
    expect(() => fitGradientBoosting([[0.5], [1]], [0, 1], { categorical: [0] })).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(() => fitGradientBoosting([[0], [1]], [0, 1], { categorical: ["nope"] })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
  });
});

describe("monotonic constraints", () => {
  it("fast-check: with monotonic [1, -1] predictions never decrease in x0 nor increase in x1", () => {
    const { X, y } = rows(2000, 4, (r) => {
      const a = r.normal();
      const b = r.normal();
      return { x: [a, b], y: r.uniform() < 1 / (1 + Math.exp(-(Math.sin(3 * a) + a - b))) ? 1 : 0 };
    });
    const m = fitGradientBoosting(X, y, { maxIter: 30, monotonic: [1, -1] });
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (a, b, s) => {
          const p = predictGradientBoosting(m, [
            [a, b],
            [a + s, b],
            [a, b + s],
          ]).values;
          expect(p[1]!).toBeGreaterThanOrEqual(p[0]! - 1e-12);
          expect(p[2]!).toBeLessThanOrEqual(p[0]! + 1e-12);
        },
      ),
      { numRuns: 300 },
    );
    expect(() => fitGradientBoosting(X, y, { monotonic: [1] })).toThrow(expect.objectContaining({ code: "LENGTH_MISMATCH" }));
  });
});

describe("early stopping, Poisson, progress and abort", () => {
  const noisy = rows(3000, 5, (r) => {
    const a = r.normal();
    return { x: [a, r.normal(), r.normal()], y: r.uniform() < 1 / (1 + Math.exp(-0.5 * a)) ? 1 : 0 };
  });
  it("stops when the validation loss stops improving (validationFraction, seeded; or a validation set)", () => {
    const m = fitGradientBoosting(noisy.X, noisy.y, { maxIter: 500, learningRate: 0.3, validationFraction: 0.25, nIterNoChange: 5, rng: createRng(1) });
    expect(m.fit.stoppedEarly).toBe(true);
    expect(m.trees.length).toBeLessThan(500);
    expect(m.fit.validationLoss.length).toBe(m.trees.length);
    const v = rows(1000, 6, (r) => {
      const a = r.normal();
      return { x: [a, r.normal(), r.normal()], y: r.uniform() < 1 / (1 + Math.exp(-0.5 * a)) ? 1 : 0 };
    });
    const m2 = fitGradientBoosting(noisy.X, noisy.y, { maxIter: 500, learningRate: 0.3, validation: { X: v.X, y: v.y }, nIterNoChange: 5 });
    expect(m2.fit.stoppedEarly).toBe(true);
    expect(() => fitGradientBoosting(noisy.X, noisy.y, { validation: { X: v.X, y: v.y }, validationFraction: 0.2 })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
  });
  it("Poisson: predictions are positive means that follow the rate", () => {
    const { X, y } = rows(3000, 7, (r) => {
      const a = r.uniform();
      return { x: [a], y: r.poisson(Math.exp(2 * a)) };
    });
    const m = fitGradientBoosting(X, y, { objective: "poisson", maxIter: 50 });
    const p = predictGradientBoosting(m, [[0.05], [0.95]]).values;
    expect(p[0]!).toBeGreaterThan(0.7);
    expect(p[0]!).toBeLessThan(1.5);
    expect(p[1]!).toBeGreaterThan(5);
    expect(p[1]!).toBeLessThan(8.5);
  });
  it("onProgress once per iteration; an aborted signal stops the async fit with ABORTED", async () => {
    const seen: number[] = [];
    fitGradientBoosting(noisy.X, noisy.y, { maxIter: 4, onProgress: (p) => seen.push(p.iteration) });
    expect(seen).toEqual([1, 2, 3, 4]);
    const ac = new AbortController();
    ac.abort();
    await expect(fitGradientBoostingAsync(noisy.X, noisy.y, { signal: ac.signal })).rejects.toMatchObject({ code: "ABORTED" });
  });
});

describe("bad input", () => {
  it("labels, shapes, infinities and tampered models get codes", () => {
    const X = [[1], [2], [3]];
    const code = (f: () => unknown, c: string) => expect(f).toThrow(expect.objectContaining({ code: c }));
    code(() => fitGradientBoosting(X, [0, 2, 1]), "INVALID_LABEL");
    code(() => fitGradientBoosting(X, [1, 1, 1]), "DEGENERATE_INPUT");
    code(() => fitGradientBoosting(X, [0, 1]), "LENGTH_MISMATCH");
    code(() => fitGradientBoosting([[1], [Infinity], [3]], [0, 1, 0]), "NON_FINITE");
    code(() => fitGradientBoosting(X, [0, 1, -1], { objective: "poisson" }), "NEGATIVE_VALUE");
    code(() => fitGradientBoosting(X, [0, null as unknown as number, 1]), "MISSING_VALUE");
    code(() => fitGradientBoosting(X, [0, 1, 0], { max_iter: 5 } as never), "INVALID_OPTION");
    const m = fitGradientBoosting(X, [0, 1, 0], { maxIter: 2, minSamplesLeaf: 1 });
    code(() => predictGradientBoosting(m, [[1, 2]]), "SHAPE_MISMATCH");
    const j = JSON.parse(JSON.stringify(m));
    j.trees[0].left[0] = 0;
    code(() => gradientBoostingFromJSON(j), "INVALID_MODEL");
    const j2 = JSON.parse(JSON.stringify(m));
    j2.trees[0].cover[1] += 5;
    code(() => gradientBoostingFromJSON(j2), "INVALID_MODEL");
    code(() => gradientBoostingFromJSON(JSON.parse('{"__proto__": {"x": 1}, "kind": "gradient-boosting", "version": 1}')), "INVALID_MODEL");
    code(() => gradientBoostingFromJSON({ ...m, kind: "logistic-regression" }), "WRONG_MODEL_KIND");
    code(() => gradientBoostingFromJSON({ ...m, version: 2 }), "UNSUPPORTED_MODEL_VERSION");
  });
  it("inputs are not mutated (deep-frozen rows work)", () => {
    const X = Object.freeze([Object.freeze([1, null]), Object.freeze([2, 3]), Object.freeze([3, 1]), Object.freeze([4, 0])]);
    const y = Object.freeze([0, 0, 1, 1]);
    const m = fitGradientBoosting(X, y, { maxIter: 2, minSamplesLeaf: 1 });
    expect(predictGradientBoosting(m, X).values.length).toBe(4);
  });
});
