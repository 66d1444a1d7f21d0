/**
 * Gamma-Gamma input: the spend columns (frequency, monetary), their checks, and the negative
 * log-likelihood of the spend model (Fader, Hardie & Lee 2005) with its gradient.
 */
import { ClienteleError, describeValue } from "../core/errors.js";
import { digamma, logGamma } from "../core/numeric.js";
import { checkRowFields, toFloat64Column } from "../core/validate.js";

/** Per-customer spend columns: repeat-transaction count and mean repeat-transaction value. */
export interface SpendColumns {
  /** Number of repeat transactions x (an integer ≥ 0), e.g. `frequency` from `summarizeTransactions`. */
  frequency: ArrayLike<number>;
  /** Mean value of the repeat transactions (z̄); may be 0 where frequency is 0. */
  monetary: ArrayLike<number>;
}

/** @internal */
export interface SpendData {
  x: Float64Array;
  z: Float64Array;
  w: Float64Array;
  n: number;
}

/** @internal */
export function readSpend(
  customers: SpendColumns,
  fn: string,
  weights: ArrayLike<number> | undefined,
  requireRepeat: boolean,
): { data: SpendData; nSkipped: number } {
  if (customers === null || typeof customers !== "object") {
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: ["customers"],
      received: customers,
      message: `${fn}: customers must be an object with "frequency" and "monetary" columns. Got ${describeValue(customers)}.`,
    });
  }
  checkRowFields(customers as unknown as Record<string, unknown>, ["frequency", "monetary"], fn, ["customers"], {
    frequency: ["x", "freq"],
    monetary: ["zbar", "m_x", "monetary_value", "avgSpend"],
  });
  const freq = toFloat64Column(customers.frequency, fn, "frequency", { min: 0, integer: true });
  const n = freq.length;
  const mon = toFloat64Column(customers.monetary, fn, "monetary", { min: 0 }, n);
  const w = weights === undefined ? null : toFloat64Column(weights, fn, "weights", { min: 0 }, n);
  if (n === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["customers"],
      message: `${fn}: customers is empty. Pass at least one customer with frequency > 0.`,
    });
  }
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (freq[i] > 0) {
      if (!(mon[i] > 0)) {
        throw new ClienteleError({
          code: "NON_POSITIVE_SPEND",
          path: ["monetary", i],
          received: mon[i],
          message:
            `${fn}: monetary[${i}] is ${mon[i]} for a customer with frequency ${freq[i]}; the Gamma-Gamma model ` +
            `needs a positive mean spend for every repeat customer. Remove zero-value orders (refunds, free items) ` +
            `before summarizing, or drop the row.`,
        });
      }
      m++;
    }
  }
  if (requireRepeat && m === 0) {
    throw new ClienteleError({
      code: "NO_REPEAT_CUSTOMERS",
      path: ["frequency"],
      message: `${fn}: no customer has frequency > 0; the Gamma-Gamma model is fitted on repeat customers only. Pass data with repeat purchases.`,
    });
  }
  const x = new Float64Array(requireRepeat ? m : n);
  const zz = new Float64Array(requireRepeat ? m : n);
  const ww = new Float64Array(requireRepeat ? m : n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (requireRepeat && freq[i] === 0) continue;
    x[j] = freq[i];
    zz[j] = mon[i];
    ww[j] = w === null ? 1 : w[i];
    j++;
  }
  return { data: { x, z: zz, w: ww, n: j }, nSkipped: requireRepeat ? n - m : 0 };
}

/**
 * Negative full log-likelihood (and its gradient in log-parameters) of the Gamma-Gamma model.
 * @internal (not exported from the entry point; tests check its gradient)
 */
export function gammaGammaNegLogLik(d: SpendData, theta: ArrayLike<number>, grad: Float64Array | null): number {
  const p = Math.exp(theta[0]);
  const q = Math.exp(theta[1]);
  const g = Math.exp(theta[2]);
  const lgq = logGamma(q);
  const logG = Math.log(g);
  const dgq = grad ? digamma(q) : 0;
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < d.n; i++) {
    const w = d.w[i];
    if (w === 0) continue;
    const x = d.x[i];
    const zb = d.z[i];
    const px = p * x;
    const logZ = Math.log(zb);
    const logX = Math.log(x);
    const s = g + x * zb;
    const logS = Math.log(s);
    // log f(z̄ | x) = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln z̄ + px ln x − (px+q) ln(γ + x z̄)
    ll += w * (logGamma(px + q) - logGamma(px) - lgq + q * logG + (px - 1) * logZ + px * logX - (px + q) * logS);
    if (grad) {
      const dpq = digamma(px + q);
      gp += w * x * (dpq - digamma(px) + logZ + logX - logS);
      gq += w * (dpq - dgq + logG - logS);
      gg += w * (q / g - (px + q) / s);
    }
  }
  if (grad) {
    grad[0] = -gp * p;
    grad[1] = -gq * q;
    grad[2] = -gg * g;
  }
  return -ll;
}
