import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rfmScoreAt, rfmScoreRows, scoreRfm, type RfmCustomerColumns, type TieRule } from "../../src/rfm/index.js";
import { expectClienteleError } from "../helpers/errors.js";

/** Brute-force reference of the documented quantile rule: O(n^2) counting, no sorting. */
function bruteScores(values: number[], bins: number, ties: TieRule = "average"): number[] {
  const n = values.length;
  return values.map((v) => {
    const less = values.filter((w) => w < v).length;
    const equal = values.filter((w) => w === v).length;
    const lo = less;
    const hi = less + equal - 1;
    const p = ties === "average" ? (lo + hi + 1) / (2 * n) : ties === "min" ? lo / n : hi / n;
    // exact: floor(bins * num / 2n) in integers
    const num = ties === "average" ? lo + hi + 1 : ties === "min" ? 2 * lo : 2 * hi;
    const s = 1 + Math.floor((bins * num) / (2 * n));
    expect(s).toBe(1 + Math.floor(bins * p + 1e-12));
    return s;
  });
}

/** Columns with recency already "time since last purchase". */
function sinceLast(rec: number[], freq: number[], mon: number[]): RfmCustomerColumns {
  return { id: rec.map((_, i) => `c${i}`), recency: rec, frequency: freq, totalSpend: mon };
}

describe("scoreRfm quantile rule (hand-worked cases)", () => {
  it("splits 10 distinct values into 5 bins of 2", () => {
    // hand-worked: position i (0-based) -> 1 + floor(5 * (2i + 1) / 20) = 1,1,2,2,3,3,4,4,5,5
    const v = [100, 10, 90, 20, 80, 30, 70, 40, 60, 50];
    const s = scoreRfm(sinceLast(v, v, v), { recencyConvention: "sinceLast" });
    expect(Array.from(s.f)).toEqual([5, 1, 5, 1, 4, 2, 4, 2, 3, 3]);
    expect(Array.from(s.m)).toEqual(Array.from(s.f));
    // recency is scored inversely: 10 days since the last purchase is the most recent
    expect(Array.from(s.r)).toEqual([1, 5, 1, 5, 2, 4, 2, 4, 3, 3]);
  });

  it("gives equal values one score (mid-rank)", () => {
    // hand-worked, n = 6, bins = 3: value 1 at positions 0..2 -> 1 + floor(3*3/12) = 1;
    // value 2 at 3 -> 1 + floor(3*7/12) = 2; value 3 at 4..5 -> 1 + floor(3*10/12) = 3
    const v = [3, 1, 2, 1, 3, 1];
    const s = scoreRfm(sinceLast(v, v, v), { bins: 3, recencyConvention: "sinceLast" });
    expect(Array.from(s.f)).toEqual([3, 1, 2, 1, 3, 1]);
    // heavy ties at zero, n = 5, bins = 5: zeros at 0..3 -> 1 + floor(5*4/10) = 3; 7 at 4 -> 1 + floor(5*9/10) = 5
    const z = [0, 0, 7, 0, 0];
    expect(Array.from(scoreRfm(sinceLast(z, z, z), { recencyConvention: "sinceLast" }).f)).toEqual([3, 3, 5, 3, 3]);
  });

  it("ties: 'min' and 'max' use the first / last position of the tie group", () => {
    // hand-worked, zeros at positions 0..3 of 5: min -> 1 + floor(5*0/5) = 1, max -> 1 + floor(5*3/5) = 4; 7 -> 5
    const z = [0, 0, 7, 0, 0];
    const mn = scoreRfm(sinceLast(z, z, z), { recencyConvention: "sinceLast", ties: "min" });
    expect(Array.from(mn.f)).toEqual([1, 1, 5, 1, 1]);
    const mx = scoreRfm(sinceLast(z, z, z), { recencyConvention: "sinceLast", ties: "max" });
    expect(Array.from(mx.f)).toEqual([4, 4, 5, 4, 4]);
  });

  it("handles n < bins and all-equal input", () => {
    // hand-worked, n = 3, bins = 5: positions 0, 1, 2 -> 1 + floor(5*1/6) = 1, 1 + floor(5*3/6) = 3, 1 + floor(5*5/6) = 5
    const v = [5, 1, 3];
    expect(Array.from(scoreRfm(sinceLast(v, v, v), { recencyConvention: "sinceLast" }).f)).toEqual([5, 1, 3]);
    // one customer / all equal: p = 1/2 -> middle score 3 of 5
    expect(Array.from(scoreRfm(sinceLast([4], [4], [4]), { recencyConvention: "sinceLast" }).f)).toEqual([3]);
    const e = [2, 2, 2, 2];
    expect(Array.from(scoreRfm(sinceLast(e, e, e), { recencyConvention: "sinceLast", bins: 4 }).m)).toEqual([3, 3, 3, 3]);
  });

  it("reads BTYD recency as first-to-last purchase and scores T - recency", () => {
    // since last purchase: a 40-38 = 2, b 10-0 = 10, c 30-5 = 25 -> a most recent
    const rows = [
      { id: "a", recency: 38, frequency: 3, totalSpend: 10, T: 40 },
      { id: "b", recency: 0, frequency: 0, totalSpend: 0, T: 10 },
      { id: "c", recency: 5, frequency: 1, totalSpend: 20, T: 30 },
    ];
    const s = scoreRfm(rows);
    expect(Array.from(s.recency)).toEqual([2, 10, 25]);
    expect(Array.from(s.r)).toEqual([5, 3, 1]);
    // the same data given as time since the last purchase scores identically
    const s2 = scoreRfm(
      rows.map((r) => ({ ...r, recency: r.T - r.recency })),
      { recencyConvention: "sinceLast" },
    );
    expect(Array.from(s2.r)).toEqual(Array.from(s.r));
  });

  it("uses explicit thresholds per dimension", () => {
    // frequency cut points [1, 2, 4, 8]: 0 -> 1, 1 -> 2, 3 -> 3, 4 -> 4, 20 -> 5 (value >= cut moves up)
    // recency cut points [7, 30, 90, 180] days since last: 0 -> 5, 7 -> 4, 45 -> 3, 179 -> 2, 400 -> 1
    const s = scoreRfm(sinceLast([0, 7, 45, 179, 400], [0, 1, 3, 4, 20], [1, 2, 3, 4, 5]), {
      recencyConvention: "sinceLast",
      thresholds: { frequency: [1, 2, 4, 8], recency: [7, 30, 90, 180] },
    });
    expect(Array.from(s.f)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(s.r)).toEqual([5, 4, 3, 2, 1]);
    expect(s.method).toEqual({ r: "thresholds", f: "thresholds", m: "quantile" });
    expectClienteleError(() => scoreRfm(sinceLast([1], [1], [1]), { recencyConvention: "sinceLast", thresholds: { frequency: [1, 2] } }), "INVALID_OPTION");
    expectClienteleError(
      () => scoreRfm(sinceLast([1], [1], [1]), { recencyConvention: "sinceLast", thresholds: { frequency: [1, 3, 2, 4] } }),
      "INVALID_OPTION",
    );
  });

  it("gives rows with a code, and revenue from totalSpend or frequency x monetary", () => {
    const s = scoreRfm(
      [
        { id: "a", recency: 1, frequency: 5, monetary: 90 },
        { id: "b", recency: 30, frequency: 1, monetary: 20 },
        { id: "c", recency: 8, frequency: 2, monetary: 40 },
      ],
      { recencyConvention: "sinceLast", monetary: "btyd-mean" },
    );
    // M scores the monetary column as given with "btyd-mean"
    expect(rfmScoreRows(s)[0]).toEqual({ id: "a", r: 5, f: 5, m: 5, code: "555" });
    expect(rfmScoreAt(s, 1)).toEqual({ id: "b", r: 1, f: 1, m: 1, code: "111" });
    expect(Array.from(s.revenue)).toEqual([450, 20, 80]);
    expect(s.revenueSource).toBe("frequencyTimesMonetary");
    const t = scoreRfm({ ...sinceLast([1, 2], [1, 2], [1, 2]), totalSpend: [7, 9] }, { recencyConvention: "since-last" });
    expect(Array.from(t.revenue)).toEqual([7, 9]);
    expect(t.revenueSource).toBe("totalSpend");
    const wide = scoreRfm(sinceLast([1, 2, 3], [1, 2, 3], [1, 2, 3]), { recencyConvention: "since-last", bins: 12 });
    // the @example of scoreRfm (M on total spend, the default)
    const ex = scoreRfm(
      [
        { id: "a", recency: 1, frequency: 5, totalSpend: 540 },
        { id: "b", recency: 30, frequency: 0, totalSpend: 20 },
        { id: "c", recency: 8, frequency: 2, totalSpend: 120 },
      ],
      { recencyConvention: "since-last" },
    );
    expect(rfmScoreRows(ex)[0]).toEqual({ id: "a", r: 5, f: 5, m: 5, code: "555" });
    expect(ex.warnings).toEqual([]);
    expect(ex.monetarySource).toBe("total");
    expect(rfmScoreAt(wide, 2).code).toMatch(/^\d+-\d+-\d+$/);
    expectClienteleError(() => rfmScoreAt(s, 3), "OUT_OF_RANGE");
  });
});

describe("scoreRfm properties", () => {
  const arb = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 60 });
  it("matches the brute-force rule, shares scores on ties and is monotone", () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 2, max: 10 }), fc.constantFrom<TieRule>("average", "min", "max"), (v, bins, ties) => {
        const s = scoreRfm(sinceLast(v, v, v), { bins, ties, recencyConvention: "sinceLast" });
        const f = Array.from(s.f);
        expect(f).toEqual(bruteScores(v, bins, ties));
        for (let i = 0; i < v.length; i++) {
          expect(f[i]).toBeGreaterThanOrEqual(1);
          expect(f[i]).toBeLessThanOrEqual(bins);
          for (let j = 0; j < v.length; j++) {
            if (v[i] === v[j]) expect(f[i]).toBe(f[j]);
            if (v[i] < v[j]) {
              expect(f[i]).toBeLessThanOrEqual(f[j]);
              expect(s.r[i]).toBeGreaterThanOrEqual(s.r[j]); // smaller gap since last purchase = more recent
            }
          }
        }
        // R is the quantile score of the negated gap
        expect(Array.from(s.r)).toEqual(
          bruteScores(
            v.map((x) => -x),
            bins,
            ties,
          ),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("matches a sort-based reference on larger inputs with heavy ties", () => {
    // independent reference: sort once, walk tie groups, apply the documented formula
    function sortRef(v: number[], bins: number): number[] {
      const n = v.length;
      const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
      const out = new Array<number>(n);
      for (let lo = 0; lo < n; ) {
        let hi = lo;
        while (hi + 1 < n && v[idx[hi + 1]] === v[idx[lo]]) hi++;
        for (let k = lo; k <= hi; k++) out[idx[k]] = 1 + Math.floor((bins * (lo + hi + 1)) / (2 * n));
        lo = hi + 1;
      }
      return out;
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4000 }),
        fc.integer({ min: 2, max: 100 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (n, bins, spread, seed) => {
          let x = seed;
          const v = Array.from({ length: n }, () => {
            x = (Math.imul(x, 1103515245) + 12345) >>> 0;
            return (x % spread) * 0.5 - spread / 8;
          });
          const s = scoreRfm(
            sinceLast(
              v.map(Math.abs),
              v.map(Math.abs),
              v.map((y) => y * y),
            ),
            { bins, recencyConvention: "sinceLast" },
          );
          expect(Array.from(s.f)).toEqual(sortRef(v.map(Math.abs), bins));
          expect(Array.from(s.m)).toEqual(
            sortRef(
              v.map((y) => y * y),
              bins,
            ),
          );
          expect(Array.from(s.r)).toEqual(
            sortRef(
              v.map((y) => -Math.abs(y)),
              bins,
            ),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it("fills bins evenly without ties (each score holds n/bins to within one)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 2, max: 10 }),
        (v, bins) => {
          const s = scoreRfm(sinceLast(v, v, v), { bins, recencyConvention: "sinceLast" });
          const count = new Array(bins + 1).fill(0);
          for (const x of s.f) count[x]++;
          for (let b = 1; b <= bins; b++) {
            expect(Math.abs(count[b] - v.length / bins)).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("scoreRfm contract", () => {
  it("same input, same output; input untouched", () => {
    const cols = Object.freeze({
      id: Object.freeze(["a", "b", "c", "d"]),
      recency: Object.freeze([3, 0, 10, 7]),
      frequency: Object.freeze([3, 0, 5, 2]),
      totalSpend: Object.freeze([10, 0, 30, 12]),
      T: Object.freeze([20, 5, 12, 9]),
    });
    const before = JSON.stringify(cols);
    const a = scoreRfm(cols);
    const b = scoreRfm(cols);
    expect(Array.from(a.r)).toEqual(Array.from(b.r));
    expect(JSON.stringify(cols)).toBe(before);
    const f64 = new Float64Array([1, 2, 3]);
    scoreRfm({ id: [1, 2, 3], recency: f64, frequency: f64, totalSpend: f64 }, { recencyConvention: "sinceLast" });
    expect(Array.from(f64)).toEqual([1, 2, 3]);
  });

  it("rejects bad input with codes", () => {
    expectClienteleError(() => scoreRfm([]), "EMPTY_INPUT");
    expectClienteleError(() => scoreRfm({ id: [], recency: [], frequency: [], totalSpend: [] }, { recencyConvention: "sinceLast" }), "EMPTY_INPUT");
    expectClienteleError(() => scoreRfm(sinceLast([1, NaN], [1, 2], [1, 2]), { recencyConvention: "sinceLast" }), "NON_FINITE");
    expectClienteleError(() => scoreRfm(sinceLast([1, 2], [1, -2], [1, 2]), { recencyConvention: "sinceLast" }), "NEGATIVE_VALUE");
    expectClienteleError(() => scoreRfm(sinceLast([1, 2], [1], [1, 2]), { recencyConvention: "sinceLast" }), "LENGTH_MISMATCH");
    expectClienteleError(() => scoreRfm(sinceLast([1], [1], [1])), "MISSING_COLUMN"); // btyd needs T
    expectClienteleError(() => scoreRfm([{ id: "a", recency: 9, frequency: 1, totalSpend: 1, T: 5 }]), "RECENCY_AFTER_T");
    // rounding noise (relative 1e-9) is treated as 0, not as an error
    expect(scoreRfm([{ id: "a", recency: 5 + 1e-12, frequency: 1, totalSpend: 1, T: 5 }]).recency[0]).toBe(0);
    expectClienteleError(() => scoreRfm([{ id: "", recency: 1, frequency: 1, totalSpend: 1, T: 5 }]), "MISSING_VALUE"); // core idKey: an empty id is a missing id
    // one row per customer: a repeated id (also 7 and "7", which both become "7") is refused
    expectClienteleError(
      () => scoreRfm({ id: ["a", "b", "a"], recency: [1, 2, 3], frequency: [1, 2, 3], totalSpend: [1, 2, 3] }, { recencyConvention: "sinceLast" }),
      "DUPLICATE_ID",
    );
    expectClienteleError(
      () => scoreRfm({ id: [7, "7"], recency: [1, 2], frequency: [1, 2], totalSpend: [1, 2] }, { recencyConvention: "sinceLast" }),
      "DUPLICATE_ID",
    );
    const err = expectClienteleError(
      () =>
        scoreRfm({ id: ["x", "y", "z", "y"], recency: [1, 2, 3, 4], frequency: [1, 2, 3, 4], totalSpend: [1, 2, 3, 4] }, { recencyConvention: "sinceLast" }),
      "DUPLICATE_ID",
    );
    expect(err.path).toEqual(["id", 3]);
    expect(String(err)).toMatch(/rows 1 and 3/);
    expectClienteleError(
      () =>
        scoreRfm([
          { id: "a", recency: 1, frequency: 1, totalSpend: 1, T: 5 },
          { id: "b", recency: 1, frequency: 1, totalSpend: 1 },
        ]),
      "MISSING_VALUE",
    );
    expectClienteleError(() => scoreRfm(sinceLast([1], [1], [1]), { bins: 1 }), "INVALID_OPTION");
    expectClienteleError(() => scoreRfm(sinceLast([1], [1], [1]), { bins: 2.5 }), "INVALID_OPTION");
    expectClienteleError(() => scoreRfm(sinceLast([1], [1], [1]), { recencyConvention: "days" as never }), "INVALID_OPTION");
    const e = expectClienteleError(() => scoreRfm(null as never), "INVALID_INPUT");
    expect(e.message).toMatch(/scoreRfm/);
  });
});

describe("selectInPlace (internal introselect)", () => {
  it("puts the p-th smallest at p and partitions around it, with and without the sort fallback", async () => {
    const { selectInPlace } = await import("../../src/rfm/score.js");
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 80 }), fc.nat(), fc.constantFrom(0, 1, 2, undefined), (v, k, budget) => {
        const work = Float64Array.from(v);
        const p = k % v.length;
        selectInPlace(work, 0, v.length - 1, p, budget);
        const sorted = [...v].sort((a, b) => a - b);
        expect(work[p]).toBe(sorted[p]);
        for (let i = 0; i < p; i++) expect(work[i]).toBeLessThanOrEqual(work[p]);
        for (let i = p + 1; i < v.length; i++) expect(work[i]).toBeGreaterThanOrEqual(work[p]);
        expect([...work].sort((a, b) => a - b)).toEqual(sorted);
      }),
      { numRuns: 300 },
    );
  });
});
