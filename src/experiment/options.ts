import * as z from "../core/schema.js";

/** Values of the alternative hypothesis of the frequentist tests (kebab-case, as R's minus the dot). */
export const ALTERNATIVES = ["two-sided", "greater", "less"] as const;
export const alternativeSchema = z.enum(ALTERNATIVES);
export const alphaSchema = z.number().gt(0).lt(1);

/** Multiple-comparison correction methods (R's `p.adjust` names, lowercase: R's "BH" is "bh"). */
export const PADJUST_METHODS = ["holm", "bh", "bonferroni", "none"] as const;

/** Multiple-comparison correction method. */
export type PAdjustMethod = "holm" | "bh" | "bonferroni" | "none";

export const correctionSchema = z.enum(PADJUST_METHODS);

export const testOptionsSchema = z.object({
  alpha: alphaSchema.default(0.05),
  alternative: alternativeSchema.default("two-sided"),
});

/** Options shared by the frequentist tests. */
export interface TestOptions {
  /** Significance level; the confidence level of intervals is 1 − alpha (default 0.05). */
  alpha?: number;
  /** Alternative hypothesis about treatment − control (default `"two-sided"`). */
  alternative?: "two-sided" | "greater" | "less";
}
