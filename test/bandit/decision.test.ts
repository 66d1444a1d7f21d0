import { describe, expect, it } from "vitest";
import fc from "fast-check";
// @ts-expect-error jstat ships no type declarations; the shape used is typed below.
import jStatModule from "jstat";
import { createRng } from "../../src/core/rng.js";
import { logBeta } from "../../src/core/numeric.js";
import {
  createBandit,
  expectedLoss,
  probabilityBest,
  shouldStop,
  summarizeBandit,
  updateBanditBatch,
  retireArm,
  type BanditState,
} from "../../src/bandit/index.js";

const jStat = ((jStatModule as unknown as { jStat?: unknown }).jStat ?? jStatModule) as {
  studentt: { pdf(x: number, df: number): number; cdf(x: number, df: number): number };
};

/**
 * Exact P(pB > pA) for pA ~ Beta(aA, bA), pB ~ Beta(aB, bB) with integer aB:
 * Evan Miller (2015), "Formulas for Bayesian A/B Testing",
 * sum_{i=0}^{aB-1} B(aA+i, bA+bB) / ((bB+i) B(1+i, bB) B(aA, bA)).
 */
function probBBeatsA(aA: number, bA: number, aB: number, bB: number): number {
  let total = 0;
  for (let i = 0; i < aB; i++) {
    total += Math.exp(logBeta(aA + i, bA + bB) - Math.log(bB + i) - logBeta(1 + i, bB) - logBeta(aA, bA));
  }
  return total;
}

/**
 * Exact expected loss of choosing A, E[max(pB - pA, 0)] = E[pB 1{pB > pA}] - E[pA 1{pB > pA}]
 * = mean_B P(B' > A) - mean_A P(B > A'), where B' ~ Beta(aB+1, bB), A' ~ Beta(aA+1, bA)
 * (Stucchio 2015, "Bayesian A/B Testing at VWO", built on Miller's formula).
 */
function lossOfA(aA: number, bA: number, aB: number, bB: number): number {
  const meanA = aA / (aA + bA);
  const meanB = aB / (aB + bB);
  return meanB * probBBeatsA(aA, bA, aB + 1, bB) - meanA * probBBeatsA(aA + 1, bA, aB, bB);
}

function twoArm(a: [number, number], b: [number, number]): BanditState {
  // Beta(1, 1) prior: posterior Beta(1 + conversions, 1 + failures)
  return updateBanditBatch(createBandit({ arms: ["A", "B"] }), [
    { arm: "A", count: a[1], sum: a[0] },
    { arm: "B", count: b[1], sum: b[0] },
  ]);
}

describe("probabilityBest and expectedLoss", () => {
  it.each([
    [
      [50, 1000],
      [65, 1000],
    ],
    [
      [3, 40],
      [5, 38],
    ],
    [
      [120, 2400],
      [118, 2300],
    ],
  ] as [[number, number], [number, number]][])("agree with Evan Miller's closed form within Monte Carlo error: A %j vs B %j", (a, b) => {
    const state = twoArm(a, b);
    const draws = 100_000;
    const [aA, bA, aB, bB] = [1 + a[0], 1 + a[1] - a[0], 1 + b[0], 1 + b[1] - b[0]];
    const exact = probBBeatsA(aA, bA, aB, bB);
    const summary = summarizeBandit(state, { draws, rng: createRng(17) });
    const pB = summary.arms[1].probabilityBest;
    const se = Math.sqrt((exact * (1 - exact)) / draws);
    expect(Math.abs(pB - exact)).toBeLessThan(3.5 * se);
    // expected loss of A and of B (loss of B is the mirror formula)
    const exactLossA = lossOfA(aA, bA, aB, bB);
    const exactLossB = lossOfA(aB, bB, aA, bA);
    expect(Math.abs(summary.arms[0].expectedLoss - exactLossA)).toBeLessThan(3.5 * summary.arms[0].expectedLossSe + 1e-12);
    expect(Math.abs(summary.arms[1].expectedLoss - exactLossB)).toBeLessThan(3.5 * summary.arms[1].expectedLossSe + 1e-12);
    // the standalone functions return the same numbers for the same seed
    expect(probabilityBest(state, { draws, rng: createRng(17) })).toEqual(summary.arms.map((x) => x.probabilityBest));
    expect(expectedLoss(state, { draws, rng: createRng(17) })).toEqual(summary.arms.map((x) => x.expectedLoss));
  });

  it("the closed form itself matches a numerical integration (sanity check of the reference)", () => {
    // P(B > A) = integral of f_A(x) (1 - F_B(x)) dx, Simpson's rule on 20,000 intervals
    const [aA, bA, aB, bB] = [4, 37, 6, 34];
    const lbA = logBeta(aA, bA);
    const m = 20_000;
    let integral = 0;
    // 1 - F_B(x) by cumulative Simpson of f_B from x to 1 is costly; use the symmetric form
    // P(B > A) = integral over x of f_B(x) F_A(x), with F_A accumulated by the trapezoid rule.
    let FA = 0;
    let prevA = 0;
    const h = 1 / m;
    for (let i = 1; i <= m; i++) {
      const x = i * h;
      const fa = x < 1 ? Math.exp((aA - 1) * Math.log(x) + (bA - 1) * Math.log(1 - x) - lbA) : 0;
      FA += 0.5 * (fa + prevA) * h;
      prevA = fa;
      const fb = x < 1 ? Math.exp((aB - 1) * Math.log(x) + (bB - 1) * Math.log(1 - x) - logBeta(aB, bB)) : 0;
      integral += fb * FA * h;
    }
    expect(integral).toBeCloseTo(probBBeatsA(aA, bA, aB, bB), 4);
  });

  it("agrees with numerical integration of the Student-t posteriors for Gaussian arms", () => {
    // Two Gaussian arms; posterior of each mean is Student-t(2 alpha_n, mu_n, sqrt(beta_n / (alpha_n kappa_n)))
    const prior = { mean: 0, kappa: 0.01, alpha: 1, beta: 1 };
    let state = createBandit({ arms: ["A", "B"], reward: "gaussian", prior });
    // A: 20 obs mean 10 sd 3; B: 25 obs mean 11 sd 4 (sum of squares from mean and variance)
    const summ = (n: number, mean: number, sd: number) => ({ count: n, sum: n * mean, sumSq: (n - 1) * sd * sd + n * mean * mean });
    state = updateBanditBatch(state, [
      { arm: "A", ...summ(20, 10, 3) },
      { arm: "B", ...summ(25, 11, 4) },
    ]);
    const post = (n: number, mean: number, sd: number) => {
      const kappa = prior.kappa + n;
      const mu = (prior.kappa * prior.mean + n * mean) / kappa;
      const alpha = prior.alpha + n / 2;
      const beta = prior.beta + 0.5 * (n - 1) * sd * sd + (prior.kappa * n * (mean - prior.mean) ** 2) / (2 * kappa);
      return { mu, df: 2 * alpha, scale: Math.sqrt(beta / (alpha * kappa)) };
    };
    const A = post(20, 10, 3);
    const B = post(25, 11, 4);
    // P(B > A) = integral of f_A(x) (1 - F_B(x)) dx (midpoint rule over +-12 scale units)
    let exact = 0;
    const lo = A.mu - 12 * A.scale;
    const hi = A.mu + 12 * A.scale;
    const m = 20_000;
    const h = (hi - lo) / m;
    for (let i = 0; i < m; i++) {
      const x = lo + (i + 0.5) * h;
      const fa = jStat.studentt.pdf((x - A.mu) / A.scale, A.df) / A.scale;
      exact += fa * (1 - jStat.studentt.cdf((x - B.mu) / B.scale, B.df)) * h;
    }
    const draws = 100_000;
    const p = probabilityBest(state, { draws, rng: createRng(23) });
    expect(Math.abs(p[1] - exact)).toBeLessThan(3.5 * Math.sqrt((exact * (1 - exact)) / draws));
  });

  it("property: probabilities lie in [0, 1], sum to 1, retired arms get 0; losses are >= 0", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 })), { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer(),
        (counts, retire, seed) => {
          let state = createBandit({ arms: counts.length });
          state = updateBanditBatch(
            state,
            counts.map(([s, f], k) => ({ arm: k, count: s + f, sum: s })),
          );
          const r = retire % counts.length;
          state = retireArm(state, r);
          const p = probabilityBest(state, { draws: 500, rng: createRng(seed) });
          const sum = p.reduce((a, b) => a + b, 0);
          expect(sum).toBeCloseTo(1, 12);
          for (const x of p) expect(x >= 0 && x <= 1).toBe(true);
          expect(p[r]).toBe(0);
          for (const l of expectedLoss(state, { draws: 200, rng: createRng(seed) })) expect(l).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("shouldStop stops on a clear winner and continues on a coin flip", () => {
    const clear = twoArm([250, 5000], [350, 5000]);
    const d = shouldStop(clear, { lossThreshold: 0.001, rng: createRng(1) });
    expect(d.stop).toBe(true);
    expect(d.arm).toBe("B");
    // exact loss of choosing B here is tiny (Miller/Stucchio closed form) and below the threshold
    expect(lossOfA(351, 4651, 251, 4751)).toBeLessThan(0.001);
    const close = twoArm([50, 1000], [52, 1000]);
    const c = shouldStop(close, { lossThreshold: 0.0005, probabilityThreshold: 0.95, rng: createRng(1) });
    expect(c.stop).toBe(false);
    expect(c.reason).toMatch(/^Continue/);
    // probability threshold alone
    const p = shouldStop(clear, { probabilityThreshold: 0.99, rng: createRng(1) });
    expect(p.stop).toBe(true);
    expect(p.reason).toMatch(/probability/);
  });

  it("rejects bad options with codes", () => {
    const s = createBandit({ arms: 2 });
    expect(() => probabilityBest(s, { draws: 0 })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    expect(() => shouldStop(s, { lossThreshold: -1 })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    expect(() => probabilityBest(s, { segment: "" })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    expect(() => expectedLoss({ kind: "kmeans" } as unknown as BanditState)).toThrow(expect.objectContaining({ code: "WRONG_MODEL_KIND" }));
  });
});
