import * as z from "../core/schema.js";
import { jsonColumns } from "../core/json.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { digamma, logGamma } from "../core/numeric.js";
import { minimizeBfgsSteps } from "../core/optimize.js";
import { progressOption, signalOption, timeUnitOption } from "../core/options.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import type { TimeUnit } from "../core/time.js";
import { checkFittedRange, LEGACY_KINDS, paramSchema, weightsOption } from "./fit-common.js";
import { fitUnitOptional, savedUnitSchema } from "./units.js";
import { checkModelHeader, checkRowFields, parseOptions, parseWith, toFloat64Column } from "../core/validate.js";
import { maxAbs, summarizeLogScale, throwNotConverged } from "./mle-summary.js";

/** Per-customer spend columns: repeat-transaction count and mean repeat-transaction value. */
export interface SpendColumns {
  /** Number of repeat transactions x (an integer ≥ 0), e.g. `frequency` from `summarizeTransactions`. */
  frequency: ArrayLike<number>;
  /** Mean value of the repeat transactions (z̄); may be 0 where frequency is 0. */
  monetary: ArrayLike<number>;
}

/** Gamma-Gamma parameters in the names of Fader, Hardie & Lee (2005). */
export interface GammaGammaParams {
  /** Shape of the gamma distribution of one transaction's value around the customer's mean. */
  p: number;
  /** Shape of the gamma heterogeneity of the customers' scale ν. */
  q: number;
  /** Scale (rate) of the heterogeneity of ν. */
  gamma: number;
}

/** A fitted Gamma-Gamma spend model: plain JSON data. */
export interface GammaGammaModel {
  /** `"gamma-gamma"` (models saved as `"gammagamma"` before 0.2 load with the new tag). */
  kind: "gamma-gamma";
  version: 1;
  /**
   * Time unit of the summary the spend model was fitted on (from the summary's `timeUnit` or
   * `options.timeUnit`). The Gamma-Gamma likelihood itself has no time scale, so the unit is optional
   * here; when recorded, `customerLifetimeValue` checks that it agrees with the transaction model's.
   */
  timeUnit?: TimeUnit;
  params: GammaGammaParams;
  /** Delta-method standard errors from the Hessian of the log-likelihood (null where it was singular). */
  standardErrors: { p: number | null; q: number | null; gamma: number | null };
  /** 95% intervals exp(log θ ± 1.96 SE(log θ)), always positive (null where the Hessian was singular). */
  confidenceIntervals: { p: [number, number] | null; q: [number, number] | null; gamma: [number, number] | null };
  /** Full log-likelihood Σ wᵢ log f(z̄ᵢ | xᵢ) with all constants, at the estimate. */
  logLikelihood: number;
  /** Rows used (repeat customers, frequency > 0, with non-zero weight). */
  nCustomers: number;
  /** Sum of the weights of the rows used. */
  totalWeight: number;
  /** Rows with frequency 0 that were skipped (they carry no spend information). */
  nSkipped: number;
  /** L2 penalty coefficient used. */
  penalty: number;
  /** Optimizer iterations. */
  nIter: number;
  /** Whether the optimizer met its gradient criterion (a fit that does not throws `FIT_FAILED`). */
  converged: boolean;
}

/** Options of {@link fitGammaGamma}. */
export interface FitGammaGammaOptions {
  /** L2 penalty λ: minimizes −LL/Σw + λ(p² + q² + γ²), as lifetimes' `penalizer_coef` (default 0). */
  penalty?: number;
  /** Non-negative weight per row (a count of identical customers); default 1 each. */
  weights?: ArrayLike<number>;
  /** Maximum optimizer iterations (default 500). */
  maxIter?: number;
  /** Called after every optimizer iteration. */
  onProgress?: (info: { iteration: number; value: number; gradNorm: number }) => void;
  /** Aborts the fit with `ABORTED` (see {@link fitGammaGammaAsync} for wall-clock timeouts). */
  signal?: AbortSignal;
  /** Unit of the summary (recorded in the model; must agree with a summary's own `timeUnit`). */
  timeUnit?: TimeUnit;
}

const fitOptionsSchema = z.object({
  penalty: z.number().min(0).max(1e6).default(0),
  weights: weightsOption().optional(),
  maxIter: z.number().int().min(1).max(100_000).default(500),
  onProgress: progressOption<{ iteration: number; value: number; gradNorm: number }>().optional(),
  signal: signalOption().optional(),
  timeUnit: timeUnitOption().optional(),
});

const PARAM_NAMES = ["p", "q", "gamma"] as const;

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

/**
 * Fits the Gamma-Gamma model of spend per transaction by maximum likelihood on the
 * repeat customers (frequency > 0), with analytic gradients on log(p), log(q), log(γ)
 * and BFGS from the start p = q = γ = 1. Customers with frequency 0 carry no spend
 * information: they are skipped and counted in `nSkipped` (their monetary value is
 * ignored). Runs in O(n) per iteration.
 *
 * The model: each transaction value is Gamma(p, ν); ν varies across customers as
 * Gamma(q, γ); the likelihood of a customer's mean z̄ of x transactions is
 * Γ(px+q) / (Γ(px) Γ(q)) · γ^q · z̄^(px−1) · x^(px) / (γ + x z̄)^(px+q).
 *
 * @param customers - `frequency` (repeat transactions, integer) and `monetary` (mean repeat value)
 * @param options - `penalty` (default 0), `weights`, `maxIter` (default 500), `onProgress`, `signal`
 *   (see {@link fitGammaGammaAsync} for wall-clock timeouts), `timeUnit` (recorded; optional, the spend
 *   model has no time scale; taken from a summary's `timeUnit` and must agree with it)
 * @throws ClienteleError `MISSING_COLUMN`, `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`,
 *   `NOT_INTEGER`, `EMPTY_INPUT`, `NO_REPEAT_CUSTOMERS`, `NON_POSITIVE_SPEND`, `INVALID_OPTION`,
 *   `UNIT_MISMATCH`, `FIT_FAILED` (also when a parameter runs above 1e10), `ABORTED`
 * @see Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base
 *   Analysis", Journal of Marketing Research 42(4); Fader & Hardie (2013), "The Gamma-Gamma
 *   Model of Monetary Value".
 * @example
 * import { fitGammaGamma } from "clientele/clv";
 * const m = fitGammaGamma({ frequency: [2, 1, 0, 5], monetary: [22.35, 11.77, 0, 40.1] });
 * m.nSkipped; // => 1
 * // On CDNOW's 946 repeat customers: p ≈ 6.25, q ≈ 3.74, gamma ≈ 15.44
 */
export function fitGammaGamma(customers: SpendColumns, options: FitGammaGammaOptions = {}): GammaGammaModel {
  return runSync(gammaGammaSteps(customers, options, "fitGammaGamma"));
}

/**
 * {@link fitGammaGamma} as a promise that yields to the event loop about every 10 ms, so
 * `signal: AbortSignal.timeout(ms)` stops it in wall-clock time; bit-identical result.
 *
 * @throws ClienteleError (as a rejection) the codes of {@link fitGammaGamma}; `ABORTED` naming `fitGammaGammaAsync`
 * @example
 * import { fitGammaGammaAsync } from "clientele/clv";
 * const m = await fitGammaGammaAsync(summary, { signal: AbortSignal.timeout(5_000) });
 * m.kind; // => "gamma-gamma"
 */
export async function fitGammaGammaAsync(customers: SpendColumns, options: FitGammaGammaOptions = {}): Promise<GammaGammaModel> {
  const fn = "fitGammaGammaAsync";
  return runAsync(gammaGammaSteps(customers, options, fn), fn, parseOptions(fitOptionsSchema, options, fn).signal);
}

function* gammaGammaSteps(customers: SpendColumns, options: FitGammaGammaOptions, fn: string): Steps<GammaGammaModel> {
  const opts = parseOptions(fitOptionsSchema, options, fn);
  const timeUnit = fitUnitOptional(customers, opts.timeUnit, fn);
  const { data, nSkipped } = readSpend(customers, fn, opts.weights, true);
  let W = 0;
  let nCustomers = 0;
  for (let i = 0; i < data.n; i++) {
    W += data.w[i];
    if (data.w[i] > 0) nCustomers++;
  }
  if (!(W > 0)) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["options", "weights"],
      message: `${fn}: the weights of the repeat customers sum to 0. Give at least one repeat customer a positive weight.`,
    });
  }
  const lambda = opts.penalty;
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const v = gammaGammaNegLogLik(data, theta, grad) / W;
    let pen = 0;
    for (let k = 0; k < 3; k++) {
      grad[k] /= W;
      if (lambda > 0) {
        const e = Math.exp(theta[k]);
        pen += e * e;
        grad[k] += 2 * lambda * e * e;
      }
    }
    return v + lambda * pen;
  };
  const bfgsOpts = {
    fn,
    maxIter: opts.maxIter,
    gradTol: 1e-9,
    onProgress: opts.onProgress,
    signal: opts.signal,
  };
  let res = yield* minimizeBfgsSteps(objective, [0, 0, 0], bfgsOpts);
  if (!res.converged) {
    // Fallback start: method-of-moments-like scale (γ near the mean spend), then retry.
    let mean = 0;
    for (let i = 0; i < data.n; i++) mean += data.w[i] * data.z[i];
    mean /= W;
    const alt = yield* minimizeBfgsSteps(objective, [Math.log(2), Math.log(2), Math.log(Math.max(mean, 1e-6))], bfgsOpts);
    if (alt.value < res.value || alt.converged) res = alt;
  }
  if (!res.converged) {
    throwNotConverged(
      fn,
      res.iterations,
      maxAbs(res.grad),
      "Rescale monetary values (e.g. to hundreds of dollars), add a small penalty (options.penalty = 0.001), or raise maxIter.",
    );
  }
  checkFittedRange({ p: Math.exp(res.x[0]), q: Math.exp(res.x[1]), gamma: Math.exp(res.x[2]) }, fn);
  const negLL = (theta: Float64Array, grad: Float64Array): number => gammaGammaNegLogLik(data, theta, grad);
  const summary = summarizeLogScale(negLL, res.x, PARAM_NAMES);
  const ll = -gammaGammaNegLogLik(data, res.x, null);
  return {
    kind: "gamma-gamma",
    version: 1,
    ...(timeUnit === undefined ? {} : { timeUnit }),
    params: { p: Math.exp(res.x[0]), q: Math.exp(res.x[1]), gamma: Math.exp(res.x[2]) },
    standardErrors: summary.standardErrors as GammaGammaModel["standardErrors"],
    confidenceIntervals: summary.confidenceIntervals as GammaGammaModel["confidenceIntervals"],
    logLikelihood: ll,
    nCustomers,
    totalWeight: W,
    nSkipped,
    penalty: lambda,
    nIter: res.iterations,
    converged: res.converged,
  };
}

/**
 * Log-likelihood of a Gamma-Gamma model's parameters on repeat customers (frequency > 0;
 * frequency-0 rows are skipped), the full sum with constants. O(n).
 *
 * @throws ClienteleError as {@link fitGammaGamma}, and `INVALID_MODEL` for a malformed model
 * @example
 * import { fitGammaGamma, gammaGammaLogLikelihood } from "clientele/clv";
 * const data = { frequency: [2, 1, 5], monetary: [22.35, 11.77, 40.1] };
 * const m = fitGammaGamma(data);
 * gammaGammaLogLikelihood(m, data) === m.logLikelihood; // => true
 */
export function gammaGammaLogLikelihood(
  model: GammaGammaModel,
  customers: SpendColumns,
  options: { weights?: ArrayLike<number> } = {},
): number {
  const fn = "gammaGammaLogLikelihood";
  const m = gammaGammaFromJSON(model, fn);
  const { weights } = parseOptions(z.object({ weights: weightsOption().optional() }), options, fn);
  const { data } = readSpend(customers, fn, weights, true);
  const theta = [Math.log(m.params.p), Math.log(m.params.q), Math.log(m.params.gamma)];
  return -gammaGammaNegLogLik(data, theta, null);
}

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
 * const gg = fitGammaGamma(cdnow); // CDNOW: p 6.25, q 3.74, gamma 15.44
 * expectedAverageValue(gg, { frequency: [0, 2], monetary: [0, 22.35] });
 * // => Float64Array [35.2, 24.7]: the population mean, then a customer's 22.35 shrunk towards it
 */
export function expectedAverageValue(spendModel: GammaGammaModel, customers: SpendColumns): Float64Array {
  const fn = "expectedAverageValue";
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
  return (a * w) * popMean + w * zbar;
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
 * // => { correlation: 1, undefinedReason: null, n: 4, threshold: 0.3, warning: "frequency and monetary are correlated (r = 1.00) ..." }
 * spendFrequencyCorrelation({ frequency: [1, 2], monetary: [10, 10] }).correlation; // => null (monetary is constant)
 */
export function spendFrequencyCorrelation(
  customers: SpendColumns,
  options: { threshold?: number } = {},
): SpendFrequencyCorrelation {
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

const pair = z.tuple([z.number(), z.number()]).nullable();
const se = z.number().min(0).nullable();
const ggParams = z.object({ p: paramSchema(), q: paramSchema(), gamma: paramSchema() });
const ggSchema = z.object({
  kind: z.literal("gamma-gamma"),
  version: z.literal(1),
  timeUnit: savedUnitSchema,
  params: ggParams,
  standardErrors: z.object({ p: se, q: se, gamma: se }),
  confidenceIntervals: z.object({ p: pair, q: pair, gamma: pair }),
  logLikelihood: z.number(),
  nCustomers: z.number().int().min(0),
  totalWeight: z.number().min(0),
  nSkipped: z.number().int().min(0),
  penalty: z.number().min(0),
  nIter: z.number().int().min(0),
  converged: z.boolean(),
});

/**
 * Validates a saved Gamma-Gamma model (for example after `JSON.parse`) and returns it typed.
 *
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { gammaGammaFromJSON } from "clientele/clv";
 * const model = gammaGammaFromJSON(JSON.parse(saved));
 */
export function gammaGammaFromJSON(json: unknown, fn = "gammaGammaFromJSON"): GammaGammaModel {
  checkModelHeader(json, "gamma-gamma", 1, fn, LEGACY_KINDS["gamma-gamma"]);
  const m = parseWith(ggSchema, { ...(json as object), kind: "gamma-gamma" }, fn, { code: "INVALID_MODEL", root: "model" }) as GammaGammaModel;
  if (m.timeUnit === undefined) delete m.timeUnit;
  return m;
}
