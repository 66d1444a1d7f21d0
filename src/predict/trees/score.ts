// Scoring a compiled tree ensemble: raw margins for a block of rows at a time (the block's
// columns stay in cache while every tree walks it).
import { ClienteleError } from "../../core/errors.js";
import type { DenseFeatures } from "../matrix.js";
import { type Compiled, step } from "./model.js";

const BLOCK = 512;

/**
 * Prepares X for a model: checks the feature count, maps categorical levels never seen in
 * training to missing (NaN) and counts them, and rounds to 32-bit floats for XGBoost models.
 * Returns a copy when anything changed. Internal.
 */
export function prepare(c: Compiled, X: DenseFeatures, fn: string): { data: Float64Array; unknown: number } {
  if (X.d !== c.d) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["X"],
      received: X.d,
      message: `${fn}: X has ${X.d} features per row but the model was trained on ${c.d}. Pass the same columns, in the same order, as at training.`,
    });
  }
  let data = X.data;
  let unknown = 0;
  const n = X.n;
  const hasLevels = c.levels.some((l) => l !== null);
  if (hasLevels || c.lt) data = Float64Array.from(X.data);
  if (c.lt) for (let i = 0; i < data.length; i++) data[i] = Math.fround(data[i]);
  if (hasLevels) {
    for (let j = 0; j < c.d; j++) {
      const lv = c.levels[j];
      if (!lv) continue;
      const o = j * n;
      for (let i = 0; i < n; i++) {
        const x = data[o + i];
        if (x !== x) continue;
        if (!hasLevel(lv, x)) {
          data[o + i] = NaN;
          unknown++;
        }
      }
    }
  }
  return { data, unknown };
}

function hasLevel(lv: Float64Array, x: number): boolean {
  let lo = 0;
  let hi = lv.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (lv[mid] === x) return true;
    if (lv[mid] < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Raw margins (baseScore + sum of tree outputs) for the n rows of column-major `data`. Internal. */
export function marginsOf(c: Compiled, data: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n).fill(c.model.baseScore);
  const d = c.d;
  // the block's rows, row-major, twice: missing as -Infinity (read by nodes sending missing left),
  // then missing as +Infinity (nodes sending it right), so every split is one comparison
  const buf = new Float64Array(2 * BLOCK * d);
  const half = BLOCK * d;
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const m = Math.min(n, b0 + BLOCK) - b0;
    for (let j = 0; j < d; j++) {
      const o = j * n + b0;
      if (c.flat) {
        for (let i = 0; i < m; i++) {
          const x = data[o + i]!;
          buf[i * d + j] = x === x ? x : -Infinity;
          buf[half + i * d + j] = x === x ? x : Infinity;
        }
      } else for (let i = 0; i < m; i++) buf[i * d + j] = data[o + i]!;
    }
    if (c.flat) blockFlat(c.flat, buf, m, d, c.lt, out, b0);
    else if (c.lt) blockLt(c, buf, m, out, b0);
    else blockLe(c, buf, m, out, b0);
  }
  return out;
}

/** Branch-free walk (numeric splits only): right child = kid + (x > thr), or (x >= thr) for XGBoost's "x < thr goes left". */
function blockFlat(f: NonNullable<Compiled["flat"]>, buf: Float64Array, m: number, d: number, lt: boolean, out: Float64Array, b0: number): void {
  const { root, feat, thr, kid, dl, value } = f;
  const half = BLOCK * d;
  const nTrees = root.length;
  for (let t = 0; t < nTrees; t++) {
    const r0 = root[t]!;
    for (let i = 0, rb = 0; i < m; i++, rb += d) {
      let k = r0;
      let c = kid[k]!;
      if (lt) {
        while (c >= 0) {
          const x = buf[(1 - dl[k]!) * half + rb + feat[k]!]!;
          k = c + +(x >= thr[k]!);
          c = kid[k]!;
        }
      } else {
        while (c >= 0) {
          const x = buf[(1 - dl[k]!) * half + rb + feat[k]!]!;
          k = c + +(x > thr[k]!);
          c = kid[k]!;
        }
      }
      out[b0 + i] += value[k]!;
    }
  }
}

/** "x <= threshold goes left" trees (clientele, LightGBM); flags > 1 (categorical, LightGBM missing types) take step(). */
function blockLe(c: Compiled, buf: Float64Array, m: number, out: Float64Array, b0: number): void {
  const { feat, thr, left, right, value, flags, roots, nTrees, d } = c;
  for (let t = 0; t < nTrees; t++) {
    const root = roots[t]!;
    for (let i = 0, rb = 0; i < m; i++, rb += d) {
      let k = root;
      let f = feat[k]!;
      while (f >= 0) {
        const x = buf[rb + f]!;
        const fl = flags[k]!;
        if (fl <= 1) k = x <= thr[k]! ? left[k]! : x === x ? right[k]! : fl ? left[k]! : right[k]!;
        else k = step(c, k, x);
        f = feat[k]!;
      }
      out[b0 + i] += value[k]!;
    }
  }
}

/** XGBoost trees: "float32(x) < threshold goes left" (rows already rounded to float32). */
function blockLt(c: Compiled, buf: Float64Array, m: number, out: Float64Array, b0: number): void {
  const { feat, thr, left, right, value, flags, roots, nTrees, d } = c;
  for (let t = 0; t < nTrees; t++) {
    const root = roots[t]!;
    for (let i = 0, rb = 0; i < m; i++, rb += d) {
      let k = root;
      let f = feat[k]!;
      while (f >= 0) {
        const x = buf[rb + f]!;
        const fl = flags[k]!;
        if (fl <= 1) k = x < thr[k]! ? left[k]! : x === x ? right[k]! : fl ? left[k]! : right[k]!;
        else k = step(c, k, x);
        f = feat[k]!;
      }
      out[b0 + i] += value[k]!;
    }
  }
}

/** The leaf index (absolute) that row i reaches in tree t. Internal. */
export function leafOf(c: Compiled, t: number, data: Float64Array, n: number, i: number): number {
  let k = c.roots[t];
  while (c.feat[k] >= 0) k = step(c, k, data[c.feat[k] * n + i]);
  return k;
}
