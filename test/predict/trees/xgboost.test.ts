// fromXgboost against XGBoost 1.7.4 itself: models and their margins on scoring rows (missing values,
// an unseen category) written by scripts/ref/predict-trees-xgboost.py into test/fixtures/predict-trees/.
// XGBoost compares features and sums leaf values in 32-bit floats, clientele in 64-bit: margins agree
// to 1e-6 (absolute, margins of order 1), the float32 rounding of a sum of a dozen leaves.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { explainGradientBoosting, fromXgboost, gradientBoostingFromJSON, predictGradientBoosting } from "../../../src/predict/trees.js";
import { predictProba } from "../../../src/predict/predict.js";

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/predict-trees");
const read = (f: string): any => JSON.parse(readFileSync(path.join(FIX, f), "utf8"));

describe("fromXgboost", () => {
  it("TSDoc example", () => {
    const stump = {
      left_children: [1, -1, -1],
      right_children: [2, -1, -1],
      split_indices: [0, 0, 0],
      split_conditions: [0.5, -0.2, 0.3],
      default_left: [1, 0, 0],
      sum_hessian: [2, 1, 1],
    };
    const m = fromXgboost({
      learner: {
        learner_model_param: { base_score: "5E-1", num_feature: "1" },
        objective: { name: "binary:logistic" },
        gradient_booster: { name: "gbtree", model: { trees: [stump] } },
      },
    });
    expect(Array.from(predictGradientBoosting(m, [[0], [1], [null]], { output: "margin" }).values)).toEqual([-0.2, 0.3, -0.2]);
  });

  for (const name of ["binary", "regression", "poisson", "categorical"]) {
    it(`${name}: margins equal XGBoost's predict(output_margin=True) to 1e-6`, () => {
      const ref = read(`xgb-${name}.margins.json`);
      expect(ref.xgboost).toBe("1.7.4");
      const text = readFileSync(path.join(FIX, `xgb-${name}.model.json`), "utf8");
      const m = fromXgboost(text);
      expect(m.source).toBe("xgboost");
      const got = predictGradientBoosting(m, ref.X, { output: "margin" }).values;
      let worst = 0;
      ref.margins.forEach((v: number, i: number) => (worst = Math.max(worst, Math.abs(v - got[i]!))));
      expect(worst).toBeLessThan(1e-6);
      // the same through JSON storage, predictProba and TreeSHAP (additive to the margin)
      const back = gradientBoostingFromJSON(JSON.parse(JSON.stringify(m)));
      expect(Array.from(predictGradientBoosting(back, ref.X, { output: "margin" }).values)).toEqual(Array.from(got));
      const e = explainGradientBoosting(m, ref.X);
      e.contributions.forEach((c, i) => expect(Math.abs(e.baseValue + c.reduce((a, b) => a + b, 0) - got[i]!)).toBeLessThan(1e-9));
      if (m.objective === "binary") {
        const p = predictProba(m, ref.X);
        p.forEach((v, i) => expect(Math.abs(v - 1 / (1 + Math.exp(-ref.margins[i])))).toBeLessThan(1e-6));
      }
    });
  }

  it("rejects what it cannot read, with INVALID_MODEL", () => {
    const good = read("xgb-binary.model.json");
    const bad = (mut: (j: any) => void): unknown => {
      const j = structuredClone(good);
      mut(j);
      return j;
    };
    const cases: unknown[] = [
      "not json",
      null,
      {},
      bad((j) => (j.learner.objective.name = "multi:softprob")),
      bad((j) => (j.learner.learner_model_param.num_class = "3")),
      bad((j) => (j.learner.gradient_booster.name = "gblinear")),
      bad((j) => (j.learner.gradient_booster.model.trees[0].left_children[0] = 0)),
      bad((j) => (j.learner.gradient_booster.model.trees[0].split_indices[0] = 9)),
      bad((j) => j.learner.gradient_booster.model.trees[0].sum_hessian.pop()),
    ];
    for (const c of cases) expect(() => fromXgboost(c)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
  });
});
