import { describe, expect, it } from "vitest";
import { minimizeBfgs, minimizeBfgsSteps, type ObjectiveWithGradient } from "../../src/core/optimize.js";
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
    expect(expectClienteleError(() => minimizeBfgs(rosenbrock, [-1.2, 1], { signal: ac.signal, fn: "fitBgNbd" }), "ABORTED").message).toMatch(/^fitBgNbd: aborted/);
    const failed = expectClienteleError(() => minimizeBfgs(() => NaN, [0], { fn: "fitGammaGamma" }), "FIT_FAILED");
    expect(failed.message).toMatch(/^fitGammaGamma: /);
    expect(failed.message).not.toMatch(/optimizer:/);
  });
});
