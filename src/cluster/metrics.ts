import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import type { FlatMatrix, PointsInput } from "../core/matrix.js";
import { createRng, isRng, type Rng } from "../core/rng.js";
import { parseOptions } from "../core/validate.js";
import { denseLabels, sampleIndices, scaleSafe, toFlat, toLabels } from "./internal.js";

function checkLabelCount(m: number, n: number, fn: string): void {
  if (m < 2 || m > n - 1) {
    throw new ClienteleError({
      code: "INVALID_LABEL",
      path: ["labels"],
      received: m,
      message: `${fn}: needs between 2 and n - 1 = ${n - 1} distinct labels; got ${m}. The score compares clusters, so pass at least two and not one per point.`,
    });
  }
}

/** Distances from row p to rows j0..j1-1 (width 8): adds each to sums[off + q], returns their total. */
function pairs8(x: Float64Array, p: number, j0: number, j1: number, sums: Float64Array, off: number): number {
  const o = p * 8;
  const a0 = x[o],
    a1 = x[o + 1],
    a2 = x[o + 2],
    a3 = x[o + 3],
    a4 = x[o + 4],
    a5 = x[o + 5],
    a6 = x[o + 6],
    a7 = x[o + 7];
  let acc = 0;
  for (let q = j0, oq = j0 * 8; q < j1; q++, oq += 8) {
    const e0 = x[oq] - a0,
      e1 = x[oq + 1] - a1,
      e2 = x[oq + 2] - a2,
      e3 = x[oq + 3] - a3;
    const e4 = x[oq + 4] - a4,
      e5 = x[oq + 5] - a5,
      e6 = x[oq + 6] - a6,
      e7 = x[oq + 7] - a7;
    const dist = Math.sqrt(e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5 + e6 * e6 + e7 * e7);
    acc += dist;
    sums[off + q] += dist;
  }
  return acc;
}

function pairs6(x: Float64Array, p: number, j0: number, j1: number, sums: Float64Array, off: number): number {
  const o = p * 6;
  const a0 = x[o],
    a1 = x[o + 1],
    a2 = x[o + 2],
    a3 = x[o + 3],
    a4 = x[o + 4],
    a5 = x[o + 5];
  let acc = 0;
  for (let q = j0, oq = j0 * 6; q < j1; q++, oq += 6) {
    const e0 = x[oq] - a0,
      e1 = x[oq + 1] - a1,
      e2 = x[oq + 2] - a2,
      e3 = x[oq + 3] - a3,
      e4 = x[oq + 4] - a4,
      e5 = x[oq + 5] - a5;
    const dist = Math.sqrt(e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5);
    acc += dist;
    sums[off + q] += dist;
  }
  return acc;
}

function pairs4(x: Float64Array, p: number, j0: number, j1: number, sums: Float64Array, off: number): number {
  const o = p * 4;
  const a0 = x[o],
    a1 = x[o + 1],
    a2 = x[o + 2],
    a3 = x[o + 3];
  let acc = 0;
  for (let q = j0, oq = j0 * 4; q < j1; q++, oq += 4) {
    const e0 = x[oq] - a0,
      e1 = x[oq + 1] - a1,
      e2 = x[oq + 2] - a2,
      e3 = x[oq + 3] - a3;
    const dist = Math.sqrt(e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3);
    acc += dist;
    sums[off + q] += dist;
  }
  return acc;
}

function pairs2(x: Float64Array, p: number, j0: number, j1: number, sums: Float64Array, off: number): number {
  const o = p * 2;
  const a0 = x[o],
    a1 = x[o + 1];
  let acc = 0;
  for (let q = j0, oq = j0 * 2; q < j1; q++, oq += 2) {
    const e0 = x[oq] - a0,
      e1 = x[oq + 1] - a1;
    const dist = Math.sqrt(e0 * e0 + e1 * e1);
    acc += dist;
    sums[off + q] += dist;
  }
  return acc;
}

function pairsAny(x: Float64Array, d: number, p: number, j0: number, j1: number, sums: Float64Array, off: number): number {
  const op = p * d;
  let acc = 0;
  for (let q = j0; q < j1; q++) {
    const oq = q * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = x[op + t] - x[oq + t];
      s += diff * diff;
    }
    const dist = Math.sqrt(s);
    acc += dist;
    sums[off + q] += dist;
  }
  return acc;
}

/**
 * Silhouette value of every point, on a checked flat matrix and dense labels. Points are
 * grouped by label so each pair distance is computed once and added to both points'
 * per-cluster sums. O(n² d) time, O(n m) memory. Internal.
 */
export function silhouetteFlat(x0: FlatMatrix, ids: Int32Array, m: number): Float64Array {
  // huge or tiny coordinates: an exact power-of-two rescale (the score is scale-invariant)
  const x = scaleSafe(x0);
  const { data, n, d } = x;
  // order points by label
  const sizes = new Int32Array(m);
  for (let i = 0; i < n; i++) sizes[ids[i]]++;
  const start = new Int32Array(m + 1);
  for (let c = 0; c < m; c++) start[c + 1] = start[c] + sizes[c];
  const fill = start.slice(0, m);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[ids[i]]++] = i;
  const xs = new Float64Array(n * d);
  for (let p = 0; p < n; p++) xs.set(data.subarray(order[p] * d, order[p] * d + d), p * d);
  const lab = new Int32Array(n);
  for (let c = 0; c < m; c++) lab.fill(c, start[c], start[c + 1]);
  // sums[c * n + p]: sum of distances from sorted point p to the points of cluster c
  const sums = new Float64Array(m * n);
  // small d: pad rows to 2, 4 or 8 columns (zeros) and use an unrolled kernel
  const w = d <= 2 ? 2 : d <= 4 ? 4 : d <= 6 ? 6 : d <= 8 ? 8 : 0;
  const xw = w === 0 ? xs : new Float64Array(n * w);
  if (w !== 0) for (let p = 0; p < n; p++) for (let t = 0; t < d; t++) xw[p * w + t] = xs[p * d + t];
  for (let p = 0; p < n; p++) {
    const cp = lab[p];
    const rowOff = cp * n;
    for (let c = cp; c < m; c++) {
      const j0 = c === cp ? p + 1 : start[c];
      const j1 = start[c + 1];
      let acc: number;
      if (w === 8) acc = pairs8(xw, p, j0, j1, sums, rowOff);
      else if (w === 6) acc = pairs6(xw, p, j0, j1, sums, rowOff);
      else if (w === 4) acc = pairs4(xw, p, j0, j1, sums, rowOff);
      else if (w === 2) acc = pairs2(xw, p, j0, j1, sums, rowOff);
      else acc = pairsAny(xs, d, p, j0, j1, sums, rowOff);
      sums[c * n + p] += acc;
    }
  }
  const out = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const cp = lab[p];
    const own = sizes[cp];
    if (own <= 1) {
      out[order[p]] = 0;
      continue;
    }
    const a = sums[cp * n + p] / (own - 1);
    let b = Infinity;
    for (let c = 0; c < m; c++) {
      if (c === cp || sizes[c] === 0) continue;
      const v = sums[c * n + p] / sizes[c];
      if (v < b) b = v;
    }
    const den = a > b ? a : b;
    out[order[p]] = den > 0 ? (b - a) / den : 0;
  }
  return out;
}

/**
 * Silhouette coefficient of every point: (b - a) / max(a, b), where a is the mean distance
 * to the other points of its cluster and b the lowest mean distance to another cluster;
 * 0 for points alone in their cluster (as scikit-learn). Exact, O(n² d) time (each pair
 * once), O(n · clusters) memory.
 *
 * @param points - `number[][]` or `{ data, n, d }`
 * @param labels - one integer cluster id per point (any integers; -1 is treated as a cluster)
 * @returns one value in [-1, 1] per point
 * @throws ClienteleError `INVALID_LABEL` (fewer than 2 or more than n - 1 clusters),
 *   `LENGTH_MISMATCH`, `INVALID_LABEL`, `EMPTY_INPUT`, `NON_FINITE`
 * @see Rousseeuw (1987), Silhouettes: a graphical aid to the interpretation and validation of cluster analysis. J. Comput. Appl. Math. 20.
 * @example
 * import { silhouetteSamples } from "clientele/cluster";
 * silhouetteSamples([[0], [1], [10], [11]], [0, 0, 1, 1]);
 * // => [0.9047..., 0.8947..., 0.8947..., 0.9047...]
 */
export function silhouetteSamples(points: PointsInput, labels: ArrayLike<number>): number[] {
  const fn = "silhouetteSamples";
  const x = toFlat(points, fn, "points", true);
  const lab = toLabels(labels, x.n, fn);
  const { ids, values } = denseLabels(lab);
  checkLabelCount(values.length, x.n, fn);
  return Array.from(silhouetteFlat(x, ids, values.length));
}

/** Options of {@link silhouetteScore}. */
export interface SilhouetteScoreOptions {
  /**
   * Score a random subset of this many points (silhouette computed within the subset, as
   * scikit-learn's `sample_size`), making large n affordable: O(sampleSize² d).
   * Default: all points (exact).
   */
  sampleSize?: number;
  /** Generator for the subset. Default `createRng(0)`. */
  rng?: Rng;
}

const silhouetteScoreSchema = z
  .object({
    sampleSize: z.number().int().min(2).optional(),
    rng: z.custom<Rng>((v) => isRng(v), { message: "expected a generator from createRng(seed)" }).optional(),
  })
  .strict();

/** Mean silhouette on a checked flat matrix (optionally on a seeded subset). Internal. */
export function silhouetteScoreFlat(x: FlatMatrix, lab: Int32Array, sampleSize: number | undefined, rng: Rng, fn: string): number {
  let sx = x;
  let sl = lab;
  if (sampleSize !== undefined && sampleSize < x.n) {
    const idx = sampleIndices(x.n, sampleSize, rng);
    const d = x.d;
    const data = new Float64Array(sampleSize * d);
    sl = new Int32Array(sampleSize);
    for (let p = 0; p < sampleSize; p++) {
      data.set(x.data.subarray(idx[p] * d, idx[p] * d + d), p * d);
      sl[p] = lab[idx[p]];
    }
    sx = { data, n: sampleSize, d };
  }
  const { ids, values } = denseLabels(sl);
  checkLabelCount(values.length, sx.n, fn);
  const s = silhouetteFlat(sx, ids, values.length);
  let total = 0;
  for (let i = 0; i < s.length; i++) total += s[i];
  return total / s.length;
}

/**
 * Mean silhouette coefficient over all points (exact, O(n² d)), or over a seeded random
 * subset with `sampleSize` (O(sampleSize² d)). Higher is better; values lie in [-1, 1].
 *
 * @param points - `number[][]` or `{ data, n, d }`
 * @param labels - one integer cluster id per point
 * @param options - `sampleSize` (default: all points), `rng` (default `createRng(0)`)
 * @throws ClienteleError `INVALID_LABEL`, `LENGTH_MISMATCH`, `INVALID_OPTION`,
 *   `EMPTY_INPUT`, `NON_FINITE`
 * @see Rousseeuw (1987), J. Comput. Appl. Math. 20, 53-65.
 * @example
 * import { silhouetteScore } from "clientele/cluster";
 * silhouetteScore([[0], [1], [10], [11]], [0, 0, 1, 1]); // => 0.8997...
 */
export function silhouetteScore(points: PointsInput, labels: ArrayLike<number>, options: SilhouetteScoreOptions = {}): number {
  const fn = "silhouetteScore";
  const o = parseOptions(silhouetteScoreSchema, options, fn);
  const x = toFlat(points, fn, "points", true);
  const lab = toLabels(labels, x.n, fn);
  return silhouetteScoreFlat(x, lab, o.sampleSize, o.rng ?? createRng(0), fn);
}

/** Centroids (m x d), sizes and overall mean of labelled points. Internal. */
export function clusterMeans(x: FlatMatrix, ids: Int32Array, m: number): { cent: Float64Array; sizes: Float64Array; mean: Float64Array } {
  const { data, n, d } = x;
  const cent = new Float64Array(m * d);
  const sizes = new Float64Array(m);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = ids[i];
    sizes[c]++;
    for (let t = 0; t < d; t++) {
      cent[c * d + t] += data[i * d + t];
      mean[t] += data[i * d + t];
    }
  }
  for (let c = 0; c < m; c++) for (let t = 0; t < d; t++) cent[c * d + t] /= sizes[c];
  for (let t = 0; t < d; t++) mean[t] /= n;
  return { cent, sizes, mean };
}

/** Calinski-Harabasz on checked input. Internal. */
export function calinskiHarabaszFlat(x0: FlatMatrix, ids: Int32Array, m: number): number {
  const x = scaleSafe(x0); // exact power-of-two rescale of huge or tiny data (scale-invariant index)
  const { data, n, d } = x;
  const { cent, sizes, mean } = clusterMeans(x, ids, m);
  let extra = 0;
  for (let c = 0; c < m; c++) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = cent[c * d + t] - mean[t];
      s += diff * diff;
    }
    extra += sizes[c] * s;
  }
  let intra = 0;
  for (let i = 0; i < n; i++) {
    const c = ids[i];
    for (let t = 0; t < d; t++) {
      const diff = data[i * d + t] - cent[c * d + t];
      intra += diff * diff;
    }
  }
  return intra === 0 ? 1 : (extra * (n - m)) / (intra * (m - 1));
}

/**
 * Calinski-Harabasz index (variance ratio criterion): between-cluster dispersion over
 * within-cluster dispersion, scaled by (n - k) / (k - 1). Higher is better. 1 when every
 * cluster is a single repeated point (as scikit-learn). O(n d).
 *
 * @param points - `number[][]` or `{ data, n, d }`
 * @param labels - one integer cluster id per point
 * @throws ClienteleError `INVALID_LABEL`, `LENGTH_MISMATCH`, `EMPTY_INPUT`, `NON_FINITE`
 * @see Calinski & Harabasz (1974), A dendrite method for cluster analysis. Communications in Statistics 3(1).
 * @example
 * import { calinskiHarabasz } from "clientele/cluster";
 * calinskiHarabasz([[0], [1], [10], [11]], [0, 0, 1, 1]); // => 200
 */
export function calinskiHarabasz(points: PointsInput, labels: ArrayLike<number>): number {
  const fn = "calinskiHarabasz";
  const x = toFlat(points, fn, "points", true);
  const { ids, values } = denseLabels(toLabels(labels, x.n, fn));
  checkLabelCount(values.length, x.n, fn);
  return calinskiHarabaszFlat(x, ids, values.length);
}

/** Davies-Bouldin on checked input. Internal. */
export function daviesBouldinFlat(x0: FlatMatrix, ids: Int32Array, m: number): number {
  const x = scaleSafe(x0); // exact power-of-two rescale of huge or tiny data (scale-invariant index)
  const { data, n, d } = x;
  const { cent, sizes } = clusterMeans(x, ids, m);
  const intra = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const c = ids[i];
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = data[i * d + t] - cent[c * d + t];
      s += diff * diff;
    }
    intra[c] += Math.sqrt(s);
  }
  let allIntraZero = true;
  for (let c = 0; c < m; c++) {
    intra[c] /= sizes[c];
    if (intra[c] !== 0) allIntraZero = false;
  }
  let allCentZero = true;
  const cd = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = cent[a * d + t] - cent[b * d + t];
        s += diff * diff;
      }
      const v = Math.sqrt(s);
      if (v !== 0) allCentZero = false;
      cd[a * m + b] = v;
      cd[b * m + a] = v;
    }
  }
  if (allIntraZero || allCentZero) return 0;
  let total = 0;
  for (let a = 0; a < m; a++) {
    let worst = 0;
    for (let b = 0; b < m; b++) {
      if (a === b) continue;
      const dist = cd[a * m + b];
      const r = dist === 0 ? 0 : (intra[a] + intra[b]) / dist;
      if (r > worst) worst = r;
    }
    total += worst;
  }
  return total / m;
}

/**
 * Davies-Bouldin index: the mean over clusters of the worst ratio of summed within-cluster
 * scatter to centroid separation. Lower is better; 0 is the minimum. O(n d + k² d).
 *
 * @param points - `number[][]` or `{ data, n, d }`
 * @param labels - one integer cluster id per point
 * @throws ClienteleError `INVALID_LABEL`, `LENGTH_MISMATCH`, `EMPTY_INPUT`, `NON_FINITE`
 * @see Davies & Bouldin (1979), A cluster separation measure. IEEE TPAMI 1(2).
 * @example
 * import { daviesBouldin } from "clientele/cluster";
 * daviesBouldin([[0], [1], [10], [11]], [0, 0, 1, 1]); // => 0.1
 */
export function daviesBouldin(points: PointsInput, labels: ArrayLike<number>): number {
  const fn = "daviesBouldin";
  const x = toFlat(points, fn, "points", true);
  const { ids, values } = denseLabels(toLabels(labels, x.n, fn));
  checkLabelCount(values.length, x.n, fn);
  return daviesBouldinFlat(x, ids, values.length);
}
