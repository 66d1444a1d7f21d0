// CLV charts after lifetimes' plotting module: period transactions, calibration vs holdout,
// the frequency/recency and P(alive) matrices, P(alive) history, cumulative and incremental
// transactions.
import * as z from "../core/schema.js";
import { parseOptions } from "../core/validate.js";
import {
  probabilityAlive,
  probabilityOfPurchases,
  type CalibrationHoldout,
  type CumulativeTracking,
  type CustomerColumnsRFT,
  type PredictionMatrix,
  type PurchaseModel,
  type TransactionModel,
} from "../clv/index.js";
import { makeSpec, plotOptionShape, r6, fmt, OKABE_ITO, MAX_MARKS, type PlotOptions, type VegaLiteSpec, type SpecValues } from "./theme.js";
import { readList, readObject, readNumber, readNumbers, readNullableNumber, readLabels, invalid, evenIndices, asChart } from "./input.js";

/** A spec with inline data at the top level. */
export type DataSpec = VegaLiteSpec & { data: { values: SpecValues } };

const unitOf = (model: unknown): string => {
  const u = model !== null && typeof model === "object" ? (model as { timeUnit?: unknown }).timeUnit : undefined;
  return typeof u === "string" ? `${u}s` : "time units";
};
const unitShape = { timeUnit: z.string().max(40).optional() };
const SERIES = { domain: ["Actual", "Model"], range: [OKABE_ITO[4], OKABE_ITO[5]] };

/** Options of {@link plotPeriodTransactions}. */
export interface PlotPeriodTransactionsOptions extends PlotOptions {
  /** Last bar holds customers with at least this many repeat purchases (default 7, at most 100). */
  maxFrequency?: number;
}

const T_GROUPS = 200;

/**
 * Customers by number of repeat purchases in their observation window, observed beside the
 * model's expectation Σᵢ P(X(Tᵢ) = x) (lifetimes' `plot_period_transactions`, computed exactly
 * instead of by simulation). Customers are grouped by T (at most 200 groups; the chart says
 * when T was binned). O(n + groups x maxFrequency).
 *
 * @param model - a fitted BG/NBD, MBG/NBD or Pareto/NBD model from `clientele/clv`
 * @param customers - the columns it was fitted on: `frequency`, `recency`, `T`
 * @param options - `maxFrequency` (7), `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `OUT_OF_RANGE`, the model checks, `INVALID_OPTION`
 * @example
 * import { plotPeriodTransactions } from "clientele/plot";
 * const m = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * const spec = plotPeriodTransactions(m, { frequency: [0, 1, 2, 0], recency: [0, 5, 20, 0], T: [39, 39, 39, 39] }, { maxFrequency: 3 });
 * spec.data.values.filter((v) => v.series === "Actual").map((v) => v.customers); // => [2, 1, 1, 0]
 */
export function plotPeriodTransactions(model: TransactionModel, customers: CustomerColumnsRFT, options: PlotPeriodTransactionsOptions = {}): DataSpec {
  const fn = "plotPeriodTransactions";
  const opts = parseOptions(z.object({ ...plotOptionShape, maxFrequency: z.int().min(1).max(100).optional() }), options, fn);
  const c = readObject(customers, fn, ["customers"], "customer columns { frequency, recency, T }");
  const f = readNumbers(c.frequency, fn, ["customers", "frequency"], { min: 0 });
  const T = readNumbers(c.T, fn, ["customers", "T"], { min: 0, length: f.length });
  const maxF = opts.maxFrequency ?? 7;
  const actual = new Float64Array(maxF + 1);
  for (let i = 0; i < f.length; i++) actual[Math.min(maxF, Math.floor(f[i]))]++;
  // group customers by T: exact distinct values, or equal-width bins (bin mean) when there are many
  const byT = new Map<number, { n: number; sum: number }>();
  const lo = Math.min(...T);
  const hi = Math.max(...T);
  const distinct = new Set(T).size;
  const binned = distinct > T_GROUPS;
  for (let i = 0; i < T.length; i++) {
    const key = binned ? Math.min(T_GROUPS - 1, Math.floor(((T[i] - lo) / (hi - lo)) * T_GROUPS)) : T[i];
    const g = byT.get(key) ?? { n: 0, sum: 0 };
    g.n++;
    g.sum += T[i];
    byT.set(key, g);
  }
  const expected = new Float64Array(maxF + 1);
  for (const g of byT.values()) {
    const t = g.sum / g.n;
    let rest = 1;
    for (let x = 0; x < maxF; x++) {
      const p = asChart(fn, () => probabilityOfPurchases(model as PurchaseModel, t, x));
      expected[x] += g.n * p;
      rest -= p;
    }
    expected[maxF] += g.n * Math.max(0, rest);
  }
  const label = (x: number): string => (x === maxF ? `${maxF}+` : String(x));
  const values: SpecValues = [];
  for (let x = 0; x <= maxF; x++) {
    values.push({ repeat: label(x), series: "Actual", customers: actual[x] });
    values.push({ repeat: label(x), series: "Model", customers: r6(expected[x]) });
  }
  const notes = [`${fmt(f.length)} customers; model: expected count, Σ P(X(T) = x)`];
  if (binned) notes.push(`T grouped into ${T_GROUPS} equal-width bins for the expectation`);
  return makeSpec(opts, { title: "Repeat purchases per customer: actual vs model" }, notes, {
    data: { values },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: {
        field: "repeat",
        type: "ordinal",
        sort: values.filter((v) => v.series === "Actual").map((v) => v.repeat),
        title: "Repeat purchases in the calibration period",
        axis: { labelAngle: 0 },
      },
      xOffset: { field: "series", type: "nominal" },
      y: { field: "customers", type: "quantitative", title: "Customers" },
      color: { field: "series", type: "nominal", title: null, scale: SERIES },
      tooltip: [{ field: "repeat", title: "Repeat purchases" }, { field: "series" }, { field: "customers", format: ",.1f" }],
    },
  }) as DataSpec;
}

/** Options of {@link plotCalibrationHoldout}. */
export interface PlotCalibrationHoldoutOptions extends PlotOptions {
  /** Time unit named in the axis title (e.g. "week"). */
  timeUnit?: string;
}

/**
 * Calibration vs holdout: mean holdout purchases, actual and predicted, for customers grouped by
 * their calibration-period repeat purchases (Fader, Hardie & Lee 2005, Figure 4; lifetimes'
 * `plot_calibration_purchases_vs_holdout_purchases`). Takes `calibrationHoldout`'s result. O(groups).
 *
 * @param result - `calibrationHoldout(model, data)` from `clientele/clv`
 * @param options - `timeUnit` (axis title), `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { plotCalibrationHoldout } from "clientele/plot";
 * const spec = plotCalibrationHoldout({ label: ["0", "≥1"], frequency: [0, 1], count: [10, 5], actual: [0.2, 1.5], predicted: [0.25, 1.4], totalActual: 9.5, totalPredicted: 9.5 });
 * spec.data.values[3]; // => { label: "≥1", series: "Model", purchases: 1.4, customers: 5 }
 */
export function plotCalibrationHoldout(result: CalibrationHoldout, options: PlotCalibrationHoldoutOptions = {}): DataSpec {
  const fn = "plotCalibrationHoldout";
  const opts = parseOptions(z.object({ ...plotOptionShape, ...unitShape }), options, fn);
  const ch = readObject(result, fn, ["result"], "the result of calibrationHoldout");
  const labels = readLabels(ch.label, fn, ["result", "label"], { max: 1000 });
  const count = readNumbers(ch.count, fn, ["result", "count"], { length: labels.length, min: 0 });
  const a = readList(ch.actual, fn, ["result", "actual"], "numbers or nulls");
  const p = readList(ch.predicted, fn, ["result", "predicted"], "numbers or nulls");
  if (a.length !== labels.length || p.length !== labels.length) invalid(fn, ["result"], "result.actual and result.predicted must have one entry per label.");
  const values: SpecValues = [];
  labels.forEach((label, i) => {
    values.push({ label, series: "Actual", purchases: r6(readNullableNumber(a[i], fn, ["result", "actual", i]) ?? NaN), customers: count[i] });
    values.push({ label, series: "Model", purchases: r6(readNullableNumber(p[i], fn, ["result", "predicted", i]) ?? NaN), customers: count[i] });
  });
  const unit = opts.timeUnit ? `${opts.timeUnit}s` : "holdout period";
  return makeSpec(
    opts,
    { title: "Calibration vs holdout purchases" },
    [`mean holdout purchases per customer, by calibration repeat purchases; ${fmt(count.reduce((s, x) => s + x, 0))} customers`],
    {
      data: { values },
      mark: { type: "line", point: true, tooltip: true },
      encoding: {
        x: { field: "label", type: "ordinal", sort: labels, title: "Repeat purchases in the calibration period", axis: { labelAngle: 0 } },
        y: { field: "purchases", type: "quantitative", title: `Mean purchases in the holdout (${unit})` },
        color: { field: "series", type: "nominal", title: null, scale: SERIES },
        strokeDash: {
          field: "series",
          type: "nominal",
          scale: {
            domain: ["Actual", "Model"],
            range: [
              [1, 0],
              [6, 3],
            ],
          },
          legend: null,
        },
        tooltip: [
          { field: "label", title: "Calibration repeats" },
          { field: "series" },
          { field: "purchases", format: ".3f" },
          { field: "customers", format: "," },
        ],
      },
    },
  ) as DataSpec;
}

/** Options of the prediction-matrix charts. */
export interface PlotPredictionMatrixOptions extends PlotOptions {
  /** Time unit named in the axis titles (e.g. "week"). */
  timeUnit?: string;
  /** Horizon of the expected purchases, shown in the title of {@link plotExpectedPurchasesMatrix}. */
  horizon?: number;
}

function matrixSpec(fn: string, matrix: PredictionMatrix, options: PlotPredictionMatrixOptions, kind: "alive" | "expected"): DataSpec {
  const opts = parseOptions(z.object({ ...plotOptionShape, ...unitShape, horizon: z.number().positive().optional() }), options, fn);
  const m = readObject(matrix, fn, ["matrix"], "a prediction matrix ({ frequency, recency, T, values })");
  const freq = readNumbers(m.frequency, fn, ["matrix", "frequency"], { min: 0, max: 100_000 });
  const rec = readNumbers(m.recency, fn, ["matrix", "recency"], { min: 0, max: 100_000 });
  const T = readNumber(m.T, fn, ["matrix", "T"], { min: 0 });
  const rows = readList(m.values, fn, ["matrix", "values"], "rows of values");
  if (rows.length !== freq.length) invalid(fn, ["matrix", "values"], `matrix.values must have one row per frequency (${freq.length}). Got ${rows.length}.`);
  // keep at most MAX_MARKS cells: evenly spaced rows and columns
  const cols = Math.max(2, Math.floor(Math.sqrt((MAX_MARKS * rec.length) / freq.length)));
  const ri = evenIndices(freq.length, Math.max(2, Math.floor(MAX_MARKS / Math.min(cols, rec.length))));
  const ci = evenIndices(rec.length, cols);
  const values: SpecValues = [];
  for (const i of ri) {
    const row = readList(rows[i], fn, ["matrix", "values", i], "numbers or nulls");
    if (row.length !== rec.length)
      invalid(fn, ["matrix", "values", i], `matrix.values[${i}] must have one entry per recency (${rec.length}). Got ${row.length}.`);
    for (const j of ci) {
      const v = readNullableNumber(row[j], fn, ["matrix", "values", i, j]);
      if (kind === "alive" && v !== null && (v < 0 || v > 1))
        invalid(fn, ["matrix", "values", i, j], `matrix.values[${i}][${j}] is ${v}; a probability must be in [0, 1].`, v);
      values.push({ frequency: freq[i], recency: r6(rec[j]), value: v === null ? null : r6(v) });
    }
  }
  const unit = opts.timeUnit ? `${opts.timeUnit}s` : "time units";
  const notes = [`customers observed for T = ${r6(T)} ${unit}; grey cells: recency impossible for that frequency`];
  if (ri.length < freq.length || ci.length < rec.length) notes.push(`grid thinned to ${ri.length} x ${ci.length} of ${freq.length} x ${rec.length} cells`);
  const isAlive = kind === "alive";
  const title = isAlive
    ? "Probability a customer is still active, by frequency and recency"
    : `Expected purchases${opts.horizon !== undefined ? ` in the next ${r6(opts.horizon)} ${unit}` : ""}, by frequency and recency`;
  const step = ci.length > 1 ? rec[ci[1]] - rec[ci[0]] : 1;
  return makeSpec(opts, { title, width: 460, height: 360 }, notes, {
    data: { values },
    mark: { type: "rect", tooltip: true },
    encoding: {
      x: { field: "recency", type: "quantitative", bin: { binned: true, step }, title: `Recency: time of the last purchase (${unit} after the first)` },
      x2: { field: "recency2" },
      y: { field: "frequency", type: "ordinal", sort: "descending", title: "Frequency (repeat purchases)" },
      color: {
        field: "value",
        type: "quantitative",
        title: isAlive ? "P(alive)" : "Expected purchases",
        scale: { scheme: "viridis", ...(isAlive ? { domain: [0, 1] } : {}) },
        ...(isAlive ? { legend: { format: ".0%" } } : {}),
      },
      tooltip: [
        { field: "frequency" },
        { field: "recency", format: ".2f" },
        { field: "value", title: isAlive ? "P(alive)" : "Expected purchases", format: ".3f" },
      ],
    },
    transform: [{ calculate: `datum.recency + ${r6(step)}`, as: "recency2" }],
  }) as DataSpec;
}

/**
 * Heatmap of the probability that a customer is still active for each (frequency, recency) at
 * a fixed T (lifetimes' `plot_probability_alive_matrix`). Takes `probabilityAliveMatrix`'s
 * result; cells where recency is impossible (recency > 0 with no repeat) are null, drawn grey.
 * Grids above 5,000 cells are thinned evenly and the chart says so. O(cells).
 *
 * @param matrix - `probabilityAliveMatrix(model, { maxFrequency, T })` from `clientele/clv`
 * @param options - `timeUnit` (axis titles), `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `INVALID_OPTION`
 * @example
 * import { plotProbabilityAliveMatrix } from "clientele/plot";
 * const spec = plotProbabilityAliveMatrix({ frequency: [0, 1], recency: [0, 10], T: 10, values: [[1, null], [0.2, 0.9]] });
 * spec.data.values; // => [{ frequency: 0, recency: 0, value: 1 }, { frequency: 0, recency: 10, value: null }, { frequency: 1, recency: 0, value: 0.2 }, { frequency: 1, recency: 10, value: 0.9 }]
 */
export function plotProbabilityAliveMatrix(matrix: PredictionMatrix, options: PlotPredictionMatrixOptions = {}): DataSpec {
  const spec = matrixSpec("plotProbabilityAliveMatrix", matrix, options, "alive");
  return finishMatrix(spec, options);
}

/**
 * Heatmap of expected purchases in the next `t` for each (frequency, recency) at a fixed T —
 * lifetimes' frequency/recency matrix (`plot_frequency_recency_matrix`). Takes
 * `expectedPurchasesMatrix`'s result. Grids above 5,000 cells are thinned evenly. O(cells).
 *
 * @param matrix - `expectedPurchasesMatrix(model, { maxFrequency, T, t })` from `clientele/clv`
 * @param options - `horizon` (the t it was computed for, shown in the title), `timeUnit`, `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `INVALID_OPTION`
 * @example
 * import { plotExpectedPurchasesMatrix } from "clientele/plot";
 * const spec = plotExpectedPurchasesMatrix({ frequency: [0, 1], recency: [0, 10], T: 10, values: [[0.1, null], [0.05, 0.6]] }, { horizon: 4, timeUnit: "week" });
 * spec.title.text; // => "Expected purchases in the next 4 weeks, by frequency and recency"
 */
export function plotExpectedPurchasesMatrix(matrix: PredictionMatrix, options: PlotPredictionMatrixOptions = {}): DataSpec & { title: { text: string } } {
  const spec = matrixSpec("plotExpectedPurchasesMatrix", matrix, options, "expected");
  return finishMatrix(spec, options) as DataSpec & { title: { text: string } };
}

function finishMatrix(spec: DataSpec, options: PlotPredictionMatrixOptions): DataSpec {
  // the null cells are drawn in the theme's neutral colour through a separate config entry
  const config = spec.config as Record<string, unknown>;
  delete (spec as Record<string, unknown>).config;
  spec.config = { ...config, mark: { ...(config.mark as object), invalid: null } };
  const enc = spec.encoding as Record<string, Record<string, unknown>>;
  enc.color = { condition: { test: "datum.value === null", value: options.theme === "dark" ? "#444444" : "#dddddd" }, ...enc.color };
  return spec;
}

/** Options of {@link plotAliveHistory}. */
export interface PlotAliveHistoryOptions extends PlotOptions {
  /** Points of the curve (default 200, at most 2000). */
  points?: number;
  /** Name of the customer, for the title. */
  customer?: string;
}

/**
 * P(alive) of one customer over time, from the first purchase to T, dropping between purchases
 * and jumping back at each one (lifetimes' `plot_history_alive`); purchases are marked by
 * rules. Computed with `probabilityAlive` at each time point. O(points x purchases).
 *
 * @param model - a fitted BG/NBD, MBG/NBD or Pareto/NBD model from `clientele/clv`
 * @param purchases - `{ times, T }`: purchase times measured from the first purchase (in the model's time unit, first one 0), and the length of observation
 * @param options - `points` (200), `customer`, `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `OUT_OF_RANGE`, the model checks, `INVALID_OPTION`
 * @example
 * import { plotAliveHistory } from "clientele/plot";
 * const m = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * const spec = plotAliveHistory(m, { times: [0, 2, 5], T: 20 }, { points: 20 });
 * spec.layer[0].data.values.length; // => 20
 * spec.layer[1].data.values.map((p) => p.time); // => [0, 2, 5]
 */
export function plotAliveHistory(
  model: TransactionModel,
  purchases: { times: ArrayLike<number>; T: number },
  options: PlotAliveHistoryOptions = {},
): VegaLiteSpec & { layer: { data: { values: SpecValues } }[] } {
  const fn = "plotAliveHistory";
  const opts = parseOptions(
    z.object({ ...plotOptionShape, points: z.int().min(2).max(2000).optional(), customer: z.string().max(100).optional() }),
    options,
    fn,
  );
  const p = readObject(purchases, fn, ["purchases"], "{ times, T } of one customer");
  const T = readNumber(p.T, fn, ["purchases", "T"], { min: 0 });
  if (T <= 0) invalid(fn, ["purchases", "T"], `purchases.T must be > 0 (time from the first purchase to the end of observation). Got ${T}.`, T);
  const times = Array.from(readNumbers(p.times, fn, ["purchases", "times"], { min: 0, maxValue: T, max: 100_000 })).sort((a, b) => a - b);
  if (times[0] !== 0) invalid(fn, ["purchases", "times"], "purchases.times are measured from the first purchase, so the first (smallest) must be 0.", times[0]);
  const k = opts.points ?? 200;
  const grid = Array.from({ length: k }, (_, i) => (T * (i + 1)) / k);
  const frequency = new Float64Array(k);
  const recency = new Float64Array(k);
  let j = 0;
  grid.forEach((t, i) => {
    while (j + 1 < times.length && times[j + 1] <= t) j++;
    frequency[i] = j;
    recency[i] = times[j];
  });
  const alive = asChart(fn, () => probabilityAlive(model, { frequency, recency, T: Float64Array.from(grid) }));
  const values = grid.map((t, i) => ({ time: r6(t), alive: r6(alive[i]) }));
  const buys = times.map((t, i) => ({ time: r6(t), purchase: i === 0 ? "first purchase" : `purchase ${i + 1}` }));
  const unit = unitOf(model);
  return makeSpec(
    opts,
    { title: `P(alive) over time${opts.customer ? ` for customer ${opts.customer}` : ""}`, width: 520, height: 260 },
    [`${times.length} purchases (vertical rules) over ${r6(T)} ${unit}`],
    {
      layer: [
        {
          data: { values },
          mark: { type: "line", interpolate: "step-after", tooltip: true },
          encoding: {
            x: { field: "time", type: "quantitative", title: `Time since the first purchase (${unit})` },
            y: { field: "alive", type: "quantitative", title: "P(alive)", scale: { domain: [0, 1] }, axis: { format: ".0%" } },
          },
        },
        {
          data: { values: buys },
          mark: { type: "rule", strokeDash: [4, 3], color: OKABE_ITO[5] },
          encoding: { x: { field: "time", type: "quantitative" }, tooltip: [{ field: "purchase" }, { field: "time" }] },
        },
      ],
    },
  ) as VegaLiteSpec & { layer: { data: { values: SpecValues } }[] };
}

/** Options of the tracking charts. */
export interface PlotTrackingOptions extends PlotOptions {
  /** Time unit named in the axis titles (e.g. "week"). */
  timeUnit?: string;
  /** Period where the calibration ends (a dashed rule), e.g. 39 for CDNOW in weeks. */
  calibrationEnd?: number;
}

function trackingSpec(fn: string, result: CumulativeTracking, options: PlotTrackingOptions, cumulative: boolean): DataSpec {
  const opts = parseOptions(z.object({ ...plotOptionShape, ...unitShape, calibrationEnd: z.number().optional() }), options, fn);
  const tr = readObject(result, fn, ["result"], "the result of cumulativeTracking");
  const time = readNumbers(tr.time, fn, ["result", "time"], { max: 1_000_000 });
  const a = readNumbers(cumulative ? tr.actualCumulative : tr.actualIncremental, fn, ["result", cumulative ? "actualCumulative" : "actualIncremental"], {
    length: time.length,
  });
  const p = readNumbers(
    cumulative ? tr.predictedCumulative : tr.predictedIncremental,
    fn,
    ["result", cumulative ? "predictedCumulative" : "predictedIncremental"],
    { length: time.length },
  );
  const idx = evenIndices(time.length, Math.floor(MAX_MARKS / 2) - 1);
  const values: SpecValues = [];
  for (const i of idx) {
    values.push({ time: r6(time[i]), series: "Actual", transactions: r6(a[i]) });
    values.push({ time: r6(time[i]), series: "Model", transactions: r6(p[i]) });
  }
  const unit = opts.timeUnit ? `${opts.timeUnit}s` : "periods";
  const notes = [
    cumulative ? `total after ${fmt(time.length)} periods: actual ${fmt(a[a.length - 1])}, model ${fmt(p[p.length - 1])}` : "repeat transactions per period",
  ];
  if (idx.length < time.length) notes.push(`${idx.length} of ${fmt(time.length)} periods drawn (evenly spaced)`);
  if (opts.calibrationEnd !== undefined) notes.push(`dashed: end of calibration (${r6(opts.calibrationEnd)})`);
  const layers: Record<string, unknown>[] = [
    {
      data: { values },
      mark: { type: "line", tooltip: true },
      encoding: {
        x: { field: "time", type: "quantitative", title: `Time (${unit})` },
        y: { field: "transactions", type: "quantitative", title: cumulative ? "Cumulative repeat transactions" : "Repeat transactions per period" },
        color: { field: "series", type: "nominal", title: null, scale: SERIES },
        strokeDash: {
          field: "series",
          type: "nominal",
          scale: {
            domain: ["Actual", "Model"],
            range: [
              [1, 0],
              [6, 3],
            ],
          },
          legend: null,
        },
      },
    },
  ];
  if (opts.calibrationEnd !== undefined) {
    layers.push({
      data: { values: [{ time: opts.calibrationEnd }] },
      mark: { type: "rule", strokeDash: [4, 4], color: "#888888" },
      encoding: { x: { field: "time", type: "quantitative" } },
    });
  }
  return makeSpec(
    opts,
    { title: cumulative ? "Cumulative repeat transactions: actual vs model" : "Repeat transactions per period: actual vs model", width: 540, height: 280 },
    notes,
    {
      layer: layers,
    },
  ) as DataSpec;
}

/**
 * Cumulative repeat transactions over time, actual vs model (Fader, Hardie & Lee 2005,
 * Figure 2; lifetimes' `plot_cumulative_transactions`), optionally with the end of calibration.
 * Takes `cumulativeTracking`'s result. O(periods).
 *
 * @param result - `cumulativeTracking(model, data, { periods })` from `clientele/clv`
 * @param options - `calibrationEnd`, `timeUnit`, `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { plotCumulativeTransactions } from "clientele/plot";
 * const spec = plotCumulativeTransactions({ time: [1, 2], actualIncremental: [3, 4], predictedIncremental: [3.5, 3.9], actualCumulative: [3, 7], predictedCumulative: [3.5, 7.4] });
 * spec.layer[0].data.values[3]; // => { time: 2, series: "Model", transactions: 7.4 }
 */
export function plotCumulativeTransactions(
  result: CumulativeTracking,
  options: PlotTrackingOptions = {},
): VegaLiteSpec & { layer: { data: { values: SpecValues } }[] } {
  return trackingSpec("plotCumulativeTransactions", result, options, true) as unknown as VegaLiteSpec & { layer: { data: { values: SpecValues } }[] };
}

/**
 * Repeat transactions per period, actual vs model (lifetimes' `plot_incremental_transactions`).
 * Takes `cumulativeTracking`'s result. O(periods).
 *
 * @param result - `cumulativeTracking(model, data, { periods })` from `clientele/clv`
 * @param options - `calibrationEnd`, `timeUnit`, `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { plotIncrementalTransactions } from "clientele/plot";
 * const spec = plotIncrementalTransactions({ time: [1, 2], actualIncremental: [3, 4], predictedIncremental: [3.5, 3.9], actualCumulative: [3, 7], predictedCumulative: [3.5, 7.4] }, { calibrationEnd: 1 });
 * spec.layer[0].data.values[2]; // => { time: 2, series: "Actual", transactions: 4 }
 */
export function plotIncrementalTransactions(
  result: CumulativeTracking,
  options: PlotTrackingOptions = {},
): VegaLiteSpec & { layer: { data: { values: SpecValues } }[] } {
  return trackingSpec("plotIncrementalTransactions", result, options, false) as unknown as VegaLiteSpec & { layer: { data: { values: SpecValues } }[] };
}
