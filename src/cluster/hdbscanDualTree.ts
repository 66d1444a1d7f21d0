/**
 * Internal: the spanning tree the `hdbscan` library (0.8.x, McInnes, Healy & Astels) builds by
 * default for low-dimensional Euclidean data (`algorithm="best"` = boruvka_kdtree with
 * `approx_min_span_tree=True`), transcribed step by step so its results are reproduced:
 * - a k-d tree laid out as scikit-learn's `KDTree` (heap-numbered nodes, 1 + floor(log2((n - 1) /
 *   leafSize)) levels, split on the widest dimension at the median, ties by index, node
 *   boxes and circumscribed radii), built with leaf size 40 // 3 = 13 as the library does;
 * - core distances to the `minSamples`-th nearest other point, kept squared ("rdist");
 * - the first Borůvka round from the k-nearest-neighbour lists, then dual-tree traversals
 *   whose per-node bounds are kept between rounds (reset only when a round joins nothing):
 *   the "approximate" spanning tree, which can keep an edge heavier than the minimum.
 * Edges come out in the order the library finds them; sort them with `numpyArgsort`.
 * Not exported from the package; trusts its input (finite points, 1 <= minSamples < n).
 */
import type { Steps } from "../core/async.js";
import type { MstEdges } from "./hdbscanMst.js";
import { nthElement } from "./hdbscanSort.js";

/** The Borůvka tree's leaf size in the library (its default leaf_size 40, divided by 3). */
export const REF_LEAF_SIZE = 13;

interface SkTree {
  nNodes: number;
  idx: Int32Array;
  start: Int32Array;
  end: Int32Array;
  leaf: Uint8Array;
  /** Squared circumscribed radius (the library compares rdist bounds with 2 * radius²). */
  radiusSq: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
}

function buildSkTree(x: Float64Array, n: number, d: number, leafSize: number): SkTree {
  const nLevels = Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize)) + 1);
  const nNodes = 2 ** nLevels - 1;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const start = new Int32Array(nNodes);
  const end = new Int32Array(nNodes);
  const leaf = new Uint8Array(nNodes);
  const radiusSq = new Float64Array(nNodes);
  const lo = new Float64Array(nNodes * d);
  const hi = new Float64Array(nNodes * d);
  const build = (node: number, s: number, e: number): void => {
    start[node] = s;
    end[node] = e;
    for (let j = 0; j < d; j++) {
      lo[node * d + j] = Infinity;
      hi[node * d + j] = -Infinity;
    }
    for (let i = s; i < e; i++) {
      const o = idx[i] * d;
      for (let j = 0; j < d; j++) {
        const v = x[o + j];
        if (v < lo[node * d + j]) lo[node * d + j] = v;
        if (v > hi[node * d + j]) hi[node * d + j] = v;
      }
    }
    let rad = 0;
    for (let j = 0; j < d; j++) {
      const h = 0.5 * Math.abs(hi[node * d + j] - lo[node * d + j]);
      rad += h * h;
    }
    const r = Math.sqrt(rad);
    radiusSq[node] = r * r;
    if (2 * node + 1 >= nNodes || e - s < 2) {
      leaf[node] = 1;
      return;
    }
    // split dimension: the largest spread (first on ties)
    let best = 0;
    let dim = 0;
    for (let j = 0; j < d; j++) {
      const spread = hi[node * d + j] - lo[node * d + j];
      if (spread > best) {
        best = spread;
        dim = j;
      }
    }
    const mid = Math.floor((e - s) / 2);
    // the left child holds the `mid` smallest points by (coordinate, index), as
    // scikit-learn's nth_element with its index comparator puts them
    nthElement(idx, s, s + mid, e, (a, b) => {
      const va = x[a * d + dim];
      const vb = x[b * d + dim];
      return va === vb ? a < b : va < vb;
    });
    build(2 * node + 1, s, s + mid);
    build(2 * node + 2, s + mid, e);
  };
  build(0, 0, n);
  return { nNodes, idx, start, end, leaf, radiusSq, lo, hi };
}

function rdist(x: Float64Array, d: number, p: number, q: number): number {
  let s = 0;
  const po = p * d;
  const qo = q * d;
  for (let j = 0; j < d; j++) {
    const t = x[po + j] - x[qo + j];
    s += t * t;
  }
  return s;
}

function boxRdist(x: Float64Array, d: number, p: number, t: SkTree, node: number): number {
  let m = 0;
  for (let j = 0; j < d; j++) {
    const v = x[p * d + j];
    const a = t.lo[node * d + j] - v;
    const b = v - t.hi[node * d + j];
    const g = a > 0 ? a : b > 0 ? b : 0;
    m += g * g;
  }
  return m;
}

/**
 * The k nearest other points of every point (ascending squared distance, ties by index): the
 * k smallest (distance², index) pairs, whatever the visiting order. Depth-first with an
 * explicit stack, nearer child first; a node is skipped when its box is farther than the
 * current k-th distance (ties kept, so the result is exact).
 */
function* nearest(xs: Float64Array, n: number, d: number, t: SkTree, k: number, sq: Float64Array, nb: Int32Array): Steps<void> {
  const hd = new Float64Array(k);
  const hi = new Int32Array(k);
  const depth = Math.ceil(Math.log2(t.nNodes + 1)) + 1;
  const stack = new Int32Array(2 * depth);
  const stackDist = new Float64Array(2 * depth);
  // queries in tree order too (each query's result does not depend on the others)
  for (let r = 0; r < n; r++) {
    if ((r & 1023) === 0) yield;
    const p = t.idx[r];
    nearestOne(xs, r, d, t, k, p, hd, hi, stack, stackDist);
    for (let i = 0; i < k; i++) {
      sq[p * k + i] = hd[i];
      nb[p * k + i] = hi[i];
    }
  }
}

/** Row-major copy of the points in the tree's index order: row i is point t.idx[i]. */
function treeOrdered(x: Float64Array, n: number, d: number, t: SkTree): Float64Array {
  const xs = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xs[i * d + j] = x[t.idx[i] * d + j];
  return xs;
}

function nearestOne(
  xs: Float64Array,
  r: number,
  d: number,
  t: SkTree,
  k: number,
  p: number,
  hd: Float64Array,
  hi: Int32Array,
  stack: Int32Array,
  stackDist: Float64Array,
): void {
  hd.fill(Infinity);
  hi.fill(-1);
  const { idx, start, end, leaf } = t;
  const po = r * d;
  let top = 0;
  stack[0] = 0;
  stackDist[0] = boxRdist(xs, d, r, t, 0);
  top = 1;
  while (top > 0) {
    top--;
    const node = stack[top];
    if (stackDist[top] > hd[k - 1]) continue;
    if (leaf[node]) {
      for (let i = start[node]; i < end[node]; i++) {
        const q = idx[i];
        if (q === p) continue;
        const qo = i * d;
        let dq = 0;
        for (let j = 0; j < d; j++) {
          const g = xs[po + j] - xs[qo + j];
          dq += g * g;
        }
        const worst = hd[k - 1];
        if (dq > worst || (dq === worst && q > hi[k - 1] && hi[k - 1] >= 0)) continue;
        let pos = k - 1;
        while (pos > 0 && (hd[pos - 1] > dq || (hd[pos - 1] === dq && hi[pos - 1] > q))) {
          hd[pos] = hd[pos - 1];
          hi[pos] = hi[pos - 1];
          pos--;
        }
        hd[pos] = dq;
        hi[pos] = q;
      }
      continue;
    }
    const l = 2 * node + 1;
    const cl = boxRdist(xs, d, r, t, l);
    const cr = boxRdist(xs, d, r, t, l + 1);
    // push the farther child first so the nearer one is visited first
    if (cl <= cr) {
      stack[top] = l + 1;
      stackDist[top++] = cr;
      stack[top] = l;
      stackDist[top++] = cl;
    } else {
      stack[top] = l;
      stackDist[top++] = cl;
      stack[top] = l + 1;
      stackDist[top++] = cr;
    }
  }
}

/**
 * The library's approximate dual-tree Borůvka spanning tree of the mutual-reachability graph
 * of `x` (row-major n × d, input order), with core distances to the `minSamples`-th nearest
 * other point. Returns the edges in the order found (weights are distances) and the core
 * distances.
 */
export function* referenceBoruvka(x: Float64Array, n: number, d: number, minSamples: number): Steps<{ edges: MstEdges; core: Float64Array }> {
  const t = buildSkTree(x, n, d, REF_LEAF_SIZE);
  yield;
  const k = minSamples;
  const knnSq = new Float64Array(n * k);
  const knn = new Int32Array(n * k);
  const xs = treeOrdered(x, n, d, t);
  yield* nearest(xs, n, d, t, k, knnSq, knn);
  const coreDist = new Float64Array(n);
  const core = new Float64Array(n); // rdist: the distance squared back, as the library does
  for (let p = 0; p < n; p++) {
    coreDist[p] = Math.sqrt(knnSq[p * k + k - 1]);
    core[p] = coreDist[p] * coreDist[p];
  }
  const nNodes = t.nNodes;
  const parent = new Int32Array(n);
  const rank = new Uint8Array(n);
  const isComponent = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x0: number): number => {
    let xx = x0;
    let xp = parent[xx];
    for (;;) {
      if (xp === xx) return xx;
      const xg = parent[xp];
      parent[xx] = xg;
      xx = xp;
      xp = xg;
    }
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    if (rank[ra] < rank[rb]) {
      parent[ra] = rb;
      isComponent[ra] = 0;
    } else if (rank[ra] > rank[rb]) {
      parent[rb] = ra;
      isComponent[rb] = 0;
    } else {
      rank[ra]++;
      parent[rb] = ra;
      isComponent[rb] = 0;
    }
  };
  const componentList = (): Int32Array => {
    let c = 0;
    for (let i = 0; i < n; i++) c += isComponent[i];
    const out = new Int32Array(c);
    c = 0;
    for (let i = 0; i < n; i++) if (isComponent[i]) out[c++] = i;
    return out;
  };
  const ea = new Int32Array(n - 1);
  const eb = new Int32Array(n - 1);
  const ew = new Float64Array(n - 1);
  let nEdges = 0;
  const candPt = new Int32Array(n).fill(-1);
  const candNb = new Int32Array(n).fill(-1);
  const candD = new Float64Array(n).fill(Number.MAX_VALUE);
  const compOfPoint = new Int32Array(n);
  const compOfNode = new Int32Array(nNodes);
  for (let i = 0; i < n; i++) compOfPoint[i] = i;
  for (let v = 0; v < nNodes; v++) compOfNode[v] = -(v + 1);
  const bounds = new Float64Array(nNodes).fill(Number.MAX_VALUE);
  let components: Int32Array = Int32Array.from({ length: n }, (_, i) => i);

  for (let p = 0; p < n; p++) {
    for (let i = 0; i < k; i++) {
      const m = knn[p * k + i];
      if (core[m] <= core[p]) {
        candPt[p] = p;
        candNb[p] = m;
        candD[p] = core[p];
        break;
      }
    }
  }

  const updateComponents = (): number => {
    for (let c = 0; c < components.length; c++) {
      const component = components[c];
      const source = candPt[component];
      const sink = candNb[component];
      if (source === -1 || sink === -1) continue;
      if (find(source) === find(sink)) {
        candPt[component] = -1;
        candNb[component] = -1;
        candD[component] = Number.MAX_VALUE;
        continue;
      }
      ea[nEdges] = source;
      eb[nEdges] = sink;
      ew[nEdges] = Math.sqrt(candD[component]);
      nEdges++;
      union(source, sink);
      candD[component] = Number.MAX_VALUE;
      if (nEdges === n - 1) {
        components = componentList();
        return components.length;
      }
    }
    for (let p = 0; p < n; p++) compOfPoint[p] = find(p);
    for (let v = nNodes - 1; v >= 0; v--) {
      if (t.leaf[v]) {
        const cur = compOfPoint[t.idx[t.start[v]]];
        let same = true;
        for (let i = t.start[v] + 1; i < t.end[v]; i++)
          if (compOfPoint[t.idx[i]] !== cur) {
            same = false;
            break;
          }
        if (same) compOfNode[v] = cur;
      } else if (compOfNode[2 * v + 1] === compOfNode[2 * v + 2]) compOfNode[v] = compOfNode[2 * v + 1];
    }
    const last = components.length;
    components = componentList();
    if (components.length === last) bounds.fill(Number.MAX_VALUE);
    return components.length;
  };

  const minRdist = (a: number, b: number): number => {
    let r = 0;
    for (let j = 0; j < d; j++) {
      const d1 = t.lo[a * d + j] - t.hi[b * d + j];
      const d2 = t.lo[b * d + j] - t.hi[a * d + j];
      const g = d1 + Math.abs(d1) + (d2 + Math.abs(d2));
      const h = 0.5 * g;
      r += h * h;
    }
    return r;
  };

  const traverse = (node1: number, node2: number): void => {
    if (minRdist(node1, node2) < bounds[node1]) {
      if (compOfNode[node1] === compOfNode[node2] && compOfNode[node1] >= 0) return;
    } else return;
    const leaf1 = t.leaf[node1] === 1;
    const leaf2 = t.leaf[node2] === 1;
    if (leaf1 && leaf2) {
      let up = 0;
      let low = Number.MAX_VALUE;
      for (let i = t.start[node1]; i < t.end[node1]; i++) {
        const p = t.idx[i];
        const c1 = compOfPoint[p];
        const cp = core[p];
        if (cp > candD[c1]) continue;
        for (let j = t.start[node2]; j < t.end[node2]; j++) {
          const q = t.idx[j];
          const cq = core[q];
          if (cq > candD[c1]) continue;
          if (c1 !== compOfPoint[q]) {
            let mr = rdist(xs, d, i, j);
            if (cp > mr) mr = cp;
            if (cq > mr) mr = cq;
            if (mr < candD[c1]) {
              candD[c1] = mr;
              candNb[c1] = q;
              candPt[c1] = p;
            }
          }
        }
        if (candD[c1] > up) up = candD[c1];
        if (candD[c1] < low) low = candD[c1];
      }
      const nb = Math.min(up, low + 2 * t.radiusSq[node1]);
      if (nb < bounds[node1]) {
        bounds[node1] = nb;
        let v = node1;
        while (v > 0) {
          const par = (v - 1) >> 1;
          const b = Math.max(bounds[2 * par + 1], bounds[2 * par + 2]);
          if (b < bounds[par]) {
            bounds[par] = b;
            v = par;
          } else break;
        }
      }
    } else if (leaf1 || (!leaf2 && t.radiusSq[node2] > t.radiusSq[node1])) {
      const l = 2 * node2 + 1;
      const r = l + 1;
      if (minRdist(node1, l) < minRdist(node1, r)) {
        traverse(node1, l);
        traverse(node1, r);
      } else {
        traverse(node1, r);
        traverse(node1, l);
      }
    } else {
      const l = 2 * node1 + 1;
      const r = l + 1;
      if (minRdist(l, node2) < minRdist(r, node2)) {
        traverse(l, node2);
        traverse(r, node2);
      } else {
        traverse(r, node2);
        traverse(l, node2);
      }
    }
  };

  let num = updateComponents();
  bounds.fill(Number.MAX_VALUE);
  while (num > 1) {
    traverse(0, 0);
    yield;
    num = updateComponents();
  }
  return { edges: { a: ea, b: eb, w: ew }, core: coreDist };
}
