/**
 * Compression of per-customer (x, t_x, T) rows into distinct patterns with summed weights.
 * Buy-till-you-die likelihoods depend on a customer only through (x, t_x, T), so a million
 * customers cost what their distinct patterns cost.
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

/**
 * Groups identical (x, t_x, T) rows with an open-addressing hash table over the bits of the
 * triple; rows with zero weight are dropped. Runs in O(n) expected time. The columns are
 * trusted (checked by the caller). When `index` is given, index[i] receives the pattern of row i
 * (−1 for rows with zero weight).
 */
export function compressRft(
  frequency: Float64Array,
  recency: Float64Array,
  T: Float64Array,
  weights?: Float64Array,
  index?: Int32Array,
): CompressedRft {
  const n = frequency.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  const slot = new Int32Array(size).fill(-1);
  const fx = new Float64Array(n);
  const ft = new Float64Array(n);
  const fT = new Float64Array(n);
  const fw = new Float64Array(n);
  let m = 0;
  let maxFrequency = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    if (w === 0) {
      if (index) index[i] = -1;
      continue;
    }
    const x = frequency[i];
    const tx = recency[i];
    const TT = T[i];
    let h = mixDouble(mixDouble(mixDouble(0x811c9dc5, x), tx), TT) & mask;
    for (;;) {
      const k = slot[h];
      if (k === -1) {
        if (index) index[i] = m;
        slot[h] = m;
        fx[m] = x;
        ft[m] = tx;
        fT[m] = TT;
        fw[m] = w;
        if (x > maxFrequency) maxFrequency = x;
        m++;
        break;
      }
      if (fx[k] === x && ft[k] === tx && fT[k] === TT) {
        if (index) index[i] = k;
        fw[k] += w;
        break;
      }
      h = (h + 1) & mask;
    }
    totalWeight += w;
  }
  return {
    n: m,
    frequency: fx.slice(0, m),
    recency: ft.slice(0, m),
    T: fT.slice(0, m),
    weight: fw.slice(0, m),
    maxFrequency,
    totalWeight,
  };
}
