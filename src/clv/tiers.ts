import * as z from "../core/schema.js";
import { jsonColumns } from "../core/json.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { parseOptions, toFloat64Column } from "../core/validate.js";
import type { BgBbCustomers } from "./bgbb-data.js";
import type { BgBbModel } from "./bgbb-model.js";
import { bgbbAliveImpl } from "./bgbb-predict.js";
import type { CustomerColumnsRFT } from "./fit-common.js";
import { canonicalKind } from "./kinds.js";
import { probabilityAliveImpl, type TransactionModel } from "./transaction.js";

/** Churn risk tier of a customer. */
export type ChurnTier = "low" | "medium" | "high";

/** Options of {@link churnRisk}. */
export interface ChurnRiskOptions {
  /**
   * Cut points on the churn probability `[medium, high]` (default `[0.3, 0.7]`): churn below
   * 0.3 is "low", from 0.3 to below 0.7 "medium", 0.7 or more "high".
   */
  thresholds?: [number, number];
}

/** Result of {@link churnRisk}. */
export interface ChurnRisk {
  /** Churn probability 1 − P(alive) per customer. */
  churn: Float64Array;
  /** Risk tier per customer. */
  tier: ChurnTier[];
  /** Customers per tier. */
  counts: Record<ChurnTier, number>;
  /** The cut points used, `[medium, high]`. */
  thresholds: [number, number];
}

const churnOptionsSchema = z.object({
  thresholds: z
    .tuple([z.number().min(0).max(1), z.number().min(0).max(1)])
    .refine((t) => t[0] <= t[1], { message: "thresholds must be [medium, high] with medium <= high" })
    .default([0.3, 0.7]),
});

/**
 * Churn probability 1 − P(alive) of each customer with a risk tier ("low" below 0.3,
 * "medium" below 0.7, "high" from 0.7 by default). Works with BG/NBD, MBG/NBD and
 * Pareto/NBD models on (frequency, recency, T) columns, and with a BG/BB model on
 * (frequency, recency, periods) columns (P(alive) at the next opportunity). O(n).
 *
 * The churn column is what RFMTC's churn input expects.
 *
 * @param model - a transaction model or a BG/BB model
 * @param customers - the columns the model was fitted on
 * @param options - `thresholds` `[medium, high]` (default `[0.3, 0.7]`)
 * @throws ClienteleError `INVALID_OPTION`, the model checks (`INVALID_MODEL`, `WRONG_MODEL_KIND`,
 *   `UNSUPPORTED_MODEL_VERSION`), `UNIT_MISMATCH` (a summary in another unit than the model) and the column
 *   checks of `probabilityAlive`
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. 11 (P(alive) for BG/NBD)
 * @example
 * import { churnRisk, fitBgNbd } from "clientele/clv";
 * const bgnbd = fitBgNbd(
 *   { frequency: [2, 1, 0, 0, 5, 3], recency: [30.4, 1.7, 0, 0, 20, 36], T: [38.9, 38.9, 38.9, 30, 35, 38] },
 *   { timeUnit: "week" },
 * );
 * const r = churnRisk(bgnbd, { frequency: [0, 2, 5], recency: [0, 30.43, 5], T: [38.86, 38.86, 38.86] });
 * r.tier; // => ["low", "low", "high"]: the 5-purchase customer silent for 34 weeks is likely gone
 */
export function churnRisk(model: TransactionModel | BgBbModel, customers: CustomerColumnsRFT | BgBbCustomers, options: ChurnRiskOptions = {}): ChurnRisk {
  const fn = "churnRisk";
  const { thresholds } = parseOptions(churnOptionsSchema, options, fn);
  const kind = canonicalKind((model as { kind?: unknown } | null)?.kind);
  const alive =
    kind === "bg-bb"
      ? bgbbAliveImpl(model as BgBbModel, customers as BgBbCustomers, 1, fn)
      : probabilityAliveImpl(model as TransactionModel, customers as CustomerColumnsRFT, fn); // checks a summary's unit against the model's
  const n = alive.length;
  const churn = new Float64Array(n);
  const tier: ChurnTier[] = new Array(n);
  const counts: Record<ChurnTier, number> = { low: 0, medium: 0, high: 0 };
  const [mid, high] = thresholds;
  for (let i = 0; i < n; i++) {
    const c = Math.min(1, Math.max(0, 1 - alive[i]));
    churn[i] = c;
    const t: ChurnTier = c >= high ? "high" : c >= mid ? "medium" : "low";
    tier[i] = t;
    counts[t]++;
  }
  return jsonColumns({ churn, tier, counts, thresholds: [mid, high] });
}

/** CLV tier of a customer. */
export type ClvTier = "High" | "Medium" | "Low" | "Negative";

/** The customary share of the marketing budget and the action for each CLV tier. */
export interface ClvTierGuidance {
  /** Suggested share of the marketing budget, [min, max] as fractions. */
  budgetShare: [number, number];
  /** What to do with the tier. */
  action: string;
}

/**
 * Customary budget split across CLV tiers: High 40–50%, Medium 30–35%, Low 15–20%,
 * Negative 5% or less, with the usual actions.
 *
 * @example
 * import { CLV_TIER_GUIDANCE } from "clientele/clv";
 * CLV_TIER_GUIDANCE.High.budgetShare; // => [0.4, 0.5]
 */
export const CLV_TIER_GUIDANCE: Readonly<Record<ClvTier, ClvTierGuidance>> = Object.freeze({
  High: { budgetShare: [0.4, 0.5], action: "Retain and grow: loyalty programs, premium service, early access." },
  Medium: { budgetShare: [0.3, 0.35], action: "Develop: cross-sell and up-sell to move them into the High tier." },
  Low: { budgetShare: [0.15, 0.2], action: "Serve efficiently: automated, low-cost campaigns; test what lifts value." },
  Negative: { budgetShare: [0, 0.05], action: "Minimize spend: stop paid acquisition and costly service for this group." },
});

/** Options of {@link clvTiers}. */
export interface ClvTiersOptions {
  /** "quantile" (default): cut the non-negative CLVs at quantiles; "thresholds": at fixed values. */
  method?: "quantile" | "thresholds";
  /**
   * Quantile cut points `[medium, high]` of the non-negative CLVs (default `[0.5, 0.8]`: the
   * top 20% are High, the next 30% Medium, the rest Low). Used by `method: "quantile"`.
   */
  quantiles?: [number, number];
  /** Value cut points `[medium, high]`, required by `method: "thresholds"`. */
  thresholds?: [number, number];
}

/** Summary of one CLV tier. */
export interface ClvTierSummary {
  tier: ClvTier;
  /** Customers in the tier. */
  count: number;
  /** Sum of their CLV. */
  totalClv: number;
  /** Their share of the total positive CLV (0 for the Negative tier). */
  shareOfValue: number;
  /** Customary budget share [min, max] and action (see CLV_TIER_GUIDANCE). */
  budgetShare: [number, number];
  action: string;
}

/** Result of {@link clvTiers}. */
export interface ClvTiers {
  /** Tier per customer. */
  tier: ClvTier[];
  /** The value cut points used: CLV >= high is High, >= medium Medium, >= 0 Low, < 0 Negative. */
  cutoffs: { medium: number; high: number };
  /** One row per tier, High first. */
  summary: ClvTierSummary[];
}

const pair01 = z
  .tuple([z.number().min(0).max(1), z.number().min(0).max(1)])
  .refine((t) => t[0] <= t[1], { message: "must be [medium, high] with medium <= high" });
const tiersSchema = z.object({
  method: z.enum(["quantile", "thresholds"]).default("quantile"),
  quantiles: pair01.default([0.5, 0.8]),
  thresholds: z
    .tuple([z.number().finite().min(0), z.number().finite().min(0)])
    .refine((t) => t[0] <= t[1], { message: "must be [medium, high] with 0 <= medium <= high" })
    .optional(),
});

/** Type-7 (linear interpolation) quantile of sorted values. */
function quantileSorted(sorted: Float64Array, prob: number): number {
  const h = (sorted.length - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Sorts customers into CLV tiers High, Medium, Low and Negative (CLV < 0, e.g. after
 * subtracting costs), by quantiles of the non-negative CLVs (default: top 20% High, next 30%
 * Medium) or by fixed thresholds, with each tier's count, value share and the customary
 * budget share (High 40–50%, Medium 30–35%, Low 15–20%, Negative ≤ 5%). O(n log n).
 *
 * @param clv - CLV per customer, e.g. from {@link customerLifetimeValue}
 * @param options - `method` (default "quantile"), `quantiles` (default [0.5, 0.8]), `thresholds`
 * @throws ClienteleError `EMPTY_INPUT`, `NON_FINITE`, `MISSING_COLUMN`, `INVALID_OPTION`
 * @example
 * import { clvTiers } from "clientele/clv";
 * clvTiers([500, 120, 40, -10, 80], { method: "thresholds", thresholds: [100, 400] }).tier;
 * // => ["High", "Medium", "Low", "Negative", "Low"]
 */
export function clvTiers(clv: ArrayLike<number>, options: ClvTiersOptions = {}): ClvTiers {
  const fn = "clvTiers";
  const opts = parseOptions(tiersSchema, options, fn);
  const v = toFloat64Column(clv, fn, "clv");
  const n = v.length;
  if (n === 0) {
    throw new ClienteleError({ code: "EMPTY_INPUT", path: ["clv"], message: `${fn}: clv is empty. Pass one CLV per customer.` });
  }
  let medium: number;
  let high: number;
  if (opts.method === "thresholds") {
    if (opts.thresholds === undefined) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "thresholds"],
        message: `${fn}: method "thresholds" needs options.thresholds = [medium, high] (CLV values, medium <= high). Got undefined.`,
      });
    }
    [medium, high] = opts.thresholds;
  } else {
    let m = 0;
    for (let i = 0; i < n; i++) if (v[i] >= 0) m++;
    const nonneg = new Float64Array(m);
    let j = 0;
    for (let i = 0; i < n; i++) if (v[i] >= 0) nonneg[j++] = v[i];
    nonneg.sort();
    if (m === 0) {
      medium = 0;
      high = 0;
    } else {
      medium = quantileSorted(nonneg, opts.quantiles[0]);
      high = quantileSorted(nonneg, opts.quantiles[1]);
    }
  }
  const tier: ClvTier[] = new Array(n);
  const count: Record<ClvTier, number> = { High: 0, Medium: 0, Low: 0, Negative: 0 };
  const total: Record<ClvTier, number> = { High: 0, Medium: 0, Low: 0, Negative: 0 };
  let positive = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    // ties at a cut point go to the higher tier; with quantiles, all-equal values land in High
    const t: ClvTier = x < 0 ? "Negative" : x >= high ? "High" : x >= medium ? "Medium" : "Low";
    tier[i] = t;
    count[t]++;
    total[t] += x;
    if (x > 0) positive += x;
  }
  const order: ClvTier[] = ["High", "Medium", "Low", "Negative"];
  const summary = order.map((t) => ({
    tier: t,
    count: count[t],
    totalClv: total[t],
    shareOfValue: t === "Negative" || positive === 0 ? 0 : total[t] / positive,
    budgetShare: [...CLV_TIER_GUIDANCE[t].budgetShare] as [number, number],
    action: CLV_TIER_GUIDANCE[t].action,
  }));
  return { tier, cutoffs: { medium, high }, summary };
}

/** CLV/CAC recommendation. */
export type ClvCacGuidance = "invest-more" | "optimize" | "revise";

/** Result of {@link clvToCac}. */
export interface ClvToCac {
  /** CLV / CAC per customer (or per segment). */
  ratio: Float64Array;
  /** "invest-more" when the ratio is above 3, "optimize" from 1 to 3, "revise" below 1. */
  guidance: ClvCacGuidance[];
  /** Ratio of the totals Σ CLV / Σ CAC, with its guidance and a sentence. */
  overall: { ratio: number; guidance: ClvCacGuidance; message: string };
}

function guide(r: number): ClvCacGuidance {
  return r > 3 ? "invest-more" : r >= 1 ? "optimize" : "revise";
}

const MESSAGES: Record<ClvCacGuidance, string> = {
  "invest-more": "CLV is more than 3 times acquisition cost: acquisition is under-funded; invest more to grow.",
  optimize: "CLV covers acquisition cost but is below the 3:1 benchmark: improve retention or lower acquisition cost.",
  revise: "CLV is below acquisition cost: each new customer loses money; revise targeting, pricing or channels.",
};

/**
 * CLV to customer-acquisition-cost ratio with the customary guidance: above 3, invest
 * more in acquisition; from 1 to 3, optimize; below 1, revise (customers cost more than
 * they return). `cac` is one number for everyone or one per customer (segment). O(n).
 *
 * @param clv - CLV per customer or per segment
 * @param cac - acquisition cost (> 0), a number or one per entry of `clv`
 * @throws ClienteleError `EMPTY_INPUT`, `NON_FINITE`, `OUT_OF_RANGE` (cac <= 0, or a cac so small that CLV / CAC overflows: the ratio is never Infinity), `LENGTH_MISMATCH`, `MISSING_COLUMN`
 * @example
 * import { clvToCac } from "clientele/clv";
 * const r = clvToCac([400, 150, 60], 100);
 * r.guidance; // => ["invest-more", "optimize", "revise"]
 * r.overall.ratio; // => 2.033 (610 / 300)
 */
export function clvToCac(clv: ArrayLike<number>, cac: number | ArrayLike<number>): ClvToCac {
  const fn = "clvToCac";
  const v = toFloat64Column(clv, fn, "clv");
  const n = v.length;
  if (n === 0) {
    throw new ClienteleError({ code: "EMPTY_INPUT", path: ["clv"], message: `${fn}: clv is empty. Pass at least one CLV value.` });
  }
  let costs: Float64Array;
  if (typeof cac === "number") {
    if (!Number.isFinite(cac) || !(cac > 0)) {
      throw new ClienteleError({
        code: Number.isFinite(cac) ? "OUT_OF_RANGE" : "NON_FINITE",
        path: ["cac"],
        received: cac,
        message: `${fn}: cac is ${describeValue(cac)}; the acquisition cost must be a finite number > 0.`,
      });
    }
    costs = new Float64Array(n).fill(cac);
  } else costs = toFloat64Column(cac, fn, "cac", { gt: 0 }, n);
  const ratio = new Float64Array(n);
  const guidance: ClvCacGuidance[] = new Array(n);
  let sv = 0;
  let sc = 0;
  const overflow = (path: (string | number)[], what: string, value: number): never => {
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path,
      received: value,
      message:
        `${fn}: ${what} is too large to represent (CLV / CAC overflows to ${value}); the acquisition cost is too small for the CLV. ` +
        `Express CLV and CAC in the same currency unit (e.g. both in dollars, not CAC in millions), or drop near-zero costs.`,
    });
  };
  for (let i = 0; i < n; i++) {
    ratio[i] = v[i] / costs[i];
    if (!Number.isFinite(ratio[i])) overflow(typeof cac === "number" ? ["cac"] : ["cac", i], `the ratio for entry ${i} (${v[i]} / ${costs[i]})`, ratio[i]);
    guidance[i] = guide(ratio[i]);
    sv += v[i];
    sc += costs[i];
  }
  // Σ CLV or Σ CAC may overflow even when each ratio is finite: then sum values scaled by the largest magnitude.
  let r = sv / sc;
  if (!Number.isFinite(r)) {
    let big = 0;
    for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(v[i]), costs[i]);
    let svs = 0;
    let scs = 0;
    for (let i = 0; i < n; i++) {
      svs += v[i] / big;
      scs += costs[i] / big;
    }
    r = svs / scs;
  }
  if (!Number.isFinite(r)) overflow(["cac"], "the overall ratio (Σ CLV / Σ CAC)", r);
  const g = guide(r);
  return jsonColumns({ ratio, guidance, overall: { ratio: r, guidance: g, message: MESSAGES[g] } });
}
