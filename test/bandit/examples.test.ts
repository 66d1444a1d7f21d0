import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import {
  addArm,
  banditFromJSON,
  chooseArm,
  chooseArmIndex,
  createBandit,
  createFactorialBandit,
  expectedLoss,
  factorMarginals,
  probabilityBest,
  retireArm,
  shouldStop,
  simulateBandit,
  simulateBanditAsync,
  summarizeBandit,
  updateBandit,
  updateBanditBatch,
  updateBanditInPlace,
} from "../../src/bandit/index.js";

// Each test runs the @example of one export and checks the output its TSDoc states.
describe("TSDoc examples of clientele/bandit", () => {
  it("createBandit / chooseArm / updateBandit", () => {
    let bandit = createBandit({ arms: ["control", "new-subject"], policy: "thompson", seed: 7 });
    const before = bandit.stream.slice();
    const arm = chooseArm(bandit);
    expect(["control", "new-subject"]).toContain(arm);
    expect(bandit.stream).not.toEqual(before); // advanced
    bandit = updateBandit(bandit, arm, 1);
    expect(bandit.pooled.plays.reduce((a, b) => a + b)).toBe(1);
    const rb = createBandit({ arms: ["red", "blue"], seed: 7 });
    const s0 = rb.stream.slice();
    expect(["red", "blue"]).toContain(chooseArm(rb, { segment: "mobile" }));
    expect(rb.stream).not.toEqual(s0);
  });

  it("chooseArmIndex, addArm, retireArm, updateBanditInPlace, updateBandit, updateBanditBatch", () => {
    expect(chooseArmIndex(createBandit({ arms: 3, policy: "ucb1" }))).toBe(0);
    expect(addArm(createBandit({ arms: ["a", "b"] }), "c").arms).toEqual(["a", "b", "c"]);
    expect(retireArm(createBandit({ arms: ["a", "b", "c"] }), "b").retired).toEqual([false, true, false]);
    const bandit = createBandit({ arms: ["a", "b"] });
    updateBanditInPlace(bandit, "a", 1);
    expect(bandit.pooled.sum).toEqual([1, 0]);
    const before = createBandit({ arms: ["a", "b"] });
    const after = updateBandit(before, "b", 1, { segment: "new-customers" });
    expect(after.pooled.plays).toEqual([0, 1]);
    expect(before.pooled.plays).toEqual([0, 0]);
    const b = updateBanditBatch(createBandit({ arms: ["a", "b"] }), [
      { arm: "a", count: 120, sum: 9 },
      { arm: "b", reward: 1, segment: "vip" },
    ]);
    expect(b.pooled.plays).toEqual([120, 1]);
    expect(banditFromJSON(JSON.parse(JSON.stringify(createBandit({ arms: 3 })))).arms).toEqual(["0", "1", "2"]);
  });

  it("probabilityBest, expectedLoss, summarizeBandit, shouldStop", () => {
    const b = updateBanditBatch(createBandit({ arms: ["A", "B"] }), [
      { arm: "A", count: 1000, sum: 50 },
      { arm: "B", count: 1000, sum: 65 },
    ]);
    const p = probabilityBest(b, { draws: 20000, rng: createRng(1) });
    expect(p[0]).toBeCloseTo(0.08, 1);
    expect(p[1]).toBeCloseTo(0.92, 1);
    const l = expectedLoss(b);
    expect(l[0]).toBeCloseTo(0.015, 3);
    expect(l[1]).toBeCloseTo(0.0003, 3);
    expect(summarizeBandit(createBandit({ arms: ["A", "B"] })).arms[0].probabilityBest).toBeCloseTo(0.5, 1);
    const c = updateBanditBatch(createBandit({ arms: ["A", "B"] }), [
      { arm: "A", count: 5000, sum: 250 },
      { arm: "B", count: 5000, sum: 350 },
    ]);
    expect(shouldStop(c, { lossThreshold: 0.001 })).toMatchObject({ stop: true, arm: "B" });
  });

  it("createFactorialBandit, factorMarginals, simulateBandit", () => {
    const b = createFactorialBandit({ factors: { headline: ["short", "long"], cta: ["Buy", "Try"] } });
    expect(b.arms).toEqual(["headline=short|cta=Buy", "headline=short|cta=Try", "headline=long|cta=Buy", "headline=long|cta=Try"]);
    expect(factorMarginals(b)[0].factor).toBe("headline");
    const sim = simulateBandit("thompson", { armMeans: [0.05, 0.07], horizon: 1000, repetitions: 50, seed: 1 });
    expect(sim.checkpoints.at(-1)).toBe(1000);
    expect(sim.meanRegret.at(-1)).toBeCloseTo(6, 0);
  });

  it("simulateBanditAsync", async () => {
    const sim = await simulateBanditAsync("ucb1", { armMeans: [0.1, 0.2], horizon: 1000, repetitions: 20, signal: AbortSignal.timeout(5000) });
    expect(sim.checkpoints.at(-1)).toBe(1000);
  });
});
