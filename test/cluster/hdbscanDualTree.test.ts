// src/cluster/hdbscanDualTree.ts: the hdbscan library's approximate Borůvka tree (split from
// hdbscan.test.ts; the describe name is kept, its sort test is in hdbscanSort.test.ts).
import { describe, expect, it } from "vitest";
import { runSync } from "../../src/core/async.js";
import { buildKdTree } from "../../src/cluster/kdtree.js";
import { boruvkaKdTree, coreDistances } from "../../src/cluster/hdbscanMst.js";
import { referenceBoruvka } from "../../src/cluster/hdbscanDualTree.js";
import { randomPoints } from "./hdbscan-helpers.js";

describe("library-order helpers (boruvka-approx)", () => {
  it("the approximate Borůvka tree spans the points and weighs at least the exact minimum", () => {
    for (const seed of [1, 2]) {
      const pts = randomPoints(600, seed);
      const n = pts.length;
      const data = Float64Array.from(pts.flat());
      const { edges, core } = runSync(referenceBoruvka(data, n, 2, 5));
      expect(edges.w.length).toBe(n - 1);
      const tree = buildKdTree(data, n, 2);
      const coreT = runSync(coreDistances(tree, 6));
      const exact = runSync(boruvkaKdTree(tree, coreT));
      for (let p = 0; p < n; p++) expect(core[tree.perm[p]]).toBeCloseTo(coreT[p], 12);
      const sum = (w: Float64Array) => w.reduce((s, x) => s + x, 0);
      expect(sum(edges.w)).toBeGreaterThanOrEqual(sum(exact.w) - 1e-9);
      const uf = Array.from({ length: n }, (_, i) => i);
      const find = (x: number): number => (uf[x] === x ? x : (uf[x] = find(uf[x])));
      for (let i = 0; i < n - 1; i++) uf[find(edges.a[i])] = find(edges.b[i]);
      expect(new Set(Array.from({ length: n }, (_, i) => find(i))).size).toBe(1);
    }
  });
});
