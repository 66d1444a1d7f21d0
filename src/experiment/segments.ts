import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { chiSquareSf } from "../core/distributions.js";
import { parseOptions } from "../core/validate.js";
import { welchCore } from "./means.js";
import { proportionTestCore } from "./proportions.js";
import { checkCounts, toSummary, type ContinuousSample, type ConversionCounts, type Interval } from "./types.js";

/** Multiple-comparison correction method. */
export type PAdjustMethod = "holm" | "bh" | "bonferroni" | "none";

/**
 * Adjusts p-values for multiple comparisons exactly as R's `p.adjust`: Holm's step-down
 * (controls the family-wise error rate), Benjamini–Hochberg (controls the false discovery
 * rate), Bonferroni, or none. Returns them in the input order. O(m log m).
 *
 * @param pValues - raw p-values in [0, 1]
 * @param method - `"holm"` (default), `"bh"`, `"bonferroni"`, `"none"`
 * @throws ClienteleError `OUT_OF_RANGE`, `NON_FINITE`, `INVALID_OPTION`
 * @see Holm (1979); Benjamini & Hochberg (1995); R's `stats::p.adjust`
 * @example
 * import { adjustPValues } from "clientele/experiment";
 * adjustPValues([0.01, 0.04, 0.03, 0.005], "holm"); // => [0.03, 0.06, 0.06, 0.02]
 */
export function adjustPValues(pValues: ReadonlyArray<number>, method: PAdjustMethod = "holm"): number[] {
  const fn = "adjustPValues";
  if (!["holm", "bh", "bonferroni", "none"].includes(method)) {
    throw new ClienteleError({ code: "INVALID_OPTION", path: ["method"], received: method, message: `${fn}: method must be "holm", "bh", "bonferroni" or "none". Got ${describeValue(method)}.` });
  }
  const m = pValues.length;
  for (let i = 0; i < m; i++) {
    const p = pValues[i];
    if (typeof p !== "number" || !Number.isFinite(p)) throw new ClienteleError({ code: "NON_FINITE", path: ["pValues", i], received: p, message: `${fn}: pValues[${i}] is ${describeValue(p)}; pass numbers in [0, 1].` });
    if (p < 0 || p > 1) throw new ClienteleError({ code: "OUT_OF_RANGE", path: ["pValues", i], received: p, message: `${fn}: pValues[${i}] is ${p}; p-values lie in [0, 1].` });
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
 * @throws ClienteleError `TOO_FEW_GROUPS`, `LENGTH_MISMATCH`, `NON_FINITE`, `OUT_OF_RANGE`
 * @see Cochran (1954); Higgins & Thompson (2002), "Quantifying heterogeneity in a meta-analysis"
 * @example
 * import { heterogeneityTest } from "clientele/experiment";
 * heterogeneityTest([0.02, -0.01, 0.015, 0.04], [0.008, 0.01, 0.012, 0.009]).pValue; // => 0.00299
 */
export function heterogeneityTest(effects: ReadonlyArray<number>, standardErrors: ReadonlyArray<number>): HeterogeneityResult {
  const fn = "heterogeneityTest";
  const k = effects.length;
  if (k < 2) throw new ClienteleError({ code: "TOO_FEW_GROUPS", path: ["effects"], received: k, message: `${fn}: needs at least two segments. Got ${k}.` });
  if (standardErrors.length !== k) {
    throw new ClienteleError({ code: "LENGTH_MISMATCH", path: ["standardErrors"], received: standardErrors.length, message: `${fn}: ${k} effects but ${standardErrors.length} standard errors; pass one per segment.` });
  }
  let sw = 0;
  let swe = 0;
  for (let i = 0; i < k; i++) {
    const e = effects[i];
    const s = standardErrors[i];
    if (!Number.isFinite(e)) throw new ClienteleError({ code: "NON_FINITE", path: ["effects", i], received: e, message: `${fn}: effects[${i}] is ${describeValue(e)}.` });
    if (!(s > 0) || !Number.isFinite(s)) throw new ClienteleError({ code: "OUT_OF_RANGE", path: ["standardErrors", i], received: s, message: `${fn}: standardErrors[${i}] is ${describeValue(s)}; it must be a finite number > 0.` });
    const w = 1 / (s * s);
    sw += w;
    swe += w * e;
  }
  const pooled = swe / sw;
  let q = 0;
  for (let i = 0; i < k; i++) q += ((effects[i] - pooled) / standardErrors[i]) ** 2;
  const df = k - 1;
  return { q, df, pValue: chiSquareSf(q, df), iSquared: q > 0 ? Math.max(0, (q - df) / q) : 0, pooledEffect: pooled };
}

/** One segment's data for {@link segmentEffects}. */
export interface SegmentInput {
  /** Segment name, e.g. "Champions". */
  segment: string;
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
  /** Relative lift (effect / control value). */
  relativeLift: number;
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

const segOptsSchema = z
  .object({
    alpha: z.number().gt(0).lt(1).default(0.05),
    correction: z.enum(["holm", "bh", "bonferroni", "none"]).default("holm"),
  })
  .strict();

/**
 * Per-segment treatment effects with multiple-comparison correction and a heterogeneity
 * test: a variant that loses overall may win in a segment, and this says so only when the
 * segment's effect survives the correction. Conversion segments use the two-proportion
 * z-test; continuous ones Welch's t-test. O(segments + n).
 *
 * @param segments - per-segment control and treatment data (≥ 2 segments)
 * @param options - `alpha` (0.05), `correction` (`"holm"`)
 * @throws ClienteleError `TOO_FEW_GROUPS`, `MIXED_METRICS`, `DUPLICATE_SEGMENT`, and the codes of the underlying tests
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
  if (!Array.isArray(segments) || segments.length < 2) {
    throw new ClienteleError({ code: "TOO_FEW_GROUPS", path: ["segments"], received: segments, message: `${fn}: pass at least two segments to compare. Got ${describeValue(segments)}.` });
  }
  const isCounts = (g: unknown) => g !== null && typeof g === "object" && "visitors" in (g as object);
  const binary = isCounts(segments[0].control);
  const seen = new Set<string>();
  const raw = segments.map((s, i) => {
    if (seen.has(s.segment)) {
      throw new ClienteleError({ code: "DUPLICATE_SEGMENT", path: ["segments", i, "segment"], received: s.segment, message: `${fn}: segment "${s.segment}" appears twice; merge its data into one entry.` });
    }
    seen.add(s.segment);
    if (isCounts(s.control) !== binary || isCounts(s.treatment) !== binary) {
      throw new ClienteleError({ code: "MIXED_METRICS", path: ["segments", i], message: `${fn}: segments[${i}] mixes conversion counts and continuous data; use one metric kind for all segments.` });
    }
    if (binary) {
      const c = s.control as ConversionCounts;
      const t = s.treatment as ConversionCounts;
      checkCounts(c, fn, `segments[${i}].control`);
      checkCounts(t, fn, `segments[${i}].treatment`);
      const r = proportionTestCore(c, t, o.alpha, "two-sided", fn);
      const se = Math.sqrt((r.controlRate * (1 - r.controlRate)) / c.visitors + (r.treatmentRate * (1 - r.treatmentRate)) / t.visitors);
      return { segment: s.segment, effect: r.absoluteLift, relativeLift: r.relativeLift, standardError: se, interval: r.absoluteInterval, pValue: r.pValue, units: c.visitors + t.visitors };
    }
    const c = toSummary(s.control as ContinuousSample, fn, `segments[${i}].control`);
    const t = toSummary(s.treatment as ContinuousSample, fn, `segments[${i}].treatment`);
    const r = welchCore(c, t, o.alpha, "two-sided", fn);
    return { segment: s.segment, effect: r.difference, relativeLift: r.relativeLift, standardError: r.standardError, interval: r.interval, pValue: r.pValue, units: c.n + t.n };
  });
  const adjusted = adjustPValues(raw.map((r) => r.pValue), o.correction);
  const seg: SegmentEffect[] = raw.map((r, i) => ({ ...r, adjustedPValue: adjusted[i], significant: adjusted[i] < o.alpha }));
  return {
    segments: seg,
    heterogeneity: heterogeneityTest(raw.map((r) => r.effect), raw.map((r) => r.standardError)),
    correction: o.correction,
    metric: binary ? "conversion" : "continuous",
  };
}
