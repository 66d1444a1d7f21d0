// fromLightGbm on model dumps written by hand from LightGBM's documented dump_model() JSON format
// (LightGBM is not installed here): test/fixtures/predict-trees/lgb-*.json, margins computed by hand
// below from LightGBM's decision rules (Tree::NumericalDecision / CategoricalDecision in tree.h).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { explainGradientBoosting, fromLightGbm, gradientBoostingFromJSON, predictGradientBoosting } from "../../../src/predict/trees.js";
import { predictProba } from "../../../src/predict/predict.js";

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/predict-trees");
const text = (f: string): string => readFileSync(path.join(FIX, f), "utf8");

describe("fromLightGbm", () => {
  it("TSDoc example", () => {
    const m = fromLightGbm({
      objective: "regression",
      max_feature_idx: 0,
      feature_names: ["age"],
      tree_info: [
        {
          tree_structure: {
            split_feature: 0,
            threshold: 30,
            decision_type: "<=",
            default_left: true,
            missing_type: "NaN",
            left_child: { leaf_value: 1, leaf_count: 5 },
            right_child: { leaf_value: 2, leaf_count: 5 },
          },
        },
      ],
    });
    expect(Array.from(predictGradientBoosting(m, [[25], [40], [null]]).values)).toEqual([1, 2, 1]);
  });

  it("binary: missing types NaN / Zero / None and a categorical split, margins by hand", () => {
    const m = fromLightGbm(text("lgb-binary.json"));
    expect(m.featureNames).toEqual(["tenure", "charges", "plan"]);
    // tree 0: tenure <= 12.5 (NaN -> default left) ? (charges <= 70 (0 or NaN -> default right) ? 0.4 : 0.9) : -0.5
    // tree 1: charges <= 50 (NaN read as 0) ? -0.1 : (plan in {0, 2} ? 0.2 : -0.3; NaN, negative, unlisted -> right)
    const rows = [
      [5, 80, 0],
      [20, 30, 1],
      [null, 0, 2],
      [10, null, null],
      [30, 60, null],
      [12.5, 70, 3],
      [1, 55, -1],
      [1, 55, 2.7],
    ];
    const expected = [0.9 + 0.2, -0.5 - 0.1, 0.9 - 0.1, 0.9 - 0.1, -0.5 - 0.3, 0.4 - 0.3, 0.4 - 0.3, 0.4 + 0.2];
    const got = predictGradientBoosting(m, rows, { output: "margin" }).values;
    expected.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 15));
    const p = predictProba(m, rows);
    expected.forEach((v, i) => expect(p[i]).toBeCloseTo(1 / (1 + Math.exp(-v)), 15));
    const e = explainGradientBoosting(m, rows);
    e.contributions.forEach((c, i) => expect(Math.abs(e.baseValue + c.reduce((a, b) => a + b, 0) - expected[i]!)).toBeLessThan(1e-12));
    // base value: cover-weighted leaf means (30*0.4 + 10*0.9 + 60*(-0.5))/100 + (50*(-0.1) + 20*0.2 + 30*(-0.3))/100
    expect(e.baseValue).toBeCloseTo(-0.09 - 0.1, 15);
    const back = gradientBoostingFromJSON(JSON.parse(JSON.stringify(m)));
    expect(Array.from(predictGradientBoosting(back, rows, { output: "margin" }).values)).toEqual(Array.from(got));
  });

  it("poisson: categorical root, a one-leaf tree; response = exp(margin)", () => {
    const m = fromLightGbm(JSON.parse(text("lgb-poisson.json")));
    expect(m.objective).toBe("poisson");
    const r = predictGradientBoosting(m, [[1], [3], [2], [null], [40]]);
    [0.55, 0.55, -0.15, -0.15, -0.15].forEach((v, i) => expect(r.values[i]).toBeCloseTo(Math.exp(v), 14));
  });

  it("rejects what it cannot read, with INVALID_MODEL", () => {
    const good = JSON.parse(text("lgb-binary.json"));
    const bad = (mut: (j: any) => void): unknown => {
      const j = structuredClone(good);
      mut(j);
      return j;
    };
    for (const c of [
      "{",
      5,
      {},
      bad((j) => (j.num_class = 3)),
      bad((j) => (j.objective = "lambdarank")),
      bad((j) => (j.objective = "binary sigmoid:2")),
      bad((j) => (j.average_output = true)),
      bad((j) => (j.tree_info[0].tree_structure.split_feature = 7)),
      bad((j) => (j.tree_info[0].tree_structure.missing_type = "Sometimes")),
      bad((j) => (j.tree_info[1].tree_structure.right_child.threshold = "a||b")),
      bad((j) => (j.tree_info[0].tree_structure.left_child.left_child.leaf_value = "x")),
      bad((j) => delete j.tree_info[0].tree_structure.right_child),
    ])
      expect(() => fromLightGbm(c)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
  });
});
