import { ClienteleError } from "../core/errors.js";
import { studentTCdf, studentTQuantile } from "../core/distributions.js";
import { parseOptions } from "../core/validate.js";
import { testOptionsSchema, type TestOptions } from "./options.js";
import { toSummary, type Alternative, type ContinuousSample, type Interval, type MeanSummary } from "./types.js";

/** Result of {@link welchTTest}. */
export interface WelchResult {
  /** Summary of the control group. */
  control: MeanSummary;
  /** Summary of the treatment group. */
  treatment: MeanSummary;
  /** treatment mean − control mean. */
  difference: number;
  /** difference / control mean; ±Infinity when the control mean is 0 and the difference is not, 0 when both are 0. */
  relativeLift: number;
  /** Welch's t statistic. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** p-value for the chosen alternative. */
  pValue: number;
  /** Interval for the difference, level 1 − alpha (t quantile at df). */
  interval: Interval;
  /** Delta-method interval for the relative lift; null when the control mean is 0. */
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
 * @throws ClienteleError `TOO_FEW_OBSERVATIONS`, `NON_FINITE`, `NEGATIVE_VALUE`, `ZERO_VARIANCE`, `INVALID_OPTION`
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
  if (!(se2 > 0)) {
    throw new ClienteleError({
      code: "ZERO_VARIANCE",
      path: ["treatment"],
      message: `${fn}: both groups have zero variance (every value identical within each group), so a t-test is undefined. Check that the metric is recorded per unit, not as a constant.`,
    });
  }
  const se = Math.sqrt(se2);
  const difference = t.mean - c.mean;
  const tStat = difference / se;
  const df = (se2 * se2) / ((vc * vc) / (c.n - 1) + (vt * vt) / (t.n - 1));
  let pValue: number;
  if (alternative === "greater") pValue = studentTCdf(-tStat, df);
  else if (alternative === "less") pValue = studentTCdf(tStat, df);
  else pValue = Math.min(1, 2 * studentTCdf(-Math.abs(tStat), df));
  let interval: Interval;
  if (alternative === "two-sided") {
    const q = studentTQuantile(1 - alpha / 2, df);
    interval = [difference - q * se, difference + q * se];
  } else {
    const q = studentTQuantile(1 - alpha, df);
    interval = alternative === "greater" ? [difference - q * se, Infinity] : [-Infinity, difference + q * se];
  }
  let relativeInterval: Interval | null = null;
  let relativeLift = 0;
  if (c.mean !== 0) {
    relativeLift = difference / c.mean;
    // Delta method for t/c − 1: Var ≈ vt/c² + t²·vc/c⁴.
    const seRel = Math.sqrt(vt / (c.mean * c.mean) + (t.mean * t.mean * vc) / c.mean ** 4);
    const q = studentTQuantile(1 - (alternative === "two-sided" ? alpha / 2 : alpha), df);
    if (alternative === "greater") relativeInterval = [relativeLift - q * seRel, Infinity];
    else if (alternative === "less") relativeInterval = [-Infinity, relativeLift + q * seRel];
    else relativeInterval = [relativeLift - q * seRel, relativeLift + q * seRel];
  } else if (difference !== 0) {
    relativeLift = difference > 0 ? Infinity : -Infinity;
  }
  return {
    control: c,
    treatment: t,
    difference,
    relativeLift,
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
