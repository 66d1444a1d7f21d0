/**
 * Internal: HDBSCAN core distances and the minimum spanning tree of the mutual-reachability
 * graph, mr(p, q) = max(core(p), core(q), |p - q|) (Euclidean). Two builders:
 * - `primDense`: Prim's algorithm on the implicit dense graph (distances computed on the fly):
 *   O(n²) time, O(n) memory; used for small n.
 * - `boruvkaKdTree`: Borůvka rounds where every point searches the k-d tree for its nearest
 *   point of ANOTHER component, pruning subtrees that lie entirely in its own component, whose
 *   box is farther than the component's best edge so far, or whose smallest core distance
 *   already exceeds it. About O(n log² n) for low-dimensional data, O(n) memory.
 * Not exported from the package; trusts its input.
 */
import type { Steps } from "../core/async.js";
import { kthNearest, stackSize, type KdTree } from "./kdtree.js";

/** Points between two yields in the hot loops (a yield per point would cost more than the work). */
const CHUNK = 512;

/** Core distance of every tree position: distance to its k-th nearest point, itself counted. */
export function* coreDistances(tree: KdTree, k: number): Steps<Float64Array> {
  const { n, d, pts } = tree;
  const stack = new Int32Array(stackSize(tree));
  const stackDist = new Float64Array(stack.length);
  const heap = new Float64Array(k);
  const core = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    core[p] = Math.sqrt(kthNearest(tree, pts, p * d, k, 0, heap, stack, stackDist));
    if ((p & (CHUNK - 1)) === 0) yield;
  }
  return core;
}

/** MST edges (endpoints and weights), in the order they were found. */
export interface MstEdges {
  a: Int32Array;
  b: Int32Array;
  w: Float64Array;
}

/** Prim on the dense mutual-reachability graph of `data` (row-major n × d) with `core` in the same order. */
export function* primDense(data: Float64Array, n: number, d: number, core: Float64Array): Steps<MstEdges> {
  const a = new Int32Array(n - 1);
  const b = new Int32Array(n - 1);
  const w = new Float64Array(n - 1);
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(Infinity);
  const src = new Int32Array(n);
  let cur = 0;
  for (let i = 1; i < n; i++) {
    inTree[cur] = 1;
    const cc = core[cur];
    const co = cur * d;
    let newDist = Infinity;
    let newNode = -1;
    let newSrc = 0;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      const jo = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const g = data[co + t] - data[jo + t];
        s += g * g;
      }
      let mr = Math.sqrt(s);
      if (cc > mr) mr = cc;
      if (core[j] > mr) mr = core[j];
      if (mr < best[j]) {
        best[j] = mr;
        src[j] = cur;
      }
      if (best[j] < newDist || newNode < 0) {
        newDist = best[j];
        newNode = j;
        newSrc = src[j];
      }
    }
    a[i - 1] = newSrc;
    b[i - 1] = newNode;
    w[i - 1] = newDist;
    cur = newNode;
    if ((i & 63) === 0) yield;
  }
  return { a, b, w };
}

/**
 * Borůvka on the k-d tree. Works in tree positions; `core` is per tree position. Returns
 * edges between tree positions (map through `tree.perm` for input indices).
 */
export function* boruvkaKdTree(tree: KdTree, core: Float64Array): Steps<MstEdges> {
  const { n, d, pts, nNodes, start, end, left, lo, hi } = tree;
  const a = new Int32Array(n - 1);
  const b = new Int32Array(n - 1);
  const w = new Float64Array(n - 1);
  let nEdges = 0;
  // union-find over tree positions
  const uf = new Int32Array(n);
  for (let i = 0; i < n; i++) uf[i] = i;
  const find = (x: number): number => {
    let r = x;
    while (uf[r] !== r) r = uf[r];
    while (uf[x] !== r) {
      const nx = uf[x];
      uf[x] = r;
      x = nx;
    }
    return r;
  };
  // smallest core distance under each node (children have larger indices than their parent)
  const nodeCore = new Float64Array(nNodes);
  for (let v = nNodes - 1; v >= 0; v--) {
    const l = left[v];
    if (l >= 0) nodeCore[v] = Math.min(nodeCore[l], nodeCore[l + 1]);
    else {
      let m = Infinity;
      for (let p = start[v]; p < end[v]; p++) if (core[p] < m) m = core[p];
      nodeCore[v] = m;
    }
  }
  const comp = new Int32Array(n);
  const nodeComp = new Int32Array(nNodes);
  const compBest = new Float64Array(n);
  const compFrom = new Int32Array(n);
  const compTo = new Int32Array(n);
  const stack = new Int32Array(stackSize(tree));
  const stackDist = new Float64Array(stack.length);
  let nComponents = n;
  while (nComponents > 1) {
    for (let p = 0; p < n; p++) comp[p] = find(p);
    for (let v = nNodes - 1; v >= 0; v--) {
      const l = left[v];
      if (l >= 0) nodeComp[v] = nodeComp[l] === nodeComp[l + 1] ? nodeComp[l] : -1;
      else {
        const c0 = comp[start[v]];
        let same = c0;
        for (let p = start[v] + 1; p < end[v]; p++)
          if (comp[p] !== c0) {
            same = -1;
            break;
          }
        nodeComp[v] = same;
      }
    }
    compBest.fill(Infinity);
    compTo.fill(-1);
    for (let p = 0; p < n; p++) {
      if ((p & (CHUNK - 1)) === 0) yield;
      const c = comp[p];
      const cp = core[p];
      let bound = compBest[c];
      if (cp >= bound) continue; // every edge from p weighs at least core(p)
      const po = p * d;
      let found = -1;
      let sp = 0;
      stack[sp] = 0;
      stackDist[sp++] = 0;
      while (sp > 0) {
        sp--;
        const node = stack[sp];
        if (stackDist[sp] >= bound) continue;
        if (nodeComp[node] === c || nodeCore[node] >= bound) continue;
        const l = left[node];
        if (l >= 0) {
          const dl = nodeBound(lo, hi, l, d, pts, po, cp, nodeCore[l]);
          const dr = nodeBound(lo, hi, l + 1, d, pts, po, cp, nodeCore[l + 1]);
          if (dl <= dr) {
            if (dr < bound) {
              stack[sp] = l + 1;
              stackDist[sp++] = dr;
            }
            if (dl < bound) {
              stack[sp] = l;
              stackDist[sp++] = dl;
            }
          } else {
            if (dl < bound) {
              stack[sp] = l;
              stackDist[sp++] = dl;
            }
            if (dr < bound) {
              stack[sp] = l + 1;
              stackDist[sp++] = dr;
            }
          }
          continue;
        }
        for (let q = start[node]; q < end[node]; q++) {
          if (comp[q] === c) continue;
          const cq = core[q];
          if (cq >= bound) continue;
          const qo = q * d;
          let s = 0;
          for (let t = 0; t < d; t++) {
            const g = pts[po + t] - pts[qo + t];
            s += g * g;
          }
          let mr = Math.sqrt(s);
          if (cp > mr) mr = cp;
          if (cq > mr) mr = cq;
          if (mr < bound) {
            bound = mr;
            found = q;
          }
        }
      }
      if (found >= 0) {
        compBest[c] = bound;
        compFrom[c] = p;
        compTo[c] = found;
      }
    }
    let merged = 0;
    for (let c = 0; c < n; c++) {
      if (comp[c] !== c || compTo[c] < 0) continue;
      const x = find(compFrom[c]);
      const y = find(compTo[c]);
      if (x === y) continue;
      uf[x] = y;
      a[nEdges] = compFrom[c];
      b[nEdges] = compTo[c];
      w[nEdges] = compBest[c];
      nEdges++;
      merged++;
    }
    nComponents -= merged;
    if (merged === 0) break; // cannot happen with finite distances; guards an endless loop
  }
  return { a, b, w };
}

/** Lower bound of the mutual-reachability distance from the query to any point under `node`. */
function nodeBound(lo: Float64Array, hi: Float64Array, node: number, d: number, q: Float64Array, qo: number, cq: number, nodeCore: number): number {
  const bo = node * d;
  let acc = 0;
  for (let t = 0; t < d; t++) {
    const v = q[qo + t];
    const l = lo[bo + t];
    const h = hi[bo + t];
    const g = v < l ? l - v : v > h ? v - h : 0;
    acc += g * g;
  }
  let r = Math.sqrt(acc);
  if (cq > r) r = cq;
  if (nodeCore > r) r = nodeCore;
  return r;
}

/** Sorts MST edges ascending by weight (stable: ties keep the order they were found in). */
export function sortEdges(e: MstEdges): MstEdges {
  const m = e.w.length;
  const idx = new Int32Array(m);
  for (let i = 0; i < m; i++) idx[i] = i;
  const order = Array.from(idx).sort((x, y) => e.w[x] - e.w[y] || x - y);
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  const w = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const j = order[i];
    a[i] = e.a[j];
    b[i] = e.b[j];
    w[i] = e.w[j];
  }
  return { a, b, w };
}
