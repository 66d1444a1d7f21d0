import { describe, expect, it } from "vitest";
// @ts-expect-error jstat ships no type declarations; the shape used is typed below.
import jStatModule from "jstat";
import { createRng } from "../../src/core/rng.js";
import { normalCdf } from "../../src/core/numeric.js";
import { fastBeta, fastGamma, fastNormal } from "../../src/bandit/sample.js";

// jstat ships CommonJS; both shapes of its default export are handled.
const jStat = ((jStatModule as unknown as { jStat?: unknown }).jStat ?? jStatModule) as {
  beta: { cdf(x: number, a: number, b: number): number };
  gamma: { cdf(x: number, shape: number, scale: number): number };
};

/** Kolmogorov-Smirnov statistic of a sample against a CDF. */
function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  const xs = Float64Array.from(sample).sort();
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

// Asymptotic KS critical value at level 0.001: 1.949 / sqrt(n) (Kolmogorov distribution).
const N = 20_000;
const KS_CRIT = 1.949 / Math.sqrt(N);

describe("bandit samplers (independent checks against exact CDFs)", () => {
  it("ziggurat normal follows N(0, 1) (KS test against the normal CDF)", () => {
    const rng = createRng(11);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = fastNormal(rng);
    expect(ksStatistic(xs, normalCdf)).toBeLessThan(KS_CRIT);
    // the tail branch (|x| > 3.44) is reached and symmetric in a larger sample
    let tail = 0;
    for (let i = 0; i < 2_000_000; i++) if (Math.abs(fastNormal(rng)) > 3.442619855899) tail++;
    // exact P(|Z| > 3.4426) = 2 * (1 - Phi(3.4426)) = 5.76e-4 -> 1152 expected, sd ~ 34
    expect(Math.abs(tail - 2_000_000 * 2 * (1 - normalCdf(3.442619855899)))).toBeLessThan(5 * 34);
  });

  it.each([[0.3], [1], [2.5], [50], [5000]])("Marsaglia-Tsang gamma(%d) matches the gamma CDF (KS, jstat)", (shape) => {
    const rng = createRng(3);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = fastGamma(rng, shape);
    expect(ksStatistic(xs, (x) => jStat.gamma.cdf(x, shape, 1))).toBeLessThan(KS_CRIT);
  });

  it.each([
    [1, 1],
    [2, 30],
    [60, 900],
    [0.5, 0.5],
  ])("beta(%d, %d) matches the beta CDF (KS, jstat)", (a, b) => {
    const rng = createRng(5);
    const xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = fastBeta(rng, a, b);
    expect(ksStatistic(xs, (x) => jStat.beta.cdf(x, a, b))).toBeLessThan(KS_CRIT);
  });
});
