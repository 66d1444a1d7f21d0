import { ClienteleError, describeValue } from "../core/errors.js";
import { toFlatMatrix, type FlatMatrix, type PointsInput } from "../core/matrix.js";
import type { Rng } from "../core/rng.js";
import { nearest } from "./kmeans/distance.js";
export { throwIfAborted } from "../core/async.js";

/** Checks that `k` is an integer in [min, n]. Internal. */
export function checkK(k: number, n: number, fn: string, min = 1): void {
  if (!Number.isInteger(k) || k < min || k > n) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "k"],
      received: k,
      message: `${fn}: k must be an integer in [${min}, ${n}] (the number of points). Got ${describeValue(k)}.`,
    });
  }
}

/** Copies sample weights into a Float64Array, checking length, finiteness and sign. Internal. */
export function toWeights(w: ArrayLike<number> | undefined, n: number, fn: string): Float64Array | null {
  if (w === undefined) return null;
  if (w === null || typeof w.length !== "number" || w.length !== n) {
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: ["options", "weights"],
      received: w && typeof w.length === "number" ? w.length : w,
      message: `${fn}: options.weights must have one non-negative number per point (${n}). Got ${describeValue(w)}.`,
    });
  }
  const out = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new ClienteleError({
        code: typeof v === "number" && Number.isFinite(v) ? "NEGATIVE_VALUE" : "NON_FINITE",
        path: ["options", "weights", i],
        received: v,
        message: `${fn}: options.weights[${i}] is ${describeValue(v)}; weights must be finite and >= 0.`,
      });
    }
    out[i] = v;
    total += v;
  }
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new ClienteleError({
      code: total > 0 ? "OUT_OF_RANGE" : "DEGENERATE_INPUT",
      path: ["options", "weights"],
      message:
        total > 0
          ? `${fn}: options.weights sum to more than the largest float64; divide them by a common factor (only their ratios matter).`
          : `${fn}: options.weights are all zero; at least one point needs a positive weight.`,
    });
  }
  return out;
}

/** Checks a label array: one integer per point. Returns an Int32Array copy. Internal. */
export function toLabels(labels: ArrayLike<number>, n: number, fn: string): Int32Array {
  if (labels === null || labels === undefined || typeof labels.length !== "number" || labels.length !== n) {
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: ["labels"],
      received: labels && typeof labels.length === "number" ? labels.length : labels,
      message: `${fn}: labels must have one integer per point (${n}). Got ${describeValue(labels)}.`,
    });
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = labels[i];
    if (typeof v !== "number" || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new ClienteleError({
        code: "INVALID_LABEL",
        path: ["labels", i],
        received: v,
        message: `${fn}: labels[${i}] is ${describeValue(v)}; labels must be integers (cluster ids, -1 for noise is allowed).`,
      });
    }
    out[i] = v;
  }
  return out;
}

/**
 * Maps arbitrary integer labels to dense ids 0..m-1 in order of first appearance of the
 * sorted distinct labels. Returns the dense ids, the distinct original labels (sorted)
 * and the cluster sizes. Internal.
 */
export function denseLabels(labels: Int32Array): { ids: Int32Array; values: number[]; sizes: Float64Array } {
  const distinct = Array.from(new Set(labels)).sort((a, b) => a - b);
  const map = new Map<number, number>();
  distinct.forEach((v, i) => map.set(v, i));
  const ids = new Int32Array(labels.length);
  const sizes = new Float64Array(distinct.length);
  for (let i = 0; i < labels.length; i++) {
    const c = map.get(labels[i]) as number;
    ids[i] = c;
    sizes[c]++;
  }
  return { ids, values: distinct, sizes };
}

const nearOut = /* @__PURE__ */ new Float64Array(3);

/** Index of the nearest center for each point (ties: lowest index), with the K-Means distance kernels; `dist` gets the squared distance. Internal. */
export function assignNearest(x: FlatMatrix, centers: Float64Array, k: number, labels: Int32Array, dist?: Float64Array): void {
  const { data, n, d } = x;
  const out = nearOut;
  for (let i = 0; i < n; i++) {
    nearest(data, i * d, d, centers, k, out);
    labels[i] = out[2];
    if (dist) dist[i] = out[0];
  }
}

/** Draws `m` distinct indices from [0, n) uniformly (partial Fisher-Yates on a map). Internal. */
export function sampleIndices(n: number, m: number, rng: Rng): Int32Array {
  const out = new Int32Array(m);
  const swapped = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    const vj = swapped.has(j) ? (swapped.get(j) as number) : j;
    const vi = swapped.has(i) ? (swapped.get(i) as number) : i;
    swapped.set(j, vi);
    out[i] = vj;
  }
  return out;
}

/** Row-major rows of a flat array as plain arrays. Internal. */
export function flatToRows(data: Float64Array, n: number, d: number): number[][] {
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = Array.from(data.subarray(i * d, (i + 1) * d));
  return out;
}

/** The core points reader (see toFlatMatrix); `readOnly` avoids the copy. Internal. */
export function toFlat(points: PointsInput, fn: string, name = "points", readOnly = false): FlatMatrix {
  return toFlatMatrix(points, fn, name, readOnly);
}

/**
 * The power of two that brings `maxAbs` near 1, when squares of the data could overflow
 * (values above 2^100) or underflow (nonzero values below 2^-100); else 1. Multiplying by a
 * power of two is exact, so scale-invariant scores computed on the scaled data are the same
 * numbers, with no overflow to Infinity / NaN. Internal.
 */
export function safeFactor(maxAbs: number): number {
  if (!(maxAbs > 2 ** 100) && !(maxAbs > 0 && maxAbs < 2 ** -100)) return 1;
  const e = Math.max(-1000, Math.floor(Math.log2(maxAbs)));
  return 2 ** -Math.trunc(e / 2) * 2 ** -(e - Math.trunc(e / 2));
}

/** Largest absolute value of a flat matrix's data. Internal. */
export function maxAbsOf(data: Float64Array): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i]);
    if (a > m) m = a;
  }
  return m;
}

/**
 * `x` itself when its squared distances are safe in float64, else a copy multiplied by an
 * exact power of two (see safeFactor). For scale-invariant scores only. Internal.
 */
export function scaleSafe(x: FlatMatrix): FlatMatrix {
  const f = safeFactor(maxAbsOf(x.data));
  if (f === 1) return x;
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < data.length; i++) data[i] = x.data[i] * f;
  return { data, n: x.n, d: x.d };
}

/**
 * `options.signal` for runAsync, read without trusting it: the fit's own option schema
 * rejects a bad one before any work. Internal.
 */
export function signalOf(options: unknown): AbortSignal | undefined {
  const sig = options !== null && typeof options === "object" ? (options as { signal?: unknown }).signal : undefined;
  return sig !== null && typeof sig === "object" && typeof (sig as AbortSignal).aborted === "boolean" ? (sig as AbortSignal) : undefined;
}
