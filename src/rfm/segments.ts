import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { jsonColumns } from "../core/json.js";
import { checkRowFields, parseOptions, parseWith, requireNonEmpty } from "../core/validate.js";
import { checkScores, type RfmScores } from "./score.js";

/** An inclusive score range `[low, high]`. */
export type ScoreRange = readonly [number, number];

/**
 * One rule of a segment table: a customer matches when every given range holds
 * (inclusive); omitted ranges match anything. `fm` is the average `(f + m) / 2`.
 */
export interface SegmentRule {
  /** Segment name. Several rules may share a name (a segment made of several boxes). */
  segment: string;
  /** What to do with customers in this segment. */
  action: string;
  /** Who is in the segment, in plain words. */
  description?: string;
  /** Range of the recency score. */
  r?: ScoreRange;
  /** Range of the frequency score. */
  f?: ScoreRange;
  /** Range of the monetary score. */
  m?: ScoreRange;
  /** Range of `(f + m) / 2`. */
  fm?: ScoreRange;
}

/**
 * The 11-segment RFM map on 1-5 scores, as rules on R and FM = (F + M) / 2 checked in
 * this order (first match wins). Adapted from the widely published R/FM table of
 * Putler ("RFM Analysis For Successful Customer Segmentation", putler.com/rfm-analysis;
 * the same ranges are reproduced e.g. in the churned.io "RFM-Model" documentation),
 * whose published ranges overlap (and give Hibernating and Lost the same box); here they
 * are narrowed so that every (R, FM) cell of the 5 x 9 grid has exactly one segment and
 * every segment is reachable:
 *
 * | # | segment | R | FM | published R / FM |
 * | --- | --- | --- | --- | --- |
 * | 1 | Champions | 4-5 | 4-5 | 4-5 / 4-5 |
 * | 2 | Loyal Customers | 3-5 | 3-5 | 2-5 / 3-5 |
 * | 3 | Can't Lose Them | 1 | 4-5 | <=1 / 4-5 |
 * | 4 | At Risk | 1-2 | 3-5 | <=2 / 2-5 |
 * | 5 | New Customers | 5 | 1 | 4-5 / <=1 |
 * | 6 | Promising | 3-4 | 1 | 3-4 / <=1 |
 * | 7 | Potential Loyalists | 4-5 | 1.5-2.5 | 3-5 / 1-3 |
 * | 8 | Need Attention | 3 | 2-2.5 | 2-3 / 2-3 |
 * | 9 | About to Sleep | 2-3 | 1.5-2.5 | 2-3 / <=2 |
 * | 10 | Lost | 1 | 1-1.5 | <=2 / <=2 |
 * | 11 | Hibernating | 1-2 | 1-2.5 | 1-2 / 1-2 |
 *
 * (Hibernating, checked after Lost and About to Sleep, holds R = 1 with FM 2-2.5 and
 * R = 2 with FM = 1.) Pass your own table to `assignSegments` to change it.
 *
 * @see Putler, "RFM Analysis For Successful Customer Segmentation" (putler.com/rfm-analysis).
 * @example
 * import { RFM_SEGMENTS, assignSegments } from "clientele/rfm";
 * RFM_SEGMENTS.map((rule) => rule.segment).length; // => 11
 * // a custom table: the defaults plus a VIP box checked first
 * const rules = [{ segment: "VIP", action: "Call them", r: [5, 5], f: [5, 5], m: [5, 5] } as const, ...RFM_SEGMENTS];
 * assignSegments([{ r: 5, f: 5, m: 5 }], rules).segment; // => ["VIP"]
 */
export const RFM_SEGMENTS: readonly SegmentRule[] = Object.freeze([
  {
    segment: "Champions",
    r: [4, 5],
    fm: [4, 5],
    description: "Bought recently, buy often and spend the most.",
    action: "Reward them: loyalty programs, VIP experiences, early access; ask for reviews and referrals.",
  },
  {
    segment: "Loyal Customers",
    r: [3, 5],
    fm: [3, 5],
    description: "Buy regularly and spend well; responsive to promotions.",
    action: "Upsell and cross-sell higher-value products; invite to the loyalty program.",
  },
  {
    segment: "Can't Lose Them",
    r: [1, 1],
    fm: [4, 5],
    description: "Used to buy often and spend the most, but not for a long time.",
    action: "Win them back personally: renewal offers, new products, talk to them; do not lose them to a competitor.",
  },
  {
    segment: "At Risk",
    r: [1, 2],
    fm: [3, 5],
    description: "Spent well and bought often, but long ago.",
    action: "Win-back campaigns: personalized emails, special offers, helpful resources.",
  },
  {
    segment: "New Customers",
    r: [5, 5],
    fm: [1, 1],
    description: "Bought most recently, but not often yet.",
    action: "Welcome series and onboarding; help them succeed with the first purchase.",
  },
  {
    segment: "Promising",
    r: [3, 4],
    fm: [1, 1],
    description: "Recent shoppers who have not spent much yet.",
    action: "Build awareness: free trials, brand content, a second-purchase incentive.",
  },
  {
    segment: "Potential Loyalists",
    r: [4, 5],
    fm: [1.5, 2.5],
    description: "Recent customers with average frequency and spend.",
    action: "Offer membership or loyalty programs; recommend related products.",
  },
  {
    segment: "Need Attention",
    r: [3, 3],
    fm: [2, 2.5],
    description: "Middling recency, frequency and spend.",
    action: "Limited-time offers and recommendations based on past purchases; reactivate them.",
  },
  {
    segment: "About to Sleep",
    r: [2, 3],
    fm: [1.5, 2.5],
    description: "Below-average recency and frequency; will be lost without action.",
    action: "Share popular products and discounts; reconnect before they lapse.",
  },
  {
    segment: "Lost",
    r: [1, 1],
    fm: [1, 1.5],
    description: "Lowest recency, frequency and spend.",
    action: "Revive interest with a reach-out campaign, or stop spending on them.",
  },
  {
    segment: "Hibernating",
    r: [1, 2],
    fm: [1, 2.5],
    description: "Last purchase long ago, few orders, low spend.",
    action: "Re-engagement: relevant offers, survey outreach to learn why they left.",
  },
] satisfies SegmentRule[]);

/** The segment a customer gets when no rule matches (see `AssignSegmentsOptions.fallback`). */
export interface SegmentFallback {
  /** Segment name. Default `"Other"`. */
  segment: string;
  /** Recommended action. */
  action: string;
}

/** Options of {@link assignSegments}. */
export interface AssignSegmentsOptions {
  /**
   * Catch-all segment for customers that no rule matches. Default
   * `{ segment: "Other", action: "Review: no segment rule matched these scores." }`.
   * With the default table and 5 bins it is never used (the table covers every score).
   */
  fallback?: SegmentFallback;
}

/** Scores as rows, for {@link assignSegments}. */
export interface RfmScoreInputRow {
  /** Customer id (optional; defaults to the row index). */
  id?: string | number;
  /** Recency score. */
  r: number;
  /** Frequency score. */
  f: number;
  /** Monetary score. */
  m: number;
}

/** Segment of every customer (plain data), as returned by {@link assignSegments}. */
export interface RfmSegments {
  /** Number of customers. */
  n: number;
  /** Customer ids. */
  id: string[];
  /** Segment name per customer. */
  segment: string[];
  /** Index into `segments` per customer. */
  segmentIndex: Uint8Array;
  /** Segment names in rule order (unique), the fallback last. */
  segments: string[];
  /** Recommended action per entry of `segments`. */
  actions: string[];
  /** Index in `segments` of the fallback (catch-all) segment. */
  fallbackIndex: number;
  /** Recency scores. */
  r: Uint8Array;
  /** Frequency scores. */
  f: Uint8Array;
  /** Monetary scores. */
  m: Uint8Array;
  /** The scored data when the input came from `scoreRfm` / `scoreRfmtc` (for `segmentReport`). */
  scores?: RfmScores;
  /** The warnings of the scores (see `RfmScores.warnings`); empty for plain score rows. */
  warnings: string[];
}

/** One customer's segment, as returned by {@link segmentRows}. */
export interface RfmSegmentRow {
  /** Customer id. */
  id: string;
  /** Segment name. */
  segment: string;
  /** Recommended action of the segment. */
  action: string;
  /** Recency score. */
  r: number;
  /** Frequency score. */
  f: number;
  /** Monetary score. */
  m: number;
}

const range = z
  .tuple([z.number(), z.number()])
  .refine(([lo, hi]) => lo <= hi, "a range is [low, high] with low <= high");

const ruleSchema = z
  .object({
    segment: z.string().min(1),
    action: z.string(),
    description: z.string().optional(),
    r: range.optional(),
    f: range.optional(),
    m: range.optional(),
    fm: range.optional(),
  })
  .strict();

const rulesSchema = z.array(ruleSchema).min(1).max(254);

const assignOptionsSchema = z
  .object({
    fallback: z.object({ segment: z.string().min(1), action: z.string() }).strict().optional(),
  })
  .strict();

function inRange(v: number, rg: ScoreRange | undefined): boolean {
  return rg === undefined || (v >= rg[0] && v <= rg[1]);
}

function scoreColumn(rows: readonly RfmScoreInputRow[], key: "r" | "f" | "m"): Uint8Array {
  const out = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const v = row === null || typeof row !== "object" ? undefined : row[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 100) {
      throw new ClienteleError({
        code: typeof v === "number" && Number.isFinite(v) ? "OUT_OF_RANGE" : "NON_FINITE",
        path: ["scores", i, key],
        received: v,
        message: `assignSegments: scores[${i}].${key} is ${describeValue(v)}; scores must be integers in [1, 100] (as scoreRfm returns).`,
      });
    }
    out[i] = v;
  }
  return out;
}

/**
 * Puts every customer into exactly one named segment by checking score-range rules in
 * order (first match wins); customers no rule matches get the fallback segment
 * (default `"Other"`). The default table is {@link RFM_SEGMENTS}: the 11-segment map
 * (Champions ... Lost) on 1-5 scores, each segment with a recommended action. Runs in
 * O(n + bins^3 * rules) via a lookup table over all score triples.
 *
 * @param scores - the result of `scoreRfm` / `scoreRfmtc`, or rows `{ id?, r, f, m }`
 * @param rules - rule table (default {@link RFM_SEGMENTS}, which needs 5 bins; at most 254 rules)
 * @param options - `fallback` (default `{ segment: "Other", ... }`)
 * Segment names are plain data: names such as `constructor`, `toString` or `__proto__`
 * are segments like any other. Ids follow the library's one rule (a non-empty string or a
 * finite number, 7 and "7" the same; missing ids in rows default to the row index).
 *
 * @returns columnar segments (serialize with `JSON.stringify`); {@link segmentRows} gives rows
 * @throws ClienteleError `INVALID_INPUT` (malformed rule table, scores that are not scoreRfm output), `SHAPE_MISMATCH` (default table with bins other than 5), `EMPTY_INPUT`, `OUT_OF_RANGE`, `NON_FINITE`, `INVALID_ID`, `MISSING_COLUMN` (a near-miss field in score rows), `INVALID_OPTION`
 * @see Putler, "RFM Analysis For Successful Customer Segmentation" (R/FM segment table).
 * @example
 * import { scoreRfm, assignSegments } from "clientele/rfm";
 * const seg = assignSegments([{ id: "a", r: 5, f: 5, m: 4 }, { id: "b", r: 1, f: 1, m: 1 }]);
 * seg.segment; // => ["Champions", "Lost"]
 */
export function assignSegments(
  scores: RfmScores | readonly RfmScoreInputRow[],
  rules: readonly SegmentRule[] = RFM_SEGMENTS,
  options: AssignSegmentsOptions = {},
): RfmSegments {
  const fn = "assignSegments";
  const opts = parseOptions(assignOptionsSchema, options, fn);
  const table = rules === RFM_SEGMENTS ? RFM_SEGMENTS : parseWith(rulesSchema, rules, fn, { code: "INVALID_INPUT", root: "rules" });
  const fallback = opts.fallback ?? { segment: "Other", action: "Review: no segment rule matched these scores." };

  let r: Uint8Array;
  let f: Uint8Array;
  let m: Uint8Array;
  let id: string[];
  let maxScore: number;
  let source: RfmScores | undefined;
  if (Array.isArray(scores)) {
    const rows = scores as readonly RfmScoreInputRow[];
    requireNonEmpty(rows.length, fn, "scores");
    const first = rows[0];
    if (first !== null && typeof first === "object") {
      checkRowFields(first as unknown as Record<string, unknown>, ["r", "f", "m"], fn, ["scores", 0], { r: ["R"], f: ["F"], m: ["M"] });
    }
    r = scoreColumn(rows, "r");
    f = scoreColumn(rows, "f");
    m = scoreColumn(rows, "m");
    id = rows.map((row, i) => (row.id === undefined ? String(i) : idKey(row.id, fn, ["scores", i, "id"])));
    maxScore = 1;
    for (let i = 0; i < rows.length; i++) maxScore = Math.max(maxScore, r[i], f[i], m[i]);
    if (rules === RFM_SEGMENTS && maxScore > 5) {
      throw new ClienteleError({
        code: "SHAPE_MISMATCH",
        path: ["scores"],
        received: maxScore,
        message: `${fn}: the default segment table is defined on 1-5 scores but a score of ${maxScore} was found. Score with bins: 5 or pass your own rules.`,
      });
    }
  } else {
    const s = checkScores(scores, fn);
    requireNonEmpty(s.n, fn, "scores");
    for (const k of ["r", "f", "m"] as const) {
      const col = s[k];
      for (let i = 0; i < s.n; i++) {
        if (col[i] < 1 || col[i] > s.bins) {
          throw new ClienteleError({
            code: "OUT_OF_RANGE",
            path: ["scores", k, i],
            received: col[i],
            message: `${fn}: scores.${k}[${i}] is ${col[i]} but scores hold 1..bins (${s.bins}); pass scoreRfm output unmodified.`,
          });
        }
      }
    }
    if (rules === RFM_SEGMENTS && s.bins !== 5) {
      throw new ClienteleError({
        code: "SHAPE_MISMATCH",
        path: ["scores", "bins"],
        received: s.bins,
        message: `${fn}: the default segment table is defined on 1-5 scores but the scores have bins = ${s.bins}. Score with bins: 5 or pass your own rules.`,
      });
    }
    r = s.r;
    f = s.f;
    m = s.m;
    id = s.id;
    maxScore = s.bins;
    source = s;
  }

  // unique segment names in rule order, fallback last
  const segments: string[] = [];
  const actions: string[] = [];
  const ruleSeg = new Uint8Array(table.length);
  for (let k = 0; k < table.length; k++) {
    let j = segments.indexOf(table[k].segment);
    if (j < 0) {
      j = segments.length;
      segments.push(table[k].segment);
      actions.push(table[k].action);
    }
    ruleSeg[k] = j;
  }
  let fallbackIndex = segments.indexOf(fallback.segment);
  if (fallbackIndex < 0) {
    fallbackIndex = segments.length;
    segments.push(fallback.segment);
    actions.push(fallback.action);
  }

  // lookup table over all score triples 1..maxScore
  const B = maxScore;
  const lut = new Uint8Array(B * B * B);
  for (let a = 1; a <= B; a++) {
    for (let b = 1; b <= B; b++) {
      for (let c = 1; c <= B; c++) {
        const fm = (b + c) / 2;
        let seg = fallbackIndex;
        for (let k = 0; k < table.length; k++) {
          const rule = table[k];
          if (inRange(a, rule.r) && inRange(b, rule.f) && inRange(c, rule.m) && inRange(fm, rule.fm)) {
            seg = ruleSeg[k];
            break;
          }
        }
        lut[((a - 1) * B + (b - 1)) * B + (c - 1)] = seg;
      }
    }
  }

  const n = r.length;
  const segmentIndex = new Uint8Array(n);
  const segment = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const s = lut[((r[i] - 1) * B + (f[i] - 1)) * B + (m[i] - 1)];
    segmentIndex[i] = s;
    segment[i] = segments[s];
  }
  const warnings = source && Array.isArray(source.warnings) ? source.warnings.filter((w): w is string => typeof w === "string") : [];
  const out: RfmSegments = { n, id, segment, segmentIndex, segments, actions, fallbackIndex, r, f, m, warnings };
  if (source) out.scores = carriedScores(source, fn);
  return jsonColumns(out);
}

/**
 * The row view of {@link assignSegments}' columnar result: one `{ id, segment, action, r, f, m }`
 * per customer, for joining by row. O(n).
 *
 * @param segments - the result of `assignSegments`
 * @throws ClienteleError `INVALID_INPUT` (not assignSegments output)
 * @example
 * import { assignSegments, segmentRows } from "clientele/rfm";
 * segmentRows(assignSegments([{ id: 7, r: 5, f: 5, m: 4 }]))[0];
 * // => { id: "7", segment: "Champions", action: "Reward them: loyalty programs, VIP experiences, early access; ask for reviews and referrals.", r: 5, f: 5, m: 4 }
 */
export function segmentRows(segments: RfmSegments): RfmSegmentRow[] {
  const s = checkSegments(segments, "segmentRows");
  const out = new Array<RfmSegmentRow>(s.n);
  for (let i = 0; i < s.n; i++) {
    const k = s.segmentIndex[i];
    out[i] = { id: s.id[i], segment: s.segments[k], action: s.actions[k], r: s.r[i], f: s.f[i], m: s.m[i] };
  }
  return out;
}

const FLOAT_COLUMNS = ["recency", "frequency", "monetary", "revenue", "tenure", "churn"] as const;
const SCORE_KEYS: readonly string[] = ["n", "bins", "id", "r", "f", "m", "t", "monetarySource", "revenueSource", "method", "warnings", ...FLOAT_COLUMNS];
const MONETARY_SOURCES: readonly unknown[] = ["total", "average", "btyd-mean"];
const REVENUE_SOURCES: readonly unknown[] = ["totalSpend", "frequencyTimesMonetary"];
const METHODS: readonly unknown[] = ["quantile", "thresholds"];

/**
 * The scores assignSegments keeps in its result (for segmentReport): a copy with the fields of
 * scoreRfm / scoreRfmtc output only, each checked (finite columns of n values, known tags), so
 * the result never carries NaN, Infinity or foreign keys. Throws INVALID_INPUT (internal).
 */
function carriedScores(s: RfmScores, fn: string): RfmScores {
  const src = s as unknown as Record<string, unknown>;
  const bad = (field: string, why: string): never => {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["scores", field],
      received: src[field],
      message: `${fn}: scores.${field} ${why}; pass scoreRfm or scoreRfmtc output unmodified. Got ${describeValue(src[field])}.`,
    });
  };
  for (const k of Object.keys(src)) if (!SCORE_KEYS.includes(k)) bad(k, "is not a field of scoreRfm / scoreRfmtc output (unknown key)");
  const out: Record<string, unknown> = { n: s.n, bins: s.bins, id: s.id, r: s.r, f: s.f, m: s.m };
  for (const k of FLOAT_COLUMNS) {
    const c = src[k];
    if (c === undefined) continue;
    if (!(c instanceof Float64Array) || c.length !== s.n) bad(k, `must be a Float64Array of n (${s.n}) values`);
    const col = c as Float64Array;
    for (let i = 0; i < col.length; i++) {
      if (!Number.isFinite(col[i]) || (k === "churn" && (col[i] < 0 || col[i] > 1))) bad(k, `holds ${col[i]} at index ${i}, not a finite value${k === "churn" ? " in [0, 1]" : ""}`);
    }
    out[k] = col;
  }
  if (src.t !== undefined) {
    const t = src.t;
    if (!(t instanceof Uint8Array) || t.length !== s.n) bad("t", `must be a Uint8Array of n (${s.n}) scores`);
    out.t = t;
  }
  if (src.monetarySource !== undefined) {
    if (!MONETARY_SOURCES.includes(src.monetarySource)) bad("monetarySource", `must be one of ${MONETARY_SOURCES.join(", ")}`);
    out.monetarySource = src.monetarySource;
  }
  if (src.revenueSource !== undefined) {
    if (!REVENUE_SOURCES.includes(src.revenueSource)) bad("revenueSource", `must be one of ${REVENUE_SOURCES.join(", ")}`);
    out.revenueSource = src.revenueSource;
  }
  if (src.method !== undefined) {
    const mth = src.method as Record<string, unknown> | null;
    if (mth === null || typeof mth !== "object" || Object.keys(mth).some((k) => k !== "r" && k !== "f" && k !== "m") || !METHODS.includes(mth.r) || !METHODS.includes(mth.f) || !METHODS.includes(mth.m)) {
      bad("method", 'must be { r, f, m }, each "quantile" or "thresholds"');
    }
    out.method = { r: mth!.r, f: mth!.f, m: mth!.m };
  }
  if (src.warnings !== undefined) {
    if (!Array.isArray(src.warnings) || !src.warnings.every((w) => typeof w === "string")) bad("warnings", "must be a list of strings");
    out.warnings = [...(src.warnings as string[])];
  }
  return jsonColumns(out) as unknown as RfmScores;
}

/** Throws INVALID_INPUT unless `value` looks like the result of assignSegments (internal). */
export function checkSegments(value: unknown, fn: string): RfmSegments {
  const s = value as Partial<RfmSegments> | null;
  const bad = (why: string): never => {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["segments"],
      received: value,
      message: `${fn}: segments must be the result of assignSegments; ${why}. Got ${describeValue(value)}.`,
    });
  };
  if (s === null || typeof s !== "object" || Array.isArray(s)) return bad("it is not an object");
  const n = s.n;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) return bad("its n is not a count");
  if (!Array.isArray(s.segments) || !Array.isArray(s.actions) || s.actions.length !== s.segments.length) return bad("its segments and actions lists do not match");
  for (let k = 0; k < s.segments.length; k++) {
    if (typeof s.segments[k] !== "string" || s.segments[k] === "") bad(`segments[${k}] is ${describeValue(s.segments[k])}, not a segment name`);
    if (typeof s.actions[k] !== "string") bad(`actions[${k}] is ${describeValue(s.actions[k])}, not an action text`);
  }
  if (!(s.segmentIndex instanceof Uint8Array) || s.segmentIndex.length !== n) return bad("its segmentIndex column is not n indices");
  for (let i = 0; i < n; i++) if (s.segmentIndex[i] >= s.segments.length) bad(`segmentIndex[${i}] is not an index into segments`);
  if (!Array.isArray(s.id) || s.id.length !== n) return bad("its id column does not hold n ids");
  for (let i = 0; i < n; i++) if (typeof s.id[i] !== "string") bad(`id[${i}] is ${describeValue(s.id[i])}, not an id string`);
  for (const k of ["r", "f", "m"] as const) if (!(s[k] instanceof Uint8Array) || s[k].length !== n) bad(`its ${k} column is not n scores`);
  if (typeof s.fallbackIndex !== "number" || !Number.isInteger(s.fallbackIndex) || s.fallbackIndex < 0 || s.fallbackIndex >= s.segments.length) bad("its fallbackIndex is not an index into segments");
  return s as RfmSegments;
}
