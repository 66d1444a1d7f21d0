// Logistic regression against scikit-learn 1.2.1 (coefficients to 1e-6 at the same penalty and
// scaling; statsmodels standard errors for the unpenalized fit), fixture by
// scripts/ref/predict-linear-sklearn.py; and the Telco reference protocol (../shared/data/telco).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  averagePrecision,
  brierScore,
  calibrate,
  calibratedModelFromJSON,
  explainLogisticRegression,
  fitLogisticRegression,
  fitLogisticRegressionAsync,
  liftTable,
  logisticRegressionFromJSON,
  logLoss,
  predict,
  predictProba,
  rocAuc,
} from "../../src/predict/linear-internal.js";
import { loadTelco, loadTelcoReference, TELCO_SKIP, telcoOutOfFold } from "./telco-data.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIX = JSON.parse(readFileSync(path.join(HERE, "../fixtures/predict/sklearn_linear.json"), "utf8")) as {
  logistic: {
    name: string;
    X: number[][];
    y: number[];
    sampleWeight: number[] | null;
    lambda: number;
    penalty: "l2" | "l1" | "elasticnet" | "none";
    l1Ratio: number | null;
    fitIntercept: boolean;
    standardize: boolean;
    intercept: number;
    coefficients: number[];
    classWeight: "balanced" | { "0": number; "1": number } | null;
    statsmodels?: { params: number[]; bse: number[]; pvalues: number[]; odds_ratio_ci95: number[][] };
  }[];
};

describe("fitLogisticRegression equals scikit-learn's optimum (test/fixtures/predict/sklearn_linear.json)", () => {
  for (const c of FIX.logistic) {
    it(c.name, () => {
      const m = fitLogisticRegression(c.X, c.y, {
        penalty: c.penalty,
        lambda: c.lambda,
        l1Ratio: c.l1Ratio ?? undefined,
        fitIntercept: c.fitIntercept,
        standardize: c.standardize,
        ...(c.sampleWeight ? { sampleWeight: c.sampleWeight } : {}),
        ...(c.classWeight ? { classWeight: c.classWeight === "balanced" ? "balanced" : { 0: c.classWeight["0"], 1: c.classWeight["1"] } } : {}),
      });
      // sklearn LogisticRegression(C = 1/lambda), newton-cg (L2, none) / saga (L1, elastic net), tol 1e-14,
      // on StandardScaler output when standardize; coefficients mapped back to original units
      const tol = c.penalty === "l1" || c.penalty === "elasticnet" ? 1e-6 : 1e-6;
      const scale = Math.max(1, ...c.coefficients.map(Math.abs));
      m.coefficients.forEach((b, j) => expect(Math.abs(b - c.coefficients[j]!)).toBeLessThanOrEqual(tol * scale));
      expect(Math.abs(m.intercept - c.intercept)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(c.intercept)));
      if (c.statsmodels) {
        // statsmodels Logit (Newton, tol 1e-14): params and bse
        expect(m.intercept).toBeCloseTo(c.statsmodels.params[0]!, 8);
        m.coefficients.forEach((b, j) => expect(b).toBeCloseTo(c.statsmodels!.params[j + 1]!, 8));
        expect(m.standardErrors!.intercept).toBeCloseTo(c.statsmodels.bse[0]!, 7);
        m.standardErrors!.coefficients.forEach((s, j) => expect(s).toBeCloseTo(c.statsmodels!.bse[j + 1]!, 7));
        // statsmodels pvalues and exp(conf_int(0.05)): the odds ratios with their 95 % intervals
        const t = explainLogisticRegression(m);
        t.forEach((r, k) => {
          expect(r.pValue!).toBeCloseTo(c.statsmodels!.pvalues[k]!, 7);
          expect(r.oddsRatio! / Math.exp(c.statsmodels!.params[k]!)).toBeCloseTo(1, 7);
          expect(r.oddsRatioLower! / c.statsmodels!.odds_ratio_ci95[k]![0]!).toBeCloseTo(1, 7);
          expect(r.oddsRatioUpper! / c.statsmodels!.odds_ratio_ci95[k]![1]!).toBeCloseTo(1, 7);
        });
      }
      if (c.penalty === "l1" || c.penalty === "elasticnet") {
        expect(m.standardErrors).toBeNull();
        // the L1 zeros are exact zeros (saga's too)
        c.coefficients.forEach((b, j) => {
          if (b === 0) expect(m.coefficients[j]).toBe(0);
        });
      }
    });
  }
});

describe("fitLogisticRegression examples, round trip, bad input", () => {
  const X = [[1], [2], [3], [4], [5], [6]];
  const y = [0, 0, 1, 0, 1, 1];
  it("fitLogisticRegression example", () => {
    const m = fitLogisticRegression(X, y, { penalty: "none" });
    expect(m.coefficients[0]!.toFixed(4)).toBe("1.2140");
    expect(predictProba(m, [[3.5]])[0]!.toFixed(4)).toBe("0.5000");
  });
  it("fitLogisticRegressionAsync example (same result bit for bit)", async () => {
    const m = await fitLogisticRegressionAsync(X, y, { penalty: "none" });
    expect(m.coefficients[0]!.toFixed(4)).toBe("1.2140");
    expect(m).toEqual(fitLogisticRegression(X, y, { penalty: "none" }));
  });
  it("logisticRegressionFromJSON example", () => {
    const m = fitLogisticRegression([[1], [2], [3], [4]], [0, 1, 0, 1]);
    expect(logisticRegressionFromJSON(JSON.parse(JSON.stringify(m))).coefficients.length).toBe(1);
  });
  it("predictProba example", () => {
    const m = fitLogisticRegression([[0], [1], [2], [3]], [0, 0, 1, 1]);
    expect(Array.from(predictProba(m, [[0], [3]]), (p) => p.toFixed(3))).toEqual(["0.220", "0.780"]);
  });
  it("predict example", () => {
    const m = fitLogisticRegression([[0], [1], [2], [3]], [0, 0, 1, 1]);
    expect(Array.from(predict(m, [[0], [3]]))).toEqual([0, 1]);
    expect(Array.from(predict(m, [[0], [3]], { threshold: 0.9 }))).toEqual([0, 0]);
  });
  it("explainLogisticRegression example", () => {
    const t = explainLogisticRegression(fitLogisticRegression(X, y, { penalty: "none" }));
    expect(t.map((r) => r.name)).toEqual(["(intercept)", "x0"]);
    expect(t[1]!.oddsRatio!.toFixed(3)).toBe("3.367");
    expect(t[1]!.standardized).toBeCloseTo(1.2140275858514 * Math.sqrt(35 / 12), 9);
  });
  it("explainLogisticRegression: figures that would overflow are null, never Infinity", () => {
    const m = fitLogisticRegression(X, y, { penalty: "none" });
    const t = explainLogisticRegression({ ...m, coefficients: [800] });
    expect(t[1]!.oddsRatio).toBeNull();
    expect(t[1]!.oddsRatioUpper).toBeNull();
    expect(JSON.stringify(t)).not.toMatch(/Infinity|NaN/);
  });
  it("calibrate example", () => {
    const m = fitLogisticRegression([[0], [1], [2], [3], [4], [5]], y);
    const c = calibrate(m, [[0], [1], [2], [3], [4], [5]], y, { method: "isotonic" });
    expect(c.kind).toBe("calibrated-classifier");
    expect(Array.from(predictProba(c, [[0], [5]]))).toEqual([0, 1]);
  });
  it("calibratedModelFromJSON example", () => {
    const m = fitLogisticRegression([[0], [1], [2], [3]], [0, 1, 0, 1]);
    expect(calibratedModelFromJSON(JSON.parse(JSON.stringify(calibrate(m, [[0], [1], [2], [3]], [0, 1, 0, 1])))).method).toBe("platt");
  });
  it("feature tables, JSON round trip gives identical predictions", () => {
    const m = fitLogisticRegression(
      {
        names: ["a", "b"],
        columns: [
          [1, 2, 3, 4, 5, 6],
          [0, 1, 0, 1, 1, 0],
        ],
      },
      y,
      { standardize: ["a"] },
    );
    expect(m.featureNames).toEqual(["a", "b"]);
    expect(m.scaled).toEqual([true, false]);
    const again = logisticRegressionFromJSON(JSON.parse(JSON.stringify(m)));
    expect(
      Array.from(
        predictProba(again, [
          [2, 1],
          [5, 0],
        ]),
      ),
    ).toEqual(
      Array.from(
        predictProba(m, [
          [2, 1],
          [5, 0],
        ]),
      ),
    );
  });
  it("class weights: balanced equals the explicit weights n/(2 n_c)", () => {
    const a = fitLogisticRegression(X, [0, 0, 0, 0, 1, 1], { classWeight: "balanced" });
    const b = fitLogisticRegression(X, [0, 0, 0, 0, 1, 1], { sampleWeight: [0.75, 0.75, 0.75, 0.75, 1.5, 1.5] });
    expect(a.coefficients[0]).toBeCloseTo(b.coefficients[0]!, 10);
  });
  it("bad input is a coded ClienteleError", () => {
    const code = (f: () => unknown, c: string): void => {
      expect(f).toThrow(expect.objectContaining({ code: c }));
    };
    code(() => fitLogisticRegression([[1], [NaN]], [0, 1]), "NON_FINITE");
    code(() => fitLogisticRegression([[1], [null]], [0, 1]), "MISSING_VALUE");
    code(() => fitLogisticRegression([[1], [2]], [0, 2]), "INVALID_LABEL");
    code(() => fitLogisticRegression([[1], [2]], [1, 1]), "DEGENERATE_INPUT");
    code(() => fitLogisticRegression([[1], [2], [3]], [0, 1]), "LENGTH_MISMATCH");
    code(() => fitLogisticRegression([[1], [2]], [0, 1], { C: 1 } as never), "INVALID_OPTION");
    code(() => fitLogisticRegression([[1], [2]], [0, 1], { standardize: ["zz"] }), "INVALID_OPTION");
    code(
      () =>
        fitLogisticRegression(
          [
            [1, 1],
            [2, 2],
            [3, 3],
            [4, 4],
          ],
          [0, 1, 0, 1],
          { penalty: "none" },
        ),
      "SINGULAR_SYSTEM",
    );
    code(() => fitLogisticRegression([[1], [2], [3], [4]], [0, 0, 1, 1], { penalty: "none" }), "FIT_FAILED"); // separable
    const m = fitLogisticRegression(X, y);
    code(() => predictProba(m, [[1, 2]]), "SHAPE_MISMATCH");
    code(() => predictProba(m, [[Infinity]]), "NON_FINITE");
    code(() => predictProba({ ...m, kind: "kmeans" }, [[1]]), "WRONG_MODEL_KIND");
    code(() => logisticRegressionFromJSON({ ...m, coefficients: [1, 2] }), "INVALID_MODEL");
    code(() => logisticRegressionFromJSON({ ...m, featureStd: [-1] }), "INVALID_MODEL");
    code(() => logisticRegressionFromJSON({ ...m, intercept: "x" }), "INVALID_MODEL");
    code(() => logisticRegressionFromJSON({ ...m, version: 2 }), "UNSUPPORTED_MODEL_VERSION");
    code(() => logisticRegressionFromJSON(JSON.parse(JSON.stringify(m).replace('"kind"', '"__proto__":{"x":1},"kind"'))), "INVALID_MODEL");
    code(() => calibrate(m, X, [1, 1, 1, 1, 1, 1]), "DEGENERATE_INPUT");
  });
  it("standardErrors: false skips the standard errors and leaves the fit unchanged, bit for bit", () => {
    for (const o of [{ penalty: "none" as const }, { lambda: 0.5 }, { lambda: 0.5, standardize: false }]) {
      const a = fitLogisticRegression(X, y, o);
      const b = fitLogisticRegression(X, y, { ...o, standardErrors: false });
      expect(a.standardErrors).not.toBeNull();
      expect(b.standardErrors).toBeNull();
      expect(b.standardErrorsNote).toMatch(/standardErrors: false/);
      expect({ ...b, standardErrors: a.standardErrors, standardErrorsNote: a.standardErrorsNote }).toEqual(a);
      expect(explainLogisticRegression(b)[1]!.pValue).toBeNull();
      expect(logisticRegressionFromJSON(JSON.parse(JSON.stringify(b))).standardErrors).toBeNull();
    }
    // L1 keeps its own reason
    expect(fitLogisticRegression(X, y, { penalty: "l1", lambda: 0.1, standardErrors: false }).standardErrorsNote).toMatch(/L1/);
    expect(() => fitLogisticRegression(X, y, { standardErrors: "no" } as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
  });
  it("Float64Array columns are read in place and never written; rows, plain-array and Float64Array columns give the same model bit for bit", () => {
    const rows = [
      [1, 5],
      [2, 3],
      [3, 9],
      [4, 1],
      [5, 4],
      [6, 2],
      [7, 8],
      [8, 0],
    ];
    const yy = [0, 0, 1, 0, 1, 1, 0, 1];
    const cols = [Float64Array.from(rows, (r) => r[0]!), Float64Array.from(rows, (r) => r[1]!)];
    const before = cols.map((c) => Array.from(c));
    for (const standardize of [true, false, [1]] as const) {
      const fromRows = fitLogisticRegression(rows, yy, { standardize: standardize as boolean | number[] });
      const typed = fitLogisticRegression({ names: ["x0", "x1"], columns: cols }, yy, { standardize: standardize as boolean | number[] });
      const plain = fitLogisticRegression({ names: ["x0", "x1"], columns: cols.map((c) => Array.from(c)) }, yy, {
        standardize: standardize as boolean | number[],
      });
      expect(typed).toEqual(fromRows);
      expect(plain).toEqual(fromRows);
      expect(cols.map((c) => Array.from(c))).toEqual(before);
    }
  });
  it("a non-finite cell of a Float64Array column is NON_FINITE naming the cell, as for other inputs", () => {
    const col = Float64Array.from([1, 2, 3, 4]);
    col[2] = NaN;
    expect(() => fitLogisticRegression({ names: ["a", "b"], columns: [Float64Array.from([1, 2, 3, 4]), col] }, [0, 1, 0, 1])).toThrow(
      expect.objectContaining({ code: "NON_FINITE", path: ["X", "columns", 1, 2] }),
    );
    col[2] = -Infinity;
    expect(() => fitLogisticRegression({ names: ["a", "b"], columns: [Float64Array.from([1, 2, 3, 4]), col] }, [0, 1, 0, 1])).toThrow(
      expect.objectContaining({ code: "NON_FINITE", path: ["X", "columns", 1, 2] }),
    );
    expect(() =>
      fitLogisticRegression({ names: ["a", ""], columns: [Float64Array.from([1, 2, 3, 4]), Float64Array.from([1, 2, 3, 4])] }, [0, 1, 0, 1]),
    ).toThrow(expect.objectContaining({ code: "INVALID_INPUT", path: ["X", "names", 1] }));
    expect(() => fitLogisticRegression({ names: ["a", "b"], columns: [Float64Array.from([1, 2, 3, 4]), Float64Array.from([1, 2, 3])] }, [0, 1, 0, 1])).toThrow(
      expect.objectContaining({ code: "LENGTH_MISMATCH", path: ["X", "columns", 1] }),
    );
    expect(() => fitLogisticRegression([[1, 2], [3]], [0, 1])).toThrow(expect.objectContaining({ code: "SHAPE_MISMATCH", path: ["X", 1] }));
  });
  it("aborts with ABORTED", async () => {
    await expect(fitLogisticRegressionAsync(X, y, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: "ABORTED" });
  });
  it("properties: probabilities in [0,1]; calibrated probabilities monotone in the base score", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.boolean()), { minLength: 8, maxLength: 40 }), (rows) => {
        const yy = rows.map((r) => (r[1] ? 1 : 0));
        if (!yy.includes(0) || !yy.includes(1)) return;
        const XX = rows.map((r) => [r[0]]);
        const m = fitLogisticRegression(XX, yy);
        const p = predictProba(m, XX);
        for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
        for (const method of ["platt", "isotonic"] as const) {
          const c = calibrate(m, XX, yy, { method });
          const grid = [[-6], [-2], [0], [2], [6]];
          const q = Array.from(predictProba(c, grid));
          const increasing = m.coefficients[0]! >= 0;
          for (let k = 1; k < q.length; k++) {
            if (method === "isotonic" || c.platt!.a <= 0) expect(increasing ? q[k]! >= q[k - 1]! - 1e-12 : q[k]! <= q[k - 1]! + 1e-12).toBe(true);
          }
        }
      }),
      { numRuns: 50, seed: 5 },
    );
  });
});

describe("Telco reference protocol (../shared/data/telco, scikit-learn 1.2.1 out-of-fold figures)", () => {
  const data = loadTelco();
  const ref = loadTelcoReference();
  if (!data || !ref) {
    console.warn(TELCO_SKIP);
    it.skip(TELCO_SKIP, () => undefined);
    return;
  }
  it("logistic regression C=1 gives at least scikit-learn's ROC AUC, PR AUC, Brier and top-decile lift (within 0.005)", () => {
    // protocol: StandardScaler on the 3 numeric columns inside each fold, one-hot columns unscaled,
    // LogisticRegression(C=1) = lambda 1, standardize: false on the pre-scaled fold
    const p = telcoOutOfFold(data, true, (X, y) => {
      const m = fitLogisticRegression(X, y, { lambda: 1, standardize: false });
      return (T) => predictProba(m, T);
    });
    const r = ref.logreg_C1; // README: ROC AUC 0.8453, PR AUC 0.6526, log loss 0.4174, Brier 0.1354, top-decile lift 2.84
    const auc = rocAuc(data.y, p);
    const ap = averagePrecision(data.y, p);
    const brier = brierScore(data.y, p);
    const ll = logLoss(data.y, p);
    const lift = liftTable(data.y, p)[0]!.lift;
    console.log(
      `Telco LR: ROC AUC ${auc.toFixed(4)} (sklearn ${r.roc_auc}), PR AUC ${ap.toFixed(4)} (${r.pr_auc_average_precision}), log loss ${ll.toFixed(4)} (${r.log_loss}), Brier ${brier.toFixed(4)} (${r.brier}), top-decile lift ${lift.toFixed(3)} (${r.deciles[0]!.lift})`,
    );
    expect(auc).toBeGreaterThanOrEqual(r.roc_auc - 0.005);
    expect(ap).toBeGreaterThanOrEqual(r.pr_auc_average_precision - 0.005);
    expect(brier).toBeLessThanOrEqual(r.brier + 0.005);
    expect(ll).toBeLessThanOrEqual(r.log_loss + 0.005);
    expect(lift).toBeGreaterThanOrEqual(r.deciles[0]!.lift - 0.005 * 10);
    // same optimum, so the same figures to rounding
    expect(auc).toBeCloseTo(r.roc_auc, 3);
    expect(brier).toBeCloseTo(r.brier, 3);
    liftTable(data.y, p).forEach((row, k) => expect(row.positives).toBeCloseTo(r.deciles[k]!.churners, -1));
  });
});
