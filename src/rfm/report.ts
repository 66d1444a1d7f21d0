import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { parseOptions, toFloat64Column } from "../core/validate.js";
import { checkScores } from "./score.js";
import { checkSegments, type RfmSegments } from "./segments.js";

/** Options of {@link segmentReport}. */
export interface SegmentReportOptions {
  /**
   * Revenue per customer (one value per customer, same order). Default: the scores'
   * `revenue` (`totalSpend` when the summary had it, otherwise frequency x monetary);
   * required when the segments were assigned from plain score rows.
   */
  revenue?: ArrayLike<number>;
  /**
   * Row order: `"rules"` (default: the rule table's order, Champions first, fallback
   * last), `"customers"` or `"revenue"` (largest first; ties keep rule order).
   */
  sortBy?: "rules" | "customers" | "revenue";
  /** Include segments with no customers (means are then null). Default true. */
  includeEmpty?: boolean;
}

/** One row of a segment report (plain data). */
export interface SegmentReportRow {
  /** Segment name. */
  segment: string;
  /** Recommended action of the segment. */
  action: string;
  /** Number of customers in the segment. */
  customers: number;
  /** customers / all customers, in [0, 1]. */
  shareOfCustomers: number;
  /** Total revenue of the segment. */
  revenue: number;
  /** revenue / all revenue, in [0, 1] (0 when total revenue is 0). */
  shareOfRevenue: number;
  /** Mean recency score (null for an empty segment). */
  meanR: number | null;
  /** Mean frequency score. */
  meanF: number | null;
  /** Mean monetary score. */
  meanM: number | null;
  /** Mean time since the last purchase (null when unknown or empty). */
  meanRecency: number | null;
  /** Mean frequency value (null when unknown or empty). */
  meanFrequency: number | null;
  /** Mean monetary value (null when unknown or empty). */
  meanMonetary: number | null;
  /** Mean revenue per customer (null for an empty segment). */
  meanSpend: number | null;
  /** Mean churn probability (RFMTC scores only; otherwise null). */
  meanChurn: number | null;
}

const optionsSchema = z
  .object({
    revenue: z
      .custom<ArrayLike<number>>(
        (v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)),
        "expected one revenue value per customer (an array or Float64Array of numbers)",
      )
      .optional(),
    sortBy: z.enum(["rules", "customers", "revenue"]).default("rules"),
    includeEmpty: z.boolean().default(true),
  })
  .strict();

/**
 * Summarizes segments for a marketer: per segment the number and share of customers,
 * the share of revenue, mean R, F and M scores (and raw values when known), mean spend
 * and the recommended action. O(n + segments).
 *
 * @param segments - the result of `assignSegments`
 * @param options - `revenue` (default from the scores), `sortBy` (default `"rules"`), `includeEmpty` (default true)
 * Segment names are plain data (`constructor`, `__proto__` ... are reported like any other).
 *
 * @throws ClienteleError `MISSING_COLUMN` (no revenue known), `LENGTH_MISMATCH`, `NON_FINITE`, `INVALID_INPUT`, `INVALID_OPTION`
 * @example
 * import { assignSegments, segmentReport } from "clientele/rfm";
 * // usually: segmentReport(assignSegments(scoreRfm(summary)))
 * const seg = assignSegments([{ r: 5, f: 5, m: 5 }, { r: 1, f: 1, m: 1 }]);
 * segmentReport(seg, { revenue: [90, 10], includeEmpty: false }).map((x) => [x.segment, x.shareOfRevenue]);
 * // => [["Champions", 0.9], ["Lost", 0.1]]
 */
export function segmentReport(segments: RfmSegments, options: SegmentReportOptions = {}): SegmentReportRow[] {
  const fn = "segmentReport";
  const opts = parseOptions(optionsSchema, options, fn);
  checkSegments(segments, fn);
  const { n, segmentIndex, r, f, m } = segments;
  const sc = segments.scores === undefined ? undefined : checkScores(segments.scores, fn, "segments.scores");
  const finiteColumn = (c: unknown): boolean => {
    if (!(c instanceof Float64Array) || c.length !== n) return false;
    for (let i = 0; i < n; i++) if (!Number.isFinite(c[i])) return false;
    return true;
  };
  if (sc !== undefined && (sc.n !== n || !finiteColumn(sc.recency) || !finiteColumn(sc.frequency) || !finiteColumn(sc.monetary) || !finiteColumn(sc.revenue))) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: ["segments", "scores"],
      received: sc.n,
      message: `${fn}: segments.scores does not describe the same ${n} customers; pass assignSegments output unmodified.`,
    });
  }
  let revenue: ArrayLike<number>;
  if (opts.revenue !== undefined) revenue = toFloat64Column(opts.revenue as ArrayLike<number>, fn, "revenue", {}, n);
  else if (sc) revenue = sc.revenue;
  else {
    throw new ClienteleError({
      code: "MISSING_COLUMN",
      path: ["options", "revenue"],
      message: `${fn}: no revenue is known for these segments (they were assigned from plain score rows). Pass options.revenue with one value per customer, or assign segments from scoreRfm output.`,
    });
  }
  const churn = sc && "churn" in sc && (sc as { churn?: unknown }).churn instanceof Float64Array ? (sc as unknown as { churn: Float64Array }).churn : undefined;

  const S = segments.segments.length;
  const count = new Float64Array(S);
  const rev = new Float64Array(S);
  const sr = new Float64Array(S);
  const sf = new Float64Array(S);
  const sm = new Float64Array(S);
  const rawR = new Float64Array(S);
  const rawF = new Float64Array(S);
  const rawM = new Float64Array(S);
  const ch = new Float64Array(S);
  let totalRev = 0;
  for (let i = 0; i < n; i++) {
    const s = segmentIndex[i];
    count[s]++;
    rev[s] += revenue[i];
    totalRev += revenue[i];
    sr[s] += r[i];
    sf[s] += f[i];
    sm[s] += m[i];
    if (sc) {
      rawR[s] += sc.recency[i];
      rawF[s] += sc.frequency[i];
      rawM[s] += sc.monetary[i];
    }
    if (churn) ch[s] += churn[i];
  }
  const rows: SegmentReportRow[] = [];
  for (let s = 0; s < S; s++) {
    const c = count[s];
    const isFallback = s === segments.fallbackIndex;
    if (c === 0 && (!opts.includeEmpty || isFallback)) continue;
    const mean = (x: number): number | null => (c === 0 ? null : x / c);
    rows.push({
      segment: segments.segments[s],
      action: segments.actions[s],
      customers: c,
      shareOfCustomers: c / n,
      revenue: rev[s],
      shareOfRevenue: totalRev === 0 ? 0 : rev[s] / totalRev,
      meanR: mean(sr[s]),
      meanF: mean(sf[s]),
      meanM: mean(sm[s]),
      meanRecency: sc ? mean(rawR[s]) : null,
      meanFrequency: sc ? mean(rawF[s]) : null,
      meanMonetary: sc ? mean(rawM[s]) : null,
      meanSpend: mean(rev[s]),
      meanChurn: churn ? mean(ch[s]) : null,
    });
  }
  if (opts.sortBy === "customers") rows.sort((a, b) => b.customers - a.customers);
  else if (opts.sortBy === "revenue") rows.sort((a, b) => b.revenue - a.revenue);
  return rows;
}
