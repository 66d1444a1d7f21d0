// RFM charts: segment shares (customers and revenue), the R x F heatmap, and transitions between
// two snapshots as a heatmap and as a Sankey-style flow.
import * as z from "../core/schema.js";
import { parseOptions } from "../core/validate.js";
import type { SegmentReportRow, RfmScores, TransitionMatrix } from "../rfm/index.js";
import { makeSpec, plotOptionShape, r6, fmt, OKABE_ITO, textColor, type PlotOptions, type VegaLiteSpec } from "./theme.js";
import { readList, readObject, readNumber, readLabel, readNumbers, readLabels, invalid } from "./input.js";

/** Options of {@link plotSegmentShares}. */
export type PlotSegmentSharesOptions = PlotOptions;

/**
 * Bar chart of each RFM segment's share of customers beside its share of revenue, largest
 * revenue share first (a segment with 10% of customers and 40% of revenue stands out). Takes
 * `segmentReport`'s rows from `clientele/rfm`. O(segments).
 *
 * @param report - rows of `segmentReport(assignSegments(scoreRfm(customers)))`
 * @param options - `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `OUT_OF_RANGE`, `INVALID_OPTION`
 * @example
 * import { plotSegmentShares } from "clientele/plot";
 * const spec = plotSegmentShares([
 *   { segment: "Champions", action: "Reward", customers: 10, shareOfCustomers: 0.1, revenue: 400, shareOfRevenue: 0.4, meanR: 5, meanF: 5, meanM: 5, meanRecency: 2, meanFrequency: 12, meanMonetary: 40, meanSpend: 40, meanChurn: null },
 *   { segment: "Others", action: "Nurture", customers: 90, shareOfCustomers: 0.9, revenue: 600, shareOfRevenue: 0.6, meanR: 2, meanF: 2, meanM: 2, meanRecency: 30, meanFrequency: 2, meanMonetary: 3.33, meanSpend: 6.67, meanChurn: null },
 * ]);
 * spec.data.values.length; // => 4
 * spec.data.values[0]; // => { segment: "Others", measure: "Share of customers", share: 0.9, customers: 90, revenue: 600 }
 */
export function plotSegmentShares(
  report: readonly SegmentReportRow[],
  options: PlotSegmentSharesOptions = {},
): VegaLiteSpec & { data: { values: Record<string, unknown>[] } } {
  const fn = "plotSegmentShares";
  const opts = parseOptions(z.object(plotOptionShape), options, fn);
  const rows = readList(report, fn, ["report"], "segment report rows", { max: 1000 });
  const parsed = Array.from({ length: rows.length }, (_, i) => {
    const row = readObject(rows[i], fn, ["report", i], "a segmentReport row");
    return {
      segment: readLabel(row.segment, fn, ["report", i, "segment"]),
      customers: readNumber(row.customers, fn, ["report", i, "customers"], { min: 0 }),
      revenue: readNumber(row.revenue, fn, ["report", i, "revenue"]),
      sc: readNumber(row.shareOfCustomers, fn, ["report", i, "shareOfCustomers"], { min: 0, max: 1 }),
      sr: readNumber(row.shareOfRevenue, fn, ["report", i, "shareOfRevenue"], { min: -1e6, max: 1e6 }),
    };
  });
  parsed.sort((a, b) => b.sr - a.sr || b.sc - a.sc);
  const values: Record<string, unknown>[] = [];
  for (const p of parsed) {
    values.push({ segment: p.segment, measure: "Share of customers", share: r6(p.sc), customers: p.customers, revenue: r6(p.revenue) });
    values.push({ segment: p.segment, measure: "Share of revenue", share: r6(p.sr), customers: p.customers, revenue: r6(p.revenue) });
  }
  const totalCustomers = parsed.reduce((s, p) => s + p.customers, 0);
  const spec = makeSpec(
    opts,
    { title: "RFM segments: share of customers and of revenue", width: 420, height: Math.max(160, 34 * parsed.length) },
    [`${fmt(totalCustomers)} customers in ${parsed.length} segments`],
    {
      data: { values },
      mark: { type: "bar", tooltip: true },
      encoding: {
        y: { field: "segment", type: "nominal", sort: parsed.map((p) => p.segment), title: "Segment" },
        yOffset: { field: "measure", type: "nominal", sort: ["Share of customers", "Share of revenue"] },
        x: { field: "share", type: "quantitative", title: "Share (% of all customers / of all revenue)", axis: { format: "%" } },
        color: { field: "measure", type: "nominal", title: null, scale: { range: [OKABE_ITO[1], OKABE_ITO[5]] }, legend: { orient: "bottom" } },
        tooltip: [
          { field: "segment", title: "Segment" },
          { field: "measure", title: "Measure" },
          { field: "share", title: "Share", format: ".1%" },
          { field: "customers", title: "Customers", format: "," },
          { field: "revenue", title: "Revenue", format: ",.2f" },
        ],
      },
    },
  );
  return spec as VegaLiteSpec & { data: { values: Record<string, unknown>[] } };
}

/** Options of {@link plotRfHeatmap}. */
export type PlotRfHeatmapOptions = PlotOptions;

/**
 * Heatmap of customers by recency score (rows) and frequency score (columns), each cell
 * labelled with its count and coloured by it; the tooltip gives the cell's mean monetary value
 * and revenue. Takes `scoreRfm`'s result; customers are aggregated into bins x bins cells, so
 * the spec stays small for any base. O(n).
 *
 * @param scores - `scoreRfm(customers)` from `clientele/rfm`
 * @param options - `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `LENGTH_MISMATCH`, `OUT_OF_RANGE`, `INVALID_OPTION`
 * @example
 * import { scoreRfm } from "clientele/rfm";
 * import { plotRfHeatmap } from "clientele/plot";
 * const scores = scoreRfm({ id: ["a", "b", "c", "d"], recency: [1, 5, 9, 2], frequency: [4, 1, 0, 6], totalSpend: [100, 20, 5, 180], T: [10, 10, 10, 10] }, { bins: 2 });
 * const spec = plotRfHeatmap(scores);
 * spec.layer[0].data.values.map((c) => c.customers); // => [0, 2, 2, 0]
 */
export function plotRfHeatmap(
  scores: RfmScores,
  options: PlotRfHeatmapOptions = {},
): VegaLiteSpec & { layer: { data: { values: Record<string, number | null>[] } }[] } {
  const fn = "plotRfHeatmap";
  const opts = parseOptions(z.object(plotOptionShape), options, fn);
  const s = readObject(scores, fn, ["scores"], "the result of scoreRfm");
  const bins = readNumber(s.bins, fn, ["scores", "bins"], { min: 2, max: 20 });
  if (!Number.isInteger(bins)) invalid(fn, ["scores", "bins"], `scores.bins must be an integer. Got ${bins}.`, bins);
  const r = readNumbers(s.r, fn, ["scores", "r"], { min: 1, maxValue: bins });
  const f = readNumbers(s.f, fn, ["scores", "f"], { min: 1, maxValue: bins, length: r.length });
  const monetary = s.monetary === undefined ? null : readNumbers(s.monetary, fn, ["scores", "monetary"], { length: r.length });
  const revenue = s.revenue === undefined ? null : readNumbers(s.revenue, fn, ["scores", "revenue"], { length: r.length });
  const cells = bins * bins;
  const count = new Float64Array(cells);
  const mSum = new Float64Array(cells);
  const rev = new Float64Array(cells);
  for (let i = 0; i < r.length; i++) {
    const c = (Math.round(r[i]) - 1) * bins + (Math.round(f[i]) - 1);
    count[c]++;
    if (monetary) mSum[c] += monetary[i];
    if (revenue) rev[c] += revenue[i];
  }
  const ordered: Record<string, number | null>[] = [];
  for (let ri = 1; ri <= bins; ri++) {
    for (let fi = 1; fi <= bins; fi++) {
      const c = (ri - 1) * bins + (fi - 1);
      ordered.push({
        r: ri,
        f: fi,
        customers: count[c],
        meanMonetary: monetary && count[c] > 0 ? r6(mSum[c] / count[c]) : null,
        revenue: revenue ? r6(rev[c]) : null,
      });
    }
  }
  const x = { field: "f", type: "ordinal", title: `Frequency score (1 = fewest purchases, ${bins} = most)`, axis: { labelAngle: 0 } };
  const y = { field: "r", type: "ordinal", title: `Recency score (${bins} = most recent)`, sort: "descending" };
  return makeSpec(
    opts,
    { title: "Customers by recency and frequency score", width: 60 * bins + 60, height: 50 * bins + 40 },
    [`${fmt(r.length)} customers aggregated into ${cells} cells`],
    {
      layer: [
        {
          data: { values: ordered },
          mark: { type: "rect", tooltip: true },
          encoding: {
            x,
            y,
            color: { field: "customers", type: "quantitative", title: "Customers", scale: { scheme: "viridis" } },
            tooltip: [
              { field: "r", title: "R score" },
              { field: "f", title: "F score" },
              { field: "customers", title: "Customers", format: "," },
              { field: "meanMonetary", title: "Mean monetary", format: ",.2f" },
              { field: "revenue", title: "Revenue", format: ",.2f" },
            ],
          },
        },
        {
          data: { values: ordered },
          mark: { type: "text", fontSize: 11 },
          encoding: {
            x,
            y,
            text: { field: "customers", type: "quantitative", format: "," },
            color: { condition: { test: `datum.customers > ${Math.max(...count) / 2}`, value: "#000000" }, value: "#ffffff" },
          },
        },
      ],
    },
  ) as VegaLiteSpec & { layer: { data: { values: Record<string, number | null>[] } }[] };
}

interface ParsedMatrix {
  states: string[];
  counts: number[][];
  probabilities: number[][] | null;
}

function readTransitions(tm: unknown, fn: string): ParsedMatrix {
  const t = readObject(tm, fn, ["matrix"], "the result of transitionMatrix");
  const states = readLabels(t.states, fn, ["matrix", "states"], { max: 100 });
  const rows = readList(t.counts, fn, ["matrix", "counts"], "rows of counts");
  if (rows.length !== states.length) invalid(fn, ["matrix", "counts"], `matrix.counts must have one row per state (${states.length}). Got ${rows.length}.`);
  const counts = Array.from({ length: rows.length }, (_, i) =>
    Array.from(readNumbers(rows[i], fn, ["matrix", "counts", i], { min: 0, length: states.length })),
  );
  let probabilities: number[][] | null = null;
  if (t.probabilities !== undefined) {
    const p = readList(t.probabilities, fn, ["matrix", "probabilities"], "rows of probabilities");
    if (p.length !== states.length)
      invalid(fn, ["matrix", "probabilities"], `matrix.probabilities must have one row per state (${states.length}). Got ${p.length}.`);
    probabilities = Array.from({ length: p.length }, (_, i) =>
      Array.from(readNumbers(p[i], fn, ["matrix", "probabilities", i], { min: 0, maxValue: 1, length: states.length })),
    );
  }
  return { states, counts, probabilities };
}

/** Options of {@link plotTransitionHeatmap}. */
export interface PlotTransitionHeatmapOptions extends PlotOptions {
  /** Colour cells by the row probability (default) or by the customer count. */
  value?: "probability" | "count";
}

/**
 * Heatmap of customers moving between segments from one snapshot (rows) to the next
 * (columns), including the `(new)` and `(gone)` states, coloured by the row probability or
 * the count and labelled with it. Takes `transitionMatrix`'s result. O(states²).
 *
 * @param matrix - `transitionMatrix(before, after)` from `clientele/rfm`
 * @param options - `value` ("probability" | "count"), `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `LENGTH_MISMATCH`, `OUT_OF_RANGE`, `INVALID_OPTION`
 * @example
 * import { plotTransitionHeatmap } from "clientele/plot";
 * const spec = plotTransitionHeatmap({ states: ["A", "B"], counts: [[3, 1], [0, 4]], probabilities: [[0.75, 0.25], [0, 1]] });
 * spec.layer[0].data.values[1]; // => { from: "A", to: "B", customers: 1, probability: 0.25 }
 */
export function plotTransitionHeatmap(
  matrix: TransitionMatrix,
  options: PlotTransitionHeatmapOptions = {},
): VegaLiteSpec & { layer: { data: { values: Record<string, unknown>[] } }[] } {
  const fn = "plotTransitionHeatmap";
  const opts = parseOptions(z.object({ ...plotOptionShape, value: z.enum(["probability", "count"]).optional() }), options, fn);
  const m = readTransitions(matrix, fn);
  const byCount = opts.value === "count";
  const values: Record<string, unknown>[] = [];
  const total = m.counts.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  m.states.forEach((from, i) => {
    const rowSum = m.counts[i].reduce((a, b) => a + b, 0);
    m.states.forEach((to, j) => {
      const p = m.probabilities ? m.probabilities[i][j] : rowSum > 0 ? m.counts[i][j] / rowSum : i === j ? 1 : 0;
      values.push({ from, to, customers: m.counts[i][j], probability: r6(p) });
    });
  });
  const field = byCount ? "customers" : "probability";
  const x = { field: "to", type: "nominal", sort: m.states, title: "Segment in the later snapshot", axis: { labelAngle: -40 } };
  const y = { field: "from", type: "nominal", sort: m.states, title: "Segment in the earlier snapshot" };
  const side = Math.max(240, Math.min(900, 46 * m.states.length));
  return makeSpec(
    opts,
    { title: "Segment transitions between two snapshots", width: side, height: side },
    [`${fmt(total)} customers; ${byCount ? "colour: customers" : "colour: share of the row's customers"}`],
    {
      layer: [
        {
          data: { values },
          mark: { type: "rect", tooltip: true },
          encoding: {
            x,
            y,
            color: {
              field,
              type: "quantitative",
              title: byCount ? "Customers" : "Share of row",
              scale: { scheme: "viridis" },
              ...(byCount ? {} : { legend: { format: "%" } }),
            },
            tooltip: [
              { field: "from", title: "From" },
              { field: "to", title: "To" },
              { field: "customers", title: "Customers", format: "," },
              { field: "probability", title: "Share of row", format: ".1%" },
            ],
          },
        },
        {
          data: { values },
          mark: { type: "text", fontSize: 10 },
          encoding: {
            x,
            y,
            text: { field, type: "quantitative", format: byCount ? "," : ".0%" },
            color: {
              condition: { test: `datum.${field} > ${byCount ? Math.max(0, ...values.map((v) => v.customers as number)) / 2 : 0.5}`, value: "#000000" },
              value: "#ffffff",
            },
          },
        },
      ],
    },
  ) as VegaLiteSpec & { layer: { data: { values: Record<string, unknown>[] } }[] };
}

/** Options of {@link plotTransitionFlow}. */
export interface PlotTransitionFlowOptions extends PlotOptions {
  /** Draw customers who stayed in their segment (default true). */
  showStays?: boolean;
}

const STEPS = 16;

/**
 * Sankey-style flow between two snapshots: the earlier segments stacked on the left, the later
 * ones on the right, each ribbon as thick as the customers who moved (coloured by the
 * earlier segment). Takes `transitionMatrix`'s result; the ribbons are computed here (no
 * Sankey transform is needed in the renderer). O(states²).
 *
 * @param matrix - `transitionMatrix(before, after)` from `clientele/rfm`
 * @param options - `showStays` (true), `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `LENGTH_MISMATCH`, `OUT_OF_RANGE`, `INVALID_OPTION`
 * @example
 * import { plotTransitionFlow } from "clientele/plot";
 * const spec = plotTransitionFlow({ states: ["A", "B"], counts: [[3, 1], [0, 4]], probabilities: [[0.75, 0.25], [0, 1]] });
 * spec.layer[1].data.values.map((n) => [n.side, n.state, n.customers]); // => [["before", "A", 4], ["before", "B", 4], ["after", "A", 3], ["after", "B", 5]]
 */
export function plotTransitionFlow(
  matrix: TransitionMatrix,
  options: PlotTransitionFlowOptions = {},
): VegaLiteSpec & { layer: { data: { values: Record<string, unknown>[] } }[] } {
  const fn = "plotTransitionFlow";
  const opts = parseOptions(z.object({ ...plotOptionShape, showStays: z.boolean().optional() }), options, fn);
  const m = readTransitions(matrix, fn);
  const k = m.states.length;
  const flow = (i: number, j: number): number => (opts.showStays === false && i === j ? 0 : m.counts[i][j]);
  const out = m.states.map((_, i) => m.states.reduce((s, __, j) => s + flow(i, j), 0));
  const inn = m.states.map((_, j) => m.states.reduce((s, __, i) => s + flow(i, j), 0));
  const total = out.reduce((a, b) => a + b, 0);
  const gap = total > 0 ? total * 0.04 : 1;
  const place = (sizes: number[]): number[] => {
    const pos: number[] = [];
    let y = 0;
    for (const s of sizes) {
      pos.push(y);
      y += s + (s > 0 ? gap : 0);
    }
    return pos;
  };
  const left = place(out);
  const right = place(inn);
  const nodes: Record<string, unknown>[] = [];
  m.states.forEach((state, i) => {
    if (out[i] > 0)
      nodes.push({
        side: "before",
        state,
        customers: out[i],
        x: -0.06,
        x2: 0,
        y: r6(left[i]),
        y2: r6(left[i] + out[i]),
        label: `${state} (${fmt(out[i])})`,
        lx: -0.08,
      });
  });
  m.states.forEach((state, j) => {
    if (inn[j] > 0)
      nodes.push({
        side: "after",
        state,
        customers: inn[j],
        x: 1,
        x2: 1.06,
        y: r6(right[j]),
        y2: r6(right[j] + inn[j]),
        label: `${state} (${fmt(inn[j])})`,
        lx: 1.08,
      });
  });
  const ribbons: Record<string, unknown>[] = [];
  const leftOff = [...left];
  const rightOff = [...right];
  // sources top to bottom; within a target, incoming flows in source order
  const startIn: number[][] = m.states.map(() => []);
  for (let j = 0; j < k; j++) {
    let y = right[j];
    for (let i = 0; i < k; i++) {
      startIn[i][j] = y;
      y += flow(i, j);
    }
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = flow(i, j);
      if (c <= 0) continue;
      const y0 = leftOff[i];
      leftOff[i] += c;
      const y1 = startIn[i][j];
      rightOff[j] += c;
      for (let s = 0; s <= STEPS; s++) {
        const t = s / STEPS;
        const e = t * t * (3 - 2 * t);
        const top = y0 + (y1 - y0) * e;
        ribbons.push({ flow: `${m.states[i]} → ${m.states[j]}`, from: m.states[i], to: m.states[j], customers: c, x: r6(t), y: r6(top), y2: r6(top + c) });
      }
    }
  }
  const ySpan = Math.max(...left.map((y, i) => y + out[i]), ...right.map((y, j) => y + inn[j]), 1);
  const xs = { type: "quantitative", scale: { domain: [-0.45, 1.45] }, axis: null };
  const ys = { type: "quantitative", scale: { domain: [ySpan, 0], nice: false, zero: false }, axis: null };
  const color = { field: "from", type: "nominal", title: "Earlier segment", scale: { domain: m.states, range: m.states.map((_, i) => OKABE_ITO[i % 7]) } };
  const colorNode = { ...color, field: "state" };
  return makeSpec(
    opts,
    { title: "Customers flowing between segments", width: 560, height: 360 },
    [`${fmt(total)} customers: earlier snapshot (left) to later snapshot (right)${opts.showStays === false ? "; stays hidden" : ""}`],
    {
      layer: [
        {
          data: { values: ribbons },
          mark: { type: "area", opacity: 0.45, tooltip: true },
          encoding: {
            x: { field: "x", ...xs },
            y: { field: "y", ...ys },
            y2: { field: "y2" },
            detail: { field: "flow" },
            color,
            tooltip: [
              { field: "flow", title: "Flow" },
              { field: "customers", title: "Customers", format: "," },
            ],
          },
        },
        {
          data: { values: nodes },
          mark: { type: "rect", tooltip: true },
          encoding: { x: { field: "x", ...xs }, x2: { field: "x2" }, y: { field: "y", ...ys }, y2: { field: "y2" }, color: { ...colorNode, legend: null } },
        },
        ...(["before", "after"] as const).map((side) => ({
          data: { values: nodes },
          transform: [{ filter: `datum.side === '${side}'` }, { calculate: "(datum.y + datum.y2) / 2", as: "ym" }],
          mark: { type: "text", fontSize: 11, color: textColor(opts.theme), align: side === "before" ? "right" : "left" },
          encoding: { x: { field: "lx", ...xs }, y: { field: "ym", ...ys }, text: { field: "label" } },
        })),
      ],
    },
  ) as VegaLiteSpec & { layer: { data: { values: Record<string, unknown>[] } }[] };
}
