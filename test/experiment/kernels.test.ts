// The distribution kernels behind clientele/experiment, against SciPy. Every expected value
// comes from test/fixtures/experiment/make_kernels.py (SciPy 1.17.1), checked in as kernels.json.
// Tolerances are the measured worst relative errors rounded up by ~10x, so a regression in a
// kernel fails here; the same figures for jstat and simple-statistics are printed by
// benchmarks/experiment.bench.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile, logBeta, logGamma } from "../../src/core/numeric.js";
import { chiSquareSf, incompleteBeta, studentTCdf, studentTQuantile } from "../../src/core/distributions.js";
import { bayesianProportions, betaQuantile } from "../../src/experiment/index.js";

const ref = JSON.parse(readFileSync(join(__dirname, "../fixtures/experiment/kernels.json"), "utf8"), (_k, v) =>
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

describe("experiment kernels vs SciPy (test/fixtures/experiment/make_kernels.py)", () => {
  it("normal CDF to 2e-12 relative down to z = -38 (scipy.stats.norm.cdf)", () => {
    expect(worst(zip(ref.norm_cdf.x), ref.norm_cdf.p, normalCdf)).toBeLessThan(2e-12);
  });
  it("normal quantile to 1e-13 from p = 1e-300 to 1 - 1e-10 (scipy.stats.norm.ppf)", () => {
    expect(worst(zip(ref.norm_ppf.p), ref.norm_ppf.q, normalQuantile, 1)).toBeLessThan(1e-13);
  });
  it("Student t CDF to 2e-10 and quantile to 5e-11 for df 1 to 1e5 (scipy.stats.t)", () => {
    expect(worst(zip(ref.t_cdf.t, ref.t_cdf.df), ref.t_cdf.p, studentTCdf)).toBeLessThan(2e-10);
    expect(worst(zip(ref.t_ppf.p, ref.t_ppf.df), ref.t_ppf.q, studentTQuantile, 1)).toBeLessThan(5e-11);
  });
  it("chi-square upper tail to 5e-12, down to 1e-281 (scipy.stats.chi2.sf)", () => {
    expect(worst(zip(ref.chi2_sf.x, ref.chi2_sf.df), ref.chi2_sf.p, chiSquareSf)).toBeLessThan(5e-12);
  });
  it("beta CDF to 1e-9 up to shapes 5e5 x 4.5e6, quantile to 1e-11 (scipy.stats.beta)", () => {
    expect(worst(zip(ref.beta_cdf.x, ref.beta_cdf.a, ref.beta_cdf.b), ref.beta_cdf.p, incompleteBeta)).toBeLessThan(1e-9);
    expect(worst(zip(ref.beta_ppf.p, ref.beta_ppf.a, ref.beta_ppf.b), ref.beta_ppf.q, betaQuantile, 1)).toBeLessThan(1e-11);
  });
  it("logBeta is symmetric and satisfies B(a, b+1) = B(a, b)·b/(a+b) at large shapes", () => {
    // log B(20001, 180001) via the same Stirling cancellation written out in the test, and the
    // direct difference for small shapes where it is exact enough.
    expect(logBeta(2, 5)).toBeCloseTo(logGamma(2) + logGamma(5) - logGamma(7), 14);
    // B(a, b) for large a, b: d/da log B = psi(a) - psi(a+b); check symmetry and a two-point identity
    // B(a, b+1) = B(a, b) * b / (a + b).
    const a = 20001;
    const b = 180001;
    expect(logBeta(a, b)).toBe(logBeta(b, a));
    expect(logBeta(a, b + 1) - logBeta(a, b)).toBeCloseTo(Math.log(b / (a + b)), 10); // |log B| ~ 6.5e4: 1e-11 is the double spacing
    expect(logBeta(5.5, 1e6 + 1) - logBeta(5.5, 1e6)).toBeCloseTo(Math.log(1e6 / (1e6 + 5.5)), 10);
  });
  it("bayesianProportions P(beat) at 1e5 to 1e12 visitors per group equals SciPy's quadrature to 1e-7", () => {
    // At 1e12 the old quadrature was off by 2e-5 (0.880682 vs 0.880703): large posteriors now use the normal form.
    for (const c of ref.bayes_large) {
      const r = bayesianProportions({ conversions: c.control[0], visitors: c.control[1] }, { conversions: c.treatment[0], visitors: c.treatment[1] });
      expect(Math.abs(r.probabilityToBeatControl - c.pBeat)).toBeLessThan(1e-7);
    }
  });
});
