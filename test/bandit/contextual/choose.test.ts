// Propensities of contextual decisions (issue 13): every policy's action probabilities lie in
// [0, 1] and sum to 1, the chosen arm's logged propensity is its actionProbabilities entry, the
// Thompson quadrature agrees with a fine reference integral and with sampling, and seeded
// decisions repeat.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  actionProbabilities,
  chooseContextualArm,
  contextualScores,
  createContextualBandit,
  createRng,
  updateContextualBanditInPlace,
  type ContextualPolicyInput,
} from "../../../src/bandit/index.js";
import { fastNormalCdf, probabilityMaxNormal } from "../../../src/bandit/contextual/linalg.js";
import { normalCdf } from "../../../src/core/numeric.js";

const POLICIES: ContextualPolicyInput[] = [
  { type: "linucb", alpha: 0.5 },
  { type: "thompson", v: 0.7 },
  { type: "epsilon-greedy", epsilon: 0.1 },
  { type: "softmax", temperature: 0.3 },
];

/** Reference: P(arm a is the largest) by composite Simpson on 40,000 panels over +-12 sd of arm a (core's erfc CDF). */
function reference(mean: number[], sd: number[], a: number): number {
  const N = 40_000;
  const lo = mean[a] - 12 * sd[a];
  const h = (24 * sd[a]) / N;
  let tot = 0;
  for (let i = 0; i <= N; i++) {
    const s = lo + i * h;
    const t = (s - mean[a]) / sd[a];
    let f = Math.exp(-0.5 * t * t) / (sd[a] * Math.sqrt(2 * Math.PI));
    for (let j = 0; j < mean.length; j++) if (j !== a) f *= normalCdf((s - mean[j]) / sd[j]);
    tot += (i === 0 || i === N ? 1 : i % 2 ? 4 : 2) * f;
  }
  return (tot * h) / 3;
}

describe("action probabilities (fast-check)", () => {
  it("lie in [0, 1], sum to 1 and the chosen arm's propensity is its entry, for every policy and model", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom("disjoint", "hybrid", "shared"),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 1e6 }),
        (p, model, K, n, seed) => {
          const d = 3;
          const k = 2;
          const s = createContextualBandit({
            arms: K,
            policy: POLICIES[p],
            model,
            seed,
            ...(model !== "shared" ? { dimension: d } : {}),
            ...(model !== "disjoint" ? { sharedDimension: k } : {}),
          });
          const rng = createRng(seed);
          const ctx = () => {
            const x = Array.from({ length: d }, () => rng.normal());
            const z = Array.from({ length: K }, () => Array.from({ length: k }, () => rng.normal()));
            return model === "disjoint" ? x : model === "shared" ? z : { user: x, arms: z };
          };
          for (let i = 0; i < n; i++) updateContextualBanditInPlace(s, ctx(), rng.int(K), rng.normal() + (i % K) * 0.3);
          const c = ctx();
          const probs = actionProbabilities(s, c, { draws: 200 });
          for (const q of probs) {
            expect(q).toBeGreaterThanOrEqual(0);
            expect(q).toBeLessThanOrEqual(1);
          }
          expect(Math.abs(probs.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
          const choice = chooseContextualArm(s, c, { draws: 200, rng: createRng(seed) });
          expect(choice.probability).toBe(probs[choice.index]);
          expect(choice.probability).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150, seed: 13 },
    );
  });
});

describe("Thompson propensities (disjoint models: quadrature)", () => {
  it("the fast normal CDF (Hart 5666, West 2005) is within 1e-13 of core's erfc-based one on [-40, 40]", () => {
    let worst = 0;
    for (let x = -40; x <= 40; x += 0.00123) worst = Math.max(worst, Math.abs(fastNormalCdf(x) - normalCdf(x)));
    expect(worst).toBeLessThan(1e-13);
  });

  it("agree with a 40,000-panel Simpson reference to 1e-10 on random score configurations (sd ratios up to ~20)", () => {
    const rng = createRng(4);
    let worst = 0;
    for (let rep = 0; rep < 12; rep++) {
      const K = 2 + rng.int(5);
      const mean = Array.from({ length: K }, () => rng.normal() * 0.5);
      const sd = Array.from({ length: K }, () => Math.exp(rng.normal() * 0.7) * 0.2);
      const on = new Array(K).fill(true);
      for (let a = 0; a < K; a++) worst = Math.max(worst, Math.abs(probabilityMaxNormal(mean, sd, on, a) - reference(mean, sd, a)));
    }
    console.log(`Thompson quadrature vs reference: largest |difference| ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-10);
  });

  it("the logged propensity matches the frequency of the choice over 100,000 seeded decisions", () => {
    const s = createContextualBandit({ arms: 3, dimension: 2, policy: { type: "thompson", v: 1 }, seed: 5 });
    const rng = createRng(1);
    for (let i = 0; i < 30; i++) {
      const x = [rng.normal(), rng.normal()];
      updateContextualBanditInPlace(s, x, i % 3, x[0] * (i % 3) + rng.normal());
    }
    const x = [0.6, -0.4];
    const p = actionProbabilities(s, x);
    const counts = [0, 0, 0];
    const n = 100_000;
    const r = createRng(77);
    for (let i = 0; i < n; i++) counts[chooseContextualArm(s, x, { rng: r }).index]++;
    for (let a = 0; a < 3; a++) {
      const se = Math.sqrt((p[a] * (1 - p[a])) / n);
      expect(Math.abs(counts[a] / n - p[a])).toBeLessThan(4.5 * se + 1e-12);
    }
  });
});

describe("shared-weight Thompson propensities (Monte Carlo)", () => {
  it("are a function of (state, context): the same with any rng, and near the choice frequency", () => {
    const s = createContextualBandit({ arms: 3, sharedDimension: 2, policy: "thompson", seed: 1 });
    const ctx = [
      [1, 0],
      [0, 1],
      [0.5, 0.5],
    ];
    updateContextualBanditInPlace(s, ctx, 0, 1);
    const p = actionProbabilities(s, ctx, { draws: 20_000 });
    expect(chooseContextualArm(s, ctx, { rng: createRng(1), draws: 20_000 }).method).toBe("monte-carlo");
    expect(actionProbabilities(s, ctx, { draws: 20_000 })).toEqual(p);
    const counts = [0, 0, 0];
    const r = createRng(3);
    for (let i = 0; i < 20_000; i++) counts[chooseContextualArm(s, ctx, { rng: r, draws: 1 }).index]++;
    for (let a = 0; a < 3; a++) expect(Math.abs(counts[a] / 20_000 - p[a])).toBeLessThan(0.02);
  });
});

describe("determinism", () => {
  it("Thompson: the same seed gives the same choices; the state's stream advances", () => {
    const run = () => {
      const s = createContextualBandit({ arms: 4, dimension: 3, policy: "thompson", seed: 42 });
      const rng = createRng(8);
      const out: number[] = [];
      for (let i = 0; i < 200; i++) {
        const x = [rng.normal(), rng.normal(), 1];
        const c = chooseContextualArm(s, x);
        out.push(c.index, c.probability);
        updateContextualBanditInPlace(s, x, c.index, x[0] > 0 ? 1 : 0);
      }
      return out;
    };
    const a = run();
    expect(run()).toEqual(a);
    const other = createContextualBandit({ arms: 4, dimension: 3, policy: "thompson", seed: 43 });
    const first = createContextualBandit({ arms: 4, dimension: 3, policy: "thompson", seed: 42 });
    expect(other.stream).not.toEqual(first.stream);
    const before = first.stream.slice();
    chooseContextualArm(first, [1, 2, 3]);
    expect(first.stream).not.toEqual(before);
    // with an explicit rng the state is not touched
    const kept = first.stream.slice();
    chooseContextualArm(first, [1, 2, 3], { rng: createRng(1) });
    expect(first.stream).toEqual(kept);
  });

  it("LinUCB ties split evenly with probability 1 / ties; epsilon-greedy and softmax probabilities are exact", () => {
    const s = createContextualBandit({ arms: 3, dimension: 1 });
    expect(actionProbabilities(s, [1])).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const e = createContextualBandit({ arms: 3, dimension: 1, policy: { type: "epsilon-greedy", epsilon: 0.3 } });
    updateContextualBanditInPlace(e, [1], 2, 1);
    const pe = actionProbabilities(e, [1]);
    [0.1, 0.1, 0.8].forEach((v, a) => expect(pe[a]).toBeCloseTo(v, 15));
    const sm = createContextualBandit({ arms: 2, dimension: 1, policy: { type: "softmax", temperature: 0.5 } });
    updateContextualBanditInPlace(sm, [1], 1, 2); // mean of arm 1: 2 / (1 + 1) = 1
    const z = Math.exp(1 / 0.5);
    const p = actionProbabilities(sm, [1]);
    expect(p[1]).toBeCloseTo(z / (1 + z), 15);
    expect(contextualScores(sm, [1]).mean).toEqual([0, 1]);
  });
});
