// Metric functions against scikit-learn 1.2.1 on fixed predictions (fixture written by
// scripts/ref/predict-linear-sklearn.py: ties, sample weights, zero weights, exact 0/1 probabilities).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { averagePrecision, brierScore, calibrationTable, liftTable, logLoss, rocAuc } from "../../src/predict/linear-internal.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIX = JSON.parse(readFileSync(path.join(HERE, "../fixtures/predict/sklearn_linear.json"), "utf8")) as {
  metrics: {
    name: string;
    y: number[];
    scores: number[];
    sampleWeight: number[] | null;
    roc_auc: number;
    average_precision: number;
    log_loss?: number;
    brier?: number;
    calibration_uniform?: { frac_pos: number[]; mean_pred: number[] };
    calibration_quantile?: { frac_pos: number[]; mean_pred: number[] };
  }[];
};
const close = (a: number, b: number, tol = 1e-12): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);

describe("metrics equal scikit-learn 1.2.1 to 1e-12 (test/fixtures/predict/sklearn_linear.json)", () => {
  for (const c of FIX.metrics) {
    it(c.name, () => {
      const o = c.sampleWeight ? { sampleWeight: c.sampleWeight } : {};
      close(rocAuc(c.y, c.scores, o), c.roc_auc); // sklearn roc_auc_score
      close(averagePrecision(c.y, c.scores, o), c.average_precision); // sklearn average_precision_score
      if (c.log_loss !== undefined) close(logLoss(c.y, c.scores, o), c.log_loss); // sklearn log_loss (eps="auto")
      if (c.brier !== undefined) close(brierScore(c.y, c.scores, o), c.brier); // sklearn brier_score_loss
      for (const strategy of ["uniform", "quantile"] as const) {
        const ref = c[`calibration_${strategy}`];
        if (!ref) continue;
        const t = calibrationTable(c.y, c.scores, { bins: 10, strategy }); // sklearn calibration_curve(n_bins=10)
        expect(t.length).toBe(ref.frac_pos.length);
        t.forEach((r, k) => {
          close(r.observedRate, ref.frac_pos[k]!);
          close(r.meanPredicted, ref.mean_pred[k]!);
        });
      }
    });
  }
});

describe("metric examples and edge cases", () => {
  it("rocAuc example", () => expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75));
  it("averagePrecision example", () => expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.8333333333333333));
  it("logLoss example", () => expect(logLoss([0, 1], [0.5, 0.5])).toBe(0.6931471805599453));
  it("brierScore example", () => expect(brierScore([0, 1, 1], [0.2, 0.9, 0.6])).toBe(0.07));
  it("liftTable example", () => {
    const t = liftTable([1, 0, 1, 0, 0, 0], [0.9, 0.8, 0.7, 0.3, 0.2, 0.1], { groups: 3 });
    expect(t.map((r) => r.lift)).toEqual([1.5, 1.5, 0]);
    expect(t.map((r) => r.cumulativeGain)).toEqual([0.5, 1, 1]);
  });
  it("calibrationTable example", () => {
    const t = calibrationTable([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], { bins: 2 });
    expect(t.map((r) => [r.n, r.meanPredicted, r.observedRate])).toEqual([
      [2, 0.2, 0],
      [2, 0.75, 1],
    ]);
  });
  it("one class, bad labels, mismatched lengths, non-finite and out-of-range scores are coded errors", () => {
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(expect.objectContaining({ code: "DEGENERATE_INPUT" }));
    expect(() => rocAuc([0, 2], [0.2, 0.3])).toThrow(expect.objectContaining({ code: "INVALID_LABEL" }));
    expect(() => rocAuc([0, 1, 1], [0.2, 0.3])).toThrow(expect.objectContaining({ code: "LENGTH_MISMATCH" }));
    expect(() => averagePrecision([0, 1], [0.2, NaN])).toThrow(expect.objectContaining({ code: "NON_FINITE" }));
    expect(() => logLoss([0, 1], [0.2, 1.3])).toThrow(expect.objectContaining({ code: "OUT_OF_RANGE" }));
    expect(() => brierScore([0, 1], [0.2, 0.3], { sampleWeight: [1, -1] })).toThrow(expect.objectContaining({ code: "NEGATIVE_VALUE" }));
    expect(() => brierScore([0, 1], [0.2, 0.3], { weights: [1, 1] } as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    expect(() => liftTable([0, 1], [0.2, 0.3])).toThrow(expect.objectContaining({ code: "TOO_FEW_OBSERVATIONS" }));
  });
  it("properties: AUC in [0,1], flips to 1-AUC when scores are negated; lift gains end at 1", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 20 })), { minLength: 10, maxLength: 60 }), (rows) => {
        const y = rows.map((r) => (r[0] ? 1 : 0));
        if (!y.includes(0) || !y.includes(1)) return;
        const s = rows.map((r) => r[1] / 20);
        const a = rocAuc(y, s);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(1);
        expect(
          rocAuc(
            y,
            s.map((v) => -v),
          ),
        ).toBeCloseTo(1 - a, 12);
        const ap = averagePrecision(y, s);
        expect(ap).toBeGreaterThan(0);
        expect(ap).toBeLessThanOrEqual(1 + 1e-12);
        expect(liftTable(y, s).at(-1)!.cumulativeGain).toBeCloseTo(1, 12);
      }),
      { numRuns: 100, seed: 11 },
    );
  });
});
