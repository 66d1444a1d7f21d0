/**
 * Reading a fitted tree: flat clusters (`cutTree`) and dendrogram coordinates (`dendrogram`).
 */
import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { parseOptions } from "../core/validate.js";
import { validateModel, type HierarchicalModel } from "./hierarchicalModel.js";

/** Options of `cutTree`: exactly one of `k` or `height`. */
export type CutTreeOptions = { k: number; height?: undefined } | { height: number; k?: undefined };

/** Plotting coordinates of a dendrogram, laid out like SciPy's `dendrogram(no_plot=True)`. */
export interface Dendrogram {
  /** Point indices in left-to-right leaf order; leaf `p` sits at x = 5 + 10 p. */
  leaves: number[];
  /** One `[x1, x1, x2, x2]` per merge (an upside-down U), in post-order. */
  icoord: number[][];
  /** The matching `[hLeft, h, h, hRight]` heights (0 for a leaf). */
  dcoord: number[][];
}

const cutTreeSchema = z
  .object({
    k: z.number().int().min(1).optional(),
    height: z.number().finite().optional(),
  })
  .strict()
  .refine((o) => (o.k === undefined) !== (o.height === undefined), { message: "pass exactly one of k or height" });

/**
 * Cuts a fitted tree into flat clusters: by `k` (exactly k clusters, applying the first
 * n - k merges, like SciPy's `cut_tree`), or by `height` (apply every merge at height
 * <= `height`, like SciPy's `fcluster(Z, height, "distance")`). Labels run 0..k-1 in order
 * of first appearance: point 0 is in cluster 0, the first point not in cluster 0 is in
 * cluster 1, and so on. O(n α(n)).
 *
 * @param model - a model from `fitHierarchical` (or `hierarchicalFromJSON`)
 * @param options - exactly one of `k` (integer in [1, n]) or `height` (finite)
 * @returns one label per point
 * @throws ClienteleError `INVALID_OPTION` (neither or both of k and height, k not in [1, n]), `INVALID_MODEL`
 * @example
 * import { fitHierarchical, cutTree } from "clientele/cluster";
 * const model = fitHierarchical([[0], [1], [10], [11]], { linkage: "average" });
 * cutTree(model, { k: 2 });
 * // => [0, 0, 1, 1]
 */
export function cutTree(model: HierarchicalModel, options: CutTreeOptions): number[] {
  const opts = parseOptions(cutTreeSchema, options, "cutTree");
  const { n, merges } = validateModel(model, "cutTree");
  let apply: number;
  if (opts.k !== undefined) {
    if (opts.k > n) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "k"],
        received: opts.k,
        message: `cutTree: k must be an integer in [1, ${n}] (the number of points). Got ${opts.k}.`,
      });
    }
    apply = n - opts.k;
  } else {
    const hcut = opts.height as number;
    apply = 0;
    while (apply < n - 1 && merges[apply][2] <= hcut) apply++;
  }
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  for (let s = 0; s < apply; s++) {
    parent[merges[s][0]] = n + s;
    parent[merges[s][1]] = n + s;
  }
  const root = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let r = i;
    while (parent[r] !== r) r = parent[r];
    let v = i;
    while (parent[v] !== r) {
      const nx = parent[v];
      parent[v] = r;
      v = nx;
    }
    root[i] = r;
  }
  const labelOf = new Map<number, number>();
  const labels = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let l = labelOf.get(root[i]);
    if (l === undefined) {
      l = labelOf.size;
      labelOf.set(root[i], l);
    }
    labels[i] = l;
  }
  return labels;
}

/**
 * Dendrogram plotting coordinates, laid out as SciPy's `dendrogram(Z, no_plot=True)`
 * (default options): leaf p at x = 5 + 10 p, the first cluster of each merge row on the
 * left, each merge drawn as `icoord[s]` against `dcoord[s]` (an upside-down U), listed in
 * post-order. O(n).
 *
 * @param model - a model from `fitHierarchical`
 * @returns `{ leaves, icoord, dcoord }`
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitHierarchical, dendrogram } from "clientele/cluster";
 * const tree = dendrogram(fitHierarchical([[0], [1], [3]], { linkage: "single" }));
 * tree.leaves; // => [2, 0, 1]
 * tree.icoord; // => [[15, 15, 25, 25], [5, 5, 20, 20]]
 * tree.dcoord; // => [[0, 1, 1, 0], [0, 2, 2, 1]]
 */
export function dendrogram(model: HierarchicalModel): Dendrogram {
  const m = validateModel(model, "dendrogram");
  const n = m.n;
  if (n === 1) return { leaves: [0], icoord: [], dcoord: [] };
  const merges = m.merges;
  const xPos = new Float64Array(2 * n - 1);
  const hOf = new Float64Array(2 * n - 1);
  const leaves: number[] = [];
  const icoord: number[][] = [];
  const dcoord: number[][] = [];
  // Iterative post-order walk from the root (id 2n - 2); children left = row[0], right = row[1].
  const stack: number[] = [2 * n - 2];
  const expanded = new Uint8Array(2 * n - 1);
  while (stack.length > 0) {
    const id = stack[stack.length - 1];
    if (id < n) {
      stack.pop();
      xPos[id] = 5 + 10 * leaves.length;
      hOf[id] = 0;
      leaves.push(id);
      continue;
    }
    const row = merges[id - n];
    if (!expanded[id]) {
      expanded[id] = 1;
      stack.push(row[1], row[0]);
      continue;
    }
    stack.pop();
    const a = row[0];
    const b = row[1];
    const h = row[2];
    icoord.push([xPos[a], xPos[a], xPos[b], xPos[b]]);
    dcoord.push([hOf[a], h, h, hOf[b]]);
    xPos[id] = (xPos[a] + xPos[b]) / 2;
    hOf[id] = h;
  }
  return { leaves, icoord, dcoord };
}
