/**
 * Internal: the nearest-neighbor chain (SciPy's `nn_chain`) with Lance–Williams updates, for ward, complete and
 * average linkage.
 */
import type { FlatMatrix } from "../core/matrix.js";
import type { Steps } from "../core/async.js";
import type { Linkage } from "./hierarchicalModel.js";
import { checkAbort, type Hooks, type RawMerges } from "./hierarchicalMerges.js";
import {
  allocCondensed,
  blockRowBases,
  blockStarts,
  condensedRowStarts,
  fillBlocks,
  fillSquare,
  RB,
  RB_SHIFT,
  SQ_TILE,
  useSquareStart,
} from "./hierarchicalLayout.js";

/**
 * Nearest-neighbor chain (SciPy's `nn_chain`) for ward, complete and average linkage.
 *
 * Memory layout: the distances start as SciPy's condensed upper triangle with rows
 * interleaved in blocks of RB = 8: block I holds rows 8I..8I+7 from column 8I on, and
 * d(i, j) (i < j) sits at `rowStart[i] + 8 j`. A column segment of 8 consecutive rows is
 * then one 64-byte cache line, so the column walks of the scans and of the Lance–Williams
 * updates (the memory-latency-bound part, rows being ~8n bytes apart) touch 8 times
 * fewer cache lines and pages, while row reads become stride-64 B streams that the
 * hardware prefetcher follows. The blocks cost 4n extra entries over n(n-1)/2. As clusters
 * merge away, the active slots are compacted (order preserved, so ties break as in
 * SciPy); once m active clusters fit as a full m × m matrix inside the same buffer
 * (m² <= n(n-1)/2, after about 30% of the merges), the buffer is rewritten in place
 * (block by block through an 8n scratch copy, into a plain condensed triangle, then
 * expanded) as a square matrix so every nearest-neighbor scan reads one contiguous row.
 * Peak memory is the one condensed array plus O(n) (above 2,896 points; below, the n × n matrix).
 */
export function* nnChain(m: FlatMatrix, linkage: Linkage, maxBytes: number, hooks: Hooks): Steps<RawMerges> {
  const n = m.n;
  // Small n: a full n × n matrix from the start (contiguous rows for every scan).
  const squareStart = useSquareStart(n, maxBytes);
  const blockStart = squareStart ? new Float64Array(1) : blockStarts(n);
  const D = allocCondensed(n, squareStart ? n * n : blockStart[blockStart.length - 1]);
  // Blocked condensed layout: idx(i, j) = rowStart[i] + j * RB for i < j.
  const rowStart = squareStart ? new Float64Array(0) : blockRowBases(n, blockStart);
  // The heavy loops live in plain functions (fillBlocks, mergeSome) called from this
  // generator: V8 optimizes a plain function as soon as it is hot, while a generator's
  // loops would run unoptimized for the first fit (costly for a fit of a few 100 ms).
  if (squareStart) {
    for (let i0 = 0; i0 < n; i0 += SQ_TILE * 4) {
      fillSquare(m, D, i0, Math.min(n, i0 + SQ_TILE * 4));
      checkAbort(hooks);
      yield;
    }
  } else {
    const nb = blockStart.length - 1;
    for (let I = 0; I < nb; I += 4) {
      fillBlocks(m, D, blockStart, I, Math.min(nb, I + 4));
      checkAbort(hooks);
      yield;
    }
  }
  const st: ChainState = {
    D,
    rowStart,
    blockStart,
    method: linkage === "ward" ? 0 : linkage === "complete" ? 1 : 2,
    n,
    size: new Int32Array(n).fill(1),
    orig: identity(n),
    active: identity(n),
    chain: new Int32Array(n),
    newPos: new Int32Array(n),
    outX: new Int32Array(n - 1),
    outY: new Int32Array(n - 1),
    outH: new Float64Array(n - 1),
    dim: n,
    square: squareStart,
    nActive: n,
    chainLen: 0,
  };
  const total = n - 1;
  const step = Math.max(1, Math.floor(total / 100));
  let nextReport = step;
  for (let k = 0; k < total; ) {
    k = mergeSome(st, k, nextReport < total ? nextReport : total);
    if (k === nextReport) {
      checkAbort(hooks);
      hooks.onProgress?.({ merges: k, total });
      nextReport += step;
    }
    yield;
  }
  return { x: st.outX, y: st.outY, h: st.outH };
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** The state of the nearest-neighbor chain between two calls of `mergeSome`. */
interface ChainState {
  D: Float64Array;
  rowStart: Float64Array;
  blockStart: Float64Array;
  /** 0 ward, 1 complete, 2 average. */
  method: number;
  n: number;
  size: Int32Array;
  /** orig[slot] is the point index SciPy would use for that slot. */
  orig: Int32Array;
  active: Int32Array;
  chain: Int32Array;
  newPos: Int32Array;
  outX: Int32Array;
  outY: Int32Array;
  outH: Float64Array;
  dim: number;
  square: boolean;
  nActive: number;
  chainLen: number;
}

/** Distance entries touched per `mergeSome` call before it returns (about a millisecond of work). */
const MERGE_WORK = 1 << 19;

/**
 * Performs merges k, k+1, ... of the nearest-neighbor chain until `kEnd` or about
 * MERGE_WORK entries have been touched; returns the number of merges done so far.
 */
function mergeSome(st: ChainState, k: number, kEnd: number): number {
  const { D, rowStart, blockStart, method, n, size, orig, active, chain, newPos, outX, outY, outH } = st;
  let { dim, square, nActive, chainLen } = st;
  let work = 0;
  for (; k < kEnd && work < MERGE_WORK; k++) {
    const mm = nActive;
    if (!square && dim >= 64 && mm * mm <= D.length) {
      // Compact the condensed triangle to the active slots (entries only move down) ...
      // Block by block through a copy of the block, since the standard condensed rows
      // written so far never reach past the current block's end.
      let w = 0;
      const tmp = new Float64Array(RB * n);
      for (let a = 0; a < mm - 1; ) {
        const I = active[a] >> RB_SHIFT;
        const start = blockStart[I];
        tmp.set(D.subarray(start, blockStart[I + 1]));
        for (; a < mm - 1 && active[a] >> RB_SHIFT === I; a++) {
          const base = rowStart[active[a]] - start;
          for (let b = a + 1; b < mm; b++) D[w++] = tmp[base + active[b] * RB];
        }
      }
      dim = remapSlots(mm, active, newPos, size, orig, chain, chainLen);
      // ... then expand it in place, last row first, into a full mm × mm matrix.
      const rs = condensedRowStarts(mm);
      for (let i = mm - 1; i >= 0; i--) {
        const ro = i * mm;
        for (let j = mm - 1; j > i; j--) D[ro + j] = D[rs[i] + j];
        D[ro + i] = 0;
        for (let j = i - 1; j >= 0; j--) D[ro + j] = D[rs[j] + i];
      }
      square = true;
      work += mm * mm;
    } else if (square && dim >= 64 && mm * 2 <= dim) {
      for (let a = 0; a < mm; a++) {
        const ro = active[a] * dim;
        for (let b = 0; b < mm; b++) D[a * mm + b] = D[ro + active[b]];
      }
      dim = remapSlots(mm, active, newPos, size, orig, chain, chainLen);
      work += mm * mm;
    }
    if (chainLen === 0) {
      chain[0] = active[0];
      chainLen = 1;
    }
    let x = 0;
    let y = 0;
    let curMin = Infinity;
    for (;;) {
      x = chain[chainLen - 1];
      if (chainLen > 1) {
        y = chain[chainLen - 2];
        curMin = square ? D[x * dim + y] : x < y ? D[rowStart[x] + y * RB] : D[rowStart[y] + x * RB];
      } else {
        curMin = Infinity;
      }
      // Scan the active clusters in increasing slot order (ties keep the earlier one).
      if (square) {
        const bx = x * dim;
        for (let a = 0; a < nActive; a++) {
          const i = active[a];
          if (i === x) continue;
          const dist = D[bx + i];
          if (dist < curMin) {
            curMin = dist;
            y = i;
          }
        }
      } else {
        let a = 0;
        const xc = x * RB;
        for (; a < nActive; a++) {
          const i = active[a];
          if (i >= x) break;
          const dist = D[rowStart[i] + xc];
          if (dist < curMin) {
            curMin = dist;
            y = i;
          }
        }
        const bx = rowStart[x];
        for (; a < nActive; a++) {
          const i = active[a];
          if (i === x) continue;
          const dist = D[bx + i * RB];
          if (dist < curMin) {
            curMin = dist;
            y = i;
          }
        }
      }
      work += nActive;
      if (chainLen > 1 && y === chain[chainLen - 2]) break;
      chain[chainLen++] = y;
    }
    chainLen -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x];
    const ny = size[y];
    outX[k] = orig[x];
    outY[k] = orig[y];
    outH[k] = curMin;
    size[x] = 0;
    size[y] = nx + ny;
    // Drop x from the active list (binary search; the list stays sorted).
    let lo = 0;
    let hi = nActive - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (active[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    active.copyWithin(lo, lo + 1, nActive);
    nActive--;
    work += nActive;
    // Lance–Williams update of the distances to the new cluster, stored in slot y:
    // SciPy's update formulas, evaluated in SciPy's order (one loop per linkage).
    const dxy = curMin;
    const nxy = nx + ny;
    if (square) {
      const bx = x * dim;
      const by = y * dim;
      if (method === 0) {
        for (let a = 0; a < nActive; a++) {
          const i = active[a];
          if (i === y) continue;
          const dxi = D[bx + i];
          const dyi = D[by + i];
          const ni = size[i];
          const t = 1.0 / (nxy + ni);
          const v = Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
          D[by + i] = v;
          D[i * dim + y] = v;
        }
      } else {
        for (let a = 0; a < nActive; a++) {
          const i = active[a];
          if (i === y) continue;
          const dxi = D[bx + i];
          const dyi = D[by + i];
          const v = method === 1 ? (dxi > dyi ? dxi : dyi) : (nx * dxi + ny * dyi) / nxy;
          D[by + i] = v;
          D[i * dim + y] = v;
        }
      }
    } else {
      const bxr = rowStart[x];
      const byr = rowStart[y];
      const xc = x * RB;
      const yc = y * RB;
      if (method === 0) {
        for (let a = 0; a < nActive; a++) {
          const i = active[a];
          if (i === y) continue;
          const ix = i < x ? rowStart[i] + xc : bxr + i * RB;
          const iy = i < y ? rowStart[i] + yc : byr + i * RB;
          const dxi = D[ix];
          const dyi = D[iy];
          const ni = size[i];
          const t = 1.0 / (nxy + ni);
          D[iy] = Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
        }
      } else {
        for (let a = 0; a < nActive; a++) {
          const i = active[a];
          if (i === y) continue;
          const ix = i < x ? rowStart[i] + xc : bxr + i * RB;
          const iy = i < y ? rowStart[i] + yc : byr + i * RB;
          const dxi = D[ix];
          const dyi = D[iy];
          D[iy] = method === 1 ? (dxi > dyi ? dxi : dyi) : (nx * dxi + ny * dyi) / nxy;
        }
      }
    }
  }
  st.dim = dim;
  st.square = square;
  st.nActive = nActive;
  st.chainLen = chainLen;
  return k;
}

/** Renumbers the mm active slots to 0..mm-1 (order kept); returns the new dimension. */
function remapSlots(mm: number, active: Int32Array, newPos: Int32Array, size: Int32Array, orig: Int32Array, chain: Int32Array, chainLen: number): number {
  for (let a = 0; a < mm; a++) newPos[active[a]] = a;
  for (let a = 0; a < mm; a++) {
    size[a] = size[active[a]];
    orig[a] = orig[active[a]];
  }
  for (let c = 0; c < chainLen; c++) chain[c] = newPos[chain[c]];
  for (let a = 0; a < mm; a++) active[a] = a;
  return mm;
}
