import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { parseOptions } from "../core/validate.js";
import { numberColumn } from "./inputs.js";

/**
 * A Qini or uplift curve with its areas. Points are at the end of each group of tied scores
 * (scikit-uplift's convention), with (0, 0) first. Areas are trapezoidal in the curve's own units
 * (x: customers targeted, y: incremental outcomes).
 */
export interface UpliftCurve {
  /** "qini" or "uplift". */
  curve: "qini" | "uplift";
  /** Rows. */
  n: number;
  /** Customers targeted at each point (best scores first). */
  x: number[];
  /** Curve value at each point (incremental outcomes among the targeted). */
  y: number[];
  /** Area under the curve. */
  area: number;
  /** Area under the random-targeting line from (0, 0) to (n, y[n]). */
  randomArea: number;
  /** Area under the perfect model's curve (null when undefined, see `reason`). */
  perfectArea: number | null;
  /** (area - randomArea) / (perfectArea - randomArea): scikit-uplift's qini_auc_score / uplift_auc_score; > 0 beats random targeting. Null with `reason` when undefined. */
  auc: number | null;
  /** Why `auc` or `perfectArea` is null. */
  reason?: string;
}

/** Options of {@link qiniCurve}. */
export interface QiniCurveOptions {
  /** The perfect curve allows negative effects (scikit-uplift's `negative_effect`, default true). */
  negativeEffect?: boolean;
}

const qiniSchema = z.object({ negativeEffect: z.boolean().default(true) });

interface Cols {
  y: Float64Array;
  u: Float64Array;
  t: Float64Array;
}

function columns(y: unknown, uplift: unknown, treatment: unknown, fn: string): Cols {
  const yy = numberColumn(y, fn, "y", undefined, true);
  const u = numberColumn(uplift, fn, "uplift", yy.length);
  const t = numberColumn(treatment, fn, "treatment", yy.length, true);
  let nt = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== 0 && t[i] !== 1) {
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: ["treatment", i],
        received: t[i],
        message: `${fn}: treatment[${i}] is ${t[i]}; it must be 1 (treated) or 0 (control). Compare one treatment with control at a time.`,
      });
    }
    nt += t[i];
  }
  if (nt === 0 || nt === t.length) {
    throw new ClienteleError({
      code: "TOO_FEW_OBSERVATIONS",
      path: ["treatment"],
      message: `${fn}: every row is ${nt === 0 ? "control" : "treated"}; a curve needs both treated (1) and control (0) rows.`,
    });
  }
  return { y: yy, u, t };
}

/** The raw curve at tie-group ends, with (0, 0) prepended (scikit-uplift qini_curve / uplift_curve). Internal. */
export function rawCurve(kind: "qini" | "uplift", c: Cols): { x: number[]; y: number[] } {
  const n = c.y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => c.u[b] - c.u[a] || a - b);
  const x = [0];
  const v = [0];
  let nt = 0;
  let yt = 0;
  let yc = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    nt += c.t[i];
    yt += c.y[i] * c.t[i];
    yc += c.y[i] * (1 - c.t[i]);
    if (k < n - 1 && c.u[order[k + 1]] === c.u[i]) continue;
    const all = k + 1;
    const nc = all - nt;
    let val: number;
    if (kind === "qini") val = yt - (nc !== 0 ? (yc * nt) / nc : 0);
    else val = ((nt !== 0 ? yt / nt : 0) - (nc !== 0 ? yc / nc : 0)) * all;
    x.push(all);
    v.push(val);
  }
  return { x, y: v };
}

function trapezoid(x: readonly number[], y: readonly number[]): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return s;
}

function finish(kind: "qini" | "uplift", c: Cols, perfect: { x: number[]; y: number[] } | null, reason?: string): UpliftCurve {
  const { x, y } = rawCurve(kind, c);
  const n = c.y.length;
  const area = trapezoid(x, y);
  const out: UpliftCurve = { curve: kind, n, x, y, area, randomArea: 0, perfectArea: null, auc: null };
  if (perfect === null) {
    out.randomArea = (n * y[y.length - 1]) / 2;
    out.reason = reason;
    return out;
  }
  // scikit-uplift: the baseline runs from (0, 0) to the perfect curve's last point (the same end value).
  const px = perfect.x[perfect.x.length - 1];
  const py = perfect.y[perfect.y.length - 1];
  out.randomArea = (px * py) / 2;
  out.perfectArea = trapezoid(perfect.x, perfect.y);
  const denom = out.perfectArea - out.randomArea;
  if (denom !== 0 && Number.isFinite(denom)) out.auc = (area - out.randomArea) / denom;
  else out.reason = "the perfect curve equals random targeting (no effect to rank), so the normalized area is undefined";
  return out;
}

/**
 * The Qini curve (Radcliffe 2007): targeting customers by descending `uplift`, the incremental
 * outcomes among the first x targeted, Y_t(x) - Y_c(x) N_t(x) / N_c(x), with its area, the
 * random-targeting area and the normalized Qini coefficient, computed as scikit-uplift's
 * `qini_curve` and `qini_auc_score`. O(n log n).
 *
 * @param y - outcome per row (0/1, booleans or amounts)
 * @param uplift - the model's uplift score per row (higher = target first)
 * @param treatment - 1 (treated) or 0 (control) per row
 * @param options - `negativeEffect` (default true): the perfect curve used to normalize
 * @throws ClienteleError `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `OUT_OF_RANGE`, `TOO_FEW_OBSERVATIONS`
 * @see Radcliffe (2007), Using control groups to target on predicted lift, Direct Marketing Analytics Journal; scikit-uplift `sklift.metrics.qini_auc_score`.
 * @example
 * import { qiniCurve } from "clientele/personalize";
 * const q = qiniCurve([1, 0, 1, 0], [0.9, 0.5, 0.3, 0.1], [1, 0, 0, 1]);
 * q.x; // => [0, 1, 2, 3, 4]
 * q.y; // => [0, 1, 1, 0.5, 0]
 * +q.auc!.toFixed(4); // => 0.8333
 */
export function qiniCurve(
  y: ArrayLike<number | boolean>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number | boolean>,
  options: QiniCurveOptions = {},
): UpliftCurve {
  const fn = "qiniCurve";
  const opts = parseOptions(qiniSchema, options, fn);
  const c = columns(y, uplift, treatment, fn);
  let perfect: { x: number[]; y: number[] };
  if (opts.negativeEffect) {
    perfect = rawCurve("qini", { ...c, u: c.y.map((v, i) => v * c.t[i] - v * (1 - c.t[i])) });
  } else {
    let yt = 0;
    let nt = 0;
    let yc = 0;
    let nc = 0;
    for (let i = 0; i < c.y.length; i++) {
      if (c.t[i] === 1) {
        yt += c.y[i];
        nt++;
      } else {
        yc += c.y[i];
        nc++;
      }
    }
    const r = yt - (nt * yc) / nc;
    perfect = { x: [0, r, c.y.length], y: [0, r, r] };
  }
  return finish("qini", c, perfect);
}

/**
 * The uplift curve: (mean outcome of treated - mean outcome of control among the first x
 * targeted) times x, with its area and the normalized area, computed as scikit-uplift's
 * `uplift_curve` and `uplift_auc_score` (whose perfect curve is defined for binary outcomes; for
 * other outcomes `auc` is null with a reason). O(n log n).
 *
 * @param y - outcome per row (0/1, booleans or amounts)
 * @param uplift - uplift score per row
 * @param treatment - 1 (treated) or 0 (control) per row
 * @throws ClienteleError `EMPTY_INPUT`, `NON_FINITE`, `LENGTH_MISMATCH`, `OUT_OF_RANGE`, `TOO_FEW_OBSERVATIONS`
 * @see scikit-uplift `sklift.metrics.uplift_auc_score`.
 * @example
 * import { upliftCurve } from "clientele/personalize";
 * const u = upliftCurve([1, 0, 1, 0], [0.9, 0.5, 0.3, 0.1], [1, 0, 0, 1]);
 * u.y; // => [0, 1, 2, 1.5, 0]
 * [u.area, u.auc]; // => [4.5, 1]
 */
export function upliftCurve(y: ArrayLike<number | boolean>, uplift: ArrayLike<number>, treatment: ArrayLike<number | boolean>): UpliftCurve {
  const fn = "upliftCurve";
  const c = columns(y, uplift, treatment, fn);
  if (!c.y.every((v) => v === 0 || v === 1)) return finish("uplift", c, null, "the perfect uplift curve is defined for binary (0/1) outcomes only");
  let cr = 0;
  let tn = 0;
  for (let i = 0; i < c.y.length; i++) {
    if (c.y[i] === 1 && c.t[i] === 0) cr++;
    if (c.y[i] === 0 && c.t[i] === 1) tn++;
  }
  const summand = cr > tn ? c.y : c.t;
  const perfect = rawCurve("uplift", { ...c, u: c.y.map((v, i) => 2 * (v === c.t[i] ? 1 : 0) + summand[i]) });
  return finish("uplift", c, perfect);
}
