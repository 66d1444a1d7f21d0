import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { agnes } from "ml-hclust";
import { describe, expect, it } from "vitest";
import { ClienteleError } from "../../src/core/errors.js";
import { createRng } from "../../src/core/rng.js";
import { cutTree, dendrogram, fitHierarchical, hierarchicalFromJSON, type HierarchicalModel, type Linkage } from "../../src/cluster/hierarchical.js";
import { nnChainBytes } from "../../src/cluster/hierarchicalLayout.js";

interface LinkageFixture {
  Z: number[][];
  fclusterMaxclust: Record<string, number[]>;
  cutTree: Record<string, number[]>;
  fclusterDistance: { height: number; labels: number[] }[];
  dendrogram: { leaves: number[]; icoord: number[][]; dcoord: number[][] };
}
interface Fixture {
  scipy: string;
  datasets: { name: string; points: number[][]; linkages: Record<Linkage, LinkageFixture> }[];
}

// Made by test/fixtures/cluster-hier/make_linkage.py with SciPy 1.17.1 (linkage, fcluster, cut_tree, dendrogram).
const fixture = JSON.parse(readFileSync(path.resolve(__dirname, "../fixtures/cluster-hier/linkage.json"), "utf8")) as Fixture;

const LINKAGES: Linkage[] = ["ward", "complete", "average", "single"];

/** Relabels a partition by first appearance so two partitions compare up to permutation. */
function canonical(labels: ArrayLike<number>): number[] {
  const map = new Map<number, number>();
  return Array.from(labels, (l) => {
    if (!map.has(l)) map.set(l, map.size);
    return map.get(l)!;
  });
}

function randomPoints(seed: number, n: number, d: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal(0, 1)));
}

function expectHeightsClose(got: number[], want: number[], tol = 1e-9): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i])));
}

describe("fitHierarchical against SciPy 1.17.1 linkage", () => {
  for (const ds of fixture.datasets) {
    for (const method of LINKAGES) {
      const ref = ds.linkages[method];
      it(`${ds.name} ${method}: same merges, heights within 1e-9, same sizes`, () => {
        const model = fitHierarchical(ds.points, { linkage: method });
        expect(model.n).toBe(ds.points.length);
        expect(model.merges.length).toBe(ref.Z.length);
        for (let s = 0; s < ref.Z.length; s++) {
          const [a, b, h, c] = model.merges[s];
          // SciPy row: [id, id, height, size] (scipy.cluster.hierarchy.linkage)
          expect([a, b, c]).toEqual([ref.Z[s][0], ref.Z[s][1], ref.Z[s][3]]);
          expect(Math.abs(h - ref.Z[s][2])).toBeLessThanOrEqual(1e-9);
        }
      });
      it(`${ds.name} ${method}: cutTree matches cut_tree / fcluster`, () => {
        const model = fitHierarchical(ds.points, { linkage: method });
        for (const k of ["1", "2", "3", "4", "5"]) {
          const labels = cutTree(model, { k: Number(k) });
          // scipy.cluster.hierarchy.cut_tree(Z, n_clusters=k): same labels, same numbering
          expect(labels).toEqual(ref.cutTree[k]);
          // fcluster(Z, k, "maxclust"): same partition up to label permutation. When the cut falls
          // inside a run of tied heights (grid80x2), fcluster returns fewer than k clusters while
          // cutTree, like cut_tree, returns exactly k; compare only where fcluster also has k.
          const fc = ref.fclusterMaxclust[k];
          if (new Set(fc).size === Number(k)) expect(canonical(labels)).toEqual(canonical(fc));
        }
        for (const { height, labels } of ref.fclusterDistance) {
          // fcluster(Z, t, "distance"): merges at height <= t are applied
          expect(canonical(cutTree(model, { height }))).toEqual(canonical(labels));
        }
      });
      it(`${ds.name} ${method}: dendrogram matches dendrogram(no_plot=True)`, () => {
        const den = dendrogram(fitHierarchical(ds.points, { linkage: method }));
        expect(den.leaves).toEqual(ref.dendrogram.leaves);
        expect(den.icoord).toEqual(ref.dendrogram.icoord);
        expect(den.dcoord.length).toBe(ref.dendrogram.dcoord.length);
        den.dcoord.forEach((row, i) => expectHeightsClose(row, ref.dendrogram.dcoord[i]));
      });
    }
  }
});

describe("fitHierarchical tiny cases worked by hand", () => {
  // 1-D points 0, 1, 3, 7.
  const pts = [[0], [1], [3], [7]];
  it("single linkage: gaps 1, 2, 4", () => {
    expect(fitHierarchical(pts, { linkage: "single" }).merges).toEqual([
      [0, 1, 1, 2],
      [2, 4, 2, 3],
      [3, 5, 4, 4],
    ]);
  });
  it("complete linkage: {0,1} at 1, {0,1,3} at 3, all at 7", () => {
    expect(fitHierarchical(pts, { linkage: "complete" }).merges).toEqual([
      [0, 1, 1, 2],
      [2, 4, 3, 3],
      [3, 5, 7, 4],
    ]);
  });
  it("average linkage: (2+3)/2 = 2.5, then (7+6+4)/3", () => {
    const m = fitHierarchical(pts, { linkage: "average" }).merges;
    expect(m[1]).toEqual([2, 4, 2.5, 3]);
    expect(m[2][2]).toBeCloseTo(17 / 3, 14);
  });
  it("ward: height sqrt(2 * increase in within-cluster sum of squares)", () => {
    // {0,1}: ΔSS = 1/2 -> h = 1. {0,1}+{3}: centroids 0.5 and 3, ΔSS = (2*1/3)*2.5² = 25/6 -> h = sqrt(25/3).
    // {0,1,3}+{7}: centroid 4/3 vs 7, ΔSS = (3/4)*(17/3)² -> h = sqrt(2 * 3/4 * 289/9) = sqrt(289/6).
    const m = fitHierarchical(pts, { linkage: "ward" }).merges;
    expect(m[0]).toEqual([0, 1, 1, 2]);
    expect(m[1][2]).toBeCloseTo(Math.sqrt(25 / 3), 12);
    expect(m[2][2]).toBeCloseTo(Math.sqrt(289 / 6), 12);
  });
  it("a single point has no merges and one cluster", () => {
    const m = fitHierarchical([[1, 2]]);
    expect(m.merges).toEqual([]);
    expect(cutTree(m, { k: 1 })).toEqual([0]);
    expect(dendrogram(m).leaves).toEqual([0]);
  });
  it("cutTree numbers clusters by first appearance (the TSDoc example)", () => {
    const model = fitHierarchical([[0], [1], [10], [11]], { linkage: "average" });
    expect(cutTree(model, { k: 2 })).toEqual([0, 0, 1, 1]);
    expect(cutTree(model, { height: 0.5 })).toEqual([0, 1, 2, 3]);
    expect(cutTree(model, { height: 1 })).toEqual([0, 0, 1, 1]);
  });
  it("hierarchicalFromJSON TSDoc example", () => {
    const saved = JSON.stringify(fitHierarchical([[0], [1], [5]]));
    expect(hierarchicalFromJSON(JSON.parse(saved)).n).toBe(3);
  });
  it("dendrogram TSDoc example", () => {
    const tree = dendrogram(fitHierarchical([[0], [1], [3]], { linkage: "single" }));
    expect(tree.leaves).toEqual([2, 0, 1]);
    expect(tree.icoord).toEqual([
      [15, 15, 25, 25],
      [5, 5, 20, 20],
    ]);
    expect(tree.dcoord).toEqual([
      [0, 1, 1, 0],
      [0, 2, 2, 1],
    ]);
  });
});

/** Internal node heights of an ml-hclust tree, sorted. */
function mlHclustHeights(points: number[][], method: string): number[] {
  const root = agnes(points, { method: method as "ward2" });
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const c = stack.pop()!;
    if (!c.isLeaf) {
      out.push(c.height);
      stack.push(...c.children);
    }
  }
  return out.sort((a, b) => a - b);
}

describe("fitHierarchical against ml-hclust 4.0.0 agnes (oracle for heights)", () => {
  // ml-hclust's "ward2" is the Lance–Williams update on squared distances = SciPy's ward.
  const names: Record<Linkage, string> = { ward: "ward2", complete: "complete", average: "average", single: "single" };
  for (const method of LINKAGES) {
    it(`${method}: same sorted merge heights on 80 random 4-D points`, () => {
      const pts = randomPoints(11, 80, 4);
      const ours = fitHierarchical(pts, { linkage: method }).merges.map((r) => r[2]);
      expectHeightsClose(ours, mlHclustHeights(pts, names[method]));
    });
  }
});

describe("fitHierarchical properties", () => {
  const pointsArb = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 4 })).chain(([n, d]) =>
    fc.array(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: d, maxLength: d }), {
      minLength: n,
      maxLength: n,
    }),
  );
  it("heights are non-decreasing, sizes add up, and cutting at k gives exactly k clusters covering every point", () => {
    fc.assert(
      fc.property(pointsArb, fc.constantFrom(...LINKAGES), fc.nat(), (pts, method, kSeed) => {
        const model = fitHierarchical(pts, { linkage: method });
        const n = pts.length;
        expect(model.merges.length).toBe(n - 1);
        for (let s = 1; s < n - 1; s++) expect(model.merges[s][2]).toBeGreaterThanOrEqual(model.merges[s - 1][2]);
        if (n > 1) expect(model.merges[n - 2][3]).toBe(n);
        const k = 1 + (kSeed % n);
        const labels = cutTree(model, { k });
        expect(labels.length).toBe(n);
        expect(new Set(labels).size).toBe(k);
        for (const l of labels) expect(l >= 0 && l < k && Number.isInteger(l)).toBe(true);
        expect(labels[0]).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
  it("duplicate points merge at height 0 and still give exactly k clusters", () => {
    const pts = [
      [1, 1],
      [1, 1],
      [1, 1],
      [2, 2],
      [2, 2],
    ];
    for (const method of LINKAGES) {
      const model = fitHierarchical(pts, { linkage: method });
      expect(model.merges.slice(0, 3).map((r) => r[2])).toEqual([0, 0, 0]);
      for (let k = 1; k <= 5; k++) expect(new Set(cutTree(model, { k })).size).toBe(k);
    }
  });
});

describe("fitHierarchical contract", () => {
  const pts = randomPoints(5, 25, 3);
  it("same input gives the same model, and accepts the flat form", () => {
    const a = fitHierarchical(pts, { linkage: "ward" });
    expect(fitHierarchical(pts, { linkage: "ward" })).toEqual(a);
    const flat = { data: Float64Array.from(pts.flat()), n: 25, d: 3 };
    expect(fitHierarchical(flat, { linkage: "ward" })).toEqual(a);
  });
  it("does not mutate frozen input", () => {
    const frozen = Object.freeze(pts.map((r) => Object.freeze([...r])));
    expect(() => fitHierarchical(frozen, { linkage: "average" })).not.toThrow();
    expect(frozen).toEqual(pts);
  });
  it("round-trips through JSON", () => {
    for (const method of LINKAGES) {
      const m = fitHierarchical(pts, { linkage: method });
      const back = hierarchicalFromJSON(JSON.parse(JSON.stringify(m)));
      expect(back).toEqual(m);
      expect(cutTree(back, { k: 3 })).toEqual(cutTree(m, { k: 3 }));
    }
  });
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      if (e instanceof ClienteleError) return e.code;
      throw e;
    }
    return undefined;
  };
  it("rejects bad input and options with codes", () => {
    expect(code(() => fitHierarchical([]))).toBe("EMPTY_INPUT");
    expect(
      code(() =>
        fitHierarchical([
          [1, 2],
          [NaN, 1],
        ]),
      ),
    ).toBe("NON_FINITE");
    expect(code(() => fitHierarchical([[1, 2], [1]]))).toBe("SHAPE_MISMATCH");
    expect(code(() => fitHierarchical(pts, { linkage: "centroid" as Linkage }))).toBe("INVALID_OPTION");
    const m = fitHierarchical(pts);
    expect(code(() => cutTree(m, { k: 0 }))).toBe("INVALID_OPTION");
    expect(code(() => cutTree(m, { k: 26 }))).toBe("INVALID_OPTION");
    expect(code(() => cutTree(m, { k: 2.5 }))).toBe("INVALID_OPTION");
    expect(code(() => cutTree(m, {} as { k: number }))).toBe("INVALID_OPTION");
    expect(code(() => cutTree(m, { k: 2, height: 1 } as unknown as { k: number }))).toBe("INVALID_OPTION");
    expect(code(() => cutTree(m, { height: NaN }))).toBe("INVALID_OPTION");
  });
  it("rejects malformed saved models", () => {
    const m = fitHierarchical(pts) as HierarchicalModel;
    const tamper = (f: (j: HierarchicalModel) => void): unknown => {
      const j = JSON.parse(JSON.stringify(m));
      f(j);
      return j;
    };
    expect(code(() => hierarchicalFromJSON(tamper((j) => ((j as { kind: string }).kind = "kmeans"))))).toBe("WRONG_MODEL_KIND");
    expect(code(() => hierarchicalFromJSON(tamper((j) => ((j as { version: number }).version = 2))))).toBe("UNSUPPORTED_MODEL_VERSION");
    expect(code(() => hierarchicalFromJSON(tamper((j) => j.merges.pop())))).toBe("INVALID_MODEL");
    expect(code(() => hierarchicalFromJSON(tamper((j) => (j.merges[3][3] = 99))))).toBe("INVALID_MODEL");
    expect(code(() => hierarchicalFromJSON(tamper((j) => (j.merges[3][0] = 1000))))).toBe("INVALID_MODEL");
    expect(code(() => hierarchicalFromJSON(tamper((j) => (j.merges[5][1] = j.merges[4][1]))))).toBe("INVALID_MODEL");
    expect(code(() => hierarchicalFromJSON(tamper((j) => (j.merges[2][2] = j.merges[3][2] + 1))))).toBe("INVALID_MODEL");
    expect(code(() => hierarchicalFromJSON(tamper((j) => (j.merges[0][2] = -1))))).toBe("INVALID_MODEL");
    expect(code(() => hierarchicalFromJSON(null))).toBe("INVALID_MODEL");
  });
  it("reports progress and honours an aborted signal", () => {
    const seen: number[] = [];
    fitHierarchical(pts, { linkage: "complete", onProgress: (p) => seen.push(p.merges) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(24);
    const ctl = new AbortController();
    ctl.abort();
    expect(code(() => fitHierarchical(pts, { linkage: "ward", signal: ctl.signal }))).toBe("ABORTED");
    expect(code(() => fitHierarchical(pts, { linkage: "single", signal: ctl.signal }))).toBe("ABORTED");
  });
});

describe("fitHierarchical memory budget (maxMemoryBytes) counts what the fit allocates", () => {
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      if (e instanceof ClienteleError) return e.code;
      throw e;
    }
    return undefined;
  };
  it("the budget compares the blocked condensed triangle with its scratch block, not n(n-1)/2 pairs", () => {
    const n = 3000;
    // blocked layout: sum over blocks of 8 rows of 8 (n - 8 I) entries, + an 8-row scratch block, + O(n)
    const nb = Math.ceil(n / 8);
    let blocked = 0;
    for (let I = 0; I < nb; I++) blocked += 8 * (n - 8 * I);
    expect(nnChainBytes(n, 2 ** 31)).toBeGreaterThan(8 * (blocked + 8 * n));
    expect(nnChainBytes(n, 2 ** 31)).toBeLessThan(8 * (blocked + 8 * n) + 200 * n);
    // the plain condensed size (what the check used before) no longer passes
    const pts = { data: new Float64Array(n), n, d: 1 };
    const aborted = AbortSignal.abort();
    expect(code(() => fitHierarchical(pts, { maxMemoryBytes: 8 * ((n * (n - 1)) / 2), signal: aborted }))).toBe("TOO_LARGE");
    expect(code(() => fitHierarchical(pts, { maxMemoryBytes: nnChainBytes(n, 2 ** 31) - 1, signal: aborted }))).toBe("TOO_LARGE");
    expect(code(() => fitHierarchical(pts, { maxMemoryBytes: nnChainBytes(n, 2 ** 31), signal: aborted }))).toBe("ABORTED");
  });
  it("small n: the full n x n matrix counts when it is used; a budget below it falls back to the condensed layout, same merges", () => {
    const pts = randomPoints(11, 400, 3);
    const square = nnChainBytes(400, 2 ** 31);
    expect(square).toBeGreaterThanOrEqual(8 * 400 * 400);
    const condensed = nnChainBytes(400, square - 1);
    expect(condensed).toBeLessThan(square);
    for (const linkage of ["ward", "complete", "average"] as const) {
      const a = fitHierarchical(pts, { linkage });
      const b = fitHierarchical(pts, { linkage, maxMemoryBytes: condensed });
      expect(b.merges).toEqual(a.merges);
      expect(code(() => fitHierarchical(pts, { linkage, maxMemoryBytes: condensed - 1 }))).toBe("TOO_LARGE");
    }
  });
});
