// The bounded assignment scan of K-Means: Hamerly's test on drift-relative bounds, a sorted
// Elkan-style scan of the centers for the points that fail it, and the active list that
// limits later passes to the points near a bound. Internal.
import { sqDistRow } from "./distance.js";
import type { LloydState } from "./state.js";

// Rounding guard for the drift-relative bounds below: stored upper bounds are nudged up and
// lower bounds down by this relative amount, so float rounding can never make a bound
// test skip a point that plain Lloyd would move (it only costs a few extra distance checks).
export const SLACK = 1 + 2 ** -40;

/**
 * Center-center tables for one iteration: `hcc[a k + b]` is half the distance between
 * centers a and b, and row a of `order` lists the other centers by increasing distance
 * from a (insertion sort: k is small). Then the per-label skip thresholds: point i with
 * label a is skipped when upper[i] < skipU[a] or upper[i] + skipL[a] < lower[i].
 */
export function centerTables(s: LloydState): void {
  const { c, k, d, hcc, order, drift, others, skipU, skipL } = s;
  for (let a = 0; a < k; a++) {
    hcc[a * k + a] = 0;
    for (let b = a + 1; b < k; b++) {
      const h = 0.5 * Math.sqrt(sqDistRow(c, a * d, c, b * d, d));
      hcc[a * k + b] = h;
      hcc[b * k + a] = h;
    }
  }
  const km = k - 1;
  for (let a = 0; a < k; a++) {
    const row = a * km;
    let m = 0;
    for (let b = 0; b < k; b++) {
      if (b === a) continue;
      const h = hcc[a * k + b];
      let q = m;
      while (q > 0 && hcc[a * k + order[row + q - 1]] > h) {
        order[row + q] = order[row + q - 1];
        q--;
      }
      order[row + q] = b;
      m++;
    }
  }
  for (let a = 0; a < k; a++) {
    skipU[a] = (km > 0 ? hcc[a * k + order[a * km]] : Infinity) - drift[a];
    skipL[a] = drift[a] + others[a];
  }
}

/**
 * Active list: indices of the points whose bound margin (how far the upper bound is below
 * the larger of the two skip thresholds) is at most `T`, in increasing order. Every other
 * point keeps its label for as long as the bounds degrade by less than T in total (each
 * iteration degrades them by at most twice the largest center move), so later passes visit
 * only this list. Branch-free (two compares and-ed), as the outcome is unpredictable.
 */
export function buildActive(s: LloydState, T: number): void {
  const { n, labels, upper: ubr, lower: lbr, skipU, skipL, act } = s;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const a = labels[i];
    const v = ubr[i] + T;
    act[m] = i;
    m += ((skipU[a] <= v) as unknown as number) & ((lbr[i] - skipL[a] <= v) as unknown as number);
  }
  s.nAct = m;
}

/** Share of the points buildActive would list, estimated on 64 evenly spaced runs of 64 points. */
export function activeShare(s: LloydState, T: number): number {
  const { n, labels, upper: ubr, lower: lbr, skipU, skipL } = s;
  let m = 0;
  let total = 0;
  const step = Math.floor(n / 64);
  for (let b = 0; b < 64; b++) {
    const end = Math.min(n, b * step + 64);
    for (let i = b * step; i < end; i++) {
      const a = labels[i];
      const v = ubr[i] + T;
      m += ((skipU[a] <= v) as unknown as number) & ((lbr[i] - skipL[a] <= v) as unknown as number);
      total++;
    }
  }
  return m / total;
}

/**
 * One bounded assignment pass (Hamerly's test, then a sorted Elkan-style scan).
 *
 * Bounds are stored relative to cumulative center drift so that a skipped point costs
 * reads only: the upper bound of point i with label a is `ubr[i] + drift[a]` (drift[a] =
 * total distance center a moved so far) and its lower bound on every other center is
 * `lbr[i] - others[a]` (others[a] = total over iterations of the largest move among the
 * other centers), which is Hamerly's (2010) update summed. A point that fails the test gets
 * its exact distance u to its own center; if that is still not enough, the other centers are
 * visited by increasing distance from its center, stopping at the first one at least 2u
 * away (Elkan 2003, lemma 1: no farther center can be nearer than u). Labels are exactly
 * those of a full scan (ties to the lower index). Returns the number of changed labels.
 */
export function boundedPass(s: LloydState): number {
  const { data, d, c, k, labels, upper: ubr, lower: lbr, drift, others, hcc, order, skipU, skipL, w, sums, wsum, counts, act, nAct } = s;
  const km = k - 1;
  let changed = 0;
  for (let f = 0; f < nAct; f++) {
    const i = act[f];
    const a = labels[i];
    const ur = ubr[i];
    // strict tests: on an exact distance tie the point must be looked at (ties go to the
    // lower index, as in plain Lloyd)
    if (ur < skipU[a] || ur + skipL[a] < lbr[i]) continue;
    const oi = i * d;
    const sa = sqDistRow(data, oi, c, a * d, d);
    const u = Math.sqrt(sa);
    if (u < skipU[a] + drift[a] || u < lbr[i] - others[a]) {
      ubr[i] = u * SLACK - drift[a];
      continue;
    }
    // sorted scan: centers nearer to c_a than 2u may be nearer to x
    let b1 = sa;
    let j1 = a;
    let b2 = Infinity;
    let rest = Infinity;
    const row = a * km;
    for (let q = 0; q < km; q++) {
      const j = order[row + q];
      const h = hcc[a * k + j];
      if (h > u * SLACK) {
        rest = 2 * h - u; // d(x, c_j) >= |c_a c_j| - u > u for this and every later center
        break;
      }
      const e = sqDistRow(data, oi, c, j * d, d);
      if (e < b1 || (e === b1 && j < j1)) {
        b2 = b1;
        b1 = e;
        j1 = j;
      } else if (e < b2) b2 = e;
    }
    const l2 = Math.sqrt(b2);
    const lb = l2 < rest ? l2 : rest;
    ubr[i] = Math.sqrt(b1) * SLACK - drift[j1];
    lbr[i] = lb / SLACK + others[j1];
    if (j1 !== a) {
      labels[i] = j1;
      // move the point between the cluster sums now, while its row is in cache (same
      // order and arithmetic as a separate pass over the moved points)
      const wi = w === null ? 1 : w[i];
      const oa = a * d;
      const ob = j1 * d;
      for (let t = 0; t < d; t++) {
        const v = wi * data[oi + t];
        sums[oa + t] -= v;
        sums[ob + t] += v;
      }
      wsum[a] -= wi;
      wsum[j1] += wi;
      counts[a]--;
      counts[j1]++;
      changed++;
    }
  }
  return changed;
}
