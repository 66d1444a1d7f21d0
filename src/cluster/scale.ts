import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import type { FlatMatrix, PointsInput } from "../core/matrix.js";
import { jsonColumns } from "../core/json.js";
import { checkModelHeader, parseOptions, parseWith } from "../core/validate.js";
import { flatToRows, safeFactor, toFlat } from "./internal.js";

/** How {@link fitScaler} centers and scales each column. */
export type ScaleMethod = "zscore" | "minmax" | "robust";

/** Options of {@link fitScaler}. */
export interface FitScalerOptions {
  /**
   * `"zscore"` (default): subtract the mean, divide by the population standard deviation;
   * `"minmax"`: map [min, max] to [0, 1]; `"robust"`: subtract the median, divide by the
   * interquartile range (linear-interpolated quartiles, as numpy and scikit-learn).
   */
  method?: ScaleMethod;
  /**
   * Apply `log1p` before scaling: `true` for every column, or the indices of the skewed
   * columns (e.g. recency, frequency, spend). Values in those columns must be > -1.
   * Default: none.
   */
  log1p?: boolean | number[];
}

/**
 * A fitted feature scaler: plain JSON data. `transformed = (log1p?(x) - center) / scale`
 * per column. Columns with no spread (constant, zero IQR for `"robust"`, or a spread below
 * 1e-12 times the column's largest absolute value, i.e. rounding noise) get
 * `scale = 1` and are listed in `constantColumns`, so they transform to a constant
 * (0 for zscore and robust) instead of dividing by zero.
 */
export interface Scaler {
  /** Model kind tag. */
  kind: "scaler";
  /** Format version. */
  version: 1;
  /** Scaling method. */
  method: ScaleMethod;
  /** Number of columns. */
  d: number;
  /** Whether `log1p` is applied to each column before centering. */
  log1p: boolean[];
  /** Subtracted per column (mean, min or median, after log1p). */
  center: number[];
  /** Divisor per column (sd, max - min or IQR; 1 for constant columns). */
  scale: number[];
  /** Indices of columns that had no spread in the fitting data (scale set to 1). */
  constantColumns: number[];
}

const fitScalerSchema = z
  .object({
    method: z.enum(["zscore", "minmax", "robust"]).default("zscore"),
    log1p: z.union([z.boolean(), z.array(z.number().int().nonnegative())]).default(false),
  })
  .strict();

function quantileSorted(s: Float64Array, q: number): number {
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

function checkLog1p(v: number, fn: string, i: number, j: number): void {
  if (!(v > -1)) {
    throw new ClienteleError({
      code: "OUT_OF_RANGE",
      path: ["points", i, j],
      received: v,
      message: `${fn}: points[${i}][${j}] is ${v} but column ${j} is log1p-transformed, which needs values > -1. Drop log1p for this column or shift it.`,
    });
  }
}

/**
 * Fits a per-column scaler (z-score, min-max or robust median/IQR, optionally after
 * `log1p`) to points, for use before K-Means or any distance-based clustering. Runs in
 * O(n d) (O(n d log n) for `"robust"`).
 *
 * Zero-spread columns are not an error: they get `scale = 1` and are reported in
 * `constantColumns` (the same choice as scikit-learn's scalers).
 *
 * @param points - `number[][]` (one row per customer) or `{ data, n, d }` row-major
 * @param options - `method` (default `"zscore"`), `log1p` (default none)
 * @returns a plain JSON scaler; apply it with `transformPoints`
 * @throws ClienteleError `EMPTY_INPUT`, `NON_FINITE`, `SHAPE_MISMATCH`,
 *   `INVALID_OPTION` (unknown method, log1p column out of range), `OUT_OF_RANGE` (log1p of a value <= -1,
 *   or a column whose spread exceeds float64, e.g. values of -1e308 and 1e308)
 * @example
 * import { fitScaler, transformPoints } from "clientele/cluster";
 * const scaler = fitScaler([[1, 10], [3, 10], [5, 10]], { method: "zscore" });
 * scaler.center; // => [3, 10]
 * scaler.constantColumns; // => [1]
 * transformPoints(scaler, [[3, 10]]); // => [[0, 0]]
 */
export function fitScaler(points: PointsInput, options: FitScalerOptions = {}): Scaler {
  const fn = "fitScaler";
  const opts = parseOptions(fitScalerSchema, options, fn);
  const x = toFlat(points, fn);
  const { n, d, data } = x;
  const logCols = new Array<boolean>(d).fill(opts.log1p === true);
  if (Array.isArray(opts.log1p)) {
    for (const c of opts.log1p) {
      if (c >= d) {
        throw new ClienteleError({
          code: "INVALID_OPTION",
          path: ["options", "log1p"],
          received: c,
          message: `${fn}: options.log1p lists column ${c} but points have ${d} columns (0 to ${d - 1}).`,
        });
      }
      logCols[c] = true;
    }
  }
  for (let j = 0; j < d; j++) {
    if (!logCols[j]) continue;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j];
      checkLog1p(v, fn, i, j);
      data[i * d + j] = Math.log1p(v);
    }
  }
  const center = new Array<number>(d);
  const scale = new Array<number>(d);
  const constantColumns: number[] = [];
  const col = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    let maxAbs = 0;
    for (let i = 0; i < n; i++) {
      col[i] = data[i * d + j];
      const a = Math.abs(col[i]);
      if (a > maxAbs) maxAbs = a;
    }
    // huge (or tiny) columns: compute on the column times an exact power of two, so sums of
    // squares neither overflow to Infinity nor underflow to 0; undone on center and scale
    const f = safeFactor(maxAbs);
    if (f !== 1) {
      for (let i = 0; i < n; i++) col[i] *= f;
      maxAbs *= f;
    }
    let c: number;
    let s: number;
    if (opts.method === "zscore") {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += col[i];
      c = sum / n;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const t = col[i] - c;
        ss += t * t;
      }
      s = Math.sqrt(ss / n);
    } else if (opts.method === "minmax") {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        if (col[i] < lo) lo = col[i];
        if (col[i] > hi) hi = col[i];
      }
      c = lo;
      s = hi - lo;
    } else {
      const sorted = col.slice().sort();
      c = quantileSorted(sorted, 0.5);
      s = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
    }
    // a spread at the rounding-noise level of the column's values counts as none
    const constant = !(s > 1e-12 * maxAbs);
    c /= f;
    s /= f;
    if (!Number.isFinite(c) || !Number.isFinite(s)) {
      throw new ClienteleError({
        code: "OUT_OF_RANGE",
        path: ["points"],
        received: maxAbs / f,
        message: `${fn}: column ${j} spans more than float64 can hold (values up to ${maxAbs / f}), so its ${opts.method === "zscore" ? "mean or standard deviation" : "center or spread"} is not finite. Divide the column by a constant (e.g. 1e6) or use log1p for it.`,
      });
    }
    if (constant || !Number.isFinite(1 / s)) {
      s = 1;
      constantColumns.push(j);
    }
    center[j] = c;
    scale[j] = s;
  }
  return { kind: "scaler", version: 1, method: opts.method, d, log1p: logCols, center, scale, constantColumns };
}

function applyScaler(scaler: Scaler, x: FlatMatrix, fn: string, inverse: boolean): Float64Array {
  const { n, d, data } = x;
  if (d !== scaler.d) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["points"],
      received: d,
      message: `${fn}: points have ${d} columns but the scaler was fitted on ${scaler.d}. Pass the same features in the same order.`,
    });
  }
  const out = data; // toFlatMatrix returned a fresh copy
  for (let j = 0; j < d; j++) {
    const c = scaler.center[j];
    const s = scaler.scale[j];
    const lg = scaler.log1p[j];
    for (let i = 0; i < n; i++) {
      const p = i * d + j;
      let r: number;
      if (inverse) {
        const v = out[p] * s + c;
        r = lg ? Math.expm1(v) : v;
      } else {
        let v = out[p];
        if (lg) {
          checkLog1p(v, fn, i, j);
          v = Math.log1p(v);
        }
        r = (v - c) / s;
      }
      if (!Number.isFinite(r)) {
        throw new ClienteleError({
          code: "OUT_OF_RANGE",
          path: ["points", i, j],
          received: out[p],
          message: `${fn}: point ${i}, column ${j} is so far from the fitted range that its ${inverse ? "original" : "scaled"} value overflows float64. Check the units of that column (or refit the scaler on data that includes such values).`,
        });
      }
      out[p] = r;
    }
  }
  return out;
}

/**
 * Row view of points: `number[][]` from a flat `{ data, n, d }` (a copy of rows as given).
 * The row view of the columnar results of `transformPoints` and `inverseTransformPoints`.
 * O(n d).
 *
 * @param points - `number[][]` or a flat row-major `{ data, n, d }`
 * @throws ClienteleError `INVALID_INPUT`, `EMPTY_INPUT`, `SHAPE_MISMATCH`, `NON_FINITE`
 * @example
 * import { pointsToRows } from "clientele/cluster";
 * pointsToRows({ data: new Float64Array([1, 2, 3, 4]), n: 2, d: 2 }); // => [[1, 2], [3, 4]]
 */
export function pointsToRows(points: PointsInput): number[][] {
  const x = toFlat(points, "pointsToRows", "points", true);
  return flatToRows(x.data, x.n, x.d);
}

/**
 * Same form as the input: rows in, rows out; `{ data, n, d }` in, a FlatMatrix out (its
 * `data` serializes as a JSON array; `pointsToRows` gives its rows).
 */
export type TransformedPoints<P> = P extends ReadonlyArray<ReadonlyArray<number>> ? number[][] : FlatMatrix;

/**
 * Applies a fitted scaler to points. Rows in give rows out; `{ data, n, d }` in gives a
 * new FlatMatrix out. The input is never mutated. Runs in O(n d).
 *
 * @param scaler - from `fitScaler` (or `scalerFromJSON`)
 * @param points - points with the scaler's columns, in the same order
 * @throws ClienteleError `SHAPE_MISMATCH` (wrong column count), `NON_FINITE`,
 *   `EMPTY_INPUT`, `OUT_OF_RANGE` (log1p column <= -1), `INVALID_MODEL`
 * @example
 * import { fitScaler, transformPoints } from "clientele/cluster";
 * const scaler = fitScaler([[0], [10]], { method: "minmax" });
 * transformPoints(scaler, [[5], [10]]); // => [[0.5], [1]]
 */
export function transformPoints<P extends PointsInput>(scaler: Scaler, points: P): TransformedPoints<P> {
  const fn = "transformPoints";
  const s = parseScaler(scaler, fn);
  const x = toFlat(points, fn);
  const out = applyScaler(s, x, fn, false);
  return (Array.isArray(points) ? flatToRows(out, x.n, x.d) : jsonColumns({ data: out, n: x.n, d: x.d })) as TransformedPoints<P>;
}

/**
 * Maps scaled points back to original units (undoes the scaling, then `expm1` for log1p
 * columns), e.g. to read K-Means centroids in euros and days. Runs in O(n d).
 *
 * @param scaler - from `fitScaler`
 * @param points - points in the scaled space
 * @throws ClienteleError `SHAPE_MISMATCH`, `NON_FINITE`, `EMPTY_INPUT`, `INVALID_MODEL`
 * @example
 * import { fitScaler, inverseTransformPoints } from "clientele/cluster";
 * const scaler = fitScaler([[0], [10]], { method: "minmax" });
 * inverseTransformPoints(scaler, [[0.5]]); // => [[5]]
 */
export function inverseTransformPoints<P extends PointsInput>(scaler: Scaler, points: P): TransformedPoints<P> {
  const fn = "inverseTransformPoints";
  const s = parseScaler(scaler, fn);
  const x = toFlat(points, fn);
  const out = applyScaler(s, x, fn, true);
  return (Array.isArray(points) ? flatToRows(out, x.n, x.d) : jsonColumns({ data: out, n: x.n, d: x.d })) as TransformedPoints<P>;
}

const scalerSchema = z
  .object({
    kind: z.literal("scaler"),
    version: z.literal(1),
    method: z.enum(["zscore", "minmax", "robust"]),
    d: z.number().int().positive(),
    log1p: z.array(z.boolean()),
    center: z.array(z.number().finite()),
    scale: z.array(z.number().finite().positive()),
    constantColumns: z.array(z.number().int().nonnegative()),
  })
  .refine((m) => m.log1p.length === m.d && m.center.length === m.d && m.scale.length === m.d, {
    message: "log1p, center and scale must each have d entries",
  })
  .refine((m) => m.constantColumns.every((c, i) => c < m.d && m.scale[c] === 1 && (i === 0 || c > m.constantColumns[i - 1])), {
    message: "constantColumns must list increasing column indices below d, each with scale 1",
  });

/**
 * Validates a saved scaler (e.g. `JSON.parse` of a stored one) and returns it typed.
 *
 * @param json - a value produced by `JSON.stringify(fitScaler(...))`
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitScaler, scalerFromJSON } from "clientele/cluster";
 * const saved = JSON.stringify(fitScaler([[1], [2]]));
 * scalerFromJSON(JSON.parse(saved)).method; // => "zscore"
 */
export function scalerFromJSON(json: unknown): Scaler {
  return parseScaler(json, "scalerFromJSON");
}

function parseScaler(json: unknown, fn: string): Scaler {
  checkModelHeader(json, "scaler", 1, fn);
  return parseWith(scalerSchema, json, fn, { code: "INVALID_MODEL", root: "model" }) as Scaler;
}
