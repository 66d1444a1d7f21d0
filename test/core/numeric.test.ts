// Core numeric kernels. The SciPy block: the distribution kernels behind clientele/experiment. Every expected value
// comes from test/fixtures/experiment/make_kernels.py (SciPy 1.17.1), checked in as kernels.json.
// Tolerances are the measured worst relative errors rounded up by ~10x, so a regression in a
// kernel fails here; the same figures for jstat and simple-statistics are printed by
// benchmarks/experiment.bench.ts.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { digamma, erfc, logAddExp, logBeta, logGamma, logSubExp, logSumExp, normalCdf, normalQuantile } from "../../src/core/numeric.js";
import { join } from "node:path";

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

describe("core numeric kernels", () => {
  it("logGamma matches exact values", () => {
    // Γ(n) = (n−1)!, Γ(1/2) = √π, Γ(3/2) = √π/2 (exact identities).
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(1.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI) / 2), 13);
    // lgamma(171) = log(170!) = 706.5730622457874 (scipy.special.gammaln(171)).
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9);
    // scipy.special.gammaln(1e-8) = 18.420680738180209
    expect(logGamma(1e-8)).toBeCloseTo(18.420680738180209, 8);
  });

  it("logGamma satisfies the recurrence logΓ(x+1) = logΓ(x) + log x", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (x) => {
        expect(logGamma(x + 1) - logGamma(x) - Math.log(x)).toBeCloseTo(0, 8);
      }),
    );
  });

  it("logBeta and digamma match exact values", () => {
    // B(2, 3) = 1/12; ψ(1) = −γ (Euler–Mascheroni); ψ(1/2) = −γ − 2 ln 2.
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 13);
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 12);
    expect(digamma(0.5)).toBeCloseTo(-0.5772156649015329 - 2 * Math.LN2, 12);
  });

  it("log-sum-exp helpers do not overflow", () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-1000, -1000)).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(logSubExp(Math.log(3), Math.log(1))).toBeCloseTo(Math.log(2), 14);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
  });

  it("erfc, normalCdf and normalQuantile match tabulated values", () => {
    // erfc(1) = 0.15729920705028513 (Abramowitz & Stegun table 7.1); Φ(1.96) = 0.9750021048517795.
    expect(erfc(1)).toBeCloseTo(0.15729920705028513, 14);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 25);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 8);
      }),
    );
  });
});

describe("experiment kernels vs SciPy (test/fixtures/experiment/make_kernels.py)", () => {
  it("normal CDF to 2e-12 relative down to z = -38 (scipy.stats.norm.cdf)", () => {
    expect(worst(zip(kernels.norm_cdf.x), kernels.norm_cdf.p, normalCdf)).toBeLessThan(2e-12);
  });

  it("normal quantile to 1e-13 from p = 1e-300 to 1 - 1e-10 (scipy.stats.norm.ppf)", () => {
    expect(worst(zip(kernels.norm_ppf.p), kernels.norm_ppf.q, normalQuantile, 1)).toBeLessThan(1e-13);
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
});
