import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitScaler, inverseTransformPoints, scalerFromJSON, transformPoints } from "../../src/cluster/index.js";
import { expectClose, ref } from "./helpers.js";
import { expectClienteleError } from "../helpers/errors.js";

const flat = (rows: number[][]) => rows.flat();

describe("fitScaler against scikit-learn (test/fixtures/cluster/make_reference.py)", () => {
  // sklearn StandardScaler / MinMaxScaler / RobustScaler fit_transform on ref.S (third column constant)
  it("zscore matches StandardScaler, constant column -> 0", () => {
    const s = fitScaler(ref.S, { method: "zscore" });
    expectClose(flat(transformPoints(s, ref.S)), flat(ref.standard), 1e-10);
    expect(s.constantColumns).toEqual([2]);
  });
  it("minmax matches MinMaxScaler", () => {
    const s = fitScaler(ref.S, { method: "minmax" });
    expectClose(flat(transformPoints(s, ref.S)), flat(ref.minmax), 1e-12);
  });
  it("robust matches RobustScaler (median / IQR)", () => {
    const s = fitScaler(ref.S, { method: "robust" });
    expectClose(flat(transformPoints(s, ref.S)), flat(ref.robust), 1e-12);
  });
  it("log1p on column 0 then zscore matches StandardScaler on log1p(S[:,0])", () => {
    const s = fitScaler(ref.S, { method: "zscore", log1p: [0] });
    expect(s.log1p).toEqual([true, false, false]);
    expectClose(flat(transformPoints(s, ref.S)), flat(ref.standard_log1p), 1e-10);
  });
});

describe("fitScaler by hand and TSDoc examples", () => {
  it("zscore example", () => {
    const scaler = fitScaler(
      [
        [1, 10],
        [3, 10],
        [5, 10],
      ],
      { method: "zscore" },
    );
    expect(scaler.center).toEqual([3, 10]);
    expect(scaler.constantColumns).toEqual([1]);
    expect(transformPoints(scaler, [[3, 10]])).toEqual([[0, 0]]);
    // population sd of 1, 3, 5 is sqrt(8/3)
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(8 / 3), 14);
  });
  it("minmax examples", () => {
    const scaler = fitScaler([[0], [10]], { method: "minmax" });
    expect(transformPoints(scaler, [[5], [10]])).toEqual([[0.5], [1]]);
    expect(inverseTransformPoints(scaler, [[0.5]])).toEqual([[5]]);
  });
  it("scalerFromJSON example", () => {
    const saved = JSON.stringify(fitScaler([[1], [2]]));
    expect(scalerFromJSON(JSON.parse(saved)).method).toBe("zscore");
  });
  it("flat input gives flat output and is not mutated", () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const copy = data.slice();
    const s = fitScaler({ data, n: 3, d: 2 }, { log1p: true });
    const out = transformPoints(s, { data, n: 3, d: 2 });
    expect(out.n).toBe(3);
    expect(out.data).toBeInstanceOf(Float64Array);
    expect(Array.from(data)).toEqual(Array.from(copy));
  });
  it("frozen rows are accepted and untouched", () => {
    const rows = Object.freeze([Object.freeze([1, 2]), Object.freeze([3, 5])]) as unknown as number[][];
    const s = fitScaler(rows, { method: "robust" });
    transformPoints(s, rows);
    expect(rows).toEqual([
      [1, 2],
      [3, 5],
    ]);
  });
});

describe("fitScaler properties", () => {
  const rowsArb = fc
    .integer({ min: 2, max: 20 })
    .chain((n) => fc.array(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: n, maxLength: n }));
  it("inverseTransformPoints undoes transformPoints (every method)", () => {
    fc.assert(
      fc.property(rowsArb, fc.constantFrom("zscore", "minmax", "robust") as fc.Arbitrary<"zscore" | "minmax" | "robust">, (rows, method) => {
        const s = fitScaler(rows, { method });
        const back = inverseTransformPoints(s, transformPoints(s, rows));
        for (let i = 0; i < rows.length; i++)
          for (let j = 0; j < 3; j++) expect(Math.abs(back[i][j] - rows[i][j])).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(rows[i][j])));
      }),
      { numRuns: 300 },
    );
  });
  it("minmax output lies in [0, 1]; zscore output has mean 0", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const mm = transformPoints(fitScaler(rows, { method: "minmax" }), rows);
        for (const r of mm) for (const v of r) expect(v >= -1e-12 && v <= 1 + 1e-12).toBe(true);
        const zs = transformPoints(fitScaler(rows), rows);
        for (let j = 0; j < 3; j++) expect(Math.abs(zs.reduce((a, r) => a + r[j], 0) / rows.length)).toBeLessThan(1e-9);
      }),
      { numRuns: 60 },
    );
  });
});

describe("fitScaler bad input", () => {
  it("rejects with stable codes", () => {
    expectClienteleError(() => fitScaler([]), "EMPTY_INPUT");
    expectClienteleError(() => fitScaler([[1, 2], [3]]), "SHAPE_MISMATCH");
    expectClienteleError(() => fitScaler([[1, NaN]]), "NON_FINITE");
    expectClienteleError(() => fitScaler([[1]], { method: "max" as never }), "INVALID_OPTION");
    expectClienteleError(() => fitScaler([[1]], { log1p: [3] }), "INVALID_OPTION");
    expectClienteleError(() => fitScaler([[-1]], { log1p: true }), "OUT_OF_RANGE");
    const s = fitScaler([[1, 2]]);
    expectClienteleError(() => transformPoints(s, [[1, 2, 3]]), "SHAPE_MISMATCH");
    expectClienteleError(() => scalerFromJSON({ ...s, kind: "kmeans" }), "WRONG_MODEL_KIND");
    expectClienteleError(() => scalerFromJSON({ ...s, scale: [0, 1] }), "INVALID_MODEL");
  });
});
