import { ClienteleError } from "../core/errors.js";
import { normalCdf, normalQuantile } from "../core/numeric.js";
import { parseOptions } from "../core/validate.js";
import { testOptionsSchema, type TestOptions } from "./options.js";
import { bound, checkCounts, type Alternative, type ConversionCounts, type Interval } from "./types.js";

/** Result of {@link twoProportionTest}. */
export interface TwoProportionResult {
  /** Conversion rate of the control group. */
  controlRate: number;
  /** Conversion rate of the treatment group. */
  treatmentRate: number;
  /** treatmentRate − controlRate. */
  absoluteLift: number;
  /** treatmentRate / controlRate − 1; `null` when the control rate is 0 (see `relativeLiftUndefined`). */
  relativeLift: number | null;
  /** Why `relativeLift` is null (`"control rate is 0"`), or null when it is defined. */
  relativeLiftUndefined: string | null;
  /** z statistic with the pooled standard error (its square is R's `prop.test(correct = FALSE)` X-squared). */
  z: number;
  /** p-value for the chosen alternative. */
  pValue: number;
  /** Wald interval for the absolute lift (unpooled standard error), level 1 − alpha; one-sided intervals end at −1 or 1. */
  absoluteInterval: Interval;
  /** Katz log interval for the relative lift; null when either group has no conversions. An unbounded end is null. */
  relativeInterval: Interval | null;
  /** pValue < alpha. */
  significant: boolean;
  /** The alpha and alternative used. */
  alpha: number;
  /** The alternative used. */
  alternative: Alternative;
}

/**
 * Two-proportion z-test for a conversion metric: is the treatment's rate different from
 * the control's? The test uses the pooled standard error; the interval for the absolute
 * lift uses the unpooled one (as R's `prop.test(correct = FALSE)`), and the relative lift
 * gets the Katz log interval. O(1).
 *
 * @param control - `{ conversions, visitors }` of the control group
 * @param treatment - `{ conversions, visitors }` of the treatment group
 * @param options - `alpha` (default 0.05), `alternative` (default `"two-sided"`)
 * @throws ClienteleError `CONVERSIONS_EXCEED_VISITORS`, `EMPTY_GROUP`, `NEGATIVE_VALUE`,
 *   `NOT_INTEGER`, `NON_FINITE`, `OUT_OF_RANGE` (a count above 2^53 − 1), `TOO_FEW_OBSERVATIONS` (a group with 0 visitors),
 *   `DEGENERATE_INPUT` (both groups at 0% or both at 100%), `INVALID_OPTION`
 * @see Agresti (2013), Categorical Data Analysis, §3.1; Katz et al. (1978) for the ratio interval
 * @example
 * import { twoProportionTest } from "clientele/experiment";
 * const r = twoProportionTest({ conversions: 200, visitors: 2000 }, { conversions: 250, visitors: 2000 });
 * r.absoluteLift; // => 0.025
 * r.pValue; // => 0.01235 (R: prop.test(c(250, 200), c(2000, 2000), correct = FALSE))
 * twoProportionTest({ conversions: 0, visitors: 900 }, { conversions: 9, visitors: 900 }).relativeLiftUndefined;
 * // => "control rate is 0" (and relativeLift is null)
 */
export function twoProportionTest(control: ConversionCounts, treatment: ConversionCounts, options: TestOptions = {}): TwoProportionResult {
  const fn = "twoProportionTest";
  const opts = parseOptions(testOptionsSchema, options, fn);
  checkCounts(control, fn, "control");
  checkCounts(treatment, fn, "treatment");
  return proportionTestCore(control, treatment, opts.alpha, opts.alternative, fn);
}

/** Internal: validated inputs. */
export function proportionTestCore(
  control: ConversionCounts,
  treatment: ConversionCounts,
  alpha: number,
  alternative: Alternative,
  fn: string,
): TwoProportionResult {
  const nc = control.visitors;
  const nt = treatment.visitors;
  const xc = control.conversions;
  const xt = treatment.conversions;
  const pc = xc / nc;
  const pt = xt / nt;
  const diff = pt - pc;
  const pooled = (xc + xt) / (nc + nt);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nt));
  if (sePooled === 0) {
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["control", "conversions"],
      message: `${fn}: both groups converted at ${pooled === 0 ? "0%" : "100%"}, so there is no variation to test. Keep the test running until some units ${pooled === 0 ? "convert" : "do not convert"}.`,
    });
  }
  const z = diff / sePooled;
  const pValue = pFromZ(z, alternative);
  const seUnpooled = Math.sqrt((pc * (1 - pc)) / nc + (pt * (1 - pt)) / nt);
  const absoluteInterval = waldInterval(diff, seUnpooled, alpha, alternative, -1, 1);
  let relativeInterval: Interval | null = null;
  if (xc > 0 && xt > 0) {
    const logRatio = Math.log(pt / pc);
    const seLog = Math.sqrt((1 - pt) / xt + (1 - pc) / xc);
    const li = waldInterval(logRatio, seLog, alpha, alternative, -Infinity, Infinity);
    const lo = li[0] === null ? -1 : Math.exp(li[0]) - 1;
    const hi = li[1] === null ? null : bound(Math.exp(li[1]) - 1);
    relativeInterval = [lo, hi];
  }
  return {
    controlRate: pc,
    treatmentRate: pt,
    absoluteLift: diff,
    relativeLift: pc > 0 ? pt / pc - 1 : null,
    relativeLiftUndefined: pc > 0 ? null : "control rate is 0",
    z,
    pValue,
    absoluteInterval,
    relativeInterval,
    significant: pValue < alpha,
    alpha,
    alternative,
  };
}

/** p-value of a z statistic under the given alternative. */
export function pFromZ(z: number, alternative: Alternative): number {
  if (alternative === "greater") return normalCdf(-z);
  if (alternative === "less") return normalCdf(z);
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

/** Normal-theory interval estimate ± z·se, one-sided when asked, clipped to [lo, hi]; an infinite end is null. */
export function waldInterval(estimate: number, se: number, alpha: number, alternative: Alternative, lo: number, hi: number): Interval {
  if (alternative === "two-sided") {
    const q = normalQuantile(1 - alpha / 2);
    return [bound(Math.max(lo, estimate - q * se)), bound(Math.min(hi, estimate + q * se))];
  }
  const q = normalQuantile(1 - alpha);
  return alternative === "greater" ? [bound(Math.max(lo, estimate - q * se)), bound(hi)] : [bound(lo), bound(Math.min(hi, estimate + q * se))];
}
