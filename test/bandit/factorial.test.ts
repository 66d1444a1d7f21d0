import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { banditFromJSON, chooseArm, createBandit, createFactorialBandit, factorMarginals, updateBanditInPlace, addArm } from "../../src/bandit/index.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("factorial bandits", () => {
  const factors = { headline: ["short", "long"], image: ["dog", "cat", "none"], cta: ["Buy", "Try"] };

  it("makes one arm per combination of levels", () => {
    const b = createFactorialBandit({ factors, policy: "thompson" });
    expect(b.arms.length).toBe(12);
    expect(b.arms[0]).toBe("headline=short|image=dog|cta=Buy");
    expect(b.arms[11]).toBe("headline=long|image=none|cta=Try");
    expect(new Set(b.arms).size).toBe(12);
    expect(b.factors?.armLevels[5]).toEqual([0, 2, 1]);
    expect(banditFromJSON(JSON.parse(JSON.stringify(b)))).toEqual(b);
  });

  it("marginal summaries pool every arm showing a level (brute force) and find the best level", () => {
    const b = createFactorialBandit({ factors });
    // true conversion = 0.04 + 0.03 [long] + 0.02 [cat] + 0.01 [Try]
    const p = (arm: string) =>
      0.04 + (arm.includes("headline=long") ? 0.03 : 0) + (arm.includes("image=cat") ? 0.02 : 0) + (arm.includes("cta=Try") ? 0.01 : 0);
    const rng = createRng(12);
    for (let i = 0; i < 20_000; i++) {
      const arm = chooseArm(b, { rng });
      updateBanditInPlace(b, arm, rng.uniform() < p(arm) ? 1 : 0);
    }
    const marg = factorMarginals(b, { rng: createRng(1), draws: 20_000 });
    expect(marg.map((m) => m.factor)).toEqual(["headline", "image", "cta"]);
    for (const [f, m] of marg.entries()) {
      let total = 0;
      for (const [l, lv] of m.levels.entries()) {
        let plays = 0;
        let sum = 0;
        b.arms.forEach((_, a) => {
          if (b.factors!.armLevels[a][f] === l) {
            plays += b.pooled.plays[a];
            sum += b.pooled.sum[a];
          }
        });
        expect(lv.plays).toBe(plays);
        expect(lv.mean).toBeCloseTo(sum / plays, 12);
        expect(lv.posteriorMean).toBeCloseTo((1 + sum) / (2 + plays), 12);
        total += lv.probabilityBest;
      }
      expect(total).toBeCloseTo(1, 12);
    }
    expect(marg[0].levels[1].probabilityBest).toBeGreaterThan(0.95); // long headline
    expect(marg[1].levels[1].probabilityBest).toBeGreaterThan(0.9); // cat image
  });

  it("rejects bad factors and non-factorial bandits with codes", () => {
    expectClienteleError(() => createFactorialBandit({ factors: {} }), "INVALID_OPTION");
    expectClienteleError(() => createFactorialBandit({ factors: { a: ["x", "x"] } }), "INVALID_OPTION");
    expectClienteleError(() => createFactorialBandit({ factors: { "a|b": ["x"] } }), "INVALID_OPTION");
    expectClienteleError(() => createFactorialBandit({ factors: { a: [] } }), "INVALID_OPTION");
    expectClienteleError(() => createFactorialBandit({ factors: { a: ["x"] }, prior: { alpha: 0 } }), "INVALID_OPTION");
    expectClienteleError(() => factorMarginals(createBandit({ arms: 2 })), "NOT_FACTORIAL");
    expectClienteleError(() => addArm(createFactorialBandit({ factors }), "x"), "FACTORIAL_ARMS_FIXED");
  });
});
