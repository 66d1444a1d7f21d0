import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import {
  alsFromJSON,
  buildInteractions,
  explain,
  fitAls,
  foldInUser,
  recommend,
  similarItems,
  type AlsModel,
  type Interactions,
} from "../../src/recommend/index.js";

function decode(s: string): number[] {
  const b = Buffer.from(s, "base64");
  return Array.from(new Float32Array(b.buffer, b.byteOffset, b.length / 4));
}

/** Gaussian elimination with partial pivoting (independent of the library's Cholesky). */
function solveDense(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/**
 * The exact minimizer over x_u of Σ_i c_ui (p_ui − x_uᵀy_i)² + λ‖x_u‖² given Y, built densely
 * over ALL items (Hu, Koren & Volinsky 2008, eq. 4: x_u = (YᵀC_uY + λI)⁻¹ YᵀC_u p(u)).
 */
function exactUser(m: Interactions, u: number, Y: number[], f: number, lambda: number, alpha: number): number[] {
  const r = new Array(m.nItems).fill(0);
  for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) r[m.indices[p]] = m.values[p];
  const A = Array.from({ length: f }, () => new Array(f).fill(0));
  const b = new Array(f).fill(0);
  for (let i = 0; i < m.nItems; i++) {
    const c = 1 + alpha * r[i];
    const pref = r[i] > 0 ? 1 : 0;
    for (let a = 0; a < f; a++) {
      b[a] += c * pref * Y[i * f + a];
      for (let d = 0; d < f; d++) A[a][d] += c * Y[i * f + a] * Y[i * f + d];
    }
  }
  for (let a = 0; a < f; a++) A[a][a] += lambda;
  return solveDense(A, b);
}

function tinyData(seed: number, nUsers = 12, nItems = 9): Interactions {
  const rng = createRng(seed);
  const rows = [];
  for (let u = 0; u < nUsers; u++) {
    for (let i = 0; i < nItems; i++) if (rng.uniform() < 0.35) rows.push({ userId: `u${u}`, itemId: `i${i}`, weight: 1 + rng.int(3) });
    rows.push({ userId: `u${u}`, itemId: `i${u % nItems}` });
  }
  return buildInteractions(rows);
}

describe("fitAls", () => {
  const m = tinyData(1);
  const opts = { factors: 4, regularization: 0.5, alpha: 3, iterations: 8, cgSteps: 40, rng: createRng(9) };
  const model = fitAls(m, opts);
  const X = decode(model.userFactors);
  const Y = decode(model.itemFactors);

  it("user factors equal the exact dense least-squares solve given the item factors", () => {
    for (let u = 0; u < m.nUsers; u++) {
      const x = exactUser(m, u, Y, 4, 0.5, 3);
      for (let a = 0; a < 4; a++) expect(X[u * 4 + a]).toBeCloseTo(x[a], 4);
    }
  });

  it("the objective does not increase from sweep to sweep (exact solves)", () => {
    const loss = (mdl: AlsModel) => {
      const Xs = decode(mdl.userFactors);
      const Ys = decode(mdl.itemFactors);
      let s = 0;
      for (let u = 0; u < m.nUsers; u++) {
        const r = new Map<number, number>();
        for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) r.set(m.indices[p], m.values[p]);
        for (let i = 0; i < m.nItems; i++) {
          let dot = 0;
          for (let a = 0; a < 4; a++) dot += Xs[u * 4 + a] * Ys[i * 4 + a];
          const w = r.get(i) ?? 0;
          s += (1 + 3 * w) * ((w > 0 ? 1 : 0) - dot) ** 2;
        }
      }
      for (const v of [...Xs, ...Ys]) s += 0.5 * v * v;
      return s;
    };
    const losses = [1, 2, 3, 5, 8].map((it) => loss(fitAls(m, { ...opts, iterations: it, rng: createRng(9) })));
    for (let t = 1; t < losses.length; t++) expect(losses[t]).toBeLessThanOrEqual(losses[t - 1] * (1 + 1e-5));
  });

  it("fold-in of a training user reproduces that user's factors", () => {
    for (const u of [0, 3, 7]) {
      const hist = [];
      for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) hist.push({ itemId: m.itemIds[m.indices[p]], weight: m.values[p] });
      const x = foldInUser(model, hist);
      for (let a = 0; a < 4; a++) expect(x[a]).toBeCloseTo(X[u * 4 + a], 4);
    }
  });

  it("same seed gives the same model; another seed another", () => {
    expect(fitAls(m, { ...opts, rng: createRng(9) })).toEqual(model);
    expect(fitAls(m, { ...opts, rng: createRng(10) }).userFactors).not.toEqual(model.userFactors);
  });

  it("explain: contributions add up to the exact fold-in score (Hu et al. 2008, section 5)", () => {
    const u = 2;
    const target = m.itemIds[(m.indices[m.indptr[u]] + 1) % m.nItems];
    const e = explain(model, m, m.userIds[u], target, { k: 100 });
    const hist = [];
    for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) hist.push({ itemId: m.itemIds[m.indices[p]], weight: m.values[p] });
    const x = foldInUser(model, hist);
    const j = m.itemIds.indexOf(target);
    const score = x.reduce((s, v, a) => s + v * Y[j * 4 + a], 0);
    expect(e.score).toBeCloseTo(score, 5);
    expect(e.contributions.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(score, 5);
    expect(e.contributions.length).toBe(m.indptr[u + 1] - m.indptr[u]);
    for (let t = 1; t < e.contributions.length; t++) expect(e.contributions[t].contribution).toBeLessThanOrEqual(e.contributions[t - 1].contribution);
  });

  it("a new customer is folded in by recommend through options.history", () => {
    const hist = ["i1", "i4"];
    const x = foldInUser(model, hist);
    const recs = recommend(model, m, "newcomer", { k: 3, history: hist });
    expect(recs.map((r) => r.itemId)).not.toContain("i1");
    const j = m.itemIds.indexOf(recs[0].itemId);
    expect(recs[0].score).toBeCloseTo(
      x.reduce((s, v, a) => s + v * Y[j * 4 + a], 0),
      5,
    );
  });

  it("round-trips through JSON and rejects corrupted factors", () => {
    const back = alsFromJSON(JSON.parse(JSON.stringify(model)));
    expect(back).toEqual(model);
    expect(recommend(back, m, "u1", { k: 3 })).toEqual(recommend(model, m, "u1", { k: 3 }));
    expectClienteleError(() => alsFromJSON({ ...JSON.parse(JSON.stringify(model)), itemFactors: "AAAA" }), "INVALID_MODEL");
    expectClienteleError(() => alsFromJSON({ ...model, kind: "itemKnn" }), "WRONG_MODEL_KIND");
    expectClienteleError(() => alsFromJSON({ ...model, version: 2 }), "UNSUPPORTED_MODEL_VERSION");
  });

  it("similarItems uses the cosine of item factors", () => {
    const s = similarItems(model, "i0", 3);
    expect(s.length).toBe(3);
    const j = m.itemIds.indexOf(s[0].itemId);
    const i0 = m.itemIds.indexOf("i0");
    const dot = (a: number, b: number) => [0, 1, 2, 3].reduce((t, d) => t + Y[a * 4 + d] * Y[b * 4 + d], 0);
    expect(s[0].score).toBeCloseTo(dot(i0, j) / Math.sqrt(dot(i0, i0) * dot(j, j)), 6);
  });

  it("reports progress, honors abort and rejects bad options", () => {
    const seen: number[] = [];
    fitAls(m, { factors: 2, iterations: 3, onProgress: (p) => seen.push(p.iteration) });
    expect(seen).toEqual([1, 2, 3]);
    const ac = new AbortController();
    ac.abort();
    expectClienteleError(() => fitAls(m, { signal: ac.signal }), "ABORTED");
    expectClienteleError(() => fitAls(m, { factors: 0 }), "INVALID_OPTION");
    expectClienteleError(() => fitAls(m, { regularization: -1 }), "INVALID_OPTION");
    expectClienteleError(() => fitAls({} as Interactions), "INVALID_INPUT");
    expectClienteleError(() => foldInUser(model, [{ itemId: "i1", weight: NaN }]), "NON_FINITE");
    expectClienteleError(() => foldInUser({ kind: "itemKnn" } as never, ["i1"]), "WRONG_MODEL_KIND");
  });
});

import fc from "fast-check";
import { decodeFloat32, encodeFloat32 } from "../../src/recommend/sparse.js";
import { expectClienteleError } from "../helpers/errors.js";

describe("factor storage (base64 Float32)", () => {
  it("matches Node's Buffer base64 of the little-endian Float32 bytes and decodes back", () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { maxLength: 40 }), (xs) => {
        const f32 = Float32Array.from(xs);
        const s = encodeFloat32(f32);
        expect(s).toBe(Buffer.from(f32.buffer).toString("base64"));
        expect(Array.from(decodeFloat32(s, xs.length)!)).toEqual(Array.from(f32));
      }),
      { numRuns: 100 },
    );
    expect(decodeFloat32("AAA", 1)).toBeUndefined();
    expect(decodeFloat32("AA*A", 0)).toBeUndefined();
  });
});
