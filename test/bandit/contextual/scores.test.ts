// chooseFromScores (issue 13): epsilon-greedy, softmax and greedy over the scores of any model,
// with the propensity of the chosen arm and every arm's probability. Hand-computed
// probabilities, the same choices and propensities as the contextual bandit's own policies,
// propensities that sum to 1, IPS on a simulated log, determinism and bad input.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  actionProbabilities,
  chooseContextualArm,
  chooseFromScores,
  chooseFromScoresBatch,
  contextualScores,
  createContextualBandit,
  createRng,
  estimatePolicyValue,
  updateContextualBanditInPlace,
  type ScorePolicy,
} from "../../../src/bandit/index.js";

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { name?: string; code?: string }).name === "ClienteleError" ? (e as { code: string }).code : `not a ClienteleError: ${String(e)}`;
  }
  return undefined;
};

describe("chooseFromScores: hand-computed probabilities", () => {
  it("epsilon-greedy: 1 - eps + eps / K for the best arm, eps / K for the others", () => {
    const c = chooseFromScores([0.2, 0.7, 0.1, 0.4, 0.3], { rng: createRng(1), epsilon: 0.25 });
    // K = 5, eps = 0.25: best 1 - 0.25 + 0.05 = 0.8, others 0.25 / 5 = 0.05
    const others = 0.25 / 5;
    expect(c.probabilities).toEqual([others, 1 - 0.25 + others, others, others, others]);
    expect(c.probabilities[1]).toBeCloseTo(0.8, 15);
    expect(c.probabilities[0]).toBe(0.05);
    expect(c.probability).toBe(c.probabilities[c.index]);
    expect(c.arm).toBe(String(c.index));
  });

  it("the default epsilon is 0.1 (as the contextual bandit's) and ties share the best arm's share", () => {
    const c = chooseFromScores([3, 1, 3, 3 + 1e-13], { rng: createRng(2) });
    // 3 and 3 + 1e-13 are within 1e-12 x 3: three tied best, each 0.1 / 4 + 0.9 / 3
    expect(c.probabilities).toEqual([0.025 + 0.3, 0.025, 0.025 + 0.3, 0.025 + 0.3]);
    expect(c.probabilities[0]).toBeCloseTo(0.325, 15);
  });

  it("greedy: the best arm with probability 1, ties split evenly", () => {
    expect(chooseFromScores([1, 5, 2], { rng: createRng(3), policy: "greedy" })).toEqual({ arm: "1", index: 1, probability: 1, probabilities: [0, 1, 0] });
    const t = chooseFromScores([4, 4], { rng: createRng(3), policy: "greedy", arms: ["x", "y"] });
    expect(t.probabilities).toEqual([0.5, 0.5]);
    expect(t.probability).toBe(0.5);
  });

  it("softmax: exp(s / T) / sum, computed with a max shift (no overflow for large scores)", () => {
    const s = [0.1, 0.5, -0.2];
    const T = 0.3;
    const e = s.map((v) => Math.exp(v / T));
    const tot = e[0] + e[1] + e[2];
    const c = chooseFromScores(s, { rng: createRng(4), policy: "softmax", temperature: T });
    for (let a = 0; a < 3; a++) expect(c.probabilities[a]).toBeCloseTo(e[a] / tot, 14);
    // exp(1000 / 1) overflows; the shifted form gives 1 / (1 + e^-1) and e^-1 / (1 + e^-1)
    const big = chooseFromScores([1000, 999], { rng: createRng(4), policy: "softmax", temperature: 1 });
    expect(big.probabilities[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
    expect(big.probabilities[1]).toBeCloseTo(Math.exp(-1) / (1 + Math.exp(-1)), 15);
  });
});

describe("chooseFromScores: the same rules and draws as the contextual bandit's policies", () => {
  for (const policy of [
    { type: "epsilon-greedy", epsilon: 0.3 },
    { type: "softmax", temperature: 0.2 },
  ] as const) {
    it(`${policy.type}: over the bandit's ridge means it logs the bandit's propensities and, with the same seed, makes its choices`, () => {
      const b = createContextualBandit({ arms: ["a", "b", "c", "d"], dimension: 3, policy, seed: 7 });
      const env = createRng(11);
      const r1 = createRng(5);
      const r2 = createRng(5);
      const opts =
        policy.type === "softmax"
          ? { policy: "softmax" as const, temperature: policy.temperature }
          : { policy: "epsilon-greedy" as const, epsilon: policy.epsilon };
      let same = 0;
      for (let t = 0; t < 400; t++) {
        const x = [1, env.normal(), Math.round(env.uniform() * 2)];
        const mean = contextualScores(b, x).mean;
        const mine = chooseFromScores(mean, { rng: r1, arms: b.arms, ...opts });
        const theirs = chooseContextualArm(b, x, { rng: r2 });
        expect(mine.probabilities).toEqual(actionProbabilities(b, x));
        expect([mine.arm, mine.index, mine.probability]).toEqual([theirs.arm, theirs.index, theirs.probability]);
        if (mine.index === theirs.index) same++;
        updateContextualBanditInPlace(b, x, theirs.index, x[1] * (theirs.index + 1) > 0 ? 1 : 0);
      }
      expect(same).toBe(400);
    });
  }

  it("greedy matches epsilon-greedy with epsilon 0, ties included", () => {
    const s = [0.5, 0.5, 0.1, 0.5];
    for (let seed = 0; seed < 20; seed++) {
      const g = chooseFromScores(s, { rng: createRng(seed), policy: "greedy" });
      const e = chooseFromScores(s, { rng: createRng(seed), epsilon: 0 });
      expect(g).toEqual(e);
      expect(g.probability).toBeCloseTo(1 / 3, 15);
    }
  });
});

describe("chooseFromScores: properties", () => {
  const scoreArb = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 });
  const policyArb = fc.constantFrom<ScorePolicy>("epsilon-greedy", "softmax", "greedy");
  it("probabilities lie in [0, 1], sum to 1, and the logged propensity is the chosen arm's entry (> 0)", () => {
    fc.assert(
      fc.property(
        scoreArb,
        policyArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (s, policy, epsilon, temperature, seed) => {
          const extra = policy === "epsilon-greedy" ? { epsilon } : policy === "softmax" ? { temperature } : {};
          const c = chooseFromScores(s, { rng: createRng(seed), policy, ...extra });
          let tot = 0;
          for (const p of c.probabilities) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1);
            tot += p;
          }
          expect(Math.abs(tot - 1)).toBeLessThan(1e-12);
          expect(c.probability).toBe(c.probabilities[c.index]);
          expect(c.probability).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300, seed: 1313 },
    );
  });

  it("choice frequencies follow the probabilities (epsilon-greedy and softmax, 20,000 draws)", () => {
    for (const o of [
      { policy: "epsilon-greedy" as const, epsilon: 0.4 },
      { policy: "softmax" as const, temperature: 0.5 },
    ]) {
      const s = [0.3, 0.9, 0.6];
      const rng = createRng(21);
      const counts = [0, 0, 0];
      const N = 20_000;
      let p: number[] = [];
      for (let i = 0; i < N; i++) {
        const c = chooseFromScores(s, { rng, ...o });
        counts[c.index]++;
        p = c.probabilities;
      }
      // binomial sd <= sqrt(0.25 / N) = 0.0035: within 5 sd
      for (let a = 0; a < 3; a++) expect(Math.abs(counts[a] / N - p[a])).toBeLessThan(0.018);
    }
  });

  it("the same seed gives the same choices; the batch equals row-by-row calls with one generator", () => {
    const rows = Array.from({ length: 200 }, (_, i) => [Math.sin(i), Math.cos(i), 0.1 * (i % 7)]);
    const run = (seed: number) => {
      const rng = createRng(seed);
      return rows.map((r) => chooseFromScores(r, { rng, epsilon: 0.3, arms: ["a", "b", "c"] }));
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9).map((c) => c.index)).not.toEqual(run(10).map((c) => c.index));
    expect(chooseFromScoresBatch(rows, { rng: createRng(9), epsilon: 0.3, arms: ["a", "b", "c"] })).toEqual(run(9));
  });

  it("typed arrays are accepted", () => {
    expect(chooseFromScores(new Float64Array([0.2, 0.9]), { rng: createRng(1), policy: "greedy" }).index).toBe(1);
  });
});

describe("chooseFromScores: the logged propensity evaluates a new policy off-line (IPS)", () => {
  it("IPS from estimatePolicyValue equals mean(pi(a) / propensity x reward) and is near the target's true value", () => {
    // simulated log: 3 arms, a score model per row (noisy view of the true click rates),
    // logging policy epsilon-greedy (0.3) over those scores; the target is softmax over the true rates
    const env = createRng(101);
    const rng = createRng(202);
    const n = 20_000;
    const log: { action: string; reward: number; propensity: number }[] = [];
    const target: number[][] = [];
    let ipsByHand = 0;
    let truth = 0;
    for (let i = 0; i < n; i++) {
      const mu = [0.05 + 0.1 * env.uniform(), 0.1 + 0.2 * env.uniform(), 0.02 + 0.3 * env.uniform()];
      const scores = mu.map((m) => m + 0.1 * env.normal());
      const c = chooseFromScores(scores, { rng, epsilon: 0.3, arms: ["a", "b", "c"] });
      const reward = env.uniform() < mu[c.index] ? 1 : 0;
      log.push({ action: c.arm, reward, propensity: c.probability });
      const pi = chooseFromScores(mu, { rng, policy: "softmax", temperature: 0.05 }).probabilities;
      target.push(pi);
      ipsByHand += (pi[c.index] / c.probability) * reward;
      truth += pi[0] * mu[0] + pi[1] * mu[1] + pi[2] * mu[2];
    }
    ipsByHand /= n;
    truth /= n;
    const v = estimatePolicyValue(log, target, { actions: ["a", "b", "c"], estimators: ["ips"], resamples: 0 });
    const ips = v.estimates[0].value as number;
    expect(Math.abs(ips - ipsByHand)).toBeLessThan(1e-12);
    // IPS is unbiased for the target's value; its standard error from the log's own terms
    // (weights at most 1 / (0.3 / 3) = 10, rewards in {0, 1}); allow 5 of them
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const a = ["a", "b", "c"].indexOf(log[i].action);
      s2 += ((target[i][a] / log[i].propensity) * log[i].reward - ipsByHand) ** 2;
    }
    const se = Math.sqrt(s2 / (n - 1) / n);
    expect(Math.abs(ips - truth)).toBeLessThan(5 * se);
  });
});

describe("chooseFromScores: bad input", () => {
  const rng = () => createRng(1);
  it.each([
    ["a NaN score", () => chooseFromScores([0.1, Number.NaN], { rng: rng() }), "NON_FINITE"],
    ["an infinite score", () => chooseFromScores([Infinity, 0], { rng: rng() }), "NON_FINITE"],
    ["a null score", () => chooseFromScores([0, null as unknown as number], { rng: rng() }), "MISSING_VALUE"],
    ["a string score", () => chooseFromScores(["1", 0] as unknown as number[], { rng: rng() }), "INVALID_INPUT"],
    ["no scores", () => chooseFromScores([], { rng: rng() }), "EMPTY_INPUT"],
    ["scores not an array", () => chooseFromScores(3 as unknown as number[], { rng: rng() }), "INVALID_INPUT"],
    ["no rng", () => chooseFromScores([1, 2], {} as never), "INVALID_OPTION"],
    ["no options", () => chooseFromScores([1, 2], undefined as never), "INVALID_OPTION"],
    ["rng not a generator", () => chooseFromScores([1, 2], { rng: Math.random as never }), "INVALID_OPTION"],
    ["an unknown option", () => chooseFromScores([1, 2], { rng: rng(), epsilom: 0.1 } as never), "INVALID_OPTION"],
    ["epsilon above 1", () => chooseFromScores([1, 2], { rng: rng(), epsilon: 1.5 }), "INVALID_OPTION"],
    ["a temperature of 0", () => chooseFromScores([1, 2], { rng: rng(), policy: "softmax", temperature: 0 }), "INVALID_OPTION"],
    ["an unknown policy", () => chooseFromScores([1, 2], { rng: rng(), policy: "ucb" as never }), "INVALID_OPTION"],
    ["epsilon with softmax", () => chooseFromScores([1, 2], { rng: rng(), policy: "softmax", epsilon: 0.1 }), "INVALID_OPTION"],
    ["temperature with epsilon-greedy", () => chooseFromScores([1, 2], { rng: rng(), temperature: 0.1 }), "INVALID_OPTION"],
    ["fewer arms than scores", () => chooseFromScores([1, 2], { rng: rng(), arms: ["a"] }), "SHAPE_MISMATCH"],
    ["a duplicate arm", () => chooseFromScores([1, 2], { rng: rng(), arms: ["a", "a"] }), "DUPLICATE_ARM"],
    ["too many arms", () => chooseFromScores(new Array(1001).fill(0), { rng: rng() }), "TOO_LARGE"],
    ["batch: no rows", () => chooseFromScoresBatch([], { rng: rng() }), "EMPTY_INPUT"],
    ["batch: ragged rows", () => chooseFromScoresBatch([[1, 2], [1]], { rng: rng() }), "SHAPE_MISMATCH"],
    [
      "batch: a NaN in row 1",
      () =>
        chooseFromScoresBatch(
          [
            [1, 2],
            [1, Number.NaN],
          ],
          { rng: rng() },
        ),
      "NON_FINITE",
    ],
  ])("%s", (_label, f, code) => {
    expect(codeOf(f)).toBe(code);
  });

  it("a bad row leaves the generator untouched (checked before any draw)", () => {
    const r = createRng(5);
    expect(
      codeOf(() =>
        chooseFromScoresBatch(
          [
            [1, 2],
            [Number.NaN, 0],
          ],
          { rng: r },
        ),
      ),
    ).toBe("NON_FINITE");
    expect(r.uniform()).toBe(createRng(5).uniform());
  });

  it("messages name the function and the fix", () => {
    expect(() => chooseFromScores([1, Number.NaN], { rng: rng() })).toThrow(/^chooseFromScores: the score of arm 1 is NaN/);
    expect(() => chooseFromScores([1], {} as never)).toThrow(/options.rng is required/);
  });
});
