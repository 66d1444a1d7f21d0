import * as z from "../core/schema.js";
import { ClienteleError } from "../core/errors.js";
import { jsonColumns } from "../core/json.js";
import type { PointsInput } from "../core/matrix.js";
import { rngOption } from "../core/options.js";
import { createRng, type Rng } from "../core/rng.js";
import { checkModelHeader, parseOptions, parseWith } from "../core/validate.js";
import { flatToRows, maxAbsOf, safeFactor, toFlat } from "./internal.js";
import { exactSvd, normalizeSigns, randomizedSvd } from "./pca/decompose.js";
import type { TransformedPoints } from "./scale.js";

/** How {@link fitPca} computes the decomposition. */
export type PcaSolver = "auto" | "exact" | "randomized";

/** Options of {@link fitPca}. */
export interface FitPcaOptions {
  /** Components to keep, an integer in [1, min(n, d)]. Default min(n, d). */
  nComponents?: number;
  /**
   * Divide each centered column by its standard deviation (population, as `fitScaler`'s
   * z-score) before the decomposition: PCA of the correlation matrix. Constant columns get
   * scale 1. Default false (the data are only centered; scale them first with `fitScaler`).
   */
  scale?: boolean;
  /** Divide each component score by the square root of its explained variance (unit-variance scores). Default false. */
  whiten?: boolean;
  /**
   * `"exact"`: Householder QR and one-sided Jacobi SVD, O(n d min(n, d)); `"randomized"`:
   * Halko-Martinsson-Tropp with `oversamples` extra columns and `powerIterations`, seeded by `rng`;
   * `"auto"` (default): randomized when n d > 1e6 and nComponents + oversamples < min(n, d) / 10, else exact.
   */
  solver?: PcaSolver;
  /** Extra random columns of the randomized solver. Default 10. */
  oversamples?: number;
  /** Power (subspace) iterations of the randomized solver. Default 7 when nComponents < 0.1 min(n, d), else 4 (scikit-learn's rule). */
  powerIterations?: number;
  /** Random generator of the randomized solver. Default `createRng(0)`. */
  rng?: Rng;
}

/**
 * A fitted PCA: plain JSON data. `scores = ((x - mean) / scale) · componentsᵀ`, divided by
 * `sqrt(explainedVariance)` per component when `whiten`. Component signs are normalized so
 * each component's entry of largest absolute value is positive.
 */
export interface PcaModel {
  /** Model kind tag. */
  kind: "pca";
  /** Format version. */
  version: 1;
  /** Number of input features. */
  d: number;
  /** Number of components kept. */
  nComponents: number;
  /** Number of points fitted. */
  nSamples: number;
  /** Solver that was used. */
  solver: "exact" | "randomized";
  /** Column means subtracted (original units). */
  mean: number[];
  /** Column divisors (standard deviations) when fitted with `scale: true`, else null. */
  scale: number[] | null;
  /** Whether scores are whitened. */
  whiten: boolean;
  /** nComponents x d: the unit principal axes, by decreasing explained variance. */
  components: number[][];
  /** Variance of the data along each component (singular value² / (n - 1), as scikit-learn). */
  explainedVariance: number[];
  /** explainedVariance over the total variance (all d columns). */
  explainedVarianceRatio: number[];
  /** Singular values of the centered (and scaled) data. */
  singularValues: number[];
  /**
   * nComponents x d: components times sqrt(explainedVariance). With `scale: true` these are the
   * correlations between each feature and each component.
   */
  loadings: number[][];
  /** Sum of the column variances (n - 1 denominator) of the centered (and scaled) data. */
  totalVariance: number;
  /** Mean variance of the components not kept (0 when nComponents = min(n, d)), as scikit-learn's noise_variance_. */
  noiseVariance: number;
}

const fitPcaSchema = z
  .object({
    nComponents: z.number().int().positive().optional(),
    scale: z.boolean().default(false),
    whiten: z.boolean().default(false),
    solver: z.enum(["auto", "exact", "randomized"]).default("auto"),
    oversamples: z.number().int().nonnegative().default(10),
    powerIterations: z.number().int().nonnegative().max(100).optional(),
    rng: rngOption().optional(),
  })
  .strict();

/** Largest min(n, d) of the exact solver (its Jacobi step is O(min(n, d)³) per sweep). */
export const PCA_EXACT_MAX_DIM = 1000;
/** Largest n x d the PCA accepts (one float64 copy of 2^27 values is 1 GiB). */
const MAX_CELLS = 2 ** 27;

/**
 * Fits a principal component analysis: centers (and with `scale`, standardizes) the columns,
 * then takes the singular value decomposition of the data, exactly (Householder QR and
 * one-sided Jacobi, accurate to a few ulps) or by a seeded randomized range finder for
 * large data and few components. Reports explained variance and its ratio, singular values
 * and loadings. O(n d min(n, d)) exact; O(n d (k + oversamples) (2 powerIterations + 2)) randomized.
 *
 * Use the scores (`transformPca`) as features for K-Means: profiles stay in original units when
 * `profileClusters` is given the original (scaled) points with the labels.
 *
 * @param points - `number[][]` or row-major `{ data, n, d }`, at least 2 points
 * @param options - `nComponents` (default min(n, d)), `scale` (false), `whiten` (false),
 *   `solver` ("auto"), `oversamples` (10), `powerIterations`, `rng`
 * @returns a plain JSON model; apply it with `transformPca`
 * @throws ClienteleError `EMPTY_INPUT`, `NON_FINITE`, `SHAPE_MISMATCH`, `TOO_FEW_OBSERVATIONS` (one point),
 *   `INVALID_OPTION` (nComponents > min(n, d)), `DEGENERATE_INPUT` (no variance; whitening a zero-variance
 *   component), `TOO_LARGE` (exact solver above 1000 dimensions, or more than 2^27 values),
 *   `OUT_OF_RANGE` (variances overflow float64), `FIT_FAILED`
 * @see Halko, Martinsson & Tropp (2011), Finding structure with randomness. SIAM Review 53(2).
 * @see Demmel & Veselić (1992), Jacobi's method is more accurate than QR. SIAM J. Matrix Anal. Appl.
 * @example
 * import { fitPca, transformPca } from "clientele/cluster";
 * const m = fitPca([[1, 1], [2, 2], [3, 3]], { nComponents: 1 });
 * m.components; // => [[0.7071067811865476, 0.7071067811865475]]
 * m.explainedVariance; // => [2]
 * m.explainedVarianceRatio; // => [1]
 * transformPca(m, [[3, 3]]); // => [[1.414213562373095]]
 */
export function fitPca(points: PointsInput, options: FitPcaOptions = {}): PcaModel {
  const fn = "fitPca";
  const o = parseOptions(fitPcaSchema, options, fn);
  const x = toFlat(points, fn);
  const { n, d } = x;
  if (n * d > MAX_CELLS) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["points"],
      received: n * d,
      message: `${fn}: ${n} x ${d} = ${n * d} values is more than ${MAX_CELLS} (2^27). Fit on a random sample of the points, then transform all of them with transformPca.`,
    });
  }
  if (n < 2) {
    throw new ClienteleError({
      code: "TOO_FEW_OBSERVATIONS",
      path: ["points"],
      received: n,
      message: `${fn}: PCA needs at least 2 points to estimate variances; got ${n}.`,
    });
  }
  const q = Math.min(n, d);
  const k = o.nComponents ?? q;
  if (k > q) {
    throw new ClienteleError({
      code: "INVALID_OPTION",
      path: ["options", "nComponents"],
      received: k,
      message: `${fn}: nComponents must be an integer in [1, ${q}] (min(n, d) = min(${n}, ${d})). Got ${k}.`,
    });
  }
  const data = x.data; // a fresh copy
  // huge or tiny values: work on the data times an exact power of two; undone below
  const f = safeFactor(maxAbsOf(data));
  if (f !== 1) for (let i = 0; i < data.length; i++) data[i] *= f;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] -= mean[j];
  let scale: Float64Array | null = null;
  if (o.scale) {
    scale = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j] += data[i * d + j] * data[i * d + j];
    for (let j = 0; j < d; j++) {
      const s = Math.sqrt(scale[j] / n);
      let maxAbs = 0;
      for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(data[i * d + j] + mean[j]));
      scale[j] = s > 1e-12 * maxAbs && s > 0 ? s : 1;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] /= scale[j];
  }
  let ss = 0;
  for (let i = 0; i < data.length; i++) ss += data[i] * data[i];
  const unscale = o.scale ? 1 : f; // standardized data do not depend on f
  const totalVariance = ss / (n - 1) / unscale / unscale;
  if (!(ss > 0)) {
    throw new ClienteleError({
      code: "DEGENERATE_INPUT",
      path: ["points"],
      message: `${fn}: every column is constant (all points are identical), so there is no variance to decompose.`,
    });
  }
  if (!Number.isFinite(totalVariance)) throw overflow(fn);
  const l = k + o.oversamples;
  const solver = o.solver === "auto" ? (n * d > 1e6 && l * 10 < q ? "randomized" : "exact") : o.solver;
  if (solver === "exact" && q > PCA_EXACT_MAX_DIM) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["options", "solver"],
      received: q,
      message: `${fn}: the exact solver is O(min(n, d)^3) and min(n, d) = ${q} is above ${PCA_EXACT_MAX_DIM}. Use solver: "randomized" with a small nComponents (it needs nComponents + oversamples <= ${q}).`,
    });
  }
  const power = o.powerIterations ?? (k < 0.1 * q ? 7 : 4);
  const svd = solver === "exact" ? exactSvd(data, n, d, k) : randomizedSvd(data, n, d, k, o.oversamples, power, o.rng ?? createRng(0));
  if (!svd.converged) {
    throw new ClienteleError({
      code: "FIT_FAILED",
      message: `${fn}: the Jacobi SVD did not converge in 60 sweeps. Rescale the features (fitScaler) or use solver: "randomized".`,
    });
  }
  normalizeSigns(svd.vt, k, d);
  const components = flatToRows(svd.vt, k, d);
  const singularValues = Array.from(svd.s, (s) => s / unscale);
  const explainedVariance = singularValues.map((s) => (s * s) / (n - 1));
  if (!explainedVariance.every(Number.isFinite)) throw overflow(fn);
  if (o.whiten) {
    const zero = explainedVariance.findIndex((v) => !(v > totalVariance * 1e-24));
    if (zero >= 0) {
      throw new ClienteleError({
        code: "DEGENERATE_INPUT",
        path: ["options", "nComponents"],
        received: k,
        message: `${fn}: component ${zero} has no variance (the data have rank ${zero}), so it cannot be whitened. Use nComponents: ${Math.max(1, zero)} or whiten: false.`,
      });
    }
  }
  let kept = 0;
  for (const v of explainedVariance) kept += v;
  const noiseVariance = k < q ? Math.max(0, (totalVariance - kept) / (q - k)) : 0;
  const meanOut = Array.from(mean, (m) => m / f);
  const scaleOut = scale === null ? null : Array.from(scale, (s) => s / f);
  return {
    kind: "pca",
    version: 1,
    d,
    nComponents: k,
    nSamples: n,
    solver,
    mean: meanOut,
    scale: scaleOut,
    whiten: o.whiten,
    components,
    explainedVariance,
    explainedVarianceRatio: explainedVariance.map((v) => Math.min(1, v / totalVariance)),
    singularValues,
    loadings: components.map((row, c) => row.map((v) => v * Math.sqrt(explainedVariance[c]))),
    totalVariance,
    noiseVariance,
  };
}

function overflow(fn: string): ClienteleError {
  return new ClienteleError({
    code: "OUT_OF_RANGE",
    path: ["points"],
    message: `${fn}: the variances of these points overflow float64. Divide the features by a common factor, or fit with scale: true.`,
  });
}

function checkWidth(fn: string, got: number, want: number, what: string): void {
  if (got !== want) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["points"],
      received: got,
      message: `${fn}: points have ${got} columns but the model ${what} ${want}. Pass ${what === "was fitted on" ? "the same features in the same order as the fit" : "one score per component"}.`,
    });
  }
}

function notFinite(fn: string, i: number): ClienteleError {
  return new ClienteleError({
    code: "OUT_OF_RANGE",
    path: ["points", i],
    message: `${fn}: point ${i} is so far from the fitted data that its result overflows float64. Check the units of its columns.`,
  });
}

function shaped<P extends PointsInput>(points: P, out: Float64Array, n: number, w: number): TransformedPoints<P> {
  return (Array.isArray(points) ? flatToRows(out, n, w) : jsonColumns({ data: out, n, d: w })) as TransformedPoints<P>;
}

/**
 * Projects points onto the fitted components (scores; whitened when the model is). Rows in
 * give rows out; `{ data, n, d }` in gives a FlatMatrix out. O(n d k).
 *
 * @param model - from `fitPca` (or `pcaFromJSON`)
 * @param points - points with the fitted columns, in the same order (original units)
 * @returns n x nComponents scores
 * @throws ClienteleError `SHAPE_MISMATCH` (other column count), `NON_FINITE`, `EMPTY_INPUT`, `INVALID_MODEL`, `OUT_OF_RANGE`
 * @example
 * import { fitPca, transformPca } from "clientele/cluster";
 * const m = fitPca([[0, 0], [2, 0], [4, 0]], { nComponents: 1 });
 * transformPca(m, [[4, 1], [0, 5]]); // => [[2], [-2]]
 */
export function transformPca<P extends PointsInput>(model: PcaModel, points: P): TransformedPoints<P> {
  const fn = "transformPca";
  const m = parsePca(model, fn);
  const x = toFlat(points, fn, "points", true);
  checkWidth(fn, x.d, m.d, "was fitted on");
  const { n, d } = x;
  const k = m.nComponents;
  const comp = new Float64Array(k * d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) comp[c * d + j] = m.components[c][j];
  const div = m.whiten ? m.explainedVariance.map(Math.sqrt) : null;
  const out = new Float64Array(n * k);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = (x.data[i * d + j] - m.mean[j]) / (m.scale === null ? 1 : m.scale[j]);
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += row[j] * comp[c * d + j];
      const v = div === null ? s : s / div[c];
      if (!Number.isFinite(v)) throw notFinite(fn, i);
      out[i * k + c] = v;
    }
  }
  return shaped(points, out, n, k);
}

/**
 * Maps component scores back to the original feature space (original units): the
 * reconstruction from the kept components. O(n d k).
 *
 * @param model - from `fitPca`
 * @param scores - n x nComponents scores (e.g. from `transformPca`, or cluster centroids in score space)
 * @returns n x d points in original units
 * @throws ClienteleError `SHAPE_MISMATCH` (not nComponents columns), `NON_FINITE`, `EMPTY_INPUT`, `INVALID_MODEL`, `OUT_OF_RANGE`
 * @example
 * import { fitPca, inverseTransformPca } from "clientele/cluster";
 * const m = fitPca([[0, 0], [2, 0], [4, 0]], { nComponents: 1 });
 * inverseTransformPca(m, [[1]]); // => [[3, 0]]
 */
export function inverseTransformPca<P extends PointsInput>(model: PcaModel, scores: P): TransformedPoints<P> {
  const fn = "inverseTransformPca";
  const m = parsePca(model, fn);
  const x = toFlat(scores, fn, "points", true);
  const k = m.nComponents;
  checkWidth(fn, x.d, k, "has components:");
  const { n } = x;
  const d = m.d;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const t = m.whiten ? x.data[i * k + c] * Math.sqrt(m.explainedVariance[c]) : x.data[i * k + c];
      const comp = m.components[c];
      for (let j = 0; j < d; j++) out[i * d + j] += t * comp[j];
    }
    for (let j = 0; j < d; j++) {
      const v = out[i * d + j] * (m.scale === null ? 1 : m.scale[j]) + m.mean[j];
      if (!Number.isFinite(v)) throw notFinite(fn, i);
      out[i * d + j] = v;
    }
  }
  return shaped(scores, out, n, d);
}

const finiteRow = z.array(z.number().finite());
const pcaSchema = z
  .object({
    kind: z.literal("pca"),
    version: z.literal(1),
    d: z.number().int().positive(),
    nComponents: z.number().int().positive(),
    nSamples: z.number().int().min(2),
    solver: z.enum(["exact", "randomized"]),
    mean: finiteRow,
    scale: z.array(z.number().finite().positive()).nullable(),
    whiten: z.boolean(),
    components: z.array(finiteRow),
    explainedVariance: z.array(z.number().finite().nonnegative()),
    explainedVarianceRatio: z.array(z.number().finite().nonnegative().max(1)),
    singularValues: z.array(z.number().finite().nonnegative()),
    loadings: z.array(finiteRow),
    totalVariance: z.number().finite().positive(),
    noiseVariance: z.number().finite().nonnegative(),
  })
  .refine((m) => m.nComponents <= Math.min(m.d, m.nSamples), { message: "nComponents must be <= min(d, nSamples)" })
  .refine((m) => m.mean.length === m.d && (m.scale === null || m.scale.length === m.d), { message: "mean and scale must have d entries" })
  .refine(
    (m) =>
      m.components.length === m.nComponents &&
      m.loadings.length === m.nComponents &&
      m.explainedVariance.length === m.nComponents &&
      m.explainedVarianceRatio.length === m.nComponents &&
      m.singularValues.length === m.nComponents,
    { message: "components, loadings, explainedVariance, explainedVarianceRatio and singularValues must have nComponents entries" },
  )
  .refine((m) => m.components.every((r) => r.length === m.d) && m.loadings.every((r) => r.length === m.d), {
    message: "components and loadings rows must have d entries",
  })
  .refine((m) => m.components.every((r) => Math.abs(r.reduce((s, v) => s + v * v, 0) - 1) < 1e-6), { message: "components must be unit vectors" })
  .refine((m) => !m.whiten || m.explainedVariance.every((v) => v > 0), { message: "a whitened model needs explainedVariance > 0" });

/**
 * Validates a saved PCA model (e.g. `JSON.parse` of a stored one) and returns it typed.
 *
 * @param json - a value produced by `JSON.stringify(fitPca(...))`
 * @throws ClienteleError `INVALID_MODEL`, `WRONG_MODEL_KIND`, `UNSUPPORTED_MODEL_VERSION`
 * @example
 * import { fitPca, pcaFromJSON } from "clientele/cluster";
 * const saved = JSON.stringify(fitPca([[1, 2], [3, 5], [4, 4]]));
 * pcaFromJSON(JSON.parse(saved)).nComponents; // => 2
 */
export function pcaFromJSON(json: unknown): PcaModel {
  return parsePca(json, "pcaFromJSON");
}

function parsePca(json: unknown, fn: string): PcaModel {
  checkModelHeader(json, "pca", 1, fn);
  return parseWith(pcaSchema, json, fn, { code: "INVALID_MODEL", root: "model" }) as PcaModel;
}
