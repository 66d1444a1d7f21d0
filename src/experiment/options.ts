import * as z from "../core/schema.js";

export const alternativeSchema = z.enum(["two-sided", "greater", "less"]);
export const alphaSchema = z.number().gt(0).lt(1);

export const testOptionsSchema = z
  .object({
    alpha: alphaSchema.default(0.05),
    alternative: alternativeSchema.default("two-sided"),
  })
  .strict();

/** Options shared by the frequentist tests. */
export interface TestOptions {
  /** Significance level; the confidence level of intervals is 1 − alpha (default 0.05). */
  alpha?: number;
  /** Alternative hypothesis about treatment − control (default `"two-sided"`). */
  alternative?: "two-sided" | "greater" | "less";
}
