// Type tests of clientele/predict (compile-only: npm run test:typetests).
import { expectTypeOf, test } from "vitest";
import {
  type ChurnPropensity,
  churnPropensity,
  fitGradientBoosting,
  fitLogisticRegression,
  type GradientBoostingModel,
  type LogisticRegressionModel,
  predictProba,
  rocAuc,
} from "clientele/predict";

test("models, probabilities and metrics", () => {
  const X = [
    [0, 1],
    [1, 0],
  ];
  const m = fitLogisticRegression(X, [0, 1], { penalty: "l2", lambda: 1 });
  expectTypeOf(m).toEqualTypeOf<LogisticRegressionModel>();
  expectTypeOf(m.kind).toEqualTypeOf<"logistic-regression">();
  expectTypeOf(m.coefficients).toEqualTypeOf<number[]>();
  expectTypeOf(predictProba(m, X)).toEqualTypeOf<Float64Array>();
  expectTypeOf(fitLogisticRegression(X, [true, false])).toEqualTypeOf<LogisticRegressionModel>();
  const gb = fitGradientBoosting(X, [0, 1]);
  expectTypeOf(gb).toEqualTypeOf<GradientBoostingModel>();
  expectTypeOf(gb.kind).toEqualTypeOf<"gradient-boosting">();
  expectTypeOf(rocAuc([0, 1], [0.2, 0.9])).toBeNumber();
  // @ts-expect-error penalty is "l2" | "l1" | "elasticnet" | "none"
  fitLogisticRegression(X, [0, 1], { penalty: "ridge" });
  // @ts-expect-error an unknown option
  fitLogisticRegression(X, [0, 1], { C: 1 });
});

test("churnPropensity from a transaction log", () => {
  const c = churnPropensity([{ customerId: "a", timestamp: "2024-01-01", amount: 1 }], { horizon: 90 });
  expectTypeOf(c).toEqualTypeOf<ChurnPropensity>();
  expectTypeOf(c.churnProbability).toEqualTypeOf<Float64Array>();
  expectTypeOf(c.model).toEqualTypeOf<LogisticRegressionModel>();
  // @ts-expect-error an unknown option
  churnPropensity([], { horizonDays: 90 });
});
