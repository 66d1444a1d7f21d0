import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { averageTreatmentEffects, createRng, fitUplift, logisticRegressionLearner, predictUplift, qiniCurve, upliftCurve, upliftFromJSON, type UpliftLearner } from "../../src/personalize/index.js";
import { loadHillstrom } from "./hillstrom-data.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("TSDoc examples", () => {
  it("logisticRegressionLearner example", () => {
    const learner = logisticRegressionLearner({ lambda: 1 });
    const m = fitUplift([[0], [1], [0], [1], [0], [1], [0], [1]], ["control", "control", "control", "control", "t", "t", "t", "t"], [0, 1, 1, 0, 1, 1, 0, 1], { learner });
    expect(m.learner).toBe("clientele-predict-logistic");
    expect(predictUplift(m, [[0]], { learner }).treatments).toEqual(["t"]);
  });
  it("fitUplift example", () => {
    const X = [[0], [0], [1], [1], [0], [0], [1], [1]];
    const arm = ["control", "control", "control", "control", "mail", "mail", "mail", "mail"];
    const y = [0, 1, 0, 0, 1, 1, 1, 0];
    const m = fitUplift(X, arm, y, { outcome: "continuous" });
    expect(m.mean).toEqual([0.25, 0.75]);
    expect(Array.from(predictUplift(m, [[0], [1]]).uplift[0]).map((u) => +u.toFixed(3))).toEqual([0.5, 0.5]);
  });
  it("predictUplift example", () => {
    const X = [[0], [1], [0], [1], [0], [1], [0], [1]];
    const m = fitUplift(X, [0, 0, 0, 0, 1, 1, 1, 1], [0, 1, 0, 1, 1, 0, 1, 0], { control: 0, outcome: "continuous" });
    expect(predictUplift(m, [[0], [1]]).best).toEqual(["1", "0"]);
  });
  it("upliftFromJSON example", () => {
    const m = fitUplift([[0], [1], [0], [1]], ["control", "control", "b", "b"], [0, 1, 1, 1], { outcome: "continuous" });
    expect(upliftFromJSON(JSON.parse(JSON.stringify(m))).treatments).toEqual(["b"]);
  });
  it("qiniCurve example", () => {
    const q = qiniCurve([1, 0, 1, 0], [0.9, 0.5, 0.3, 0.1], [1, 0, 0, 1]);
    expect(q.x).toEqual([0, 1, 2, 3, 4]);
    expect(q.y).toEqual([0, 1, 1, 0.5, 0]);
    expect(+q.auc!.toFixed(4)).toBe(0.8333);
  });
  it("upliftCurve example", () => {
    const u = upliftCurve([1, 0, 1, 0], [0.9, 0.5, 0.3, 0.1], [1, 0, 0, 1]);
    expect(u.y).toEqual([0, 1, 2, 1.5, 0]);
    expect([u.area, u.auc]).toEqual([4.5, 1]);
  });
  it("averageTreatmentEffects example", () => {
    const e = averageTreatmentEffects(["control", "control", "a", "a"], [0, 1, 1, 1]);
    expect(e.map((r) => [r.arm, r.effect])).toEqual([["control", 0], ["a", 0.5]]);
  });
});

// Brute force, written from the definition (Radcliffe 2007; scikit-uplift qini_curve): for every
// k, take the k highest scores and compute Y_t - Y_c N_t / N_c from scratch (no ties in the scores).
function bruteQini(y: number[], u: number[], t: number[]): number[] {
  const order = u.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).map((p) => p[1]);
  const out = [0];
  for (let k = 1; k <= y.length; k++) {
    const top = order.slice(0, k);
    const nt = top.filter((i) => t[i] === 1).length;
    const nc = k - nt;
    const yt = top.filter((i) => t[i] === 1).reduce((s, i) => s + y[i], 0);
    const yc = top.filter((i) => t[i] === 0).reduce((s, i) => s + y[i], 0);
    out.push(yt - (nc > 0 ? (yc * nt) / nc : 0));
  }
  return out;
}
function bruteUplift(y: number[], u: number[], t: number[]): number[] {
  const order = u.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).map((p) => p[1]);
  const out = [0];
  for (let k = 1; k <= y.length; k++) {
    const top = order.slice(0, k);
    const tr = top.filter((i) => t[i] === 1);
    const co = top.filter((i) => t[i] === 0);
    const mt = tr.length ? tr.reduce((s, i) => s + y[i], 0) / tr.length : 0;
    const mc = co.length ? co.reduce((s, i) => s + y[i], 0) / co.length : 0;
    out.push((mt - mc) * k);
  }
  return out;
}
const area = (y: number[]) => y.slice(1).reduce((s, v, i) => s + (v + y[i]) / 2, 0);

describe("Qini and uplift curves against a brute-force computation", () => {
  it("equal the definitions point by point and in area (fast-check, distinct scores)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 40 }), fc.integer(), (rows, seed) => {
        const t = rows.map((r) => r[0]);
        if (t.every((v) => v === t[0])) return;
        const y = rows.map((r) => r[1]);
        const rng = createRng(seed);
        const u = rows.map((_, i) => rng.uniform() + i * 1e-9);
        const q = qiniCurve(y, u, t);
        const b = bruteQini(y, u, t);
        q.y.forEach((v, i) => expect(v).toBeCloseTo(b[i], 10));
        expect(q.area).toBeCloseTo(area(b), 9);
        const uc = upliftCurve(y, u, t);
        const bu = bruteUplift(y, u, t);
        uc.y.forEach((v, i) => expect(v).toBeCloseTo(bu[i], 10));
      }),
      { numRuns: 200 },
    );
  });
  it("a perfect ranking scores 1 and the reversed one below 0 (negativeEffect: true)", () => {
    const y = [1, 0, 0, 1, 1, 0];
    const t = [1, 1, 0, 0, 1, 0];
    const perfect = y.map((v, i) => v * t[i] - v * (1 - t[i]));
    // the perfect score has ties; break them by position so the brute force applies
    expect(qiniCurve(y, perfect, t).auc).toBeCloseTo(1, 12);
    expect(qiniCurve(y, perfect.map((v) => -v), t).auc!).toBeLessThan(0);
  });
  it("tied scores give one point per tie group", () => {
    const q = qiniCurve([1, 0, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1]);
    expect(q.x).toEqual([0, 2, 4]);
  });
  it("bad input: codes", () => {
    expectClienteleError(() => qiniCurve([1, 0], [0.1, 0.2], [1, 1]), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(() => qiniCurve([1, 0], [0.1, NaN], [1, 0]), "NON_FINITE");
    expectClienteleError(() => qiniCurve([1, 0], [0.1, 0.2], [1, 2]), "OUT_OF_RANGE");
    expectClienteleError(() => qiniCurve([1, 0], [0.1], [1, 0]), "LENGTH_MISMATCH");
    expectClienteleError(() => upliftCurve([], [], []), "EMPTY_INPUT");
    expect(upliftCurve([2, 0, 1, 0], [0.4, 0.3, 0.2, 0.1], [1, 0, 1, 0]).auc).toBeNull();
  });
});

describe("uplift models", () => {
  const sim = (n: number, seed: number) => {
    const rng = createRng(seed);
    const X: number[][] = [];
    const arm: string[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = [rng.normal(), rng.normal()];
      const a = ["control", "a", "b"][rng.int(3)];
      // arm a helps when x0 > 0, arm b helps when x1 > 0
      const p = 0.2 + (a === "a" ? 0.2 * (x[0] > 0 ? 1 : -0.25) : 0) + (a === "b" ? 0.2 * (x[1] > 0 ? 1 : -0.25) : 0);
      X.push(x);
      arm.push(a);
      y.push(rng.uniform() < p ? 1 : 0);
    }
    return { X, arm, y };
  };
  it("T- and X-learners rank customers by their true effect (multi-treatment, Qini AUC > 0.1 on a fresh sample)", () => {
    const tr = sim(6000, 1);
    const te = sim(4000, 2);
    for (const method of ["t-learner", "x-learner"] as const) {
      const m = fitUplift(tr.X, tr.arm, tr.y, { method });
      expect(m.treatments.slice().sort()).toEqual(["a", "b"]);
      const p = predictUplift(m, te.X);
      m.treatments.forEach((arm, k) => {
        const rows = te.arm.map((a, i) => [a, i] as const).filter(([a]) => a === arm || a === "control");
        const q = qiniCurve(rows.map(([, i]) => te.y[i]), rows.map(([, i]) => p.uplift[k][i]), rows.map(([a]) => (a === arm ? 1 : 0)));
        expect(q.auc!).toBeGreaterThan(0.1);
      });
      const again = upliftFromJSON(JSON.parse(JSON.stringify(m)));
      expect(JSON.stringify(predictUplift(again, te.X.slice(0, 50)))).toBe(JSON.stringify(predictUplift(m, te.X.slice(0, 50))));
    }
  });
  it("accepts a pluggable learner (a per-arm mean), stored by name and needed again to predict", () => {
    const meanLearner: UpliftLearner = {
      name: "mean",
      fit: (_X, y) => ({ mean: y.reduce((s, v) => s + v, 0) / y.length }),
      predict: (m, X) => new Float64Array(X.n).fill((m as { mean: number }).mean),
    };
    const m = fitUplift([[0], [1], [2], [3]], ["control", "control", "t", "t"], [0, 1, 1, 1], { learner: meanLearner });
    expect(m.learner).toBe("mean");
    expect(Array.from(predictUplift(m, [[5]], { learner: meanLearner }).uplift[0])).toEqual([0.5]);
    expectClienteleError(() => predictUplift(m, [[5]]), "MODEL_DATA_MISMATCH");
  });
  it("bad input and tampered models: codes", () => {
    expectClienteleError(() => fitUplift([[0], [1]], ["x", "y"], [0, 1]), "INVALID_OPTION");
    expectClienteleError(() => fitUplift([[0], [1], [2]], ["control", "control", "t"], [0, 1, 1]), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(() => fitUplift([[0], [1]], ["control", "control"], [0, 1]), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(() => fitUplift([[0], [1], [0], [1]], ["control", "control", "t", "t"], [0, 2, 1, 1], { outcome: "binary" }), "OUT_OF_RANGE");
    expectClienteleError(() => fitUplift([[0], [1], [0]], ["control", "control", "t", "t"], [0, 1, 1, 1]), "LENGTH_MISMATCH");
    const m = fitUplift([[0], [1], [0], [1]], ["control", "control", "t", "t"], [0, 1, 1, 1]);
    expectClienteleError(() => predictUplift(m, [[0, 1]]), "SHAPE_MISMATCH");
    const bad = JSON.parse(JSON.stringify(m));
    bad.outcomeModels[0].scale[0] = -1;
    expectClienteleError(() => upliftFromJSON(bad), "INVALID_MODEL");
    expectClienteleError(() => upliftFromJSON({ ...m, kind: "kmeans" }), "WRONG_MODEL_KIND");
    expectClienteleError(() => upliftFromJSON(JSON.parse('{"kind":"uplift","version":1,"__proto__":{"x":1}}')), "INVALID_MODEL");
  });
});

// Hillstrom (MineThatData 2008): 64,000 customers, men's e-mail / women's e-mail / no e-mail.
// Reference: test/fixtures/personalize/hillstrom.json, written by scripts/ref/personalize_hillstrom.py (pandas, scikit-learn).
const h = loadHillstrom();
const ref = JSON.parse(readFileSync("test/fixtures/personalize/hillstrom.json", "utf8"));
describe.skipIf(h === null)("Hillstrom e-mail test", () => {
  it("average effects per arm equal the difference of means (pandas) to 1e-12", () => {
    for (const outcome of ["visit", "conversion", "spend"] as const) {
      const e = averageTreatmentEffects(h!.segment, h![outcome], { control: "No E-Mail" });
      for (const row of e) {
        expect(Math.abs(row.mean - ref.arms[row.arm][outcome])).toBeLessThan(1e-12);
        expect(row.n).toBe(ref.arms[row.arm].n);
        if (!row.control) expect(Math.abs(row.effect - ref.effects[row.arm][outcome])).toBeLessThan(1e-12);
      }
    }
  });
  it("Qini / uplift AUC of fixed scores equal scikit-uplift's definitions (re-implemented in numpy) to 1e-9", () => {
    const rows = h!.segment.map((s, i) => [s, i] as const).filter(([s]) => s !== "Womens E-Mail").map(([, i]) => i);
    const t = rows.map((i) => (h!.segment[i] === "Mens E-Mail" ? 1 : 0));
    const y = rows.map((i) => h!.visit[i]);
    for (const score of ["history", "recency"] as const) {
      const u = rows.map((i) => h![score][i]);
      const q = qiniCurve(y, u, t);
      const uc = upliftCurve(y, u, t);
      expect(Math.abs(q.auc! - ref.fixedScores[score].qiniAuc)).toBeLessThan(1e-9);
      expect(Math.abs(q.area - ref.fixedScores[score].qiniArea) / ref.fixedScores[score].qiniArea).toBeLessThan(1e-12);
      expect(Math.abs(uc.auc! - ref.fixedScores[score].upliftAuc)).toBeLessThan(1e-9);
      expect(Math.abs(uc.area - ref.fixedScores[score].upliftArea) / ref.fixedScores[score].upliftArea).toBeLessThan(1e-12);
    }
  });
  const split = (train: number[], test: number[], method: "t-learner" | "x-learner", learner?: UpliftLearner) => {
    const m = fitUplift(train.map((i) => h!.X[i]), train.map((i) => h!.segment[i]), train.map((i) => h!.visit[i]), { control: "No E-Mail", method, learner });
    const p = predictUplift(m, test.map((i) => h!.X[i]), { learner });
    const out: Record<string, number> = {};
    m.treatments.forEach((arm, k) => {
      const rows = test.map((i, j) => [i, j]).filter(([i]) => h!.segment[i] === arm || h!.segment[i] === "No E-Mail");
      out[arm] = qiniCurve(rows.map(([i]) => h!.visit[i]), rows.map(([, j]) => p.uplift[k][j]), rows.map(([i]) => (h!.segment[i] === arm ? 1 : 0))).auc!;
    });
    return out;
  };
  it("T-learner on the i % 10 < 7 split: Qini AUC equals scikit-learn's T-learner to 1e-3", () => {
    const idx = Array.from({ length: h!.n }, (_, i) => i);
    const q = split(idx.filter((i) => i % 10 < 7), idx.filter((i) => i % 10 >= 7), "t-learner");
    for (const arm of ["Mens E-Mail", "Womens E-Mail"]) expect(Math.abs(q[arm] - ref.tLearnerSklearnMod10[arm].qiniAuc)).toBeLessThan(1e-3);
  });
  it("the same with clientele/predict's logistic regression as the learner (lambda 1e-6): equal to scikit-learn's to 1e-4", () => {
    const idx = Array.from({ length: h!.n }, (_, i) => i);
    const q = split(idx.filter((i) => i % 10 < 7), idx.filter((i) => i % 10 >= 7), "t-learner", logisticRegressionLearner({ lambda: 1e-6 }));
    for (const arm of ["Mens E-Mail", "Womens E-Mail"]) expect(Math.abs(q[arm] - ref.tLearnerSklearnMod10[arm].qiniAuc)).toBeLessThan(1e-4);
  });
  it("on a seeded 70/30 split (createRng(1)) the T- and X-learners' Qini AUC on visit beats random targeting (> 0)", () => {
    const idx = createRng(1).shuffle(Array.from({ length: h!.n }, (_, i) => i));
    const cut = Math.floor(0.7 * h!.n);
    for (const method of ["t-learner", "x-learner"] as const) {
      const q = split(idx.slice(0, cut), idx.slice(cut), method);
      console.log(`Hillstrom ${method}, held-out Qini AUC on visit (createRng(1) 70/30): ${JSON.stringify(q)}`);
      expect(q["Womens E-Mail"]).toBeGreaterThan(0.05);
      expect(q["Mens E-Mail"]).toBeGreaterThan(0);
    }
  });
});
