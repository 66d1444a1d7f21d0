import { ClienteleError } from "../core/errors.js";
import { studentTCdf, studentTQuantile } from "../core/distributions.js";
import { parseOptions } from "../core/validate.js";
import { testOptionsSchema, type TestOptions } from "./options.js";
import { bound, checkFiniteStat, safeRatio, toSummary, type Alternative, type ContinuousSample, type Interval, type MeanSummary } from "./types.js";

/** Result of {@link welchTTest}. */
export interface WelchResult {
  /** Summary of the control group. */
  control: MeanSummary;
  /** Summary of the treatment group. */
  treatment: MeanSummary;
  /** treatment mean − control mean. */
  difference: number;
  /** difference / control mean; `null` when the control mean is 0 (see `relativeLiftUndefined`). */
  relativeLift: number | null;
  /** Why `relativeLift` is null (`"control mean is 0"`), or null when it is defined. */
  relativeLiftUndefined: string | null;
  /** Welch's t statistic. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** p-value for the chosen alternative. */
  pValue: number;
  /** Interval for the difference, level 1 − alpha (t quantile at df); the open end of a one-sided interval is null. */
  interval: Interval;
  /** Delta-method interval for the relative lift; null when the relative lift is undefined. */
  relativeInterval: Interval | null;
  /** Standard error of the difference. */
  standardError: number;
  /** pValue < alpha. */
  significant: boolean;
  /** The alpha used. */
  alpha: number;
  /** The alternative used. */
  alternative: Alternative;
}

/**
 * Welch's two-sample t-test for a continuous metric (revenue per visitor, order value),
 * from raw values or summary statistics `{ mean, sd, n }`. Does not assume equal
 * variances. O(n) for raw values (one pass), O(1) for summaries.
 *
 * @param control - control observations or `{ mean, sd, n }`
 * @param treatment - treatment observations or `{ mean, sd, n }`
 * @param options - `alpha` (default 0.05), `alternative` (default `"two-sided"`)
 * @throws ClienteleError `TOO_FEW_OBSERVATIONS`, `NON_FINITE`, `NEGATIVE_VALUE`, `DEGENERATE_INPUT` (no variance in either group),
 *   `OUT_OF_RANGE` (values so large their variance overflows: rescale), `INVALID_INPUT`, `INVALID_OPTION`
 * @see Welch (1947), "The generalization of Student's problem when several different population variances are involved"
 * @example
 * import { welchTTest } from "clientele/experiment";
 * // R's documented example: t.test(extra ~ group, data = sleep)
 * const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
 * const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
 * const r = welchTTest(g2, g1); // difference = mean(g1) - mean(g2)
 * r.t; // => -1.8608
 * r.df; // => 17.776
 * r.pValue; // => 0.07939
 * welchTTest([-1, 1, 0], [1, 2, 3]).relativeLiftUndefined; // => "control mean is 0" (relativeLift is null)
 */
export function welchTTest(control: ContinuousSample, treatment: ContinuousSample, options: TestOptions = {}): WelchResult {
  const fn = "welchTTest";
  const opts = parseOptions(testOptionsSchema, options, fn);
  const c = toSummary(control, fn, "control");
  const t = toSummary(treatment, fn, "treatment");
  return welchCore(c, t, opts.alpha, opts.alternative, fn);
}

/** Internal: validated summaries. */
export function welchCore(c: MeanSummary, t: MeanSummary, alpha: number, alternative: Alternative, fn: string): WelchResult {
  const vc = (c.sd * c.sd) / c.n;
  const vt = (t.sd * t.sd) / t.n;
  const se2 = vc + vt;
  checkFiniteStat(se2, fn, ["treatment"], "the variance of the difference");
  if (!(se2 > 0)) {
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["treatment"],
      message: `${fn}: both groups have zero variance (every value identical within each group), so a t-test is undefined. Check that the metric is recorded per unit, not as a constant.`,
    });
  }
  const se = Math.sqrt(se2);
  const difference = t.mean - c.mean;
  checkFiniteStat(difference, fn, ["treatment"], "the difference of the means");
  const tStat = difference / se;
  // Welch–Satterthwaite, written with shares of se² so that no square overflows.
  const sc = vc / se2;
  const st = vt / se2;
  const df = 1 / ((sc * sc) / (c.n - 1) + (st * st) / (t.n - 1));
  let pValue: number;
  if (alternative === "greater") pValue = studentTCdf(-tStat, df);
  else if (alternative === "less") pValue = studentTCdf(tStat, df);
  else pValue = Math.min(1, 2 * studentTCdf(-Math.abs(tStat), df));
  let interval: Interval;
  if (alternative === "two-sided") {
    const q = studentTQuantile(1 - alpha / 2, df);
    interval = [bound(difference - q * se), bound(difference + q * se)];
  } else {
    const q = studentTQuantile(1 - alpha, df);
    interval = alternative === "greater" ? [bound(difference - q * se), null] : [null, bound(difference + q * se)];
  }
  let relativeInterval: Interval | null = null;
  const rel = safeRatio(difference, c.mean, "control mean");
  if (rel.value !== null) {
    const r = rel.value;
    // Delta method for t/c − 1: Var ≈ vt/c² + t²·vc/c⁴ = (vt + (t/c)²·vc) / c².
    const tc = t.mean / c.mean;
    const seRel = Math.sqrt(vt + tc * tc * vc) / Math.abs(c.mean);
    if (Number.isFinite(seRel)) {
      const q = studentTQuantile(1 - (alternative === "two-sided" ? alpha / 2 : alpha), df);
      if (alternative === "greater") relativeInterval = [bound(r - q * seRel), null];
      else if (alternative === "less") relativeInterval = [null, bound(r + q * seRel)];
      else relativeInterval = [bound(r - q * seRel), bound(r + q * seRel)];
    }
  }
  return {
    control: c,
    treatment: t,
    difference,
    relativeLift: rel.value,
    relativeLiftUndefined: rel.reason,
    t: tStat,
    df,
    pValue,
    interval,
    relativeInterval,
    standardError: se,
    significant: pValue < alpha,
    alpha,
    alternative,
  };
}
