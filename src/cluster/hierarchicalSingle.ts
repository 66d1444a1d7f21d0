/**
 * Internal: single linkage as Prim's minimum spanning tree on distances computed on the fly (O(n) memory).
 */
import type { FlatMatrix } from "../core/matrix.js";
import type { Steps } from "../core/async.js";
import { checkAbort, type Hooks, type RawMerges } from "./hierarchicalMerges.js";

/** Prim's MST on the dense Euclidean distance, as SciPy's `mst_single_linkage`. */
export function* primSingle(m: FlatMatrix, hooks: Hooks): Steps<RawMerges> {
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
