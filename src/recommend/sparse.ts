// Internal typed-array views of interaction matrices and small kernels shared by the models.
import { ClienteleError, formatPath } from "../core/errors.js";
import { suggestName } from "../core/validate.js";
import type { RecommendId, Interactions } from "./interactions.js";

/**
 * `INVALID_INPUT` when the object `value` (a positional argument or an entry of one, at `path`)
 * has a field outside `known`, naming the nearest valid one. Internal.
 */
export function rejectUnknownFields(value: object, known: readonly string[], fn: string, path: (string | number)[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new ClienteleError({
        code: "INVALID_INPUT",
        path: [...path, key],
        received: key,
        message: `${fn}: unknown field "${key}" in ${formatPath(path)}; ${suggestName(key, known, "fields")}`,
      });
    }
  }
}

/** CSR (or CSC) with typed arrays. */
export interface Csr {
  nRows: number;
  nCols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

const csrCache = new WeakMap<object, Csr>();
const cscCache = new WeakMap<object, Csr>();
const userMapCache = new WeakMap<object, Map<string, number>>();
const itemMapCache = new WeakMap<object, Map<string, number>>();

/** Typed CSR copy of interactions (cached per object; inputs are treated as immutable). */
export function toCsr(m: Interactions): Csr {
  let c = csrCache.get(m);
  if (!c) {
    c = {
      nRows: m.nUsers,
      nCols: m.nItems,
      indptr: Int32Array.from(m.indptr),
      indices: Int32Array.from(m.indices),
      values: Float64Array.from(m.values),
    };
    csrCache.set(m, c);
  }
  return c;
}

/** Item × user (CSC of the interactions), cached per object. */
export function toCsc(m: Interactions): Csr {
  let c = cscCache.get(m);
  if (!c) {
    c = transpose(toCsr(m));
    cscCache.set(m, c);
  }
  return c;
}

/** Transposes a CSR matrix in O(nnz); rows of the result are sorted. */
export function transpose(a: Csr): Csr {
  const { nRows, nCols, indptr, indices, values } = a;
  const nnz = indices.length;
  const tp = new Int32Array(nCols + 1);
  for (let p = 0; p < nnz; p++) tp[indices[p] + 1]++;
  for (let j = 0; j < nCols; j++) tp[j + 1] += tp[j];
  const fill = tp.slice(0, nCols);
  const ti = new Int32Array(nnz);
  const tv = new Float64Array(nnz);
  for (let i = 0; i < nRows; i++) {
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const q = fill[indices[p]]++;
      ti[q] = i;
      tv[q] = values[p];
    }
  }
  return { nRows: nCols, nCols: nRows, indptr: tp, indices: ti, values: tv };
}

/** id (string form, the id rule) -> row index of the users (cached). Look up with idKey(...) or String(id). */
export function userIndexMap(m: { userIds: readonly RecommendId[] }): Map<string, number> {
  let map = userMapCache.get(m);
  if (!map) {
    map = new Map();
    for (let i = 0; i < m.userIds.length; i++) map.set(String(m.userIds[i]), i);
    userMapCache.set(m, map);
  }
  return map;
}

/** id (string form) -> column index of the items (cached). */
export function itemIndexMap(m: { itemIds: readonly RecommendId[] }): Map<string, number> {
  let map = itemMapCache.get(m);
  if (!map) {
    map = new Map();
    for (let i = 0; i < m.itemIds.length; i++) map.set(String(m.itemIds[i]), i);
    itemMapCache.set(m, map);
  }
  return map;
}

/**
 * Indices of the k largest finite scores (ties to the lower index), best first.
 * Entries equal to -Infinity are never returned. With `candidates`, only
 * `candidates[0 .. nCandidates)` are considered. O(n log k).
 */
export function topK(scores: Float64Array, kIn: number, candidates?: Int32Array, nCandidates = 0): number[] {
  const n = candidates ? nCandidates : scores.length;
  const k = Math.max(0, Math.min(kIn, n)); // a list is never longer than the candidates
  const heapIdx = new Int32Array(k);
  const heapVal = new Float64Array(k);
  let size = 0;
  // Min-heap on (value asc, index desc): root is the worst kept entry.
  for (let t = 0; t < n; t++) {
    const i = candidates ? candidates[t] : t;
    const v = scores[i];
    if (v === -Infinity) continue;
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        const pv = heapVal[p];
        if (v < pv || (v === pv && i > heapIdx[p])) {
          heapVal[c] = pv;
          heapIdx[c] = heapIdx[p];
          c = p;
        } else break;
      }
      heapVal[c] = v;
      heapIdx[c] = i;
    } else {
      const rv = heapVal[0];
      if (!(rv < v || (rv === v && heapIdx[0] > i))) continue;
      siftDown(heapVal, heapIdx, size, v, i);
    }
  }
  // Pop the worst entry repeatedly into the back of `out`: best first, equal scores by lower index
  // (the order of sorting by score descending, then index ascending), without a comparator sort.
  const out = new Array<number>(size);
  while (size > 0) {
    out[size - 1] = heapIdx[0];
    size--;
    siftDown(heapVal, heapIdx, size, heapVal[size], heapIdx[size]);
  }
  return out;
}

/**
 * Puts (v, i) at the root of the min-heap on (value asc, index desc) held in the first `size`
 * entries, and sifts it down to its place.
 */
function siftDown(heapVal: Float64Array, heapIdx: Int32Array, size: number, v: number, i: number): void {
  let c = 0;
  for (;;) {
    const l = 2 * c + 1;
    if (l >= size) break;
    let m = l;
    const r = l + 1;
    if (r < size && (heapVal[r] < heapVal[l] || (heapVal[r] === heapVal[l] && heapIdx[r] > heapIdx[l]))) m = r;
    const mv = heapVal[m];
    if (mv < v || (mv === v && heapIdx[m] > i)) {
      heapVal[c] = mv;
      heapIdx[c] = heapIdx[m];
      c = m;
    } else break;
  }
  heapVal[c] = v;
  heapIdx[c] = i;
}

/** Base64 of a Float32 copy of `x` (little-endian), for compact model storage. */
export function encodeFloat32(x: ArrayLike<number>): string {
  const f = Float32Array.from(x as ArrayLike<number>);
  const bytes = new Uint8Array(f.buffer);
  if (!isLittleEndian()) swap4(bytes);
  return bytesToBase64(bytes);
}

/** Inverse of encodeFloat32; returns undefined when the string is not valid base64 of the given length. */
export function decodeFloat32(s: string, length: number): Float32Array | undefined {
  const bytes = base64ToBytes(s);
  if (!bytes || bytes.length !== length * 4) return undefined;
  if (!isLittleEndian()) swap4(bytes);
  return new Float32Array(bytes.buffer, bytes.byteOffset, length);
}

let littleEndian: boolean | undefined;
function isLittleEndian(): boolean {
  littleEndian ??= new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  return littleEndian;
}
function swap4(b: Uint8Array): void {
  for (let i = 0; i + 3 < b.length; i += 4) {
    let t = b[i];
    b[i] = b[i + 3];
    b[i + 3] = t;
    t = b[i + 1];
    b[i + 1] = b[i + 2];
    b[i + 2] = t;
  }
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
let lookupTable: Int16Array | undefined;
function base64Lookup(): Int16Array {
  if (!lookupTable) {
    lookupTable = new Int16Array(128).fill(-1);
    for (let i = 0; i < 64; i++) lookupTable[ALPHABET.charCodeAt(i)] = i;
  }
  return lookupTable;
}

function bytesToBase64(b: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 8192;
  for (let start = 0; start < b.length; start += CHUNK) {
    const end = Math.min(b.length, start + CHUNK);
    const codes: number[] = [];
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
      codes.push(ALPHABET.charCodeAt(n >>> 18), ALPHABET.charCodeAt((n >>> 12) & 63), ALPHABET.charCodeAt((n >>> 6) & 63), ALPHABET.charCodeAt(n & 63));
    }
    const rem = end - i;
    if (rem === 1) {
      const n = b[i] << 16;
      codes.push(ALPHABET.charCodeAt(n >>> 18), ALPHABET.charCodeAt((n >>> 12) & 63), 61, 61);
    } else if (rem === 2) {
      const n = (b[i] << 16) | (b[i + 1] << 8);
      codes.push(ALPHABET.charCodeAt(n >>> 18), ALPHABET.charCodeAt((n >>> 12) & 63), ALPHABET.charCodeAt((n >>> 6) & 63), 61);
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join("");
}

function base64ToBytes(s: string): Uint8Array | undefined {
  if (typeof s !== "string" || s.length % 4 !== 0) return undefined;
  let pad = 0;
  if (s.endsWith("==")) pad = 2;
  else if (s.endsWith("=")) pad = 1;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  const LOOKUP = base64Lookup();
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    const a = c0 < 128 ? LOOKUP[c0] : -1;
    const b = c1 < 128 ? LOOKUP[c1] : -1;
    const c = c2 === 61 ? 0 : c2 < 128 ? LOOKUP[c2] : -1;
    const d = c3 === 61 ? 0 : c3 < 128 ? LOOKUP[c3] : -1;
    if (a < 0 || b < 0 || c < 0 || d < 0) return undefined;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < out.length) out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
