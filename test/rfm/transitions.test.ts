import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignSegments, projectSegments, transitionMatrix } from "../../src/rfm/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const before = [
  { id: 1, segment: "A" },
  { id: 2, segment: "A" },
  { id: 3, segment: "B" },
  { id: 5, segment: "B" },
];
const after = [
  { id: 1, segment: "A" },
  { id: 2, segment: "B" },
  { id: 4, segment: "B" },
  { id: 5, segment: "A" },
];

describe("transitionMatrix", () => {
  it("matches a hand-worked example with entering and leaving customers", () => {
    const tm = transitionMatrix(before, after);
    expect(tm.states).toEqual(["A", "B", "(new)", "(gone)"]);
    // hand-worked: 1 A->A, 2 A->B, 5 B->A, 3 B->(gone), 4 (new)->B; (gone) absorbing
    expect(tm.counts).toEqual([
      [1, 1, 0, 0],
      [1, 0, 0, 1],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(tm.probabilities).toEqual([
      [0.5, 0.5, 0, 0],
      [0.5, 0, 0, 0.5],
      [0, 1, 0, 0],
      [0, 0, 0, 1],
    ]);
    expect(JSON.parse(JSON.stringify(tm))).toEqual(tm);
  });

  it("the @example", () => {
    const tm = transitionMatrix(
      [
        { id: 1, segment: "A" },
        { id: 2, segment: "A" },
        { id: 3, segment: "B" },
      ],
      [
        { id: 1, segment: "A" },
        { id: 2, segment: "B" },
        { id: 4, segment: "B" },
      ],
    );
    expect(tm.states).toEqual(["A", "B", "(new)", "(gone)"]);
    expect(tm.probabilities[0]).toEqual([0.5, 0.5, 0, 0]);
  });

  it("accepts columns, e.g. assignSegments output, and a state order", () => {
    const s1 = assignSegments([
      { id: "x", r: 5, f: 5, m: 5 },
      { id: "y", r: 1, f: 1, m: 1 },
    ]);
    const s2 = assignSegments([
      { id: "x", r: 1, f: 5, m: 5 },
      { id: "y", r: 1, f: 1, m: 1 },
    ]);
    const tm = transitionMatrix(s1, s2, { states: ["Lost", "Champions"] });
    expect(tm.states).toEqual(["Lost", "Champions", "Can't Lose Them", "(new)", "(gone)"]);
    expect(tm.counts[1][2]).toBe(1); // Champions -> Can't Lose Them
    expect(tm.counts[0][0]).toBe(1);
    // Can't Lose Them had nobody before: stays put with probability 1
    expect(tm.probabilities[2]).toEqual([0, 0, 1, 0, 0]);
  });

  it("rows sum to 1 and counts account for every customer (property)", () => {
    const snap = fc.uniqueArray(fc.record({ id: fc.integer({ min: 0, max: 30 }), segment: fc.constantFrom("A", "B", "C", "D") }), {
      minLength: 1,
      maxLength: 25,
      selector: (x) => x.id,
    });
    fc.assert(
      fc.property(snap, snap, (a, b) => {
        const tm = transitionMatrix(a, b);
        for (const row of tm.probabilities) expect(row.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
        const total = tm.counts.flat().reduce((x, y) => x + y, 0);
        const ids = new Set([...a.map((x) => x.id), ...b.map((x) => x.id)]);
        expect(total).toBe(ids.size);
        const gone = tm.counts.reduce((x, row) => x + row[row.length - 1], 0);
        expect(gone).toBe(a.filter((x) => !b.some((y) => y.id === x.id)).length);
      }),
      { numRuns: 200 },
    );
  });

  it("leaves frozen input untouched and gives the same result twice", () => {
    const a = Object.freeze(before.map((x) => Object.freeze({ ...x })));
    const b = Object.freeze(after.map((x) => Object.freeze({ ...x })));
    expect(transitionMatrix(a, b)).toEqual(transitionMatrix(before, after));
    const tm = transitionMatrix(a, b);
    const frozen = Object.freeze({ states: Object.freeze([...tm.states]), probabilities: Object.freeze(tm.probabilities.map((r) => Object.freeze([...r]))) });
    expect(projectSegments(frozen as never, Object.freeze({ A: 10 }), 3)).toEqual(projectSegments(tm, { A: 10 }, 3));
  });

  it("rejects bad snapshots", () => {
    expectClienteleError(() => transitionMatrix([], after), "EMPTY_INPUT");
    expectClienteleError(() => transitionMatrix([...before, { id: 1, segment: "B" }], after), "DUPLICATE_ID");
    expectClienteleError(() => transitionMatrix(before, [...after, { id: 4, segment: "A" }]), "DUPLICATE_ID");
    expectClienteleError(() => transitionMatrix([{ id: 1, segment: "" }], after), "INVALID_INPUT");
    expectClienteleError(() => transitionMatrix([{ id: 1, segment: "(new)" }], after), "INVALID_INPUT");
    expectClienteleError(() => transitionMatrix([{ id: NaN, segment: "A" }], after), "INVALID_ID");
    expectClienteleError(() => transitionMatrix({ id: [1, 2], segment: ["A"] }, after), "LENGTH_MISMATCH");
    expectClienteleError(() => transitionMatrix({ id: [1] } as never, after), "MISSING_COLUMN");
    expectClienteleError(() => transitionMatrix(before, after, { states: ["(gone)"] }), "INVALID_OPTION");
  });
});

function multiply(x: number[], P: number[][]): number[] {
  return P[0].map((_, j) => x.reduce((acc, xi, i) => acc + xi * P[i][j], 0));
}

describe("projectSegments", () => {
  it("matches a hand-worked two-step projection", () => {
    const tm = transitionMatrix(before, after);
    // hand-worked: [10, 0, 0, 0] -> [5, 5, 0, 0] -> [5 * .5 + 5 * .5, 5 * .5, 0, 5 * .5] = [5, 2.5, 0, 2.5]
    const p = projectSegments(tm, { A: 10 }, 2);
    expect(p.path).toEqual([
      [10, 0, 0, 0],
      [5, 5, 0, 0],
      [5, 2.5, 0, 2.5],
    ]);
    expect(p.distribution).toEqual([5, 2.5, 0, 2.5]);
    expect(projectSegments(tm, [1, 2, 3, 4], 0).distribution).toEqual([1, 2, 3, 4]);
    // entrants in "(new)" join B after one step
    expect(projectSegments(tm, { "(new)": 4 }, 1).distribution).toEqual([0, 4, 0, 0]);
  });

  it("equals repeated vector-matrix multiplication and preserves the total (property)", () => {
    const snap = fc.uniqueArray(fc.record({ id: fc.integer({ min: 0, max: 20 }), segment: fc.constantFrom("A", "B", "C") }), {
      minLength: 1,
      maxLength: 20,
      selector: (x) => x.id,
    });
    fc.assert(
      fc.property(
        snap,
        snap,
        fc.integer({ min: 0, max: 12 }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (a, b, steps, mass) => {
          const tm = transitionMatrix(a, b);
          const x0 = mass.slice(0, tm.states.length);
          while (x0.length < tm.states.length) x0.push(1);
          fc.pre(x0.some((v) => v > 0)); // an all-zero distribution is EMPTY_INPUT (tested below)
          let x = x0;
          for (let t = 0; t < steps; t++) x = multiply(x, tm.probabilities);
          const p = projectSegments(tm, x0, steps);
          p.distribution.forEach((v, j) => expect(v).toBeCloseTo(x[j], 9));
          const total = x0.reduce((s, v) => s + v, 0);
          expect(p.distribution.reduce((s, v) => s + v, 0)).toBeCloseTo(total, 8);
          expect(p.path.length).toBe(steps + 1);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("rejects bad input", () => {
    const tm = transitionMatrix(before, after);
    expectClienteleError(() => projectSegments(tm, [1, 2], 1), "LENGTH_MISMATCH");
    expectClienteleError(() => projectSegments(tm, { Z: 1 }, 1), "UNKNOWN_STATE");
    expectClienteleError(() => projectSegments(tm, { A: -1 }, 1), "NEGATIVE_VALUE");
    expectClienteleError(() => projectSegments(tm, { A: NaN }, 1), "NON_FINITE");
    expectClienteleError(() => projectSegments(tm, { A: 1 }, 1.5), "INVALID_INPUT");
    expectClienteleError(() => projectSegments(tm, { A: 1 }, -1), "INVALID_INPUT");
    expectClienteleError(() => projectSegments({ states: ["A"], probabilities: [[0.5]] }, [1], 1), "INVALID_INPUT");
  });
});
