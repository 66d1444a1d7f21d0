import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { toFlatMatrix, type FlatMatrix, type PointsInput } from "../core/matrix.js";
import { runAsync, runSync, throwIfAborted, type Steps } from "../core/async.js";
import { progressOption, signalOption } from "../core/options.js";
import { checkModelHeader, parseOptions } from "../core/validate.js";

/** How the distance between two clusters is defined when merging. */
export type Linkage = "ward" | "complete" | "average" | "single";

/** Progress report of `fitHierarchical`: merges done so far out of `total` (n - 1). */
export interface HierarchicalProgress {
  /** Merges performed so far. */
  merges: number;
  /** Total merges, n - 1. */
  total: number;
}

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
   * plus about 140 bytes per point of scratch and work arrays, or the 8 n² bytes of the full
   * matrix that small fits (up to 2,896 points) use when it fits the budget. Default 2 GiB
   * (2 ** 31), enough for about 23,000 points; a larger n fails fast with `TOO_LARGE` before
   * allocating. Single linkage needs O(n) memory and ignores it.
   */
  maxMemoryBytes?: number;
}

/** Default memory budget of the condensed distance matrix: 2 GiB. */
export const HIERARCHICAL_MAX_MEMORY_BYTES = 2 ** 31;

/**
 * A fitted agglomerative clustering: a SciPy-style linkage matrix. Row `s` of `merges`
 * is `[i, j, height, size]`: clusters `i < j` merged at `height` into a new cluster of
 * `size` points whose id is `n + s`. Ids `0..n-1` are the original points.
 */
export interface HierarchicalModel {
  kind: "hierarchical";
  version: 1;
  /** The linkage criterion used. */
  linkage: Linkage;
  /** Number of points clustered. */
  n: number;
  /** n - 1 rows `[i, j, height, size]`, sorted by height (ties keep merge order). */
  merges: number[][];
}

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

const LINKAGES = ["ward", "complete", "average", "single"] as const;

const fitHierarchicalSchema = z.object({
  linkage: z.enum(LINKAGES).default("ward"),
  onProgress: progressOption<HierarchicalProgress>().optional(),
  signal: signalOption().optional(),
  maxMemoryBytes: z.number().positive().default(HIERARCHICAL_MAX_MEMORY_BYTES),
});

const cutTreeSchema = z
  .object({
    k: z.number().int().min(1).optional(),
    height: z.number().finite().optional(),
  })
  .strict()
  .refine((o) => (o.k === undefined) !== (o.height === undefined), { message: "pass exactly one of k or height" });

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

/** Bytes of nnChain's O(n) work arrays: row bases, seven Int32Arrays, the merge heights. */
function workBytes(n: number): number {
  return 8 * n + 7 * 4 * n + 8 * n;
}

/** Whether nnChain starts on the full n × n matrix (n <= 2,896, and the matrix fits the budget). */
function useSquareStart(n: number, maxBytes: number): boolean {
  return 8 * n * n <= SQUARE_START_MAX_BYTES && 8 * n * n + workBytes(n) <= maxBytes;
}

/**
 * Bytes nnChain allocates for n points: the distances (the n × n matrix, or the blocked
 * condensed triangle plus the RB-row scratch block of its switch to the square layout) and
 * its O(n) work arrays (row bases, block starts, seven Int32Arrays, the merge heights).
 */
export function nnChainBytes(n: number, maxBytes: number): number {
  const work = workBytes(n);
  if (useSquareStart(n, maxBytes)) return 8 * n * n + work;
  const nb = Math.ceil(n / RB);
  // blockStarts(n)[nb] in closed form: sum over blocks I of RB * (n - RB * I)
  const blocked = RB * n * nb - RB * RB * ((nb * (nb - 1)) / 2);
  return 8 * (blocked + RB * n + n + nb + 1) + work;
}

interface RawMerges {
  x: Int32Array;
  y: Int32Array;
  h: Float64Array;
}

interface Hooks {
  onProgress?: (info: HierarchicalProgress) => void;
  signal?: AbortSignal;
  fn: string;
}

function checkAbort(hooks: Hooks): void {
  throwIfAborted(hooks.signal, hooks.fn);
}

/** Prim's MST on the dense Euclidean distance, as SciPy's `mst_single_linkage`. */
function* primSingle(m: FlatMatrix, hooks: Hooks): Steps<RawMerges> {
  const { data, n, d } = m;
  const x = new Int32Array(n - 1);
  const y = new Int32Array(n - 1);
  const h = new Float64Array(n - 1);
  const best = new Float64Array(n).fill(Infinity);
  // Points not yet in the tree, kept in increasing index order (SciPy's scan order).
  const rest = new Int32Array(n - 1);
  for (let i = 1; i < n; i++) rest[i - 1] = i;
  let nRest = n - 1;
  let cur = 0;
  const step = Math.max(1, Math.floor((n - 1) / 100));
  for (let k = 0; k < n - 1; k++) {
    let min = Infinity;
    let arg = -1;
    let argPos = -1;
    const xo = cur * d;
    for (let a = 0; a < nRest; a++) {
      const i = rest[a];
      const io = i * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = data[xo + t] - data[io + t];
        s += diff * diff;
      }
      const dist = Math.sqrt(s);
      let b = best[i];
      if (b > dist) best[i] = b = dist;
      if (b < min) {
        min = b;
        arg = i;
        argPos = a;
      }
    }
    x[k] = cur;
    y[k] = arg;
    h[k] = min;
    rest.copyWithin(argPos, argPos + 1, nRest);
    nRest--;
    cur = arg;
    if ((k + 1) % step === 0) {
      checkAbort(hooks);
      hooks.onProgress?.({ merges: k + 1, total: n - 1 });
    }
    yield;
  }
  return { x, y, h };
}

function allocCondensed(n: number, size: number): Float64Array {
  try {
    return new Float64Array(size);
  } catch {
    throw new ClienteleError({
      code: "TOO_LARGE",
      received: n,
      message: `fitHierarchical: ${n} points need a condensed distance array of ${size} float64 values (${(size * 8 / 2 ** 30).toFixed(1)} GiB), which could not be allocated. Use single linkage (O(n) memory), sample the points, or cluster K-Means centroids instead.`,
    });
  }
}

/**
 * Nearest-neighbor chain (SciPy's `nn_chain`) for ward, complete and average linkage.
 *
 * Memory layout: the distances start as SciPy's condensed upper triangle with rows
 * interleaved in blocks of RB = 8: block I holds rows 8I..8I+7 from column 8I on, and
 * d(i, j) (i < j) sits at `rowStart[i] + 8 j`. A column segment of 8 consecutive rows is
 * then one 64-byte cache line, so the column walks of the scans and of the Lance–Williams
 * updates (the memory-latency-bound part, rows being ~8n bytes apart) touch 8 times
 * fewer cache lines and pages, while row reads become stride-64 B streams that the
 * hardware prefetcher follows. The blocks cost 4n extra entries over n(n-1)/2. As clusters
 * merge away, the active slots are compacted (order preserved, so ties break as in
 * SciPy); once m active clusters fit as a full m × m matrix inside the same buffer
 * (m² <= n(n-1)/2, after about 30% of the merges), the buffer is rewritten in place
 * (block by block through an 8n scratch copy, into a plain condensed triangle, then
 * expanded) as a square matrix so every nearest-neighbor scan reads one contiguous row.
 * Peak memory is the one condensed array plus O(n) (above 2,896 points; below, the n × n matrix).
 */
function* nnChain(m: FlatMatrix, linkage: Linkage, maxBytes: number, hooks: Hooks): Steps<RawMerges> {
  const n = m.n;
  // Small n: a full n × n matrix from the start (contiguous rows for every scan).
  const squareStart = useSquareStart(n, maxBytes);
  const blockStart = squareStart ? new Float64Array(1) : blockStarts(n);
  const D = allocCondensed(n, squareStart ? n * n : blockStart[blockStart.length - 1]);
  // Blocked condensed layout: idx(i, j) = rowStart[i] + j * RB for i < j.
  const rowStart = squareStart ? new Float64Array(0) : blockRowBases(n, blockStart);
  // The heavy loops live in plain functions (fillBlocks, mergeSome) called from this
  // generator: V8 optimizes a plain function as soon as it is hot, while a generator's
  // loops would run unoptimized for the first fit (costly for a fit of a few 100 ms).
  if (squareStart) {
    for (let i0 = 0; i0 < n; i0 += SQ_TILE * 4) {
      fillSquare(m, D, i0, Math.min(n, i0 + SQ_TILE * 4));
      checkAbort(hooks);
      yield;
    }
  } else {
    const nb = blockStart.length - 1;
    for (let I = 0; I < nb; I += 4) {
      fillBlocks(m, D, blockStart, I, Math.min(nb, I + 4));
      checkAbort(hooks);
      yield;
    }
  }
  const st: ChainState = {
    D,
    rowStart,
    blockStart,
    method: linkage === "ward" ? 0 : linkage === "complete" ? 1 : 2,
    n,
    size: new Int32Array(n).fill(1),
    orig: identity(n),
    active: identity(n),
    chain: new Int32Array(n),
    newPos: new Int32Array(n),
    outX: new Int32Array(n - 1),
    outY: new Int32Array(n - 1),
    outH: new Float64Array(n - 1),
    dim: n,
    square: squareStart,
    nActive: n,
    chainLen: 0,
  };
  const total = n - 1;
  const step = Math.max(1, Math.floor(total / 100));
  let nextReport = step;
  for (let k = 0; k < total; ) {
    k = mergeSome(st, k, nextReport < total ? nextReport : total);
    if (k === nextReport) {
      checkAbort(hooks);
      hooks.onProgress?.({ merges: k, total });
      nextReport += step;
    }
    yield;
  }
  return { x: st.outX, y: st.outY, h: st.outH };
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Fills blocks I0..I1-1 of the blocked condensed triangle, block by block, column by column: the 8 entries of a column segment are one cache line, written in order. */
function fillBlocks(m: FlatMatrix, D: Float64Array, blockStart: Float64Array, I0: number, I1: number): void {
  const { data, n, d } = m;
  for (let I = I0; I < I1; I++) {
    const r0 = I * RB;
    const rEnd = Math.min(n, r0 + RB);
    const bs = blockStart[I];
    for (let j = r0 + 1; j < n; j++) {
      const jo = j * d;
      const o = bs + (j - r0) * RB - r0;
      const iEnd = j < rEnd ? j : rEnd;
      for (let i = r0; i < iEnd; i++) {
        const io = i * d;
        let s = 0;
        for (let t = 0; t < d; t++) {
          const diff = data[io + t] - data[jo + t];
          s += diff * diff;
        }
        D[o + i] = Math.sqrt(s);
      }
    }
  }
}

/** Largest full n × n start matrix (bytes): n <= 2,896. Above it, the blocked condensed triangle. */
const SQUARE_START_MAX_BYTES = 64 * 2 ** 20;
const SQ_TILE = 32;

/**
 * Rows i0..i1-1 of the full distance matrix: the upper part of each row is computed
 * (same sums as the condensed fill, so bit-identical), and mirrored into the columns
 * in SQ_TILE × SQ_TILE tiles.
 */
function fillSquare(m: FlatMatrix, D: Float64Array, i0: number, i1: number): void {
  const { data, n, d } = m;
  for (let i = i0; i < i1; i++) {
    const io = i * d;
    const ro = i * n;
    D[ro + i] = 0;
    for (let j = i + 1; j < n; j++) {
      const jo = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = data[io + t] - data[jo + t];
        s += diff * diff;
      }
      D[ro + j] = Math.sqrt(s);
    }
  }
  for (let j0 = i0; j0 < n; j0 += SQ_TILE) {
    const j1 = Math.min(n, j0 + SQ_TILE);
    for (let i = i0; i < i1; i++) {
      const ro = i * n;
      for (let j = j0 > i + 1 ? j0 : i + 1; j < j1; j++) D[j * n + i] = D[ro + j];
    }
  }
}

/** The state of the nearest-neighbor chain between two calls of `mergeSome`. */
interface ChainState {
  D: Float64Array;
  rowStart: Float64Array;
  blockStart: Float64Array;
  /** 0 ward, 1 complete, 2 average. */
  method: number;
  n: number;
  size: Int32Array;
  /** orig[slot] is the point index SciPy would use for that slot. */
  orig: Int32Array;
  active: Int32Array;
  chain: Int32Array;
  newPos: Int32Array;
  outX: Int32Array;
  outY: Int32Array;
  outH: Float64Array;
  dim: number;
  square: boolean;
  nActive: number;
  chainLen: number;
}

/** Distance entries touched per `mergeSome` call before it returns (about a millisecond of work). */
const MERGE_WORK = 1 << 19;

/**
 * Performs merges k, k+1, ... of the nearest-neighbor chain until `kEnd` or about
 * MERGE_WORK entries have been touched; returns the number of merges done so far.
 */
function mergeSome(st: ChainState, k: number, kEnd: number): number {
  const { D, rowStart, blockStart, method, n, size, orig, active, chain, newPos, outX, outY, outH } = st;
  let { dim, square, nActive, chainLen } = st;
  let work = 0;
  for (; k < kEnd && work < MERGE_WORK; k++) {
    const mm = nActive;
    if (!square && dim >= 64 && mm * mm <= D.length) {
      // Compact the condensed triangle to the active slots (entries only move down) ...
      // Block by block through a copy of the block, since the standard condensed rows
      // written so far never reach past the current block's end.
      let w = 0;
      const tmp = new Float64Array(RB * n);
      for (let a = 0; a < mm - 1; ) {
        const I = active[a] >> RB_SHIFT;
        const start = blockStart[I];
        tmp.set(D.subarray(start, blockStart[I + 1]));
        for (; a < mm - 1 && active[a] >> RB_SHIFT === I; a++) {
          const base = rowStart[active[a]] - start;
          for (let b = a + 1; b < mm; b++) D[w++] = tmp[base + active[b] * RB];
        }
      }
      dim = remapSlots(mm, active, newPos, size, orig, chain, chainLen);
      // ... then expand it in place, last row first, into a full mm × mm matrix.
      const rs = condensedRowStarts(mm);
      for (let i = mm - 1; i >= 0; i--) {
        const ro = i * mm;
        for (let j = mm - 1; j > i; j--) D[ro + j] = D[rs[i] + j];
        D[ro + i] = 0;
        for (let j = i - 1; j >= 0; j--) D[ro + j] = D[rs[j] + i];
      }
      square = true;
      work += mm * mm;
    } else if (square && dim >= 64 && mm * 2 <= dim) {
      for (let a = 0; a < mm; a++) {
        const ro = active[a] * dim;
        for (let b = 0; b < mm; b++) D[a * mm + b] = D[ro + active[b]];
      }
      dim = remapSlots(mm, active, newPos, size, orig, chain, chainLen);
      work += mm * mm;
    }
    if (chainLen === 0) {
      chain[0] = active[0];
      chainLen = 1;
    }
    let x = 0;
    let y = 0;
    let curMin = Infinity;
    for (;;) {
      x = chain[chainLen - 1];
      if (chainLen > 1) {
        y = chain[chainLen - 2];
        curMin = square ? D[x * dim + y] : x < y ? D[rowStart[x] + y * RB] : D[rowStart[y] + x * RB];
      } else {
        curMin = Infinity;
      }
      // Scan the active clusters in increasing slot order (ties keep the earlier one).
      if (square) {
        const bx = x * dim;
        for (let a = 0; a < nActive; a++) {
          const i = active[a];
          if (i === x) continue;
          const dist = D[bx + i];
          if (dist < curMin) {
            curMin = dist;
            y = i;
          }
        }
      } else {
        let a = 0;
        const xc = x * RB;
        for (; a < nActive; a++) {
          const i = active[a];
          if (i >= x) break;
          const dist = D[rowStart[i] + xc];
          if (dist < curMin) {
            curMin = dist;
            y = i;
          }
        }
        const bx = rowStart[x];
        for (; a < nActive; a++) {
          const i = active[a];
          if (i === x) continue;
          const dist = D[bx + i * RB];
          if (dist < curMin) {
            curMin = dist;
            y = i;
          }
        }
      }
      work += nActive;
      if (chainLen > 1 && y === chain[chainLen - 2]) break;
      chain[chainLen++] = y;
    }
    chainLen -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x];
    const ny = size[y];
    outX[k] = orig[x];
    outY[k] = orig[y];
    outH[k] = curMin;
    size[x] = 0;
    size[y] = nx + ny;
    // Drop x from the active list (binary search; the list stays sorted).
    let lo = 0;
    let hi = nActive - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (active[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    active.copyWithin(lo, lo + 1, nActive);
    nActive--;
    work += nActive;
    // Lance–Williams update of the distances to the new cluster, stored in slot y:
    // SciPy's update formulas, evaluated in SciPy's order (one loop per linkage).
    const dxy = curMin;
    const nxy = nx + ny;
    if (square) {
      const bx = x * dim;
      const by = y * dim;
      if (method === 0) {
        for (let a = 0; a < nActive; a++) {
          const i = active[a];
          if (i === y) continue;
          const dxi = D[bx + i];
          const dyi = D[by + i];
          const ni = size[i];
          const t = 1.0 / (nxy + ni);
          const v = Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
          D[by + i] = v;
          D[i * dim + y] = v;
        }
      } else {
        for (let a = 0; a < nActive; a++) {
          const i = active[a];
          if (i === y) continue;
          const dxi = D[bx + i];
          const dyi = D[by + i];
          const v = method === 1 ? (dxi > dyi ? dxi : dyi) : (nx * dxi + ny * dyi) / nxy;
          D[by + i] = v;
          D[i * dim + y] = v;
        }
      }
    } else {
      const bxr = rowStart[x];
      const byr = rowStart[y];
      const xc = x * RB;
      const yc = y * RB;
      if (method === 0) {
        for (let a = 0; a < nActive; a++) {
          const i = active[a];
          if (i === y) continue;
          const ix = i < x ? rowStart[i] + xc : bxr + i * RB;
          const iy = i < y ? rowStart[i] + yc : byr + i * RB;
          const dxi = D[ix];
          const dyi = D[iy];
          const ni = size[i];
          const t = 1.0 / (nxy + ni);
          D[iy] = Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
        }
      } else {
        for (let a = 0; a < nActive; a++) {
          const i = active[a];
          if (i === y) continue;
          const ix = i < x ? rowStart[i] + xc : bxr + i * RB;
          const iy = i < y ? rowStart[i] + yc : byr + i * RB;
          const dxi = D[ix];
          const dyi = D[iy];
          D[iy] = method === 1 ? (dxi > dyi ? dxi : dyi) : (nx * dxi + ny * dyi) / nxy;
        }
      }
    }
  }
  st.dim = dim;
  st.square = square;
  st.nActive = nActive;
  st.chainLen = chainLen;
  return k;
}

/** Renumbers the mm active slots to 0..mm-1 (order kept); returns the new dimension. */
function remapSlots(
  mm: number,
  active: Int32Array,
  newPos: Int32Array,
  size: Int32Array,
  orig: Int32Array,
  chain: Int32Array,
  chainLen: number,
): number {
  for (let a = 0; a < mm; a++) newPos[active[a]] = a;
  for (let a = 0; a < mm; a++) {
    size[a] = size[active[a]];
    orig[a] = orig[active[a]];
  }
  for (let c = 0; c < chainLen; c++) chain[c] = newPos[chain[c]];
  for (let a = 0; a < mm; a++) active[a] = a;
  return mm;
}

/** Rows per interleaved block of the condensed phase (see `nnChain`). */
const RB_SHIFT = 3;
const RB = 1 << RB_SHIFT;

/** Start of each block of RB rows (block I holds columns RB*I..n-1 of its rows); last entry = total size. */
function blockStarts(n: number): Float64Array {
  const nb = Math.ceil(n / RB);
  const bs = new Float64Array(nb + 1);
  for (let I = 0; I < nb; I++) bs[I + 1] = bs[I] + RB * (n - RB * I);
  return bs;
}

/** Per row i: the offset with idx(i, j) = base[i] + j * RB. */
function blockRowBases(n: number, bs: Float64Array): Float64Array {
  const rb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const I = i >> RB_SHIFT;
    rb[i] = bs[I] - RB * I * RB + (i & (RB - 1));
  }
  return rb;
}

function condensedRowStarts(n: number): Float64Array {
  const rs = new Float64Array(n);
  for (let i = 0; i < n; i++) rs[i] = i * n - (i * (i + 1)) / 2 - i - 1;
  return rs;
}

/**
 * Stable sort by height, then relabel slot pairs into SciPy cluster ids with a
 * union-find (SciPy's `label`): the cluster formed at row s gets id n + s.
 */
function sortAndLabel(raw: RawMerges, n: number): number[][] {
  const rows = n - 1;
  const order = new Array<number>(rows);
  for (let s = 0; s < rows; s++) order[s] = s;
  // Array.prototype.sort is stable (ES2019), like SciPy's mergesort.
  order.sort((a, b) => raw.h[a] - raw.h[b]);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const csize = new Int32Array(2 * n - 1);
  csize.fill(1, 0, n);
  const find = (v: number): number => {
    let r = v;
    while (parent[r] !== r) r = parent[r];
    while (parent[v] !== r) {
      const nx = parent[v];
      parent[v] = r;
      v = nx;
    }
    return r;
  };
  const out: number[][] = new Array(rows);
  for (let s = 0; s < rows; s++) {
    const o = order[s];
    const a = find(raw.x[o]);
    const b = find(raw.y[o]);
    const id = n + s;
    parent[a] = id;
    parent[b] = id;
    csize[id] = csize[a] + csize[b];
    out[s] = a < b ? [a, b, raw.h[o], csize[id]] : [b, a, raw.h[o], csize[id]];
  }
  return out;
}

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

const modelSchema = z.object({
  kind: z.literal("hierarchical"),
  version: z.literal(1),
  linkage: z.enum(LINKAGES),
  n: z.number().int().min(1),
  merges: z.array(z.array(z.number().finite()).length(4)),
});

/**
 * Validates a saved hierarchical model (e.g. from `JSON.parse`) and returns a fresh copy:
 * header, linkage, n - 1 rows sorted by height, each row merging two distinct, not yet
 * merged clusters with a consistent size. O(n).
 *
 * @param json - the parsed model
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitHierarchical, hierarchicalFromJSON } from "clientele/cluster";
 * const saved = JSON.stringify(fitHierarchical([[0], [1], [5]]));
 * hierarchicalFromJSON(JSON.parse(saved)).n; // => 3
 */
export function hierarchicalFromJSON(json: unknown): HierarchicalModel {
  return validateModel(json, "hierarchicalFromJSON");
}

function validateModel(json: unknown, fn: string): HierarchicalModel {
  checkModelHeader(json, "hierarchical", 1, fn);
  const res = modelSchema.safeParse(json);
  const bad = (message: string, path: (string | number)[] = ["model"]): never => {
    throw new ClienteleError({ code: "INVALID_MODEL", path, message: `${fn}: ${message} Refit with fitHierarchical.` });
  };
  if (!res.success) {
    const issue = res.error.issues[0];
    bad(`the model is malformed at ${["model", ...issue.path.map(String)].join(".")}: ${issue.message}.`, ["model", ...(issue.path as (string | number)[])]);
  }
  const m = res.data!;
  const n = m.n;
  if (m.merges.length !== n - 1) bad(`merges must have n - 1 = ${n - 1} rows; got ${m.merges.length}.`, ["model", "merges"]);
  const size = new Float64Array(2 * n - 1);
  size.fill(1, 0, n);
  const used = new Uint8Array(2 * n - 1);
  const merges: number[][] = new Array(n - 1);
  for (let s = 0; s < n - 1; s++) {
    const [a, b, h, c] = m.merges[s];
    const limit = n + s;
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= limit || b >= limit || a === b) {
      bad(`merges[${s}] joins clusters ${a} and ${b}; ids must be distinct integers below ${limit}.`, ["model", "merges", s]);
    }
    if (used[a] || used[b]) bad(`merges[${s}] reuses a cluster that was already merged.`, ["model", "merges", s]);
    if (h < 0) bad(`merges[${s}] has a negative height ${h}.`, ["model", "merges", s, 2]);
    if (s > 0 && h < m.merges[s - 1][2]) {
      bad(`merges[${s}] has height ${h}, below the previous row's ${m.merges[s - 1][2]}; rows must be sorted by height.`, ["model", "merges", s, 2]);
    }
    used[a] = 1;
    used[b] = 1;
    size[limit] = size[a] + size[b];
    if (c !== size[limit]) bad(`merges[${s}] says size ${c} but its clusters hold ${size[limit]} points.`, ["model", "merges", s, 3]);
    merges[s] = [a, b, h, c];
  }
  return { kind: "hierarchical", version: 1, linkage: m.linkage, n, merges };
}
