// Contextual bandits (issue 13): scores against hand computation and a brute-force ridge through an
// explicit inverse, Sherman-Morrison drift, delayed / batched updates, decay, JSON state,
// segments and bad input.
import { describe, expect, it } from "vitest";
import { Matrix, inverse } from "ml-matrix";
import {
  actionProbabilities,
  chooseContextualArm,
  contextualBanditFromJSON,
  contextualScores,
  createContextualBandit,
  createRng,
  isClienteleError,
  updateContextualBandit,
  updateContextualBanditBatch,
  updateContextualBanditInPlace,
  type ContextualBanditState,
} from "../../../src/bandit/index.js";
import { bruteScores, relErr, type Obs } from "./helpers.js";

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (isClienteleError(e)) return e.code;
    throw e;
  }
  return "no error";
};

function randomObs(seed: number, n: number, K: number, d: number, k = 0): Obs[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => ({
    x: Array.from({ length: d }, () => rng.normal()),
    z: k > 0 ? Array.from({ length: K }, () => Array.from({ length: k }, () => rng.normal())) : undefined,
    arm: rng.int(K),
    reward: rng.normal() + 0.5,
  }));
}

const ctxOf = (model: string, o: { x: number[]; z?: number[][] }) => (model === "disjoint" ? o.x : model === "shared" ? o.z! : { user: o.x, arms: o.z! });

describe("LinUCB scores", () => {
  it("equal a 2-arm, d = 2 example worked by hand (Li et al. 2010, Algorithm 1, ridge 1, alpha 1)", () => {
    let b = createContextualBandit({ arms: ["a", "b"], dimension: 2, policy: { type: "linucb", alpha: 1 } });
    // arm a: x = (1, 0) reward 1, x = (0, 1) reward 0 -> A = 2I, b = (1, 0), theta = (0.5, 0)
    b = updateContextualBandit(b, [1, 0], "a", 1);
    b = updateContextualBandit(b, [0, 1], "a", 0);
    // arm b: x = (1, 1) reward 2 -> A = [[2, 1], [1, 2]], A^-1 = [[2, -1], [-1, 2]] / 3, b = (2, 2), theta = (2/3, 2/3)
    b = updateContextualBandit(b, [1, 1], "b", 2);
    expect(b.pooled.A).toEqual([
      [2, 0, 0, 2],
      [2, 1, 1, 2],
    ]);
    const s = contextualScores(b, [1, 1]);
    // context (1, 1): arm a mean 0.5, sd sqrt(2 / 2) = 1; arm b mean 4/3, sd sqrt(2/3)
    expect(s.mean[0]).toBeCloseTo(0.5, 14);
    expect(s.sd[0]).toBeCloseTo(1, 14);
    expect(s.mean[1]).toBeCloseTo(4 / 3, 14);
    expect(s.sd[1]).toBeCloseTo(Math.sqrt(2 / 3), 14);
    expect(s.score[0]).toBeCloseTo(1.5, 14);
    expect(s.score[1]).toBeCloseTo(4 / 3 + Math.sqrt(2 / 3), 14); // 2.1498
    const c = chooseContextualArm(b, [1, 1]);
    expect(c).toEqual({ arm: "b", index: 1, probability: 1, method: "exact" });
    // context (1, -1): arm a mean 0.5, sd 1 -> 1.5; arm b mean 0, sd sqrt(6 / 3) -> 1.414: a wins
    expect(chooseContextualArm(b, [1, -1]).arm).toBe("a");
    expect(contextualScores(b, [1, -1]).score[1]).toBeCloseTo(Math.SQRT2, 14);
  });

  for (const model of ["disjoint", "shared", "hybrid"] as const) {
    it(`${model}: means and sds equal a brute-force ridge (explicit inverse of the joint system) after 300 updates`, () => {
      const K = 4;
      const d = 3;
      const k = 2;
      const obs = randomObs(11, 300, K, d, model === "disjoint" ? 0 : k);
      const state = createContextualBandit({
        arms: K,
        model,
        ridge: 0.7,
        ...(model !== "shared" ? { dimension: d } : {}),
        ...(model !== "disjoint" ? { sharedDimension: k } : {}),
      });
      for (const o of obs) updateContextualBanditInPlace(state, ctxOf(model, o), o.arm, o.reward);
      const probe = randomObs(12, 20, K, d, model === "disjoint" ? 0 : k);
      let worst = 0;
      for (const p of probe) {
        const got = contextualScores(state, ctxOf(model, p));
        const want = bruteScores({ model, K, d, k, ridge: 0.7 }, obs, p.x, p.z);
        worst = Math.max(worst, relErr(got.mean, want.mean), relErr(got.sd, want.sd));
      }
      expect(worst).toBeLessThan(1e-10);
    });
  }
});

describe("Sherman-Morrison updates", () => {
  it("keep each inverse within 1e-11 of the direct inverse after 5,000 updates (d = 8)", () => {
    const d = 8;
    const state = createContextualBandit({ arms: 3, dimension: d, ridge: 0.5 });
    for (const o of randomObs(3, 5000, 3, d)) updateContextualBanditInPlace(state, o.x, o.arm, o.reward);
    let worst = 0;
    for (let a = 0; a < 3; a++) {
      const A = new Matrix(Array.from({ length: d }, (_, i) => state.pooled.A[a].slice(i * d, i * d + d)));
      const direct = inverse(A).to1DArray();
      const scale = Math.max(...direct.map(Math.abs));
      for (let i = 0; i < d * d; i++) worst = Math.max(worst, Math.abs(state.pooled.Ainv[a][i] - direct[i]) / scale);
      // theta kept by rank-one updates equals A^-1 b
      const th = inverse(A).mmul(Matrix.columnVector(state.pooled.b[a])).to1DArray();
      expect(relErr(state.pooled.theta[a], th)).toBeLessThan(1e-10);
    }
    expect(worst).toBeLessThan(1e-11);
  });

  it("the hybrid shared block stays the inverse of its matrix (rank-one update of the Schur complement)", () => {
    const state = createContextualBandit({ arms: 3, dimension: 2, sharedDimension: 3 });
    for (const o of randomObs(5, 2000, 3, 2, 3)) updateContextualBanditInPlace(state, { user: o.x, arms: o.z! }, o.arm, o.reward);
    const sh = state.pooled.shared!;
    const A0 = new Matrix(Array.from({ length: 3 }, (_, i) => sh.A.slice(i * 3, i * 3 + 3)));
    const direct = inverse(A0).to1DArray();
    expect(relErr(sh.Ainv, direct)).toBeLessThan(1e-10);
  });
});

describe("delayed and batched updates", () => {
  const obs = randomObs(21, 200, 3, 4);
  it("a batch equals the same updates applied one by one (bit for bit)", () => {
    const a = createContextualBandit({ arms: 3, dimension: 4, seed: 2 });
    for (const o of obs) updateContextualBanditInPlace(a, o.x, o.arm, o.reward, { segment: o.arm === 0 ? "s" : undefined });
    const b = updateContextualBanditBatch(
      createContextualBandit({ arms: 3, dimension: 4, seed: 2 }),
      obs.map((o) => ({ context: o.x, arm: o.arm, reward: o.reward, ...(o.arm === 0 ? { segment: "s" } : {}) })),
    );
    expect(b).toEqual(a);
  });

  it("rewards that arrive late (decide all, then learn in another order) give the same estimates to 1e-12", () => {
    const now = createContextualBandit({ arms: 3, dimension: 4 });
    for (const o of obs) updateContextualBanditInPlace(now, o.x, o.arm, o.reward);
    const late = updateContextualBanditBatch(
      createContextualBandit({ arms: 3, dimension: 4 }),
      obs.map((o) => ({ context: o.x, arm: o.arm, reward: o.reward })).reverse(),
    );
    const probe = [1, -0.5, 2, 0.25];
    expect(relErr(contextualScores(late, probe).mean, contextualScores(now, probe).mean)).toBeLessThan(1e-12);
    expect(relErr(contextualScores(late, probe).sd, contextualScores(now, probe).sd)).toBeLessThan(1e-12);
  });

  it("a bad entry throws with its index and changes nothing", () => {
    const s = createContextualBandit({ arms: 2, dimension: 1 });
    let err: unknown;
    try {
      updateContextualBanditBatch(s, [
        { context: [1], arm: 0, reward: 1 },
        { context: [1], arm: 0, reward: NaN },
      ]);
    } catch (e) {
      err = e;
    }
    expect(isClienteleError(err) && err.code).toBe("NON_FINITE");
    expect(isClienteleError(err) && err.path).toEqual(["updates", 1, "reward"]);
    expect(s.pooled.plays).toEqual([0, 0]);
  });
});

describe("discounting", () => {
  it("equals the weighted ridge gamma^(n - i) with the penalty discounted alike (before the ridge is restored)", () => {
    const gamma = 0.99;
    const obs = randomObs(8, 40, 2, 2); // 40 < ln 2 / 0.01 = 69: no restoration yet
    const s = createContextualBandit({ arms: 2, dimension: 2, discount: gamma, ridge: 2 });
    for (const o of obs) updateContextualBanditInPlace(s, o.x, o.arm, o.reward);
    const n = obs.length;
    const w = obs.map((_, i) => gamma ** (n - 1 - i));
    // brute force: A = gamma^n ridge I + sum w_i x x^T, scaled by gamma^-n (the scale cancels in the mean)
    const scaled = w.map((v) => v / gamma ** n);
    const want = bruteScores({ model: "disjoint", K: 2, d: 2, k: 0, ridge: 2 }, obs, [0.3, -1], undefined, scaled);
    const got = contextualScores(s, [0.3, -1]);
    expect(relErr(got.mean, want.mean)).toBeLessThan(1e-10);
    // sd scales with gamma^(-n/2)
    expect(
      relErr(
        got.sd.map((v) => v * gamma ** (n / 2)),
        want.sd,
      ),
    ).toBeLessThan(1e-10);
    expect(s.pooled.ridgeWeight).toBeCloseTo(gamma ** n, 12);
  });

  it("follows a reward that changes sign; without discount the estimate lags", () => {
    const mk = (discount: number) => createContextualBandit({ arms: 1, dimension: 1, discount });
    const fast = mk(0.95);
    const slow = mk(1);
    for (let t = 0; t < 2000; t++) {
      const r = t < 1000 ? 1 : -1;
      updateContextualBanditInPlace(fast, [1], 0, r);
      updateContextualBanditInPlace(slow, [1], 0, r);
    }
    // effective n = 1 / (1 - 0.95) = 20 observations of -1 against a ridge of 1 x [0.5, 1]: -20 / (20 + ridge)
    const m = contextualScores(fast, [1]).mean[0];
    expect(m).toBeGreaterThan(-20 / 20.5 - 1e-9);
    expect(m).toBeLessThan(-20 / 21 + 1e-9);
    expect(contextualScores(slow, [1]).mean[0]).toBeGreaterThan(-0.01);
    // the ridge penalty was restored by refactorization: never below half
    expect(fast.pooled.ridgeWeight).toBeGreaterThanOrEqual(0.5);
    expect(contextualBanditFromJSON(JSON.parse(JSON.stringify(fast))).pooled.n[0]).toBeCloseTo(20, 6); // sum of 0.95^i ~ 1 / 0.05
  });
});

describe("JSON state", () => {
  for (const policy of ["linucb", "thompson", "epsilon-greedy", "softmax"] as const) {
    it(`${policy}: state -> JSON.stringify / parse -> same choices and probabilities`, () => {
      const s = createContextualBandit({ arms: 3, dimension: 3, policy, seed: 9 });
      for (const o of randomObs(4, 100, 3, 3)) updateContextualBanditInPlace(s, o.x, o.arm, o.reward);
      const t = contextualBanditFromJSON(JSON.parse(JSON.stringify(s)));
      const ctx = randomObs(6, 50, 3, 3).map((o) => o.x);
      const a = ctx.map((x) => chooseContextualArm(s, x));
      const b = ctx.map((x) => chooseContextualArm(t, x));
      expect(b).toEqual(a);
      expect(t).toEqual(s);
    });
  }

  it("tampered state is INVALID_MODEL (Ainv not the inverse, theta not Ainv b, unknown field, __proto__)", () => {
    const s = createContextualBandit({ arms: 2, dimension: 2 });
    updateContextualBanditInPlace(s, [1, 2], 0, 1);
    const j = () => JSON.parse(JSON.stringify(s));
    const t1 = j();
    t1.pooled.Ainv[0][0] *= 2;
    expect(codeOf(() => contextualBanditFromJSON(t1))).toBe("INVALID_MODEL");
    const t2 = j();
    t2.pooled.theta[0][1] += 0.1;
    expect(codeOf(() => contextualBanditFromJSON(t2))).toBe("INVALID_MODEL");
    const t3 = j();
    t3.extra = 1;
    expect(codeOf(() => contextualBanditFromJSON(t3))).toBe("INVALID_MODEL");
    const t4 = JSON.parse(JSON.stringify(s).replace('"segments":{}', '"segments":{"__proto__":{"n":[0,0]}}'));
    expect(codeOf(() => contextualBanditFromJSON(t4))).toBe("INVALID_MODEL");
    expect(({} as Record<string, unknown>).n).toBeUndefined();
    const t5 = j();
    t5.kind = "bandit";
    expect(codeOf(() => contextualBanditFromJSON(t5))).toBe("WRONG_MODEL_KIND");
  });
});

describe("per-segment fallback", () => {
  it("a segment uses the pooled models until it has minObservations observations, then its own", () => {
    const s = createContextualBandit({ arms: 2, dimension: 1, minObservations: 3 });
    // pooled: arm 0 is good; segment "vip": arm 1 is good
    for (let i = 0; i < 20; i++) updateContextualBanditInPlace(s, [1], 0, 1);
    for (let i = 0; i < 2; i++) updateContextualBanditInPlace(s, [1], 1, 5, { segment: "vip" });
    expect(s.segments.vip.plays).toEqual([0, 2]);
    const pooled = contextualScores(s, [1]);
    expect(contextualScores(s, [1], { segment: "vip" })).toEqual(pooled); // 2 < 3: pooled
    updateContextualBanditInPlace(s, [1], 1, 5, { segment: "vip" });
    const own = contextualScores(s, [1], { segment: "vip" });
    expect(own.mean[1]).toBeCloseTo(15 / 4, 12); // 3 rewards of 5, ridge 1: 15 / (1 + 3)
    expect(own.mean[0]).toBe(0);
    expect(chooseContextualArm(s, [1], { segment: "vip" }).arm).toBe("1");
    expect(contextualScores(s, [1], { segment: "other" })).toEqual(contextualScores(s, [1])); // unknown segment: pooled
    expect(s.pooled.plays).toEqual([20, 3]); // segment observations also go into the pooled models
    // 7 and "7" are one segment id
    updateContextualBanditInPlace(s, [1], 0, 1, { segment: 7 });
    expect(Object.keys(s.segments).sort()).toEqual(["7", "vip"]);
  });
});

describe("bad input", () => {
  const s = (): ContextualBanditState => createContextualBandit({ arms: ["a", "b"], dimension: 2 });
  const h = (): ContextualBanditState => createContextualBandit({ arms: ["a", "b"], dimension: 2, sharedDimension: 1 });
  it("wrong context dimension is SHAPE_MISMATCH, naming the function", () => {
    expect(codeOf(() => chooseContextualArm(s(), [1, 2, 3]))).toBe("SHAPE_MISMATCH");
    expect(codeOf(() => updateContextualBandit(s(), [1], "a", 1))).toBe("SHAPE_MISMATCH");
    expect(codeOf(() => actionProbabilities(h(), { user: [1, 2], arms: [[1]] }))).toBe("SHAPE_MISMATCH");
    expect(codeOf(() => actionProbabilities(h(), { user: [1, 2], arms: [[1], [1, 2]] }))).toBe("SHAPE_MISMATCH");
    try {
      chooseContextualArm(s(), [1, 2, 3]);
    } catch (e) {
      expect((e as Error).message).toMatch(/^chooseContextualArm: /);
    }
  });
  it("non-finite features are NON_FINITE with the feature's index in path", () => {
    let err: unknown;
    try {
      chooseContextualArm(s(), [1, NaN]);
    } catch (e) {
      err = e;
    }
    expect(isClienteleError(err) && [err.code, err.path]).toEqual(["NON_FINITE", ["context", 1]]);
    expect(codeOf(() => updateContextualBanditInPlace(s(), [Infinity, 0], 0, 1))).toBe("NON_FINITE");
    expect(codeOf(() => contextualScores(s(), [1, null as unknown as number]))).toBe("MISSING_VALUE");
    expect(codeOf(() => contextualScores(s(), [1, 1e60]))).toBe("OUT_OF_RANGE");
  });
  it("unknown arms are UNKNOWN_ARM; bad rewards NON_FINITE / MISSING_VALUE; unknown options INVALID_OPTION", () => {
    expect(codeOf(() => updateContextualBandit(s(), [1, 2], "c", 1))).toBe("UNKNOWN_ARM");
    expect(codeOf(() => updateContextualBandit(s(), [1, 2], 2, 1))).toBe("UNKNOWN_ARM");
    expect(codeOf(() => updateContextualBandit(s(), [1, 2], "a", NaN))).toBe("NON_FINITE");
    expect(codeOf(() => updateContextualBandit(s(), [1, 2], "a", undefined as unknown as number))).toBe("MISSING_VALUE");
    expect(codeOf(() => chooseContextualArm(s(), [1, 2], { seed: 1 } as never))).toBe("INVALID_OPTION");
    expect(codeOf(() => createContextualBandit({ arms: 2 }))).toBe("INVALID_OPTION"); // no dimension
    expect(codeOf(() => createContextualBandit({ arms: ["a", "a"], dimension: 1 }))).toBe("DUPLICATE_ARM");
    expect(codeOf(() => createContextualBandit({ arms: 1000, dimension: 1000 }))).toBe("TOO_LARGE");
    expect(codeOf(() => chooseContextualArm(h(), [1, 2]))).toBe("INVALID_INPUT"); // hybrid needs { user, arms }
  });
  it("inputs are not changed: updateContextualBandit returns a new state", () => {
    const a = s();
    const before = JSON.stringify(a);
    updateContextualBandit(a, [1, 2], 0, 1);
    expect(JSON.stringify(a)).toBe(before);
  });
});

describe("TSDoc examples", () => {
  it("createContextualBandit", () => {
    const b = createContextualBandit({ arms: ["short", "long"], dimension: 3, policy: { type: "linucb", alpha: 1 } });
    expect([b.model, b.dimension, b.pooled.Ainv[0][0]]).toEqual(["disjoint", 3, 1]);
  });
  it("contextualBanditFromJSON", () => {
    const saved = JSON.stringify(createContextualBandit({ arms: 2, dimension: 2 }));
    expect(contextualBanditFromJSON(JSON.parse(saved)).arms).toEqual(["0", "1"]);
  });
  it("chooseContextualArm", () => {
    const b = createContextualBandit({ arms: ["a", "b"], dimension: 2, seed: 1 });
    const c = chooseContextualArm(b, [1, 0]);
    expect([c.probability, c.method]).toEqual([0.5, "exact"]);
  });
  it("actionProbabilities", () => {
    const b = createContextualBandit({ arms: 4, dimension: 1, policy: { type: "epsilon-greedy", epsilon: 0.2 } });
    expect(actionProbabilities(b, [1])).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
  it("contextualScores", () => {
    const b = createContextualBandit({ arms: 1, dimension: 2, ridge: 4, policy: { type: "linucb", alpha: 2 } });
    expect(contextualScores(b, [3, 4]).score).toEqual([5]);
  });
  it("updateContextualBanditInPlace", () => {
    const b = createContextualBandit({ arms: ["a", "b"], dimension: 1 });
    updateContextualBanditInPlace(b, [2], "b", 1);
    expect([b.pooled.b[1][0], b.pooled.A[1][0], b.pooled.plays]).toEqual([2, 5, [0, 1]]);
    expect(b.pooled.Ainv[1][0]).toBeCloseTo(0.2, 15);
  });
  it("updateContextualBandit", () => {
    const before = createContextualBandit({ arms: 2, dimension: 2 });
    const after = updateContextualBandit(before, [1, 0], 0, 1, { segment: "mobile" });
    expect([after.pooled.plays, before.pooled.plays]).toEqual([
      [1, 0],
      [0, 0],
    ]);
  });
  it("updateContextualBanditBatch", () => {
    const b = updateContextualBanditBatch(createContextualBandit({ arms: 2, dimension: 1 }), [
      { context: [1], arm: 0, reward: 1 },
      { context: [1], arm: 0, reward: 0 },
    ]);
    expect(b.pooled.plays).toEqual([2, 0]);
  });
});
