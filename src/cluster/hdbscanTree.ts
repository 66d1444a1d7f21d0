/**
 * Internal: from a mutual-reachability minimum spanning tree to HDBSCAN's single-linkage
 * hierarchy, condensed tree, cluster stabilities, flat selection (excess of mass or leaf,
 * with `clusterSelectionEpsilon`), labels, membership probabilities and GLOSH scores.
 * Follows the definitions of the `hdbscan` Python library 0.8.x step by step (Campello,
 * Moulavi & Sander 2013; McInnes, Healy & Astels 2017), including its numbering: points are
 * 0..n-1, the root cluster is n, new clusters are numbered in breadth-first order.
 * Not exported from the package; trusts its input.
 */
import { numpyArgsort } from "./hdbscanSort.js";

/** Condensed tree columns: one row per (parent cluster, child point or cluster). */
export interface CondensedColumns {
  parent: Int32Array;
  child: Int32Array;
  lambda: Float64Array;
  size: Int32Array;
  /** Number of clusters (root included); cluster ids are n..n+nClusters-1. */
  nClusters: number;
}

/**
 * Single-linkage hierarchy from MST edges (a[i], b[i], w[i]) sorted ascending by weight, as
 * scipy/hdbscan number it: row i merges nodes left[i], right[i] at height[i] into node n + i.
 */
export function singleLinkage(
  a: Int32Array,
  b: Int32Array,
  w: Float64Array,
  n: number,
): { left: Int32Array; right: Int32Array; height: Float64Array; size: Int32Array } {
  const m = n - 1;
  const parent = new Int32Array(2 * n - 1).fill(-1);
  const sz = new Int32Array(2 * n - 1);
  for (let i = 0; i < n; i++) sz[i] = 1;
  const left = new Int32Array(m);
  const right = new Int32Array(m);
  const size = new Int32Array(m);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== -1) r = parent[r];
    while (parent[x] !== -1 && parent[x] !== r) {
      const nx = parent[x];
      parent[x] = r;
      x = nx;
    }
    return r;
  };
  for (let i = 0; i < m; i++) {
    const ra = find(a[i]);
    const rb = find(b[i]);
    left[i] = ra;
    right[i] = rb;
    const node = n + i;
    sz[node] = sz[ra] + sz[rb];
    size[i] = sz[node];
    parent[ra] = node;
    parent[rb] = node;
  }
  return { left, right, height: w, size };
}

/** Condenses the hierarchy with `minClusterSize` (hdbscan's `condense_tree`). */
export function condenseTree(
  h: { left: Int32Array; right: Int32Array; height: Float64Array; size: Int32Array },
  n: number,
  minClusterSize: number,
): CondensedColumns {
  const root = 2 * n - 2;
  const total = 2 * n - 1;
  const relabel = new Int32Array(total);
  const ignore = new Uint8Array(total);
  // rows: at most n point rows + 2 per split
  const cap = 2 * n;
  const parent = new Int32Array(cap);
  const child = new Int32Array(cap);
  const lambda = new Float64Array(cap);
  const size = new Int32Array(cap);
  let rows = 0;
  let nextLabel = n + 1;
  relabel[root] = n;
  const countOf = (x: number): number => (x >= n ? h.size[x - n] : 1);
  // breadth-first order of the hierarchy from the root (left before right, level by level)
  const order = new Int32Array(total);
  let head = 0;
  let tail = 0;
  order[tail++] = root;
  while (head < tail) {
    const x = order[head++];
    if (x >= n) {
      order[tail++] = h.left[x - n];
      order[tail++] = h.right[x - n];
    }
  }
  const sub = new Int32Array(total);
  const fallOut = (start: number, label: number, lam: number): void => {
    let sh = 0;
    let st = 0;
    sub[st++] = start;
    while (sh < st) {
      const x = sub[sh++];
      if (x < n) {
        parent[rows] = label;
        child[rows] = x;
        lambda[rows] = lam;
        size[rows] = 1;
        rows++;
      } else {
        sub[st++] = h.left[x - n];
        sub[st++] = h.right[x - n];
      }
      ignore[x] = 1;
    }
  };
  for (let o = 0; o < total; o++) {
    const node = order[o];
    if (ignore[node] || node < n) continue;
    const r = node - n;
    const l = h.left[r];
    const rt = h.right[r];
    const dist = h.height[r];
    const lam = dist > 0 ? 1 / dist : Infinity;
    const lc = countOf(l);
    const rc = countOf(rt);
    const label = relabel[node];
    if (lc >= minClusterSize && rc >= minClusterSize) {
      relabel[l] = nextLabel++;
      parent[rows] = label;
      child[rows] = relabel[l];
      lambda[rows] = lam;
      size[rows] = lc;
      rows++;
      relabel[rt] = nextLabel++;
      parent[rows] = label;
      child[rows] = relabel[rt];
      lambda[rows] = lam;
      size[rows] = rc;
      rows++;
    } else if (lc < minClusterSize && rc < minClusterSize) {
      fallOut(l, label, lam);
      fallOut(rt, label, lam);
    } else if (lc < minClusterSize) {
      relabel[rt] = label;
      fallOut(l, label, lam);
    } else {
      relabel[l] = label;
      fallOut(rt, label, lam);
    }
  }
  return {
    parent: parent.slice(0, rows),
    child: child.slice(0, rows),
    lambda: lambda.slice(0, rows),
    size: size.slice(0, rows),
    nClusters: nextLabel - n,
  };
}

/** Per cluster (index c - n): the lambda at which it was born (0 for the root) and its parent (-1 for the root). */
export function clusterBirths(t: CondensedColumns, n: number): { birth: Float64Array; up: Int32Array } {
  const birth = new Float64Array(t.nClusters);
  const up = new Int32Array(t.nClusters).fill(-1);
  for (let i = 0; i < t.child.length; i++) {
    const c = t.child[i];
    if (c >= n) {
      birth[c - n] = t.lambda[i];
      up[c - n] = t.parent[i];
    }
  }
  return { birth, up };
}

/** hdbscan's `compute_stability`: sum over a cluster's rows of (lambda - birth) * size, in row order. */
export function stabilities(t: CondensedColumns, n: number, birth: Float64Array): Float64Array {
  const s = new Float64Array(t.nClusters);
  for (let i = 0; i < t.parent.length; i++) {
    const p = t.parent[i] - n;
    s[p] += (t.lambda[i] - birth[p]) * t.size[i];
  }
  return s;
}

/** hdbscan's `max_lambdas`: per cluster, the largest lambda among its direct rows. */
export function maxLambdas(t: CondensedColumns, n: number): Float64Array {
  const m = new Float64Array(t.nClusters);
  for (let i = 0; i < t.parent.length; i++) {
    const p = t.parent[i] - n;
    if (t.lambda[i] > m[p]) m[p] = t.lambda[i];
  }
  return m;
}

export type SelectionMethod = "eom" | "leaf";

/** Cluster children (cluster ids) of each cluster, from the cluster rows of the tree. */
function clusterChildren(t: CondensedColumns, n: number): number[][] {
  const kids: number[][] = Array.from({ length: t.nClusters }, () => []);
  for (let i = 0; i < t.child.length; i++) if (t.child[i] >= n) kids[t.parent[i] - n].push(t.child[i]);
  return kids;
}

/** All cluster descendants of c (c excluded), breadth first. */
function descendants(kids: number[][], c: number, n: number): number[] {
  const out: number[] = [];
  const q = [...kids[c - n]];
  while (q.length > 0) {
    const x = q.shift()!;
    out.push(x);
    for (const y of kids[x - n]) q.push(y);
  }
  return out;
}

/**
 * hdbscan's `get_clusters` selection: returns the selected cluster ids, ascending. Excess
 * of mass compares a cluster's stability with the float32 sum of its children's (as the
 * reference library's `cdef float subtree_stability` does).
 */
export function selectClusters(
  t: CondensedColumns,
  n: number,
  stability: Float64Array,
  birth: Float64Array,
  up: Int32Array,
  method: SelectionMethod,
  allowSingleCluster: boolean,
  epsilon: number,
): number[] {
  const nc = t.nClusters;
  const kids = clusterChildren(t, n);
  const hasClusterRows = nc > 1;
  const isCluster = new Uint8Array(nc);
  const first = allowSingleCluster ? 0 : 1; // node_list excludes the root unless single clusters are allowed
  for (let c = first; c < nc; c++) isCluster[c] = 1;
  const stab = Float64Array.from(stability);
  let selected: number[];
  if (method === "eom") {
    for (let ci = nc - 1; ci >= first; ci--) {
      let sum = 0;
      for (const k of kids[ci]) sum += stab[k - n];
      const subtree = Math.fround(sum);
      if (subtree > stab[ci]) {
        isCluster[ci] = 0;
        stab[ci] = subtree;
      } else {
        for (const d of descendants(kids, ci + n, n)) isCluster[d - n] = 0;
      }
    }
    selected = [];
    for (let c = 0; c < nc; c++) if (isCluster[c]) selected.push(c + n);
    if (epsilon !== 0 && hasClusterRows) {
      if (selected.length === 1 && selected[0] === n) selected = allowSingleCluster ? selected : [];
      else selected = epsilonSearch(selected, kids, birth, up, n, epsilon, allowSingleCluster);
    }
  } else {
    const leaves: number[] = [];
    if (hasClusterRows) for (let c = 1; c < nc; c++) if (kids[c].length === 0) leaves.push(c + n);
    selected = epsilon !== 0 ? epsilonSearch(leaves, kids, birth, up, n, epsilon, allowSingleCluster) : leaves;
    // is_cluster holds only node_list: the root is selectable only with allowSingleCluster
    if (!allowSingleCluster) selected = selected.filter((c) => c !== n);
  }
  return Array.from(new Set(selected)).sort((x, y) => x - y);
}

function epsilonSearch(leaves: number[], kids: number[][], birth: Float64Array, up: Int32Array, n: number, epsilon: number, allowSingle: boolean): number[] {
  const out: number[] = [];
  const processed = new Set<number>();
  for (const leaf of [...leaves].sort((x, y) => x - y)) {
    const eps = 1 / birth[leaf - n];
    if (eps < epsilon) {
      if (!processed.has(leaf)) {
        const e = traverseUpwards(leaf, birth, up, n, epsilon, allowSingle);
        out.push(e);
        for (const d of descendants(kids, e, n)) processed.add(d);
      }
    } else {
      out.push(leaf);
    }
  }
  return out;
}

function traverseUpwards(leaf: number, birth: Float64Array, up: Int32Array, n: number, epsilon: number, allowSingle: boolean): number {
  let node = leaf;
  for (;;) {
    const parent = up[node - n];
    if (parent === n) return allowSingle ? parent : node;
    if (1 / birth[parent - n] > epsilon) return parent;
    node = parent;
  }
}

/** Labels (hdbscan's `do_labelling`): each point takes its nearest selected ancestor. */
export function labelPoints(
  t: CondensedColumns,
  n: number,
  selected: readonly number[],
  up: Int32Array,
  allowSingleCluster: boolean,
  epsilon: number,
): Int32Array {
  const nc = t.nClusters;
  const labelOf = new Int32Array(nc).fill(-1);
  selected.forEach((c, i) => (labelOf[c - n] = i));
  // nearest selected ancestor (or self) for every cluster, top-down (parents have smaller ids)
  const owner = new Int32Array(nc).fill(-1);
  for (let c = 0; c < nc; c++) {
    if (labelOf[c] >= 0) owner[c] = c + n;
    else if (c > 0) owner[c] = owner[up[c] - n];
  }
  let rootMax = 0;
  for (let i = 0; i < t.parent.length; i++) if (t.parent[i] === n && t.lambda[i] > rootMax) rootMax = t.lambda[i];
  const labels = new Int32Array(n).fill(-1);
  for (let i = 0; i < t.child.length; i++) {
    const p = t.child[i];
    if (p >= n) continue;
    const o = owner[t.parent[i] - n];
    if (o < 0) continue;
    if (o === n) {
      if (selected.length === 1 && allowSingleCluster) {
        const ok = epsilon !== 0 ? t.lambda[i] >= 1 / epsilon : t.lambda[i] >= rootMax;
        if (ok) labels[p] = labelOf[0];
      }
    } else {
      labels[p] = labelOf[o - n];
    }
  }
  return labels;
}

/** Membership probabilities (hdbscan's `get_probabilities`): lambda over the selected cluster's max lambda. */
export function probabilities(t: CondensedColumns, n: number, labels: Int32Array, selected: readonly number[], deaths: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < t.child.length; i++) {
    const p = t.child[i];
    if (p >= n || labels[p] < 0) continue;
    const maxL = deaths[selected[labels[p]] - n];
    const lam = t.lambda[i];
    out[p] = maxL === 0 || !Number.isFinite(lam) ? 1 : Math.min(lam, maxL) / maxL;
  }
  return out;
}

/**
 * GLOSH outlier scores as hdbscan 0.8.x computes them (`outlier_scores`): per point,
 * (lambdaMax - lambda) / lambdaMax with lambdaMax its parent cluster's largest direct
 * lambda. (The reference library's propagation of deaths from child clusters visits rows in
 * the order of numpy's quicksort of the parents and stops at the first point row; reproduced here.)
 */
export function gloshScores(t: CondensedColumns, n: number): Float64Array {
  const deaths = maxLambdas(t, n);
  const rows = t.parent.length;
  // the library's np.argsort(parent): numpy's (unstable) quicksort decides which row of the
  // root comes first, hence whether any death propagates before the first point row
  const sorted = numpyArgsort(t.parent);
  for (const i of sorted) {
    const c = t.child[i];
    if (c < n) break;
    const p = t.parent[i];
    if (deaths[c - n] > deaths[p - n]) deaths[p - n] = deaths[c - n];
  }
  const out = new Float64Array(n);
  for (let i = 0; i < rows; i++) {
    const p = t.child[i];
    if (p >= n) continue;
    const lm = deaths[t.parent[i] - n];
    const lam = t.lambda[i];
    // lm infinite (duplicates merged at distance 0) and lam finite: the limit of (lm - lam) / lm is 1
    out[p] = lm === 0 || !Number.isFinite(lam) ? 0 : Number.isFinite(lm) ? (lm - lam) / lm : 1;
  }
  return out;
}
