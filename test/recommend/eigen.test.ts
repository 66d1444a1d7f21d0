import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { symmetricEigen } from "../../src/recommend/eigen.js";

// Reference: scipy.linalg.eigh (LAPACK) on the same matrices, written by
// test/fixtures/recommend/eigen_reference.py (numpy 2.4.6, scipy 1.17.1).
const ref = JSON.parse(readFileSync(new URL("../fixtures/recommend/eigen-reference.json", import.meta.url), "utf8")) as {
  cases: { name: string; f: number; G: number[]; eigenvalues: number[] }[];
};

function ours(G: Float64Array, f: number): { d: Float64Array; Q: Float64Array } {
  const d = new Float64Array(f);
  const Q = new Float64Array(f * f);
  expect(symmetricEigen(G, f, Q, d)).toBe(true);
  return { d, Q };
}

function mlMatrix(G: Float64Array, f: number): { d: Float64Array; Q: Float64Array } {
  const rows: number[][] = [];
  for (let a = 0; a < f; a++) rows.push(Array.from(G.subarray(a * f, a * f + f)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const Q = new Float64Array(f * f);
  for (let a = 0; a < f; a++) for (let c = 0; c < f; c++) Q[a * f + c] = evd.eigenvectorMatrix.get(a, c);
  return { d: Float64Array.from(evd.realEigenvalues), Q };
}

/** max |G Q - Q diag(d)| / max |G| and max |QᵀQ - I|. */
function residuals(G: Float64Array, f: number, d: Float64Array, Q: Float64Array): { res: number; orth: number } {
  let gmax = 0;
  for (const x of G) gmax = Math.max(gmax, Math.abs(x));
  let res = 0;
  let orth = 0;
  for (let a = 0; a < f; a++) {
    for (let c = 0; c < f; c++) {
      let s = 0;
      let o = 0;
      for (let b = 0; b < f; b++) {
        s += G[a * f + b] * Q[b * f + c];
        o += Q[b * f + a] * Q[b * f + c];
      }
      res = Math.max(res, Math.abs(s - Q[a * f + c] * d[c]));
      orth = Math.max(orth, Math.abs(o - (a === c ? 1 : 0)));
    }
  }
  return { res: res / gmax, orth };
}

describe("symmetricEigen (the ALS Gram eigensolver that replaced ml-matrix)", () => {
  for (const c of ref.cases) {
    it(`${c.name}: eigenvalues match scipy's eigh, residual and orthogonality at rounding level, bit-identical to ml-matrix`, () => {
      const G = Float64Array.from(c.G);
      const { d, Q } = ours(G, c.f);
      const scale = Math.max(...c.eigenvalues.map(Math.abs));
      for (let i = 0; i < c.f; i++) expect(Math.abs(d[i] - c.eigenvalues[i]) / scale).toBeLessThan(1e-13);
      const { res, orth } = residuals(G, c.f, d, Q);
      expect(res).toBeLessThan(1e-13);
      expect(orth).toBeLessThan(1e-13);
      const ml = mlMatrix(G, c.f);
      expect(Array.from(d)).toEqual(Array.from(ml.d));
      expect(Array.from(Q)).toEqual(Array.from(ml.Q));
    });
  }

  it("property: random Gram matrices give exactly ml-matrix's decomposition", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (f, rows, seed) => {
        let s = seed;
        const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5;
        const Y = Float64Array.from({ length: rows * f }, next);
        const G = new Float64Array(f * f);
        for (let i = 0; i < rows; i++) for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) G[a * f + b] += Y[i * f + a] * Y[i * f + b];
        const o = ours(G, f);
        const ml = mlMatrix(G, f);
        expect(Array.from(o.d)).toEqual(Array.from(ml.d));
        expect(Array.from(o.Q)).toEqual(Array.from(ml.Q));
      }),
      { numRuns: 60 },
    );
  });

  it("reports failure instead of looping on a NaN matrix", () => {
    const d = new Float64Array(3);
    const Q = new Float64Array(9);
    expect(symmetricEigen(Float64Array.from([1, NaN, 0, NaN, 1, 0, 0, 0, 1]), 3, Q, d)).toBe(false);
  });
});
