import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createRng, qiniCurve, upliftCurve } from "../../src/personalize/index.js";
import { loadHillstrom } from "./hillstrom-data.js";
import { expectClienteleError } from "../helpers/errors.js";

// Brute force, written from the definition (Radcliffe 2007; scikit-uplift qini_curve): for every
// k, take the k highest scores and compute Y_t - Y_c N_t / N_c from scratch (no ties in the scores).
function bruteQini(y: number[], u: number[], t: number[]): number[] {
  const order = u
    .map((v, i) => [v, i])
    .sort((a, b) => b[0] - a[0])
    .map((p) => p[1]);
  const out = [0];
  for (let k = 1; k <= y.length; k++) {
    const top = order.slice(0, k);
    const nt = top.filter((i) => t[i] === 1).length;
    const nc = k - nt;
    const yt = top.filter((i) => t[i] === 1).reduce((s, i) => s + y[i], 0);
    const yc = top.filter((i) => t[i] === 0).reduce((s, i) => s + y[i], 0);
    out.push(yt - (nc > 0 ? (yc * nt) / nc : 0));
  }
  return out;
}
function bruteUplift(y: number[], u: number[], t: number[]): number[] {
  const order = u
    .map((v, i) => [v, i])
    .sort((a, b) => b[0] - a[0])
    .map((p) => p[1]);
  const out = [0];
  for (let k = 1; k <= y.length; k++) {
    const top = order.slice(0, k);
    const tr = top.filter((i) => t[i] === 1);
    const co = top.filter((i) => t[i] === 0);
    const mt = tr.length ? tr.reduce((s, i) => s + y[i], 0) / tr.length : 0;
    const mc = co.length ? co.reduce((s, i) => s + y[i], 0) / co.length : 0;
    out.push((mt - mc) * k);
  }
  return out;
}
const area = (y: number[]) => y.slice(1).reduce((s, v, i) => s + (v + y[i]) / 2, 0);

// Hillstrom (MineThatData 2008): 64,000 customers, men's e-mail / women's e-mail / no e-mail.
// Reference: test/fixtures/personalize/hillstrom.json, written by scripts/ref/personalize_hillstrom.py (pandas, scikit-learn).
const h = loadHillstrom();
const ref = JSON.parse(readFileSync(path.resolve(__dirname, "../fixtures/personalize/hillstrom.json"), "utf8"));

describe("TSDoc examples", () => {
  it("qiniCurve example", () => {
    const q = qiniCurve([1, 0, 1, 0], [0.9, 0.5, 0.3, 0.1], [1, 0, 0, 1]);
    expect(q.x).toEqual([0, 1, 2, 3, 4]);
    expect(q.y).toEqual([0, 1, 1, 0.5, 0]);
    expect(+q.auc!.toFixed(4)).toBe(0.8333);
  });

  it("upliftCurve example", () => {
    const u = upliftCurve([1, 0, 1, 0], [0.9, 0.5, 0.3, 0.1], [1, 0, 0, 1]);
    expect(u.y).toEqual([0, 1, 2, 1.5, 0]);
    expect([u.area, u.auc]).toEqual([4.5, 1]);
  });
});

describe("Qini and uplift curves against a brute-force computation", () => {
  it("equal the definitions point by point and in area (fast-check, distinct scores)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 40 }),
        fc.integer(),
        (rows, seed) => {
          const t = rows.map((r) => r[0]);
          if (t.every((v) => v === t[0])) return;
          const y = rows.map((r) => r[1]);
          const rng = createRng(seed);
          const u = rows.map((_, i) => rng.uniform() + i * 1e-9);
          const q = qiniCurve(y, u, t);
          const b = bruteQini(y, u, t);
          q.y.forEach((v, i) => expect(v).toBeCloseTo(b[i], 10));
          expect(q.area).toBeCloseTo(area(b), 9);
          const uc = upliftCurve(y, u, t);
          const bu = bruteUplift(y, u, t);
          uc.y.forEach((v, i) => expect(v).toBeCloseTo(bu[i], 10));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a perfect ranking scores 1 and the reversed one below 0 (negativeEffect: true)", () => {
    const y = [1, 0, 0, 1, 1, 0];
    const t = [1, 1, 0, 0, 1, 0];
    const perfect = y.map((v, i) => v * t[i] - v * (1 - t[i]));
    // the perfect score has ties; break them by position so the brute force applies
    expect(qiniCurve(y, perfect, t).auc).toBeCloseTo(1, 12);
    expect(
      qiniCurve(
        y,
        perfect.map((v) => -v),
        t,
      ).auc!,
    ).toBeLessThan(0);
  });

  it("tied scores give one point per tie group", () => {
    const q = qiniCurve([1, 0, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1]);
    expect(q.x).toEqual([0, 2, 4]);
  });

  it("bad input: codes", () => {
    expectClienteleError(() => qiniCurve([1, 0], [0.1, 0.2], [1, 1]), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(() => qiniCurve([1, 0], [0.1, NaN], [1, 0]), "NON_FINITE");
    expectClienteleError(() => qiniCurve([1, 0], [0.1, 0.2], [1, 2]), "OUT_OF_RANGE");
    expectClienteleError(() => qiniCurve([1, 0], [0.1], [1, 0]), "LENGTH_MISMATCH");
    expectClienteleError(() => upliftCurve([], [], []), "EMPTY_INPUT");
    expect(upliftCurve([2, 0, 1, 0], [0.4, 0.3, 0.2, 0.1], [1, 0, 1, 0]).auc).toBeNull();
  });
});

describe.skipIf(h === null)("Hillstrom e-mail test", () => {
  it("Qini / uplift AUC of fixed scores equal scikit-uplift's definitions (re-implemented in numpy) to 1e-9", () => {
    const rows = h!.segment
      .map((s, i) => [s, i] as const)
      .filter(([s]) => s !== "Womens E-Mail")
      .map(([, i]) => i);
    const t = rows.map((i) => (h!.segment[i] === "Mens E-Mail" ? 1 : 0));
    const y = rows.map((i) => h!.visit[i]);
    for (const score of ["history", "recency"] as const) {
      const u = rows.map((i) => h![score][i]);
      const q = qiniCurve(y, u, t);
      const uc = upliftCurve(y, u, t);
      expect(Math.abs(q.auc! - ref.fixedScores[score].qiniAuc)).toBeLessThan(1e-9);
      expect(Math.abs(q.area - ref.fixedScores[score].qiniArea) / ref.fixedScores[score].qiniArea).toBeLessThan(1e-12);
      expect(Math.abs(uc.auc! - ref.fixedScores[score].upliftAuc)).toBeLessThan(1e-9);
      expect(Math.abs(uc.area - ref.fixedScores[score].upliftArea) / ref.fixedScores[score].upliftArea).toBeLessThan(1e-12);
    }
  });
});
