// Shared look of every chart: the colour-blind-safe palette, the light and dark themes, the
// common options (title, size, theme) and the spec skeleton. Internal to clientele/plot.
import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";

/** A Vega-Lite v5 specification: plain JSON, render it with vega-embed, Observable or any Vega-Lite host. */
export type VegaLiteSpec = { $schema: string } & Record<string, unknown>;

/** The inline data rows of a chart (`data.values`). */
export type SpecValues = Record<string, unknown>[];

/** A layered Vega-Lite specification whose layers carry inline data rows. */
export type LayeredSpec = VegaLiteSpec & { layer: { data: { values: SpecValues } }[] };

/** Vega-Lite config keys (a partial Vega-Lite `config` object), merged over the light theme. */
export type PlotThemeConfig = Record<string, unknown>;

/** `"light"` (default), `"dark"`, or a partial Vega-Lite config merged over the light theme. */
export type PlotTheme = "light" | "dark" | PlotThemeConfig;

/** Options every chart takes. */
export interface PlotOptions {
  /** Chart title (each chart has its own default). */
  title?: string;
  /** Width of the plotting area in pixels (default per chart, 200–1200 allowed). */
  width?: number;
  /** Height of the plotting area in pixels (default per chart, 100–1200 allowed). */
  height?: number;
  /** `"light"` (default), `"dark"`, or a partial Vega-Lite config merged over the light theme. */
  theme?: PlotTheme;
}

/** The Vega-Lite v5 schema address every spec carries. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** Okabe & Ito (2008) colour-blind-safe palette (black moved last; it stands for "other"/noise in grey instead). */
export const OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"] as const;

/** Sequential colour-blind-safe scheme used by heatmaps (viridis). */
export const SEQUENTIAL_SCHEME = "viridis";
/** Diverging colour-blind-safe scheme (blue–orange). */
export const DIVERGING_SCHEME = "blueorange";

/** Colour of noise points and neutral reference marks. */
export const NEUTRAL = "#999999";

/** Most marks a chart draws; larger inputs are aggregated or sampled (and the chart says so). */
export const MAX_MARKS = 5000;

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Plain JSON check of a user config: finite numbers, no functions, no prototype keys, bounded depth. */
function jsonClean(v: unknown, depth: number): boolean {
  if (depth > 12) return false;
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => jsonClean(x, depth + 1));
  if (!isPlain(v)) return false;
  return Object.keys(v).every((k) => k !== "__proto__" && k !== "constructor" && k !== "prototype" && jsonClean(v[k], depth + 1));
}

const themeSchema = z.union([
  z.enum(["light", "dark"]),
  z.custom<PlotThemeConfig>((v) => isPlain(v) && jsonClean(v, 0), 'must be "light", "dark" or a plain-JSON partial Vega-Lite config object'),
]);

/** Schema of the common options; each chart extends it with its own keys. */
export const plotOptionShape = {
  title: z.string().max(200).optional(),
  width: z.number().min(200).max(1200).optional(),
  height: z.number().min(100).max(1200).optional(),
  theme: themeSchema.optional(),
};

/** Options of the charts that sample: `maxMarks` (≤ 5000) and the sampling `seed`. */
export const sampleOptionShape = {
  maxMarks: z.int().min(10).max(MAX_MARKS).optional(),
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
};

function lightConfig(): Record<string, unknown> {
  return {
    background: "#ffffff",
    font: "Helvetica, Arial, sans-serif",
    view: { stroke: null },
    title: { fontSize: 15, subtitleFontSize: 11, subtitleColor: "#555555", anchor: "start", offset: 10 },
    axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", gridColor: "#e6e6e6", domainColor: "#888888", tickColor: "#888888" },
    legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal" },
    header: { labelFontSize: 11, titleFontSize: 12 },
    range: { category: [...OKABE_ITO], ordinal: { scheme: "viridis" }, heatmap: { scheme: SEQUENTIAL_SCHEME }, ramp: { scheme: SEQUENTIAL_SCHEME } },
    mark: { color: OKABE_ITO[4] },
    bar: { color: OKABE_ITO[4] },
    line: { color: OKABE_ITO[4], strokeWidth: 2 },
    point: { color: OKABE_ITO[4], filled: true },
  };
}

function darkConfig(): Record<string, unknown> {
  const c = lightConfig();
  const text = "#e8e8e8";
  return {
    ...c,
    background: "#1e1e1e",
    title: { ...(c.title as object), color: text, subtitleColor: "#bbbbbb" },
    axis: { ...(c.axis as object), labelColor: text, titleColor: text, gridColor: "#3a3a3a", domainColor: "#aaaaaa", tickColor: "#aaaaaa" },
    legend: { ...(c.legend as object), labelColor: text, titleColor: text },
    header: { ...(c.header as object), labelColor: text, titleColor: text },
    style: { "guide-label": { fill: text }, "guide-title": { fill: text }, text: { fill: text } },
  };
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const k of Object.keys(over)) {
    const a = out[k];
    const b = over[k];
    out[k] = isPlain(a) && isPlain(b) ? merge(a, b) : structuredClone(b);
  }
  return out;
}

/** The Vega-Lite config of a theme option. */
export function themeConfig(theme: PlotTheme | undefined): Record<string, unknown> {
  if (theme === undefined || theme === "light") return lightConfig();
  if (theme === "dark") return darkConfig();
  return merge(lightConfig(), theme);
}

/** Text colour of annotations for a theme (dark text on light, light text on dark). */
export function textColor(theme: PlotTheme | undefined): string {
  return theme === "dark" ? "#e8e8e8" : "#333333";
}

/** Reference-line colour (diagonals, zero lines, boundaries). */
export function refColor(theme: PlotTheme | undefined): string {
  return theme === "dark" ? "#bbbbbb" : "#555555";
}

/**
 * Spec skeleton: `$schema`, title with notes as subtitle (what was sampled or aggregated),
 * size and theme config. `body` holds the mark/layer/concat part.
 */
export function makeSpec(
  opts: { title?: string; width?: number; height?: number; theme?: PlotTheme },
  defaults: { title: string; width?: number; height?: number },
  notes: readonly string[],
  body: Record<string, unknown>,
  sized = true,
): VegaLiteSpec {
  const title: Record<string, unknown> = { text: opts.title ?? defaults.title };
  if (notes.length > 0) title.subtitle = notes.length === 1 ? notes[0] : [...notes];
  const spec: VegaLiteSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title,
    ...(sized ? { width: opts.width ?? defaults.width ?? 480, height: opts.height ?? defaults.height ?? 300 } : {}),
    ...body,
  };
  spec.config = themeConfig(opts.theme);
  return spec;
}

/** Thousands separators for notes on the chart ("5,000 of 1,000,000"). */
export function fmt(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Rounds a number for the spec (keeps specs small and stable): 6 significant digits; non-finite becomes null. */
export function r6(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  if (x === 0) return 0;
  return Number(x.toPrecision(6));
}

/** Throws INVALID_OPTION for an option that is well-typed but contradicts the input. */
export function badOption(fn: string, key: string, message: string, received?: unknown): never {
  throw new ClienteleError({ code: "INVALID_OPTION", path: ["options", key], received, message: `${fn}: ${message}` });
}

export { describeValue };
