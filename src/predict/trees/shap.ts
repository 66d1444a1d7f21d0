// explainGradientBoosting: exact TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized
// feature attribution for tree ensembles", Algorithm 2), the path-weight bookkeeping of the
// reference implementation (shap's tree_shap.h): O(trees · leaves · depth²) per row.
import { ClienteleError } from "../../core/errors.js";
import * as z from "../../core/schema.js";
import { parseOptions } from "../../core/validate.js";
import { readFeatures, type FeatureInput } from "../matrix.js";
import { compile, step, type Compiled } from "./model.js";
import { marginsOf, prepare } from "./score.js";

/** TreeSHAP contributions of every row, in the margin (log-odds for binary) scale. */
export interface GradientBoostingExplanation {
  /** Feature names of the model, the order of each row of `contributions`. */
  featureNames: string[];
  /** Expected margin over the training data (cover-weighted), the same for every row. */
  baseValue: number;
  /** Per row, one contribution per feature: `baseValue + sum(contributions[i]) = margins[i]`. */
  contributions: number[][];
  /** Raw margin of each row (log-odds for binary, log mean for Poisson). */
  margins: number[];
  /** Cells with a categorical level never seen in training (explained as missing). */
  unknownLevels: number;
}

/** Largest rows × trees × leaves × depth² accepted (about a minute of work). */
const MAX_WORK = 5e10;

interface Path {
  f: Int32Array;
  z: Float64Array;
  o: Float64Array;
  w: Float64Array;
}

function extend(p: Path, at: number, depth: number, zf: number, of: number, fi: number): void {
  const { f, z: zz, o, w } = p;
  f[at + depth] = fi;
  zz[at + depth] = zf;
  o[at + depth] = of;
  w[at + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    w[at + i + 1] += (of * w[at + i]! * (i + 1)) / (depth + 1);
    w[at + i] = (zf * w[at + i]! * (depth - i)) / (depth + 1);
  }
}

function unwind(p: Path, at: number, depth: number, k: number): void {
  const { f, z: zz, o, w } = p;
  const of = o[at + k]!;
  const zf = zz[at + k]!;
  let next = w[at + depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (of !== 0) {
      const tmp = w[at + i]!;
      w[at + i] = (next * (depth + 1)) / ((i + 1) * of);
      next = tmp - (w[at + i]! * zf * (depth - i)) / (depth + 1);
    } else {
      w[at + i] = (w[at + i]! * (depth + 1)) / (zf * (depth - i));
    }
  }
  for (let i = k; i < depth; i++) {
    f[at + i] = f[at + i + 1]!;
    zz[at + i] = zz[at + i + 1]!;
    o[at + i] = o[at + i + 1]!;
  }
}

function unwoundSum(p: Path, at: number, depth: number, k: number): number {
  const { z: zz, o, w } = p;
  const of = o[at + k]!;
  const zf = zz[at + k]!;
  let next = w[at + depth]!;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (of !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * of);
      total += tmp;
      next = w[at + i]! - tmp * zf * ((depth - i) / (depth + 1));
    } else if (zf !== 0) {
      total += w[at + i]! / zf / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

function recurse(
  c: Compiled,
  row: Float64Array,
  phi: Float64Array,
  p: Path,
  node: number,
  parentAt: number,
  depth: number,
  zf: number,
  of: number,
  fi: number,
): void {
  // copy the parent's path into this level's slot (past the parent's, which its other child reuses), then extend it
  const at = parentAt + depth + 1;
  for (let i = 0; i < depth; i++) {
    p.f[at + i] = p.f[parentAt + i]!;
    p.z[at + i] = p.z[parentAt + i]!;
    p.o[at + i] = p.o[parentAt + i]!;
    p.w[at + i] = p.w[parentAt + i]!;
  }
  extend(p, at, depth, zf, of, fi);
  const feat = c.feat[node]!;
  if (feat < 0) {
    const v = c.value[node]!;
    for (let i = 1; i <= depth; i++) {
      const w = unwoundSum(p, at, depth, i);
      phi[p.f[at + i]!] += w * (p.o[at + i]! - p.z[at + i]!) * v;
    }
    return;
  }
  const hot = step(c, node, row[feat]!);
  const cold = hot === c.left[node] ? c.right[node]! : c.left[node]!;
  const cw = c.cover[hot]! + c.cover[cold]!; // not cover[node]: imported float32 covers need not add up exactly
  const hz = cw > 0 ? c.cover[hot]! / cw : 0.5;
  const cz = cw > 0 ? c.cover[cold]! / cw : 0.5;
  let iz = 1;
  let io = 1;
  let k = 0;
  for (; k <= depth; k++) if (p.f[at + k] === feat) break;
  let dd = depth;
  if (k !== depth + 1) {
    iz = p.z[at + k]!;
    io = p.o[at + k]!;
    unwind(p, at, depth, k);
    dd--;
  }
  recurse(c, row, phi, p, hot, at, dd + 1, hz * iz, io, feat);
  recurse(c, row, phi, p, cold, at, dd + 1, cz * iz, 0, feat);
}

/** Cover-weighted mean output of the tree rooted at `node`. */
function expected(c: Compiled, node: number): number {
  if (c.feat[node]! < 0) return c.value[node]!;
  const l = c.left[node]!;
  const r = c.right[node]!;
  const cl = c.cover[l]!;
  const cr = c.cover[r]!;
  if (cl + cr <= 0) return (expected(c, l) + expected(c, r)) / 2;
  return (cl * expected(c, l) + cr * expected(c, r)) / (cl + cr);
}

function depthOf(c: Compiled, node: number): number {
  if (c.feat[node]! < 0) return 0;
  return 1 + Math.max(depthOf(c, c.left[node]!), depthOf(c, c.right[node]!));
}

const options = z.object({});

/**
 * Exact TreeSHAP: for each row, the Shapley value of every feature for the model's raw margin,
 * where a feature "absent" from a coalition is integrated out over the training cover of each
 * node (Lundberg et al. 2018, Algorithm 2). The contributions and the base value add up to the
 * margin (log-odds for binary models): convert with care, probabilities are not additive.
 * Works on fitted and imported (XGBoost, LightGBM) models. O(rows · trees · leaves · depth²).
 *
 * @param model - a gradient-boosting model (fitted, loaded or imported)
 * @param X - rows or a feature table with the model's columns
 * @param opts - none yet (reserved)
 * @throws ClienteleError `INVALID_MODEL`, `SHAPE_MISMATCH`, `NON_FINITE`, `TOO_LARGE`
 * @example
 * import { explainGradientBoosting, fitGradientBoosting } from "clientele/predict";
 * const X = [[0, 5], [1, 5], [2, 9], [3, 9]];
 * const m = fitGradientBoosting(X, [1, 2, 3, 4], { objective: "squared-error", maxIter: 1, learningRate: 1, minSamplesLeaf: 2 });
 * const e = explainGradientBoosting(m, [[3, 9]]);
 * e.baseValue; // => 2.5
 * e.contributions[0].map((v) => +v.toFixed(9)); // => [1, 0]
 * +e.margins[0].toFixed(9); // => 3.5
 */
export function explainGradientBoosting(model: unknown, X: FeatureInput, opts: Record<string, never> = {}): GradientBoostingExplanation {
  const fn = "explainGradientBoosting";
  parseOptions(options, opts, fn);
  const dense = readFeatures(X, fn, "allow");
  const c = compile(model, fn);
  const { data, unknown } = prepare(c, dense, fn);
  const n = dense.n;
  const d = c.d;
  let maxDepth = 0;
  let work = 0;
  let base = c.model.baseScore;
  for (let t = 0; t < c.nTrees; t++) {
    const root = c.roots[t]!;
    const dep = depthOf(c, root);
    maxDepth = Math.max(maxDepth, dep);
    work += c.model.trees[t]!.feature.length * (dep + 1) * (dep + 1);
    base += expected(c, root);
  }
  if (work * n > MAX_WORK) {
    throw new ClienteleError({
      code: "TOO_LARGE",
      path: ["X"],
      received: n,
      message: `${fn}: explaining ${n} rows with ${c.nTrees} trees is about ${(work * n).toExponential(1)} steps; explain a sample of rows (a few thousand show the same picture), or fewer, shallower trees.`,
    });
  }
  const size = ((maxDepth + 2) * (maxDepth + 3)) / 2 + 2 * maxDepth + 4;
  const p: Path = { f: new Int32Array(size), z: new Float64Array(size), o: new Float64Array(size), w: new Float64Array(size) };
  const row = new Float64Array(d);
  const phi = new Float64Array(d);
  const contributions: number[][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[j * n + i]!;
    phi.fill(0);
    for (let t = 0; t < c.nTrees; t++) {
      p.f.fill(-1);
      recurse(c, row, phi, p, c.roots[t]!, 0, 0, 1, 1, -1);
    }
    contributions.push(Array.from(phi));
  }
  return { featureNames: c.model.featureNames.slice(), baseValue: base, contributions, margins: Array.from(marginsOf(c, data, n)), unknownLevels: unknown };
}
