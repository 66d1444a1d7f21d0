import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { parseOptions } from "../core/validate.js";
import { encodePaths, type PathsInput } from "./paths-input.js";

/** Options of {@link heuristicAttribution}. */
export interface HeuristicAttributionOptions {
  /** Separator of string paths. Default `">"` (ChannelAttribution's `sep`). */
  separator?: string;
  /** Position-based weights of the first and last touch (the middle touches share the rest). Default `[0.4, 0.4]`. */
  positionWeights?: [number, number];
  /**
   * Half-life of the time-decay model, in touchpoints: a touch `d` steps before the last one
   * weighs `2^(-d / halfLife)`. Default 1. Aggregated paths carry no clock times, so decay is
   * by position (the usual stand-in for days before the conversion).
   */
  halfLife?: number;
}

/** Conversions and conversion value credited to each channel by one heuristic. */
export interface HeuristicCredit {
  /** Conversions credited to `channels[i]`; sums to `totalConversions`. */
  conversions: number[];
  /** Conversion value credited to `channels[i]`; sums to `totalValue`. */
  value: number[];
}

/** The five heuristic attributions side by side, channels in order of first appearance. Rows: {@link heuristicRows}. */
export interface HeuristicAttribution {
  /** Channel names in order of first appearance in the paths (as ChannelAttribution lists them). */
  channels: string[];
  /** All credit to the first touch. */
  firstTouch: HeuristicCredit;
  /** All credit to the last touch. */
  lastTouch: HeuristicCredit;
  /** Equal credit per touch (a channel touched twice in a path of 4 gets 2/4, as in ChannelAttribution). */
  linear: HeuristicCredit;
  /** 40 % first, 40 % last, 20 % shared by the middle touches (one touch: 100 %; two: 50/50). */
  positionBased: HeuristicCredit;
  /** Credit halving every `halfLife` touches back from the last touch. */
  timeDecay: HeuristicCredit;
  /** Sum of conversions over paths. */
  totalConversions: number;
  /** Sum of conversion value over paths. */
  totalValue: number;
}

/** The heuristic model names, in the order of {@link heuristicRows}. */
export type HeuristicModel = "first-touch" | "last-touch" | "linear" | "position-based" | "time-decay";

/** One channel under one heuristic model. */
export interface HeuristicRow {
  channel: string;
  model: HeuristicModel;
  conversions: number;
  value: number;
}

const options = z.object({
  separator: z.string().min(1).default(">"),
  positionWeights: z
    .tuple([z.number().min(0).max(1), z.number().min(0).max(1)])
    .refine((w) => w[0] + w[1] <= 1, "first + last must be <= 1")
    .default([0.4, 0.4]),
  halfLife: z.number().gt(0).default(1),
});

/**
 * Credits each conversion (and its value) to channels by the five classic rules: first
 * touch, last touch, linear, position-based (40/20/40) and time decay. First, last and linear
 * equal ChannelAttribution 2.0.7's `heuristic_models()` exactly (repeated channels count once
 * per touch in linear). O(touchpoints).
 *
 * @param paths - aggregated paths: rows `{ path, conversions, value?, nulls? }` or columns (`buildPaths` output)
 * @param options_ - `separator` (`">"`), `positionWeights` (`[0.4, 0.4]`), `halfLife` (1 touch)
 * @throws ClienteleError `EMPTY_INPUT` (no paths, or a path without channels), `INVALID_INPUT`, `MISSING_VALUE`, `NON_FINITE`, `NEGATIVE_VALUE`, `LENGTH_MISMATCH`, `MISSING_COLUMN`, `INVALID_OPTION`, `TOO_LARGE`
 * @see https://cran.r-project.org/package=ChannelAttribution
 * @example
 * import { heuristicAttribution } from "clientele/journey";
 * const h = heuristicAttribution([
 *   { path: "seo > email > ads", conversions: 2, value: 100 },
 *   { path: "ads", conversions: 1, value: 10, nulls: 4 },
 * ]);
 * h.channels; // => ["seo", "email", "ads"]
 * h.firstTouch.conversions; // => [2, 0, 1]
 * h.positionBased.value; // => [40, 20, 50]
 */
export function heuristicAttribution(paths: PathsInput, options_: HeuristicAttributionOptions = {}): HeuristicAttribution {
  const fn = "heuristicAttribution";
  const opts = parseOptions(options, options_, fn);
  const p = encodePaths(paths, fn, opts.separator);
  const m = p.channels.length;
  const make = (): { c: Float64Array; v: Float64Array } => ({ c: new Float64Array(m), v: new Float64Array(m) });
  const first = make();
  const last = make();
  const lin = make();
  const pos = make();
  const dec = make();
  const [wf, wl] = opts.positionWeights;
  const decay = Math.pow(2, -1 / opts.halfLife);
  let totalC = 0;
  let totalV = 0;
  const { offsets, touches } = p;
  for (let i = 0; i < p.n; i++) {
    const c = p.conv[i];
    const v = p.value[i];
    if (c === 0 && v === 0) continue;
    totalC += c;
    totalV += v;
    const a = offsets[i];
    const b = offsets[i + 1];
    const len = b - a;
    first.c[touches[a]] += c;
    first.v[touches[a]] += v;
    last.c[touches[b - 1]] += c;
    last.v[touches[b - 1]] += v;
    // linear as ChannelAttribution sums it: per channel, (touches of it) * c / len
    for (let j = a; j < b; j++) {
      lin.c[touches[j]] += c / len;
      lin.v[touches[j]] += v / len;
    }
    if (len === 1) {
      pos.c[touches[a]] += c;
      pos.v[touches[a]] += v;
    } else if (len === 2) {
      const s = wf + wl;
      pos.c[touches[a]] += (c * wf) / s;
      pos.v[touches[a]] += (v * wf) / s;
      pos.c[touches[a + 1]] += (c * wl) / s;
      pos.v[touches[a + 1]] += (v * wl) / s;
    } else {
      const mid = (1 - wf - wl) / (len - 2);
      pos.c[touches[a]] += c * wf;
      pos.v[touches[a]] += v * wf;
      pos.c[touches[b - 1]] += c * wl;
      pos.v[touches[b - 1]] += v * wl;
      for (let j = a + 1; j < b - 1; j++) {
        pos.c[touches[j]] += c * mid;
        pos.v[touches[j]] += v * mid;
      }
    }
    // time decay: weight decay^(b-1-j), normalized over the path
    let norm = 0;
    let w = 1;
    for (let j = b - 1; j >= a; j--) {
      norm += w;
      w *= decay;
    }
    w = 1;
    for (let j = b - 1; j >= a; j--) {
      dec.c[touches[j]] += (c * w) / norm;
      dec.v[touches[j]] += (v * w) / norm;
      w *= decay;
    }
  }
  const out = (x: { c: Float64Array; v: Float64Array }): HeuristicCredit => ({ conversions: Array.from(x.c), value: Array.from(x.v) });
  return {
    channels: p.channels,
    firstTouch: out(first),
    lastTouch: out(last),
    linear: out(lin),
    positionBased: out(pos),
    timeDecay: out(dec),
    totalConversions: totalC,
    totalValue: totalV,
  };
}

const MODELS: ReadonlyArray<[HeuristicModel, keyof HeuristicAttribution]> = [
  ["first-touch", "firstTouch"],
  ["last-touch", "lastTouch"],
  ["linear", "linear"],
  ["position-based", "positionBased"],
  ["time-decay", "timeDecay"],
];

/**
 * One row per channel and model of a {@link heuristicAttribution} result (model by model,
 * channels in the result's order), for tables and charts. O(channels).
 *
 * @param result - a `heuristicAttribution` result
 * @throws ClienteleError `INVALID_INPUT` when `result` is not one
 * @example
 * import { heuristicAttribution, heuristicRows } from "clientele/journey";
 * const rows = heuristicRows(heuristicAttribution([{ path: ["seo", "ads"], conversions: 1 }]));
 * rows[0]; // => { channel: "seo", model: "first-touch", conversions: 1, value: 0 }
 * rows.length; // => 10
 */
export function heuristicRows(result: HeuristicAttribution): HeuristicRow[] {
  checkResult(result, "heuristicRows");
  if (result.channels.length === 0) {
    throw new ClienteleError({
      code: "EMPTY_INPUT",
      path: ["result", "channels"],
      message: `heuristicRows: result has no channels; pass the output of heuristicAttribution.`,
    });
  }
  const rows: HeuristicRow[] = [];
  for (const [model, key] of MODELS) {
    const credit = result[key] as HeuristicCredit;
    for (let i = 0; i < result.channels.length; i++) {
      rows.push({ channel: result.channels[i], model, conversions: credit.conversions[i], value: credit.value[i] });
    }
  }
  return rows;
}

function checkResult(r: unknown, fn: string): asserts r is HeuristicAttribution {
  const ok =
    r !== null &&
    typeof r === "object" &&
    Array.isArray((r as HeuristicAttribution).channels) &&
    MODELS.every(([, k]) => {
      const c = (r as Record<string, unknown>)[k] as HeuristicCredit | undefined;
      const n = (r as HeuristicAttribution).channels.length;
      return c !== null && typeof c === "object" && finiteArray(c.conversions, n) && finiteArray(c.value, n);
    }) &&
    (r as HeuristicAttribution).channels.every((c) => typeof c === "string");
  if (!ok) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["result"],
      message: `${fn}: result must be the output of heuristicAttribution (channels plus firstTouch, lastTouch, linear, positionBased, timeDecay).`,
    });
  }
}

/** A plain array of `n` finite numbers (a result column that can be trusted). Internal. */
export function finiteArray(a: unknown, n: number, nullable = false): boolean {
  if (!Array.isArray(a) || a.length !== n) return false;
  for (const v of a) if (!(typeof v === "number" && Number.isFinite(v)) && !(nullable && v === null)) return false;
  return true;
}
