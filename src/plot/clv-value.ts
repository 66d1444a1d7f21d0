// CLV charts about customers and value: rate and dropout heterogeneity of a fitted model, the
// customer exposure plot, and the CLV distribution with tiers and budget shares.
import * as z from "../core/schema.js";
import { parseOptions } from "../core/validate.js";
import { logGamma } from "../core/numeric.js";
import { betaLogPdf } from "../core/distributions.js";
import { ClienteleError } from "../core/errors.js";
import type { ClvTiers, CustomerColumnsRFT, PurchaseModel } from "../clv/index.js";
import { makeSpec, plotOptionShape, sampleOptionShape, r6, fmt, OKABE_ITO, refColor, type PlotOptions, type VegaLiteSpec, type SpecValues } from "./theme.js";
import { readList, readObject, readNumber, readNumbers, readLabels, invalid, sampleIndices } from "./input.js";

/** A spec made of side-by-side panels, each with inline data. */
export type ConcatSpec = VegaLiteSpec & { hconcat: { data?: { values: SpecValues }; layer?: { data: { values: SpecValues } }[] }[] };

const GRID = 200;

function gammaDensity(shape: number, rate: number): { x: number; density: number }[] {
  const mean = shape / rate;
  const sd = Math.sqrt(shape) / rate;
  const hi = mean + 4 * sd;
  const out = [];
  const c = shape * Math.log(rate) - logGamma(shape);
  for (let i = 1; i <= GRID; i++) {
    const x = (hi * i) / GRID;
    out.push({ x, density: Math.exp(c + (shape - 1) * Math.log(x) - rate * x) });
  }
  return out;
}

function betaDensity(a: number, b: number): { x: number; density: number }[] {
  const out = [];
  for (let i = 1; i < GRID; i++) {
    const x = i / GRID;
    out.push({ x, density: Math.exp(betaLogPdf(x, a, b)) });
  }
  return out;
}

/** Options of {@link plotHeterogeneity}. */
export type PlotHeterogeneityOptions = PlotOptions;

/**
 * The fitted model's heterogeneity: the density of purchase rates across customers and of
 * dropout (probability or rate) side by side — Gamma(r, α) and Beta(a, b) for BG/NBD and
 * MBG/NBD, Gamma(r, α) and Gamma(s, β) for Pareto/NBD, Beta(α, β) and Beta(γ, δ) for BG/BB. A
 * pile-up at zero means most customers buy rarely (or rarely drop out). O(1): 200 points a curve.
 *
 * @param model - a fitted BG/NBD, MBG/NBD, Pareto/NBD or BG/BB model from `clientele/clv`
 * @param options - `title`, `width`, `height` (per panel), `theme`
 * @throws ClienteleError `INVALID_MODEL`, `INVALID_OPTION`
 * @example
 * import { plotHeterogeneity } from "clientele/plot";
 * const spec = plotHeterogeneity({ kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } });
 * spec.hconcat.map((p) => p.title); // => ["Purchase rate λ ~ Gamma(r = 0.243, α = 4.414)", "Dropout probability p ~ Beta(a = 0.793, b = 2.426)"]
 */
export function plotHeterogeneity(model: PurchaseModel, options: PlotHeterogeneityOptions = {}): ConcatSpec & { hconcat: { title: string }[] } {
  const fn = "plotHeterogeneity";
  const opts = parseOptions(z.object(plotOptionShape), options, fn);
  const m = readObject(model, fn, ["model"], "a fitted BG/NBD, MBG/NBD, Pareto/NBD or BG/BB model");
  const kind = m.kind;
  const bad = (): never => {
    throw invalidModel(fn, kind);
  };
  if (!["bg-nbd", "mbg-nbd", "pareto-nbd", "bg-bb"].includes(kind as string) || m.params === null || typeof m.params !== "object") bad();
  const params = m.params as Record<string, unknown>;
  const pos = (k: string): number => {
    const v = params[k];
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) return bad();
    return v;
  };
  const unit = typeof m.timeUnit === "string" ? m.timeUnit : "time unit";
  const g = (x: number): string => String(r6(x));
  let panels: { title: string; x: string; curve: { x: number; density: number }[] }[];
  if (kind === "bg-nbd" || kind === "mbg-nbd" || kind === "pareto-nbd") {
    const r = pos("r");
    const alpha = pos("alpha");
    panels = [{ title: `Purchase rate λ ~ Gamma(r = ${g(r)}, α = ${g(alpha)})`, x: `Purchases per ${unit} while active`, curve: gammaDensity(r, alpha) }];
    if (kind === "pareto-nbd") {
      const s = pos("s");
      const beta = pos("beta");
      panels.push({ title: `Dropout rate μ ~ Gamma(s = ${g(s)}, β = ${g(beta)})`, x: `Dropouts per ${unit} (rate)`, curve: gammaDensity(s, beta) });
    } else {
      const a = pos("a");
      const b = pos("b");
      panels.push({
        title: `Dropout probability p ~ Beta(a = ${g(a)}, b = ${g(b)})`,
        x: "Probability of dropping out after a purchase",
        curve: betaDensity(a, b),
      });
    }
  } else if (kind === "bg-bb") {
    const [a, b, c, d] = ["alpha", "beta", "gamma", "delta"].map(pos);
    panels = [
      { title: `Transaction probability p ~ Beta(α = ${g(a)}, β = ${g(b)})`, x: "Probability of a transaction per opportunity", curve: betaDensity(a, b) },
      { title: `Dropout probability θ ~ Beta(γ = ${g(c)}, δ = ${g(d)})`, x: "Probability of dropping out per opportunity", curve: betaDensity(c, d) },
    ];
  } else {
    return bad();
  }
  const base = makeSpec(
    opts,
    { title: "Customer heterogeneity of the fitted model" },
    ["densities across customers of the fitted mixing distributions"],
    {},
    false,
  );
  const colors = [OKABE_ITO[4], OKABE_ITO[5]];
  base.hconcat = panels.map((p, i) => ({
    title: p.title,
    width: opts.width ?? 300,
    height: opts.height ?? 220,
    data: { values: p.curve.map((v) => ({ x: r6(v.x), density: r6(v.density) })) },
    mark: { type: "area", line: { color: colors[i] }, color: colors[i], opacity: 0.35, tooltip: true },
    encoding: {
      x: { field: "x", type: "quantitative", title: p.x },
      y: { field: "density", type: "quantitative", title: "Density (per unit of x)" },
    },
  }));
  return base as ConcatSpec & { hconcat: { title: string }[] };
}

/** A model kind this chart cannot draw, or parameters that are not positive. */
function invalidModel(fn: string, kind: unknown): ClienteleError {
  return new ClienteleError({
    code: "INVALID_MODEL",
    path: ["model"],
    received: kind,
    message: `${fn}: model must be a fitted BG/NBD, MBG/NBD, Pareto/NBD or BG/BB model (kind "bg-nbd", "mbg-nbd", "pareto-nbd" or "bg-bb") with positive params. Got kind ${JSON.stringify(kind) ?? "undefined"}.`,
  });
}

/** Options of {@link plotCustomerExposure}. */
export interface PlotCustomerExposureOptions extends PlotOptions {
  /** Most customers drawn (default 100, at most 1000); more are sampled. */
  maxCustomers?: number;
  /** Seed of the sample (default 0). */
  seed?: number;
  /** Time unit named in the axis title (e.g. "week"). */
  timeUnit?: string;
}

/**
 * Customer exposure: one line per customer from the first purchase to the end of observation,
 * with the first purchase (circle) and the last purchase (diamond) marked, longest-observed at
 * the top (pymc-marketing's `plot_customer_exposure`). Shows how long each customer could be
 * seen buying. Above `maxCustomers` a seeded sample is drawn and the chart says so. O(n).
 *
 * @param customers - `frequency`, `recency`, `T` columns (`summarizeTransactions` in `clientele/data`)
 * @param options - `maxCustomers` (100), `seed` (0), `timeUnit`, `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `OUT_OF_RANGE`, `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { plotCustomerExposure } from "clientele/plot";
 * const spec = plotCustomerExposure({ frequency: [2, 0], recency: [10, 0], T: [30, 12] });
 * spec.layer[0].data.values; // => [{ customer: 0, start: 0, lastPurchase: 10, end: 30 }, { customer: 1, start: 18, lastPurchase: 18, end: 30 }]
 */
export function plotCustomerExposure(
  customers: CustomerColumnsRFT,
  options: PlotCustomerExposureOptions = {},
): VegaLiteSpec & { layer: { data: { values: SpecValues } }[] } {
  const fn = "plotCustomerExposure";
  const opts = parseOptions(
    z.object({ ...plotOptionShape, maxCustomers: z.int().min(1).max(1000).optional(), seed: sampleOptionShape.seed, timeUnit: z.string().max(40).optional() }),
    options,
    fn,
  );
  const c = readObject(customers, fn, ["customers"], "customer columns { frequency, recency, T }");
  const rec = readNumbers(c.recency, fn, ["customers", "recency"], { min: 0 });
  const T = readNumbers(c.T, fn, ["customers", "T"], { min: 0, length: rec.length });
  for (let i = 0; i < rec.length; i++) {
    if (rec[i] > T[i])
      throw new ClienteleError({
        code: "RECENCY_AFTER_T",
        path: ["customers", "recency", i],
        received: rec[i],
        message: `${fn}: customers.recency[${i}] is ${rec[i]} but T is ${T[i]}; recency must be <= T.`,
      });
  }
  const pick = Array.from(sampleIndices(rec.length, opts.maxCustomers ?? 100, opts.seed ?? 0));
  pick.sort((a, b) => T[b] - T[a] || a - b);
  const end = Math.max(...T);
  const values = pick.map((i) => ({ customer: i, start: r6(end - T[i]), lastPurchase: r6(end - T[i] + rec[i]), end: r6(end) }));
  const unit = opts.timeUnit ? `${opts.timeUnit}s` : "time units";
  const notes = [`${fmt(rec.length)} customers; line: observed from the first purchase to the end`];
  if (pick.length < rec.length) notes.push(`random sample of ${fmt(pick.length)} of ${fmt(rec.length)} customers (seed ${opts.seed ?? 0})`);
  const y = {
    field: "customer",
    type: "ordinal",
    sort: pick,
    axis: pick.length <= 40 ? { title: "Customer (index)" } : { title: "Customers (longest observed first)", labels: false, ticks: false },
  };
  const points = values.flatMap((v) => [
    { customer: v.customer, time: v.start, event: "First purchase" },
    { customer: v.customer, time: v.lastPurchase, event: "Last purchase" },
  ]);
  return makeSpec(opts, { title: "Customer exposure", width: 520, height: Math.min(600, Math.max(200, 6 * pick.length)) }, notes, {
    layer: [
      {
        data: { values },
        mark: { type: "rule", color: "#999999" },
        encoding: { y, x: { field: "start", type: "quantitative", title: `Time since the start of the data (${unit})` }, x2: { field: "end" } },
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: pick.length > 300 ? 10 : 30, tooltip: true },
        encoding: {
          y,
          x: { field: "time", type: "quantitative" },
          color: { field: "event", type: "nominal", title: null, scale: { domain: ["First purchase", "Last purchase"], range: [OKABE_ITO[4], OKABE_ITO[5]] } },
          shape: { field: "event", type: "nominal", scale: { domain: ["First purchase", "Last purchase"], range: ["circle", "diamond"] } },
        },
      },
    ],
  }) as VegaLiteSpec & { layer: { data: { values: SpecValues } }[] };
}

/** Options of {@link plotClvDistribution}. */
export interface PlotClvDistributionOptions extends PlotOptions {
  /** Histogram bars (default 40, at most 200). */
  bins?: number;
  /** Quantile where the histogram's last bar starts collecting the long tail (default 0.99). */
  clipQuantile?: number;
  /** Currency or unit of CLV named in the axis title (e.g. "USD"). */
  currency?: string;
}

const TIER_ORDER = ["High", "Medium", "Low", "Negative"];
const TIER_COLORS = [OKABE_ITO[2], OKABE_ITO[1], OKABE_ITO[0], OKABE_ITO[5]];

/**
 * CLV distribution with tiers and budget shares: a histogram of customer lifetime value stacked
 * by tier, beside each tier's share of total value and its customary share of the marketing
 * budget (a range). The long tail beyond the 99th percentile is gathered in the last bar and the
 * chart says so. Takes the CLV per customer and `clvTiers`' result. O(n log n).
 *
 * @param clv - CLV per customer (`customerLifetimeValue` in `clientele/clv`)
 * @param tiers - `clvTiers(clv)` from `clientele/clv`
 * @param options - `bins` (40), `clipQuantile` (0.99), `currency`, `title`, `width`, `height`, `theme`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `INVALID_OPTION`
 * @example
 * import { clvTiers } from "clientele/clv";
 * import { plotClvDistribution } from "clientele/plot";
 * const clv = [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560];
 * const spec = plotClvDistribution(clv, clvTiers(clv), { bins: 5 });
 * spec.hconcat[1].data.values.map((t) => t.tier); // => ["High", "Medium", "Low", "Negative"]
 */
export function plotClvDistribution(
  clv: ArrayLike<number>,
  tiers: ClvTiers,
  options: PlotClvDistributionOptions = {},
): ConcatSpec & { hconcat: { data: { values: SpecValues } }[] } {
  const fn = "plotClvDistribution";
  const opts = parseOptions(
    z.object({
      ...plotOptionShape,
      bins: z.int().min(2).max(200).optional(),
      clipQuantile: z.number().gt(0.5).max(1).optional(),
      currency: z.string().max(20).optional(),
    }),
    options,
    fn,
  );
  const v = readNumbers(clv, fn, ["clv"]);
  const t = readObject(tiers, fn, ["tiers"], "the result of clvTiers");
  const tier = readLabels(t.tier, fn, ["tiers", "tier"], { length: v.length });
  const summary = readList(t.summary, fn, ["tiers", "summary"], "tier summaries", { max: 10 });
  const sorted = Float64Array.from(v).sort();
  const q = opts.clipQuantile ?? 0.99;
  const lo = sorted[0];
  const clipAt = sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
  const hi = clipAt > lo ? clipAt : sorted[sorted.length - 1] > lo ? sorted[sorted.length - 1] : lo + 1;
  const nb = opts.bins ?? 40;
  const width = (hi - lo) / nb;
  const counts = new Map<string, number>();
  let clipped = 0;
  for (let i = 0; i < v.length; i++) {
    if (!TIER_ORDER.includes(tier[i]))
      invalid(fn, ["tiers", "tier", i], `tiers.tier[${i}] is ${JSON.stringify(tier[i])}; expected one of ${TIER_ORDER.join(", ")}.`, tier[i]);
    const b = Math.max(0, Math.min(nb - 1, Math.floor((v[i] - lo) / width)));
    if (v[i] > hi) clipped++;
    const key = `${b}|${tier[i]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const hist: SpecValues = [];
  for (const [key, n] of [...counts.entries()].sort()) {
    const [b, tr] = key.split("|");
    const bi = Number(b);
    hist.push({ bin: r6(lo + bi * width), bin2: r6(lo + (bi + 1) * width), tier: tr, customers: n });
  }
  const shares: SpecValues = [];
  for (let i = 0; i < summary.length; i++) {
    const s = readObject(summary[i], fn, ["tiers", "summary", i], "a tier summary");
    const name = readLabels([s.tier], fn, ["tiers", "summary", i, "tier"])[0];
    const budget = readNumbers(s.budgetShare, fn, ["tiers", "summary", i, "budgetShare"], { min: 0, maxValue: 1, length: 2 });
    shares.push({
      tier: name,
      customers: readNumber(s.count, fn, ["tiers", "summary", i, "count"], { min: 0 }),
      shareOfValue: r6(readNumber(s.shareOfValue, fn, ["tiers", "summary", i, "shareOfValue"])),
      budgetLow: r6(budget[0]),
      budgetHigh: r6(budget[1]),
    });
  }
  shares.sort((a, b) => TIER_ORDER.indexOf(a.tier as string) - TIER_ORDER.indexOf(b.tier as string));
  const cur = opts.currency ? ` (${opts.currency})` : " (currency units)";
  const notes = [`${fmt(v.length)} customers; right: share of total value (bars) and customary budget share (line: range)`];
  if (clipped > 0) notes.push(`${fmt(clipped)} customers above the ${r6(q * 100)}th percentile (${r6(hi)}) counted in the last bar`);
  const present = TIER_ORDER.filter((tr) => tier.includes(tr) || shares.some((s) => s.tier === tr));
  const color = { field: "tier", type: "nominal", title: "Tier", sort: present, scale: { domain: TIER_ORDER, range: TIER_COLORS } };
  const base = makeSpec(opts, { title: "Customer lifetime value by tier" }, notes, {}, false);
  base.hconcat = [
    {
      width: opts.width ?? 420,
      height: opts.height ?? 260,
      data: { values: hist },
      mark: { type: "bar", tooltip: true },
      encoding: {
        x: { field: "bin", type: "quantitative", bin: { binned: true, step: r6(width) }, title: `Customer lifetime value${cur}` },
        x2: { field: "bin2" },
        y: { field: "customers", type: "quantitative", stack: true, title: "Customers" },
        color,
        order: { field: "tier" },
        tooltip: [{ field: "bin", title: "From" }, { field: "bin2", title: "To" }, { field: "tier" }, { field: "customers", format: "," }],
      },
    },
    {
      width: 200,
      height: opts.height ?? 260,
      data: { values: shares },
      layer: [
        {
          mark: { type: "bar", tooltip: true },
          encoding: {
            x: { field: "tier", type: "nominal", sort: present, title: "Tier", axis: { labelAngle: 0 } },
            y: { field: "shareOfValue", type: "quantitative", title: "Share of total value / of budget", axis: { format: "%" } },
            color,
            tooltip: [
              { field: "tier" },
              { field: "customers", format: "," },
              { field: "shareOfValue", format: ".1%" },
              { field: "budgetLow", title: "Budget from", format: ".0%" },
              { field: "budgetHigh", title: "Budget to", format: ".0%" },
            ],
          },
        },
        {
          mark: { type: "rule", strokeWidth: 3, color: refColor(opts.theme) },
          encoding: { x: { field: "tier", type: "nominal", sort: present }, y: { field: "budgetLow", type: "quantitative" }, y2: { field: "budgetHigh" } },
        },
      ],
    },
  ];
  return base as ConcatSpec & { hconcat: { data: { values: SpecValues } }[] };
}
