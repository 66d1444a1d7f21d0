// Exhaustive assignment passes of K-Means (every point against every center) and the cluster
// sums they feed. Unweighted passes run in the WebAssembly kernel when the state has one
// (bit-identical labels, bounds and sums; see assignKernel.ts). Internal.
import type { FlatMatrix } from "../../core/matrix.js";
import { SLACK } from "./bounded.js";
import { nearest, sqDistRow } from "./distance.js";
import type { LloydState } from "./state.js";

const nearOut = /* @__PURE__ */ new Float64Array(3);

/** Exact weighted inertia of `labels` against `centers`. Internal. */
export function inertiaOf(x: FlatMatrix, w: Float64Array | null, centers: Float64Array, labels: Int32Array): number {
  const { data, n, d } = x;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const s = sqDistRow(data, i * d, centers, labels[i] * d, d);
    total += w ? w[i] * s : s;
  }
  return total;
}

/** Exact nearest and second-nearest center for point i; updates label and bounds; returns 1 if the label changed. */
function assignPoint(
  data: Float64Array,
  i: number,
  d: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): number {
  const out = nearOut;
  nearest(data, i * d, d, c, k, out);
  const j1 = out[2];
  upper[i] = Math.sqrt(out[0]) * SLACK;
  lower[i] = Math.sqrt(out[1]) / SLACK;
  if (j1 !== labels[i]) {
    labels[i] = j1;
    return 1;
  }
  return 0;
}

/**
 * The first assignment (exhaustive) fused with the cluster sums, in the same order as
 * `accumulate`, so the data is read once. Returns the number of changed labels.
 */
export function firstPass(s: LloydState): number {
  const { data, n, d, c, k, labels, upper, lower, w, sums, wsum, counts, kern } = s;
  if (kern !== null) {
    sums.fill(0);
    counts.fill(0);
    const changed = kern.run(c, labels, upper, lower, s.drift, s.others, sums, counts, true, SLACK);
    for (let j = 0; j < k; j++) wsum[j] = counts[j];
    return changed;
  }
  if (d === 6 && w === null) return firstPass6(s);
  sums.fill(0);
  wsum.fill(0);
  counts.fill(0);
  let changed = 0;
  for (let i = 0; i < n; i++) {
    changed += assignPoint(data, i, d, c, k, labels, upper, lower);
    const j = labels[i];
    const oi = i * d;
    const oj = j * d;
    if (w === null) {
      for (let t = 0; t < d; t++) sums[oj + t] += data[oi + t];
    } else {
      const wi = w[i];
      for (let t = 0; t < d; t++) sums[oj + t] += wi * data[oi + t];
      wsum[j] += wi;
    }
    counts[j]++;
  }
  if (w === null) for (let j = 0; j < k; j++) wsum[j] = counts[j];
  return changed;
}

/**
 * firstPass for unweighted 6-column data in JavaScript, fully inlined (same arithmetic and
 * order). Kept because it pays in the JavaScript backend: d = 6, n = 1e5, k = 8 fits take
 * 26–34 ms with it against 39–44 ms without (`benchmarks/cluster.bench.ts --dims`, 2026-12-06).
 */
function firstPass6(s: LloydState): number {
  const { data, n, c, k, labels, upper, lower, sums, wsum, counts } = s;
  sums.fill(0);
  counts.fill(0);
  let changed = 0;
  for (let i = 0, oi = 0; i < n; i++, oi += 6) {
    const x0 = data[oi],
      x1 = data[oi + 1],
      x2 = data[oi + 2],
      x3 = data[oi + 3],
      x4 = data[oi + 4],
      x5 = data[oi + 5];
    let b1 = Infinity;
    let b2 = Infinity;
    let j1 = 0;
    for (let j = 0, oj = 0; j < k; j++, oj += 6) {
      const e0 = x0 - c[oj + 0],
        e1 = x1 - c[oj + 1],
        e2 = x2 - c[oj + 2],
        e3 = x3 - c[oj + 3],
        e4 = x4 - c[oj + 4],
        e5 = x5 - c[oj + 5];
      const q = e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5;
      if (q < b1) {
        b2 = b1;
        b1 = q;
        j1 = j;
      } else if (q < b2) b2 = q;
    }
    upper[i] = Math.sqrt(b1) * SLACK;
    lower[i] = Math.sqrt(b2) / SLACK;
    if (j1 !== labels[i]) {
      labels[i] = j1;
      changed++;
    }
    const oj = j1 * 6;
    sums[oj] += x0;
    sums[oj + 1] += x1;
    sums[oj + 2] += x2;
    sums[oj + 3] += x3;
    sums[oj + 4] += x4;
    sums[oj + 5] += x5;
    counts[j1]++;
  }
  for (let j = 0; j < k; j++) wsum[j] = counts[j];
  return changed;
}

/**
 * Exhaustive pass for unweighted data after the first: exact nearest / second-nearest of
 * every point, bounds stored relative to the drift, changed points moved between the sums.
 * The same arithmetic in the same order as the WebAssembly kernel (assign.wat).
 */
export function exhaustivePass(s: LloydState): number {
  const { data, n, d, c, k, labels, upper, lower, drift, others, sums, wsum, counts, kern } = s;
  let changed = 0;
  if (kern !== null) changed = kern.run(c, labels, upper, lower, drift, others, sums, counts, false, SLACK);
  else {
    const out = nearOut;
    for (let i = 0; i < n; i++) {
      const oi = i * d;
      nearest(data, oi, d, c, k, out);
      const j1 = out[2];
      upper[i] = Math.sqrt(out[0]) * SLACK - drift[j1];
      lower[i] = Math.sqrt(out[1]) / SLACK + others[j1];
      const a = labels[i];
      if (j1 !== a) {
        labels[i] = j1;
        const oa = a * d;
        const ob = j1 * d;
        for (let t = 0; t < d; t++) sums[oa + t] -= data[oi + t];
        for (let t = 0; t < d; t++) sums[ob + t] += data[oi + t];
        counts[a]--;
        counts[j1]++;
        changed++;
      }
    }
  }
  for (let j = 0; j < k; j++) wsum[j] = counts[j];
  return changed;
}

/** Labels consistent with the final centers (as scikit-learn's last E-step); the bounds are not needed after. */
export function finalPass(s: LloydState): void {
  const { data, n, d, c, k, labels, upper, lower, kern } = s;
  if (kern !== null) kern.run(c, labels, upper, lower, s.drift.fill(0), s.others.fill(0), s.sums, s.counts, false, SLACK);
  else for (let i = 0; i < n; i++) assignPoint(data, i, d, c, k, labels, upper, lower);
}

/** Rebuilds the cluster sums, total weights and counts from the labels (bounds rounding drift of the incremental updates). */
export function accumulate(s: LloydState): void {
  const { data, n, d, labels, w, sums, wsum, counts } = s;
  sums.fill(0);
  wsum.fill(0);
  counts.fill(0);
  if (w === null) {
    for (let i = 0; i < n; i++) {
      const j = labels[i];
      const oi = i * d;
      const oj = j * d;
      for (let t = 0; t < d; t++) sums[oj + t] += data[oi + t];
      counts[j]++;
    }
    for (let j = 0; j < counts.length; j++) wsum[j] = counts[j];
  } else {
    for (let i = 0; i < n; i++) {
      const j = labels[i];
      const wi = w[i];
      const oi = i * d;
      const oj = j * d;
      for (let t = 0; t < d; t++) sums[oj + t] += wi * data[oi + t];
      wsum[j] += wi;
      counts[j]++;
    }
  }
}
