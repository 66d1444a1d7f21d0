import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { chiSquareSf } from "../core/distributions.js";
import { idKey } from "../core/ids.js";
import { checkRowFields, parseOptions } from "../core/validate.js";
import { welchCore } from "./means.js";
import { correctionSchema, PADJUST_METHODS } from "./options.js";
import { proportionTestCore } from "./proportions.js";
import { checkCounts, checkFiniteStat, toSummary, type ContinuousSample, type ConversionCounts, type Interval } from "./types.js";

export type { PAdjustMethod } from "./options.js";
import type { PAdjustMethod } from "./options.js";

/**
 * Adjusts p-values for multiple comparisons exactly as R's `p.adjust`: Holm's step-down
 * (controls the family-wise error rate), Benjamini–Hochberg (controls the false discovery
 * rate), Bonferroni, or none. Returns them in the input order. O(m log m).
 *
 * @param pValues - raw p-values in [0, 1]
 * @param method - `"holm"` (default), `"bh"`, `"bonferroni"`, `"none"`
 * @throws ClienteleError `INVALID_INPUT` (not an array), `OUT_OF_RANGE`, `NON_FINITE`, `INVALID_OPTION` (unknown method)
 * @see Holm (1979); Benjamini & Hochberg (1995); R's `stats::p.adjust`
 * @example
 * import { adjustPValues } from "clientele/experiment";
 * adjustPValues([0.01, 0.04, 0.03, 0.005], "holm"); // => [0.03, 0.06, 0.06, 0.02]
 */
export function adjustPValues(pValues: ReadonlyArray<number> | Float64Array, method: PAdjustMethod = "holm"): number[] {
  const fn = "adjustPValues";
  if (!Array.isArray(pValues) && !(ArrayBuffer.isView(pValues) && !(pValues instanceof DataView))) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["pValues"],
      received: pValues,
      message: `${fn}: pValues must be an array of p-values in [0, 1], e.g. [0.01, 0.04]. Got ${describeValue(pValues)}.`,
    });
  }
  if (!(PADJUST_METHODS as readonly unknown[]).includes(method)) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["method"],
      received: method,
      message: `${fn}: method must be one of ${PADJUST_METHODS.map((m) => `"${m}"`).join(", ")} (R's "BH"/"fdr" is "bh"). Got ${describeValue(method)}.`,
    });
  }
  return adjustCore(Array.from(pValues as ArrayLike<number>), method, fn);
}

/** Internal: `fn` names the public function in errors. */
function adjustCore(pValues: number[], method: PAdjustMethod, fn: string, path: (string | number)[] = ["pValues"]): number[] {
  const m = pValues.length;
  for (let i = 0; i < m; i++) {
    const p = pValues[i];
    if (typeof p !== "number" || !Number.isFinite(p))
      throw new ClienteleError({
        code: "NON_FINITE",
        path: [...path, i],
        received: p,
        message: `${fn}: pValues[${i}] is ${describeValue(p)}; pass numbers in [0, 1].`,
      });
    if (p < 0 || p > 1)
      throw new ClienteleError({ code: "OUT_OF_RANGE", path: [...path, i], received: p, message: `${fn}: pValues[${i}] is ${p}; p-values lie in [0, 1].` });
  }
  const out = new Array<number>(m);
  if (method === "none") return pValues.slice();
  if (method === "bonferroni") return pValues.map((p) => Math.min(1, p * m));
  const order = Array.from({ length: m }, (_, i) => i);
  if (method === "holm") {
    order.sort((a, b) => pValues[a] - pValues[b]);
    let running = 0;
    for (let r = 0; r < m; r++) {
      const i = order[r];
      running = Math.max(running, Math.min(1, (m - r) * pValues[i]));
      out[i] = running;
    }
    return out;
  }
  // BH: step-up from the largest p.
  order.sort((a, b) => pValues[b] - pValues[a]);
  let running = 1;
  for (let r = 0; r < m; r++) {
    const i = order[r];
    const rank = m - r;
    running = Math.min(running, Math.min(1, (m / rank) * pValues[i]));
    out[i] = running;
  }
  return out;
}

/** Result of {@link heterogeneityTest}. */
export interface HeterogeneityResult {
  /** Cochran's Q statistic. */
  q: number;
  /** Degrees of freedom (segments − 1). */
  df: number;
  /** p-value of Q under homogeneity (chi-square). */
  pValue: number;
  /** I² = max(0, (Q − df) / Q): share of the variation across segments beyond chance. */
  iSquared: number;
  /** Inverse-variance weighted pooled effect. */
  pooledEffect: number;
}

/**
 * Tests whether an effect differs across segments: Cochran's Q on per-segment effects with
 * inverse-variance weights, with I². O(segments).
 *
 * @param effects - per-segment effect estimates
 * @param standardErrors - their standard errors (> 0)
 * @throws ClienteleError `INVALID_INPUT` (not arrays), `TOO_FEW_OBSERVATIONS` (fewer than 2 segments), `LENGTH_MISMATCH`,
 *   `NON_FINITE`, `OUT_OF_RANGE` (a standard error ≤ 0, or weights/Q that overflow: rescale)
 * @see Cochran (1954); Higgins & Thompson (2002), "Quantifying heterogeneity in a meta-analysis"
 * @example
 * import { heterogeneityTest } from "clientele/experiment";
 * heterogeneityTest([0.02, -0.01, 0.015, 0.04], [0.008, 0.01, 0.012, 0.009]).pValue; // => 0.00299
 */
export function heterogeneityTest(effects: ReadonlyArray<number>, standardErrors: ReadonlyArray<number>): HeterogeneityResult {
  return heterogeneityCore(effects, standardErrors, "heterogeneityTest");
}

function heterogeneityCore(effects: ReadonlyArray<number>, standardErrors: ReadonlyArray<number>, fn: string): HeterogeneityResult {
  for (const [name, v] of [
    ["effects", effects],
    ["standardErrors", standardErrors],
  ] as const) {
    if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: [name],
        received: v,
        message: `${fn}: ${name} must be an array of numbers, one per segment. Got ${describeValue(v)}.`,
      });
    }
  }
  const k = effects.length;
  if (k < 2)
    throw new ClienteleError({ code: "TOO_FEW_OBSERVATIONS", path: ["effects"], received: k, message: `${fn}: needs at least two segments. Got ${k}.` });
  if (standardErrors.length !== k) {
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: ["standardErrors"],
      received: standardErrors.length,
      message: `${fn}: ${k} effects but ${standardErrors.length} standard errors; pass one per segment.`,
    });
  }
  let sw = 0;
  let swe = 0;
  for (let i = 0; i < k; i++) {
    const e = effects[i];
    const s = standardErrors[i];
    if (typeof e !== "number" || !Number.isFinite(e))
      throw new ClienteleError({
        code: "NON_FINITE",
        path: ["effects", i],
        received: e,
        message: `${fn}: effects[${i}] is ${describeValue(e)}; pass finite effect estimates.`,
      });
    if (typeof s !== "number" || !(s > 0) || !Number.isFinite(s))
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: ["standardErrors", i],
        received: s,
        message: `${fn}: standardErrors[${i}] is ${describeValue(s)}; it must be a finite number > 0.`,
      });
    const w = 1 / (s * s);
    sw += w;
    swe += w * e;
  }
  checkFiniteStat(sw + Math.abs(swe), fn, ["standardErrors"], "the inverse-variance weights");
  const pooled = swe / sw;
  let q = 0;
  for (let i = 0; i < k; i++) q += ((effects[i] - pooled) / standardErrors[i]) ** 2;
  checkFiniteStat(q, fn, ["effects"], "Cochran's Q");
  const df = k - 1;
  return { q, df, pValue: chiSquareSf(q, df), iSquared: q > 0 ? Math.max(0, (q - df) / q) : 0, pooledEffect: pooled };
}

/** One segment's data for {@link segmentEffects}. */
export interface SegmentInput {
  /** Segment name, e.g. "Champions" (a non-empty string or a finite number; 7 and "7" are the same segment). */
  segment: string | number;
  /** Control data: conversion counts, or raw values / summary of a continuous metric. */
  control: ConversionCounts | ContinuousSample;
  /** Treatment data of the same kind. */
  treatment: ConversionCounts | ContinuousSample;
}

/** Effect in one segment. */
export interface SegmentEffect {
  /** Segment name. */
  segment: string;
  /** treatment − control. */
  effect: number;
  /** Relative lift (effect / control value); `null` when the control value is 0 (see `relativeLiftUndefined`). */
  relativeLift: number | null;
  /** Why `relativeLift` is null, or null when it is defined. */
  relativeLiftUndefined: string | null;
  /** Standard error of the effect. */
  standardError: number;
  /** Unadjusted interval at level 1 − alpha. */
  interval: Interval;
  /** Raw p-value. */
  pValue: number;
  /** p-value after the chosen correction across segments. */
  adjustedPValue: number;
  /** adjustedPValue < alpha. */
  significant: boolean;
  /** Units in the segment (both groups). */
  units: number;
}

/** Options of {@link segmentEffects}. */
export interface SegmentEffectsOptions {
  /** Level (default 0.05). */
  alpha?: number;
  /** Correction across segments (default `"holm"`). */
  correction?: PAdjustMethod;
}

/** Result of {@link segmentEffects}. */
export interface SegmentEffectsResult {
  /** Per-segment effects, in input order. */
  segments: SegmentEffect[];
  /** Cochran's Q across segments. */
  heterogeneity: HeterogeneityResult;
  /** Correction used. */
  correction: PAdjustMethod;
  /** Metric kind detected from the data. */
  metric: "conversion" | "continuous";
}

const segOptsSchema = z.object({
  alpha: z.number().gt(0).lt(1).default(0.05),
  correction: correctionSchema.default("holm"),
});

/**
 * Per-segment treatment effects with multiple-comparison correction and a heterogeneity
 * test: a variant that loses overall may win in a segment, and this says so only when the
 * segment's effect survives the correction. Conversion segments use the two-proportion
 * z-test; continuous ones Welch's t-test. O(segments + n).
 *
 * @param segments - per-segment control and treatment data (≥ 2 segments)
 * @param options - `alpha` (0.05), `correction` (`"holm"`)
 * Segment names are ids (a non-empty string or a finite number, returned as strings); names such
 * as "constructor" or "__proto__" are ordinary names.
 *
 * @throws ClienteleError `TOO_FEW_OBSERVATIONS` (fewer than 2 segments), `INVALID_INPUT`, `MISSING_COLUMN` (e.g. `name` for `segment`),
 *   `MISSING_VALUE`, `INVALID_ID`, `MIXED_METRICS`, `DUPLICATE_SEGMENT`, `INVALID_OPTION`, and the codes of the underlying tests
 * @see Holm (1979); Cochran (1954)
 * @example
 * import { segmentEffects } from "clientele/experiment";
 * const r = segmentEffects([
 *   { segment: "new", control: { conversions: 120, visitors: 3000 }, treatment: { conversions: 170, visitors: 3000 } },
 *   { segment: "returning", control: { conversions: 300, visitors: 3000 }, treatment: { conversions: 290, visitors: 3000 } },
 * ]);
 * r.segments[0].significant; // => true (survives Holm)
 */
export function segmentEffects(segments: ReadonlyArray<SegmentInput>, options: SegmentEffectsOptions = {}): SegmentEffectsResult {
  const fn = "segmentEffects";
  const o = parseOptions(segOptsSchema, options, fn);
  return segmentCore(segments, o.alpha, o.correction, fn, ["segments"]);
}

const isCounts = (g: unknown) => g !== null && typeof g === "object" && "visitors" in (g as object);

/** Internal: `fn` names the public function, `path` where the segments came from. */
export function segmentCore(
  segments: ReadonlyArray<SegmentInput>,
  alpha: number,
  correction: PAdjustMethod,
  fn: string,
  path: (string | number)[],
): SegmentEffectsResult {
  const where = path.join(".");
  if (!Array.isArray(segments) || segments.length < 2) {
    throw new ClienteleError({
      code: Array.isArray(segments) ? "TOO_FEW_OBSERVATIONS" : "INVALID_INPUT",
      path,
      received: segments,
      message: `${fn}: ${where} must be an array of at least two { segment, control, treatment } entries. Got ${describeValue(segments)}.`,
    });
  }
  const first = segments[0] as unknown;
  if (first === null || typeof first !== "object") {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [...path, 0],
      received: first,
      message: `${fn}: ${where}[0] must be { segment, control, treatment }. Got ${describeValue(first)}.`,
    });
  }
  checkRowFields(first as Record<string, unknown>, ["segment", "control", "treatment"], fn, [...path, 0], { segment: ["name", "segmentName", "group"] });
  const binary = isCounts((first as SegmentInput).control);
  const seen = new Set<string>();
  const raw = segments.map((s, i) => {
    const at = [...path, i];
    if (s === null || typeof s !== "object") {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: at,
        received: s,
        message: `${fn}: ${where}[${i}] must be { segment, control, treatment }. Got ${describeValue(s)}.`,
      });
    }
    for (const key of Object.keys(s)) {
      if (key !== "segment" && key !== "control" && key !== "treatment") {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path: [...at, key],
          received: key,
          message: `${fn}: ${where}[${i}] has an unknown field "${key}"; each segment is { segment, control, treatment }.`,
        });
      }
    }
    const name = idKey(s.segment, fn, [...at, "segment"]);
    if (seen.has(name)) {
      throw new ClienteleError({
        code: "DUPLICATE_SEGMENT",
        path: [...at, "segment"],
        received: name,
        message: `${fn}: segment "${name}" appears twice; merge its data into one entry.`,
      });
    }
    seen.add(name);
    if (isCounts(s.control) !== binary || isCounts(s.treatment) !== binary) {
      throw new ClienteleError({
        code: "MIXED_METRICS",
        path: at,
        message: `${fn}: ${where}[${i}] mixes conversion counts and continuous data; use one metric kind for all segments.`,
      });
    }
    if (binary) {
      const c = s.control as ConversionCounts;
      const t = s.treatment as ConversionCounts;
      checkCounts(c, fn, `${where}[${i}].control`);
      checkCounts(t, fn, `${where}[${i}].treatment`);
      const r = proportionTestCore(c, t, alpha, "two-sided", fn);
      const se = Math.sqrt((r.controlRate * (1 - r.controlRate)) / c.visitors + (r.treatmentRate * (1 - r.treatmentRate)) / t.visitors);
      return {
        segment: name,
        effect: r.absoluteLift,
        relativeLift: r.relativeLift,
        relativeLiftUndefined: r.relativeLiftUndefined,
        standardError: se,
        interval: r.absoluteInterval,
        pValue: r.pValue,
        units: c.visitors + t.visitors,
      };
    }
    const c = toSummary(s.control as ContinuousSample, fn, `${where}[${i}].control`);
    const t = toSummary(s.treatment as ContinuousSample, fn, `${where}[${i}].treatment`);
    const r = welchCore(c, t, alpha, "two-sided", fn);
    return {
      segment: name,
      effect: r.difference,
      relativeLift: r.relativeLift,
      relativeLiftUndefined: r.relativeLiftUndefined,
      standardError: r.standardError,
      interval: r.interval,
      pValue: r.pValue,
      units: c.n + t.n,
    };
  });
  const adjusted = adjustCore(
    raw.map((r) => r.pValue),
    correction,
    fn,
  );
  const seg: SegmentEffect[] = raw.map((r, i) => ({ ...r, adjustedPValue: adjusted[i], significant: adjusted[i] < alpha }));
  return {
    segments: seg,
    heterogeneity: heterogeneityForSegments(raw, fn),
    correction,
    metric: binary ? "conversion" : "continuous",
  };
}

/** Cochran's Q over segments; a segment with a standard error of 0 makes it undefined, which is said explicitly. */
function heterogeneityForSegments(raw: ReadonlyArray<{ segment: string; effect: number; standardError: number }>, fn: string): HeterogeneityResult {
  const i = raw.findIndex((r) => !(r.standardError > 0));
  if (i >= 0) {
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["segments", i],
      message: `${fn}: segment "${raw[i].segment}" has a standard error of 0 (every unit in each group has the same value), so its effect cannot be weighed against the others. Merge it into another segment or wait for more data.`,
    });
  }
  return heterogeneityCore(
    raw.map((r) => r.effect),
    raw.map((r) => r.standardError),
    fn,
  );
}
