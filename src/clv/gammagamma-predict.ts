/**
 * Gamma-Gamma predictions and checks: the conditional expected average transaction value, and the
 * spend-frequency correlation the model assumes away.
 */
import * as z from "../core/schema.js";
import { jsonColumns } from "../core/json.js";
import { ClienteleError } from "../core/errors.js";
import { parseOptions } from "../core/validate.js";
import { readSpend, type SpendColumns } from "./gammagamma-data.js";
import { requireSpendModel } from "./kinds.js";
import { gammaGammaFromJSON, type GammaGammaModel } from "./gammagamma-model.js";

/**
 * Conditional expected average transaction value of each customer under a Gamma-Gamma
 * model: E[Z | x, z̄] = p (γ + x z̄) / (p x + q − 1), a weighted mean of the population
 * mean p γ / (q − 1) and the customer's own mean z̄. For frequency 0 it is the population
 * mean. Needs q > 1 (otherwise the mean spend is infinite). O(n).
 *
 * @param spendModel - a model from {@link fitGammaGamma}
 * @param customers - `frequency` (integer ≥ 0) and `monetary` (> 0 where frequency > 0)
 * @returns one value per customer, in the currency of `monetary`
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`,
 *   `INFINITE_MEAN_SPEND` (q ≤ 1), `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`,
 *   `NEGATIVE_VALUE`, `NOT_INTEGER`, `NON_POSITIVE_SPEND`
 * @see Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves", JMR 42(4), eq. (5).
 * @example
 * import { expectedAverageValue, fitGammaGamma } from "clientele/clv";
 * const gg = fitGammaGamma({ frequency: [1, 3, 2, 2, 1, 0], monetary: [8, 95, 12, 60, 30, 0] }); // p 5.20, q 1.65, gamma 6.93
 * expectedAverageValue(gg, { frequency: [0, 2], monetary: [0, 22.35] });
 * // => Float64Array [55.7, 24.3]: the population mean, then a customer's 22.35 shrunk towards it
 */
export function expectedAverageValue(spendModel: GammaGammaModel, customers: SpendColumns): Float64Array {
  const fn = "expectedAverageValue";
  requireSpendModel(spendModel, fn);
  const m = gammaGammaFromJSON(spendModel, fn);
  const { p, q, gamma } = m.params;
  if (!(q > 1)) {
    throw new ClienteleError({
      code: "INFINITE_MEAN_SPEND",
      path: ["spendModel", "params", "q"],
      received: q,
      message: `${fn}: the model's q is ${q}; the mean spend p·γ/(q − 1) is infinite for q ≤ 1. Refit with more data or a penalty.`,
    });
  }
  const { data } = readSpend(customers, fn, undefined, false);
  const out = new Float64Array(data.n);
  const popMean = (p * gamma) / (q - 1);
  for (let i = 0; i < data.n; i++) {
    const x = data.x[i];
    out[i] = x === 0 ? popMean : shrunkSpend(p, q, popMean, x, data.z[i]);
  }
  return jsonColumns(out);
}

/**
 * E[Z | x, z̄] = p(γ + x z̄)/(px + q − 1) written as the weighted mean (1 − w)·popMean + w·z̄ with
 * w = px/(px + q − 1), so it stays finite (between popMean and z̄) for any finite x and z̄: the
 * direct form overflows to Infinity (x z̄ > 1.8e308) or NaN (px = Infinity). @internal
 */
export function shrunkSpend(p: number, q: number, popMean: number, x: number, zbar: number): number {
  const a = (q - 1) / (p * x); // (1 − w)/w
  const w = 1 / (1 + a);
  return a * w * popMean + w * zbar;
}

/** Result of {@link spendFrequencyCorrelation}. */
export interface SpendFrequencyCorrelation {
  /**
   * Pearson correlation between frequency and monetary over the repeat customers; `null` where it is
   * undefined (fewer than 2 repeat customers, or a constant column), with the reason in `undefinedReason`.
   */
  correlation: number | null;
  /** Why `correlation` is null ("fewer than 2 repeat customers", "frequency is constant", ...); null otherwise. */
  undefinedReason: string | null;
  /** Repeat customers used. */
  n: number;
  /** The |r| above which the warning is raised. */
  threshold: number;
  /** A warning sentence when |r| ≥ threshold, otherwise null. */
  warning: string | null;
}

const corrOptionsSchema = z.object({ threshold: z.number().gt(0).max(1).default(0.3) });

/**
 * Checks the Gamma-Gamma model's assumption that spend per transaction is independent of
 * purchase frequency: the Pearson correlation of frequency and monetary over repeat
 * customers (frequency > 0), with a warning when |r| ≥ `threshold` (default 0.3, a
 * "moderate" correlation; Fader, Hardie & Lee report r = 0.11 on CDNOW and treat it as
 * negligible). O(n).
 *
 * @param customers - `frequency` and `monetary` columns
 * @param options - `threshold` in (0, 1] (default 0.3)
 * @throws ClienteleError `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`,
 *   `NOT_INTEGER`, `NON_POSITIVE_SPEND`, `NO_REPEAT_CUSTOMERS`, `INVALID_OPTION`
 * @see Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves", JMR 42(4), section 3.
 * @example
 * import { spendFrequencyCorrelation } from "clientele/clv";
 * spendFrequencyCorrelation({ frequency: [1, 2, 3, 4], monetary: [10, 20, 30, 40] });
 * // => { correlation: 1, undefinedReason: null, n: 4, threshold: 0.3, warning: "frequency and monetary are correlated (r = 1.00, ..." }
 * spendFrequencyCorrelation({ frequency: [1, 2], monetary: [10, 10] }).correlation; // => null (monetary is constant)
 */
export function spendFrequencyCorrelation(customers: SpendColumns, options: { threshold?: number } = {}): SpendFrequencyCorrelation {
  const fn = "spendFrequencyCorrelation";
  const { threshold } = parseOptions(corrOptionsSchema, options, fn);
  const { data } = readSpend(customers, fn, undefined, true);
  const n = data.n;
  let mx = 0;
  let mz = 0;
  for (let i = 0; i < n; i++) {
    mx += data.x[i];
    mz += data.z[i];
  }
  mx /= n;
  mz /= n;
  let sxx = 0;
  let szz = 0;
  let sxz = 0;
  for (let i = 0; i < n; i++) {
    const dx = data.x[i] - mx;
    const dz = data.z[i] - mz;
    sxx += dx * dx;
    szz += dz * dz;
    sxz += dx * dz;
  }
  // Fewer than 2 points, constant frequency or constant spend: the correlation is undefined (0/0), not 0.
  const undefinedReason =
    n < 2
      ? `fewer than 2 repeat customers (got ${n})`
      : !(sxx > 0) && !(szz > 0)
        ? "frequency and monetary are both constant"
        : !(sxx > 0)
          ? "frequency is constant over the repeat customers"
          : !(szz > 0)
            ? "monetary is constant over the repeat customers"
            : null;
  const raw = undefinedReason === null ? sxz / Math.sqrt(sxx * szz) : NaN;
  const r = undefinedReason === null && Number.isFinite(raw) ? Math.max(-1, Math.min(1, raw)) : null;
  const reason = r === null ? (undefinedReason ?? "the values are too extreme for a finite correlation") : null;
  const warning =
    r !== null && Math.abs(r) >= threshold
      ? `frequency and monetary are correlated (r = ${r.toFixed(2)}, |r| >= ${threshold}); the Gamma-Gamma model ` +
        `assumes spend per transaction is independent of purchase frequency, so its CLV may be biased. ` +
        `Consider segmenting customers or a model with dependence.`
      : null;
  return { correlation: r, undefinedReason: reason, n, threshold, warning };
}
