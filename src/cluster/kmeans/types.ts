// Public and internal types of K-Means.
import type { Rng } from "../../core/rng.js";
import type { KernelBackend } from "../../core/wasm.js";

/** Progress of one Lloyd iteration, passed to `onProgress`. */
export interface KMeansProgress {
  /** Restart index, 0 to nInit - 1. */
  run: number;
  /** Iteration within the run, starting at 1. */
  iteration: number;
  /** Weighted sum of squared distances of points to their cluster's updated center. Never increases within a run. */
  inertia: number;
  /** Sum over centers of the squared distance each center moved in this iteration. */
  centerShift: number;
  /** Number of points whose cluster changed in this iteration's assignment step. */
  changed: number;
}

/** How the first centers are chosen. */
export type KMeansInit = "k-means++" | "random" | number[][];

/** Options of {@link fitKMeans}. */
export interface FitKMeansOptions {
  /** Number of clusters, an integer in [1, n]. */
  k: number;
  /**
   * `"k-means++"` (default; greedy with 2 + floor(ln k) candidates per step, as scikit-learn),
   * `"random"` (k distinct points drawn uniformly), or explicit k x d starting centers.
   */
  init?: KMeansInit;
  /** Restarts; the run with the lowest inertia is kept. Default 1 for k-means++ and explicit centers, 10 for random (scikit-learn's "auto"). */
  nInit?: number;
  /** Maximum Lloyd iterations per run. Default 300. */
  maxIter?: number;
  /**
   * Relative tolerance: a run stops when the summed squared center shift is at most
   * `tol` times the mean per-feature variance of the data (scikit-learn's rule). A run also
   * stops when no label changes. Default 1e-4; 0 iterates to a fixed partition.
   */
  tol?: number;
  /** Non-negative sample weights, one per point. Default: all 1. */
  weights?: ArrayLike<number>;
  /** Random generator for the initialization. Default `createRng(0)`. */
  rng?: Rng;
  /** Called after every iteration of every run. */
  onProgress?: (progress: KMeansProgress) => void;
  /** Aborts the fit (throws `ABORTED`) when signalled; checked once per iteration. */
  signal?: AbortSignal;
}

/** A fitted K-Means model: plain JSON data. */
export interface KMeansModel {
  /** Model kind tag. */
  kind: "kmeans";
  /** Format version. */
  version: 1;
  /** k centers, each with d coordinates. */
  centroids: number[][];
  /** Cluster index (0 to k - 1) of each fitted point. */
  labels: number[];
  /** Weighted sum of squared distances of points to their centroid. */
  inertia: number;
  /** Lloyd iterations of the kept run. */
  nIter: number;
  /** Whether the kept run stopped on `tol` or stable labels before `maxIter`. */
  converged: boolean;
}

/** Parsed K-Means options. Internal. */
export interface KMeansRunOptions {
  k: number;
  init: KMeansInit;
  nInit: number;
  maxIter: number;
  tol: number;
  weights: Float64Array | null;
  rng: Rng;
  onProgress?: (progress: KMeansProgress) => void;
  signal?: AbortSignal;
  /** Assignment backend of unweighted fits: the WebAssembly SIMD kernel when available ("auto", default), forced ("wasm", throws when unavailable) or JavaScript only ("js"). Tests and benchmarks. */
  backend?: KernelBackend;
}

/** Result of the internal flat K-Means. */
export interface FlatKMeansResult {
  centers: Float64Array;
  labels: Int32Array;
  inertia: number;
  nIter: number;
  converged: boolean;
}
