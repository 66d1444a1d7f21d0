/**
 * Internal: the memory layouts of the nearest-neighbor chain (blocked condensed triangle, full square matrix),
 * how much memory they take, and the passes that fill them with Euclidean distances.
 */
import { ClienteleError } from "../core/errors.js";
import type { FlatMatrix } from "../core/matrix.js";

/** Bytes of nnChain's O(n) work arrays: row bases, seven Int32Arrays, the merge heights. */
export function workBytes(n: number): number {
  return 8 * n + 7 * 4 * n + 8 * n;
}

/** Whether nnChain starts on the full n × n matrix (n <= 2,896, and the matrix fits the budget). */
export function useSquareStart(n: number, maxBytes: number): boolean {
  return 8 * n * n <= SQUARE_START_MAX_BYTES && 8 * n * n + workBytes(n) <= maxBytes;
}

/**
 * Bytes nnChain allocates for n points: the distances (the n × n matrix, or the blocked
 * condensed triangle plus the RB-row scratch block of its switch to the square layout) and
 * its O(n) work arrays (row bases, block starts, seven Int32Arrays, the merge heights).
 */
export function nnChainBytes(n: number, maxBytes: number): number {
  const work = workBytes(n);
  if (useSquareStart(n, maxBytes)) return 8 * n * n + work;
  const nb = Math.ceil(n / RB);
  // blockStarts(n)[nb] in closed form: sum over blocks I of RB * (n - RB * I)
  const blocked = RB * n * nb - RB * RB * ((nb * (nb - 1)) / 2);
  return 8 * (blocked + RB * n + n + nb + 1) + work;
}

export function allocCondensed(n: number, size: number): Float64Array {
  try {
    return new Float64Array(size);
  } catch {
    throw new ClienteleError({
      code: "TOO_LARGE",
      received: n,
      message: `fitHierarchical: ${n} points need a condensed distance array of ${size} float64 values (${((size * 8) / 2 ** 30).toFixed(1)} GiB), which could not be allocated. Use single linkage (O(n) memory), sample the points, or cluster K-Means centroids instead.`,
    });
  }
}

/** Fills blocks I0..I1-1 of the blocked condensed triangle, block by block, column by column: the 8 entries of a column segment are one cache line, written in order. */
export function fillBlocks(m: FlatMatrix, D: Float64Array, blockStart: Float64Array, I0: number, I1: number): void {
  const { data, n, d } = m;
  for (let I = I0; I < I1; I++) {
    const r0 = I * RB;
    const rEnd = Math.min(n, r0 + RB);
    const bs = blockStart[I];
    for (let j = r0 + 1; j < n; j++) {
      const jo = j * d;
      const o = bs + (j - r0) * RB - r0;
      const iEnd = j < rEnd ? j : rEnd;
      for (let i = r0; i < iEnd; i++) {
        const io = i * d;
        let s = 0;
        for (let t = 0; t < d; t++) {
          const diff = data[io + t] - data[jo + t];
          s += diff * diff;
        }
        D[o + i] = Math.sqrt(s);
      }
    }
  }
}

/** Largest full n × n start matrix (bytes): n <= 2,896. Above it, the blocked condensed triangle. */
export const SQUARE_START_MAX_BYTES = 64 * 2 ** 20;
export const SQ_TILE = 32;

/**
 * Rows i0..i1-1 of the full distance matrix: the upper part of each row is computed
 * (same sums as the condensed fill, so bit-identical), and mirrored into the columns
 * in SQ_TILE × SQ_TILE tiles.
 */
export function fillSquare(m: FlatMatrix, D: Float64Array, i0: number, i1: number): void {
  const { data, n, d } = m;
  for (let i = i0; i < i1; i++) {
    const io = i * d;
    const ro = i * n;
    D[ro + i] = 0;
    for (let j = i + 1; j < n; j++) {
      const jo = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = data[io + t] - data[jo + t];
        s += diff * diff;
      }
      D[ro + j] = Math.sqrt(s);
    }
  }
  for (let j0 = i0; j0 < n; j0 += SQ_TILE) {
    const j1 = Math.min(n, j0 + SQ_TILE);
    for (let i = i0; i < i1; i++) {
      const ro = i * n;
      for (let j = j0 > i + 1 ? j0 : i + 1; j < j1; j++) D[j * n + i] = D[ro + j];
    }
  }
}

/** Rows per interleaved block of the condensed phase (see `nnChain`). */
export const RB_SHIFT = 3;
export const RB = 1 << RB_SHIFT;

/** Start of each block of RB rows (block I holds columns RB*I..n-1 of its rows); last entry = total size. */
export function blockStarts(n: number): Float64Array {
  const nb = Math.ceil(n / RB);
  const bs = new Float64Array(nb + 1);
  for (let I = 0; I < nb; I++) bs[I + 1] = bs[I] + RB * (n - RB * I);
  return bs;
}

/** Per row i: the offset with idx(i, j) = base[i] + j * RB. */
export function blockRowBases(n: number, bs: Float64Array): Float64Array {
  const rb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const I = i >> RB_SHIFT;
    rb[i] = bs[I] - RB * I * RB + (i & (RB - 1));
  }
  return rb;
}

export function condensedRowStarts(n: number): Float64Array {
  const rs = new Float64Array(n);
  for (let i = 0; i < n; i++) rs[i] = i * n - (i * (i + 1)) / 2 - i - 1;
  return rs;
}
