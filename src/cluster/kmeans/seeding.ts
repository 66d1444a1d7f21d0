// k-means++ seeding of K-Means and mini-batch K-Means. Internal.
import { runSync, type Steps } from "../../core/async.js";
import type { FlatMatrix } from "../../core/matrix.js";
import type { Rng } from "../../core/rng.js";
import { sqDistRow } from "./distance.js";
import { tooLargeValues } from "./errors.js";

/** First index with cum[idx] >= r (numpy searchsorted, side "left"), clipped to n - 1. */
function searchSorted(cum: Float64Array, r: number): number {
  let lo = 0;
  let hi = cum.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, cum.length - 1);
}

/**
 * Greedy k-means++ (Arthur & Vassilvitskii 2007, with scikit-learn's greedy variant:
 * 2 + floor(ln k) D²-weighted candidates per step, keeping the one that most lowers the
 * potential). Internal: O(n k d log k).
 */
export function kmeansPlusPlus(x: FlatMatrix, w: Float64Array | null, k: number, rng: Rng, fn = "fitKMeans"): Float64Array {
  const centers = runSync(kmeansPlusPlusSteps(x, w, k, rng));
  if (centers === null) throw tooLargeValues(fn);
  return centers;
}

/**
 * kmeansPlusPlus as a generator: one checkpoint per center chosen. Returns null when squared
 * distances overflow float64 (or the data holds a non-finite value): the seeding would be
 * arbitrary, and the caller reports it. Internal.
 */
export function* kmeansPlusPlusSteps(x: FlatMatrix, w: Float64Array | null, k: number, rng: Rng): Steps<Float64Array | null> {
  const { data, n, d } = x;
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = w ? rng.categorical(w) : rng.int(n);
  centers.set(data.subarray(first * d, first * d + d), 0);
  let closest = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const oi = i * d;
    const of = first * d;
    for (let t = 0; t < d; t++) {
      const diff = data[oi + t] - data[of + t];
      s += diff * diff;
    }
    closest[i] = s;
    pot += w ? w[i] * s : s;
  }
  // an infinite potential means squared distances overflowed: seeding would be arbitrary
  if (!Number.isFinite(pot)) return null;
  const cum = new Float64Array(n);
  let cand = new Float64Array(n);
  let best = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += w ? w[i] * closest[i] : closest[i];
      cum[i] = acc;
    }
    let bestPot = Infinity;
    let bestIdx = -1;
    for (let t = 0; t < trials; t++) {
      const idx = acc > 0 ? searchSorted(cum, rng.uniform() * acc) : rng.int(n);
      const oc = idx * d;
      let p = 0;
      for (let i = 0; i < n; i++) {
        const s = sqDistRow(data, i * d, data, oc, d);
        const m = s < closest[i] ? s : closest[i];
        cand[i] = m;
        p += w ? w[i] * m : m;
      }
      if (p < bestPot) {
        bestPot = p;
        bestIdx = idx;
        const tmp = best;
        best = cand;
        cand = tmp;
      }
    }
    centers.set(data.subarray(bestIdx * d, bestIdx * d + d), c * d);
    yield;
    const tmp = closest;
    closest = best;
    best = tmp;
  }
  return centers;
}
