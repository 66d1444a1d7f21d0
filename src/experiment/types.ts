import { ClienteleError, describeValue } from "../core/errors.js";

/** Conversions out of visitors for one group (a binary metric). */
export interface ConversionCounts {
  /** Number of units that converted (integer, 0 ≤ conversions ≤ visitors). */
  conversions: number;
  /** Number of units exposed (integer ≥ 1). */
  visitors: number;
}

/** Summary statistics of a continuous metric for one group. */
export interface MeanSummary {
  /** Sample mean. */
  mean: number;
  /** Sample standard deviation (n − 1 denominator). */
  sd: number;
  /** Number of observations (≥ 2). */
  n: number;
}

/** Raw observations or their summary statistics. */
export type ContinuousSample = ReadonlyArray<number> | Float64Array | MeanSummary;

/**
 * Direction of the alternative hypothesis, always about treatment − control:
 * `"greater"` tests whether the treatment is better (higher).
 */
export type Alternative = "two-sided" | "greater" | "less";

/**
 * A two-sided or one-sided interval. An unbounded end (a one-sided interval, a confidence
 * sequence before its first informative look) is `null`, never ±Infinity, so the interval
 * survives `JSON.stringify` unchanged.
 */
export type Interval = [lower: number | null, upper: number | null];

/** Largest count accepted: counts above 2^53 − 1 cannot be represented exactly. */
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/** An interval end: ±Infinity (unbounded) becomes null. Internal. */
export function bound(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * A ratio that may be undefined: `{ value: null, reason }` when the denominator is 0 or the
 * quotient overflows, so results never carry Infinity or NaN. Internal.
 */
export function safeRatio(num: number, den: number, what: string): { value: number | null; reason: string | null } {
  if (den === 0) return { value: null, reason: `${what} is 0` };
  const v = num / den;
  return Number.isFinite(v) ? { value: v, reason: null } : { value: null, reason: `${what} is too close to 0 for a ratio` };
}

/** Throws OUT_OF_RANGE when a statistic computed from finite inputs overflowed. Internal. */
export function checkFiniteStat(value: number, fn: string, path: (string | number)[], what: string): void {
  if (!Number.isFinite(value)) {
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path,
      message: `${fn}: ${what} overflows a double (the values are too large, around 1e150 or more). Rescale the metric (e.g. thousands instead of units) and run again.`,
    });
  }
}

export function checkCounts(c: ConversionCounts, fn: string, name: string): void {
  if (c === null || typeof c !== "object") {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name],
      received: c,
      message: `${fn}: ${name} must be { conversions, visitors }. Got ${describeValue(c)}.`,
    });
  }
  for (const key of ["conversions", "visitors"] as const) {
    const v = c[key];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ClienteleError({
        code: "NON_FINITE",
        path: [name, key],
        received: v,
        message: `${fn}: ${name}.${key} is ${describeValue(v)}; it must be a finite count.`,
      });
    }
    if (v < 0) {
      throw new ClienteleError({
        code: "NEGATIVE_VALUE",
        path: [name, key],
        received: v,
        message: `${fn}: ${name}.${key} is ${v}; counts cannot be negative.`,
      });
    }
    if (!Number.isInteger(v)) {
      throw new ClienteleError({
        code: "NOT_INTEGER",
        path: [name, key],
        received: v,
        message: `${fn}: ${name}.${key} is ${v}; it must be a whole number of units.`,
      });
    }
    if (v > MAX_COUNT) {
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: [name, key],
        received: v,
        message: `${fn}: ${name}.${key} is ${v}; counts above ${MAX_COUNT} (2^53 − 1) cannot be represented exactly. Check that the column holds unit counts.`,
      });
    }
  }
  if (c.visitors === 0) {
    throw new ClienteleError({
      code: "TOO_FEW_OBSERVATIONS",
      path: [name, "visitors"],
      received: 0,
      message: `${fn}: ${name} has 0 visitors; each group needs at least one unit.`,
    });
  }
  if (c.conversions > c.visitors) {
    throw new ClienteleError({
      code: "CONVERSIONS_EXCEED_VISITORS",
      path: [name, "conversions"],
      received: c.conversions,
      message: `${fn}: ${name} has ${c.conversions} conversions but only ${c.visitors} visitors. Count each unit at most once (use a continuous metric for repeat purchases).`,
    });
  }
}

/** Mean, sd (n − 1) and n of raw values or a summary, validated. */
export function toSummary(sample: ContinuousSample, fn: string, name: string): MeanSummary {
  if (sample !== null && typeof sample === "object" && !Array.isArray(sample) && !ArrayBuffer.isView(sample)) {
    const s = sample as MeanSummary;
    for (const key of ["mean", "sd", "n"] as const) {
      if (typeof s[key] !== "number" || !Number.isFinite(s[key])) {
        throw new ClienteleError({
          code: "NON_FINITE",
          path: [name, key],
          received: s[key],
          message: `${fn}: ${name}.${key} is ${describeValue(s[key])}; pass finite summary statistics { mean, sd, n }.`,
        });
      }
    }
    if (s.sd < 0) {
      throw new ClienteleError({
        code: "NEGATIVE_VALUE",
        path: [name, "sd"],
        received: s.sd,
        message: `${fn}: ${name}.sd is ${s.sd}; a standard deviation cannot be negative.`,
      });
    }
    if (!Number.isInteger(s.n) || s.n < 2) {
      throw new ClienteleError({
        code: "TOO_FEW_OBSERVATIONS",
        path: [name, "n"],
        received: s.n,
        message: `${fn}: ${name}.n is ${s.n}; each group needs an integer n >= 2 to estimate its variance.`,
      });
    }
    if (s.n > MAX_COUNT) {
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: [name, "n"],
        received: s.n,
        message: `${fn}: ${name}.n is ${s.n}; counts above ${MAX_COUNT} cannot be represented exactly.`,
      });
    }
    return { mean: s.mean, sd: s.sd, n: s.n };
  }
  const values = sample as ArrayLike<number>;
  if (!values || typeof values.length !== "number") {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name],
      received: sample,
      message: `${fn}: ${name} must be an array of numbers or { mean, sd, n }. Got ${describeValue(sample)}.`,
    });
  }
  const n = values.length;
  if (n < 2) {
    throw new ClienteleError({
      code: "TOO_FEW_OBSERVATIONS",
      path: [name],
      received: n,
      message: `${fn}: ${name} has ${n} observation(s); each group needs at least 2 to estimate its variance.`,
    });
  }
  // Two passes (sum, then squared deviations): stable and faster than Welford's divisions.
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ClienteleError({
        code: "NON_FINITE",
        path: [name, i],
        received: v,
        message: `${fn}: ${name}[${i}] is ${describeValue(v)}; every observation must be a finite number.`,
      });
    }
    sum += v;
  }
  checkFiniteStat(sum, fn, [name], `the sum of ${name}`);
  const mean = sum / n;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    m2 += d * d;
  }
  checkFiniteStat(m2, fn, [name], `the variance of ${name}`);
  return { mean, sd: Math.sqrt(m2 / (n - 1)), n };
}
