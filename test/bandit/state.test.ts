import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng } from "../../src/core/rng.js";
import {
  addArm,
  banditFromJSON,
  chooseArm,
  createBandit,
  retireArm,
  updateBandit,
  updateBanditBatch,
  updateBanditInPlace,
  type BanditState,
} from "../../src/bandit/index.js";
import { expectClienteleError } from "../helpers/errors.js";

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === "object") {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

describe("createBandit", () => {
  it("makes plain JSON state with defaults filled in", () => {
    const b = createBandit({ arms: 3 });
    expect(b).toMatchObject({
      kind: "bandit",
      version: 1,
      reward: "bernoulli",
      policy: { type: "thompson" },
      prior: { alpha: 1, beta: 1 },
      discount: 1,
      window: 0,
      minObservations: 100,
      arms: ["0", "1", "2"],
      retired: [false, false, false],
      factors: null,
    });
    expect(createBandit({ arms: ["a"], policy: "epsilon-greedy" }).policy).toEqual({ type: "epsilon-greedy", epsilon: 0.1, decay: 0 });
    expect(createBandit({ arms: ["a"], policy: { type: "ucb1" } }).policy).toEqual({ type: "ucb1", scale: 1 });
    expect(createBandit({ arms: 2, reward: "gaussian" }).prior).toEqual({ mean: 0, kappa: 0.01, alpha: 1, beta: 1 });
  });

  it("rejects bad options, priors and names with codes", () => {
    expectClienteleError(() => createBandit({ arms: 0 }), "INVALID_OPTION");
    expectClienteleError(() => createBandit({ arms: [] }), "INVALID_OPTION");
    expectClienteleError(() => createBandit({ arms: NaN }), "INVALID_OPTION");
    expectClienteleError(() => createBandit({ arms: ["a", "a"] }), "DUPLICATE_ARM");
    expectClienteleError(() => createBandit({ arms: 2, prior: { alpha: 0 } }), "INVALID_OPTION");
    expectClienteleError(() => createBandit({ arms: 2, prior: { alpha: NaN } }), "INVALID_OPTION");
    expectClienteleError(() => createBandit({ arms: 2, prior: { beta: -1 } }), "INVALID_OPTION");
    expectClienteleError(() => createBandit({ arms: 2, prior: { mean: 3 } }), "INVALID_OPTION"); // mean is not a Beta field
    expectClienteleError(() => createBandit({ arms: 2, reward: "gaussian", prior: { kappa: 0 } }), "INVALID_OPTION");
    expectClienteleError(() => createBandit({ arms: 2, discount: 0 }), "INVALID_OPTION");
    expectClienteleError(() => createBandit({ arms: 2, discount: 0.9, window: 10 }), "INVALID_OPTION");
    expectClienteleError(() => createBandit({ arms: 2, policy: { type: "epsilon-greedy", epsilon: 2 } }), "INVALID_OPTION");
    expectClienteleError(() => createBandit({ arms: 2, polcy: "ucb1" } as never), "INVALID_OPTION");
    {
      const e = expectClienteleError(() => createBandit({ arms: 2, prior: { alpha: -2 } }), "INVALID_OPTION"); // (was a try/catch that passed when nothing was thrown)
      expect(e.message).toMatch(/createBandit: prior\.alpha must be a finite number in \(0, 1e\+100\]\. Got -2/);
    }
  });
});

describe("updates", () => {
  it("updateBandit returns a new state and leaves a frozen input untouched", () => {
    const before = deepFreeze(createBandit({ arms: ["a", "b"] }));
    const snapshot = JSON.stringify(before);
    const after = updateBandit(before, "b", 1, { segment: "vip" });
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(after.pooled.plays).toEqual([0, 1]);
    expect(after.pooled.sum).toEqual([0, 1]);
    expect(after.segments.vip.plays).toEqual([0, 1]);
    const batch = updateBanditBatch(before, [{ arm: "a", count: 10, sum: 3 }]);
    expect(batch.pooled.n).toEqual([10, 0]);
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(() => chooseArm(before, { rng: createRng(1), segment: "vip" })).not.toThrow();
  });

  it("updateBanditInPlace changes the state it is given", () => {
    const s = createBandit({ arms: ["a", "b"] });
    expect(updateBanditInPlace(s, 1, 0.25)).toBe(s);
    expect(s.pooled).toMatchObject({ n: [0, 1], sum: [0, 0.25], sumSq: [0, 0.0625], plays: [0, 1] });
  });

  it("rejects bad rewards, unknown arms, negative counts and impossible summaries with codes", () => {
    const s = createBandit({ arms: ["a", "b"] });
    expectClienteleError(() => updateBandit(s, "a", 1.5), "REWARD_OUT_OF_RANGE");
    expectClienteleError(() => updateBandit(s, "a", -0.1), "REWARD_OUT_OF_RANGE");
    expectClienteleError(() => updateBandit(s, "a", NaN), "NON_FINITE");
    expectClienteleError(() => updateBandit(s, "c", 1), "UNKNOWN_ARM");
    expectClienteleError(() => updateBandit(s, 2, 1), "UNKNOWN_ARM");
    expectClienteleError(() => updateBandit(s, "a", 1, { segment: "" }), "INVALID_OPTION");
    expectClienteleError(() => updateBanditBatch(s, [{ arm: "a", count: -3, sum: 0 }]), "NEGATIVE_VALUE");
    expectClienteleError(() => updateBanditBatch(s, [{ arm: "a", count: 3, sum: -1 }]), "NEGATIVE_VALUE");
    expectClienteleError(() => updateBanditBatch(s, [{ arm: "a", count: 3, sum: 4 }]), "REWARD_OUT_OF_RANGE");
    expectClienteleError(() => updateBanditBatch(s, [{ arm: "a", count: 2.5, sum: 1 }]), "NOT_INTEGER");
    expectClienteleError(
      () =>
        updateBanditBatch(s, [
          { arm: "a", reward: 1 },
          { arm: "zzz", reward: 1 },
        ]),
      "UNKNOWN_ARM",
    );
    const g = createBandit({ arms: 2, reward: "gaussian" });
    expectClienteleError(() => updateBanditBatch(g, [{ arm: 0, count: 3, sum: 6 }]), "MISSING_VALUE");
    expectClienteleError(() => updateBanditBatch(g, [{ arm: 0, count: 3, sum: 6, sum_sq: 12 } as never]), "MISSING_COLUMN"); // near miss named
    expectClienteleError(
      () =>
        updateBanditBatch(g, [
          { arm: 0, count: 3, sum: 6, sumSq: 12 },
          { arm: 0, count: 3, sum: 6 },
        ]),
      "MISSING_VALUE",
    );
    expectClienteleError(() => updateBanditBatch(g, [{ arm: 0, count: 3, sum: 6, sumSq: 10 }]), "INVALID_INPUT"); // < 36/3
    expect(() => updateBandit(g, 0, 250)).not.toThrow(); // Gaussian arms take any finite reward up to 1e100
    const w = createBandit({ arms: 2, window: 5 });
    expectClienteleError(() => updateBanditBatch(w, [{ arm: 0, count: 3, sum: 1 }]), "WINDOW_NEEDS_REWARDS");
  });

  it("a batch of rewards equals the same rewards applied one by one", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.double({ min: -50, max: 50, noNaN: true }), fc.constantFrom(undefined, "x", "y")), {
          maxLength: 40,
        }),
        fc.constantFrom(1, 0.9),
        (obs, discount) => {
          let one = createBandit({ arms: 3, reward: "gaussian", discount, minObservations: 2 });
          for (const [arm, reward, segment] of obs) one = updateBandit(one, arm, reward, { segment });
          const batch = updateBanditBatch(
            createBandit({ arms: 3, reward: "gaussian", discount, minObservations: 2 }),
            obs.map(([arm, reward, segment]) => ({ arm, reward, segment })),
          );
          expect(batch).toEqual(one);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("discounting multiplies all evidence by gamma before each observation (Raj & Kalyani 2017)", () => {
    let s = createBandit({ arms: 2, discount: 0.5 });
    s = updateBandit(s, 0, 1);
    s = updateBandit(s, 1, 1);
    s = updateBandit(s, 0, 0);
    // arm 0: 1 * 0.5^2 + 0 -> n = 0.25 + 1 = 1.25, sum = 0.25; arm 1: n = 0.5, sum = 0.5
    expect(s.pooled.n).toEqual([1.25, 0.5]);
    expect(s.pooled.sum).toEqual([0.25, 0.5]);
    expect(s.pooled.plays).toEqual([2, 1]);
  });

  it("a sliding window keeps exactly the last W rewards of each arm", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.double({ min: -10, max: 10, noNaN: true }).map((x) => x + 0),
          { maxLength: 60 },
        ),
        fc.integer({ min: 1, max: 7 }),
        (rewards, W) => {
          let s = createBandit({ arms: 2, reward: "gaussian", window: W });
          for (const r of rewards) s = updateBandit(s, 1, r);
          const last = rewards.slice(-W);
          expect(s.pooled.n[1]).toBe(last.length);
          expect(s.pooled.sum[1]).toBeCloseTo(
            last.reduce((a, b) => a + b, 0),
            9,
          );
          expect(s.pooled.sumSq[1]).toBeCloseTo(
            last.reduce((a, b) => a + b * b, 0),
            9,
          );
          expect(s.pooled.plays[1]).toBe(rewards.length);
          expect([...(s.pooled.recent as number[][])[1]].sort()).toEqual([...last].sort());
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("addArm and retireArm", () => {
  it("adds arms everywhere and never chooses retired arms", () => {
    let s = createBandit({ arms: ["a", "b"] });
    s = updateBandit(s, "a", 1, { segment: "s1" });
    const t = addArm(s, "c");
    expect(t.arms).toEqual(["a", "b", "c"]);
    expect(t.segments.s1.n).toEqual([1, 0, 0]);
    expect(s.arms).toEqual(["a", "b"]);
    expect(addArm(s).arms[2]).toBe("2");
    expectClienteleError(() => addArm(s, "a"), "DUPLICATE_ARM");
    const r = retireArm(retireArm(t, "a"), "c");
    const rng = createRng(4);
    for (let i = 0; i < 200; i++) expect(chooseArm(r, { rng })).toBe("b");
    expectClienteleError(() => retireArm(r, "b"), "NO_ACTIVE_ARMS");
    expectClienteleError(() => retireArm(r, "nope"), "UNKNOWN_ARM");
    // late feedback for a retired arm is still recorded
    expect(updateBandit(r, "a", 1).pooled.plays[0]).toBe(2);
  });
});

describe("banditFromJSON (contract: JSON round trip, validation)", () => {
  it("round-trips every kind of state through JSON", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("thompson", "ucb1", "epsilon-greedy"),
        fc.constantFrom("bernoulli", "gaussian"),
        fc.constantFrom({}, { discount: 0.95 }, { window: 4 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom(0, 1), fc.constantFrom(undefined, "m", "f")), { maxLength: 30 }),
        (policy, reward, extra, obs) => {
          let s = createBandit({ arms: ["a", "b", "c"], policy: policy as "thompson", reward: reward as "bernoulli", ...extra });
          for (const [k, r, segment] of obs) s = updateBandit(s, k, r, { segment });
          const back = banditFromJSON(JSON.parse(JSON.stringify(s)));
          expect(back).toEqual(s);
          expect(chooseArm(back, { rng: createRng(9) })).toBe(chooseArm(s, { rng: createRng(9) }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("rejects malformed states with codes", () => {
    const good = JSON.parse(JSON.stringify(updateBandit(createBandit({ arms: 2 }), 0, 1))) as BanditState;
    const bad = (f: (s: BanditState) => void) => {
      const s = JSON.parse(JSON.stringify(good)) as BanditState;
      f(s);
      return () => banditFromJSON(s);
    };
    expectClienteleError(() => banditFromJSON(null), "INVALID_MODEL");
    expectClienteleError(
      bad((s) => ((s as { kind: string }).kind = "kmeans")),
      "WRONG_MODEL_KIND",
    );
    expectClienteleError(
      bad((s) => ((s as { version: number }).version = 2)),
      "UNSUPPORTED_MODEL_VERSION",
    );
    expectClienteleError(
      bad((s) => (s.pooled.n = [1])),
      "INVALID_MODEL",
    );
    expectClienteleError(
      bad((s) => (s.pooled.plays[0] = -1)),
      "INVALID_MODEL",
    );
    expectClienteleError(
      bad((s) => (s.pooled.sum[0] = 5)),
      "INVALID_MODEL",
    ); // sum > n for Bernoulli
    expectClienteleError(
      bad((s) => (s.pooled.n[0] = NaN)),
      "INVALID_MODEL",
    );
    expectClienteleError(
      bad((s) => ((s.prior as { alpha: number }).alpha = -1)),
      "INVALID_MODEL",
    );
    expectClienteleError(
      bad((s) => delete (s.prior as { beta?: number }).beta),
      "INVALID_MODEL",
    );
    expectClienteleError(
      bad((s) => (s.retired = [true, true])),
      "INVALID_MODEL",
    );
    expectClienteleError(
      bad((s) => (s.arms = ["x", "x"])),
      "INVALID_MODEL",
    );
  });
});
