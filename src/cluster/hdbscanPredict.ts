/**
 * Internal: the k nearest training points of a query (indices and distances, ascending) on
 * the shared k-d tree, and hdbscan's `approximate_predict` for one point. Not exported from
 * the package; trusts its input.
 */
import type { KdTree } from "./kdtree.js";

/** Fills `outIdx`/`outDist` (length k) with the k nearest tree positions to q, nearest first. */
export function kNearest(
  tree: KdTree,
  q: Float64Array,
  qo: number,
  k: number,
  outIdx: Int32Array,
  outDist: Float64Array,
  stack: Int32Array,
  stackDist: Float64Array,
): void {
  const { d, pts, left, start, end, lo, hi } = tree;
  // bounded max-heap on squared distance (ties: larger position is "farther", so results are deterministic)
  let size = 0;
  const hd = outDist;
  const hi2 = outIdx;
  const worse = (da: number, ia: number, db: number, ib: number): boolean => da > db || (da === db && ia > ib);
  const push = (dist: number, idx: number): void => {
    if (size < k) {
      let i = size++;
      while (i > 0) {
        const par = (i - 1) >> 1;
        if (!worse(dist, idx, hd[par], hi2[par])) break;
        hd[i] = hd[par];
        hi2[i] = hi2[par];
        i = par;
      }
      hd[i] = dist;
      hi2[i] = idx;
    } else if (worse(hd[0], hi2[0], dist, idx)) {
      let i = 0;
      for (;;) {
        const a = 2 * i + 1;
        if (a >= k) break;
        const b = a + 1;
        const c = b < k && worse(hd[b], hi2[b], hd[a], hi2[a]) ? b : a;
        if (!worse(hd[c], hi2[c], dist, idx)) break;
        hd[i] = hd[c];
        hi2[i] = hi2[c];
        i = c;
      }
      hd[i] = dist;
      hi2[i] = idx;
    }
  };
  const box = (node: number): number => {
    const bo = node * d;
    let acc = 0;
    for (let t = 0; t < d; t++) {
      const v = q[qo + t];
      const g = v < lo[bo + t] ? lo[bo + t] - v : v > hi[bo + t] ? v - hi[bo + t] : 0;
      acc += g * g;
    }
    return acc;
  };
  let sp = 0;
  stack[sp] = 0;
  stackDist[sp++] = 0;
  while (sp > 0) {
    sp--;
    const node = stack[sp];
    if (size === k && stackDist[sp] > hd[0]) continue;
    const l = left[node];
    if (l >= 0) {
      const dl = box(l);
      const dr = box(l + 1);
      if (dl <= dr) {
        stack[sp] = l + 1;
        stackDist[sp++] = dr;
        stack[sp] = l;
        stackDist[sp++] = dl;
      } else {
        stack[sp] = l;
        stackDist[sp++] = dl;
        stack[sp] = l + 1;
        stackDist[sp++] = dr;
      }
      continue;
    }
    for (let p = start[node]; p < end[node]; p++) {
      const po = p * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const g = pts[po + t] - q[qo + t];
        s += g * g;
      }
      push(s, p);
    }
  }
  // heap -> ascending order
  const pairs: [number, number][] = [];
  for (let i = 0; i < size; i++) pairs.push([hd[i], hi2[i]]);
  pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  for (let i = 0; i < size; i++) {
    outDist[i] = Math.sqrt(pairs[i][0]);
    outIdx[i] = pairs[i][1];
  }
}

/** What approximate prediction needs, indexed by input point / cluster id - n. */
export interface PredictTables {
  n: number;
  /** Per training point: its condensed-tree parent cluster and lambda. */
  pointParent: Int32Array;
  pointLambda: Float64Array;
  /** Per cluster (id - n): parent cluster (-1 root), birth lambda, label (selected ancestor's, or -1), max lambda of that selected cluster. */
  up: Int32Array;
  birth: Float64Array;
  clusterLabel: Int32Array;
  clusterMaxLambda: Float64Array;
  /** Per training point: distance to its minSamples-th nearest training point, itself counted. */
  predictCore: Float64Array;
}

/**
 * hdbscan's `_find_cluster_and_probability` for one query whose k = min(2·minSamples, n)
 * nearest training points (input indices, ascending distances) are given.
 */
export function predictOne(t: PredictTables, idx: Int32Array, dist: Float64Array, k: number, minSamples: number): [number, number] {
  const pointCore = dist[Math.min(minSamples, k - 1)];
  let bestMr = Infinity;
  let nn = -1;
  for (let i = 0; i < k; i++) {
    let mr = dist[i];
    const c = t.predictCore[idx[i]];
    if (c > mr) mr = c;
    if (pointCore > mr) mr = pointCore;
    if (mr < bestMr) {
      bestMr = mr;
      nn = idx[i];
    }
  }
  let lambda = bestMr > 0 ? 1 / bestMr : Number.MAX_VALUE;
  const n = t.n;
  let cluster = t.pointParent[nn];
  if (t.pointLambda[nn] > lambda) {
    while (cluster > n && t.birth[cluster - n] >= lambda) cluster = t.up[cluster - n];
  }
  const label = t.clusterLabel[cluster - n];
  if (label < 0) return [-1, 0];
  const maxL = t.clusterMaxLambda[cluster - n];
  if (!(maxL > 0)) return [label, 1];
  lambda = Math.min(maxL, lambda);
  return [label, lambda / maxL];
}
