// The distribution kernels behind clientele/experiment, against SciPy. Every expected value
// comes from test/fixtures/experiment/make_kernels.py (SciPy 1.17.1), checked in as kernels.json.
// Tolerances are the measured worst relative errors rounded up by ~10x, so a regression in a
// kernel fails here; the same figures for jstat and simple-statistics are printed by
// benchmarks/experiment.bench.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bayesianProportions, betaQuantile, bayesianMeans } from "../../src/experiment/index.js";
import { incompleteBeta } from "../../src/core/distributions.js";
import { logBeta } from "../../src/core/numeric.js";
import { createRng } from "../../src/core/rng.js";

// Every expected value below was computed by R 4.2.2 with
// test/fixtures/experiment/make_reference.R (checked in beside reference.json).
const ref = JSON.parse(readFileSync(join(__dirname, "../fixtures/experiment/reference.json"), "utf8"));
const kernels = JSON.parse(readFileSync(join(__dirname, "../fixtures/experiment/kernels.json"), "utf8"), (_k, v) =>
  v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
);
/** Worst relative error (absolute below 1 for quantiles near 0). */
function worst(args: number[][], expected: number[], f: (...a: number[]) => number, absBelow = 0): number {
  let max = 0;
  args.forEach((a, i) => {
    const v = f(...a);
    const e = expected[i];
    const err = v === e ? 0 : Math.abs(v - e) / Math.max(Math.abs(e), absBelow, 1e-300);
    if (!(err <= max)) max = err;
  });
  return max;
}
const zip = (...cols: number[][]) => cols[0].map((_, i) => cols.map((c) => c[i]));

describe("experiment: R reference values", () => {
  it("Bayesian probability to beat control and expected loss equal R's numerical integration", () => {
    const r = bayesianProportions({ conversions: 200, visitors: 2000 }, { conversions: 250, visitors: 2000 });
    expect(r.probabilityToBeatControl).toBeCloseTo(ref.bayes.pBeat, 9);
    expect(r.expectedLossTreatment / ref.bayes.expectedLossTreatment).toBeCloseTo(1, 6);
  });
});

describe("experiment: distribution helpers against R", () => {
  it("betaQuantile equals R's qbeta", () => {
    // R 4.2.2: qbeta(c(0.025, 0.975, 0.5), 201, 1801)
    expect(betaQuantile(0.025, 201, 1801)).toBeCloseTo(0.087621787256983899, 12);
    expect(betaQuantile(0.975, 201, 1801)).toBeCloseTo(0.11393345210878103, 12);
    expect(betaQuantile(0.5, 201, 1801)).toBeCloseTo(0.10026653469046239, 12);
    expect(() => betaQuantile(0.5, 0, 1)).toThrow(expect.objectContaining({ code: "OUT_OF_RANGE" }));
  });
});

describe("experiment kernels vs SciPy (test/fixtures/experiment/make_kernels.py)", () => {
  it("beta CDF to 1e-9 up to shapes 5e5 x 4.5e6, quantile to 1e-11 (scipy.stats.beta)", () => {
    expect(worst(zip(kernels.beta_cdf.x, kernels.beta_cdf.a, kernels.beta_cdf.b), kernels.beta_cdf.p, incompleteBeta)).toBeLessThan(1e-9);
    expect(worst(zip(kernels.beta_ppf.p, kernels.beta_ppf.a, kernels.beta_ppf.b), kernels.beta_ppf.q, betaQuantile, 1)).toBeLessThan(1e-11);
  });

  it("bayesianProportions P(beat) at 1e5 to 1e12 visitors per group equals SciPy's quadrature to 1e-7", () => {
    // At 1e12 the old quadrature was off by 2e-5 (0.880682 vs 0.880703): large posteriors now use the normal form.
    for (const c of kernels.bayes_large) {
      const r = bayesianProportions({ conversions: c.control[0], visitors: c.control[1] }, { conversions: c.treatment[0], visitors: c.treatment[1] });
      expect(Math.abs(r.probabilityToBeatControl - c.pBeat)).toBeLessThan(1e-7);
    }
  });
});

describe("experiment: invariants", () => {
  // Independent check: the exact closed form for P(B > A) with integer posterior parameters
  // (Miller 2015, "Formulas for Bayesian A/B Testing"): sum_{i<aB} B(aA+i, bA+bB) / ((bB+i) B(1+i, bB) B(aA, bA)).
  it("P(treatment beats control) equals Evan Miller's closed form", () => {
    const cases = [
      [3, 20, 7, 22],
      [40, 400, 55, 410],
      [1, 1, 1, 1],
    ];
    for (const [xc, nc, xt, nt] of cases) {
      const aA = 1 + xc;
      const bA = 1 + nc - xc;
      const aB = 1 + xt;
      const bB = 1 + nt - xt;
      let exact = 0;
      for (let i = 0; i < aB; i++) exact += Math.exp(logBeta(aA + i, bA + bB) - Math.log(bB + i) - logBeta(1 + i, bB) - logBeta(aA, bA));
      const r = bayesianProportions({ conversions: xc, visitors: nc }, { conversions: xt, visitors: nt });
      expect(r.probabilityToBeatControl).toBeCloseTo(exact, 8);
    }
  });

  it("Bayesian expected loss agrees with seeded Monte Carlo", () => {
    const rng = createRng(11);
    const c = { conversions: 30, visitors: 500 };
    const t = { conversions: 38, visitors: 500 };
    const r = bayesianProportions(c, t);
    const draws = 200_000;
    let loss = 0;
    let beat = 0;
    for (let i = 0; i < draws; i++) {
      const pc = rng.beta(31, 471);
      const pt = rng.beta(39, 463);
      loss += Math.max(pc - pt, 0);
      if (pt > pc) beat++;
    }
    expect(Math.abs(beat / draws - r.probabilityToBeatControl)).toBeLessThan(0.005); // ~5 MC standard errors
    expect(Math.abs(loss / draws - r.expectedLossTreatment)).toBeLessThan(0.0003);
  });

  it("normal-approximation Bayes agrees with seeded Monte Carlo", () => {
    const r = bayesianMeans({ mean: 10, sd: 20, n: 5000 }, { mean: 10.8, sd: 21, n: 5000 });
    const rng = createRng(3);
    const sc = 20 / Math.sqrt(5000);
    const st = 21 / Math.sqrt(5000);
    let loss = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) loss += Math.max(rng.normal(10, sc) - rng.normal(10.8, st), 0);
    expect(Math.abs(loss / n - r.expectedLossTreatment)).toBeLessThan(0.002);
    // Φ(0.8 / sqrt(20²/5000 + 21²/5000)) = Φ(1.9506) = 0.97445 (normal table)
    expect(r.probabilityToBeatControl).toBeCloseTo(0.97445, 4);
  });
});
