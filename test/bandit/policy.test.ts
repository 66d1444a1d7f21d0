import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng } from "../../src/core/rng.js";
import { chooseArm, chooseArmIndex, createBandit, updateBanditBatch, updateBanditInPlace, type BanditState } from "../../src/bandit/index.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("chooseArm", () => {
  it("does not change the state and gives the same choices for the same seed", () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom("thompson", "ucb1", "epsilon-greedy"), fc.constantFrom("bernoulli", "gaussian"), (seed, policy, reward) => {
        const run = () => {
          const s = createBandit({ arms: 4, policy: policy as "thompson", reward: reward as "bernoulli" });
          const rng = createRng(seed);
          const env = createRng(seed + 1);
          const picks: string[] = [];
          for (let i = 0; i < 60; i++) {
            const before = JSON.stringify(s);
            const arm = chooseArm(s, { rng });
            expect(JSON.stringify(s)).toBe(before);
            picks.push(arm);
            updateBanditInPlace(s, arm, env.uniform() < 0.3 ? 1 : 0);
          }
          return picks;
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 30 },
    );
  });

  it("UCB1 plays each arm once, then maximises mean + sqrt(2 ln t / n) (Auer et al. 2002)", () => {
    const s = createBandit({ arms: 4, policy: "ucb1" });
    for (let k = 0; k < 4; k++) {
      expect(chooseArmIndex(s)).toBe(k);
      updateBanditInPlace(s, k, k === 2 ? 1 : 0);
    }
    // brute-force the index over random histories
    const rng = createRng(2);
    for (let step = 0; step < 300; step++) {
      const t = s.pooled.n.reduce((a, b) => a + b, 0);
      const idx = s.pooled.n.map((n, k) => s.pooled.sum[k] / n + Math.sqrt((2 * Math.log(t)) / n));
      const expected = idx.indexOf(Math.max(...idx));
      const k = chooseArmIndex(s, { rng });
      expect(k).toBe(expected);
      updateBanditInPlace(s, k, rng.uniform() < [0.1, 0.2, 0.3, 0.25][k] ? 1 : 0);
    }
  });

  it("epsilon-greedy explores with probability epsilon / (1 + decay t) and otherwise plays the best mean", () => {
    const s = updateBanditBatch(createBandit({ arms: ["a", "b", "c"], policy: { type: "epsilon-greedy", epsilon: 0.3 } }), [
      { arm: "a", count: 100, sum: 10 },
      { arm: "b", count: 100, sum: 40 },
      { arm: "c", count: 100, sum: 20 },
    ]);
    const rng = createRng(8);
    const n = 30_000;
    let notBest = 0;
    for (let i = 0; i < n; i++) if (chooseArm(s, { rng }) !== "b") notBest++;
    // exploring picks a non-best arm with probability 2/3: expected share 0.3 * 2/3 = 0.2
    expect(Math.abs(notBest / n - 0.2)).toBeLessThan(4 * Math.sqrt((0.2 * 0.8) / n));
    // decay: t = 300 observations, epsilon_t = 0.3 / (1 + 0.01 * 300) = 0.075 -> 0.05 non-best
    const d = { ...s, policy: { type: "epsilon-greedy" as const, epsilon: 0.3, decay: 0.01 } };
    notBest = 0;
    for (let i = 0; i < n; i++) if (chooseArm(d, { rng }) !== "b") notBest++;
    expect(Math.abs(notBest / n - 0.05)).toBeLessThan(4 * Math.sqrt((0.05 * 0.95) / n));
  });

  it("Thompson sampling picks each arm with its posterior probability of being best", () => {
    // two arms with the same posterior: each chosen half the time
    const s = updateBanditBatch(createBandit({ arms: 2 }), [
      { arm: 0, count: 50, sum: 5 },
      { arm: 1, count: 50, sum: 5 },
    ]);
    const rng = createRng(3);
    let ones = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) ones += chooseArmIndex(s, { rng });
    expect(Math.abs(ones / n - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
  });

  it("segments use the pooled statistics until they have minObservations, then their own", () => {
    // pooled data favour "a" strongly; segment "eu" favours "b" strongly
    const make = (segmentObs: number): BanditState =>
      updateBanditBatch(createBandit({ arms: ["a", "b"], policy: { type: "epsilon-greedy", epsilon: 0 }, minObservations: 50 }), [
        { arm: "a", count: 1000, sum: 600 },
        { arm: "b", count: 1000, sum: 100 },
        { arm: "a", count: Math.floor(segmentObs / 2), sum: 0, segment: "eu" },
        { arm: "b", count: Math.ceil(segmentObs / 2), sum: Math.ceil(segmentObs / 2), segment: "eu" },
      ]);
    const rng = createRng(1);
    expect(chooseArm(make(49), { rng, segment: "eu" })).toBe("a"); // 49 < 50: pooled (which includes eu's data)
    expect(chooseArm(make(50), { rng, segment: "eu" })).toBe("b"); // own statistics from 50 on
    expect(chooseArm(make(50), { rng })).toBe("a"); // no segment: pooled
    expect(chooseArm(make(50), { rng, segment: "us" })).toBe("a"); // unseen segment: pooled
  });

  it("rejects a bad rng, segment or state with codes", () => {
    const s = createBandit({ arms: 2 });
    expectClienteleError(() => chooseArm(s, { rng: {} as never }), "INVALID_OPTION");
    expectClienteleError(() => chooseArm(s, { segment: {} as never }), "INVALID_OPTION");
    expectClienteleError(() => chooseArm(s, { segment: NaN }), "INVALID_OPTION");
    expectClienteleError(() => chooseArm({ kind: "bandit", version: 9 } as never), "UNSUPPORTED_MODEL_VERSION");
  });
});
