import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClienteleError } from "../../src/core/errors.js";
import { numericGradient } from "../../src/core/optimize.js";
import { createRng } from "../../src/core/rng.js";
import {
  expectedAverageValue,
  fitGammaGamma,
  gammaGammaFromJSON,
  gammaGammaLogLikelihood,
  gammaGammaNegLogLik,
  readSpend,
  spendFrequencyCorrelation,
  type GammaGammaModel,
} from "../../src/clv/gammagamma.js";
import { referenceData } from "../helpers/data.js";
import { expectClienteleError } from "../helpers/errors.js";

const CDNOW = referenceData("cdnow/cdnow_customers_summary_with_transactions.csv", "the CDNOW Gamma-Gamma reference tests");
const hasCdnow = CDNOW.available;
const ref = JSON.parse(readFileSync(path.resolve(__dirname, "../fixtures/clv-value/reference.json"), "utf8"));

function readCdnow(): { frequency: number[]; monetary: number[] } {
  const lines = CDNOW.read().trim().split(/\r?\n/).slice(1);
  const frequency: number[] = [];
  const monetary: number[] = [];
  for (const l of lines) {
    const f = l.split(",");
    frequency.push(Number(f[1]));
    monetary.push(Number(f[4]));
  }
  return { frequency, monetary };
}

/** Simulates x transactions per customer with values Gamma(p, ν), ν ~ Gamma(q, γ) (rate γ). */
function simulate(n: number, p: number, q: number, gamma: number, seed: number) {
  const rng = createRng(seed);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nu = rng.gamma(q, 1 / gamma);
    const x = 1 + rng.int(8);
    let s = 0;
    for (let k = 0; k < x; k++) s += rng.gamma(p, 1 / nu);
    frequency[i] = x;
    monetary[i] = s / x;
  }
  return { frequency, monetary };
}

const small = { frequency: [2, 1, 0, 5, 3, 1, 4], monetary: [22.35, 11.77, 0, 40.1, 18.2, 9.5, 31] };

describe("fitGammaGamma on CDNOW", () => {
  it.skipIf(!hasCdnow)("matches the published estimates (946 repeat customers)", () => {
    const m = fitGammaGamma(readCdnow());
    // Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves", JMR 42(4): p = 6.25, q = 3.74, γ = 15.44
    expect(m.params.p).toBeCloseTo(6.25, 1);
    expect(m.params.q).toBeCloseTo(3.74, 1);
    expect(m.params.gamma).toBeCloseTo(15.44, 0);
    expect(Math.abs(m.params.p - 6.25) / 6.25).toBeLessThan(0.002);
    expect(Math.abs(m.params.q - 3.74) / 3.74).toBeLessThan(0.002);
    expect(Math.abs(m.params.gamma - 15.44) / 15.44).toBeLessThan(0.002);
    expect(m.nCustomers).toBe(946); // FHL 2005: 946 of the 2,357 customers made repeat purchases
    expect(m.nSkipped).toBe(2357 - 946);
    expect(m.converged).toBe(true);
  });

  it.skipIf(!hasCdnow)("agrees with scipy's Nelder-Mead optimum, log-likelihood and Hessian SEs", () => {
    const m = fitGammaGamma(readCdnow());
    const r = ref.gammagamma_cdnow; // test/fixtures/clv-value/reference.py
    for (const k of ["p", "q", "gamma"] as const) {
      expect(Math.abs(m.params[k] - r.params[k]) / r.params[k]).toBeLessThan(1e-5);
      expect(Math.abs(m.standardErrors[k]! - r.standardErrors[k]) / r.standardErrors[k]).toBeLessThan(1e-3);
      const [lo, hi] = m.confidenceIntervals[k]!;
      expect(lo).toBeLessThan(m.params[k]);
      expect(hi).toBeGreaterThan(m.params[k]);
    }
    expect(m.logLikelihood).toBeCloseTo(r.logLikelihood, 5);
    expect(gammaGammaLogLikelihood(m, readCdnow())).toBeCloseTo(m.logLikelihood, 8);
  });

  it.skipIf(!hasCdnow)("reports the spend/frequency correlation of 0.11 with no warning", () => {
    const c = spendFrequencyCorrelation(readCdnow());
    // Fader, Hardie & Lee (2005), JMR 42(4), section 3: correlation 0.11 between x and z̄ on CDNOW
    expect(c.correlation).toBeCloseTo(0.11, 2);
    expect(c.correlation).toBeCloseTo(ref.gammagamma_cdnow_correlation, 12); // numpy corrcoef
    expect(c.n).toBe(946);
    expect(c.warning).toBeNull();
  });
});

describe("fitGammaGamma: likelihood, gradient and recovery", () => {
  it("has an analytic gradient equal to the numerical one", () => {
    const { data } = readSpend(small, "t", undefined, true);
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 3, noNaN: true }),
        fc.double({ min: -2, max: 3, noNaN: true }),
        fc.double({ min: -2, max: 4, noNaN: true }),
        (a, b, c) => {
          const th = Float64Array.of(a, b, c);
          const g = new Float64Array(3);
          gammaGammaNegLogLik(data, th, g);
          const num = numericGradient((t) => gammaGammaNegLogLik(data, t, null), th);
          for (let k = 0; k < 3; k++) expect(Math.abs(g[k] - num[k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(num[k])));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("recovers simulated parameters within their 95% intervals (simulation)", () => {
    // Individual-level process simulated directly: values Gamma(p, ν), ν ~ Gamma(q, γ)
    const truth = { p: 4, q: 5, gamma: 60 };
    const m = fitGammaGamma(simulate(20000, truth.p, truth.q, truth.gamma, 11));
    for (const k of ["p", "q", "gamma"] as const) {
      const [lo, hi] = m.confidenceIntervals[k]!;
      expect(truth[k]).toBeGreaterThan(lo * 0.97);
      expect(truth[k]).toBeLessThan(hi * 1.03);
    }
  });

  it("treats weights as counts of identical rows", () => {
    const sim = simulate(300, 4, 5, 60, 5);
    const dup = {
      frequency: [...sim.frequency, ...sim.frequency],
      monetary: [...sim.monetary, ...sim.monetary],
    };
    const a = fitGammaGamma(dup);
    const b = fitGammaGamma(sim, { weights: Array.from(sim.frequency, () => 2) });
    expect(b.params.p).toBeCloseTo(a.params.p, 4);
    expect(b.params.gamma / a.params.gamma).toBeCloseTo(1, 5);
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 4);
    expect(b.totalWeight).toBe(600);
  });

  it("shrinks the parameters under an L2 penalty", () => {
    const sim = simulate(500, 4, 5, 60, 3);
    const a = fitGammaGamma(sim);
    const b = fitGammaGamma(sim, { penalty: 0.01 });
    const ss = (m: GammaGammaModel) => m.params.p ** 2 + m.params.q ** 2 + m.params.gamma ** 2;
    expect(ss(b)).toBeLessThan(ss(a));
    expect(b.logLikelihood).toBeLessThan(a.logLikelihood);
    expect(b.penalty).toBe(0.01);
  });

  it("either fits finite parameters or throws a ClienteleError, for wide inputs (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0.01, max: 1e5, noNaN: true })), { minLength: 1, maxLength: 40 }),
        (rows) => {
          const data = { frequency: rows.map((r) => r[0]), monetary: rows.map((r) => (r[0] === 0 ? 0 : r[1])) };
          try {
            const m = fitGammaGamma(data, { maxIter: 200 });
            for (const k of ["p", "q", "gamma"] as const) expect(Number.isFinite(m.params[k]) && m.params[k] > 0).toBe(true);
            expect(Number.isFinite(m.logLikelihood)).toBe(true);
            JSON.parse(JSON.stringify(m)); // stays JSON-safe
          } catch (e) {
            expect(e).toBeInstanceOf(ClienteleError);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("reports progress and honours an AbortSignal", () => {
    let calls = 0;
    fitGammaGamma(small, { onProgress: () => calls++ });
    expect(calls).toBeGreaterThan(0);
    const ac = new AbortController();
    ac.abort();
    expectClienteleError(() => fitGammaGamma(small, { signal: ac.signal }), "ABORTED");
  });
});

describe("expectedAverageValue", () => {
  const gg: GammaGammaModel = gammaGammaFromJSON({
    kind: "gamma-gamma",
    version: 1,
    params: { p: 6.25, q: 3.74, gamma: 15.44 },
    standardErrors: { p: null, q: null, gamma: null },
    confidenceIntervals: { p: null, q: null, gamma: null },
    logLikelihood: 0,
    nCustomers: 946,
    totalWeight: 946,
    nSkipped: 0,
    penalty: 0,
    nIter: 0,
    converged: true,
  });

  it("equals the posterior mean of p/ν by numerical integration", () => {
    // ν | x, z̄ has density ∝ ν^(q−1) e^(−γν) · ν^(px) e^(−ν x z̄) (prior × likelihood of the mean);
    // E[Z | ν] = p/ν. Integrate on a fine grid, independent of the closed form.
    const { p, q, gamma } = gg.params;
    for (const [x, zbar] of [
      [1, 10],
      [2, 22.35],
      [7, 55],
    ]) {
      const a = q + p * x;
      const rate = gamma + x * zbar;
      let num = 0;
      let den = 0;
      const hi = (a / rate) * 20;
      const steps = 200000;
      const h = hi / steps;
      for (let k = 1; k < steps; k++) {
        const nu = k * h;
        const dens = Math.exp((a - 1) * Math.log(nu) - rate * nu);
        den += dens;
        num += (dens * p) / nu;
      }
      const got = expectedAverageValue(gg, { frequency: [x], monetary: [zbar] })[0];
      expect(got).toBeCloseTo(num / den, 4);
    }
  });

  it("gives the population mean p·γ/(q − 1) for frequency 0 (FHL 2005 CDNOW: $35.2)", () => {
    const v = expectedAverageValue(gg, { frequency: [0, 2], monetary: [0, 22.35] });
    expect(v[0]).toBeCloseTo((6.25 * 15.44) / 2.74, 10);
    expect(v[0]).toBeCloseTo(35.22, 2);
    // closed form p(γ + x z̄)/(px + q − 1), FHL 2005 eq. (5)
    expect(v[1]).toBeCloseTo((6.25 * (15.44 + 2 * 22.35)) / (6.25 * 2 + 3.74 - 1), 10);
  });

  it("lies between the population mean and the customer's own mean (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.01, max: 1e6, noNaN: true }), (x, zbar) => {
        const v = expectedAverageValue(gg, { frequency: [x], monetary: [zbar] })[0];
        const pop = (6.25 * 15.44) / 2.74;
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(Math.min(pop, zbar) * (1 - 1e-12));
        expect(v).toBeLessThanOrEqual(Math.max(pop, zbar) * (1 + 1e-12));
      }),
    );
  });

  it("rejects q <= 1 (infinite mean spend)", () => {
    const bad = { ...gg, params: { ...gg.params, q: 0.9 } };
    expectClienteleError(() => expectedAverageValue(bad, { frequency: [1], monetary: [3] }), "INFINITE_MEAN_SPEND");
  });
});

describe("spendFrequencyCorrelation", () => {
  it("warns on strongly correlated data and honours the threshold", () => {
    const c = spendFrequencyCorrelation({ frequency: [1, 2, 3, 4], monetary: [10, 20, 30, 41] });
    expect(c.correlation).toBeGreaterThan(0.99);
    expect(c.warning).toMatch(/independent/);
    const d = spendFrequencyCorrelation({ frequency: [1, 2, 3, 4], monetary: [10, 20, 30, 41] }, { threshold: 1 });
    expect(d.warning).toBeNull();
  });
  it("ignores frequency-0 rows and reports an undefined correlation (null with a reason) for constant columns, never 0", () => {
    // issue 10: the old code reported correlation 0 here, a fake "independent" verdict
    const c = spendFrequencyCorrelation({ frequency: [0, 2, 2, 2], monetary: [0, 5, 6, 7] });
    expect(c.n).toBe(3);
    expect(c.correlation).toBeNull();
    expect(c.undefinedReason).toMatch(/frequency is constant/);
    expect(c.warning).toBeNull();
    const flat = spendFrequencyCorrelation({ frequency: [1, 2, 3], monetary: [9, 9, 9] });
    expect(flat.correlation).toBeNull();
    expect(flat.undefinedReason).toMatch(/monetary is constant/);
    const one = spendFrequencyCorrelation({ frequency: [0, 4], monetary: [0, 9] });
    expect(one.correlation).toBeNull();
    expect(one.undefinedReason).toMatch(/fewer than 2/);
    expect(JSON.parse(JSON.stringify(one)).correlation).toBeNull();
    const ok = spendFrequencyCorrelation({ frequency: [1, 2, 3], monetary: [9, 10, 12] });
    expect(ok.correlation).toBeGreaterThan(0.9);
    expect(ok.undefinedReason).toBeNull();
  });
});

describe("Gamma-Gamma contract", () => {
  it("is deterministic", () => {
    expect(fitGammaGamma(small)).toEqual(fitGammaGamma(small));
  });
  it("does not touch frozen input", () => {
    const frozen = { frequency: Object.freeze([...small.frequency]), monetary: Object.freeze([...small.monetary]) };
    Object.freeze(frozen);
    const m = fitGammaGamma(frozen);
    expect(m.nCustomers).toBe(6);
    expect(frozen.monetary).toEqual(small.monetary);
  });
  it("round-trips through JSON", () => {
    const m = fitGammaGamma(small);
    const back = gammaGammaFromJSON(JSON.parse(JSON.stringify(m)));
    expect(back).toEqual(m);
    expect(expectedAverageValue(back, small)).toEqual(expectedAverageValue(m, small));
  });
  it("rejects bad input with codes", () => {
    expectClienteleError(() => fitGammaGamma({ frequency: [1, 2], monetary: [NaN, 3] }), "NON_FINITE");
    expectClienteleError(() => fitGammaGamma({ frequency: [], monetary: [] }), "EMPTY_INPUT");
    expectClienteleError(() => fitGammaGamma({ frequency: [0, 0], monetary: [0, 0] }), "NO_REPEAT_CUSTOMERS");
    expectClienteleError(() => fitGammaGamma({ frequency: [1, 2], monetary: [0, 3] }), "NON_POSITIVE_SPEND");
    expectClienteleError(() => fitGammaGamma({ frequency: [1.5, 2], monetary: [1, 3] }), "NOT_INTEGER");
    expectClienteleError(() => fitGammaGamma({ frequency: [-1, 2], monetary: [1, 3] }), "NEGATIVE_VALUE");
    expectClienteleError(() => fitGammaGamma({ frequency: [1, 2], monetary: [1] }), "LENGTH_MISMATCH");
    expectClienteleError(() => fitGammaGamma({ frequency: [1, 2] } as never), "MISSING_COLUMN");
    expectClienteleError(() => fitGammaGamma(small, { penalty: -1 }), "INVALID_OPTION");
    expectClienteleError(() => fitGammaGamma(small, { weights: small.frequency.map(() => 0) }), "EMPTY_INPUT");
    expectClienteleError(() => expectedAverageValue(small as never, small), "WRONG_MODEL_KIND");
    const m = fitGammaGamma(small);
    expectClienteleError(() => gammaGammaFromJSON({ ...m, version: 2 }), "UNSUPPORTED_MODEL_VERSION");
    expectClienteleError(() => gammaGammaFromJSON({ ...m, kind: "bg-nbd" }), "WRONG_MODEL_KIND");
    expectClienteleError(() => gammaGammaFromJSON({ ...m, params: { p: -1, q: 1, gamma: 1 } }), "INVALID_MODEL");
    expectClienteleError(() => expectedAverageValue(m, { frequency: [2], monetary: [0] }), "NON_POSITIVE_SPEND");
  });
});
