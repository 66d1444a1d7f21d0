// Type tests of clientele/experiment (compile-only: npm run test:typetests).
import { expectTypeOf, test } from "vitest";
import {
  analyzeExperiment,
  type BayesianResult,
  bayesianProportions,
  type ExperimentReport,
  sampleSizeProportions,
  type SampleSizeResult,
  type TwoProportionResult,
  twoProportionTest,
  type WelchResult,
  welchTTest,
} from "clientele/experiment";

test("tests take counts or samples and return their result type", () => {
  const r = twoProportionTest({ conversions: 10, visitors: 100 }, { conversions: 15, visitors: 100 }, { alpha: 0.05, alternative: "greater" });
  expectTypeOf(r).toEqualTypeOf<TwoProportionResult>();
  expectTypeOf(r.relativeLift).toEqualTypeOf<number | null>();
  expectTypeOf(welchTTest([1, 2, 3], new Float64Array([2, 3, 4]))).toEqualTypeOf<WelchResult>();
  expectTypeOf(welchTTest({ mean: 1, sd: 1, n: 10 }, { mean: 2, sd: 1, n: 10 })).toEqualTypeOf<WelchResult>();
  expectTypeOf(bayesianProportions({ conversions: 1, visitors: 2 }, { conversions: 1, visitors: 2 })).toEqualTypeOf<BayesianResult>();
  // @ts-expect-error alternative is "two-sided" | "greater" | "less"
  twoProportionTest({ conversions: 1, visitors: 2 }, { conversions: 1, visitors: 2 }, { alternative: "bigger" });
  // @ts-expect-error an unknown option
  twoProportionTest({ conversions: 1, visitors: 2 }, { conversions: 1, visitors: 2 }, { confidence: 0.95 });
  // @ts-expect-error counts are { conversions, visitors }
  twoProportionTest({ successes: 1, trials: 2 }, { conversions: 1, visitors: 2 });
});

test("planning and the one-call analysis", () => {
  const n = sampleSizeProportions({ baseline: 0.1, mde: 0.02 });
  expectTypeOf(n).toEqualTypeOf<SampleSizeResult>();
  expectTypeOf(n.nPerGroupRounded).toBeNumber();
  // @ts-expect-error baseline and mde are required
  sampleSizeProportions({ baseline: 0.1 });
  const report = analyzeExperiment({ control: { conversions: 100, visitors: 1000 }, treatment: { conversions: 125, visitors: 1000 } });
  expectTypeOf(report).toEqualTypeOf<ExperimentReport>();
  expectTypeOf(report.metric).toEqualTypeOf<"conversion" | "continuous">();
  expectTypeOf(report.verdict.headline).toBeString();
});
