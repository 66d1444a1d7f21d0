import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { toFlatMatrix, type PointsInput } from "../core/matrix.js";
import { runAsync, runSync, type Steps } from "../core/async.js";
import { progressOption, signalOption } from "../core/options.js";
import { parseOptions } from "../core/validate.js";
import { LINKAGES, type HierarchicalModel, type HierarchicalProgress, type Linkage } from "./hierarchicalModel.js";
import { sortAndLabel, type Hooks } from "./hierarchicalMerges.js";
import { primSingle } from "./hierarchicalSingle.js";
import { nnChain } from "./hierarchicalNnChain.js";
import { nnChainBytes } from "./hierarchicalLayout.js";

// The public surface of hierarchical clustering; one concept per file:
// hierarchicalModel (types, JSON), hierarchicalCut (cutTree, dendrogram), hierarchicalMerges (raw merges -> linkage matrix),
// hierarchicalSingle (Prim), hierarchicalNnChain (nearest-neighbor chain), hierarchicalLayout (distance layouts and memory).
export type { HierarchicalModel, HierarchicalProgress, Linkage } from "./hierarchicalModel.js";
export { hierarchicalFromJSON } from "./hierarchicalModel.js";
export { cutTree, dendrogram, type CutTreeOptions, type Dendrogram } from "./hierarchicalCut.js";

/** Options of `fitHierarchical`. */
export interface FitHierarchicalOptions {
  /** Linkage criterion (default `"ward"`). */
  linkage?: Linkage;
  /** Called about every 1% of the merges. */
  onProgress?: (info: HierarchicalProgress) => void;
  /**
   * Aborts the fit with `ABORTED`. The synchronous `fitHierarchical` can only see it fire
   * from inside `onProgress`; `fitHierarchicalAsync` yields to the event loop, so a timer or
   * `AbortSignal.timeout(ms)` stops it in wall-clock time.
   */
  signal?: AbortSignal;
  /**
   * Memory budget in bytes for the distances of ward, complete and average linkage, compared
   * with what the fit allocates: the condensed triangle (8 bytes per pair: about 4 n² bytes)
   * plus about 150 bytes per point of scratch and work arrays, or the 8 n² bytes of the full
   * matrix that small fits (up to 2,896 points) use when it fits the budget. Default 2 GiB
   * (2 ** 31), enough for about 23,000 points; a larger n fails fast with `TOO_LARGE` before
   * allocating. Single linkage needs O(n) memory and ignores it.
   */
  maxMemoryBytes?: number;
}

/** Default memory budget of the condensed distance matrix: 2 GiB. */
export const HIERARCHICAL_MAX_MEMORY_BYTES = 2 ** 31;

const fitHierarchicalSchema = z.object({
  linkage: z.enum(LINKAGES).default("ward"),
  onProgress: progressOption<HierarchicalProgress>().optional(),
  signal: signalOption().optional(),
  maxMemoryBytes: z.number().positive().default(HIERARCHICAL_MAX_MEMORY_BYTES),
});

/**
 * Agglomerative hierarchical clustering with Euclidean distances, returning a SciPy-style
 * linkage matrix. Ward, complete and average linkage use the nearest-neighbor chain with
 * Lance–Williams updates on one condensed `Float64Array` of n(n-1)/2 distances (8 bytes
 * each: 1.6 GB at n = 20,000; rows interleaved in blocks of 8 for cache locality, +4n); up to
 * 2,896 points (a full n × n matrix of at most 64 MiB, used only within `maxMemoryBytes`) they
 * work on the square matrix from the start, at up to twice the condensed size; single linkage uses Prim's minimum spanning tree on
 * distances computed on the fly (O(n) memory). Time is O(n² d) for all four.
 *
 * Heights follow SciPy's `linkage` exactly (same update formulas in float64; Ward
 * heights are the Lance–Williams update of Euclidean distances, as in SciPy and R's
 * `ward.D2`). Rows are sorted by height with a stable sort, and each row lists the
 * smaller cluster id first, as SciPy does; with tied distances the merge order follows
 * SciPy's scan order (lowest index first).
 *
 * Ward, complete and average linkage need n(n-1)/2 distances in memory; above the
 * `maxMemoryBytes` budget (default 2 GiB, about 23,000 points) the fit fails fast with
 * `TOO_LARGE` before allocating anything. Use `fitHierarchicalAsync` to stop a long fit with
 * an `AbortSignal`.
 *
 * @param points - `number[][]` or a flat row-major `{ data, n, d }`
 * @param options - `linkage` (default `"ward"`), `onProgress`, `signal`, `maxMemoryBytes` (default 2 ** 31)
 * @throws ClienteleError `EMPTY_INPUT`, `NON_FINITE`, `SHAPE_MISMATCH`, `INVALID_OPTION`, `TOO_LARGE` (distance matrix over `maxMemoryBytes`, or it cannot be allocated), `ABORTED`
 * @see Müllner (2011), "Modern hierarchical, agglomerative clustering algorithms", arXiv:1109.2378
 * @example
 * import { fitHierarchical } from "clientele/cluster";
 * const model = fitHierarchical([[0], [1], [3], [7]], { linkage: "single" });
 * model.merges;
 * // => [[0, 1, 1, 2], [2, 4, 2, 3], [3, 5, 4, 4]]
 */
export function fitHierarchical(points: PointsInput, options: FitHierarchicalOptions = {}): HierarchicalModel {
  return runSync(hierarchicalSteps(points, options, "fitHierarchical"));
}

/**
 * `fitHierarchical` that yields to the event loop about every 10 ms, so `signal` (for
 * example `AbortSignal.timeout(5000)`) stops it in wall-clock time with `ABORTED`. Same
 * merges as `fitHierarchical`, bit for bit.
 *
 * @param points - `number[][]` or a flat row-major `{ data, n, d }`
 * @param options - as `fitHierarchical`: `linkage`, `onProgress`, `signal`, `maxMemoryBytes`
 * @throws ClienteleError as `fitHierarchical`, and `ABORTED` when `signal` fires
 * @example
 * import { fitHierarchicalAsync } from "clientele/cluster";
 * const model = await fitHierarchicalAsync([[0], [1], [3], [7]], { linkage: "single", signal: AbortSignal.timeout(5000) });
 * model.merges.length; // => 3
 */
export async function fitHierarchicalAsync(points: PointsInput, options: FitHierarchicalOptions = {}): Promise<HierarchicalModel> {
  const fn = "fitHierarchicalAsync";
  const steps = hierarchicalSteps(points, options, fn);
  try {
    return await runAsync(steps, fn, (options as FitHierarchicalOptions | undefined)?.signal);
  } finally {
    steps.return(undefined as never);
  }
}

function* hierarchicalSteps(points: PointsInput, options: FitHierarchicalOptions, fn: string): Steps<HierarchicalModel> {
  const opts = parseOptions(fitHierarchicalSchema, options, fn);
  const m = toFlatMatrix(points, fn);
  const n = m.n;
  if (n === 1) return { kind: "hierarchical", version: 1, linkage: opts.linkage, n, merges: [] };
  if (opts.linkage !== "single") {
    // decided from n before allocating: the bytes nnChain will actually allocate (the n × n
    // matrix when it is used, else the blocked condensed triangle with its scratch block)
    const bytes = nnChainBytes(n, opts.maxMemoryBytes);
    if (bytes > opts.maxMemoryBytes) {
      throw new ClienteleError({
        code: "TOO_LARGE",
        path: ["points"],
        received: n,
        message:
          `${fn}: ${opts.linkage} linkage on ${n} points needs ${formatBytes(bytes)} for its condensed distance matrix, ` +
          `over the ${formatBytes(opts.maxMemoryBytes)} budget (options.maxMemoryBytes). Use linkage "single" (O(n) memory), ` +
          `cluster a sample of the points, or fit K-Means (fitKMeans / fitMiniBatchKMeans) and cluster its centroids; ` +
          `raise maxMemoryBytes only if the machine has that much free memory.`,
      });
    }
  }
  const hooks: Hooks = { onProgress: opts.onProgress, signal: opts.signal, fn };
  const raw = opts.linkage === "single" ? yield* primSingle(m, hooks) : yield* nnChain(m, opts.linkage, opts.maxMemoryBytes, hooks);
  return { kind: "hierarchical", version: 1, linkage: opts.linkage, n, merges: sortAndLabel(raw, n) };
}

function formatBytes(b: number): string {
  return b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(3)} GiB` : `${(b / 2 ** 20).toFixed(2)} MiB`;
}
