/**
 * Internal: the raw merge list the builders produce, their progress/abort hooks, and its conversion to a SciPy linkage matrix.
 */
import { throwIfAborted } from "../core/async.js";
import type { HierarchicalProgress } from "./hierarchicalModel.js";

/** Merges in the order they were made: slots x[k] and y[k] joined at height h[k]. */
export interface RawMerges {
  x: Int32Array;
  y: Int32Array;
  h: Float64Array;
}

export interface Hooks {
  onProgress?: (info: HierarchicalProgress) => void;
  signal?: AbortSignal;
  fn: string;
}

export function checkAbort(hooks: Hooks): void {
  throwIfAborted(hooks.signal, hooks.fn);
}

/**
 * Stable sort by height, then relabel slot pairs into SciPy cluster ids with a
 * union-find (SciPy's `label`): the cluster formed at row s gets id n + s.
 */
export function sortAndLabel(raw: RawMerges, n: number): number[][] {
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
