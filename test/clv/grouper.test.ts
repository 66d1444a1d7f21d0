// The one pattern grouper (src/clv/compress.ts): triples, pairs and single columns, each checked
// against a string-keyed Map (the grouping the clv code used before) on random rows with many
// repeats, -0, huge and tiny values, and enough distinct keys to make the table grow.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compressRft, indexPairs, indexValues } from "../../src/clv/compress.js";

const value = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(-0, 0, 1e-300, 1e300, 0.1 + 0.2, 0.3), fc.double({ min: 0, max: 1e6, noNaN: true }));
const column = (n: number) => fc.array(value, { minLength: n, maxLength: n }).map((v) => Float64Array.from(v));
const key = (...v: number[]) => v.map((x) => String(x)).join("|"); // String(-0) === "0", as the grouper treats them

/** Reference grouping: first-appearance order, index per row. */
function reference(rows: number[][]): { keys: number[][]; index: number[] } {
  const at = new Map<string, number>();
  const keys: number[][] = [];
  const index = rows.map((r) => {
    const k = key(...r);
    let id = at.get(k);
    if (id === undefined) {
      id = keys.length;
      at.set(k, id);
      keys.push(r);
    }
    return id;
  });
  return { keys, index };
}

const sizes = fc.integer({ min: 0, max: 3000 });

describe("the pattern grouper", () => {
  it("indexPairs numbers (a, b) pairs in order of first appearance, like a Map (property)", () => {
    fc.assert(
      fc.property(
        sizes.chain((n) => fc.tuple(column(n), column(n))),
        ([a, b]) => {
          const got = indexPairs(a, b);
          const ref = reference(Array.from(a, (x, i) => [x, b[i]]));
          expect(got.n).toBe(ref.keys.length);
          expect(Array.from(got.index)).toEqual(ref.index);
          for (let k = 0; k < got.n; k++) expect(key(got.a[k], got.b[k])).toBe(key(...ref.keys[k]));
        },
      ),
      { seed: 5, numRuns: 25 },
    );
  });

  it("indexValues numbers the distinct values of a column, like a Map (property)", () => {
    fc.assert(
      fc.property(sizes.chain(column), (col) => {
        const got = indexValues(col);
        const ref = reference(Array.from(col, (x) => [x]));
        expect(got.values.length).toBe(ref.keys.length);
        expect(Array.from(got.ids)).toEqual(ref.index);
        for (let k = 0; k < got.values.length; k++) expect(key(got.values[k])).toBe(key(ref.keys[k][0]));
      }),
      { seed: 6, numRuns: 25 },
    );
  });

  it("compressRft drops zero-weight rows (index -1) and sums weights in row order", () => {
    const x = Float64Array.from([1, 1, 2, 1, 0]);
    const tx = Float64Array.from([5, 5, 6, 5, 0]);
    const T = Float64Array.from([9, 9, 9, 9, 9]);
    const w = Float64Array.from([0.1, 0.2, 0, 0.3, 4]);
    const index = new Int32Array(5);
    const c = compressRft(x, tx, T, w, index);
    expect(c.n).toBe(2);
    expect(Array.from(index)).toEqual([0, 0, -1, 0, 1]);
    expect(c.weight[0]).toBe(0.1 + 0.2 + 0.3); // the same sum, in the same order, as a loop over the rows
    expect(c.totalWeight).toBe(0.1 + 0.2 + 0.3 + 4);
    expect(c.maxFrequency).toBe(1);
  });

  it("groups 100,000 rows with 40,000 distinct triples (the table grows past its first 32,768 slots)", () => {
    const n = 100_000;
    const x = new Float64Array(n);
    const tx = new Float64Array(n);
    const T = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = (i * 7919) % 40_000;
      x[i] = k % 200;
      tx[i] = Math.floor(k / 200);
      T[i] = 500;
    }
    const index = new Int32Array(n);
    const c = compressRft(x, tx, T, undefined, index);
    expect(c.n).toBe(40_000);
    for (let i = 0; i < n; i += 997) {
      expect(c.frequency[index[i]]).toBe(x[i]);
      expect(c.recency[index[i]]).toBe(tx[i]);
    }
    let total = 0;
    for (let k = 0; k < c.n; k++) total += c.weight[k];
    expect(total).toBe(n);
  });
});
