import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  fitParetoNbd,
  paretoNbdFromJSON,
  conditionalExpectedPurchases,
  probabilityAlive,
  expectedPurchases,
  probabilityOfPurchases,
} from "../../src/clv/index.js";
import { paretoNegLogLik, paretoLogI, paretoProbabilityAlive, paretoConditional } from "../../src/clv/paretonbd.js";
import { compressRft } from "../../src/clv/compress.js";
import { numericGradient } from "../../src/core/optimize.js";
import { createRng } from "../../src/core/rng.js";
import { hasCdnow, loadCdnow, simulateProcess } from "./transaction-helpers.js";
import likelihoods from "../fixtures/clv-models/likelihoods.json";

const FHL = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const fhlModel = { kind: "pareto-nbd", version: 1, params: FHL } as never;

function ll(params: number[], x: number, tx: number, T: number): number {
  const data = compressRft(Float64Array.of(x), Float64Array.of(tx), Float64Array.of(T));
  return -paretoNegLogLik(data)(Float64Array.from(params.map(Math.log)), new Float64Array(4));
}

describe("fitParetoNbd on CDNOW", () => {
  it.skipIf(!hasCdnow)("matches the published estimates and log-likelihood", () => {
    const m = fitParetoNbd(loadCdnow(), { timeUnit: "week" });
    // Fader, Hardie & Lee (2005), Marketing Science 24(2) and Fader & Hardie's Pareto/NBD note, CDNOW:
    // r 0.553, alpha 10.578, s 0.606, beta 11.669, LL −9595.0
    expect(m.params.r).toBeCloseTo(0.553, 2);
    expect(m.params.alpha).toBeCloseTo(10.578, 1);
    expect(m.params.s).toBeCloseTo(0.606, 2);
    expect(m.params.beta).toBeCloseTo(11.669, 0);
    expect(m.logLikelihood).toBeCloseTo(-9595.0, 1);
    expect(m.converged).toBe(true);
    expect(m.boundary).toEqual([]); // an interior optimum: nothing at the edge of the search box
    for (const k of ["r", "alpha", "s", "beta"] as const) expect(m.standardErrors[k]!).toBeGreaterThan(0);
  });
});

describe("Pareto/NBD likelihood", () => {
  it("agrees with mpmath integration over the dropout time, heavy buyers and long T included", () => {
    // test/fixtures/clv-models/make_fixtures.py: mpmath.quad (40 digits) of the integral form of the likelihood
    for (const c of likelihoods.paretonbd) expect(ll(c.params, c.x, c.tx, c.T)).toBeCloseTo(c.ll, 7);
  });

  it("series and quadrature branches agree and the analytic gradient matches central differences", () => {
    const data = compressRft(Float64Array.of(0, 2, 40, 900, 300, 5), Float64Array.of(0, 30, 38.9, 500, 100, 38.99), Float64Array.of(39, 39, 39, 520, 520, 39));
    // alpha >= beta and alpha < beta cases, and z close to 1 (quadrature fallback)
    for (const theta of [
      [-0.6, 2.36, -0.5, 2.46],
      [0.5, -1, 1, 3],
      [1.2, 3, -2, -1],
      [-1, 6, 0.3, -2],
    ]) {
      const f = paretoNegLogLik(data);
      const g = new Float64Array(4);
      const v = f(Float64Array.from(theta), g);
      expect(Number.isFinite(v)).toBe(true);
      const ng = numericGradient((x) => f(x, new Float64Array(4)), theta);
      for (let k = 0; k < 4; k++) expect(g[k]).toBeCloseTo(ng[k], 3);
    }
    // alpha = 500, beta = 0.5, t_x = 0: z = 0.999, beyond the series budget, so the quadrature runs
    const out = new Float64Array(4);
    const lq = paretoLogI(1.8, 500, 1.5, 0.5, 0, 520, out);
    expect(Number.isFinite(lq)).toBe(true);
  });

  it("is finite for frequency up to 1,000 and T up to 520 weeks (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.record({
          r: fc.double({ min: 0.05, max: 5, noNaN: true }),
          alpha: fc.double({ min: 0.5, max: 100, noNaN: true }),
          s: fc.double({ min: 0.05, max: 5, noNaN: true }),
          beta: fc.double({ min: 0.5, max: 100, noNaN: true }),
        }),
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0.1, max: 520, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 100, noNaN: true }),
        (params, x, T, frac, t) => {
          const model = { kind: "pareto-nbd", version: 1, params } as never;
          const cust = { frequency: [x], recency: [x === 0 ? 0 : frac * T], T: [T] };
          const pa = probabilityAlive(model, cust)[0];
          expect(pa).toBeGreaterThanOrEqual(0);
          expect(pa).toBeLessThanOrEqual(1);
          const c1 = conditionalExpectedPurchases(model, cust, t)[0];
          const c2 = conditionalExpectedPurchases(model, cust, t + 1)[0];
          expect(Number.isFinite(c1)).toBe(true);
          expect(c2).toBeGreaterThanOrEqual(c1);
          expect(expectedPurchases(model, t + 1)).toBeGreaterThan(expectedPurchases(model, t));
          const data = compressRft(Float64Array.of(x), Float64Array.of(cust.recency[0]), Float64Array.of(T));
          const g = new Float64Array(4);
          const v = paretoNegLogLik(data)(Float64Array.from([params.r, params.alpha, params.s, params.beta].map(Math.log)), g);
          expect(Number.isFinite(v) && g.every(Number.isFinite)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });
});

describe("Pareto/NBD predictions", () => {
  it("P(X(t) = n) sums to 1 and its mean is E[X(t)]", () => {
    for (const t of [5, 39, 150]) {
      let sum = 0;
      let mean = 0;
      for (let n = 0; n < 600; n++) {
        const p = probabilityOfPurchases(fhlModel, t, n);
        sum += p;
        mean += n * p;
      }
      expect(sum).toBeCloseTo(1, 7);
      expect(mean).toBeCloseTo(expectedPurchases(fhlModel, t), 5);
    }
  });

  it("the batched (shared-series) predictions equal the one-customer formulas", () => {
    const cust = { frequency: [0, 2, 2, 7, 300, 1000, 5], recency: [0, 30.43, 30.43, 38.86, 100, 515, 38.859], T: [38.86, 38.86, 39, 38.86, 520, 520, 38.86] };
    const pa = probabilityAlive(fhlModel, cust);
    const ce = conditionalExpectedPurchases(fhlModel, cust, 39);
    for (let i = 0; i < cust.T.length; i++) {
      expect(pa[i]).toBeCloseTo(paretoProbabilityAlive(FHL, cust.frequency[i], cust.recency[i], cust.T[i]), 12);
      expect(ce[i]).toBeCloseTo(paretoConditional(FHL, cust.frequency[i], cust.recency[i], cust.T[i], 39), 12);
    }
  });

  it("conditional expectations and P(alive) agree with a simulation of the process", () => {
    // 30,000 customers from the Pareto/NBD story (Gamma purchase and dropout rates, exponential lifetime), seeded
    const sim = simulateProcess("pareto-nbd", FHL, 30000, 39, 39, createRng(5));
    const pred = conditionalExpectedPurchases(fhlModel, sim, 39);
    const alive = probabilityAlive(fhlModel, sim);
    for (const bin of [
      [0, 0],
      [1, 1],
      [2, 3],
      [4, 1e9],
    ]) {
      let n = 0,
        sp = 0,
        sy = 0,
        sy2 = 0,
        sa = 0,
        sA = 0;
      for (let i = 0; i < sim.frequency.length; i++) {
        if (sim.frequency[i] < bin[0] || sim.frequency[i] > bin[1]) continue;
        n++;
        sp += pred[i];
        sy += sim.holdout[i];
        sy2 += sim.holdout[i] ** 2;
        sa += alive[i];
        sA += sim.alive[i] ? 1 : 0;
      }
      const mean = sy / n;
      const se = Math.sqrt((sy2 / n - mean * mean) / n);
      expect(Math.abs(sp / n - mean)).toBeLessThan(4 * se + 0.01);
      expect(Math.abs(sa / n - sA / n)).toBeLessThan(4 * Math.sqrt(0.25 / n) + 0.005);
    }
  });
});

describe("Pareto/NBD contract", () => {
  const small = { frequency: [2, 1, 0, 0, 5, 3, 0, 1], recency: [30.4, 1.7, 0, 0, 20, 12, 0, 5], T: [38.9, 38.9, 38.9, 30, 35, 20, 10, 8] };
  it("is deterministic and round-trips through JSON", () => {
    const a = fitParetoNbd(small, { timeUnit: "week" });
    expect(fitParetoNbd(small, { timeUnit: "week" })).toEqual(a);
    expect(paretoNbdFromJSON(JSON.parse(JSON.stringify(a)))).toEqual(JSON.parse(JSON.stringify(a)));
    expect(() => paretoNbdFromJSON({ ...a, kind: "bg-nbd" })).toThrow(expect.objectContaining({ code: "WRONG_MODEL_KIND" }));
    expect(() => fitParetoNbd({ frequency: [1], recency: [NaN], T: [3] }, { timeUnit: "week" })).toThrow(expect.objectContaining({ code: "NON_FINITE" }));
    expect(() => fitParetoNbd({ frequency: [], recency: [], T: [] }, { timeUnit: "week" })).toThrow(expect.objectContaining({ code: "EMPTY_INPUT" }));
  });
});
