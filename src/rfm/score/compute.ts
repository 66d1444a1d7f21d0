// scoreRfm: the three dimensions scored by quantiles or thresholds, with the recency-gap warning.
import { ClienteleError } from "../../core/errors.js";
import { jsonColumns } from "../../core/json.js";
import { parseOptions } from "../../core/validate.js";
import { type ParsedScoreRfmOptions, type RfmColumns, scoreRfmOptionsSchema, toRfmColumns } from "./columns.js";
import { quantileScores, thresholdScores } from "./quantiles.js";
import type { RfmInput, RfmScores, ScoreRfmOptions } from "./types.js";

function checkCuts(cuts: number[] | undefined, bins: number, name: string, fn: string): void {
  if (cuts !== undefined && cuts.length !== bins - 1) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "thresholds", name],
      received: cuts,
      message: `${fn}: options.thresholds.${name} has ${cuts.length} cut points but bins is ${bins}; pass exactly bins - 1 = ${bins - 1} strictly increasing numbers.`,
    });
  }
}

/** How many typical purchase gaps a customer scored in the top two R scores may have been silent before scoreRfm warns. */
export const RECENCY_GAP_LIMIT = 3;

/**
 * The recency soundness check (internal): with quantile R, the customers in the top two R
 * scores (R >= bins - 1, the "recent" boxes of the segment map: Champions, Loyal,
 * Potential Loyalists, New) should have bought within a few typical purchase gaps. The
 * typical gap is the median, over repeat buyers, of (first to last purchase) / repeat
 * purchases. When the longest silence among those customers exceeds RECENCY_GAP_LIMIT
 * typical gaps (a single-cohort log, where most customers have lapsed and quantiles call
 * the least-lapsed "recent"), returns a warning. Needs first-to-last spans (BTYD recency,
 * or T with since-last) and at least 10 repeat buyers; otherwise no check.
 */
function recencyWarning(cols: RfmColumns, r: Uint8Array, bins: number): string | undefined {
  const span = cols.span;
  if (span === undefined) return undefined;
  const gaps: number[] = [];
  for (let i = 0; i < cols.n; i++) if (cols.frequency[i] > 0 && span[i] > 0) gaps.push(span[i] / cols.frequency[i]);
  if (gaps.length < 10) return undefined;
  gaps.sort((x, y) => x - y);
  const mid = gaps.length >> 1;
  const typical = gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
  let worst = 0;
  let count = 0;
  let over = 0;
  for (let i = 0; i < cols.n; i++) {
    if (r[i] >= bins - 1) {
      count++;
      const v = cols.sinceLast[i];
      if (v > worst) worst = v;
      if (v > RECENCY_GAP_LIMIT * typical) over++;
    }
  }
  if (!(typical > 0) || worst <= RECENCY_GAP_LIMIT * typical) return undefined;
  const fmt = (x: number): string => (Math.round(x * 10) / 10).toString();
  const u = cols.unit === undefined ? "time units" : cols.unit + "s";
  return (
    `recency: ${over} of the ${count} customers scored R >= ${bins - 1} last bought more than ${RECENCY_GAP_LIMIT} typical purchase gaps ago ` +
    `(up to ${fmt(worst)} ${u} since the last purchase; typical gap between purchases ${fmt(typical)} ${u}, the median over repeat buyers). ` +
    `Quantile recency ranks customers against each other, and here most of the base has lapsed (e.g. a single-cohort log), so "recent" segments such as Champions hold lapsed customers. ` +
    `Score R on absolute time instead: thresholds: { recency: [...] } with ${bins - 1} cut points in the input's time unit (e.g. [4, 13, 26, 52] weeks).`
  );
}

/** Scores validated columns (internal). */
export function scoreColumns(cols: RfmColumns, opts: ParsedScoreRfmOptions, fn: string): RfmScores {
  const { bins } = opts;
  const th = opts.thresholds ?? {};
  checkCuts(th.recency, bins, "recency", fn);
  checkCuts(th.frequency, bins, "frequency", fn);
  checkCuts(th.monetary, bins, "monetary", fn);
  const r = th.recency ? thresholdScores(cols.sinceLast, th.recency, bins, true) : quantileScores(cols.sinceLast, bins, true, opts.ties);
  const f = th.frequency ? thresholdScores(cols.frequency, th.frequency, bins, false) : quantileScores(cols.frequency, bins, false, opts.ties);
  const m = th.monetary ? thresholdScores(cols.monetary, th.monetary, bins, false) : quantileScores(cols.monetary, bins, false, opts.ties);
  let revenue: Float64Array;
  if (cols.totalSpend) revenue = cols.totalSpend;
  else {
    revenue = new Float64Array(cols.n);
    for (let i = 0; i < cols.n; i++) {
      const v = cols.frequency[i] * cols.monetary[i];
      if (!Number.isFinite(v)) {
        throw new ClienteleError({
          code: "OUT_OF_RANGE",
          path: ["monetary", i],
          received: cols.monetary[i],
          message: `${fn}: frequency x monetary of customers[${i}] (the revenue without a totalSpend column) is larger than a double holds. Pass totalSpend, or rescale monetary.`,
        });
      }
      revenue[i] = v;
    }
  }
  const warnings: string[] = [];
  if (!th.recency) {
    const w = recencyWarning(cols, r, bins);
    if (w !== undefined) warnings.push(w);
  }
  return jsonColumns({
    n: cols.n,
    bins,
    id: cols.id,
    r,
    f,
    m,
    recency: cols.sinceLast,
    frequency: cols.frequency,
    monetary: cols.monetary,
    monetarySource: opts.monetary,
    revenue,
    revenueSource: cols.totalSpend ? "totalSpend" : "frequencyTimesMonetary",
    method: {
      r: th.recency ? "thresholds" : "quantile",
      f: th.frequency ? "thresholds" : "quantile",
      m: th.monetary ? "thresholds" : "quantile",
    },
    warnings,
  });
}

/**
 * Scores each customer 1..`bins` (default 5) on recency, frequency and monetary value
 * by quantile rank; recency is scored inversely, so the most recent buyers score highest.
 *
 * Quantile rule: sort a dimension's n values ascending; a group of equal values at
 * 0-based positions lo..hi gets `score = 1 + floor(bins * p)` with the mid-rank
 * percentile `p = (lo + hi + 1) / (2n)` (default `ties: "average"`; `"min"` uses
 * `p = lo / n`, `"max"` `p = hi / n`). Equal values always share a score; without ties
 * each score holds n / bins customers (to within one); when every value is equal all
 * get the middle score; with n < bins the scores spread over the range (n = 3,
 * bins = 5 gives 1, 3, 5). R is scored on the time since the last
 * purchase with the order reversed (largest gap = score 1). Explicit `thresholds`
 * replace quantiles per dimension. Runs in expected O(n log bins), worst case O(n log n),
 * over typed arrays (selection of the bin boundaries instead of a full sort).
 *
 * By default (`recencyConvention: "btyd"`) `recency` is BTYD recency (first to last
 * purchase, as `summarizeTransactions` of `clientele/data` reports) and the time since
 * the last purchase is computed as `T - recency`; pass `recencyConvention: "since-last"`
 * if your `recency` already is the time since the last purchase.
 *
 * M scores total spend by default (`monetary: "total"`, the first purchase included; the
 * `totalSpend` column of a data summary): the M of the R/FM segment table and of most RFM
 * practice, so a one-time buyer of $507 gets a high M. `monetary: "average"` scores the
 * average order value (`totalSpend / purchaseDays`); `"btyd-mean"` the `monetary` field as
 * given (for a data summary the BTYD mean of the REPEAT purchases, 0 for one-time buyers).
 *
 * Recency: quantile R ranks customers against each other. When the customers in the top two
 * R scores include some silent for more than 3 typical purchase gaps (median first-to-last
 * span / repeat purchases over repeat buyers), as on a single-cohort log where almost
 * everyone has lapsed, the result carries a warning in `warnings` with the figures and the
 * fix (`thresholds.recency` on absolute time). The scores are never changed silently.
 *
 * @param customers - a summary from `summarizeTransactions` (columns or `summaryToRows` rows), or rows / columns `{ id, recency, frequency, T?, totalSpend?, purchaseDays?, monetary? }`
 * @param options - `bins` (default 5), `ties` (default `"average"`), `recencyConvention` (default `"btyd"`), `monetary` (default `"total"`), `thresholds` (default none: quantiles)
 * @returns columnar scores (serialize with `JSON.stringify`); use {@link rfmScoreRows} for `{ id, r, f, m, code }` rows
 * @throws ClienteleError `EMPTY_INPUT`, `MISSING_COLUMN` (also for a near-miss field such as `customer_id`, and for `totalSpend` when M scores total spend), `LENGTH_MISMATCH`, `NON_FINITE`, `NEGATIVE_VALUE`, `NOT_INTEGER`, `OUT_OF_RANGE`, `RECENCY_AFTER_T`, `INVALID_ID`, `DUPLICATE_ID` (one row per customer), `INVALID_INPUT`, `MISSING_VALUE`, `INVALID_OPTION`
 * @see Hughes, A. M. (1994). Strategic Database Marketing (RFM quintile scoring).
 * @example
 * import { scoreRfm, rfmScoreRows } from "clientele/rfm";
 * const scores = scoreRfm(
 *   [
 *     { id: "a", recency: 1, frequency: 5, totalSpend: 540 },
 *     { id: "b", recency: 30, frequency: 0, totalSpend: 20 },
 *     { id: "c", recency: 8, frequency: 2, totalSpend: 120 },
 *   ],
 *   { recencyConvention: "since-last" },
 * );
 * rfmScoreRows(scores)[0];
 * // => { id: "a", r: 5, f: 5, m: 5, code: "555" }
 * scores.warnings; // => []
 */
export function scoreRfm(customers: RfmInput, options: ScoreRfmOptions = {}): RfmScores {
  const opts = parseOptions(scoreRfmOptionsSchema, options, "scoreRfm");
  const cols = toRfmColumns(customers, opts.recencyConvention, "scoreRfm", false, opts.monetary);
  return scoreColumns(cols, opts, "scoreRfm");
}
