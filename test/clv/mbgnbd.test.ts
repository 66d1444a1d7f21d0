import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fitMbgNbd, mbgNbdFromJSON, conditionalExpectedPurchases, probabilityAlive, expectedPurchases, probabilityOfPurchases } from "../../src/clv/index.js";
import { bgFamilyNegLogLik } from "../../src/clv/bgnbd.js";
import { compressRft } from "../../src/clv/compress.js";
import { numericGradient } from "../../src/core/optimize.js";
import { createRng } from "../../src/core/rng.js";
import { hasCdnow, loadCdnow, simulateProcess } from "./transaction-helpers.js";
import likelihoods from "../fixtures/clv-models/likelihoods.json";

const P = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const model = { kind: "mbg-nbd", version: 1, params: P } as never;

describe("MBG/NBD", () => {
  it("log-likelihood agrees with numerical integration of the process likelihood over p", () => {
    // test/fixtures/clv-models/make_fixtures.py (mpmath.quad over p ~ Beta(a, b), λ integrated in closed form)
    for (const c of likelihoods.mbgnbd) {
      const data = compressRft(Float64Array.of(c.x), Float64Array.of(c.tx), Float64Array.of(c.T));
      const v = -bgFamilyNegLogLik(data, true)(Float64Array.from(c.params.map(Math.log)), new Float64Array(4));
      expect(v).toBeCloseTo(c.ll, 8);
    }
  });

  it("analytic gradient matches central differences", () => {
    const data = compressRft(Float64Array.of(0, 2, 40, 900), Float64Array.of(0, 30, 38, 500), Float64Array.of(39, 39, 39, 520));
    const f = bgFamilyNegLogLik(data, true);
    for (const theta of [
      [-1.4, 1.5, -0.2, 0.9],
      [0.5, -1, 1, -2],
    ]) {
      const g = new Float64Array(4);
      f(Float64Array.from(theta), g);
      const ng = numericGradient((x) => f(x, new Float64Array(4)), theta);
      for (let k = 0; k < 4; k++) expect(g[k]).toBeCloseTo(ng[k], 3);
    }
  });

  it.skipIf(!hasCdnow)("fits CDNOW with a log-likelihood close to BG/NBD's and the lifetimes behaviour that P(alive) < 1 at x = 0", () => {
    const m = fitMbgNbd(loadCdnow(), { timeUnit: "week" });
    expect(m.converged).toBe(true);
    expect(m.boundary).toEqual([]); // an interior optimum: nothing at the edge of the search box
    // Batislam et al. (2007) and lifetimes' ModifiedBetaGeoFitter: the MBG/NBD fits CDNOW about as well as BG/NBD (−9582.4)
    expect(Math.abs(m.logLikelihood - -9582.4)).toBeLessThan(30);
    const pa = probabilityAlive(m, { frequency: [0], recency: [0], T: [38.86] })[0];
    expect(pa).toBeLessThan(1);
    // lifetimes ModifiedBetaGeoFitter.conditional_probability_alive: 1 / (1 + a/(b+x)·((α+T)/(α+t_x))^(r+x)), here x = t_x = 0
    const { r, alpha, a, b } = m.params;
    expect(pa).toBeCloseTo(1 / (1 + (a / b) * ((alpha + 38.86) / alpha) ** r), 12);
  });

  it("P(X(t) = n) sums to 1, its mean is E[X(t)], and predictions agree with a simulation", () => {
    let sum = 0;
    let mean = 0;
    for (let n = 0; n < 500; n++) {
      const p = probabilityOfPurchases(model, 39, n);
      sum += p;
      mean += n * p;
    }
    expect(sum).toBeCloseTo(1, 8);
    expect(mean).toBeCloseTo(expectedPurchases(model, 39), 6);
    // seeded simulation of the MBG/NBD story (dropout possible right after the first purchase)
    const sim = simulateProcess("mbg-nbd", P, 30000, 39, 39, createRng(9));
    const pred = conditionalExpectedPurchases(model, sim, 39);
    const alive = probabilityAlive(model, sim);
    let sy = 0,
      sy2 = 0,
      sp = 0,
      sa = 0,
      sA = 0;
    const n = sim.frequency.length;
    for (let i = 0; i < n; i++) {
      sy += sim.holdout[i];
      sy2 += sim.holdout[i] ** 2;
      sp += pred[i];
      sa += alive[i];
      sA += sim.alive[i] ? 1 : 0;
    }
    const se = Math.sqrt((sy2 / n - (sy / n) ** 2) / n);
    expect(Math.abs(sp / n - sy / n)).toBeLessThan(4 * se);
    expect(Math.abs(sa / n - sA / n)).toBeLessThan(4 * Math.sqrt(0.25 / n));
    // new-customer expectation vs the simulated calibration mean
    const meanX = sim.frequency.reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(meanX - expectedPurchases(model, 39))).toBeLessThan(0.05);
  });

  it("is finite and ordered for wide inputs (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.record({
          r: fc.double({ min: 0.05, max: 5, noNaN: true }),
          alpha: fc.double({ min: 0.5, max: 100, noNaN: true }),
          a: fc.double({ min: 0.05, max: 5, noNaN: true }),
          b: fc.double({ min: 0.05, max: 10, noNaN: true }),
        }),
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0.1, max: 520, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 100, noNaN: true }),
        (params, x, T, frac, t) => {
          const m = { kind: "mbg-nbd", version: 1, params } as never;
          const cust = { frequency: [x], recency: [x === 0 ? 0 : frac * T], T: [T] };
          const pa = probabilityAlive(m, cust)[0];
          expect(pa).toBeGreaterThanOrEqual(0);
          expect(pa).toBeLessThanOrEqual(1);
          const c1 = conditionalExpectedPurchases(m, cust, t)[0];
          const c2 = conditionalExpectedPurchases(m, cust, t + 1)[0];
          expect(Number.isFinite(c1) && Number.isFinite(c2)).toBe(true);
          expect(c2).toBeGreaterThanOrEqual(c1 * (1 - 1e-9) - 1e-12);
          expect(expectedPurchases(m, t + 1)).toBeGreaterThan(expectedPurchases(m, t));
        },
      ),
      { numRuns: 200, seed: 17 },
    );
  });

  it("round-trips through JSON and rejects the wrong kind", () => {
    const small = { frequency: [2, 1, 0, 0, 5, 3, 0, 1], recency: [30.4, 1.7, 0, 0, 20, 12, 0, 5], T: [38.9, 38.9, 38.9, 30, 35, 20, 10, 8] };
    const m = fitMbgNbd(small, { timeUnit: "week" });
    expect(mbgNbdFromJSON(JSON.parse(JSON.stringify(m)))).toEqual(JSON.parse(JSON.stringify(m)));
    expect(() => mbgNbdFromJSON({ ...m, kind: "bg-nbd" })).toThrow(expect.objectContaining({ code: "WRONG_MODEL_KIND" }));
  });
});
