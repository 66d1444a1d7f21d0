import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { integrate, studentTQuantile } from "../core/distributions.js";
import { logGamma, normalCdf, normalQuantile } from "../core/numeric.js";
import { parseOptions } from "../core/validate.js";

const base = {
  alpha: z.number().gt(0).lt(1).default(0.05),
  alternative: z.enum(["two-sided", "one-sided"]).default("two-sided"),
};

/** Options of {@link sampleSizeProportions}. */
export interface SampleSizeProportionsOptions {
  /** Control conversion rate, in (0, 1). */
  baseline: number;
  /** Minimum detectable effect: absolute (0.02 = +2 points) unless `relative` is true. */
  mde: number;
  /** Read `mde` as relative to the baseline (0.1 = +10%) (default false). */
  relative?: boolean;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Desired power (default 0.8). */
  power?: number;
  /** `"two-sided"` (default) or `"one-sided"`. */
  alternative?: "two-sided" | "one-sided";
}

const ssPropSchema = z
  .object({
    baseline: z.number().gt(0).lt(1),
    mde: z
      .number()
      .finite()
      .refine((v) => v !== 0, "must not be 0"),
    relative: z.boolean().default(false),
    power: z.number().gt(0).lt(1).default(0.8),
    ...base,
  })
  .strict();

/** A sample-size answer: exact per-group n and the whole number to plan for. */
export interface SampleSizeResult {
  /** Units per group solving the power equation exactly (fractional, as R reports it). */
  nPerGroup: number;
  /** `ceil(nPerGroup)`: what to plan for. */
  nPerGroupRounded: number;
  /** Both groups together, rounded. */
  total: number;
  /** The two rates or means compared. */
  compared: [number, number];
}

/**
 * Units per group needed to detect a change in a conversion rate, with the normal
 * approximation R's `power.prop.test` uses (two groups of equal size). Closed form, O(1).
 *
 * @param options - `baseline`, `mde` (absolute unless `relative`), `alpha` (0.05), `power` (0.8), `alternative`
 * @throws ClienteleError `INVALID_OPTION` (rates outside (0, 1), mde 0, treatment rate outside (0, 1))
 * @see R's `stats::power.prop.test`; Fleiss, Levin & Paik (2003), Statistical Methods for Rates and Proportions, §4.2
 * @example
 * import { sampleSizeProportions } from "clientele/experiment";
 * sampleSizeProportions({ baseline: 0.5, mde: 0.25, power: 0.9 }).nPerGroup;
 * // => 76.707 (R 4.2: power.prop.test(p1 = .50, p2 = .75, power = .90))
 */
export function sampleSizeProportions(options: SampleSizeProportionsOptions): SampleSizeResult {
  const fn = "sampleSizeProportions";
  const o = parseOptions(ssPropSchema, options, fn);
  const p1 = o.baseline;
  const p2 = o.relative ? p1 * (1 + o.mde) : p1 + o.mde;
  if (!(p2 > 0 && p2 < 1)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "mde"],
      received: o.mde,
      message: `${fn}: baseline ${p1} with mde ${o.mde}${o.relative ? " (relative)" : ""} gives a treatment rate of ${p2}, outside (0, 1). Use a smaller mde.`,
    });
  }
  const za = normalQuantile(1 - (o.alternative === "two-sided" ? o.alpha / 2 : o.alpha));
  const zb = normalQuantile(o.power);
  const q1 = 1 - p1;
  const q2 = 1 - p2;
  const n = ((za * Math.sqrt(((p1 + p2) * (q1 + q2)) / 2) + zb * Math.sqrt(p1 * q1 + p2 * q2)) / Math.abs(p1 - p2)) ** 2;
  if (!(n <= 1e12)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "mde"],
      received: o.mde,
      message: `${fn}: an effect of ${o.mde}${o.relative ? " (relative)" : ""} on a baseline of ${p1} needs more than 1e12 units per group. Check that mde is a rate difference (0.01 = 1 point) or set relative: true.`,
    });
  }
  const rounded = Math.ceil(n);
  return { nPerGroup: n, nPerGroupRounded: rounded, total: 2 * rounded, compared: [p1, p2] };
}

/** Options of {@link powerProportions}. */
export interface PowerProportionsOptions {
  /** Units per group. */
  n: number;
  /** Control rate. */
  p1: number;
  /** Treatment rate. */
  p2: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** `"two-sided"` (default) or `"one-sided"`. */
  alternative?: "two-sided" | "one-sided";
}

const powPropSchema = z.object({ n: z.number().positive().finite(), p1: z.number().gt(0).lt(1), p2: z.number().gt(0).lt(1), ...base }).strict();

/**
 * Power of the two-proportion test with `n` units per group (R's `power.prop.test`
 * formula, `strict = FALSE`). O(1).
 *
 * @param options - `n`, `p1`, `p2`, `alpha` (0.05), `alternative`
 * @throws ClienteleError `INVALID_OPTION`
 * @see R's `stats::power.prop.test`
 * @example
 * import { powerProportions } from "clientele/experiment";
 * powerProportions({ n: 50, p1: 0.5, p2: 0.75 }); // => 0.7401659 (R: power.prop.test(n = 50, p1 = .50, p2 = .75))
 */
export function powerProportions(options: PowerProportionsOptions): number {
  const o = parseOptions(powPropSchema, options, "powerProportions");
  return powerProportionsCore(o.n, o.p1, o.p2, o.alpha, o.alternative === "two-sided");
}

/** Internal: validated arguments. */
export function powerProportionsCore(n: number, p1: number, p2: number, alpha: number, twoSided: boolean): number {
  const o = { n, p1, p2 };
  const za = normalQuantile(1 - (twoSided ? alpha / 2 : alpha));
  const q1 = 1 - o.p1;
  const q2 = 1 - o.p2;
  return normalCdf((Math.sqrt(o.n) * Math.abs(o.p1 - o.p2) - za * Math.sqrt(((o.p1 + o.p2) * (q1 + q2)) / 2)) / Math.sqrt(o.p1 * q1 + o.p2 * q2));
}

/** Options of {@link powerMeans}. */
export interface PowerMeansOptions {
  /** Units per group (≥ 2). */
  n: number;
  /** True difference in means to detect. */
  delta: number;
  /** Standard deviation of one observation (default 1). */
  sd?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** `"two-sided"` (default) or `"one-sided"`. */
  alternative?: "two-sided" | "one-sided";
}

const powMeansSchema = z.object({ n: z.number().gte(2).finite(), delta: z.number().finite(), sd: z.number().positive().finite().default(1), ...base }).strict();

/**
 * Power of the two-sample t-test with `n` units per group, computed exactly from the
 * noncentral t distribution as R's `power.t.test` does (`strict = FALSE`), by quadrature
 * over the chi-square mixing distribution. O(1).
 *
 * @param options - `n`, `delta`, `sd` (1), `alpha` (0.05), `alternative`
 * @throws ClienteleError `INVALID_OPTION`
 * @see R's `stats::power.t.test`
 * @example
 * import { powerMeans } from "clientele/experiment";
 * powerMeans({ n: 20, delta: 1 }); // => 0.8689528 (R: power.t.test(n = 20, delta = 1))
 */
export function powerMeans(options: PowerMeansOptions): number {
  const o = parseOptions(powMeansSchema, options, "powerMeans");
  return powerMeansCore(o.n, Math.abs(o.delta) / o.sd, o.alpha, o.alternative === "two-sided");
}

/** Internal: validated arguments; `effect` is |delta| / sd. */
export function powerMeansCore(n: number, effect: number, alpha: number, twoSided: boolean): number {
  const df = 2 * (n - 1);
  const ncp = Math.sqrt(n / 2) * effect;
  const crit = studentTQuantile(1 - (twoSided ? alpha / 2 : alpha), df);
  return noncentralTSfCore(crit, df, ncp);
}

/**
 * Upper tail P(T > c) of the noncentral t distribution with `df` degrees of freedom and
 * noncentrality `ncp` (what power calculations for t-tests need), computed as
 * E over V ~ χ²(df) of Φ(ncp − c·sqrt(V/df)) by Gauss–Legendre quadrature.
 *
 * @param c - the point, finite
 * @param df - degrees of freedom, > 0
 * @param ncp - noncentrality, finite
 * @throws ClienteleError `INVALID_INPUT` (not a number), `NON_FINITE`, `OUT_OF_RANGE` (df ≤ 0)
 * @example
 * import { noncentralTSf } from "clientele/experiment";
 * noncentralTSf(2, 10, 1.5); // => 0.340846 (R: pt(2, 10, ncp = 1.5, lower.tail = FALSE))
 */
export function noncentralTSf(c: number, df: number, ncp: number): number {
  const fn = "noncentralTSf";
  for (const [name, v] of [
    ["c", c],
    ["df", df],
    ["ncp", ncp],
  ] as const) {
    if (typeof v !== "number") {
      throw new ClienteleError({ code: "INVALID_INPUT", path: [name], received: v, message: `${fn}: ${name} must be a number. Got ${describeValue(v)}.` });
    }
    if (!Number.isFinite(v)) {
      throw new ClienteleError({ code: "NON_FINITE", path: [name], received: v, message: `${fn}: ${name} must be a finite number. Got ${describeValue(v)}.` });
    }
  }
  if (!(df > 0)) {
    throw new ClienteleError({ code: "OUT_OF_RANGE", path: ["df"], received: df, message: `${fn}: df must be > 0. Got ${df}.` });
  }
  return noncentralTSfCore(c, df, ncp);
}

function noncentralTSfCore(c: number, df: number, ncp: number): number {
  if (df > 1e6) return normalCdf(ncp - c);
  const k = df / 2;
  const logNorm = -k * Math.LN2 - logGamma(k);
  const sd = Math.sqrt(2 * df);
  const lo = Math.max(0, df - 14 * sd);
  const hi = df + 14 * sd + 20;
  const dens = (v: number) => (v <= 0 ? 0 : Math.exp(logNorm + (k - 1) * Math.log(v) - v / 2));
  const body = integrate((v) => dens(v) * normalCdf(ncp - c * Math.sqrt(v / df)), lo, hi, 128);
  // Mass below lo (only matters for small df): there sqrt(V/df) is small, add it with Φ(ncp − c·sqrt(lo/df)) bound by quadrature too.
  const below = lo > 0 ? integrate((v) => dens(v) * normalCdf(ncp - c * Math.sqrt(v / df)), 0, lo, 32) : 0;

  return Math.min(1, Math.max(0, body + below));
}

/** Options of {@link sampleSizeMeans}. */
export interface SampleSizeMeansOptions {
  /** Difference in means to detect (absolute, in metric units). */
  mde: number;
  /** Standard deviation of one observation. */
  sd: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Desired power (default 0.8). */
  power?: number;
  /** `"two-sided"` (default) or `"one-sided"`. */
  alternative?: "two-sided" | "one-sided";
}

const ssMeansSchema = z
  .object({
    mde: z
      .number()
      .finite()
      .refine((v) => v !== 0, "must not be 0"),
    sd: z.number().positive().finite(),
    power: z.number().gt(0).lt(1).default(0.8),
    ...base,
  })
  .strict();

/**
 * Units per group for a two-sample t-test to detect a difference `mde` with standard
 * deviation `sd`: solves R's `power.t.test` equation for n (noncentral t, exact root by
 * bisection to 1e-10). O(log) evaluations of {@link powerMeans}.
 *
 * @param options - `mde`, `sd`, `alpha` (0.05), `power` (0.8), `alternative`
 * @throws ClienteleError `INVALID_OPTION`
 * @see R's `stats::power.t.test`
 * @example
 * import { sampleSizeMeans } from "clientele/experiment";
 * sampleSizeMeans({ mde: 1, sd: 1, power: 0.9 }).nPerGroup; // => 22.0211 (R: power.t.test(power = .90, delta = 1))
 */
export function sampleSizeMeans(options: SampleSizeMeansOptions): SampleSizeResult {
  const o = parseOptions(ssMeansSchema, options, "sampleSizeMeans");
  const effect = Math.abs(o.mde) / o.sd;
  const twoSided = o.alternative === "two-sided";
  let lo = 2;
  let hi = 4;
  while (powerMeansCore(hi, effect, o.alpha, twoSided) < o.power) {
    hi *= 2;
    if (hi > 1e12) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "mde"],
        received: o.mde,
        message: `sampleSizeMeans: an effect of ${o.mde} with sd ${o.sd} needs more than 1e12 units per group. Check the units of mde and sd.`,
      });
    }
  }
  if (powerMeansCore(lo, effect, o.alpha, twoSided) >= o.power) hi = lo;
  for (let i = 0; i < 200 && hi - lo > 1e-10 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (powerMeansCore(mid, effect, o.alpha, twoSided) < o.power) lo = mid;
    else hi = mid;
  }
  const n = 0.5 * (lo + hi);
  const rounded = Math.ceil(n - 1e-9);
  return { nPerGroup: n, nPerGroupRounded: rounded, total: 2 * rounded, compared: [0, o.mde] };
}
