// Score kernels: quantile scores with tie rules (introselect on a work copy) and scores from
// fixed cut points.
import type { TieRule } from "./types.js";

/**
 * Rearranges work[lo..hi] so that work[p] is the p-th smallest, smaller-or-equal values
 * before it and greater-or-equal after; introselect: three-way quickselect with a
 * median-of-3 pivot, falling back to a sort after `budget` rounds (internal).
 */
export function selectInPlace(work: Float64Array, lo: number, hi: number, p: number, budget = 2 * Math.ceil(Math.log2(hi - lo + 2)) + 8): void {
  while (hi > lo) {
    if (--budget < 0) {
      // unlucky pivots: finish with the native sort, O(n log n) worst case overall
      work.subarray(lo, hi + 1).sort();
      return;
    }
    const mid = (lo + hi) >>> 1;
    const a = work[lo];
    const b = work[mid];
    const c = work[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    // three-way partition: [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i <= gt) {
      const x = work[i];
      if (x < pivot) {
        work[i] = work[lt];
        work[lt] = x;
        lt++;
        i++;
      } else if (x > pivot) {
        work[i] = work[gt];
        work[gt] = x;
        gt--;
      } else i++;
    }
    if (p < lt) hi = lt - 1;
    else if (p > gt) lo = gt + 1;
    else return;
  }
}

/** Index of the first entry of sorted `dv` that is >= v (dv.length when none). */
function lowerBound(dv: Float64Array, v: number): number {
  let a = 0;
  let b = dv.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (dv[mid] < v) a = mid + 1;
    else b = mid;
  }
  return a;
}

/**
 * Quantile scores of `values` into 1..bins (internal). For a group of equal values
 * occupying 0-based sorted positions lo..hi of n, score = 1 + floor(bins * p) with
 * p = (lo + hi + 1) / (2n) ("average"), lo / n ("min") or hi / n ("max"), computed in
 * exact integer arithmetic. Equal values therefore always share a score.
 *
 * No full sort is needed: with c_k = k n / bins the bin boundaries in position units,
 * only a tie group that straddles a boundary contains position floor(c_k), so the order
 * statistics s_k at floor(c_k) (found by introselect, expected O(n)) are the only values
 * whose exact lo..hi must be counted; any other value v scores 1 + #{k : s_k < v}.
 * Two more passes of O(n log bins) finish it; worst case O(n log n).
 */
export function quantileScores(values: Float64Array, bins: number, descending: boolean, ties: TieRule = "average"): Uint8Array {
  const n = values.length;
  const work = new Float64Array(n);
  if (descending) for (let i = 0; i < n; i++) work[i] = -values[i] + 0;
  else for (let i = 0; i < n; i++) work[i] = values[i] + 0; // + 0 turns -0 into 0
  // order statistics at the boundary positions floor(k n / bins), k = 1..bins-1
  const K = bins - 1;
  const s = new Float64Array(K);
  let left = 0;
  let prevPos = -1;
  for (let k = 0; k < K; k++) {
    const pos = Math.floor(((k + 1) * n) / bins);
    if (pos !== prevPos) {
      selectInPlace(work, left, n - 1, pos);
      left = pos + 1;
      prevPos = pos;
    }
    s[k] = work[pos];
  }
  // distinct boundary values d (ascending) and how many boundaries each covers
  const d: number[] = [];
  const mult: number[] = [];
  for (let k = 0; k < K; k++) {
    if (d.length > 0 && d[d.length - 1] === s[k]) mult[mult.length - 1]++;
    else {
      d.push(s[k]);
      mult.push(1);
    }
  }
  const D = d.length;
  const dv = Float64Array.from(d);
  // pass 1: count values equal to each d[k] and strictly between d[k-1] and d[k]
  const eq = new Float64Array(D);
  const below = new Float64Array(D + 1);
  for (let i = 0; i < n; i++) {
    const v = work[i];
    const a = lowerBound(dv, v);
    if (a < D && dv[a] === v) eq[a]++;
    else below[a]++;
  }
  const special = new Uint8Array(D);
  const bucket = new Uint8Array(D + 1);
  const twoN = 2 * n;
  let cum = 0; // values < d[k]
  let boundariesBelow = 0; // #{k : s_k < v} for v in bucket k
  for (let k = 0; k <= D; k++) {
    bucket[k] = 1 + boundariesBelow;
    if (k === D) break;
    const lo = cum + below[k];
    const hi = lo + eq[k] - 1;
    const num = ties === "average" ? lo + hi + 1 : ties === "min" ? 2 * lo : 2 * hi;
    special[k] = 1 + Math.floor((bins * num) / twoN);
    cum = hi + 1;
    boundariesBelow += mult[k];
  }
  // pass 2: assign in input order
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = descending ? -values[i] + 0 : values[i] + 0;
    const a = lowerBound(dv, v);
    out[i] = a < D && dv[a] === v ? special[a] : bucket[a];
  }
  return out;
}

/** Scores with fixed ascending cut points (internal); `descending` flips the scale. */
export function thresholdScores(values: Float64Array, cuts: readonly number[], bins: number, descending: boolean): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n);
  const k = cuts.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let a = 0;
    let b = k; // number of cuts <= v
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (cuts[mid] <= v) a = mid + 1;
      else b = mid;
    }
    out[i] = descending ? bins - a : 1 + a;
  }
  return out;
}
