import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fitBgNbd, bgNbdFromJSON, conditionalExpectedPurchases, probabilityAlive, expectedPurchases } from "../../src/clv/index.js";
import { bgFamilyNegLogLik } from "../../src/clv/bgnbd.js";
import { compressRft } from "../../src/clv/compress.js";
import { numericGradient } from "../../src/core/optimize.js";
import { ClienteleError } from "../../src/core/errors.js";
import { createRng } from "../../src/core/rng.js";
import { hasCdnow, loadCdnow, simulateProcess } from "./transaction-helpers.js";
import likelihoods from "../fixtures/clv-models/likelihoods.json";

const FHL = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const fhlModel = { kind: "bg-nbd", version: 1, params: FHL } as never;

describe("fitBgNbd on CDNOW", () => {
  it.skipIf(!hasCdnow)("matches the published estimates and log-likelihood", () => {
    const m = fitBgNbd(loadCdnow(), { timeUnit: "week" });
    // Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2), CDNOW 2,357 customers:
    // r 0.243, alpha 4.414, a 0.793, b 2.426, LL −9582.4
    expect(m.params.r).toBeCloseTo(0.243, 3);
    expect(m.params.alpha).toBeCloseTo(4.414, 2);
    expect(m.params.a).toBeCloseTo(0.793, 2);
    expect(m.params.b).toBeCloseTo(2.426, 2);
    expect(m.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(m.converged).toBe(true);
    expect(m.boundary).toEqual([]); // an interior optimum: nothing at the edge of the search box
    expect(m.nCustomers).toBe(2357);
    expect(m.nPatterns).toBeLessThan(2357);
    // 95% intervals contain the estimate; standard errors positive
    for (const k of ["r", "alpha", "a", "b"] as const) {
      const ci = m.confidenceIntervals[k]!;
      expect(ci[0]).toBeLessThan(m.params[k]);
      expect(ci[1]).toBeGreaterThan(m.params[k]);
      expect(m.standardErrors[k]!).toBeGreaterThan(0);
    }
    // lifetimes' documentation (BetaGeoFitter on this CDNOW summary, `bgf.summary`) prints
    // se(coef) r 0.01, alpha 0.38, a 0.19, b 0.71 (two decimals)
    expect(m.standardErrors.r!).toBeCloseTo(0.01, 2);
    expect(m.standardErrors.alpha!).toBeCloseTo(0.38, 2);
    expect(m.standardErrors.a!).toBeCloseTo(0.19, 2);
    expect(m.standardErrors.b!).toBeCloseTo(0.71, 2);
  });

  it.skipIf(!hasCdnow)("weights on compressed patterns give the same fit as the raw rows", () => {
    const d = loadCdnow();
    const c = compressRft(Float64Array.from(d.frequency), Float64Array.from(d.recency), Float64Array.from(d.T));
    const a = fitBgNbd(d, { timeUnit: "week" });
    const b = fitBgNbd({ frequency: c.frequency, recency: c.recency, T: c.T, weights: c.weight }, { timeUnit: "week" });
    expect(b.params.r).toBeCloseTo(a.params.r, 6);
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 4);
    expect(b.nCustomers).toBe(c.n);
    expect(b.totalWeight).toBe(2357);
  });

  it.skipIf(!hasCdnow)("a penalty shrinks the parameters (lifetimes' penalizer_coef form)", () => {
    const d = loadCdnow();
    const a = fitBgNbd(d, { timeUnit: "week" });
    const p = fitBgNbd(d, { timeUnit: "week", penalty: 0.1 });
    const norm = (m: typeof a) => m.params.r ** 2 + m.params.alpha ** 2 + m.params.a ** 2 + m.params.b ** 2;
    expect(norm(p)).toBeLessThan(norm(a));
    expect(p.logLikelihood).toBeLessThan(a.logLikelihood);
    expect(p.penalty).toBe(0.1);
  });
});

describe("BG/NBD predictions", () => {
  it("reproduces the worked prediction for customer 1", () => {
    // Fader, Hardie & Lee (2005), section 4: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in the next 39 weeks
    const v = conditionalExpectedPurchases(fhlModel, { frequency: [2], recency: [30.43], T: [38.86] }, 39);
    expect(v[0]).toBeCloseTo(1.226, 3);
  });

  it("log-likelihood agrees with 2-D numerical integration over (λ, p)", () => {
    // test/fixtures/clv-models/make_fixtures.py (mpmath quadrature of the process likelihood)
    for (const c of likelihoods.bgnbd) {
      const [r, alpha, a, b] = c.params;
      const data = compressRft(Float64Array.of(c.x), Float64Array.of(c.tx), Float64Array.of(c.T));
      const f = bgFamilyNegLogLik(data, false);
      const ll = -f(Float64Array.from([r, alpha, a, b].map(Math.log)), new Float64Array(4));
      expect(ll).toBeCloseTo(c.ll, 8);
    }
  });

  it("analytic gradient matches central differences (including heavy buyers)", () => {
    const data = compressRft(Float64Array.of(0, 2, 40, 900), Float64Array.of(0, 30, 38, 500), Float64Array.of(39, 39, 39, 520));
    for (const theta of [
      [-1.4, 1.5, -0.2, 0.9],
      [0.5, -1, 1, -2],
      [1.2, 3, -2, 2],
    ]) {
      const f = bgFamilyNegLogLik(data, false);
      const g = new Float64Array(4);
      f(Float64Array.from(theta), g);
      const ng = numericGradient((x) => f(x, new Float64Array(4)), theta);
      for (let k = 0; k < 4; k++) expect(g[k]).toBeCloseTo(ng[k], 3);
    }
  });

  it("conditional expectations and P(alive) agree with a simulation of the process", () => {
    // 30,000 customers simulated from the BG/NBD story (Gamma rates, Beta dropout after each purchase), seeded;
    // within each calibration-frequency bin the mean prediction must match the simulated holdout mean
    // (law of total expectation) within 4 standard errors.
    const sim = simulateProcess("bg-nbd", FHL, 30000, 39, 39, createRng(11));
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
          const model = { kind: "bg-nbd", version: 1, params } as never;
          const cust = { frequency: [x], recency: [x === 0 ? 0 : frac * T], T: [T] };
          const pa = probabilityAlive(model, cust)[0];
          expect(pa).toBeGreaterThanOrEqual(0);
          expect(pa).toBeLessThanOrEqual(1);
          const c1 = conditionalExpectedPurchases(model, cust, t)[0];
          const c2 = conditionalExpectedPurchases(model, cust, t + 1)[0];
          expect(Number.isFinite(c1) && Number.isFinite(c2)).toBe(true);
          expect(c2).toBeGreaterThanOrEqual(c1 * (1 - 1e-9) - 1e-12);
          const e1 = expectedPurchases(model, t);
          const e2 = expectedPurchases(model, t + 1);
          expect(Number.isFinite(e1)).toBe(true);
          expect(e2).toBeGreaterThan(e1);
          const data = compressRft(Float64Array.of(x), Float64Array.of(cust.recency[0]), Float64Array.of(T));
          const g = new Float64Array(4);
          const v = bgFamilyNegLogLik(data, false)(Float64Array.from([params.r, params.alpha, params.a, params.b].map(Math.log)), g);
          expect(Number.isFinite(v) && g.every(Number.isFinite)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});

describe("BG/NBD contract", () => {
  const small = { frequency: [2, 1, 0, 0, 5, 3, 0, 1], recency: [30.4, 1.7, 0, 0, 20, 12, 0, 5], T: [38.9, 38.9, 38.9, 30, 35, 20, 10, 8] };
  it("is deterministic, leaves frozen input untouched and round-trips through JSON", () => {
    const frozen = { frequency: Object.freeze([...small.frequency]), recency: Object.freeze([...small.recency]), T: Object.freeze([...small.T]) };
    const a = fitBgNbd(frozen, { timeUnit: "week" });
    const b = fitBgNbd(small, { timeUnit: "week" });
    expect(a).toEqual(b);
    expect(frozen.frequency).toEqual(small.frequency);
    const again = bgNbdFromJSON(JSON.parse(JSON.stringify(a)));
    expect(again).toEqual(JSON.parse(JSON.stringify(a)));
  });
  it("rejects NaN, empty input and a wrong saved model with codes", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ClienteleError);
        return (e as ClienteleError).code;
      }
      return "none";
    };
    expect(code(() => fitBgNbd({ frequency: [1, NaN], recency: [1, 0], T: [2, 2] }, { timeUnit: "week" }))).toBe("NON_FINITE");
    expect(code(() => fitBgNbd({ frequency: [], recency: [], T: [] }, { timeUnit: "week" }))).toBe("EMPTY_INPUT");
    expect(code(() => bgNbdFromJSON({ ...fitBgNbd(small, { timeUnit: "week" }), kind: "pareto-nbd" }))).toBe("WRONG_MODEL_KIND");
    expect(code(() => bgNbdFromJSON({ ...fitBgNbd(small, { timeUnit: "week" }), version: 2 }))).toBe("UNSUPPORTED_MODEL_VERSION");
    expect(code(() => bgNbdFromJSON({ kind: "bg-nbd", version: 1, params: { r: -1 } }))).toBe("INVALID_MODEL");
  });
  it("supports abort and progress", () => {
    const seen: number[] = [];
    fitBgNbd(small, { timeUnit: "week", onProgress: (p) => seen.push(p.iteration) });
    expect(seen.length).toBeGreaterThan(0);
    const ac = new AbortController();
    ac.abort();
    expect(() => fitBgNbd(small, { timeUnit: "week", signal: ac.signal })).toThrow(expect.objectContaining({ code: "ABORTED" }));
  });
});
