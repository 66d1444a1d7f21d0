// Histogram building of one tree node (src/predict/trees/grow.ts): per feature and bin, the sums
// of the node's gradients and hessians and its row count. WebAssembly kernels (wasm/hist.wat)
// when the buffers live in the fit's arena, else the JavaScript loops below, which add the same
// numbers in the same order.
import type { Arena } from "./arena.js";
import type { Binned } from "./bin.js";
import type { Workspace } from "./grow.js";

/** Histogram stride per feature: (sum g, sum h, count) for each of 256 bins. Internal. */
export const H = 256 * 3;

/** buildHist by the WebAssembly kernel (same additions, same order). */
function buildHistWasm(
  A: Arena,
  B: Binned,
  W: Workspace,
  g: Float64Array,
  h: Float64Array,
  s: number,
  e: number,
  feats: Int32Array,
  hist: Float64Array,
  identity: boolean,
): void {
  const K = A.kernel;
  const n = B.n;
  const m = e - s;
  const bins = B.bins.byteOffset;
  const hp = hist.byteOffset;
  const nf = feats.length;
  // two features a pass (one read of the row's index and gradients for both), then the odd one
  if (identity) {
    const gp = g.byteOffset + 8 * s;
    const hq = h.byteOffset + 8 * s;
    let q = 0;
    for (; q + 1 < nf; q += 2) {
      const f1 = feats[q]!;
      const f2 = feats[q + 1]!;
      K.direct2(bins + f1 * n + s, bins + f2 * n + s, m, gp, hq, hp + f1 * H * 8, hp + f2 * H * 8);
    }
    if (q < nf) K.direct(bins + feats[q]! * n + s, m, gp, hq, hp + feats[q]! * H * 8);
    return;
  }
  const idx = W.idx.byteOffset + 4 * s;
  const gh = W.gh.byteOffset;
  K.pack(g.byteOffset, h.byteOffset, idx, m, gh);
  let q = 0;
  for (; q + 1 < nf; q += 2) {
    const f1 = feats[q]!;
    const f2 = feats[q + 1]!;
    K.gather2(bins + f1 * n, bins + f2 * n, idx, m, gh, hp + f1 * H * 8, hp + f2 * H * 8);
  }
  if (q < nf) K.gather(bins + feats[q]! * n, idx, m, gh, hp + feats[q]! * H * 8);
}

/**
 * Histograms of the rows idx[s..e) over the features `feats`, one feature at a time (its 6 KB
 * histogram stays in L1 while the node's codes stream past), four rows an iteration. The node's
 * gradients are first gathered into `gh` in row order; `identity` (idx[k] = k, the root without
 * row subsampling) reads g, h and the codes straight. Each bin adds its rows in row order, as a
 * row-by-row build would: the sums are the same doubles.
 */
export function buildHist(
  B: Binned,
  W: Workspace,
  g: Float64Array,
  h: Float64Array,
  s: number,
  e: number,
  feats: Int32Array,
  hist: Float64Array,
  identity: boolean,
): void {
  const A = W.arena;
  if (A && hist.buffer === A.buffer && B.bins.buffer === A.buffer && g.buffer === A.buffer && h.buffer === A.buffer) {
    buildHistWasm(A, B, W, g, h, s, e, feats, hist, identity);
    return;
  }
  const idx = W.idx;
  const n = B.n;
  const bins = B.bins;
  const m = e - s;
  const m4 = m & ~3;
  if (identity) {
    for (let q = 0; q < feats.length; q++) {
      const f = feats[q]!;
      const o = f * H;
      const c = f * n + s;
      let k = 0;
      for (; k < m4; k += 4) {
        const i = s + k;
        const b0 = o + bins[c + k]! * 3;
        const b1 = o + bins[c + k + 1]! * 3;
        const b2 = o + bins[c + k + 2]! * 3;
        const b3 = o + bins[c + k + 3]! * 3;
        hist[b0] += g[i]!;
        hist[b0 + 1] += h[i]!;
        hist[b0 + 2]++;
        hist[b1] += g[i + 1]!;
        hist[b1 + 1] += h[i + 1]!;
        hist[b1 + 2]++;
        hist[b2] += g[i + 2]!;
        hist[b2 + 1] += h[i + 2]!;
        hist[b2 + 2]++;
        hist[b3] += g[i + 3]!;
        hist[b3 + 1] += h[i + 3]!;
        hist[b3 + 2]++;
      }
      for (; k < m; k++) {
        const b = o + bins[c + k]! * 3;
        hist[b] += g[s + k]!;
        hist[b + 1] += h[s + k]!;
        hist[b + 2]++;
      }
    }
    return;
  }
  const gh = W.gh;
  for (let k = 0; k < m; k++) {
    const i = idx[s + k]!;
    gh[2 * k] = g[i]!;
    gh[2 * k + 1] = h[i]!;
  }
  for (let q = 0; q < feats.length; q++) {
    const f = feats[q]!;
    const o = f * H;
    const c = f * n;
    let k = 0;
    for (; k < m4; k += 4) {
      const r = s + k;
      const b0 = o + bins[c + idx[r]!]! * 3;
      const b1 = o + bins[c + idx[r + 1]!]! * 3;
      const b2 = o + bins[c + idx[r + 2]!]! * 3;
      const b3 = o + bins[c + idx[r + 3]!]! * 3;
      const t = 2 * k;
      hist[b0] += gh[t]!;
      hist[b0 + 1] += gh[t + 1]!;
      hist[b0 + 2]++;
      hist[b1] += gh[t + 2]!;
      hist[b1 + 1] += gh[t + 3]!;
      hist[b1 + 2]++;
      hist[b2] += gh[t + 4]!;
      hist[b2 + 1] += gh[t + 5]!;
      hist[b2 + 2]++;
      hist[b3] += gh[t + 6]!;
      hist[b3 + 1] += gh[t + 7]!;
      hist[b3 + 2]++;
    }
    for (; k < m; k++) {
      const b = o + bins[c + idx[s + k]!]! * 3;
      hist[b] += gh[2 * k]!;
      hist[b + 1] += gh[2 * k + 1]!;
      hist[b + 2]++;
    }
  }
}
