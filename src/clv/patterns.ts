// Internal: maps each customer row to its distinct (x, T) pair, so per-pair predictions
// (the costly part of CLV) are computed once and gathered back per customer.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number, v: number): number {
  f64[0] = v === 0 ? 0 : v; // -0 and 0 hash alike
  h = Math.imul(h ^ u32[0], 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ u32[1], 0x85ebca77);
  return h ^ (h >>> 13);
}

/** Distinct (a, b) pairs plus, for every row, the index of its pair. */
export interface PairIndex {
  n: number;
  a: Float64Array;
  b: Float64Array;
  index: Int32Array;
}

/**
 * Open-addressing hash over the bits of (a, b) with the keys stored inline and a table that
 * grows with the number of distinct pairs (not the rows), so it stays cache-resident when
 * pairs are few. O(n) expected. Columns are trusted.
 */
export function indexPairs(a: Float64Array, b: Float64Array): PairIndex {
  const n = a.length;
  let size = 1024;
  let mask = size - 1;
  let keys = new Float64Array(2 * size);
  let slot = new Int32Array(size).fill(-1);
  let ka = new Float64Array(256);
  let kb = new Float64Array(256);
  const index = new Int32Array(n);
  let m = 0;
  const hashOf = (x: number, y: number): number => mix(mix(0x811c9dc5, x), y);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    let h = hashOf(x, y) & mask;
    for (;;) {
      const k = slot[h];
      if (k === -1) {
        if (2 * (m + 1) > size) {
          // grow: double the table and re-insert the m pairs
          size *= 2;
          mask = size - 1;
          keys = new Float64Array(2 * size);
          slot = new Int32Array(size).fill(-1);
          for (let j = 0; j < m; j++) {
            let g = hashOf(ka[j], kb[j]) & mask;
            while (slot[g] !== -1) g = (g + 1) & mask;
            slot[g] = j;
            keys[2 * g] = ka[j];
            keys[2 * g + 1] = kb[j];
          }
          h = hashOf(x, y) & mask;
          while (slot[h] !== -1) h = (h + 1) & mask;
        }
        if (m === ka.length) {
          const na = new Float64Array(2 * m);
          na.set(ka);
          ka = na;
          const nb = new Float64Array(2 * m);
          nb.set(kb);
          kb = nb;
        }
        slot[h] = m;
        keys[2 * h] = x;
        keys[2 * h + 1] = y;
        ka[m] = x;
        kb[m] = y;
        index[i] = m;
        m++;
        break;
      }
      if (keys[2 * h] === x && keys[2 * h + 1] === y) {
        index[i] = k;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  return { n: m, a: ka.slice(0, m), b: kb.slice(0, m), index };
}
