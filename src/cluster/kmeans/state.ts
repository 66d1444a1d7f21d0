// The state of one Lloyd run, shared by its passes (exhaustive, bounded, reseeding). Internal.
import type { FlatMatrix } from "../../core/matrix.js";
import type { AssignKernel } from "../assignKernel.js";

/**
 * Everything one Lloyd run reads and updates. `upper` / `lower` are the Hamerly bounds stored
 * relative to cumulative center drift (see bounded.ts): the upper bound of point i with
 * label a is `upper[i] + drift[a]`, its lower bound on every other center `lower[i] - others[a]`.
 * Internal.
 */
export interface LloydState {
  /** Row-major points (n x d, d padded, see paddedWidth). */
  readonly data: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** Sample weights, or null for all 1. */
  readonly w: Float64Array | null;
  /** Current centers (k x d); swapped with `cNew` by every update. */
  c: Float64Array;
  cNew: Float64Array;
  readonly labels: Int32Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  /** Total distance each center moved so far. */
  readonly drift: Float64Array;
  /** Total over iterations of the largest move among the other centers. */
  readonly others: Float64Array;
  /** Half center-center distances (k x k) and, per center, the others by increasing distance (k x (k - 1)). */
  readonly hcc: Float64Array;
  readonly order: Int32Array;
  /** Per-label skip thresholds (see skipTables). */
  readonly skipU: Float64Array;
  readonly skipL: Float64Array;
  /** Distance each center moved in the last update. */
  readonly moved: Float64Array;
  /** Running (weighted) coordinate sums, total weights and point counts per cluster. */
  readonly sums: Float64Array;
  readonly wsum: Float64Array;
  readonly counts: Int32Array;
  /** Active list (see buildActive) and its length. */
  readonly act: Int32Array;
  nAct: number;
  /** Active-list threshold, and how far the bounds may have degraded since the list was built. */
  T: number;
  slack: number;
  haveList: boolean;
  /** Largest and second-largest center move of the last update, and the center of the largest. */
  p1: number;
  p2: number;
  pArg: number;
  /** The WebAssembly kernel for exhaustive passes (unweighted fits), or null. */
  readonly kern: AssignKernel | null;
}

/** A fresh state for a run from centers `init` (copied), every label -1. Internal. */
export function createLloydState(x: FlatMatrix, w: Float64Array | null, init: Float64Array, k: number, kern: AssignKernel | null): LloydState {
  const { data, n, d } = x;
  return {
    data,
    n,
    d,
    k,
    w,
    c: init.slice(),
    cNew: new Float64Array(k * d),
    labels: new Int32Array(n).fill(-1),
    upper: new Float64Array(n),
    lower: new Float64Array(n),
    drift: new Float64Array(k),
    others: new Float64Array(k),
    hcc: new Float64Array(k * k),
    order: new Int32Array(k * (k - 1)),
    skipU: new Float64Array(k),
    skipL: new Float64Array(k),
    moved: new Float64Array(k),
    sums: new Float64Array(k * d),
    wsum: new Float64Array(k),
    counts: new Int32Array(k),
    act: new Int32Array(n),
    nAct: 0,
    T: 0,
    slack: 0,
    haveList: false,
    p1: 0,
    p2: 0,
    pArg: -1,
    kern,
  };
}
