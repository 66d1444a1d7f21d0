/**
 * The one pattern grouper of `clientele/clv`: identical rows of (frequency, recency, T) — or of any
 * two or three columns — become one distinct pattern with a summed weight. Buy-till-you-die
 * likelihoods and predictions depend on a customer only through such a pattern, so a million
 * customers cost what their distinct patterns cost.
 *
 * Open addressing over the bits of the keys, keys stored inline, and a table that grows with the
 * number of distinct patterns (not the rows), so it stays cache-resident when patterns are few.
 * Chosen over the table sized 2·rows up front that the (x, t_x, T) grouping used before, by
 * measurement (benchmarks/notes/clv.md, 2026-12-06): at 1,000,000 rows about a third faster for
 * (x, t_x, T), as fast for (x, T) pairs. The table starts at min(2·rows, 32,768) slots, so up to
 * 16,384 distinct patterns it never grows.
 */

/** Distinct (frequency, recency, T) patterns with their total weights. */
export interface CompressedRft {
  /** Number of distinct patterns. */
  n: number;
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Summed weight of each pattern (the count of customers when no weights were given). */
  weight: Float64Array;
  /** Largest frequency among the patterns. */
  maxFrequency: number;
  /** Sum of all weights. */
  totalWeight: number;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mixDouble(h: number, v: number): number {
  f64[0] = v === 0 ? 0 : v; // -0 and 0 hash alike
  h = Math.imul(h ^ u32[0], 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ u32[1], 0x85ebca77);
  return h ^ (h >>> 13);
}

function hashKey(x: number, y: number, z: number, three: boolean): number {
  const h = mixDouble(mixDouble(0x811c9dc5, x), y);
  return three ? mixDouble(h, z) : h;
}

function grown(v: Float64Array, cap: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(cap);
  out.set(v);
  return out;
}

/** Distinct key rows (in order of first appearance) with summed weights. */
interface Groups {
  n: number;
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  weight: Float64Array;
  totalWeight: number;
}

/**
 * Groups identical (a, b[, c]) rows; rows with zero weight are dropped. When `index` is given,
 * index[i] receives the group of row i (−1 for rows with zero weight). O(n) expected; the columns
 * are trusted (checked by the caller). Patterns are numbered in order of first appearance.
 */
function groupRows(a: Float64Array, b: Float64Array, c: Float64Array | null, weights: Float64Array | undefined, index: Int32Array | undefined): Groups {
  const n = a.length;
  const three = c !== null;
  // start at 2·rows up to 32,768 slots (0.9 MB of keys), then grow with the distinct patterns
  let size = 1024;
  while (size < 2 * n && size < 32_768) size *= 2;
  let mask = size - 1;
  let keys = new Float64Array(3 * size);
  let slot = new Int32Array(size).fill(-1);
  let cap = 256;
  let ka = new Float64Array(cap);
  let kb = new Float64Array(cap);
  let kc = new Float64Array(cap);
  let kw = new Float64Array(cap);
  let m = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    if (w === 0) {
      if (index !== undefined) index[i] = -1;
      continue;
    }
    const x = a[i];
    const y = b[i];
    const z = three ? c[i] : 0;
    let h = hashKey(x, y, z, three) & mask;
    for (;;) {
      const k = slot[h];
      if (k === -1) {
        if (2 * (m + 1) > size) {
          // grow: double the table and re-insert the m patterns
          size *= 2;
          mask = size - 1;
          keys = new Float64Array(3 * size);
          slot = new Int32Array(size).fill(-1);
          for (let j = 0; j < m; j++) {
            let g = hashKey(ka[j], kb[j], kc[j], three) & mask;
            while (slot[g] !== -1) g = (g + 1) & mask;
            slot[g] = j;
            keys[3 * g] = ka[j];
            keys[3 * g + 1] = kb[j];
            keys[3 * g + 2] = kc[j];
          }
          h = hashKey(x, y, z, three) & mask;
          while (slot[h] !== -1) h = (h + 1) & mask;
        }
        if (m === cap) {
          cap *= 2;
          ka = grown(ka, cap);
          kb = grown(kb, cap);
          kc = grown(kc, cap);
          kw = grown(kw, cap);
        }
        slot[h] = m;
        keys[3 * h] = x;
        keys[3 * h + 1] = y;
        keys[3 * h + 2] = z;
        ka[m] = x;
        kb[m] = y;
        kc[m] = z;
        kw[m] = w;
        if (index !== undefined) index[i] = m;
        m++;
        break;
      }
      if (keys[3 * h] === x && keys[3 * h + 1] === y && keys[3 * h + 2] === z) {
        if (index !== undefined) index[i] = k;
        kw[k] += w;
        break;
      }
      h = (h + 1) & mask;
    }
    totalWeight += w;
  }
  return { n: m, a: ka.slice(0, m), b: kb.slice(0, m), c: kc.slice(0, m), weight: kw.slice(0, m), totalWeight };
}

/**
 * Groups identical (x, t_x, T) rows into patterns with summed weights; rows with zero weight are
 * dropped. When `index` is given, index[i] receives the pattern of row i (−1 for rows with zero
 * weight). O(n) expected; the columns are trusted.
 */
export function compressRft(frequency: Float64Array, recency: Float64Array, T: Float64Array, weights?: Float64Array, index?: Int32Array): CompressedRft {
  const g = groupRows(frequency, recency, T, weights, index);
  let maxFrequency = 0;
  for (let k = 0; k < g.n; k++) if (g.a[k] > maxFrequency) maxFrequency = g.a[k];
  return { n: g.n, frequency: g.a, recency: g.b, T: g.c, weight: g.weight, maxFrequency, totalWeight: g.totalWeight };
}

/** Distinct (a, b) pairs plus, for every row, the index of its pair. */
export interface PairIndex {
  n: number;
  a: Float64Array;
  b: Float64Array;
  index: Int32Array;
}

/** Distinct values of one column (in order of first appearance) and, for every row, the index of its value. */
export interface ValueIndex {
  values: Float64Array;
  ids: Int32Array;
}

/** Maps each row to its distinct value (e.g. the distinct T of the patterns, whose logs are computed once). O(n) expected. */
export function indexValues(col: Float64Array): ValueIndex {
  const ids = new Int32Array(col.length);
  const g = groupRows(col, col, null, undefined, ids);
  return { values: g.a, ids };
}

/** Maps each row to its distinct (a, b) pair (e.g. (x, T) for the per-pair CLV horizons). O(n) expected. */
export function indexPairs(a: Float64Array, b: Float64Array): PairIndex {
  const index = new Int32Array(a.length);
  const g = groupRows(a, b, null, undefined, index);
  return { n: g.n, a: g.a, b: g.b, index };
}
