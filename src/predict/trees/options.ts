// Options of fitGradientBoosting / fitGradientBoostingAsync and their schema.
import * as z from "../../core/schema.js";
import { progressOption, rngOption, signalOption } from "../../core/options.js";
import type { Rng } from "../../core/rng.js";
import type { FeatureInput } from "../matrix.js";
import type { TreeObjective } from "./model.js";

/** Progress of one boosting iteration, passed to `onProgress`. */
export interface GradientBoostingProgress {
  /** Iterations done so far (1-based). */
  iteration: number;
  /** Maximum number of iterations. */
  maxIter: number;
  /** Mean training loss after this iteration. */
  trainLoss: number;
  /** Mean validation loss after this iteration (null without early stopping). */
  validationLoss: number | null;
}

/**
 * Options of {@link fitGradientBoosting}. Defaults are scikit-learn's
 * `HistGradientBoostingClassifier` ones (without its automatic early stopping).
 */
export interface FitGradientBoostingOptions {
  /** Loss: "binary" (log-loss, y in {0, 1}; default), "squared-error", "poisson" (y >= 0, log link). */
  objective?: TreeObjective;
  /** Boosting iterations, one tree each (default 100). */
  maxIter?: number;
  /** Shrinkage applied to every leaf value (default 0.1). */
  learningRate?: number;
  /** Maximum leaves per tree, grown best-first (default 31). */
  maxLeaves?: number;
  /** Maximum depth of a tree (root = 0; default unlimited). */
  maxDepth?: number;
  /** Minimum rows in a leaf (default 20). */
  minSamplesLeaf?: number;
  /** L2 penalty on leaf values, added to each leaf's hessian sum (default 0). */
  l2Regularization?: number;
  /** Bins per numeric feature, 2..255 (default 255); missing values get a bin of their own. */
  maxBins?: number;
  /** Fraction of rows drawn (without replacement) for each tree (default 1: all rows). */
  subsample?: number;
  /** Fraction of features drawn for each tree (default 1: all features). */
  featureFraction?: number;
  /** Categorical columns, by index or by name (their values are non-negative integer codes). */
  categorical?: ReadonlyArray<number | string>;
  /** One entry per feature: 1 = prediction non-decreasing in it, -1 = non-increasing, 0 = free. */
  monotonic?: ReadonlyArray<-1 | 0 | 1>;
  /** A validation set for early stopping (same columns as X). */
  validation?: { X: FeatureInput; y: ArrayLike<number> };
  /** Or: a fraction of the rows (drawn with `rng`, stratified for "binary") held out for early stopping. */
  validationFraction?: number;
  /** Stop when the validation loss has not improved by `tol` for this many iterations (default 10). */
  nIterNoChange?: number;
  /** Minimum improvement of the validation loss that counts (default 1e-7). */
  tol?: number;
  /** Random generator for bin sampling, row/feature subsampling and the validation split (default createRng(0)). */
  rng?: Rng;
  /** Called after every iteration. */
  onProgress?: (progress: GradientBoostingProgress) => void;
}

/** Options of {@link fitGradientBoostingAsync}: those of {@link fitGradientBoosting}, plus `signal`. */
export interface FitGradientBoostingAsyncOptions extends FitGradientBoostingOptions {
  /** Aborts the fit (ABORTED) when it fires. */
  signal?: AbortSignal;
}

const shape = {
  objective: z.enum(["binary", "squared-error", "poisson"]).default("binary"),
  maxIter: z.number().int().min(1).max(100_000).default(100),
  learningRate: z.number().gt(0).max(10).default(0.1),
  maxLeaves: z.number().int().min(2).max(65_536).default(31),
  maxDepth: z.number().int().min(1).max(1000).optional(),
  minSamplesLeaf: z.number().int().min(1).default(20),
  l2Regularization: z.number().min(0).default(0),
  maxBins: z.number().int().min(2).max(255).default(255),
  subsample: z.number().gt(0).max(1).default(1),
  featureFraction: z.number().gt(0).max(1).default(1),
  categorical: z.array(z.union([z.number().int().min(0), z.string()])).optional(),
  monotonic: z.array(z.union([z.literal(-1), z.literal(0), z.literal(1)])).optional(),
  validation: z.object({ X: z.any(), y: z.any() }).optional(),
  validationFraction: z.number().gt(0).lt(1).optional(),
  nIterNoChange: z.number().int().min(1).default(10),
  tol: z.number().min(0).default(1e-7),
  rng: rngOption().optional(),
  onProgress: progressOption<GradientBoostingProgress>().optional(),
};

export const fitOptions = z.object(shape);
export const fitAsyncOptions = z.object({ ...shape, signal: signalOption().optional() });

/** Parsed options. Internal. */
export type ParsedFitOptions = z.output<typeof fitOptions>;
