import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createRng, fitUplift, predictUplift, qiniCurve, upliftFromJSON, type UpliftLearner } from "../../src/personalize/index.js";
import { loadHillstrom } from "./hillstrom-data.js";
import { expectClienteleError } from "../helpers/errors.js";

// Hillstrom (MineThatData 2008): 64,000 customers, men's e-mail / women's e-mail / no e-mail.
// Reference: test/fixtures/personalize/hillstrom.json, written by scripts/ref/personalize_hillstrom.py (pandas, scikit-learn).
const h = loadHillstrom();
const ref = JSON.parse(readFileSync(path.resolve(__dirname, "../fixtures/personalize/hillstrom.json"), "utf8"));

describe("TSDoc examples", () => {
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
        const q = qiniCurve(
          rows.map(([, i]) => te.y[i]),
          rows.map(([, i]) => p.uplift[k][i]),
          rows.map(([a]) => (a === arm ? 1 : 0)),
        );
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

describe.skipIf(h === null)("Hillstrom e-mail test", () => {
  const split = (train: number[], test: number[], method: "t-learner" | "x-learner", learner?: UpliftLearner) => {
    const m = fitUplift(
      train.map((i) => h!.X[i]),
      train.map((i) => h!.segment[i]),
      train.map((i) => h!.visit[i]),
      { control: "No E-Mail", method, learner },
    );
    const p = predictUplift(
      m,
      test.map((i) => h!.X[i]),
      { learner },
    );
    const out: Record<string, number> = {};
    m.treatments.forEach((arm, k) => {
      const rows = test.map((i, j) => [i, j]).filter(([i]) => h!.segment[i] === arm || h!.segment[i] === "No E-Mail");
      out[arm] = qiniCurve(
        rows.map(([i]) => h!.visit[i]),
        rows.map(([, j]) => p.uplift[k][j]),
        rows.map(([i]) => (h!.segment[i] === arm ? 1 : 0)),
      ).auc!;
    });
    return out;
  };

  it("T-learner on the i % 10 < 7 split: Qini AUC equals scikit-learn's T-learner to 1e-3", () => {
    const idx = Array.from({ length: h!.n }, (_, i) => i);
    const q = split(
      idx.filter((i) => i % 10 < 7),
      idx.filter((i) => i % 10 >= 7),
      "t-learner",
    );
    for (const arm of ["Mens E-Mail", "Womens E-Mail"]) expect(Math.abs(q[arm] - ref.tLearnerSklearnMod10[arm].qiniAuc)).toBeLessThan(1e-3);
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
