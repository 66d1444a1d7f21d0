import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fitUplift, logisticRegressionLearner, predictUplift, qiniCurve, type UpliftLearner } from "../../src/personalize/index.js";
import { loadHillstrom } from "./hillstrom-data.js";

// Hillstrom (MineThatData 2008): 64,000 customers, men's e-mail / women's e-mail / no e-mail.
// Reference: test/fixtures/personalize/hillstrom.json, written by scripts/ref/personalize_hillstrom.py (pandas, scikit-learn).
const h = loadHillstrom();
const ref = JSON.parse(readFileSync(path.resolve(__dirname, "../fixtures/personalize/hillstrom.json"), "utf8"));

describe("TSDoc examples", () => {
  it("logisticRegressionLearner example", () => {
    const learner = logisticRegressionLearner({ lambda: 1 });
    const m = fitUplift([[0], [1], [0], [1], [0], [1], [0], [1]], ["control", "control", "control", "control", "t", "t", "t", "t"], [0, 1, 1, 0, 1, 1, 0, 1], {
      learner,
    });
    expect(m.learner).toBe("clientele-predict-logistic");
    expect(predictUplift(m, [[0]], { learner }).treatments).toEqual(["t"]);
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

  it("the same with clientele/predict's logistic regression as the learner (lambda 1e-6): equal to scikit-learn's to 1e-4", () => {
    const idx = Array.from({ length: h!.n }, (_, i) => i);
    const q = split(
      idx.filter((i) => i % 10 < 7),
      idx.filter((i) => i % 10 >= 7),
      "t-learner",
      logisticRegressionLearner({ lambda: 1e-6 }),
    );
    for (const arm of ["Mens E-Mail", "Womens E-Mail"]) expect(Math.abs(q[arm] - ref.tLearnerSklearnMod10[arm].qiniAuc)).toBeLessThan(1e-4);
  });
});
