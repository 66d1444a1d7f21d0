// Internal: maps each customer row to its distinct (x, t_x, T) pattern, so per-pattern
// predictions (the costly part) are computed once and gathered back per customer.

/** Distinct patterns plus, for every row, the index of its pattern. */
export interface PatternIndex {
  /** Number of distinct patterns. */
  n: number;
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Pattern of each input row. */
  index: Int32Array;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number, v: number): number {
  f64[0] = v === 0 ? 0 : v;
  h = Math.imul(h ^ u32[0], 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ u32[1], 0x85ebca77);
  return h ^ (h >>> 13);
}

/** Open-addressing hash over the bits of (x, t_x, T); O(n) expected. Columns are trusted. */
export function indexPatterns(frequency: Float64Array, recency: Float64Array, T: Float64Array): PatternIndex {
  const n = frequency.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  const slot = new Int32Array(size).fill(-1);
  const fx = new Float64Array(n);
  const ft = new Float64Array(n);
  const fT = new Float64Array(n);
  const index = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const x = frequency[i];
    const tx = recency[i];
    const TT = T[i];
    let h = mix(mix(mix(0x811c9dc5, x), tx), TT) & mask;
    for (;;) {
      const k = slot[h];
      if (k === -1) {
        slot[h] = m;
        fx[m] = x;
        ft[m] = tx;
        fT[m] = TT;
        index[i] = m;
        m++;
        break;
      }
      if (fx[k] === x && ft[k] === tx && fT[k] === TT) {
        index[i] = k;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  return { n: m, frequency: fx.subarray(0, m), recency: ft.subarray(0, m), T: fT.subarray(0, m), index };
}
