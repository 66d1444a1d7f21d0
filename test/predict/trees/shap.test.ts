// explainGradientBoosting (exact TreeSHAP) against brute-force Shapley values: every coalition S of
// features enumerated, v(S) = E[f(x) | x_S] by the conditional expectation over each node's training
// cover (features in S follow x, the others average the children by cover), the definition TreeSHAP
// computes exactly (Lundberg, Erion & Lee 2018, eq. 2 with Algorithm 1's expectation).
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/core/rng.js";
import { explainGradientBoosting, fitGradientBoosting, predictGradientBoosting, type TreeJSON } from "../../../src/predict/trees.js";

/** Routing of a numeric "le" split (clientele models): missing follows defaultLeft. */
function child(t: TreeJSON, k: number, x: number | null): number {
  if (x === null || Number.isNaN(x)) return t.defaultLeft[k] ? t.left[k]! : t.right[k]!;
  return x <= t.threshold[k]! ? t.left[k]! : t.right[k]!;
}

function condExp(t: TreeJSON, k: number, x: (number | null)[], S: Set<number>): number {
  if (t.feature[k]! < 0) return t.value[k]!;
  const f = t.feature[k]!;
  if (S.has(f)) return condExp(t, child(t, k, x[f]!), x, S);
  const l = t.left[k]!;
  const r = t.right[k]!;
  return (t.cover[l]! * condExp(t, l, x, S) + t.cover[r]! * condExp(t, r, x, S)) / (t.cover[l]! + t.cover[r]!);
}

function fact(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}

/** Shapley values of the ensemble's margin by enumerating all 2^d coalitions. */
function bruteShap(trees: TreeJSON[], x: (number | null)[], d: number): number[] {
  const phi = new Array<number>(d).fill(0);
  const v = (mask: number): number => {
    const S = new Set<number>();
    for (let j = 0; j < d; j++) if (mask & (1 << j)) S.add(j);
    return trees.reduce((s, t) => s + condExp(t, 0, x, S), 0);
  };
  for (let i = 0; i < d; i++) {
    for (let mask = 0; mask < 1 << d; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let j = 0; j < d; j++) if (mask & (1 << j)) size++;
      const w = (fact(size) * fact(d - size - 1)) / fact(d);
      phi[i] += w * (v(mask | (1 << i)) - v(mask));
    }
  }
  return phi;
}

function data(n: number, d: number, seed: number): { X: (number | null)[][]; y: number[] } {
  const r = createRng(seed);
  const X: (number | null)[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row: (number | null)[] = Array.from({ length: d }, () => r.normal());
    const eta = row[0]! * row[1]! + (row[2]! > 0 ? 1 : -1) + 0.5 * row[3]!;
    if (r.uniform() < 0.15) row[1] = null;
    X.push(row);
    y.push(r.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
  }
  return { X, y };
}

describe("explainGradientBoosting", () => {
  it("TSDoc example", () => {
    const X = [
      [0, 5],
      [1, 5],
      [2, 9],
      [3, 9],
    ];
    const m = fitGradientBoosting(X, [1, 2, 3, 4], { objective: "squared-error", maxIter: 1, learningRate: 1, minSamplesLeaf: 2 });
    const e = explainGradientBoosting(m, [[3, 9]]);
    expect(e.baseValue).toBe(2.5);
    expect(e.contributions[0]!.map((v) => +v.toFixed(9))).toEqual([1, 0]);
    expect(+e.margins[0]!.toFixed(9)).toBe(3.5);
  });

  it("equals brute-force Shapley values on small trees (5 features, 2^5 coalitions), missing values included", () => {
    const { X, y } = data(400, 5, 11);
    const m = fitGradientBoosting(X, y, { maxIter: 6, maxLeaves: 8, minSamplesLeaf: 10 });
    const rows = X.slice(0, 25);
    const e = explainGradientBoosting(m, rows);
    let worst = 0;
    rows.forEach((x, i) => {
      const b = bruteShap(m.trees, x, 5);
      b.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - e.contributions[i]![j]!))));
    });
    expect(worst).toBeLessThan(1e-12);
  });

  it("contributions + base value = the raw margin to 1e-9 (100 trees, 31 leaves, missing values)", () => {
    const { X, y } = data(3000, 8, 12);
    const m = fitGradientBoosting(X, y, { maxIter: 100 });
    const rows = X.slice(0, 200);
    const e = explainGradientBoosting(m, rows);
    const margins = predictGradientBoosting(m, rows, { output: "margin" }).values;
    let worst = 0;
    rows.forEach((_, i) => {
      const s = e.baseValue + e.contributions[i]!.reduce((a, b) => a + b, 0);
      worst = Math.max(worst, Math.abs(s - margins[i]!), Math.abs(e.margins[i]! - margins[i]!));
    });
    expect(worst).toBeLessThan(1e-9);
    // features the model never splits on get exactly 0
    const used = new Set(m.trees.flatMap((t) => t.feature.filter((f) => f >= 0)));
    for (let j = 0; j < 8; j++) if (!used.has(j)) expect(e.contributions.every((c) => c[j] === 0)).toBe(true);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });
});
