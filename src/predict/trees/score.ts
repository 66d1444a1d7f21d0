// Scoring a compiled tree ensemble: raw margins for a block of rows at a time (the block's
// columns stay in cache while every tree walks it).
import { ClienteleError } from "../../core/errors.js";
import type { ColumnFeatures, DenseFeatures } from "../matrix.js";
import { type Compiled, step } from "./model.js";
import { instantiateWasm, type KernelBackend, WasmLayout, wasmModule } from "../../core/wasm.js";
import { codeOf } from "./codes.js";
import { WASM_BASE64 as WALK_BASE64 } from "./wasm/walk.generated.js";

type Flat = NonNullable<Compiled["flat"]>;

const BLOCK = 512;
/** Code of a missing value at nodes that send it left (exceeds no rank) and right (exceeds every rank but a leaf's). */
const MISS_LEFT = -1;
const MISS_RIGHT = 2 ** 29;

function checkWidth(c: Compiled, d: number, fn: string): void {
  if (d !== c.d) {
    throw new ClienteleError({
      code: "SHAPE_MISMATCH",
      path: ["X"],
      received: d,
      message: `${fn}: X has ${d} features per row but the model was trained on ${c.d}. Pass the same columns, in the same order, as at training.`,
    });
  }
}

/** Sets the values of `col` that are not among the levels `lv` to NaN; returns how many. */
function maskUnknown(lv: Float64Array, col: Float64Array): number {
  let unknown = 0;
  for (let i = 0; i < col.length; i++) {
    const x = col[i]!;
    if (x !== x) continue;
    if (!hasLevel(lv, x)) {
      col[i] = NaN;
      unknown++;
    }
  }
  return unknown;
}

/**
 * Prepares X for a model: checks the feature count, maps categorical levels never seen in
 * training to missing (NaN) and counts them, and rounds to 32-bit floats for XGBoost models.
 * Returns a copy when anything changed. Internal.
 */
export function prepare(c: Compiled, X: DenseFeatures, fn: string): { data: Float64Array; unknown: number } {
  checkWidth(c, X.d, fn);
  let data = X.data;
  let unknown = 0;
  const n = X.n;
  const hasLevels = c.levels.some((l) => l !== null);
  if (hasLevels || c.lt) data = Float64Array.from(X.data);
  if (c.lt) for (let i = 0; i < data.length; i++) data[i] = Math.fround(data[i]);
  for (let j = 0; j < c.d; j++) {
    const lv = c.levels[j];
    if (lv) unknown += maskUnknown(lv, data.subarray(j * n, (j + 1) * n));
  }
  return { data, unknown };
}

/** As {@link prepare} for columns: copies only the columns it changes (the caller's stay untouched). Internal. */
export function prepareColumns(c: Compiled, X: ColumnFeatures, fn: string): { columns: Float64Array[]; unknown: number } {
  checkWidth(c, X.d, fn);
  let unknown = 0;
  const columns = X.columns.map((col, j) => {
    const lv = c.levels[j];
    if (!lv && !c.lt) return col;
    const out = Float64Array.from(col);
    if (c.lt) for (let i = 0; i < out.length; i++) out[i] = Math.fround(out[i]!);
    if (lv) unknown += maskUnknown(lv, out);
    return out;
  });
  return { columns, unknown };
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
export function marginsOf(c: Compiled, data: Float64Array, n: number, backend: KernelBackend = "auto"): Float64Array {
  const cols: Float64Array[] = [];
  for (let j = 0; j < c.d; j++) cols.push(data.subarray(j * n, (j + 1) * n));
  return marginsOfColumns(c, cols, n, backend);
}

/** Raw margins for the n rows of the given feature columns (one per model feature); `backend` "js" skips WebAssembly (tests). Internal. */
export function marginsOfColumns(c: Compiled, cols: readonly ArrayLike<number>[], n: number, backend: KernelBackend = "auto"): Float64Array {
  const out = new Float64Array(n).fill(c.model.baseScore);
  const d = c.d;
  const flat = c.flat;
  if (flat) {
    // the block's rows as codes (ranks among the split thresholds), row-major, each row twice:
    // missing coded MISS_LEFT (read by nodes sending missing left), then MISS_RIGHT (nodes
    // sending it right). About 16 KB, so the block stays in L1 while every tree walks it.
    const rows = Math.max(4, Math.min(512, Math.floor(2048 / d) & ~3));
    const d2 = 2 * d;
    const W = backend === "js" ? null : walker(flat, d2, rows);
    const buf = W ? W.codes : new Int32Array(rows * d2);
    const up = c.lt; // "x < thr goes left": code = thresholds <= x
    for (let b0 = 0; b0 < n; b0 += rows) {
      const m = Math.min(n, b0 + rows) - b0;
      if (W) {
        // codes by the wasm kernel: the block's values of each feature copied in, coded in place
        for (let j = 0; j < d; j++) {
          const col = cols[j]!;
          const T = flat.codes[j]!;
          for (let i = 0; i < m; i++) W.x[i] = col[b0 + i]!;
          W.code(W.x.byteOffset, m, W.cutsAt[j]!, T.cuts.length, W.lutAt[j]!, T.lut.length, T.lo, T.inv, up ? 1 : 0, buf.byteOffset + 4 * j, 4 * d2, 4 * d);
        }
      } else
        for (let j = 0; j < d; j++) {
          const col = cols[j]!;
          const T = flat.codes[j]!;
          if (T.cuts.length === 0) {
            for (let i = 0, at = j; i < m; i++, at += d2) buf[at] = buf[at + d] = 0;
            continue;
          }
          for (let i = 0, at = j; i < m; i++, at += d2) {
            const x = col[b0 + i]!;
            if (x === x) buf[at] = buf[at + d] = codeOf(T, x, up);
            else {
              buf[at] = MISS_LEFT;
              buf[at + d] = MISS_RIGHT;
            }
          }
        }
      if (W) {
        W.out.set(out.subarray(b0, b0 + m));
        W.walk(W.nodes, W.values, W.roots, W.depths, flat.root.length, W.codes.byteOffset, m, 4 * d2, W.out.byteOffset);
        out.set(W.out.subarray(0, m), b0);
      } else blockFlat(flat, buf, m, d2, out, b0);
    }
    return out;
  }
  const buf = new Float64Array(BLOCK * d);
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const m = Math.min(n, b0 + BLOCK) - b0;
    for (let j = 0; j < d; j++) {
      const col = cols[j]!;
      for (let i = 0; i < m; i++) buf[i * d + j] = col[b0 + i]!;
    }
    if (c.lt) blockLt(c, buf, m, out, b0);
    else blockLe(c, buf, m, out, b0);
  }
  return out;
}

/** The WebAssembly walk of a flat ensemble (wasm/walk.wat) with its memory: nodes, block codes, block margins. */
interface Walker {
  walk(nodes: number, values: number, roots: number, depths: number, nTrees: number, codes: number, m: number, rowBytes: number, out: number): void;
  code(
    x: number,
    m: number,
    cuts: number,
    len: number,
    lut: number,
    G: number,
    lo: number,
    inv: number,
    up: number,
    out: number,
    stride: number,
    missOff: number,
  ): void;
  /** Per feature: byte offsets of its thresholds and grid in the walker's memory. */
  cutsAt: Int32Array;
  lutAt: Int32Array;
  /** A block of one feature's values. */
  x: Float64Array;
  nodes: number;
  values: number;
  roots: number;
  depths: number;
  codes: Int32Array;
  out: Float64Array;
}

const walkers = new WeakMap<object, Walker | null>();

/** The walker of `f` for blocks of `rows` rows of d2 codes (built once per compiled model), or null without WebAssembly. */
function walker(f: Flat, d2: number, rows: number): Walker | null {
  const hit = walkers.get(f);
  if (hit !== undefined) return hit;
  let w: Walker | null = null;
  const mod = wasmModule("predict:walk", WALK_BASE64);
  const total = f.kid.length;
  const L = new WasmLayout();
  const at = {
    nodes: L.take(total, 16),
    values: L.take(total, 8),
    roots: L.take(f.root.length, 4),
    depths: L.take(f.root.length, 4),
    codes: L.take(rows * d2, 4),
    out: L.take(rows, 8),
    x: L.take(rows, 8),
  };
  const cutsAt = new Int32Array(f.codes.length);
  const lutAt = new Int32Array(f.codes.length);
  for (let j = 0; j < f.codes.length; j++) {
    cutsAt[j] = L.take(f.codes[j]!.cuts.length, 8);
    lutAt[j] = L.take(f.codes[j]!.lut.length, 4);
  }
  const inst = mod ? instantiateWasm<{ walk: Walker["walk"]; codes: Walker["code"] }>(mod, L.size) : null;
  if (inst) {
    const buf = inst.memory.buffer as ArrayBuffer;
    for (let j = 0; j < f.codes.length; j++) {
      const T = f.codes[j]!;
      new Float64Array(buf, cutsAt[j]!, T.cuts.length).set(T.cuts);
      new Int32Array(buf, lutAt[j]!, T.lut.length).set(T.lut);
    }
    const node = new Int32Array(buf, at.nodes, 4 * total);
    for (let k = 0; k < total; k++) {
      node[4 * k] = at.nodes + 16 * f.kid[k]!;
      node[4 * k + 1] = 4 * f.off[k]!;
      node[4 * k + 2] = f.tb[k]!;
    }
    new Float64Array(buf, at.values, total).set(f.value);
    const roots = new Int32Array(buf, at.roots, f.root.length);
    for (let t = 0; t < f.root.length; t++) roots[t] = at.nodes + 16 * f.root[t]!;
    new Int32Array(buf, at.depths, f.root.length).set(f.depth);
    w = {
      walk: inst.exports.walk,
      code: inst.exports.codes,
      cutsAt,
      lutAt,
      x: new Float64Array(buf, at.x, rows),
      nodes: at.nodes,
      values: at.values,
      roots: at.roots,
      depths: at.depths,
      codes: new Int32Array(buf, at.codes, rows * d2),
      out: new Float64Array(buf, at.out, rows),
    };
  }
  walkers.set(f, w);
  return w;
}

/** Branch-free walk in code space: child = kid + (code > tb), as (tb - code) >>> 31; eight rows at a time (independent chains), depth[t] steps each. */
function blockFlat(f: Flat, buf: Int32Array, m: number, d2: number, out: Float64Array, b0: number): void {
  const { root, depth, off, tb, kid, value } = f;
  const nTrees = root.length;
  const m8 = m & ~7;
  for (let t = 0; t < nTrees; t++) {
    const r0 = root[t]!;
    const dep = depth[t]!;
    let i = 0;
    for (; i < m8; i += 8) {
      const o0 = i * d2;
      const o1 = o0 + d2;
      const o2 = o1 + d2;
      const o3 = o2 + d2;
      const o4 = o3 + d2;
      const o5 = o4 + d2;
      const o6 = o5 + d2;
      const o7 = o6 + d2;
      let k0 = r0;
      let k1 = r0;
      let k2 = r0;
      let k3 = r0;
      let k4 = r0;
      let k5 = r0;
      let k6 = r0;
      let k7 = r0;
      for (let s = 0; s < dep; s++) {
        k0 = kid[k0]! + ((tb[k0]! - buf[o0 + off[k0]!]!) >>> 31);
        k1 = kid[k1]! + ((tb[k1]! - buf[o1 + off[k1]!]!) >>> 31);
        k2 = kid[k2]! + ((tb[k2]! - buf[o2 + off[k2]!]!) >>> 31);
        k3 = kid[k3]! + ((tb[k3]! - buf[o3 + off[k3]!]!) >>> 31);
        k4 = kid[k4]! + ((tb[k4]! - buf[o4 + off[k4]!]!) >>> 31);
        k5 = kid[k5]! + ((tb[k5]! - buf[o5 + off[k5]!]!) >>> 31);
        k6 = kid[k6]! + ((tb[k6]! - buf[o6 + off[k6]!]!) >>> 31);
        k7 = kid[k7]! + ((tb[k7]! - buf[o7 + off[k7]!]!) >>> 31);
      }
      out[b0 + i] += value[k0]!;
      out[b0 + i + 1] += value[k1]!;
      out[b0 + i + 2] += value[k2]!;
      out[b0 + i + 3] += value[k3]!;
      out[b0 + i + 4] += value[k4]!;
      out[b0 + i + 5] += value[k5]!;
      out[b0 + i + 6] += value[k6]!;
      out[b0 + i + 7] += value[k7]!;
    }
    for (; i < m; i++) {
      const o0 = i * d2;
      let k = r0;
      for (let s = 0; s < dep; s++) k = kid[k]! + ((tb[k]! - buf[o0 + off[k]!]!) >>> 31);
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
