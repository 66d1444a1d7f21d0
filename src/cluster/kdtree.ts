/**
 * Internal k-d tree over a flat point matrix, used by DBSCAN and suggestEps.
 * Not exported from the package. Trusts its input (already validated and copied).
 */

/** 0 = Euclidean, 1 = Manhattan, 2 = Chebyshev. Distances are compared "reduced":
 * squared for Euclidean, plain for the others (as scikit-learn's trees do). */
export type MetricCode = 0 | 1 | 2;

export interface KdTree {
  /** Points reordered into tree order (row-major, n × d). */
  pts: Float64Array;
  /** perm[p] = original index of the point at tree position p. */
  perm: Int32Array;
  n: number;
  d: number;
  /** Per node: first and one-past-last tree position of its points. */
  start: Int32Array;
  end: Int32Array;
  /** Per node: left child (right child = left + 1), or -1 for a leaf. */
  left: Int32Array;
  /** Per node bounding box, nodes × d. */
  lo: Float64Array;
  hi: Float64Array;
  nNodes: number;
  /** Per node: parent node, -1 for the root. */
  parent: Int32Array;
  /** Per tree position: the leaf holding it. */
  leafOf: Int32Array;
}

const LEAF_SIZE = 16;

/** Builds a k-d tree (widest-spread split at the median). O(n log n) time, O(n) memory. */
export function buildKdTree(data: Float64Array, n: number, d: number): KdTree {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const maxNodes = 2 * Math.ceil(n / LEAF_SIZE) * 2 + 1;
  const start = new Int32Array(maxNodes);
  const end = new Int32Array(maxNodes);
  const left = new Int32Array(maxNodes).fill(-1);
  const parent = new Int32Array(maxNodes).fill(-1);
  const leafOf = new Int32Array(n);
  const lo = new Float64Array(maxNodes * d);
  const hi = new Float64Array(maxNodes * d);
  let nNodes = 1;
  start[0] = 0;
  end[0] = n;
  const stack: number[] = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const s = start[node];
    const e = end[node];
    const bo = node * d;
    for (let t = 0; t < d; t++) {
      lo[bo + t] = Infinity;
      hi[bo + t] = -Infinity;
    }
    for (let p = s; p < e; p++) {
      const o = perm[p] * d;
      for (let t = 0; t < d; t++) {
        const v = data[o + t];
        if (v < lo[bo + t]) lo[bo + t] = v;
        if (v > hi[bo + t]) hi[bo + t] = v;
      }
    }
    if (e - s <= LEAF_SIZE) {
      leafOf.fill(node, s, e);
      continue;
    }
    let dim = 0;
    let spread = -1;
    for (let t = 0; t < d; t++) {
      const sp = hi[bo + t] - lo[bo + t];
      if (sp > spread) {
        spread = sp;
        dim = t;
      }
    }
    if (spread <= 0) {
      leafOf.fill(node, s, e); // all points identical: keep as a (large) leaf
      continue;
    }
    const mid = (s + e) >> 1;
    quickselect(perm, data, d, dim, s, e - 1, mid);
    const l = nNodes;
    nNodes += 2;
    left[node] = l;
    parent[l] = node;
    parent[l + 1] = node;
    start[l] = s;
    end[l] = mid;
    start[l + 1] = mid;
    end[l + 1] = e;
    stack.push(l + 1, l);
  }
  const pts = new Float64Array(n * d);
  for (let p = 0; p < n; p++) {
    const o = perm[p] * d;
    for (let t = 0; t < d; t++) pts[p * d + t] = data[o + t];
  }
  return { pts, perm, n, d, start, end, left, lo, hi, nNodes, parent, leafOf };
}

/** Partially sorts perm[l..r] by coordinate `dim` so that perm[k] is the k-th smallest. */
function quickselect(perm: Int32Array, data: Float64Array, d: number, dim: number, l: number, r: number, k: number): void {
  while (r > l) {
    // median of three pivot
    const m = (l + r) >> 1;
    const a = data[perm[l] * d + dim];
    const b = data[perm[m] * d + dim];
    const c = data[perm[r] * d + dim];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = l;
    let j = r;
    while (i <= j) {
      while (data[perm[i] * d + dim] < pivot) i++;
      while (data[perm[j] * d + dim] > pivot) j--;
      if (i <= j) {
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return;
  }
}

/** Reduced distance from query (at q[qo..]) to a node's box. */
function boxMin(tree: KdTree, node: number, q: Float64Array, qo: number, metric: MetricCode): number {
  const d = tree.d;
  const bo = node * d;
  let acc = 0;
  for (let t = 0; t < d; t++) {
    const v = q[qo + t];
    const l = tree.lo[bo + t];
    const h = tree.hi[bo + t];
    const g = v < l ? l - v : v > h ? v - h : 0;
    if (metric === 0) acc += g * g;
    else if (metric === 1) acc += g;
    else if (g > acc) acc = g;
  }
  return acc;
}

/** Reduced distance from query to the farthest corner of a node's box. */
function boxMax(tree: KdTree, node: number, q: Float64Array, qo: number, metric: MetricCode): number {
  const d = tree.d;
  const bo = node * d;
  let acc = 0;
  for (let t = 0; t < d; t++) {
    const v = q[qo + t];
    const a = v - tree.lo[bo + t];
    const b = tree.hi[bo + t] - v;
    const g = a > b ? a : b;
    if (metric === 0) acc += g * g;
    else if (metric === 1) acc += g;
    else if (g > acc) acc = g;
  }
  return acc;
}

/** Reduced distance between tree point p and the query. */
function pointDist(tree: KdTree, p: number, q: Float64Array, qo: number, metric: MetricCode): number {
  const d = tree.d;
  const pts = tree.pts;
  const po = p * d;
  let acc = 0;
  if (metric === 0) {
    for (let t = 0; t < d; t++) {
      const g = pts[po + t] - q[qo + t];
      acc += g * g;
    }
  } else if (metric === 1) {
    for (let t = 0; t < d; t++) acc += Math.abs(pts[po + t] - q[qo + t]);
  } else {
    for (let t = 0; t < d; t++) {
      const g = Math.abs(pts[po + t] - q[qo + t]);
      if (g > acc) acc = g;
    }
  }
  return acc;
}

/**
 * Counts tree points within reduced radius `r` (inclusive) of the query, stopping once
 * `cap` is reached. Returns min(count, cap).
 */
export function countWithin(tree: KdTree, q: Float64Array, qo: number, r: number, metric: MetricCode, cap: number, stack: Int32Array): number {
  let count = 0;
  let sp = 0;
  stack[sp++] = 0;
  while (sp > 0) {
    const node = stack[--sp];
    if (boxMin(tree, node, q, qo, metric) > r) continue;
    const s = tree.start[node];
    const e = tree.end[node];
    if (boxMax(tree, node, q, qo, metric) <= r) {
      count += e - s;
      if (count >= cap) return cap;
      continue;
    }
    const l = tree.left[node];
    if (l >= 0) {
      stack[sp++] = l + 1;
      stack[sp++] = l;
      continue;
    }
    for (let p = s; p < e; p++) {
      if (pointDist(tree, p, q, qo, metric) <= r) {
        if (++count >= cap) return cap;
      }
    }
  }
  return count;
}

/**
 * Collects the tree positions of points within reduced radius `r` (inclusive) into
 * `out.buf` (grown as needed); returns how many. When `skip` is given, nodes with
 * `skip[node] === 0` are not visited (DBSCAN passes the count of still-unlabeled points
 * per node, so finished regions are pruned).
 */
export function collectWithin(
  tree: KdTree,
  q: Float64Array,
  qo: number,
  r: number,
  metric: MetricCode,
  out: { buf: Int32Array },
  stack: Int32Array,
  skip?: Int32Array,
): number {
  let count = 0;
  let sp = 0;
  stack[sp++] = 0;
  let buf = out.buf;
  while (sp > 0) {
    const node = stack[--sp];
    if (skip !== undefined && skip[node] === 0) continue;
    if (boxMin(tree, node, q, qo, metric) > r) continue;
    const s = tree.start[node];
    const e = tree.end[node];
    const l = tree.left[node];
    const inside = boxMax(tree, node, q, qo, metric) <= r;
    if (!inside && l >= 0) {
      stack[sp++] = l + 1;
      stack[sp++] = l;
      continue;
    }
    if (count + (e - s) > buf.length) {
      const bigger = new Int32Array(Math.max(buf.length * 2, count + (e - s)));
      bigger.set(buf.subarray(0, count));
      out.buf = buf = bigger;
    }
    if (inside) {
      for (let p = s; p < e; p++) buf[count++] = p;
    } else {
      for (let p = s; p < e; p++) if (pointDist(tree, p, q, qo, metric) <= r) buf[count++] = p;
    }
  }
  return count;
}

/**
 * Reduced distance from the query to its k-th nearest tree point (k >= 1; the query
 * itself counts when it is in the tree). Uses a bounded max-heap in `heap` (length >= k).
 */
export function kthNearest(
  tree: KdTree,
  q: Float64Array,
  qo: number,
  k: number,
  metric: MetricCode,
  heap: Float64Array,
  stack: Int32Array,
  stackDist: Float64Array,
): number {
  let size = 0;
  let sp = 0;
  stack[sp] = 0;
  stackDist[sp++] = 0;
  while (sp > 0) {
    sp--;
    const node = stack[sp];
    const nd = stackDist[sp];
    if (size === k && nd >= heap[0]) continue;
    const l = tree.left[node];
    if (l >= 0) {
      const dl = boxMin(tree, l, q, qo, metric);
      const dr = boxMin(tree, l + 1, q, qo, metric);
      // push the farther child first so the nearer one is visited next
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
    const s = tree.start[node];
    const e = tree.end[node];
    if (e - s > k && isConstantNode(tree, node)) {
      // a leaf of identical points (duplicates): one distance, counted min(size, k) times, so
      // duplicate-heavy data costs O(k) per leaf instead of O(leaf size)
      const dist = pointDist(tree, s, q, qo, metric);
      for (let c = 0; c < k; c++) size = heapPush(heap, size, k, dist);
      continue;
    }
    for (let p = s; p < e; p++) size = heapPush(heap, size, k, pointDist(tree, p, q, qo, metric));
  }
  return heap[0];
}

/** Whether every point under `node` is the same point (its box has no extent). */
function isConstantNode(tree: KdTree, node: number): boolean {
  const d = tree.d;
  const bo = node * d;
  for (let t = 0; t < d; t++) if (tree.lo[bo + t] !== tree.hi[bo + t]) return false;
  return true;
}

/** Offers `dist` to the bounded max-heap `heap[0..size)` of capacity k; returns the new size. */
function heapPush(heap: Float64Array, size: number, k: number, dist: number): number {
  if (size < k) {
    // sift up
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] >= dist) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = dist;
  } else if (dist < heap[0]) {
    // replace the root and sift down
    let i = 0;
    for (;;) {
      const a = 2 * i + 1;
      if (a >= k) break;
      const b = a + 1;
      const c = b < k && heap[b] > heap[a] ? b : a;
      if (heap[c] <= dist) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = dist;
  }
  return size;
}

/** Stack capacity sufficient for any traversal of this tree. */
export function stackSize(tree: KdTree): number {
  return tree.nNodes + 2;
}
