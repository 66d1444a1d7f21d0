// src/cluster/hdbscanMst.ts: core distances, Prim (dense) and Borůvka (k-d tree) spanning trees,
// and the fitHdbscan builder choice (split from hdbscan.test.ts).
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import { runSync } from "../../src/core/async.js";
import { fitHdbscan } from "../../src/cluster/index.js";
import { buildKdTree } from "../../src/cluster/kdtree.js";
import { boruvkaKdTree, coreDistances, primDense } from "../../src/cluster/hdbscanMst.js";
import { labelMismatches, randomPoints } from "./hdbscan-helpers.js";

describe("spanning trees", () => {
  it("Prim (dense) and Borůvka (k-d tree) give spanning trees of the same total weight", () => {
    for (const seed of [1, 2, 3]) {
      const pts = randomPoints(700, seed);
      const n = pts.length;
      const data = Float64Array.from(pts.flat());
      const tree = buildKdTree(data, n, 2);
      const core = runSync(coreDistances(tree, 6));
      const coreIn = new Float64Array(n);
      for (let p = 0; p < n; p++) coreIn[tree.perm[p]] = core[p];
      const a = runSync(primDense(data, n, 2, coreIn));
      const b = runSync(boruvkaKdTree(tree, core));
      const sum = (w: Float64Array) => w.reduce((s, x) => s + x, 0);
      expect(sum(b.w)).toBeCloseTo(sum(a.w), 9);
      expect(b.w.length).toBe(n - 1);
    }
  });

  // Mutual-reachability graphs have many equal-weight edges (every edge of a sparse point within its
  // core distance weighs that core distance), so two exact builders can return different MSTs of the
  // same weight; the hierarchy then differs inside tied merges (a zero-lifetime cluster may appear).
  it("auto is the library's tree up to 20 features and Prim above; the exact builders' labels agree up to tied merges", () => {
    const pts = randomPoints(1200, 9);
    const auto = fitHdbscan(pts, { minClusterSize: 20 });
    expect(auto.algorithm).toBe("boruvka-approx");
    expect(JSON.stringify(auto)).toBe(JSON.stringify(fitHdbscan(pts, { minClusterSize: 20, algorithm: "boruvka-approx" })));
    expect(fitHdbscan(pts.slice(0, 300), { minClusterSize: 20 }).algorithm).toBe("boruvka-approx");
    const rng = createRng(4);
    const wide = Array.from({ length: 200 }, (_, i) => Array.from({ length: 21 }, () => rng.normal() + (i % 2) * 6));
    expect(fitHdbscan(wide, { minClusterSize: 20 }).algorithm).toBe("prim");
    expect(
      fitHdbscan(
        wide.map((r) => r.slice(0, 20)),
        { minClusterSize: 20 },
      ).algorithm,
    ).toBe("boruvka-approx");
    const prim = fitHdbscan(pts, { minClusterSize: 20, algorithm: "prim" });
    const boruvka = fitHdbscan(pts, { minClusterSize: 20, algorithm: "boruvka" });
    expect(Math.abs(boruvka.nClusters - prim.nClusters)).toBeLessThanOrEqual(1);
    expect(labelMismatches(boruvka.labels, prim.labels)).toBeLessThanOrEqual(0.01 * pts.length);
    expect(Math.abs(auto.nClusters - prim.nClusters)).toBeLessThanOrEqual(1);
  });
});
