// The fast kernels of the contextual bandits (issue 13 speed work): the four-rows-at-a-time
// matrix-vector product equals the one-row loop to the bit, the symmetric rank-one update equals
// the full update within rounding and leaves the matrix exactly symmetric, the disjoint update
// keeps Ainv the inverse of A, and the context that a decision already checked is checked again
// when its values change before the update.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { armProducts, doubles, inverseError, symmetricRankOne } from "../../../src/bandit/contextual/linalg.js";
import { chooseContextualArm, contextualScores, createContextualBandit, createRng, updateContextualBanditInPlace } from "../../../src/bandit/index.js";
import { expectClienteleError } from "../../helpers/errors.js";

const vec = (n: number) => fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n });

describe("contextual kernels", () => {
  it("armProducts equals the one-row matrix-vector loop bit for bit (n = 1..23)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 23 }).chain((n) => fc.tuple(fc.constant(n), vec(n * n), vec(n))),
        ([n, m, x]) => {
          const out = new Float64Array(n);
          armProducts(m, x, out, n);
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j < n; j++) s += m[i * n + j] * x[j];
            expect(Object.is(out[i], s)).toBe(true);
          }
        },
      ),
      { numRuns: 200, seed: 1301 },
    );
  });

  it("symmetricRankOne: upper triangle as the full update, mirror exact (n = 1..23, any c)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 23 }).chain((n) => fc.tuple(fc.constant(n), vec((n * (n + 1)) / 2), vec(n), fc.double({ min: -3, max: 3, noNaN: true }))),
        ([n, tri, v, c]) => {
          const m = doubles(n * n);
          let t = 0;
          for (let i = 0; i < n; i++) for (let j = i; j < n; j++) m[i * n + j] = m[j * n + i] = tri[t++];
          const full = m.slice();
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) full[i * n + j] += c * v[i] * v[j];
          symmetricRankOne(m, v, c, n);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              expect(m[i * n + j]).toBe(m[j * n + i]);
              if (j >= i) expect(Object.is(m[i * n + j], full[i * n + j])).toBe(true);
            }
          }
        },
      ),
      { numRuns: 200, seed: 1302 },
    );
  });

  it("with c = 1 (A += x x^T) it is the full update to the bit, both triangles", () => {
    const n = 7;
    const rng = createRng(3);
    const m = doubles(n * n);
    for (let i = 0; i < n; i++) m[i * n + i] = 1;
    const full = m.slice();
    for (let r = 0; r < 50; r++) {
      const x = Array.from({ length: n }, () => rng.normal());
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) full[i * n + j] += x[i] * x[j];
      symmetricRankOne(m, x, 1, n);
    }
    expect(m).toEqual(full);
  });

  it("20,000 disjoint updates (d = 20, 10 arms) keep Ainv the inverse of A within 1e-12 and exactly symmetric", () => {
    const D = 20;
    const K = 10;
    const rng = createRng(7);
    const b = createContextualBandit({ arms: K, dimension: D, seed: 1 });
    for (let t = 0; t < 20_000; t++) {
      const x = [1, ...Array.from({ length: D - 1 }, () => rng.normal())];
      const c = chooseContextualArm(b, x);
      updateContextualBanditInPlace(b, x, c.index, x[1] * (c.index % 3) + rng.normal());
    }
    for (let a = 0; a < K; a++) {
      const Ai = b.pooled.Ainv[a];
      expect(inverseError(b.pooled.A[a], Ai, D)).toBeLessThan(1e-12);
      for (let i = 0; i < D; i++) for (let j = 0; j < i; j++) expect(Ai[i * D + j]).toBe(Ai[j * D + i]);
    }
  });

  it("a context changed between the decision and the update is read (and checked) again", () => {
    const b = createContextualBandit({ arms: 2, dimension: 2, seed: 1 });
    const x = [1, 2];
    chooseContextualArm(b, x);
    x[1] = Number.NaN;
    expectClienteleError(() => updateContextualBanditInPlace(b, x, 0, 1), "NON_FINITE");
    expect(b.pooled.plays).toEqual([0, 0]);
    x[1] = 3;
    chooseContextualArm(b, x);
    x[0] = 0;
    updateContextualBanditInPlace(b, x, 0, 1);
    // the update used [0, 3], not the [1, 3] of the decision: b_0 = 1 * [0, 3]
    expect(b.pooled.b[0]).toEqual([0, 3]);
    (x as unknown[])[0] = "0";
    chooseContextualArm(b, [0, 3]);
    expectClienteleError(() => updateContextualBanditInPlace(b, x as number[], 0, 1), "INVALID_INPUT");
  });

  it("the same array on another bandit of another dimension is read in full", () => {
    const small = createContextualBandit({ arms: 2, dimension: 2, seed: 1 });
    const big = createContextualBandit({ arms: 2, dimension: 3, seed: 1 });
    const x = [1, 2, 3];
    chooseContextualArm(big, x);
    expectClienteleError(() => updateContextualBanditInPlace(small, x, 0, 1), "SHAPE_MISMATCH");
    expect(contextualScores(big, x).mean).toEqual([0, 0]);
  });
});
