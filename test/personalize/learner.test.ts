// The built-in outcome learners of fitUplift (src/personalize/learner.ts). Expected values by hand.
import { describe, expect, it } from "vitest";
import { fitLinearLearner, isLinearLearnerModel, predictLinearLearner, solvePd } from "../../src/personalize/learner.js";
import { expectClienteleError } from "../helpers/errors.js";

const col = (xs: number[]) => ({ data: Float64Array.from(xs), n: xs.length, d: 1 });

describe("solvePd", () => {
  it("solves [[4, 2], [2, 3]] x = [2, 1]: x = A⁻¹ b = [[3, -2], [-2, 4]] / 8 · b = [0.5, 0]", () => {
    const x = solvePd(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2)!;
    expect(x[0]).toBeCloseTo(0.5, 15);
    expect(x[1]).toBeCloseTo(0, 15);
  });
  it("returns null for a matrix that is not positive definite ([[1, 2], [2, 1]] has eigenvalue -1)", () => {
    expect(solvePd(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2)).toBeNull();
  });
});

describe("fitLinearLearner / predictLinearLearner", () => {
  const x = col([0, 1, 2, 3]);
  const y = Float64Array.of(1, 3, 5, 7); // y = 1 + 2x exactly

  it("ridge without penalty reproduces an exact line", () => {
    const m = fitLinearLearner("ridge", x, y, undefined, 0, "fitUplift");
    expect(m.mean).toEqual([1.5]);
    expect(m.scale[0]).toBeCloseTo(Math.sqrt(1.25), 15); // weighted population sd of 0..3
    const p = predictLinearLearner(m, x);
    for (let i = 0; i < 4; i++) expect(p[i]).toBeCloseTo(y[i], 10);
  });

  it("ridge penalty 1 on the standardized feature halves the slope: 4 + (x − 1.5) = 2.5, 3.5, 4.5, 5.5", () => {
    // b = cov(z, y) / (var(z) + λ) with var(z) = 1 and λ = 1 (the loss is the weighted mean)
    const p = predictLinearLearner(fitLinearLearner("ridge", x, y, undefined, 1, "fitUplift"), x);
    [2.5, 3.5, 4.5, 5.5].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 10));
  });

  it("row weights count as repeated rows", () => {
    const w = fitLinearLearner("ridge", col([0, 1]), Float64Array.of(1, 3), Float64Array.of(1, 3), 0.5, "f");
    const rep = fitLinearLearner("ridge", col([0, 1, 1, 1]), Float64Array.of(1, 3, 3, 3), undefined, 0.5, "f");
    expect(predictLinearLearner(w, col([0, 1]))[0]).toBeCloseTo(predictLinearLearner(rep, col([0, 1]))[0], 12);
  });

  it("logistic without penalty gives the group rates of a saturated model (1/4 at x = 0, 3/4 at x = 1)", () => {
    const m = fitLinearLearner("logistic", col([0, 0, 0, 0, 1, 1, 1, 1]), Float64Array.of(0, 0, 0, 1, 0, 1, 1, 1), undefined, 0, "fitUplift");
    const p = predictLinearLearner(m, col([0, 1]));
    expect(p[0]).toBeCloseTo(0.25, 9);
    expect(p[1]).toBeCloseTo(0.75, 9);
    // no signal: intercept and coefficient 0, probability 1/2
    const flat = fitLinearLearner("logistic", col([0, 0, 1, 1]), Float64Array.of(0, 1, 0, 1), undefined, 0, "fitUplift");
    expect(flat.intercept).toBeCloseTo(0, 15);
    expect(predictLinearLearner(flat, col([0.3]))[0]).toBeCloseTo(0.5, 15);
  });

  it("separable logistic data: without penalty the 50 Newton steps end finite but large; a penalty shrinks the coefficient", () => {
    const xs = col([0, 1, 2, 3]);
    const ys = Float64Array.of(0, 0, 1, 1);
    const free = fitLinearLearner("logistic", xs, ys, undefined, 0, "fitUplift");
    expect(Number.isFinite(free.coef[0])).toBe(true);
    expect(free.coef[0]).toBeGreaterThan(20); // the MLE does not exist (it grows every step); measured 63.77
    const pen = fitLinearLearner("logistic", xs, ys, undefined, 1e-2, "fitUplift");
    expect(pen.coef[0]).toBeGreaterThan(0);
    expect(pen.coef[0]).toBeLessThan(free.coef[0] / 2);
  });

  it("isLinearLearnerModel accepts a fitted model of the right width and rejects tampered ones", () => {
    const m = fitLinearLearner("ridge", x, y, undefined, 0, "f");
    expect(isLinearLearnerModel(m, 1)).toBe(true);
    expect(isLinearLearnerModel(JSON.parse(JSON.stringify(m)), 1)).toBe(true);
    expect(isLinearLearnerModel(m, 2)).toBe(false);
    expect(isLinearLearnerModel({ ...m, extra: 1 }, 1)).toBe(false);
    expect(isLinearLearnerModel({ ...m, type: "tree" }, 1)).toBe(false);
    expect(isLinearLearnerModel({ ...m, coef: [Number.NaN] }, 1)).toBe(false);
    expect(isLinearLearnerModel(null, 1)).toBe(false);
  });

  it("collinear features without penalty are SINGULAR_SYSTEM", () => {
    const X = { data: Float64Array.of(0, 0, 1, 1, 2, 2), n: 3, d: 2 };
    expect(expectClienteleError(() => fitLinearLearner("ridge", X, Float64Array.of(1, 2, 3), undefined, 0, "fitUplift"), "SINGULAR_SYSTEM").message).toMatch(
      /^fitUplift: /,
    );
  });
});
