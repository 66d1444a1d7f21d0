import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { digamma, erfc, logAddExp, logBeta, logGamma, logSubExp, logSumExp, normalCdf, normalQuantile } from "../../src/core/numeric.js";
import { invertSpd, minimizeBfgs, numericGradient, numericHessian } from "../../src/core/optimize.js";

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

describe("core optimizer", () => {
  const rosen = (x: Float64Array, g: Float64Array) => {
    const a = 1 - x[0];
    const b = x[1] - x[0] * x[0];
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  };

  it("BFGS finds the Rosenbrock minimum at (1, 1)", () => {
    const r = minimizeBfgs(rosen, [-1.2, 1], { maxIter: 1000, gradTol: 1e-9 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });

  it("numeric Hessian of a quadratic is exact and invertSpd inverts it", () => {
    // f = ½ xᵀ A x with A = [[4, 1], [1, 3]]; A⁻¹ = [[3, −1], [−1, 4]] / 11.
    const f = (x: Float64Array, g: Float64Array) => {
      g[0] = 4 * x[0] + x[1];
      g[1] = x[0] + 3 * x[1];
      return 0.5 * (4 * x[0] * x[0] + 2 * x[0] * x[1] + 3 * x[1] * x[1]);
    };
    const H = numericHessian(f, [0.3, -0.7]);
    expect(Array.from(H)).toEqual([4, 1, 1, 3].map((v) => expect.closeTo(v, 8)));
    const inv = invertSpd(H, 2)!;
    expect(Array.from(inv)).toEqual([3 / 11, -1 / 11, -1 / 11, 4 / 11].map((v) => expect.closeTo(v, 8)));
    expect(invertSpd(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull(); // indefinite
    const g = numericGradient((x) => f(x, new Float64Array(2)), [0.3, -0.7]);
    expect(g[0]).toBeCloseTo(4 * 0.3 - 0.7, 7);
  });

  it("aborts with ABORTED when the signal fires", () => {
    const ac = new AbortController();
    ac.abort();
    expect(() => minimizeBfgs(rosen, [-1.2, 1], { signal: ac.signal })).toThrow(expect.objectContaining({ code: "ABORTED" }));
  });
});
