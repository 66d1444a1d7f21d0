// Experiment charts: treatment effects per segment as a forest plot, and the sequential test's
// estimates with always-valid intervals and its likelihood-ratio boundary.
import * as z from "../core/schema.js";
import { parseOptions } from "../core/validate.js";
import type { SegmentEffectsResult, SequentialTestResult } from "../experiment/index.js";
import { makeSpec, plotOptionShape, r6, fmt, OKABE_ITO, refColor, type PlotOptions, type VegaLiteSpec, type SpecValues } from "./theme.js";
import { readList, readObject, readNumber, readNullableNumber, readLabel } from "./input.js";

/** Options of {@link plotSegmentForest}. */
export interface PlotSegmentForestOptions extends PlotOptions {
  /** Unit of the effect named in the axis title (default: percentage points for conversion, "metric units" otherwise). */
  unit?: string;
}

/**
 * Forest plot of the treatment effect per segment: a point at the estimate and a line for its
 * interval, significant segments (after the multiple-testing correction) in a second colour,
 * with the zero line. Takes `segmentEffects`' result. O(segments).
 *
 * @param result - `segmentEffects(segments)` from `clientele/experiment`
 * @param options - `unit`, `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `INVALID_OPTION`
 * @example
 * import { plotSegmentForest } from "clientele/plot";
 * const seg = (segment: string, effect: number, lo: number, hi: number, significant: boolean) => ({ segment, effect, relativeLift: null, relativeLiftUndefined: null, standardError: 0.01, interval: [lo, hi] as [number, number], pValue: 0.01, adjustedPValue: 0.02, significant, units: 1000 });
 * const spec = plotSegmentForest({ segments: [seg("mobile", 0.02, 0.01, 0.03, true), seg("desktop", 0, -0.01, 0.01, false)], heterogeneity: { q: 1, df: 1, pValue: 0.3, iSquared: 0, pooledEffect: 0.01 }, correction: "holm", metric: "conversion" });
 * spec.layer[0].data.values[0]; // => { segment: "mobile", effect: 0.02, lower: 0.01, upper: 0.03, significant: "significant", units: 1000, adjustedPValue: 0.02 }
 */
export function plotSegmentForest(
  result: SegmentEffectsResult,
  options: PlotSegmentForestOptions = {},
): VegaLiteSpec & { layer: { data: { values: SpecValues } }[] } {
  const fn = "plotSegmentForest";
  const opts = parseOptions(z.object({ ...plotOptionShape, unit: z.string().max(40).optional() }), options, fn);
  const r = readObject(result, fn, ["result"], "the result of segmentEffects");
  const list = readList(r.segments, fn, ["result", "segments"], "segment effects", { max: 500 });
  const values: SpecValues = [];
  for (let i = 0; i < list.length; i++) {
    const s = readObject(list[i], fn, ["result", "segments", i], "a segment effect");
    const iv = readList(s.interval, fn, ["result", "segments", i, "interval"], "interval ends");
    const effect = readNumber(s.effect, fn, ["result", "segments", i, "effect"]);
    const lo = readNullableNumber(iv[0], fn, ["result", "segments", i, "interval", 0]);
    const hi = readNullableNumber(iv[1], fn, ["result", "segments", i, "interval", 1]);
    values.push({
      segment: readLabel(s.segment, fn, ["result", "segments", i, "segment"]),
      effect: r6(effect),
      lower: lo === null ? null : r6(lo),
      upper: hi === null ? null : r6(hi),
      significant: s.significant === true ? "significant" : "not significant",
      units: readNumber(s.units, fn, ["result", "segments", i, "units"], { min: 0 }),
      adjustedPValue: r6(readNumber(s.adjustedPValue, fn, ["result", "segments", i, "adjustedPValue"], { min: 0, max: 1 })),
    });
  }
  const conv = r.metric === "conversion";
  const unit = opts.unit ?? (conv ? "difference in conversion rate" : "difference in means, metric units");
  const h = readObject(r.heterogeneity ?? {}, fn, ["result", "heterogeneity"], "a heterogeneity test");
  const hp = typeof h.pValue === "number" ? `heterogeneity p = ${h.pValue.toFixed(3)}; ` : "";
  const y = { field: "segment", type: "nominal", sort: values.map((v) => v.segment), title: "Segment" };
  const color = {
    field: "significant",
    type: "nominal",
    title: null,
    scale: { domain: ["significant", "not significant"], range: [OKABE_ITO[5], OKABE_ITO[4]] },
  };
  return makeSpec(
    opts,
    { title: "Treatment effect by segment", width: 440, height: Math.max(120, 28 * values.length) },
    [`${hp}intervals and significance after ${String(r.correction ?? "the")} correction; ${fmt(values.reduce((s, v) => s + (v.units as number), 0))} units`],
    {
      layer: [
        {
          data: { values },
          layer: [
            {
              mark: { type: "rule", strokeWidth: 2 },
              encoding: {
                y,
                x: { field: "lower", type: "quantitative", title: `Treatment − control (${unit})`, ...(conv && !opts.unit ? { axis: { format: ".1%" } } : {}) },
                x2: { field: "upper" },
                color,
              },
            },
            { mark: { type: "point", filled: true, size: 70, tooltip: true }, encoding: { y, x: { field: "effect", type: "quantitative" }, color } },
          ],
        },
        {
          data: { values: [{ zero: 0 }] },
          mark: { type: "rule", strokeDash: [4, 4], color: refColor(opts.theme) },
          encoding: { x: { field: "zero", type: "quantitative" } },
        },
      ],
    },
  ) as VegaLiteSpec & { layer: { data: { values: SpecValues } }[] };
}

/** Options of {@link plotSequentialTest}. */
export type PlotSequentialTestOptions = PlotOptions;

/**
 * The sequential (mSPRT) test look by look: top, the estimate with its always-valid interval
 * and the zero line; bottom, the log likelihood ratio against the boundary log(1/α), crossed at
 * the look where the test stops. Takes `sequentialTest`'s result. O(looks).
 *
 * @param result - `sequentialTest(looks)` from `clientele/experiment`
 * @param options - `title`, `width`, `height` (per panel), `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `INVALID_OPTION`
 * @example
 * import { plotSequentialTest } from "clientele/plot";
 * const look = (n: number, est: number, llr: number) => ({ look: n, estimate: est, pValue: 0.5, interval: [est - 0.02, est + 0.02] as [number, number], likelihoodRatio: Math.exp(llr), logLikelihoodRatio: llr, significant: llr > Math.log(20) });
 * const spec = plotSequentialTest({ looks: [look(1, 0.01, 0.5), look(2, 0.02, 3.2)], stoppedAt: 2, tau: 0.01, alpha: 0.05, decision: "significant" });
 * spec.vconcat[1].layer[1].data.values; // => [{ boundary: 2.99573 }]
 */
export function plotSequentialTest(
  result: SequentialTestResult,
  options: PlotSequentialTestOptions = {},
): VegaLiteSpec & { vconcat: { layer: { data: { values: SpecValues } }[] }[] } {
  const fn = "plotSequentialTest";
  const opts = parseOptions(z.object(plotOptionShape), options, fn);
  const r = readObject(result, fn, ["result"], "the result of sequentialTest");
  const alpha = readNumber(r.alpha, fn, ["result", "alpha"], { min: 1e-12, max: 1 });
  const list = readList(r.looks, fn, ["result", "looks"], "looks", { max: 2000 });
  const values: SpecValues = [];
  for (let i = 0; i < list.length; i++) {
    const l = readObject(list[i], fn, ["result", "looks", i], "a look result");
    const iv = readList(l.interval, fn, ["result", "looks", i, "interval"], "interval ends");
    const lo = readNullableNumber(iv[0], fn, ["result", "looks", i, "interval", 0]);
    const hi = readNullableNumber(iv[1], fn, ["result", "looks", i, "interval", 1]);
    values.push({
      look: readNumber(l.look, fn, ["result", "looks", i, "look"]),
      estimate: r6(readNumber(l.estimate, fn, ["result", "looks", i, "estimate"])),
      lower: lo === null ? null : r6(lo),
      upper: hi === null ? null : r6(hi),
      llr: r6(readNumber(l.logLikelihoodRatio, fn, ["result", "looks", i, "logLikelihoodRatio"])),
    });
  }
  const stopped = typeof r.stoppedAt === "number" ? r.stoppedAt : null;
  const x = { field: "look", type: "quantitative", title: "Look (interim analysis)", axis: { tickMinStep: 1 } };
  const w = opts.width ?? 480;
  const h = opts.height ?? 180;
  const base = makeSpec(
    opts,
    { title: "Sequential test: estimate and evidence by look" },
    [stopped === null ? `no stop yet (α = ${alpha})` : `stopped at look ${stopped}: significant at α = ${alpha}`],
    {},
    false,
  );
  base.vconcat = [
    {
      width: w,
      height: h,
      layer: [
        {
          data: { values },
          mark: { type: "area", opacity: 0.25, color: OKABE_ITO[1] },
          encoding: { x, y: { field: "lower", type: "quantitative", title: "Effect estimate (treatment − control)" }, y2: { field: "upper" } },
        },
        {
          data: { values },
          mark: { type: "line", point: true, tooltip: true, color: OKABE_ITO[4] },
          encoding: { x, y: { field: "estimate", type: "quantitative" } },
        },
        {
          data: { values: [{ zero: 0 }] },
          mark: { type: "rule", strokeDash: [4, 4], color: refColor(opts.theme) },
          encoding: { y: { field: "zero", type: "quantitative" } },
        },
      ],
    },
    {
      width: w,
      height: h,
      layer: [
        {
          data: { values },
          mark: { type: "line", point: true, tooltip: true, color: OKABE_ITO[2] },
          encoding: { x, y: { field: "llr", type: "quantitative", title: "Log likelihood ratio (evidence)" } },
        },
        {
          data: { values: [{ boundary: r6(Math.log(1 / alpha)) }] },
          mark: { type: "rule", strokeDash: [6, 3], color: OKABE_ITO[5] },
          encoding: { y: { field: "boundary", type: "quantitative" } },
        },
      ],
    },
  ];
  return base as VegaLiteSpec & { vconcat: { layer: { data: { values: SpecValues } }[] }[] };
}
