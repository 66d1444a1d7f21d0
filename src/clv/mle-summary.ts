// Internal helpers shared by the Gamma-Gamma and BG/BB fits (not exported from the entry).
import { ClienteleError } from "../core/errors.js";
import { invertSpd, numericHessian, type ObjectiveWithGradient } from "../core/optimize.js";

/** Standard errors and 95% intervals of positive parameters fitted on the log scale. */
export interface LogScaleSummary {
  standardErrors: Record<string, number | null>;
  confidenceIntervals: Record<string, [number, number] | null>;
}

/**
 * Standard errors by the delta method from the Hessian of the negative log-likelihood in
 * log-parameters (SE(θ) = θ · SE(log θ)), and 95% intervals exp(log θ ± 1.96 SE(log θ)),
 * which stay positive. Entries are null when the Hessian is not positive definite.
 */
export function summarizeLogScale(
  negLogLik: ObjectiveWithGradient,
  logParams: Float64Array,
  names: readonly string[],
): LogScaleSummary {
  const p = names.length;
  const H = numericHessian(negLogLik, logParams);
  const cov = invertSpd(H, p);
  const se: Record<string, number | null> = {};
  const ci: Record<string, [number, number] | null> = {};
  for (let k = 0; k < p; k++) {
    const v = cov === null ? NaN : cov[k * p + k];
    if (!(v >= 0) || !Number.isFinite(v)) {
      se[names[k]] = null;
      ci[names[k]] = null;
      continue;
    }
    const sLog = Math.sqrt(v);
    const theta = Math.exp(logParams[k]);
    const lo = Math.exp(logParams[k] - 1.959963984540054 * sLog);
    const hi = Math.exp(logParams[k] + 1.959963984540054 * sLog);
    // Keep the model JSON-safe: an interval that overflows (a flat likelihood) is reported as null.
    se[names[k]] = Number.isFinite(theta * sLog) ? theta * sLog : null;
    ci[names[k]] = Number.isFinite(hi) && lo > 0 ? [lo, hi] : null;
  }
  return { standardErrors: se, confidenceIntervals: ci };
}

/** Throws `FIT_FAILED` with the usual remedies (same code as the BG/NBD family). */
export function throwNotConverged(fn: string, iterations: number, gradNorm: number, extra: string): never {
  throw new ClienteleError({
    code: "FIT_FAILED",
    received: { iterations, gradNorm },
    message:
      `${fn}: the maximum-likelihood search did not converge after ${iterations} iterations ` +
      `(largest gradient component ${gradNorm.toExponential(2)}). ${extra}`,
  });
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
