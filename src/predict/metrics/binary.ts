// Binary-classification metrics on given scores: ROC AUC, PR AUC (average precision), log loss, Brier.
// Each equals scikit-learn's function of the same name (1.2.1) to 1e-12, ties and weights included.
import * as z from "../../core/schema.js";
import { parseOptions } from "../../core/validate.js";
import { descendingOrder, readScored, requireBothClasses, type Scored } from "./input.js";

/** Options of the single-number metrics. */
export interface MetricOptions {
  /** One non-negative weight per row (default: every row 1), like scikit-learn's `sample_weight`. */
  sampleWeight?: ArrayLike<number>;
}

const metricOptions = z.object({ sampleWeight: z.any().optional() });

function read(fn: string, y: unknown, scores: unknown, options: unknown, probabilities: boolean): Scored {
  const o = parseOptions(metricOptions, options, fn);
  return readScored(y, scores, o.sampleWeight, fn, probabilities);
}

/** Cumulative weighted true and false positives at each distinct score, highest score first. */
export function thresholdCounts(d: Scored): { tps: Float64Array; fps: Float64Array; thresholds: Float64Array; m: number } {
  const order = descendingOrder(d.s);
  const tps = new Float64Array(d.n);
  const fps = new Float64Array(d.n);
  const thr = new Float64Array(d.n);
  let tp = 0;
  let all = 0;
  let m = 0;
  for (let k = 0; k < d.n; k++) {
    const i = order[k]!;
    const w = d.w ? d.w[i]! : 1;
    if (w === 0) continue; // zero-weight rows do not count (scikit-learn drops them)
    all += w;
    if (d.y[i] === 1) tp += w;
    // close the group when the next counted row has another score
    let next = k + 1;
    while (next < d.n && d.w && d.w[order[next]!] === 0) next++;
    if (next >= d.n || d.s[order[next]!] !== d.s[i]) {
      tps[m] = tp;
      fps[m] = all - tp;
      thr[m] = d.s[i]!;
      m++;
    }
  }
  return { tps: tps.subarray(0, m), fps: fps.subarray(0, m), thresholds: thr.subarray(0, m), m };
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative (ties count half). Any real-valued scores work (it depends on their order only).
 * Equals scikit-learn's `roc_auc_score` (trapezoids over distinct thresholds). O(n log n).
 *
 * @param y - 0/1 labels (1 = the event, e.g. churned)
 * @param scores - one score per row, higher = more likely 1
 * @param options - `sampleWeight`
 * @throws ClienteleError `INVALID_LABEL`, `LENGTH_MISMATCH`, `NON_FINITE`, `DEGENERATE_INPUT` (one class only)
 * @example
 * import { rocAuc } from "clientele/predict";
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // => 0.75
 */
export function rocAuc(y: ArrayLike<number | boolean>, scores: ArrayLike<number>, options: MetricOptions = {}): number {
  const d = read("rocAuc", y, scores, options, false);
  requireBothClasses(d, "rocAuc");
  return rocAucOf(d);
}

/** Internal: ROC AUC of checked input with both classes. */
export function rocAucOf(d: Scored): number {
  const { tps, fps, m } = thresholdCounts(d);
  const P = tps[m - 1]!;
  const N = fps[m - 1]!;
  let area = 0;
  let px = 0;
  let py = 0;
  for (let k = 0; k < m; k++) {
    const x = fps[k]! / N;
    const yv = tps[k]! / P;
    area += ((x - px) * (yv + py)) / 2;
    px = x;
    py = yv;
  }
  return area;
}

/**
 * PR AUC as average precision: Σ (R_k − R_{k−1}) · P_k over distinct thresholds, the step-wise
 * area under the precision-recall curve (no interpolation). Equals scikit-learn's
 * `average_precision_score`. A random model scores the positive rate. O(n log n).
 *
 * @param y - 0/1 labels
 * @param scores - one score per row, higher = more likely 1
 * @param options - `sampleWeight`
 * @throws ClienteleError `INVALID_LABEL`, `LENGTH_MISMATCH`, `NON_FINITE`, `DEGENERATE_INPUT` (one class only)
 * @example
 * import { averagePrecision } from "clientele/predict";
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // => 0.8333333333333333
 */
export function averagePrecision(y: ArrayLike<number | boolean>, scores: ArrayLike<number>, options: MetricOptions = {}): number {
  const d = read("averagePrecision", y, scores, options, false);
  requireBothClasses(d, "averagePrecision");
  return averagePrecisionOf(d);
}

/** Internal: average precision of checked input with both classes. */
export function averagePrecisionOf(d: Scored): number {
  const { tps, fps, m } = thresholdCounts(d);
  const P = tps[m - 1]!;
  let ap = 0;
  let pr = 0;
  for (let k = 0; k < m; k++) {
    const r = tps[k]! / P;
    ap += (r - pr) * (tps[k]! / (tps[k]! + fps[k]!));
    pr = r;
    if (tps[k] === P) break; // scikit-learn stops at full recall
  }
  return ap;
}

/** Probabilities are clipped to [ε, 1 − ε], ε = 2^-52, as scikit-learn 1.2's `eps="auto"`. */
export const LOG_LOSS_EPS = 2.220446049250313e-16;

/**
 * Mean log loss (cross-entropy) of predicted probabilities, in nats: −mean(y log p + (1−y) log(1−p)).
 * Lower is better; always predicting the base rate p̄ scores its entropy. Probabilities are clipped
 * to [ε, 1−ε] with ε = 2^-52 (scikit-learn 1.2's `log_loss`), so 0 and 1 give a large finite loss.
 *
 * @param y - 0/1 labels
 * @param probabilities - P(y = 1) per row, in [0, 1]
 * @param options - `sampleWeight`
 * @throws ClienteleError `OUT_OF_RANGE` (a probability outside [0, 1]), `DEGENERATE_INPUT` (one class only, as scikit-learn)
 * @example
 * import { logLoss } from "clientele/predict";
 * logLoss([0, 1], [0.5, 0.5]); // => 0.6931471805599453
 */
export function logLoss(y: ArrayLike<number | boolean>, probabilities: ArrayLike<number>, options: MetricOptions = {}): number {
  const d = read("logLoss", y, probabilities, options, true);
  requireBothClasses(d, "logLoss");
  return logLossOf(d);
}

/** Internal: log loss of checked probabilities. */
export function logLossOf(d: Scored): number {
  let sum = 0;
  let sw = 0;
  for (let i = 0; i < d.n; i++) {
    const w = d.w ? d.w[i]! : 1;
    let p1 = d.s[i]!;
    let p0 = 1 - p1;
    p1 = p1 < LOG_LOSS_EPS ? LOG_LOSS_EPS : p1 > 1 - LOG_LOSS_EPS ? 1 - LOG_LOSS_EPS : p1;
    p0 = p0 < LOG_LOSS_EPS ? LOG_LOSS_EPS : p0 > 1 - LOG_LOSS_EPS ? 1 - LOG_LOSS_EPS : p0;
    const t = p0 + p1; // scikit-learn renormalizes the clipped pair
    sum -= w * Math.log((d.y[i] === 1 ? p1 : p0) / t);
    sw += w;
  }
  return sum / sw;
}

/**
 * Brier score: mean squared difference between the probability and the 0/1 outcome. Lower is
 * better; 0.25 for a constant 0.5. Equals scikit-learn's `brier_score_loss`.
 *
 * @param y - 0/1 labels
 * @param probabilities - P(y = 1) per row, in [0, 1]
 * @param options - `sampleWeight`
 * @throws ClienteleError `OUT_OF_RANGE`, `LENGTH_MISMATCH`, `INVALID_LABEL`
 * @example
 * import { brierScore } from "clientele/predict";
 * brierScore([0, 1, 1], [0.2, 0.9, 0.6]); // => 0.07
 */
export function brierScore(y: ArrayLike<number | boolean>, probabilities: ArrayLike<number>, options: MetricOptions = {}): number {
  return brierOf(read("brierScore", y, probabilities, options, true));
}

/** Internal: Brier score of checked probabilities. */
export function brierOf(d: Scored): number {
  let sum = 0;
  let sw = 0;
  for (let i = 0; i < d.n; i++) {
    const w = d.w ? d.w[i]! : 1;
    const e = d.y[i]! - d.s[i]!;
    sum += w * e * e;
    sw += w;
  }
  return sum / sw;
}
