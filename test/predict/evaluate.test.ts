// costThreshold, compareModels, permutationImportance: TSDoc examples, definitions checked by
// brute force / against the metric functions, properties, bad input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  averagePrecision,
  baselineScores,
  brierScore,
  compareModels,
  costThreshold,
  fitLogisticRegression,
  liftTable,
  logLoss,
  permutationImportance,
  predictProba,
  rocAuc,
} from "../../src/predict/index.js";
import { createRng } from "../../src/core/rng.js";

const code = (f: () => unknown, c: string): void => {
  expect(f).toThrow(expect.objectContaining({ code: c }));
};

describe("costThreshold", () => {
  it("costThreshold example", () => {
    const t = costThreshold([1, 1, 0, 1, 0, 0], [0.9, 0.8, 0.7, 0.6, 0.3, 0.1], { contactCost: 10, savedValue: 50 });
    expect([t.best.threshold, t.best.contacted, t.best.profit]).toEqual([0.6, 4, 110]);
    expect(t.breakEven?.threshold).toBe(0.2);
    expect(t.contactAll.profit).toBe(3 * 50 - 6 * 10);
  });
  it("best equals the brute-force maximum over every cutoff (ties, saveRate)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 10 })), { minLength: 4, maxLength: 40 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 5, max: 100 }),
        (rows, c, v) => {
          const y = rows.map((r) => (r[0] ? 1 : 0));
          if (!y.includes(0) || !y.includes(1)) return;
          const s = rows.map((r) => r[1] / 10);
          const t = costThreshold(y, s, { contactCost: c, savedValue: v, saveRate: 0.5 });
          let best = 0;
          for (const cut of new Set(s)) {
            let p = 0;
            s.forEach((x, i) => {
              if (x >= cut) p += y[i]! * 0.5 * v - c;
            });
            best = Math.max(best, p);
          }
          expect(t.best.profit).toBeCloseTo(best, 9);
          expect(t.breakEven!.threshold).toBeCloseTo(c / (0.5 * v), 12);
        },
      ),
      { numRuns: 100, seed: 3 },
    );
  });
  it("contacting nobody when no cutoff pays; raw scores have no break-even rule", () => {
    const t = costThreshold([1, 0, 0, 0], [0.9, 0.8, 0.7, 0.6], { contactCost: 100, savedValue: 50 });
    expect(t.best).toMatchObject({ threshold: null, contacted: 0, profit: 0 });
    expect(t.breakEvenNote).toMatch(/no probability/);
    const r = costThreshold([1, 0, 1, 0], [3, -1, 2, 0], { contactCost: 1, savedValue: 5 });
    expect(r.breakEven).toBeNull();
    expect(r.best.threshold).toBe(2);
  });
  it("bad input", () => {
    code(() => costThreshold([1, 0], [0.5, 0.2], { contactCost: 1 } as never), "INVALID_OPTION");
    code(() => costThreshold([1, 0], [0.5, 0.2], { contactCost: -1, savedValue: 2 }), "INVALID_OPTION");
    code(() => costThreshold([1, 1], [0.5, 0.2], { contactCost: 1, savedValue: 2 }), "DEGENERATE_INPUT");
    code(() => costThreshold([1, 0, 1], [0.5, 0.2], { contactCost: 1, savedValue: 2 }), "LENGTH_MISMATCH");
  });
});

describe("compareModels", () => {
  it("compareModels example", () => {
    const y = [1, 0, 1, 0, 0, 1, 0, 0, 1, 0];
    const t = compareModels(
      y,
      { model: [0.9, 0.2, 0.7, 0.3, 0.1, 0.8, 0.4, 0.2, 0.6, 0.5], coin: [0.5, 0.4, 0.3, 0.6, 0.7, 0.2, 0.8, 0.1, 0.9, 0.5] },
      { groups: 5 },
    );
    expect(t.rows.map((r) => [r.name, r.rocAuc, r.rank])).toEqual([
      ["model", 1, 1],
      ["coin", 0.4375, 2],
    ]);
    expect(t.best).toBe("model");
  });
  it("every figure equals the metric function of the same name; baselines join by id", () => {
    const rng = createRng(4);
    const n = 300;
    const y = Array.from({ length: n }, () => (rng.uniform() < 0.3 ? 1 : 0));
    const p = y.map((v) => Math.min(1, Math.max(0, 0.3 * v + 0.7 * rng.uniform())));
    const raw = y.map((v) => v + rng.normal(0, 1));
    const ids = Array.from({ length: n }, (_, i) => `c${i}`);
    const perm = ids.map((_, i) => n - 1 - i); // baselines in reverse order
    const base = { ids: perm.map((i) => ids[i]!), scores: { recency: perm.map((i) => raw[i]!) } };
    const t = compareModels(y, { p, raw }, { baselines: base, ids });
    const [rp, rr, rb] = t.rows;
    expect(rp!.rocAuc).toBe(rocAuc(y, p));
    expect(rp!.averagePrecision).toBe(averagePrecision(y, p));
    expect(rp!.logLoss).toBe(logLoss(y, p));
    expect(rp!.brier).toBe(brierScore(y, p));
    expect(rp!.topLift).toBe(liftTable(y, p)[0]!.lift);
    expect(rr!.logLoss).toBeNull();
    expect(rb!.name).toBe("baseline:recency");
    expect(rb!.source).toBe("baseline");
    expect(rb!.rocAuc).toBe(rr!.rocAuc); // same scores once joined by id
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });
  it("takes baselineScores' result directly", () => {
    const tx = [
      { customerId: "a", timestamp: "2024-01-01", amount: 20 },
      { customerId: "a", timestamp: "2024-01-25", amount: 30 },
      { customerId: "b", timestamp: "2024-01-05", amount: 15 },
      { customerId: "c", timestamp: "2024-01-10", amount: 5 },
      { customerId: "c", timestamp: "2024-01-12", amount: 5 },
      { customerId: "d", timestamp: "2024-01-20", amount: 7 },
      { customerId: "d", timestamp: "2024-01-28", amount: 9 },
      { customerId: "b", timestamp: "2024-01-06", amount: 4 },
    ];
    const b = baselineScores(tx, { asOf: "2024-01-31", target: "churn" });
    const t = compareModels([0, 1, 1, 0], { m: [0.2, 0.7, 0.6, 0.1] }, { baselines: b, ids: ["a", "b", "c", "d"], groups: 2 });
    expect(t.rows.map((r) => r.name)).toEqual(["m", "baseline:recency", "baseline:rfm", "baseline:bgnbd"]);
    expect(t.rows[1]!.rocAuc).toBe(1); // b and c are the least recent
  });
  it("bad input", () => {
    code(() => compareModels([1, 0], {}), "INVALID_INPUT");
    code(() => compareModels([1, 0], { a: [0.1] }), "LENGTH_MISMATCH");
    code(() => compareModels([1, 0], { a: [0.1, NaN] }), "NON_FINITE");
    code(() => compareModels([1, 0], { a: [0.1, 0.2] }, { baselines: { ids: ["x"], scores: { r: [1] } } }), "LENGTH_MISMATCH");
    code(() => compareModels([1, 0], { a: [0.1, 0.2] }, { baselines: { ids: ["x", "y"], scores: { r: [1, 2] } }, ids: ["x", "z"] }), "MISSING_VALUE");
  });
});

describe("permutationImportance", () => {
  const X = [
    [1, 5],
    [2, 3],
    [3, 9],
    [4, 1],
    [5, 7],
    [6, 2],
    [7, 8],
    [8, 4],
  ];
  const y = [0, 0, 0, 1, 0, 1, 1, 1];
  it("permutationImportance example", () => {
    const m = fitLogisticRegression(X, y);
    const r = permutationImportance(m, X, y, { repeats: 10, seed: 1 });
    expect(r.features[0]!.name).toBe("x0");
    expect(r.baseline).toBe(1);
  });
  it("a model, a predict function and a Predictor give the same result; same seed, same result", () => {
    const m = fitLogisticRegression(X, y);
    const a = permutationImportance(m, X, y, { seed: 2, metric: "logLoss" });
    const b = permutationImportance((T) => predictProba(m, T), X, y, { seed: 2, metric: "logLoss" });
    const c = permutationImportance({ predict: (T) => predictProba(m, T) }, X, y, { rng: createRng(2), metric: "logLoss" });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.higherIsBetter).toBe(false);
  });
  it("an informative feature matters, pure noise does not (simulated; mse and a custom metric)", () => {
    const rng = createRng(9);
    const n = 2000;
    const rows = Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const yy = rows.map((r) => (rng.uniform() < 1 / (1 + Math.exp(-(2 * r[0]! + 0.5 * r[1]!))) ? 1 : 0));
    const m = fitLogisticRegression(rows, yy);
    const r = permutationImportance(m, rows, yy, { repeats: 5, seed: 1 });
    expect(r.features.map((f) => f.name)).toEqual(["x0", "x1", "x2"]);
    expect(r.features[0]!.importance).toBeGreaterThan(0.2);
    expect(Math.abs(r.features[2]!.importance)).toBeLessThan(0.01);
    // regression-style use: the model's own formula, mse
    const f = (T: { columns: ArrayLike<ArrayLike<number | null>> }) => Array.from({ length: n }, (_, i) => 3 * (T.columns[0]![i] as number));
    const target = rows.map((q) => 3 * q[0]!);
    const mse = permutationImportance(f, rows, target, { metric: "mse", repeats: 2 });
    expect(mse.baseline).toBe(0);
    expect(mse.features[0]!.name).toBe("x0");
    expect(mse.features[1]!.importance).toBe(0);
    const custom = permutationImportance(f, rows, target, {
      metric: { score: (t, p) => -Math.max(...p.map((v, i) => Math.abs(v - t[i]!))), higherIsBetter: true },
      repeats: 2,
    });
    expect(custom.features[0]!.importance).toBeGreaterThan(1);
  });
  it("bad input", () => {
    const m = fitLogisticRegression(X, y);
    code(() => permutationImportance(5 as never, X, y), "INVALID_INPUT");
    code(() => permutationImportance(m, X, y.slice(1)), "LENGTH_MISMATCH");
    code(() => permutationImportance(m, X, [1, 1, 1, 1, 1, 1, 1, 1]), "DEGENERATE_INPUT");
    code(() => permutationImportance(m, X, y, { seed: 1, rng: createRng(1) }), "INVALID_OPTION");
    code(() => permutationImportance(() => [NaN], X, y), "LENGTH_MISMATCH");
    code(() => permutationImportance(() => X.map(() => NaN), X, y), "NON_FINITE");
    code(() => permutationImportance(m, [[1, null], ...X.slice(1)], y), "MISSING_VALUE");
  });
});
