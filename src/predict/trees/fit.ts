// fitGradientBoosting: histogram gradient boosting as scikit-learn's HistGradientBoosting* /
// LightGBM (binning, leaf-wise growth, histogram subtraction, native missing values, categorical
// splits, monotonic constraints, row/feature subsampling, early stopping).
import { runAsync, runSync, type Steps } from "../../core/async.js";
import type { KernelBackend } from "../../core/wasm.js";
import { ClienteleError, describeValue } from "../../core/errors.js";
import { createRng, type Rng } from "../../core/rng.js";
import { parseOptions } from "../../core/validate.js";
import { readColumns, type ColumnFeatures, type FeatureInput } from "../matrix.js";
import { binFeatures, binWith } from "./bin.js";
import { fitArena } from "./arena.js";
import { applyBinned, growTree, histLength, workspace, type GrowParams } from "./grow.js";
import type { GradientBoostingModel, TreeJSON, TreeObjective } from "./model.js";
import { fitAsyncOptions, fitOptions, type FitGradientBoostingAsyncOptions, type FitGradientBoostingOptions, type ParsedFitOptions } from "./options.js";

/** Largest n × d accepted (the bin codes take one byte per cell). */
const MAX_CELLS = 1_000_000_000;

/** Reads labels for an objective. */
function readTarget(y: unknown, n: number, objective: TreeObjective, fn: string, name: string): Float64Array {
  if (!Array.isArray(y) && !ArrayBuffer.isView(y)) {
    throw new ClienteleError({
      code: "INVALID_INPUT",
      path: [name],
      received: y,
      message: `${fn}: ${name} must be an array with one target per row of X. Got ${describeValue(y)}.`,
    });
  }
  const a = y as ArrayLike<unknown>;
  if (a.length !== n) {
    throw new ClienteleError({
      code: "LENGTH_MISMATCH",
      path: [name],
      received: a.length,
      message: `${fn}: ${name} has ${a.length} values but X has ${n} rows. Pass one target per row.`,
    });
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    const num = v === true ? 1 : v === false ? 0 : v;
    if (typeof num !== "number" || !Number.isFinite(num)) {
      throw new ClienteleError({
        code: num === null || num === undefined ? "MISSING_VALUE" : typeof num === "number" ? "NON_FINITE" : "INVALID_INPUT",
        path: [name, i],
        received: v,
        message: `${fn}: ${name}[${i}] is ${describeValue(v)}; targets must be finite numbers (rows with an unknown target cannot be used: drop them).`,
      });
    }
    if (objective === "binary" && num !== 0 && num !== 1) {
      throw new ClienteleError({
        code: "INVALID_LABEL",
        path: [name, i],
        received: v,
        message: `${fn}: ${name}[${i}] is ${describeValue(v)}; the "binary" objective needs labels 0 or 1 (1 = the event). For a numeric target use objective "squared-error" or "poisson".`,
      });
    }
    if (objective === "poisson" && num < 0) {
      throw new ClienteleError({
        code: "NEGATIVE_VALUE",
        path: [name, i],
        received: v,
        message: `${fn}: ${name}[${i}] is ${num}; the "poisson" objective needs non-negative targets (counts, spend).`,
      });
    }
    out[i] = num;
  }
  return out;
}

/** Starting margin: log-odds of the mean (binary), the mean (squared error), log of the mean (Poisson). */
function baseline(y: Float64Array, objective: TreeObjective, fn: string): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i]!;
  const mean = s / y.length;
  if (objective === "binary") {
    if (mean === 0 || mean === 1) {
      throw new ClienteleError({
        code: "DEGENERATE_INPUT",
        path: ["y"],
        received: mean,
        message: `${fn}: y has only ${mean === 0 ? "0s" : "1s"}; a binary model needs both classes in the training rows.`,
      });
    }
    return Math.log(mean / (1 - mean));
  }
  if (objective === "poisson") {
    if (mean === 0)
      throw new ClienteleError({
        code: "DEGENERATE_INPUT",
        path: ["y"],
        received: 0,
        message: `${fn}: every target is 0; the "poisson" objective needs some positive counts.`,
      });
    return Math.log(mean);
  }
  return mean;
}

/** Gradients and hessians of the loss at the raw margins; returns the mean loss there (one pass). */
function gradients(objective: TreeObjective, y: Float64Array, raw: Float64Array, g: Float64Array, h: Float64Array): number {
  const n = y.length;
  let loss = 0;
  if (objective === "binary") {
    for (let i = 0; i < n; i++) {
      const r = raw[i]!;
      const e = Math.exp(-r);
      const p = 1 / (1 + e);
      const t = y[i]!;
      g[i] = p - t;
      h[i] = p * (1 - p);
      loss += (r >= 0 ? r + Math.log1p(e) : Math.log1p(1 / e)) - t * r; // softplus(r) - t r
    }
  } else if (objective === "poisson") {
    for (let i = 0; i < n; i++) {
      const mu = Math.exp(raw[i]!);
      const t = y[i]!;
      g[i] = mu - t;
      h[i] = mu;
      loss += (t > 0 ? t * (Math.log(t) - raw[i]!) : 0) - t + mu;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const r = raw[i]! - y[i]!;
      g[i] = r;
      loss += 0.5 * r * r;
    }
  }
  return loss / n;
}

/** Mean loss: log-loss (binary), half squared error, half Poisson deviance. Internal. */
export function meanLoss(objective: TreeObjective, y: Float64Array, raw: Float64Array): number {
  let s = 0;
  const n = y.length;
  for (let i = 0; i < n; i++) {
    const r = raw[i]!;
    const t = y[i]!;
    if (objective === "binary") s += Math.max(r, 0) + Math.log1p(Math.exp(-Math.abs(r))) - t * r;
    else if (objective === "poisson") s += (t > 0 ? t * (Math.log(t) - r) : 0) - t + Math.exp(r);
    else s += 0.5 * (t - r) * (t - r);
  }
  return s / n;
}

function rowsOf(X: ColumnFeatures, rows: Uint32Array): ColumnFeatures {
  const m = rows.length;
  let miss = 0;
  const columns = X.columns.map((col) => {
    const out = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const v = col[rows[k]!]!;
      out[k] = v;
      if (v !== v) miss++;
    }
    return out;
  });
  return { n: m, d: X.d, names: X.names, columns, missing: miss };
}

/** Splits rows into training and validation parts (stratified by label for binary). */
function holdOut(y: Float64Array, fraction: number, binary: boolean, rng: Rng): { train: Uint32Array; val: Uint32Array } {
  const n = y.length;
  const groups: number[][] = binary ? [[], []] : [[]];
  for (let i = 0; i < n; i++) groups[binary ? y[i]! : 0]!.push(i);
  const isVal = new Uint8Array(n);
  for (const gr of groups) {
    rng.shuffle(gr);
    const k = Math.round(gr.length * fraction);
    for (let q = 0; q < k; q++) isVal[gr[q]!] = 1;
  }
  const train: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) (isVal[i] ? val : train).push(i);
  return { train: Uint32Array.from(train), val: Uint32Array.from(val) };
}

function resolveCategorical(spec: ReadonlyArray<number | string> | undefined, X: ColumnFeatures, fn: string): Uint8Array {
  const cat = new Uint8Array(X.d);
  for (const [q, c] of (spec ?? []).entries()) {
    const j = typeof c === "number" ? c : X.names.indexOf(c);
    if (j < 0 || j >= X.d) {
      throw new ClienteleError({
        code: "INVALID_OPTION",
        path: ["options", "categorical", q],
        received: c,
        message: `${fn}: options.categorical[${q}] is ${describeValue(c)} but X has ${X.d} columns${typeof c === "string" ? ` named ${X.names.slice(0, 8).join(", ")}${X.d > 8 ? ", ..." : ""}` : ` (0..${X.d - 1})`}.`,
      });
    }
    cat[j] = 1;
  }
  return cat;
}

function* fitSteps(Xin: unknown, yin: unknown, o: ParsedFitOptions, fn: string, backend: KernelBackend = "auto"): Steps<GradientBoostingModel> {
  const X0 = readColumns(Xin, fn, "allow");
  if (X0.n * X0.d > MAX_CELLS) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["X"],
      received: X0.n * X0.d,
      message: `${fn}: X has ${X0.n} x ${X0.d} = ${X0.n * X0.d} cells, more than ${MAX_CELLS}. Fit on a sample of rows (the model barely changes beyond a few million rows) or fewer features.`,
    });
  }
  const obj = o.objective;
  const y0 = readTarget(yin, X0.n, obj, fn, "y");
  const cat = resolveCategorical(o.categorical, X0, fn);
  const mono = new Int8Array(X0.d);
  if (o.monotonic) {
    if (o.monotonic.length !== X0.d)
      throw new ClienteleError({
        code: "LENGTH_MISMATCH",
        path: ["options", "monotonic"],
        received: o.monotonic.length,
        message: `${fn}: options.monotonic has ${o.monotonic.length} entries but X has ${X0.d} features. Give one of -1, 0, 1 per feature.`,
      });
    for (let j = 0; j < X0.d; j++) {
      mono[j] = o.monotonic[j]!;
      if (mono[j] !== 0 && cat[j])
        throw new ClienteleError({
          code: "INVALID_OPTION",
          path: ["options", "monotonic", j],
          received: mono[j],
          message: `${fn}: feature ${X0.names[j]} is categorical and cannot have a monotonic constraint; set monotonic[${j}] to 0.`,
        });
    }
  }
  if (o.validation && o.validationFraction !== undefined) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "validationFraction"],
      message: `${fn}: give either options.validation or options.validationFraction, not both.`,
    });
  }
  const rng = o.rng ?? createRng(0);
  // training / validation rows
  let X = X0;
  let y = y0;
  let Xv: ColumnFeatures | null = null;
  let yv: Float64Array | null = null;
  if (o.validation) {
    Xv = readColumns(o.validation.X, fn, "allow", "validation.X");
    if (Xv.d !== X0.d)
      throw new ClienteleError({
        code: "SHAPE_MISMATCH",
        path: ["options", "validation", "X"],
        received: Xv.d,
        message: `${fn}: validation.X has ${Xv.d} features but X has ${X0.d}. Pass the same columns.`,
      });
    yv = readTarget(o.validation.y, Xv.n, obj, fn, "validation.y");
  } else if (o.validationFraction !== undefined) {
    const { train, val } = holdOut(y0, o.validationFraction, obj === "binary", rng);
    if (train.length === 0 || val.length === 0)
      throw new ClienteleError({
        code: "TOO_FEW_OBSERVATIONS",
        path: ["options", "validationFraction"],
        received: o.validationFraction,
        message: `${fn}: ${X0.n} rows are too few to hold out validationFraction ${o.validationFraction}; pass more rows or a validation set.`,
      });
    X = rowsOf(X0, train);
    y = Float64Array.from(train, (i) => y0[i]!);
    Xv = rowsOf(X0, val);
    yv = Float64Array.from(val, (i) => y0[i]!);
  }
  const n = X.n;
  const d = X.d;
  const base = baseline(y, obj, fn);
  const arena = backend === "js" ? null : fitArena(n, d, o.maxLeaves + 2, histLength(d));
  const B = binFeatures(X, cat, o.maxBins, rng, fn, arena?.bins);
  const vBins = Xv ? binWith(B, Xv) : null;
  const P: GrowParams = {
    maxLeafNodes: o.maxLeaves,
    maxDepth: o.maxDepth ?? Infinity,
    minSamplesLeaf: o.minSamplesLeaf,
    l2: o.l2Regularization,
    minHessian: 1e-3,
    learningRate: o.learningRate,
    mono,
  };
  const W = workspace(n, d, arena);
  const raw = new Float64Array(n).fill(base);
  const rawV = Xv ? new Float64Array(Xv.n).fill(base) : null;
  const g = arena ? arena.g : new Float64Array(n);
  const h = arena ? arena.h.fill(1) : new Float64Array(n).fill(1);
  const inSample = o.subsample < 1 ? new Uint8Array(n) : null;
  const mRows = inSample ? Math.max(1, Math.round(n * o.subsample)) : n;
  const kFeat = Math.max(1, Math.round(d * o.featureFraction));
  const allFeats = Int32Array.from({ length: d }, (_, j) => j);
  const trees: TreeJSON[] = [];
  const trainLoss: number[] = [];
  const validationLoss: number[] = [];
  const vScores: number[] = rawV ? [meanLoss(obj, yv!, rawV)] : [];
  let stoppedEarly = false;
  let lossNow = gradients(obj, y, raw, g, h);
  for (let it = 0; it < o.maxIter; it++) {
    if (it > 0) lossNow = gradients(obj, y, raw, g, h);
    if (it > 0) trainLoss.push(lossNow); // the loss after the previous iteration
    // rows of this tree (sorted, so histogram building reads columns forward)
    if (inSample) {
      inSample.fill(0);
      let need = mRows;
      let k = 0;
      for (let i = 0; i < n && need > 0; i++) {
        if (rng.uniform() * (n - i) < need) {
          W.idx[k++] = i;
          inSample[i] = 1;
          need--;
        }
      }
    } else for (let i = 0; i < n; i++) W.idx[i] = i;
    let feats = allFeats;
    if (kFeat < d) {
      const perm = Array.from(allFeats);
      for (let q = 0; q < kFeat; q++) {
        const r = q + rng.int(d - q);
        const t = perm[q]!;
        perm[q] = perm[r]!;
        perm[r] = t;
      }
      feats = Int32Array.from(perm.slice(0, kFeat)).sort();
    }
    const T = yield* growTree(B, P, W, g, h, mRows, feats, raw, !inSample);
    if (inSample) {
      const skip = inSample;
      applyBinned(T, B.bins, n, raw, skip);
    }
    trees.push(T.json);
    let vl: number | null = null;
    if (rawV && vBins && yv) {
      applyBinned(T, vBins, Xv!.n, rawV, null);
      vl = meanLoss(obj, yv, rawV);
      validationLoss.push(vl);
      vScores.push(vl);
    }
    if (o.onProgress) o.onProgress({ iteration: it + 1, maxIter: o.maxIter, trainLoss: meanLoss(obj, y, raw), validationLoss: vl });
    yield;
    // scikit-learn's rule: stop when none of the last nIterNoChange losses beat the one before them by tol
    const ref = o.nIterNoChange + 1;
    if (vScores.length >= ref) {
      const refLoss = vScores[vScores.length - ref]! - o.tol;
      let improved = false;
      for (let q = vScores.length - ref + 1; q < vScores.length; q++) if (vScores[q]! < refLoss) improved = true;
      if (!improved) {
        stoppedEarly = it + 1 < o.maxIter;
        break;
      }
    }
  }
  trainLoss.push(meanLoss(obj, y, raw)); // after the last iteration
  const categorical: GradientBoostingModel["categorical"] = [];
  for (let j = 0; j < d; j++) if (cat[j]) categorical.push({ feature: j, levels: Array.from(B.levels[j]!) });
  return {
    kind: "gradient-boosting",
    version: 1,
    source: "clientele",
    objective: obj,
    splitRule: "le",
    baseScore: base,
    nFeatures: d,
    featureNames: X.names.slice(),
    categorical,
    trees,
    fit: { nIter: trees.length, trainLoss, validationLoss, stoppedEarly },
  };
}

/**
 * Fits gradient-boosted regression trees on histograms of binned features, as scikit-learn's
 * `HistGradientBoostingClassifier` / `Regressor` and LightGBM: leaf-wise growth up to `maxLeaves`,
 * missing values (null/NaN) routed to the side learned at each split, categorical features
 * (integer codes) split by sorted gradient statistics, monotonic constraints, row and feature
 * subsampling (seeded by `rng`), and early stopping on a validation set. O(maxIter · n · d) for
 * histograms. Same input and seed, same model.
 *
 * @param X - rows of numbers (null/NaN = missing), or a feature table `{ names, columns }` from buildFeatures
 * @param y - one target per row: 0/1 for "binary", numbers for "squared-error", counts >= 0 for "poisson"
 * @param options - see {@link FitGradientBoostingOptions}
 * @returns a plain-JSON model; score it with {@link predictGradientBoosting} or `predictProba`
 * @throws ClienteleError `INVALID_LABEL`, `DEGENERATE_INPUT` (one class), `LENGTH_MISMATCH`, `NON_FINITE`, `TOO_LARGE`, `INVALID_OPTION`
 * @example
 * import { fitGradientBoosting, predictGradientBoosting } from "clientele/predict";
 * const X = [[1], [2], [3], [4], [5], [6], [7], [8]];
 * const m = fitGradientBoosting(X, [0, 0, 0, 0, 1, 1, 1, 1], { maxIter: 10, minSamplesLeaf: 2, learningRate: 0.3 });
 * m.trees.length; // => 10
 * Array.from(predictGradientBoosting(m, [[2], [7]]).values, (p) => p.toFixed(3)); // => ["0.022", "0.978"]
 */
export function fitGradientBoosting(X: FeatureInput, y: ArrayLike<number | boolean>, options: FitGradientBoostingOptions = {}): GradientBoostingModel {
  const fn = "fitGradientBoosting";
  const o = parseOptions(fitOptions, options, fn);
  return runSync(fitSteps(X, y, o, fn));
}

/** fitGradientBoosting with the histogram backend chosen ("js": no WebAssembly); for tests. Internal. */
export function fitGradientBoostingWith(
  X: FeatureInput,
  y: ArrayLike<number | boolean>,
  options: FitGradientBoostingOptions,
  backend: KernelBackend,
): GradientBoostingModel {
  const fn = "fitGradientBoosting";
  const o = parseOptions(fitOptions, options, fn);
  return runSync(fitSteps(X, y, o, fn, backend));
}

/**
 * {@link fitGradientBoosting} that yields to the event loop about every 10 ms, so `signal` (for
 * example `AbortSignal.timeout(ms)`) can stop it; the model is identical to the synchronous fit's.
 *
 * @param X - as fitGradientBoosting
 * @param y - as fitGradientBoosting
 * @param options - as fitGradientBoosting, plus `signal`
 * @throws ClienteleError as fitGradientBoosting, and `ABORTED` when `signal` fires
 * @example
 * import { fitGradientBoostingAsync } from "clientele/predict";
 * const m = await fitGradientBoostingAsync([[1], [2], [3], [4]], [0, 0, 1, 1], { maxIter: 3, minSamplesLeaf: 1 });
 * m.fit.nIter; // => 3
 */
export async function fitGradientBoostingAsync(
  X: FeatureInput,
  y: ArrayLike<number | boolean>,
  options: FitGradientBoostingAsyncOptions = {},
): Promise<GradientBoostingModel> {
  const fn = "fitGradientBoostingAsync";
  const o = parseOptions(fitAsyncOptions, options, fn);
  const { signal, ...rest } = o;
  return runAsync(fitSteps(X, y, rest as ParsedFitOptions, fn), fn, signal);
}
