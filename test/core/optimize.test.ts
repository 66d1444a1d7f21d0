import { describe, expect, it } from "vitest";
import { minimizeBfgs, minimizeBfgsSteps, type ObjectiveWithGradient, invertSpd, numericGradient, numericHessian } from "../../src/core/optimize.js";
import { runAsync, runSync } from "../../src/core/async.js";
import { expectClienteleError } from "../helpers/errors.js";

// Rosenbrock: minimum 0 at (1, 1); a classic that needs dozens of BFGS iterations.
const rosenbrock: ObjectiveWithGradient = (x, g) => {
  const a = 1 - x[0];
  const b = x[1] - x[0] * x[0];
  g[0] = -2 * a - 400 * x[0] * b;
  g[1] = 200 * b;
  return a * a + 100 * b * b;
};

describe("minimizeBfgs / minimizeBfgsSteps", () => {
  it("finds the Rosenbrock minimum", () => {
    const r = minimizeBfgs(rosenbrock, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });

  it("gives bit-identical results run synchronously, through runSync and through runAsync", async () => {
    const a = minimizeBfgs(rosenbrock, [-1.2, 1]);
    const b = runSync(minimizeBfgsSteps(rosenbrock, [-1.2, 1]));
    const c = await runAsync(minimizeBfgsSteps(rosenbrock, [-1.2, 1]), "test", undefined, 0);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(Array.from(c.x)).toEqual(Array.from(a.x));
  });

  it("yields at least once per iteration", () => {
    const gen = minimizeBfgsSteps(rosenbrock, [-1.2, 1]);
    let yields = 0;
    let r = gen.next();
    while (!r.done) {
      yields++;
      r = gen.next();
    }
    expect(yields).toBeGreaterThanOrEqual(r.value.iterations);
  });

  it("names the public function in its errors, never 'optimizer:'", () => {
    const ac = new AbortController();
    ac.abort();
    expect(expectClienteleError(() => minimizeBfgs(rosenbrock, [-1.2, 1], { signal: ac.signal, fn: "fitBgNbd" }), "ABORTED").message).toMatch(
      /^fitBgNbd: aborted/,
    );
    const failed = expectClienteleError(() => minimizeBfgs(() => NaN, [0], { fn: "fitGammaGamma" }), "FIT_FAILED");
    expect(failed.message).toMatch(/^fitGammaGamma: /);
    expect(failed.message).not.toMatch(/optimizer:/);
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
