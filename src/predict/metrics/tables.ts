// Tables a marketer reads: deciles with lift and cumulative gain; the reliability (calibration) table.
import { ClienteleError } from "../../core/errors.js";
import * as z from "../../core/schema.js";
import { parseOptions } from "../../core/validate.js";
import { checkProbabilities, descendingOrder, readScored, type Scored } from "./input.js";

/** One group of customers in a {@link liftTable}, highest scores first. */
export interface LiftRow {
  /** 1 = the highest-scored group. */
  group: number;
  /** Customers in the group. */
  n: number;
  /** Positives (e.g. churners) in the group. */
  positives: number;
  /** Share of positives in the group. */
  rate: number;
  /** rate / overall rate: 2.8 = this group churns 2.8 times as often as average. */
  lift: number;
  /** Share of all positives found in groups 1..group (cumulative gain). */
  cumulativeGain: number;
  /** Share of all customers in groups 1..group. */
  cumulativeShare: number;
  /** Cumulative lift: cumulativeGain / cumulativeShare. */
  cumulativeLift: number;
  /** Lowest and highest score in the group. */
  minScore: number;
  maxScore: number;
}

/** Options of {@link liftTable}. */
export interface LiftTableOptions {
  /** Number of groups (default 10: deciles). */
  groups?: number;
}

const liftOptions = z.object({ groups: z.number().int().min(2).max(1000).default(10) });

/**
 * Deciles (or other equal-count groups) by descending score, with the positive rate, lift and
 * cumulative gain per group: "the top 10 % of scores hold 28 % of the churners (lift 2.8)".
 * Rows are sorted by score, ties in input order, and split as numpy's `array_split` (the first
 * n mod groups get one extra row), so the figures equal the Telco reference's. O(n log n).
 *
 * @param y - 0/1 labels
 * @param scores - one score per customer (any scale)
 * @param options - `groups` (default 10)
 * @throws ClienteleError `TOO_FEW_OBSERVATIONS` (fewer rows than groups), `DEGENERATE_INPUT` (no positives)
 * @example
 * import { liftTable } from "clientele/predict";
 * const t = liftTable([1, 0, 1, 0, 0, 0], [0.9, 0.8, 0.7, 0.3, 0.2, 0.1], { groups: 3 });
 * t.map((r) => r.lift); // => [1.5, 1.5, 0]
 * t.map((r) => r.cumulativeGain); // => [0.5, 1, 1]
 */
export function liftTable(y: ArrayLike<number | boolean>, scores: ArrayLike<number>, options: LiftTableOptions = {}): LiftRow[] {
  const o = parseOptions(liftOptions, options, "liftTable");
  return liftOf(readScored(y, scores, undefined, "liftTable"), o.groups, "liftTable");
}

/** Internal: lift table of checked input. */
export function liftOf(d: Scored, groups: number, fn: string): LiftRow[] {
  if (d.n < groups) {
    throw new ClienteleError({
      code: "TOO_FEW_OBSERVATIONS",
      path: ["y"],
      received: d.n,
      message: `${fn}: ${d.n} rows cannot fill ${groups} groups. Pass at least ${groups} rows or fewer groups.`,
    });
  }
  let total = 0;
  for (let i = 0; i < d.n; i++) total += d.y[i]!;
  if (total === 0)
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["y"],
      message: `${fn}: y has no positives (1), so lift is undefined. Evaluate on a sample with some events.`,
    });
  const order = descendingOrder(d.s);
  const base = total / d.n;
  const q = Math.floor(d.n / groups);
  const extra = d.n % groups;
  const rows: LiftRow[] = [];
  let at = 0;
  let cum = 0;
  for (let g = 0; g < groups; g++) {
    const size = q + (g < extra ? 1 : 0);
    let pos = 0;
    for (let k = at; k < at + size; k++) pos += d.y[order[k]!]!;
    cum += pos;
    const rate = pos / size;
    const share = (at + size) / d.n;
    rows.push({
      group: g + 1,
      n: size,
      positives: pos,
      rate,
      lift: rate / base,
      cumulativeGain: cum / total,
      cumulativeShare: share,
      cumulativeLift: cum / total / share,
      minScore: d.s[order[at + size - 1]!]!,
      maxScore: d.s[order[at]!]!,
    });
    at += size;
  }
  return rows;
}

/** One bin of a {@link calibrationTable}. */
export interface CalibrationRow {
  /** Bin edges (scores in (lower, upper]; the first bin includes its lower edge). */
  lower: number;
  upper: number;
  /** Rows in the bin. */
  n: number;
  /** Mean predicted probability in the bin. */
  meanPredicted: number;
  /** Observed share of positives in the bin. */
  observedRate: number;
}

/** Options of {@link calibrationTable}. */
export interface CalibrationTableOptions {
  /** Number of bins (default 10). */
  bins?: number;
  /** "uniform" (equal-width bins on [0, 1], default) or "quantile" (equal-count bins). */
  strategy?: "uniform" | "quantile";
}

const calOptions = z.object({ bins: z.number().int().min(1).max(1000).default(10), strategy: z.enum(["uniform", "quantile"]).default("uniform") });

/**
 * Reliability table: predicted probabilities grouped into bins, with the mean prediction and the
 * observed positive rate per bin; a calibrated model has the two close in every bin. Empty bins
 * are left out. Bins and membership follow scikit-learn's `calibration_curve` (quantile edges by
 * numpy's linear percentile; a score on an edge goes to the lower bin). O(n log n).
 *
 * @param y - 0/1 labels
 * @param probabilities - P(y = 1) per row, in [0, 1]
 * @param options - `bins` (default 10), `strategy` (default "uniform")
 * @throws ClienteleError `OUT_OF_RANGE` (a probability outside [0, 1]), `LENGTH_MISMATCH`
 * @example
 * import { calibrationTable } from "clientele/predict";
 * const t = calibrationTable([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], { bins: 2 });
 * t.map((r) => [r.n, r.meanPredicted, r.observedRate]); // => [[2, 0.2, 0], [2, 0.75, 1]]
 */
export function calibrationTable(y: ArrayLike<number | boolean>, probabilities: ArrayLike<number>, options: CalibrationTableOptions = {}): CalibrationRow[] {
  const o = parseOptions(calOptions, options, "calibrationTable");
  const d = readScored(y, probabilities, undefined, "calibrationTable");
  checkProbabilities(d.s, "calibrationTable", "probabilities");
  return calibrationOf(d, o.bins, o.strategy);
}

/** numpy.percentile(values, q * 100) with the default linear method, for q = i / bins. */
function quantileEdges(s: Float64Array, bins: number): Float64Array {
  const sorted = Float64Array.from(s).sort();
  const n = sorted.length;
  const step = 1 / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) {
    const q = i === bins ? 1 : (i * step * 100) / 100; // np.linspace(0, 1, bins + 1) * 100 / 100
    const v = (n - 1) * q;
    const lo = Math.floor(v);
    const hi = Math.min(lo + 1, n - 1);
    const t = v - lo;
    const a = sorted[Math.min(lo, n - 1)]!;
    const b = sorted[hi]!;
    const diff = b - a;
    edges[i] = t >= 0.5 ? b - diff * (1 - t) : a + diff * t; // numpy's _lerp
  }
  return edges;
}

/** Internal: reliability table of checked probabilities. */
export function calibrationOf(d: Scored, bins: number, strategy: "uniform" | "quantile"): CalibrationRow[] {
  let edges: Float64Array;
  if (strategy === "quantile") edges = quantileEdges(d.s, bins);
  else {
    edges = new Float64Array(bins + 1);
    for (let i = 0; i <= bins; i++) edges[i] = i === bins ? 1 : i * (1 / bins);
  }
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < d.n; i++) {
    const p = d.s[i]!;
    // np.searchsorted(edges[1:-1], p, side="left"): number of inner edges strictly below p
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid + 1]! < p) lo = mid + 1;
      else hi = mid;
    }
    count[lo]!++;
    sumP[lo]! += p;
    sumY[lo]! += d.y[i]!;
  }
  const rows: CalibrationRow[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    rows.push({ lower: edges[b]!, upper: edges[b + 1]!, n: count[b]!, meanPredicted: sumP[b]! / count[b]!, observedRate: sumY[b]! / count[b]! });
  }
  return rows;
}
