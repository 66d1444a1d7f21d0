"""Pure-Python transcription of the pipeline of the `hdbscan` library 0.8.37 (McInnes, Healy &
Astels) for Euclidean data with algorithm="best" (= boruvka_kdtree for low-dimensional data):
core distances from sklearn's KDTree, the dual-tree Boruvka minimum spanning tree of the mutual
reachability graph (with or without `approx_min_span_tree`), numpy's argsort of the edges,
`label`, `condense_tree`, `compute_stability`, `get_clusters` (EOM), `do_labelling`,
`get_probabilities` and `outlier_scores`. Written from the library's Cython sources so that
the reference's results can be reproduced where the `hdbscan` package cannot be installed
(it is not packaged for Debian 12; scikit-learn 1.2 predates sklearn.cluster.HDBSCAN).
Uses only numpy and sklearn.neighbors.KDTree (the tree the library itself builds on).

Run from the repo root:  /usr/bin/python3 scripts/ref/hdbscan_port.py
With radius_sq=True (the library compares rdist bounds with 2 * radius**2) and the separate
leaf_size // 3 tree, it reproduces ../shared/data/hdbscan/reference.json at n = 300, 1,000 and
3,000 (labels, probabilities and outlier scores to 5e-13, the file's rounding) with numpy
1.24.2 / scikit-learn 1.2.1; src/cluster/hdbscanDualTree.ts gives the same edges in the same order.
"""
import numpy as np
from sklearn.neighbors import KDTree

DBL_MAX = np.finfo(np.float64).max


class _UF:  # BoruvkaUnionFind
    def __init__(self, size):
        self.parent = list(range(size))
        self.rank = [0] * size
        self.is_component = np.ones(size, dtype=bool)

    def find(self, x):
        parent = self.parent
        xp = parent[x]
        while True:
            if xp == x:
                return x
            xg = parent[xp]
            parent[x] = xg
            x = xp
            xp = xg

    def union(self, x, y):
        xr, yr = self.find(x), self.find(y)
        if xr == yr:
            return
        if self.rank[xr] < self.rank[yr]:
            self.parent[xr] = yr
            self.is_component[xr] = False
        elif self.rank[xr] > self.rank[yr]:
            self.parent[yr] = xr
            self.is_component[yr] = False
        else:
            self.rank[xr] += 1
            self.parent[yr] = xr
            self.is_component[yr] = False

    def components(self):
        return self.is_component.nonzero()[0]


class BoruvkaKD:
    """KDTreeBoruvkaAlgorithm of hdbscan/_hdbscan_boruvka.pyx (alpha = 1, Euclidean)."""

    def __init__(self, core_tree, min_samples, leaf_size, approx, radius_sq=False):
        self.radius_sq = radius_sq
        self.tree = core_tree if leaf_size is None else KDTree(np.asarray(core_tree.data), leaf_size=leaf_size)
        data, idx, node_data, node_bounds = self.tree.get_arrays()
        self.X = np.asarray(data)
        self.rows = [tuple(r) for r in self.X.tolist()]
        self.idx = idx.tolist()
        self.start = node_data["idx_start"].tolist()
        self.end = node_data["idx_end"].tolist()
        self.leaf = node_data["is_leaf"].tolist()
        self.radius = node_data["radius"].tolist()
        self.lo = np.asarray(node_bounds[0]).tolist()
        self.hi = np.asarray(node_bounds[1]).tolist()
        self.approx = approx
        self.min_samples = min_samples
        n = self.X.shape[0]
        self.n = n
        self.num_nodes = len(self.start)
        self.components = np.arange(n)
        self.bounds = [DBL_MAX] * self.num_nodes
        self.cop = list(range(n))
        self.con = [-(i + 1) for i in range(self.num_nodes)]
        self.cand_nb = [-1] * n
        self.cand_pt = [-1] * n
        self.cand_d = [DBL_MAX] * n
        self.uf = _UF(n)
        self.edges = []
        knn_dist, knn_idx = core_tree.query(self.X, k=min_samples + 1, dualtree=True, breadth_first=True)
        core = knn_dist[:, min_samples].copy()
        self.core_dist = core.copy()
        self.core = [c * c for c in core.tolist()]  # _dist_to_rdist
        for p in range(n):
            for i in range(1, min_samples + 1):
                m = int(knn_idx[p, i])
                if self.core[m] <= self.core[p]:
                    self.cand_pt[p] = p
                    self.cand_nb[p] = m
                    self.cand_d[p] = self.core[p]
                    break
        self.update_components()
        self.bounds = [DBL_MAX] * self.num_nodes

    def min_rdist(self, a, b):
        lo, hi = self.lo, self.hi
        r = 0.0
        la, ha, lb, hb = lo[a], hi[a], lo[b], hi[b]
        for j in range(len(la)):
            d1 = la[j] - hb[j]
            d2 = lb[j] - ha[j]
            d = (d1 + abs(d1)) + (d2 + abs(d2))
            r += (0.5 * d) ** 2
        return r

    def update_components(self):
        uf = self.uf
        for component in self.components.tolist():
            source = self.cand_pt[component]
            sink = self.cand_nb[component]
            if source == -1 or sink == -1:
                continue
            if uf.find(source) == uf.find(sink):
                self.cand_pt[component] = -1
                self.cand_nb[component] = -1
                self.cand_d[component] = DBL_MAX
                continue
            self.edges.append((source, sink, float(np.sqrt(self.cand_d[component]))))
            uf.union(source, sink)
            self.cand_d[component] = DBL_MAX
            if len(self.edges) == self.n - 1:
                self.components = uf.components()
                return len(self.components)
        for p in range(self.n):
            self.cop[p] = uf.find(p)
        for nd in range(self.num_nodes - 1, -1, -1):
            if self.leaf[nd]:
                cur = self.cop[self.idx[self.start[nd]]]
                ok = True
                for i in range(self.start[nd] + 1, self.end[nd]):
                    if self.cop[self.idx[i]] != cur:
                        ok = False
                        break
                if ok:
                    self.con[nd] = cur
            else:
                c1, c2 = 2 * nd + 1, 2 * nd + 2
                if self.con[c1] == self.con[c2]:
                    self.con[nd] = self.con[c1]
        if self.approx:
            last = len(self.components)
            self.components = uf.components()
            if len(self.components) == last:
                self.bounds = [DBL_MAX] * self.num_nodes
        else:
            self.components = uf.components()
            self.bounds = [DBL_MAX] * self.num_nodes
        return len(self.components)

    def traverse(self, node1, node2):
        bounds = self.bounds
        if self.min_rdist(node1, node2) < bounds[node1]:
            if self.con[node1] == self.con[node2] and self.con[node1] >= 0:
                return
        else:
            return
        leaf = self.leaf
        if leaf[node1] and leaf[node2]:
            cop, core, cand_d, rows = self.cop, self.core, self.cand_d, self.rows
            up, low = 0.0, DBL_MAX
            q_list = self.idx[self.start[node2]:self.end[node2]]
            for p in self.idx[self.start[node1]:self.end[node1]]:
                c1 = cop[p]
                cp = core[p]
                if cp > cand_d[c1]:
                    continue
                xp = rows[p]
                for q in q_list:
                    c2 = cop[q]
                    cq = core[q]
                    if cq > cand_d[c1]:
                        continue
                    if c1 != c2:
                        xq = rows[q]
                        d = 0.0
                        for j in range(len(xp)):
                            t = xp[j] - xq[j]
                            d += t * t
                        mr = max(d, cp, cq)
                        if mr < cand_d[c1]:
                            cand_d[c1] = mr
                            self.cand_nb[c1] = q
                            self.cand_pt[c1] = p
                up = max(up, cand_d[c1])
                low = min(low, cand_d[c1])
            r1 = self.radius[node1]
            nb = min(up, low + 2 * (r1 * r1 if self.radius_sq else r1))
            if nb < bounds[node1]:
                bounds[node1] = nb
                while node1 > 0:
                    parent = (node1 - 1) // 2
                    b = max(bounds[2 * parent + 1], bounds[2 * parent + 2])
                    if b < bounds[parent]:
                        bounds[parent] = b
                        node1 = parent
                    else:
                        break
        elif leaf[node1] or (not leaf[node2] and self.radius[node2] > self.radius[node1]):
            left, right = 2 * node2 + 1, 2 * node2 + 2
            if self.min_rdist(node1, left) < self.min_rdist(node1, right):
                self.traverse(node1, left)
                self.traverse(node1, right)
            else:
                self.traverse(node1, right)
                self.traverse(node1, left)
        else:
            left, right = 2 * node1 + 1, 2 * node1 + 2
            if self.min_rdist(left, node2) < self.min_rdist(right, node2):
                self.traverse(left, node2)
                self.traverse(right, node2)
            else:
                self.traverse(right, node2)
                self.traverse(left, node2)

    def spanning_tree(self):
        num = self.n
        while num > 1:
            self.traverse(0, 0)
            num = self.update_components()
        return np.array(self.edges, dtype=np.float64)


def label(L):  # _hdbscan_linkage.label
    n = L.shape[0] + 1
    parent = list(range(2 * n - 1))
    size = [1] * n + [0] * (n - 1)
    nxt = n
    out = np.zeros((L.shape[0], 4))

    def find(x):
        p = x
        while parent[x] != x:
            x = parent[x]
        while parent[p] != x:
            parent[p], p = x, parent[p]
        return x

    for i in range(L.shape[0]):
        aa, bb = find(int(L[i, 0])), find(int(L[i, 1]))
        out[i] = (aa, bb, L[i, 2], size[aa] + size[bb])
        parent[aa] = nxt
        parent[bb] = nxt
        size[nxt] = size[aa] + size[bb]
        nxt += 1
    return out


def bfs_from_hierarchy(h, root, num_points):
    out, todo = [], [root]
    while todo:
        out.extend(todo)
        todo = [x - num_points for x in todo if x >= num_points]
        if todo:
            todo = h[todo, :2].flatten().astype(np.int64).tolist()
    return out


def condense_tree(h, mcs):
    root = 2 * h.shape[0]
    num_points = root // 2 + 1
    next_label = num_points + 1
    node_list = bfs_from_hierarchy(h, root, num_points)
    relabel = np.empty(root + 1, dtype=np.intp)
    relabel[root] = num_points
    rows = []
    ignore = np.zeros(len(node_list), dtype=int)
    for node in node_list:
        if ignore[node] or node < num_points:
            continue
        left, right, dist = int(h[node - num_points, 0]), int(h[node - num_points, 1]), h[node - num_points, 2]
        lam = 1.0 / dist if dist > 0.0 else np.inf
        lc = int(h[left - num_points, 3]) if left >= num_points else 1
        rc = int(h[right - num_points, 3]) if right >= num_points else 1
        if lc >= mcs and rc >= mcs:
            relabel[left] = next_label; next_label += 1
            rows.append((relabel[node], relabel[left], lam, lc))
            relabel[right] = next_label; next_label += 1
            rows.append((relabel[node], relabel[right], lam, rc))
        elif lc < mcs and rc < mcs:
            for side in (left, right):
                for s in bfs_from_hierarchy(h, side, num_points):
                    if s < num_points:
                        rows.append((relabel[node], s, lam, 1))
                    ignore[s] = True
        elif lc < mcs:
            relabel[right] = relabel[node]
            for s in bfs_from_hierarchy(h, left, num_points):
                if s < num_points:
                    rows.append((relabel[node], s, lam, 1))
                ignore[s] = True
        else:
            relabel[left] = relabel[node]
            for s in bfs_from_hierarchy(h, right, num_points):
                if s < num_points:
                    rows.append((relabel[node], s, lam, 1))
                ignore[s] = True
    return np.array(rows, dtype=[("parent", np.intp), ("child", np.intp), ("lambda_val", float), ("child_size", np.intp)])


def compute_stability(t):
    largest_child = max(t["child"].max(), t["parent"].min())
    smallest = t["parent"].min()
    births = np.full(largest_child + 1, np.nan)
    for c, l in zip(t["child"].tolist(), t["lambda_val"].tolist()):
        if np.isnan(births[c]) or l < births[c]:
            births[c] = l
    births[smallest] = 0.0
    res = np.zeros(t["parent"].max() - smallest + 1)
    for p, l, s in zip(t["parent"].tolist(), t["lambda_val"].tolist(), t["child_size"].tolist()):
        res[p - smallest] += (l - births[p]) * s
    return {smallest + i: res[i] for i in range(len(res))}


def max_lambdas(t):
    deaths = np.zeros(t["parent"].max() + 1)
    for p, l in zip(t["parent"].tolist(), t["lambda_val"].tolist()):
        deaths[p] = max(deaths[p], l)
    return deaths


def get_clusters(t, stability):
    node_list = sorted(stability.keys(), reverse=True)[:-1]
    ct = t[t["child_size"] > 1]
    is_cluster = {c: True for c in node_list}
    for node in node_list:
        kids = ct["child"][ct["parent"] == node]
        sub = float(np.float32(np.sum([stability[k] for k in kids])))  # cdef float subtree_stability
        if sub > stability[node]:
            is_cluster[node] = False
            stability[node] = sub
        else:
            todo = np.array([node])
            while todo.shape[0] > 0:
                for s in todo.tolist():
                    if s != node:
                        is_cluster[s] = False
                todo = ct["child"][np.in1d(ct["parent"], todo)]
    clusters = sorted(c for c in is_cluster if is_cluster[c])
    cmap = {c: i for i, c in enumerate(clusters)}
    root = t["parent"].min()
    # do_labelling: each point's nearest selected ancestor
    up = {}
    for p, c in zip(t["parent"].tolist(), t["child"].tolist()):
        up[c] = p
    labels = np.full(root, -1, dtype=np.intp)
    for i in range(root):
        x = up[i]
        while x not in cmap and x != root:
            x = up[x]
        labels[i] = cmap.get(x, -1) if x != root else -1
    deaths = max_lambdas(t)
    probs = np.zeros(root)
    for c, l in zip(t["child"].tolist(), t["lambda_val"].tolist()):
        if c >= root or labels[c] == -1:
            continue
        ml = deaths[clusters[labels[c]]]
        probs[c] = 1.0 if ml == 0.0 or not np.isfinite(l) else min(l, ml) / ml
    return labels, probs, clusters


def outlier_scores(t, order=None):
    child, parent, lam = t["child"], t["parent"], t["lambda_val"]
    deaths = max_lambdas(t)
    root = parent.min()
    res = np.zeros(root)
    topo = np.argsort(parent) if order is None else order
    for i in topo:
        c = child[i]
        if c < root:
            break
        p = parent[i]
        if deaths[c] > deaths[p]:
            deaths[p] = deaths[c]
    for i in range(t.shape[0]):
        pt = child[i]
        if pt >= root:
            continue
        lm = deaths[parent[i]]
        res[pt] = 0.0 if lm == 0.0 or not np.isfinite(lam[i]) else (lm - lam[i]) / lm
    return res


def mst_boruvka(X, min_samples=5, leaf_size=40, approx=True, same_tree=False, radius_sq=False):
    core_tree = KDTree(X, leaf_size=leaf_size)
    alg = BoruvkaKD(core_tree, min_samples, None if same_tree else leaf_size // 3, approx, radius_sq)
    return alg.spanning_tree(), alg.core_dist


def hdbscan_from_mst(mst, mcs, sort_kind="quicksort", glosh_order=None):
    order = np.argsort(mst[:, 2], kind=sort_kind)
    h = label(mst[order])
    t = condense_tree(h, mcs)
    stab = compute_stability(t)
    labels, probs, clusters = get_clusters(t, stab)
    return labels, probs, outlier_scores(t, None if glosh_order is None else glosh_order(t)), t


if __name__ == "__main__":
    import json
    import os
    REF = "../shared/data/hdbscan/reference.json"
    if not os.path.exists(REF):
        raise SystemExit(REF + " is absent")
    ref = json.load(open(REF))
    for n, c in ref["cases"].items():
        X = np.asarray(c["X"], dtype=float)
        mst, _ = mst_boruvka(X, 5, 40, True, False, True)
        labels, probs, scores, _ = hdbscan_from_mst(mst, 15)
        print(n, "max |dp|", float(np.abs(probs - np.asarray(c["probabilities"])).max()),
              "max |ds|", float(np.abs(scores - np.asarray(c["outlier_scores"])).max()),
              "labels equal:", bool((labels == -1).tolist() == (np.asarray(c["labels"]) == -1).tolist()))
