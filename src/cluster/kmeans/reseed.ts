// Re-seeding of the clusters a Lloyd iteration left empty. Internal.
import type { LloydState } from "./state.js";

/**
 * Re-seeds each empty cluster with the point farthest from its current center (that point
 * leaves a cluster of more than one point), updating labels, sums, weights, counts and the
 * point's bounds. Returns the number of moved points. Internal.
 */
export function reseedEmpty(s: LloydState): number {
  const { data, n, d, w, c, k, labels, sums, wsum, counts, upper, lower } = s;
  const far = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let q = 0;
    const oi = i * d;
    const oc = labels[i] * d;
    for (let t = 0; t < d; t++) {
      const diff = data[oi + t] - c[oc + t];
      q += diff * diff;
    }
    far[i] = q;
  }
  let moved = 0;
  for (let j = 0; j < k; j++) {
    if (counts[j] !== 0) continue;
    let fi = -1;
    let fv = -1;
    for (let i = 0; i < n; i++) {
      if (far[i] > fv && counts[labels[i]] > 1) {
        fv = far[i];
        fi = i;
      }
    }
    if (fi < 0) break; // fewer distinct points than k: the cluster stays empty
    const old = labels[fi];
    const wi = w ? w[fi] : 1;
    const oi = fi * d;
    for (let t = 0; t < d; t++) {
      sums[old * d + t] -= wi * data[oi + t];
      sums[j * d + t] = wi * data[oi + t];
    }
    wsum[old] -= wi;
    wsum[j] = wi;
    counts[old]--;
    counts[j] = 1;
    labels[fi] = j;
    far[fi] = -1;
    upper[fi] = Infinity; // forces an exact look next iteration
    lower[fi] = -Infinity;
    moved++;
  }
  return moved;
}
