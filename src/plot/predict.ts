// Evaluation charts: recommenders against popularity, and a binary classifier's ROC, precision-
// recall, calibration (reliability) and cumulative gains / lift.
import * as z from "../core/schema.js";
import { parseOptions } from "../core/validate.js";
import type { EvaluationRow } from "../recommend/index.js";
import { describeValue } from "../core/errors.js";
import {
  makeSpec,
  plotOptionShape,
  r6,
  fmt,
  OKABE_ITO,
  refColor,
  MAX_MARKS,
  type PlotOptions,
  type VegaLiteSpec,
  type SpecValues,
  type LayeredSpec,
} from "./theme.js";
import type { CalibrationRow, LiftRow } from "../predict/index.js";
import { readList, readObject, readNumber, readNumbers, readLabel, invalid, evenIndices } from "./input.js";

type Layered = LayeredSpec;

/** Options of {@link plotRecommenderEvaluation}. */
export interface PlotRecommenderEvaluationOptions extends PlotOptions {
  /** Metrics drawn (default precision, recall, ndcg, map, hitRate, coverage). */
  metrics?: readonly ("precision" | "recall" | "ndcg" | "map" | "hitRate" | "mrr" | "coverage")[];
}

const METRICS = ["precision", "recall", "ndcg", "map", "hitRate", "coverage"] as const;

/**
 * Grouped bars of ranking metrics at k per recommender, the popularity baseline in grey so a
 * model that does not beat it shows at once. Takes `compareToPopularity`'s rows. O(models x metrics).
 *
 * @param rows - `compareToPopularity(split, models)` from `clientele/recommend`
 * @param options - `metrics`, `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `OUT_OF_RANGE`, `INVALID_OPTION`
 * @example
 * import { plotRecommenderEvaluation } from "clientele/plot";
 * const row = (model: string, p: number) => ({ model, k: 10, users: 50, precision: p, recall: 0.2, ndcg: 0.3, map: 0.1, hitRate: 0.5, mrr: 0.2, coverage: 0.4 });
 * const spec = plotRecommenderEvaluation([row("popularity", 0.05), row("als", 0.12)], { metrics: ["precision"] });
 * spec.data.values; // => [{ model: "popularity", metric: "precision", value: 0.05 }, { model: "als", metric: "precision", value: 0.12 }]
 */
export function plotRecommenderEvaluation(
  rows: readonly EvaluationRow[],
  options: PlotRecommenderEvaluationOptions = {},
): VegaLiteSpec & { data: { values: SpecValues } } {
  const fn = "plotRecommenderEvaluation";
  const opts = parseOptions(
    z.object({
      ...plotOptionShape,
      metrics: z
        .array(z.enum(["precision", "recall", "ndcg", "map", "hitRate", "mrr", "coverage"]))
        .min(1)
        .optional(),
    }),
    options,
    fn,
  );
  const list = readList(rows, fn, ["rows"], "evaluation rows", { max: 50 });
  const metrics = opts.metrics ?? [...METRICS];
  const values: SpecValues = [];
  let k = 0;
  const models: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const r = readObject(list[i], fn, ["rows", i], "an evaluation row");
    const model = readLabel(r.model, fn, ["rows", i, "model"]);
    models.push(model);
    k = readNumber(r.k, fn, ["rows", i, "k"], { min: 1 });
    for (const m of metrics) values.push({ model, metric: m, value: r6(readNumber(r[m], fn, ["rows", i, m], { min: 0, max: m === "mrr" ? 1 : 1 })) });
  }
  const range = models.map((m, i) => (m === "popularity" ? "#999999" : OKABE_ITO[i % 7]));
  return makeSpec(opts, { title: `Recommenders against popularity (metrics at k = ${k})`, width: 480, height: 260 }, ["grey: the popularity baseline"], {
    data: { values },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "metric", type: "nominal", sort: metrics, title: `Metric at k = ${k}`, axis: { labelAngle: 0 } },
      xOffset: { field: "model", type: "nominal", sort: models },
      y: { field: "value", type: "quantitative", title: "Value (0 to 1, higher is better)" },
      color: { field: "model", type: "nominal", title: "Model", sort: models, scale: { domain: models, range } },
      tooltip: [{ field: "model" }, { field: "metric" }, { field: "value", format: ".4f" }],
    },
  }) as VegaLiteSpec & { data: { values: SpecValues } };
}

function readBinary(fn: string, y: unknown, scores: unknown, probs: boolean): { y: Uint8Array; s: Float64Array; pos: number; neg: number } {
  const yl = readList(y, fn, ["y"], "0/1 labels");
  const s = readNumbers(scores, fn, ["scores"], { length: yl.length, ...(probs ? { min: 0, maxValue: 1 } : {}) });
  const out = new Uint8Array(yl.length);
  let pos = 0;
  for (let i = 0; i < yl.length; i++) {
    const v = yl[i];
    if (v === 1 || v === true) out[i] = 1;
    else if (v !== 0 && v !== false) invalid(fn, ["y", i], `y[${i}] must be 0 or 1 (or a boolean). Got ${describeValue(v)}.`, v);
    pos += out[i];
  }
  if (pos === 0 || pos === out.length) invalid(fn, ["y"], "y needs both classes (some 1s and some 0s) to draw the curve.");
  return { y: out, s, pos, neg: out.length - pos };
}

/** Points of the ROC curve (fpr, tpr) and PR curve at every distinct threshold, highest score first. */
function curve(d: { y: Uint8Array; s: Float64Array }): { tp: number[]; fp: number[]; thr: number[] } {
  const order = Array.from(d.s, (_, i) => i).sort((a, b) => d.s[b] - d.s[a] || a - b);
  const tp = [0];
  const fp = [0];
  const thr = [Infinity];
  let t = 0;
  let f = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (d.y[i]) t++;
    else f++;
    if (k + 1 === order.length || d.s[order[k + 1]] !== d.s[i]) {
      tp.push(t);
      fp.push(f);
      thr.push(d.s[i]);
    }
  }
  return { tp, fp, thr };
}

/** Options of the ROC and precision-recall charts. */
export interface PlotCurveOptions extends PlotOptions {
  /** Most curve points drawn (default 1000, at most 5000); longer curves are thinned evenly. */
  maxPoints?: number;
}
const curveShape = { ...plotOptionShape, maxPoints: z.int().min(10).max(MAX_MARKS).optional() };

/**
 * ROC curve of a binary classifier with its AUC (trapezoidal, ties handled as in
 * scikit-learn's `roc_curve`) and the chance diagonal. Curves with more distinct scores than
 * `maxPoints` are thinned evenly and the chart says so. O(n log n).
 *
 * @param y - 0/1 (or boolean) labels
 * @param scores - the model's scores (any monotone score; higher = more likely 1)
 * @param options - `maxPoints` (1000), `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { plotRoc } from "clientele/plot";
 * const spec = plotRoc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * spec.title.subtitle; // => "AUC 0.750 (4 cases, 2 positive)"
 * spec.layer[0].data.values.map((p) => [p.fpr, p.tpr]); // => [[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]]
 */
export function plotRoc(
  y: ArrayLike<number | boolean>,
  scores: ArrayLike<number>,
  options: PlotCurveOptions = {},
): Layered & { title: { subtitle: string | string[] } } {
  const fn = "plotRoc";
  const opts = parseOptions(z.object(curveShape), options, fn);
  const d = readBinary(fn, y, scores, false);
  const c = curve(d);
  let auc = 0;
  for (let i = 1; i < c.tp.length; i++) auc += ((c.fp[i] - c.fp[i - 1]) / d.neg) * ((c.tp[i] + c.tp[i - 1]) / 2 / d.pos);
  const idx = evenIndices(c.tp.length, opts.maxPoints ?? 1000);
  const values = idx.map((i) => ({ fpr: r6(c.fp[i] / d.neg), tpr: r6(c.tp[i] / d.pos), threshold: r6(c.thr[i]) }));
  const notes = [`AUC ${auc.toFixed(3)} (${fmt(d.y.length)} cases, ${fmt(d.pos)} positive)`];
  if (idx.length < c.tp.length) notes.push(`curve drawn through ${fmt(idx.length)} of ${fmt(c.tp.length)} thresholds`);
  return makeSpec(opts, { title: "ROC curve", width: 340, height: 340 }, notes, {
    layer: [
      {
        data: { values },
        mark: { type: "line", tooltip: true },
        encoding: {
          x: { field: "fpr", type: "quantitative", title: "False positive rate (share of negatives flagged)", scale: { domain: [0, 1] } },
          y: { field: "tpr", type: "quantitative", title: "True positive rate (share of positives found)", scale: { domain: [0, 1] } },
          tooltip: [
            { field: "threshold", format: ".4f" },
            { field: "fpr", format: ".3f" },
            { field: "tpr", format: ".3f" },
          ],
        },
      },
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: "line", strokeDash: [4, 4], color: refColor(opts.theme), strokeWidth: 1 },
        encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
      },
    ],
  }) as Layered & { title: { subtitle: string | string[] } };
}

/**
 * Precision–recall curve with the average precision (scikit-learn's step-wise definition) and the
 * prevalence as the no-skill line. Thinned evenly above `maxPoints`. O(n log n).
 *
 * @param y - 0/1 (or boolean) labels
 * @param scores - the model's scores
 * @param options - `maxPoints` (1000), `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { plotPrecisionRecall } from "clientele/plot";
 * const spec = plotPrecisionRecall([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * spec.title.subtitle; // => "average precision 0.833; prevalence 0.500 (dashed)"
 */
export function plotPrecisionRecall(
  y: ArrayLike<number | boolean>,
  scores: ArrayLike<number>,
  options: PlotCurveOptions = {},
): Layered & { title: { subtitle: string | string[] } } {
  const fn = "plotPrecisionRecall";
  const opts = parseOptions(z.object(curveShape), options, fn);
  const d = readBinary(fn, y, scores, false);
  const c = curve(d);
  let ap = 0;
  const pts: { recall: number; precision: number; threshold: number }[] = [];
  for (let i = 1; i < c.tp.length; i++) {
    const precision = c.tp[i] / (c.tp[i] + c.fp[i]);
    ap += ((c.tp[i] - c.tp[i - 1]) / d.pos) * precision;
    pts.push({ recall: c.tp[i] / d.pos, precision, threshold: c.thr[i] });
  }
  const idx = evenIndices(pts.length, opts.maxPoints ?? 1000);
  const values = idx.map((i) => ({ recall: r6(pts[i].recall), precision: r6(pts[i].precision), threshold: r6(pts[i].threshold) }));
  const prevalence = d.pos / d.y.length;
  const notes = [`average precision ${ap.toFixed(3)}; prevalence ${prevalence.toFixed(3)} (dashed)`];
  if (idx.length < pts.length) notes.push(`curve drawn through ${fmt(idx.length)} of ${fmt(pts.length)} thresholds`);
  return makeSpec(opts, { title: "Precision–recall curve", width: 340, height: 340 }, notes, {
    layer: [
      {
        data: { values },
        mark: { type: "line", interpolate: "step-before", tooltip: true },
        encoding: {
          x: { field: "recall", type: "quantitative", title: "Recall (share of positives found)", scale: { domain: [0, 1] } },
          y: { field: "precision", type: "quantitative", title: "Precision (share of flagged that are positive)", scale: { domain: [0, 1] } },
          tooltip: [
            { field: "threshold", format: ".4f" },
            { field: "recall", format: ".3f" },
            { field: "precision", format: ".3f" },
          ],
        },
      },
      {
        data: { values: [{ prevalence: r6(prevalence) }] },
        mark: { type: "rule", strokeDash: [4, 4], color: refColor(opts.theme) },
        encoding: { y: { field: "prevalence", type: "quantitative" } },
      },
    ],
  }) as Layered & { title: { subtitle: string | string[] } };
}

/**
 * A calibration-table row: what `calibrationTable` in `clientele/predict` returns (only the
 * fields the chart reads, so rows computed elsewhere fit too).
 */
export type CalibrationRowInput = Pick<CalibrationRow, "lower" | "upper" | "n" | "meanPredicted" | "observedRate">;

/**
 * A lift-table row: what `liftTable` in `clientele/predict` returns (only the fields the chart
 * reads, so rows computed elsewhere fit too).
 */
export type LiftRowInput = Pick<LiftRow, "group" | "n" | "positives" | "rate" | "lift" | "cumulativeGain" | "cumulativeShare" | "cumulativeLift">;

/**
 * Reliability diagram: observed rate against mean predicted probability per bin, point size by
 * the bin's cases, with the diagonal of perfect calibration. Takes `calibrationTable`'s rows
 * (`clientele/predict`). O(bins).
 *
 * @param rows - `calibrationTable(y, probabilities, { bins })` rows
 * @param options - `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `OUT_OF_RANGE`, `INVALID_OPTION`
 * @example
 * import { plotCalibration } from "clientele/plot";
 * const spec = plotCalibration([{ lower: 0, upper: 0.5, n: 10, meanPredicted: 0.2, observedRate: 0.3 }, { lower: 0.5, upper: 1, n: 5, meanPredicted: 0.8, observedRate: 0.6 }]);
 * spec.layer[0].data.values[1]; // => { meanPredicted: 0.8, observedRate: 0.6, n: 5, lower: 0.5, upper: 1 }
 */
export function plotCalibration(rows: readonly CalibrationRowInput[], options: PlotOptions = {}): Layered {
  const fn = "plotCalibration";
  const opts = parseOptions(z.object(plotOptionShape), options, fn);
  const list = readList(rows, fn, ["rows"], "calibration rows", { max: 1000 });
  const values: SpecValues = [];
  let total = 0;
  for (let i = 0; i < list.length; i++) {
    const r = readObject(list[i], fn, ["rows", i], "a calibrationTable row");
    const n = readNumber(r.n, fn, ["rows", i, "n"], { min: 0 });
    total += n;
    if (n === 0) continue;
    values.push({
      meanPredicted: r6(readNumber(r.meanPredicted, fn, ["rows", i, "meanPredicted"], { min: 0, max: 1 })),
      observedRate: r6(readNumber(r.observedRate, fn, ["rows", i, "observedRate"], { min: 0, max: 1 })),
      n,
      lower: r6(readNumber(r.lower, fn, ["rows", i, "lower"])),
      upper: r6(readNumber(r.upper, fn, ["rows", i, "upper"])),
    });
  }
  const p01 = { type: "quantitative", scale: { domain: [0, 1] } };
  return makeSpec(
    opts,
    { title: "Calibration: observed rate vs predicted probability", width: 340, height: 340 },
    [`${fmt(total)} cases in ${values.length} non-empty bins; dashed: perfect calibration`],
    {
      layer: [
        {
          data: { values },
          mark: { type: "line", point: true, tooltip: true },
          encoding: {
            x: { field: "meanPredicted", ...p01, title: "Mean predicted probability in the bin" },
            y: { field: "observedRate", ...p01, title: "Observed rate of positives in the bin" },
            tooltip: [
              { field: "lower", title: "Bin from" },
              { field: "upper", title: "Bin to" },
              { field: "n", title: "Cases", format: "," },
              { field: "meanPredicted", format: ".3f" },
              { field: "observedRate", format: ".3f" },
            ],
          },
        },
        {
          data: {
            values: [
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ],
          },
          mark: { type: "line", strokeDash: [4, 4], color: refColor(opts.theme), strokeWidth: 1 },
          encoding: { x: { field: "x", ...p01 }, y: { field: "y", ...p01 } },
        },
      ],
    },
  ) as Layered;
}

/**
 * Cumulative gains (share of positives captured against share of cases targeted, best score
 * first, with the random line) beside the lift per group. Takes `liftTable`'s rows
 * (`clientele/predict`). O(groups).
 *
 * @param rows - `liftTable(y, scores, { groups })` rows, best group first
 * @param options - `title`, `width`, `height` (per panel), `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `INVALID_OPTION`
 * @example
 * import { plotLiftGains } from "clientele/plot";
 * const spec = plotLiftGains([
 *   { group: 1, n: 5, positives: 4, rate: 0.8, lift: 1.6, cumulativeGain: 0.8, cumulativeShare: 0.5, cumulativeLift: 1.6 },
 *   { group: 2, n: 5, positives: 1, rate: 0.2, lift: 0.4, cumulativeGain: 1, cumulativeShare: 1, cumulativeLift: 1 },
 * ]);
 * spec.hconcat[0].layer[0].data.values.map((v) => v.gain); // => [0, 0.8, 1]
 */
export function plotLiftGains(
  rows: readonly LiftRowInput[],
  options: PlotOptions = {},
): VegaLiteSpec & { hconcat: { layer: { data: { values: SpecValues } }[] }[] } {
  const fn = "plotLiftGains";
  const opts = parseOptions(z.object(plotOptionShape), options, fn);
  const list = readList(rows, fn, ["rows"], "lift rows", { max: 1000 });
  const gains: SpecValues = [{ share: 0, gain: 0 }];
  const lift: SpecValues = [];
  for (let i = 0; i < list.length; i++) {
    const r = readObject(list[i], fn, ["rows", i], "a liftTable row");
    const group = readNumber(r.group, fn, ["rows", i, "group"]);
    gains.push({
      share: r6(readNumber(r.cumulativeShare, fn, ["rows", i, "cumulativeShare"], { min: 0, max: 1 })),
      gain: r6(readNumber(r.cumulativeGain, fn, ["rows", i, "cumulativeGain"], { min: 0, max: 1 })),
    });
    lift.push({ group, lift: r6(readNumber(r.lift, fn, ["rows", i, "lift"], { min: 0 })), n: readNumber(r.n, fn, ["rows", i, "n"], { min: 0 }) });
  }
  const base = makeSpec(opts, { title: "Cumulative gains and lift" }, [`${list.length} groups by descending score; dashed: random targeting`], {}, false);
  const w = opts.width ?? 300;
  const h = opts.height ?? 260;
  const p01 = { type: "quantitative", scale: { domain: [0, 1] }, axis: { format: "%" } };
  base.hconcat = [
    {
      width: w,
      height: h,
      layer: [
        {
          data: { values: gains },
          mark: { type: "line", point: true, tooltip: true },
          encoding: {
            x: { field: "share", ...p01, title: "Share of cases targeted (best scores first)" },
            y: { field: "gain", ...p01, title: "Share of positives captured" },
          },
        },
        {
          data: {
            values: [
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ],
          },
          mark: { type: "line", strokeDash: [4, 4], color: refColor(opts.theme), strokeWidth: 1 },
          encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
        },
      ],
    },
    {
      width: w,
      height: h,
      layer: [
        {
          data: { values: lift },
          mark: { type: "bar", color: OKABE_ITO[2], tooltip: true },
          encoding: {
            x: { field: "group", type: "ordinal", title: "Group (1 = highest scores)", axis: { labelAngle: 0 } },
            y: { field: "lift", type: "quantitative", title: "Lift (group rate / overall rate)" },
          },
        },
        {
          data: { values: [{ one: 1 }] },
          mark: { type: "rule", strokeDash: [4, 4], color: refColor(opts.theme) },
          encoding: { y: { field: "one", type: "quantitative" } },
        },
      ],
    },
  ];
  return base as VegaLiteSpec & { hconcat: { layer: { data: { values: SpecValues } }[] }[] };
}
