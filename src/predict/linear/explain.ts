// explainLogisticRegression: the coefficient table (original units, standardized, odds ratios).
import { normalCdf } from "../../core/numeric.js";
import { checkLogistic } from "./logistic.js";

/** One row of {@link explainLogisticRegression}: the intercept first, then one per feature. */
export interface CoefficientRow {
  name: string;
  /** Log-odds change per unit of the feature (original units). */
  coefficient: number;
  /** Log-odds change per training standard deviation of the feature (comparable across features); null for the intercept. */
  standardized: number | null;
  /** exp(coefficient): the odds multiply by this per unit; null when it overflows (|coefficient| > 709, a feature on a tiny scale). */
  oddsRatio: number | null;
  /** Standard error, z = coefficient / stdError, two-sided p-value and 95 % interval of the odds ratio; null with L1 / elastic net (and any figure that would overflow). */
  stdError: number | null;
  z: number | null;
  pValue: number | null;
  oddsRatioLower: number | null;
  oddsRatioUpper: number | null;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * The fitted coefficients as a table: per unit of each feature (original units), per standard
 * deviation (standardized: comparable importance), odds ratios, and for L2 / unpenalized fits the
 * standard errors, Wald z, p-values and 95 % odds-ratio intervals. Rows: "(intercept)", then the
 * features in order.
 *
 * @param model - a logistic-regression model
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`
 * @example
 * import { explainLogisticRegression, fitLogisticRegression } from "clientele/predict";
 * const m = fitLogisticRegression([[1], [2], [3], [4], [5], [6]], [0, 0, 1, 0, 1, 1], { penalty: "none" });
 * const t = explainLogisticRegression(m);
 * t.map((r) => r.name); // => ["(intercept)", "x0"]
 * t[1].oddsRatio?.toFixed(3); // => "3.367"
 */
export function explainLogisticRegression(model: unknown): CoefficientRow[] {
  const m = checkLogistic(model, "explainLogisticRegression");
  const row = (name: string, c: number, std: number | null, se: number | null): CoefficientRow => {
    const ok = se !== null && se > 0;
    const zz = ok ? finite(c / se) : null;
    return {
      name,
      coefficient: c,
      standardized: std === null ? null : finite(c * std),
      oddsRatio: finite(Math.exp(c)),
      stdError: se,
      z: zz,
      pValue: zz === null ? null : 2 * normalCdf(-Math.abs(zz)),
      oddsRatioLower: ok ? finite(Math.exp(c - 1.959963984540054 * se)) : null,
      oddsRatioUpper: ok ? finite(Math.exp(c + 1.959963984540054 * se)) : null,
    };
  };
  const se = m.standardErrors;
  return [
    row("(intercept)", m.intercept, null, se && m.fitIntercept ? se.intercept : null),
    ...m.coefficients.map((c, j) => row(m.featureNames[j]!, c, m.featureStd[j]!, se ? se.coefficients[j]! : null)),
  ];
}
