// The option schemas shared by the experiment functions (src/experiment/options.ts).
import { describe, expect, it } from "vitest";
import { twoProportionTest, welchTTest } from "../../src/experiment/index.js";
import { ALTERNATIVES, PADJUST_METHODS, alphaSchema, alternativeSchema, correctionSchema, testOptionsSchema } from "../../src/experiment/options.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("experiment option schemas", () => {
  it("defaults: alpha 0.05 and a two-sided alternative", () => {
    expect(testOptionsSchema.parse({})).toEqual({ alpha: 0.05, alternative: "two-sided" });
    expect(testOptionsSchema.parse({ alpha: 0.1, alternative: "less" })).toEqual({ alpha: 0.1, alternative: "less" });
  });

  it("alpha is strictly between 0 and 1", () => {
    for (const ok of [1e-12, 0.05, 0.999]) expect(alphaSchema.safeParse(ok).success).toBe(true);
    for (const bad of [0, 1, -0.05, 1.5, Number.NaN, "0.05"]) expect(alphaSchema.safeParse(bad).success).toBe(false);
  });

  it("the enumerations are the kebab-case values the docs list, nothing else", () => {
    expect([...ALTERNATIVES]).toEqual(["two-sided", "greater", "less"]);
    expect([...PADJUST_METHODS]).toEqual(["holm", "bh", "bonferroni", "none"]);
    for (const v of ALTERNATIVES) expect(alternativeSchema.safeParse(v).success).toBe(true);
    for (const v of PADJUST_METHODS) expect(correctionSchema.safeParse(v).success).toBe(true);
    for (const bad of ["two.sided", "two_sided", "BH", "fdr"]) {
      expect(alternativeSchema.safeParse(bad).success).toBe(false);
      expect(correctionSchema.safeParse(bad).success).toBe(false);
    }
  });

  it("the public tests reject a bad alpha or alternative with INVALID_OPTION naming the option", () => {
    const c = { conversions: 10, visitors: 100 };
    expect(expectClienteleError(() => twoProportionTest(c, c, { alpha: 0 }), "INVALID_OPTION").path).toEqual(["options", "alpha"]);
    expect(expectClienteleError(() => welchTTest([1, 2, 3], [2, 3, 4], { alternative: "two.sided" as never }), "INVALID_OPTION").path).toEqual([
      "options",
      "alternative",
    ]);
  });
});
