// One regression tree on gradients and hessians, grown leaf-wise (best gain first) on binned
// features with histogram subtraction, as scikit-learn's TreeGrower / LightGBM: only the smaller
// child's histograms are built; the larger child's are the parent's minus the smaller's.
import type { Steps } from "../../core/async.js";
import type { Arena } from "./arena.js";
import { type Binned, MISSING_BIN } from "./bin.js";
import { buildHist, H } from "./hist.js";
import type { TreeJSON } from "./model.js";

/** Categories need this many rows in a node to take part in a split (scikit-learn's MIN_CAT_SUPPORT). */
const MIN_CAT_SUPPORT = 10;

/** Growth parameters. Internal. */
export interface GrowParams {
  maxLeafNodes: number;
  maxDepth: number;
  minSamplesLeaf: number;
  l2: number;
  minHessian: number;
  learningRate: number;
  /** Per feature: +1 increasing, -1 decreasing, 0 none. */
  mono: Int8Array;
}

/** A tree in bin space (for updating the training and validation margins) and its saved form. Internal. */
export interface GrownTree {
  json: TreeJSON;
  /** Per node: split feature (-1 leaf), bin threshold, missing-left flag, category mask over bins (categorical). */
  feat: Int32Array;
  bin: Int32Array;
  missLeft: Uint8Array;
  mask: (Uint8Array | null)[];
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

interface Split {
  gain: number;
  f: number;
  bin: number;
  missLeft: boolean;
  mask: Uint8Array | null;
  gl: number;
  hl: number;
  cl: number;
  vl: number;
  vr: number;
}

interface GNode {
  id: number;
  s: number;
  e: number;
  g: number;
  h: number;
  c: number;
  depth: number;
  lower: number;
  upper: number;
  hist: Float64Array | null;
  split: Split | null;
}

/** Reusable buffers of one fit. Internal. */
export interface Workspace {
  idx: Uint32Array;
  tmp: Uint32Array;
  /** A node's gradients and hessians in the order of its rows, interleaved (g, h). */
  gh: Float64Array;
  pool: Float64Array[];
  d: number;
  /** The buffers' WebAssembly arena (histograms built by its kernel), or null. */
  arena: Arena | null;
  /** Scratch: which codes go left at a numeric split. */
  lut: Uint8Array;
  /** Scratch: the leaf (node id) of each row of the tree just grown. */
  leafId: Uint8Array;
}

/** Histogram length of a fit with d features. Internal. */
export function histLength(d: number): number {
  return d * H;
}

export function workspace(n: number, d: number, arena: Arena | null): Workspace {
  if (arena) return { idx: arena.idx, tmp: arena.tmp, gh: arena.gh, pool: arena.hists.slice().reverse(), d, arena, lut: arena.lut, leafId: new Uint8Array(n) };
  return {
    idx: new Uint32Array(n),
    tmp: new Uint32Array(n),
    gh: new Float64Array(2 * n),
    pool: [],
    d,
    arena: null,
    lut: new Uint8Array(256),
    leafId: new Uint8Array(n),
  };
}

function takeHist(W: Workspace): Float64Array {
  const h = W.pool.pop();
  if (h) {
    h.fill(0);
    return h;
  }
  return new Float64Array(W.d * H);
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function findSplit(B: Binned, P: GrowParams, node: GNode, feats: Int32Array): Split | null {
  const hist = node.hist as Float64Array;
  const { g, h, c, lower, upper } = node;
  const l2 = P.l2 + 1e-15;
  const msl = P.minSamplesLeaf;
  const minH = P.minHessian;
  const lossNode = g * clamp(-g / (h + l2), lower, upper);
  let best: Split | null = null;
  let bestGain = 0;
  const free = lower === -Infinity && upper === Infinity;
  const consider = (f: number, gl: number, hl: number, cl: number, bin: number, missLeft: boolean, mask: Uint8Array | null, mono: number): void => {
    const gr = g - gl;
    const hr = h - hl;
    const vl = clamp(-gl / (hl + l2), lower, upper);
    const vr = clamp(-gr / (hr + l2), lower, upper);
    if ((mono > 0 && vl > vr) || (mono < 0 && vl < vr)) return;
    const gain = lossNode - gl * vl - gr * vr;
    if (gain > bestGain) {
      bestGain = gain;
      best = { gain, f, bin, missLeft, mask, gl, hl, cl, vl, vr };
    }
  };
  for (let q = 0; q < feats.length; q++) {
    const f = feats[q];
    const o = f * H;
    const nb = B.nBins[f];
    const hasMiss = B.hasMissing[f];
    const mono = P.mono[f];
    if (B.isCat[f]) {
      const used: number[] = [];
      const key: number[] = [];
      for (let b = 0; b < nb; b++) if (hist[o + b * 3 + 2] >= MIN_CAT_SUPPORT) used.push(b);
      if (hasMiss && hist[o + MISSING_BIN * 3 + 2] >= MIN_CAT_SUPPORT) used.push(MISSING_BIN);
      if (used.length <= 1) continue;
      for (const b of used) key[b] = hist[o + b * 3] / (hist[o + b * 3 + 1] + MIN_CAT_SUPPORT);
      used.sort((a, b) => key[a] - key[b] || a - b);
      const middle = (used.length + 1) >> 1;
      for (const dir of [1, -1]) {
        let gl = 0;
        let hl = 0;
        let cl = 0;
        for (let t = 0; t < middle; t++) {
          const b = used[dir === 1 ? t : used.length - 1 - t];
          gl += hist[o + b * 3];
          hl += hist[o + b * 3 + 1];
          cl += hist[o + b * 3 + 2];
          if (cl < msl || hl < minH) continue;
          if (c - cl < msl || h - hl < minH) break;
          const before = bestGain;
          consider(f, gl, hl, cl, -1, false, null, 0);
          if (bestGain > before) {
            const mask = new Uint8Array(256);
            for (let u = 0; u <= t; u++) mask[used[dir === 1 ? u : used.length - 1 - u]] = 1;
            (best as unknown as Split).mask = mask;
            (best as unknown as Split).missLeft = mask[MISSING_BIN] === 1;
          }
        }
      }
      continue;
    }
    // missing values to the right: left = bins 0..b
    let gl = 0;
    let hl = 0;
    let cl = 0;
    const end = nb - 1 + hasMiss;
    const fast = free && mono === 0; // no bounds to clamp to: the gain inline, consider() only on a gain
    for (let b = 0; b < end; b++) {
      gl += hist[o + b * 3];
      hl += hist[o + b * 3 + 1];
      cl += hist[o + b * 3 + 2];
      if (cl < msl || hl < minH) continue;
      if (c - cl < msl || h - hl < minH) break;
      if (fast) {
        const gr = g - gl;
        const gain = lossNode - gl * (-gl / (hl + l2)) - gr * (-gr / (h - hl + l2));
        if (!(gain > bestGain)) continue;
      }
      consider(f, gl, hl, cl, b, false, null, mono);
    }
    if (!hasMiss) continue;
    // missing values to the left: right = bins b+1..nb-1
    let gr = 0;
    let hr = 0;
    let cr = 0;
    for (let b = nb - 2; b >= 0; b--) {
      gr += hist[o + (b + 1) * 3];
      hr += hist[o + (b + 1) * 3 + 1];
      cr += hist[o + (b + 1) * 3 + 2];
      if (cr < msl || hr < minH) continue;
      if (c - cr < msl || h - hr < minH) break;
      if (fast) {
        const gl2 = g - gr;
        const gain = lossNode - gl2 * (-gl2 / (h - hr + l2)) - (g - gl2) * (-(g - gl2) / (h - (h - hr) + l2));
        if (!(gain > bestGain)) continue;
      }
      consider(f, g - gr, h - hr, c - cr, b, true, null, mono);
    }
  }
  if (best !== null) {
    const sp = best as Split;
    // a feature without missing values in training sends them to the larger child (scikit-learn)
    if (!B.isCat[sp.f] && !B.hasMissing[sp.f]) sp.missLeft = sp.cl > c - sp.cl;
  }
  return best;
}

/**
 * Splits idx[s..e) into the rows going left, then right (order kept); returns the boundary.
 * Branch-free: a 256-entry table says which codes go left (the category mask, or bins <= the
 * threshold plus the missing bin's side), and every row is written to both buffers while only
 * one cursor moves; by the WebAssembly kernel when the buffers are in the arena.
 */
function partition(W: Workspace, bins: Uint8Array, n: number, f: number, s: number, e: number, sp: Split): number {
  const { idx, tmp } = W;
  const col = bins.subarray(f * n, (f + 1) * n);
  const lut = W.lut;
  if (sp.mask) lut.set(sp.mask);
  else {
    for (let b = 0; b < 256; b++) lut[b] = b <= sp.bin ? 1 : 0;
    lut[MISSING_BIN] = sp.missLeft ? 1 : 0;
  }
  const A = W.arena;
  if (A && lut.buffer === A.buffer && bins.buffer === A.buffer) {
    const left = A.kernel.split(col.byteOffset, idx.byteOffset + 4 * s, e - s, tmp.byteOffset, lut.byteOffset);
    idx.set(tmp.subarray(0, e - s - left), s + left);
    return s + left;
  }
  let a = s;
  let r = 0;
  for (let k = s; k < e; k++) {
    const i = idx[k]!;
    const l = lut[col[i]!]!;
    idx[a] = i; // a <= k: this slot has been read
    tmp[r] = i;
    a += l;
    r += 1 - l;
  }
  idx.set(tmp.subarray(0, r), a);
  return a;
}

/** parent -= child over the used bins of the features grown on (histogram subtraction). */
function subtract(parent: Float64Array, child: Float64Array, feats: Int32Array, nBins: Int32Array): void {
  for (let q = 0; q < feats.length; q++) {
    const f = feats[q]!;
    const o = f * H;
    const end = o + nBins[f]! * 3;
    for (let t = o; t < end; t++) parent[t] -= child[t]!;
    const m = o + MISSING_BIN * 3;
    parent[m] -= child[m]!;
    parent[m + 1] -= child[m + 1]!;
    parent[m + 2] -= child[m + 2]!;
  }
}

function markLeaf(leafId: Uint8Array, idx: Uint32Array, s: number, e: number, id: number): void {
  for (let k = s; k < e; k++) leafId[idx[k]!] = id;
}

function addLeaf(raw: Float64Array, idx: Uint32Array, s: number, e: number, v: number): void {
  for (let k = s; k < e; k++) raw[idx[k]!] += v;
}

/**
 * Grows one tree on the rows `W.idx[0..m)` (already chosen; `identity` when they are 0..m-1),
 * yielding after each split.
 * Leaf values are shrunk by the learning rate; `raw` is updated for those rows. Internal.
 */
export function* growTree(
  B: Binned,
  P: GrowParams,
  W: Workspace,
  g: Float64Array,
  h: Float64Array,
  m: number,
  feats: Int32Array,
  raw: Float64Array,
  identity: boolean,
): Steps<GrownTree> {
  const nodes: GNode[] = [];
  const splits: (Split | null)[] = [];
  const kids: [number, number][] = [];
  const make = (s: number, e: number, sg: number, sh: number, depth: number, lower: number, upper: number): GNode => {
    const nd: GNode = { id: nodes.length, s, e, g: sg, h: sh, c: e - s, depth, lower, upper, hist: null, split: null };
    nodes.push(nd);
    splits.push(null);
    kids.push([-1, -1]);
    return nd;
  };
  let sg = 0;
  let sh = 0;
  for (let k = 0; k < m; k++) {
    sg += g[W.idx[k]];
    sh += h[W.idx[k]];
  }
  const root = make(0, m, sg, sh, 0, -Infinity, Infinity);
  const canSplit = (nd: GNode): boolean => nd.depth < P.maxDepth && nd.c >= 2 * P.minSamplesLeaf && nd.h >= 2 * P.minHessian;
  root.hist = takeHist(W);
  buildHist(B, W, g, h, 0, m, feats, root.hist, identity);
  const frontier: GNode[] = [];
  const consider = (nd: GNode): void => {
    nd.split = canSplit(nd) ? findSplit(B, P, nd, feats) : null;
    if (nd.split) frontier.push(nd);
    else if (nd.hist) {
      W.pool.push(nd.hist);
      nd.hist = null;
    }
  };
  consider(root);
  let leaves = 1;
  const bins = B.bins;
  while (frontier.length > 0 && leaves < P.maxLeafNodes) {
    let bi = 0;
    for (let q = 1; q < frontier.length; q++) if ((frontier[q].split as Split).gain > (frontier[bi].split as Split).gain) bi = q;
    const nd = frontier[bi];
    frontier.splice(bi, 1);
    const sp = nd.split as Split;
    const a = partition(W, bins, B.n, sp.f, nd.s, nd.e, sp);
    const lo = nd.lower;
    const hi = nd.upper;
    let lLo = lo;
    let lHi = hi;
    let rLo = lo;
    let rHi = hi;
    const mono = P.mono[sp.f];
    if (mono !== 0) {
      const mid = (sp.vl + sp.vr) / 2;
      if (mono > 0) {
        lHi = mid;
        rLo = mid;
      } else {
        lLo = mid;
        rHi = mid;
      }
    }
    const L = make(nd.s, a, sp.gl, sp.hl, nd.depth + 1, lLo, lHi);
    const R = make(a, nd.e, nd.g - sp.gl, nd.h - sp.hl, nd.depth + 1, rLo, rHi);
    splits[nd.id] = sp;
    kids[nd.id] = [L.id, R.id];
    leaves++;
    const parent = nd.hist as Float64Array;
    nd.hist = null;
    const last = leaves >= P.maxLeafNodes;
    if (!last && (canSplit(L) || canSplit(R))) {
      const [small, large] = L.c <= R.c ? [L, R] : [R, L];
      small.hist = takeHist(W);
      buildHist(B, W, g, h, small.s, small.e, feats, small.hist, false);
      subtract(parent, small.hist, feats, B.nBins);
      large.hist = parent;
      consider(L);
      consider(R);
    } else W.pool.push(parent);
    yield;
  }
  for (const nd of frontier) if (nd.hist) W.pool.push(nd.hist);
  // saved form and bin-space form
  const M = nodes.length;
  const json: TreeJSON = { feature: [], threshold: [], left: [], right: [], value: [], defaultLeft: [], cover: [] };
  const cats: (number[] | null)[] = [];
  let anyCat = false;
  const T: GrownTree = {
    json,
    feat: new Int32Array(M),
    bin: new Int32Array(M),
    missLeft: new Uint8Array(M),
    mask: [],
    left: new Int32Array(M),
    right: new Int32Array(M),
    value: new Float64Array(M),
  };
  const l2 = P.l2 + 1e-15;
  // every row in the tree: note each row's leaf (a byte per row), then add the leaf values in
  // row order (one pass over raw instead of one scattered pass per leaf)
  const byLeaf = m === raw.length && M <= 256;
  for (const nd of nodes) {
    const sp = splits[nd.id];
    const [l, r] = kids[nd.id];
    T.left[nd.id] = l;
    T.right[nd.id] = r;
    json.left.push(l);
    json.right.push(r);
    json.cover.push(nd.c);
    if (!sp) {
      const v = P.learningRate * clamp(-nd.g / (nd.h + l2), nd.lower, nd.upper);
      T.feat[nd.id] = -1;
      T.value[nd.id] = v;
      T.mask.push(null);
      json.feature.push(-1);
      json.threshold.push(0);
      json.value.push(v);
      json.defaultLeft.push(0);
      cats.push(null);
      if (byLeaf) markLeaf(W.leafId, W.idx, nd.s, nd.e, nd.id);
      else addLeaf(raw, W.idx, nd.s, nd.e, v);
      continue;
    }
    T.feat[nd.id] = sp.f;
    T.bin[nd.id] = sp.bin;
    T.missLeft[nd.id] = sp.missLeft ? 1 : 0;
    T.mask.push(sp.mask);
    json.feature.push(sp.f);
    json.value.push(0);
    json.defaultLeft.push(sp.missLeft ? 1 : 0);
    if (sp.mask) {
      anyCat = true;
      const lv = B.levels[sp.f] as Float64Array;
      const list: number[] = [];
      for (let b = 0; b < lv.length; b++) if (sp.mask[b]) list.push(lv[b]);
      cats.push(list);
      json.threshold.push(0);
    } else {
      cats.push(null);
      const thr = B.thresholds[sp.f];
      json.threshold.push(sp.bin < thr.length ? thr[sp.bin] : Number.MAX_VALUE);
    }
  }
  if (anyCat) json.categories = cats;
  if (byLeaf) {
    const lid = W.leafId;
    const val = T.value;
    for (let i = 0; i < m; i++) raw[i] += val[lid[i]!]!;
  }
  return T;
}

/** Adds the tree's output to `raw` for the rows of column-major `bins` (n rows) whose `skip` flag is 0. Internal. */
export function applyBinned(T: GrownTree, bins: Uint8Array, n: number, raw: Float64Array, skip: Uint8Array | null): void {
  const { feat, mask, missLeft, bin, left, right, value } = T;
  for (let i = 0; i < n; i++) {
    if (skip?.[i]) continue;
    let k = 0;
    while (feat[k]! >= 0) {
      const b = bins[feat[k]! * n + i]!;
      const mk = mask[k];
      const goLeft = mk ? mk[b] === 1 : b === MISSING_BIN ? missLeft[k] === 1 : b <= bin[k]!;
      k = goLeft ? left[k]! : right[k]!;
    }
    raw[i] += value[k]!;
  }
}
