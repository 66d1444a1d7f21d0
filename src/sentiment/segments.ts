import * as z from "../core/schema.js";
import { ClienteleError, describeValue } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { jsonColumns } from "../core/json.js";
import { timeUnitOption } from "../core/options.js";
import { daysPerUnit, type TimeUnit } from "../core/time.js";
import { checkRowFields, parseOptions } from "../core/validate.js";
import { lexiconFrom, MAX_TEXT_LENGTH, type LexiconOverrides } from "./score.js";
import { pyRound, scoreText } from "./vader.js";

/**
 * One review, ticket or message of a customer. Give `text` (scored with VADER) or a pre-scored
 * `compound` in [-1, 1] (used as is; `text` is then ignored).
 */
export interface SentimentMessageRow {
  /** Customer id: a non-empty string or a finite number (7 and "7" are one customer; returned as a string). */
  customerId: string | number;
  /** When the message was written: a Date, an ISO-8601 string (UTC when no offset is given) or epoch milliseconds. */
  timestamp: Date | string | number;
  /** The message text. */
  text?: string;
  /** A compound score computed elsewhere, in [-1, 1]. */
  compound?: number;
}

/** The segment of a customer (see {@link SentimentSegmentsOptions} for the rules). */
export type SentimentSegment = "promoter" | "passive" | "detractor" | "detractor-at-risk";

/** How the trend is measured. */
export type SentimentTrend = "slope" | "recent-vs-previous";

/** Options of {@link sentimentSegments}. */
export interface SentimentSegmentsOptions {
  /** Lexicon overrides used to score `text` (as in `scoreSentiment`). Default: none. */
  lexicon?: LexiconOverrides;
  /** A message is negative when its compound is <= this. Default -0.05 (VADER's usual cut-off). */
  negativeThreshold?: number;
  /** `"promoter"` when the mean compound is >= this. Default 0.5. */
  promoterMin?: number;
  /** `"detractor"` when the mean compound is <= this. Default -0.05. Must be < promoterMin. */
  detractorMax?: number;
  /** The recent window: a customer's last `recent` messages (all of them when fewer). Default 3. */
  recent?: number;
  /** `"detractor-at-risk"` when the share of negative messages in the recent window is > this. Default 0.5 (negatives are the majority). */
  atRiskShare?: number;
  /**
   * `"slope"` (default): least-squares slope of compound over time, per `timeUnit` (null with fewer
   * than two distinct timestamps). `"recent-vs-previous"`: mean of the recent window minus the mean
   * of the earlier messages (null when there are no earlier messages).
   */
  trend?: SentimentTrend;
  /** Unit of the slope. Default `"month"` (365.25 / 12 days). */
  timeUnit?: TimeUnit;
}

/** Per-customer sentiment, one value per customer in each column, customers in order of first appearance. Rows: {@link sentimentSegmentRows}. */
export interface SentimentSegments {
  /** Number of customers. */
  n: number;
  customerId: string[];
  /** Messages per customer. */
  count: Float64Array;
  /** Mean compound. */
  mean: Float64Array;
  /** Trend (see `trend` option); null when it cannot be measured. */
  trend: (number | null)[];
  /** Share of messages with compound <= negativeThreshold. */
  shareNegative: Float64Array;
  /** Share of negative messages in the recent window. */
  recentShareNegative: Float64Array;
  /** Time of the last negative message, epoch ms; null when none. */
  lastNegativeAt: (number | null)[];
  /** Time of the last message, epoch ms. */
  lastContactAt: Float64Array;
  segment: SentimentSegment[];
  /** The rules used, with every default filled in. */
  rules: {
    negativeThreshold: number;
    promoterMin: number;
    detractorMax: number;
    recent: number;
    atRiskShare: number;
    trend: SentimentTrend;
    timeUnit: TimeUnit;
  };
}

/** One customer, as {@link sentimentSegmentRows} returns it. */
export interface SentimentSegmentRow {
  customerId: string;
  count: number;
  mean: number;
  trend: number | null;
  shareNegative: number;
  recentShareNegative: number;
  lastNegativeAt: number | null;
  lastContactAt: number;
  segment: SentimentSegment;
}

const score = () => z.number().min(-1).max(1);
const optionsSchema = z
  .object({
    lexicon: z.unknown().optional(),
    negativeThreshold: score().optional(),
    promoterMin: score().optional(),
    detractorMax: score().optional(),
    recent: z.number().int().min(1).max(1_000_000).optional(),
    atRiskShare: z.number().min(0).lt(1).optional(),
    trend: z.enum(["slope", "recent-vs-previous"] as const).optional(),
    timeUnit: timeUnitOption().optional(),
  })
  .refine((o) => (o.detractorMax ?? -0.05) < (o.promoterMin ?? 0.5), "detractorMax must be < promoterMin");

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const MS_PER_DAY = 86_400_000;

/** Epoch ms of an ISO-8601 date or date-time (UTC without an offset), or NaN. */
function isoMs(s: string): number {
  const m = ISO.exec(s);
  if (m === null) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hh = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const ss = m[6] === undefined ? 0 : Number(m[6]);
  if (mo < 1 || mo > 12 || d < 1 || hh > 23 || mi > 59 || ss > 59) return NaN;
  let ms = Date.UTC(y, mo - 1, d, hh, mi, ss) + (m[7] === undefined ? 0 : Math.floor(Number("0." + m[7]) * 1000));
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return NaN;
  const z = m[8];
  if (z !== undefined && z !== "Z" && z !== "z") {
    const sign = z[0] === "+" ? 1 : -1;
    const digits = z.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return NaN;
    ms -= sign * (oh * 3_600_000 + om * 60_000);
  }
  return ms;
}

function timestampMs(v: unknown, fn: string, i: number): number {
  let ms = NaN;
  if (typeof v === "number") ms = v >= 1e11 && v < 1e13 ? v : NaN;
  else if (typeof v === "string") ms = isoMs(v);
  else if (v instanceof Date) ms = v.getTime();
  if (Number.isFinite(ms)) return ms;
  const path = ["messages", i, "timestamp"];
  if (v === null || v === undefined) {
    throw new ClienteleError({
      code: "MISSING_VALUE",
      path,
      received: v,
      message: `${fn}: messages[${i}].timestamp is ${v === null ? "null" : "missing"}; every message needs a time. Drop or fill the row.`,
    });
  }
  const hint =
    typeof v === "number" && v >= 1e8 && v < 1e10
      ? " It looks like epoch seconds: multiply by 1000."
      : ' Pass a Date, an ISO-8601 string ("2024-03-01", "2024-03-01T14:05:00Z") or epoch milliseconds in [1e11, 1e13).';
  throw new ClienteleError({
    code: "INVALID_TIMESTAMP",
    path,
    received: v,
    message: `${fn}: messages[${i}].timestamp is ${describeValue(v)}, which is not a timestamp.${hint}`,
  });
}

/**
 * Per-customer sentiment from reviews, tickets and messages: mean compound, trend, share of
 * negative messages, last negative contact, count, and a segment that RFM and churn tables can
 * join on `customerId` (ids as strings, as everywhere in the library). Texts are scored with VADER
 * ({@link scoreSentiment}, rounded like the reference); rows may carry a pre-scored `compound`
 * instead. Each customer's messages are ordered by time (ties keep input order).
 *
 * Segment rules, in order: `"detractor-at-risk"` when the share of negative messages (compound <=
 * `negativeThreshold`, default -0.05) among the last `recent` (default 3) is > `atRiskShare`
 * (default 0.5); otherwise `"promoter"` when the mean is >= `promoterMin` (default 0.5),
 * `"detractor"` when the mean is <= `detractorMax` (default -0.05), else `"passive"`.
 * Runs in O(n log n) for n messages (plus scoring).
 *
 * @param messages - rows `{ customerId, timestamp, text }` or `{ customerId, timestamp, compound }`
 * @param options - thresholds, `recent`, `atRiskShare`, `trend` (`"slope"` per `timeUnit`, default `"month"`), `lexicon`
 * @throws ClienteleError `INVALID_INPUT` (not an array, a row that is not an object, a text that is
 *   not a string), `EMPTY_INPUT`, `MISSING_COLUMN`, `MISSING_VALUE`, `INVALID_ID`, `INVALID_TIMESTAMP`,
 *   `NON_FINITE`, `OUT_OF_RANGE` (a compound outside [-1, 1], an override outside [-4, 4]), `INVALID_OPTION`, `TOO_LARGE`
 * @example
 * import { sentimentSegments, sentimentSegmentRows } from "clientele/sentiment";
 * const seg = sentimentSegments([
 *   { customerId: 1, timestamp: "2024-01-05", text: "Love it, great service!" },
 *   { customerId: 1, timestamp: "2024-02-01", text: "Fast delivery, thanks" },
 *   { customerId: 2, timestamp: "2024-01-10", text: "Works fine." },
 *   { customerId: 2, timestamp: "2024-02-11", text: "The app keeps crashing. Terrible." },
 *   { customerId: 2, timestamp: "2024-03-02", text: "Still broken, I want a refund" },
 * ]);
 * seg.segment; // => ["promoter", "detractor-at-risk"]
 * sentimentSegmentRows(seg)[1].lastNegativeAt; // => 1709337600000
 */
export function sentimentSegments(messages: readonly SentimentMessageRow[], options: SentimentSegmentsOptions = {}): SentimentSegments {
  const fn = "sentimentSegments";
  const opts = parseOptions(optionsSchema, options, fn);
  const lex = lexiconFrom(opts.lexicon, fn);
  const rules = {
    negativeThreshold: opts.negativeThreshold ?? -0.05,
    promoterMin: opts.promoterMin ?? 0.5,
    detractorMax: opts.detractorMax ?? -0.05,
    recent: opts.recent ?? 3,
    atRiskShare: opts.atRiskShare ?? 0.5,
    trend: (opts.trend ?? "slope") as SentimentTrend,
    timeUnit: (opts.timeUnit ?? "month") as TimeUnit,
  };
  if (!Array.isArray(messages)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["messages"],
      received: messages,
      message: `${fn}: messages must be an array of rows { customerId, timestamp, text } (or compound). Got ${describeValue(messages)}.`,
    });
  }
  const n = messages.length;
  if (n === 0) throw new ClienteleError({ code: "EMPTY_INPUT", path: ["messages"], message: `${fn}: messages is empty. Pass at least one row.` });
  const ts = new Float64Array(n);
  const cs = new Float64Array(n);
  const cust = new Int32Array(n);
  const ids: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const row = messages[i] as unknown as Record<string, unknown>;
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: ["messages", i],
        received: row,
        message: `${fn}: messages[${i}] is ${describeValue(row)}; each message is an object { customerId, timestamp, text }.`,
      });
    }
    if (i === 0) {
      checkRowFields(row, ["customerId", "timestamp"], fn, ["messages", 0], {
        customerId: ["customer_id", "customer", "userId", "user_id", "id"],
        timestamp: ["date", "time", "createdAt", "created_at"],
      });
      if (!("text" in row) && !("compound" in row)) {
        checkRowFields(row, ["text"], fn, ["messages", 0], { text: ["body", "message", "review", "content", "comment"] });
        throw new ClienteleError({
          code: "MISSING_COLUMN",
          path: ["messages", 0, "text"],
          message: `${fn}: messages[0] has neither "text" nor "compound"; give each message its text (scored with VADER) or a pre-scored compound in [-1, 1].`,
        });
      }
    }
    const id = idKey(row.customerId, fn, ["messages", i, "customerId"]);
    let k = index.get(id);
    if (k === undefined) {
      k = ids.length;
      index.set(id, k);
      ids.push(id);
    }
    cust[i] = k;
    ts[i] = timestampMs(row.timestamp, fn, i);
    const c = row.compound;
    if (c !== undefined) {
      const path = ["messages", i, "compound"];
      if (typeof c !== "number") {
        throw new ClienteleError({
          code: "INVALID_INPUT",
          path,
          received: c,
          message: `${fn}: messages[${i}].compound is ${describeValue(c)}; it must be a number in [-1, 1].`,
        });
      }
      if (!Number.isFinite(c)) {
        throw new ClienteleError({
          code: "NON_FINITE",
          path,
          received: c,
          message: `${fn}: messages[${i}].compound is ${c}; it must be a finite number in [-1, 1].`,
        });
      }
      if (c < -1 || c > 1) {
        throw new ClienteleError({
          code: "OUT_OF_RANGE",
          path,
          received: c,
          message: `${fn}: messages[${i}].compound is ${c}, outside [-1, 1]; pass VADER's compound (not the [-4, 4] valence or a star rating).`,
        });
      }
      cs[i] = c;
    } else {
      const t = row.text;
      const path = ["messages", i, "text"];
      if (typeof t !== "string") {
        throw new ClienteleError({
          code: t === null || t === undefined ? "MISSING_VALUE" : "INVALID_INPUT",
          path,
          received: t,
          message: `${fn}: messages[${i}].text is ${describeValue(t)}; VADER scores strings. Convert it, pass a pre-scored compound, or drop the row (a missing text is not a neutral one).`,
        });
      }
      if (t.length > MAX_TEXT_LENGTH) {
        throw new ClienteleError({
          code: "TOO_LARGE",
          path,
          received: t.length,
          message: `${fn}: messages[${i}].text has ${t.length} characters (limit ${MAX_TEXT_LENGTH}); split long documents into sentences or paragraphs, one row each.`,
        });
      }
      cs[i] = pyRound(scoreText(t, lex, null).compound, 4);
    }
  }
  // order by customer, then time, then input position
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => cust[a] - cust[b] || ts[a] - ts[b] || a - b);
  const m = ids.length;
  const count = new Float64Array(m);
  const mean = new Float64Array(m);
  const trend: (number | null)[] = new Array(m).fill(null);
  const shareNegative = new Float64Array(m);
  const recentShareNegative = new Float64Array(m);
  const lastNegativeAt: (number | null)[] = new Array(m).fill(null);
  const lastContactAt = new Float64Array(m);
  const segment: SentimentSegment[] = new Array(m);
  const unitMs = daysPerUnit(rules.timeUnit) * MS_PER_DAY;
  let s = 0;
  while (s < n) {
    const k = cust[order[s]];
    let e = s;
    while (e < n && cust[order[e]] === k) e++;
    const cnt = e - s;
    let sum = 0;
    let neg = 0;
    for (let q = s; q < e; q++) {
      const i = order[q];
      sum += cs[i];
      if (cs[i] <= rules.negativeThreshold) {
        neg++;
        lastNegativeAt[k] = ts[i];
      }
    }
    const mu = sum / cnt;
    const r0 = Math.max(s, e - rules.recent);
    let recentNeg = 0;
    let recentSum = 0;
    for (let q = r0; q < e; q++) {
      recentSum += cs[order[q]];
      if (cs[order[q]] <= rules.negativeThreshold) recentNeg++;
    }
    const recentShare = recentNeg / (e - r0);
    if (rules.trend === "slope") {
      const t0 = ts[order[s]];
      let mt = 0;
      for (let q = s; q < e; q++) mt += (ts[order[q]] - t0) / unitMs;
      mt /= cnt;
      let sxx = 0;
      let sxy = 0;
      for (let q = s; q < e; q++) {
        const i = order[q];
        const dx = (ts[i] - t0) / unitMs - mt;
        sxx += dx * dx;
        sxy += dx * (cs[i] - mu);
      }
      trend[k] = sxx > 0 ? sxy / sxx : null;
    } else if (r0 > s) {
      let prevSum = 0;
      for (let q = s; q < r0; q++) prevSum += cs[order[q]];
      trend[k] = recentSum / (e - r0) - prevSum / (r0 - s);
    }
    count[k] = cnt;
    mean[k] = mu;
    shareNegative[k] = neg / cnt;
    recentShareNegative[k] = recentShare;
    lastContactAt[k] = ts[order[e - 1]];
    segment[k] =
      recentShare > rules.atRiskShare ? "detractor-at-risk" : mu >= rules.promoterMin ? "promoter" : mu <= rules.detractorMax ? "detractor" : "passive";
    s = e;
  }
  return jsonColumns({ n: m, customerId: ids, count, mean, trend, shareNegative, recentShareNegative, lastNegativeAt, lastContactAt, segment, rules });
}

const COLUMNS = ["count", "mean", "shareNegative", "recentShareNegative", "lastContactAt"] as const;
const SEGMENTS: readonly string[] = ["promoter", "passive", "detractor", "detractor-at-risk"];

/**
 * The rows of a {@link sentimentSegments} result, one per customer, in its order: ready to join
 * with RFM scores or churn predictions on `customerId`.
 *
 * @param segments - the result of {@link sentimentSegments} (or its JSON form)
 * @throws ClienteleError `INVALID_INPUT` (not such a result), `LENGTH_MISMATCH`
 * @example
 * import { sentimentSegments, sentimentSegmentRows } from "clientele/sentiment";
 * const seg = sentimentSegments([{ customerId: "c1", timestamp: "2024-01-05", text: "Great, thanks!" }]);
 * sentimentSegmentRows(seg);
 * // => [{ customerId: "c1", count: 1, mean: 0.807, trend: null, shareNegative: 0, recentShareNegative: 0,
 * //       lastNegativeAt: null, lastContactAt: 1704412800000, segment: "promoter" }]
 */
export function sentimentSegmentRows(segments: SentimentSegments): SentimentSegmentRow[] {
  const fn = "sentimentSegmentRows";
  const s = segments as unknown as Record<string, unknown>;
  const bad = (path: (string | number)[], received: unknown, what: string): never => {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["segments", ...path],
      received,
      message: `${fn}: ${["segments", ...path].join(".")} is ${describeValue(received)}; ${what} Pass the result of sentimentSegments.`,
    });
  };
  if (s === null || typeof s !== "object" || typeof s.n !== "number" || !Number.isInteger(s.n) || (s.n as number) < 0)
    bad([], segments, "expected { n, customerId, mean, ... }.");
  const n = s.n as number;
  const col = (k: string): ArrayLike<unknown> => {
    const c = s[k] as ArrayLike<unknown> | undefined;
    if (c === null || typeof c !== "object" || typeof c.length !== "number") bad([k], c, "expected a column.");
    if (c!.length !== n) {
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: ["segments", k],
        received: c!.length,
        message: `${fn}: segments.${k} has ${c!.length} values but segments.n is ${n}.`,
      });
    }
    return c!;
  };
  const ids = col("customerId");
  const seg = col("segment");
  const trend = col("trend");
  const lastNeg = col("lastNegativeAt");
  const nums = COLUMNS.map(col);
  const out = new Array<SentimentSegmentRow>(n);
  for (let i = 0; i < n; i++) {
    if (typeof ids[i] !== "string") bad(["customerId", i], ids[i], "expected a string id.");
    if (!SEGMENTS.includes(seg[i] as string)) bad(["segment", i], seg[i], `expected one of ${SEGMENTS.join(", ")}.`);
    const v = nums.map((c, j) => {
      const x = c[i];
      if (typeof x !== "number" || !Number.isFinite(x)) bad([COLUMNS[j], i], x, "expected a finite number.");
      return x as number;
    });
    const tr = trend[i];
    const ln = lastNeg[i];
    if (tr !== null && (typeof tr !== "number" || !Number.isFinite(tr))) bad(["trend", i], tr, "expected a number or null.");
    if (ln !== null && (typeof ln !== "number" || !Number.isFinite(ln))) bad(["lastNegativeAt", i], ln, "expected epoch ms or null.");
    out[i] = {
      customerId: ids[i] as string,
      count: v[0],
      mean: v[1],
      trend: tr as number | null,
      shareNegative: v[2],
      recentShareNegative: v[3],
      lastNegativeAt: ln as number | null,
      lastContactAt: v[4],
      segment: seg[i] as SentimentSegment,
    };
  }
  return out;
}
