import { describe, expect, it } from "vitest";
import { simulateBandit } from "../../src/bandit/index.js";
import { expectClienteleError } from "../helpers/errors.js";

// Issue 6 reference (independent simulation, 200 repetitions): 10 Bernoulli arms,
// Beta(1, 1) Thompson sampling: mean regret 82 (95% CI 80-85) after 10,000 steps and
// 276 (263-289) after 100,000; UCB1 (Auer et al. 2002) 201 and 1,213.
const ARM_MEANS = [0.0663, 0.0907, 0.0798, 0.0303, 0.037, 0.0886, 0.0105, 0.0839, 0.0817, 0.0521];

describe("simulateBandit reproduces the reference regret curves", () => {
  it("Thompson sampling, 200 repetitions x 10,000 steps: 82 (95% CI 80-85)", () => {
    const sim = simulateBandit("thompson", { armMeans: ARM_MEANS, horizon: 10_000, repetitions: 200, seed: 1, checkpoints: [1000, 10_000] });
    const m = sim.meanRegret[1];
    // our mean lies inside the reference CI, and the reference mean inside ours
    expect(m).toBeGreaterThanOrEqual(80);
    expect(m).toBeLessThanOrEqual(85);
    expect(sim.lower[1]).toBeLessThanOrEqual(82);
    expect(sim.upper[1]).toBeGreaterThanOrEqual(82);
    expect(sim.meanRegret[0]).toBeLessThan(m);
  });

  it("UCB1, 200 repetitions x 10,000 steps: 201", () => {
    const sim = simulateBandit("ucb1", { armMeans: ARM_MEANS, horizon: 10_000, repetitions: 200, seed: 1, checkpoints: [10_000] });
    // the reference is rounded to an integer: widen our 95% CI by 0.5
    expect(sim.lower[0] - 0.5).toBeLessThanOrEqual(201);
    expect(sim.upper[0] + 0.5).toBeGreaterThanOrEqual(201);
  });

  it("UCB1, 50 repetitions x 100,000 steps: 1,213 (the 200-repetition and Thompson 100,000-step checks run in benchmarks/bandit.bench.ts)", () => {
    const sim = simulateBandit({ policy: "ucb1" }, { armMeans: ARM_MEANS, horizon: 100_000, repetitions: 50, seed: 2, checkpoints: [100_000] });
    expect(sim.lower[0] - 0.5).toBeLessThanOrEqual(1213);
    expect(sim.upper[0] + 0.5).toBeGreaterThanOrEqual(1213);
  });
});

describe("drifting rewards", () => {
  // Two arms whose means swap at step 2,001 (0.3/0.6 -> 0.6/0.3). Regret accrued in the 500
  // steps after the switch measures how fast each policy moves to the new best arm.
  const options = {
    armMeans: [0.3, 0.6],
    horizon: 2500,
    repetitions: 40,
    seed: 5,
    checkpoints: [2000, 2500],
    changes: [{ step: 2001, armMeans: [0.6, 0.3] }],
  };
  const afterSwitch = (s: { meanRegret: number[] }) => s.meanRegret[1] - s.meanRegret[0];

  it("discounted Thompson sampling moves to the new best arm faster than stationary Thompson sampling", () => {
    const stationary = simulateBandit("thompson", options);
    const discounted = simulateBandit({ policy: "thompson", discount: 0.98 }, options);
    const windowed = simulateBandit({ policy: "thompson", window: 100 }, options);
    // switching 500 plays at a gap of 0.3 would cost 150; the stationary policy pays most of that
    expect(afterSwitch(stationary)).toBeGreaterThan(100);
    expect(afterSwitch(discounted)).toBeLessThan(0.5 * afterSwitch(stationary));
    expect(afterSwitch(windowed)).toBeLessThan(0.5 * afterSwitch(stationary));
  });
});

describe("simulateBandit options", () => {
  it("is deterministic for a seed, reports progress, and validates input", () => {
    const o = { armMeans: [0.1, 0.2, 0.3], horizon: 300, repetitions: 5, seed: 3 };
    const seen: number[] = [];
    const a = simulateBandit("epsilon-greedy", { ...o, onProgress: (p) => seen.push(p.repetition) });
    expect(simulateBandit("epsilon-greedy", o)).toEqual(a);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(a.checkpoints.at(-1)).toBe(300);
    expect(a.meanPlays.reduce((x, y) => x + y, 0)).toBeCloseTo(300, 9);
    // regret is non-decreasing along the curve
    for (let i = 1; i < a.meanRegret.length; i++) expect(a.meanRegret[i]).toBeGreaterThanOrEqual(a.meanRegret[i - 1]);
    const g = simulateBandit({ policy: "thompson", prior: { mean: 0, beta: 1 } }, { ...o, armMeans: [1, 2], reward: "gaussian", rewardSd: 2 });
    expect(g.meanPlays[1]).toBeGreaterThan(g.meanPlays[0]);
    expectClienteleError(() => simulateBandit("thompson", { ...o, armMeans: [0.5, 1.5] }), "REWARD_OUT_OF_RANGE");
    expectClienteleError(() => simulateBandit("thompson", { ...o, armMeans: [NaN] }), "INVALID_OPTION");
    expectClienteleError(() => simulateBandit("thompson", { ...o, armMeans: [] }), "INVALID_OPTION");
    expectClienteleError(() => simulateBandit("thompson", { ...o, checkpoints: [301] }), "INVALID_OPTION");
    expectClienteleError(() => simulateBandit("nope" as never, o), "INVALID_OPTION");
    const ac = new AbortController();
    ac.abort();
    expectClienteleError(() => simulateBandit("thompson", { ...o, signal: ac.signal }), "ABORTED");
  });
});
