// fitLogisticRegression's gradient pass on both backends (internal option of
// fitLogisticRegressionWith): the WebAssembly SIMD kernel (src/predict/linear/wasm/grad.wat) and
// the JavaScript loops give bit-identical models, and each equals scikit-learn's optimum
// (test/fixtures/predict/sklearn_linear.json, scripts/ref/predict-linear-sklearn.py) and meets the
// Telco reference figures (../shared/data/telco).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/rng.js";
import type { KernelBackend } from "../../src/core/wasm.js";
import { gradKernelStats } from "../../src/predict/linear/gradKernel.js";
import { fitLogisticRegressionWith, type LogisticRegressionModel, type LogisticRegressionOptions } from "../../src/predict/linear/logistic.js";
import { predictProba, rocAuc } from "../../src/predict/linear-internal.js";
import { loadTelco, loadTelcoReference, TELCO_SKIP, telcoOutOfFold } from "./telco-data.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIX = JSON.parse(readFileSync(path.join(HERE, "../fixtures/predict/sklearn_linear.json"), "utf8")) as {
  logistic: {
    name: string;
    X: number[][];
    y: number[];
    penalty: "l2" | "none" | "l1" | "elasticnet";
    lambda: number;
    l1Ratio: number | null;
    fitIntercept: boolean;
    standardize: boolean;
    sampleWeight: number[] | null;
    classWeight: "balanced" | Record<string, number> | null;
    intercept: number;
    coefficients: number[];
  }[];
};

/** Every number of a model, in order (Object.is on them tells -0 from 0). */
function numbers(v: unknown, out: number[] = []): number[] {
  if (typeof v === "number") out.push(v);
  else if (Array.isArray(v)) for (const x of v) numbers(x, out);
  else if (v && typeof v === "object") for (const k of Object.keys(v).sort()) numbers((v as Record<string, unknown>)[k], out);
  return out;
}

function expectIdentical(a: LogisticRegressionModel, b: LogisticRegressionModel): void {
  const x = numbers(a);
  const y = numbers(b);
  expect(x.length).toBe(y.length);
  x.forEach((v, k) => expect(Object.is(v, y[k])).toBe(true));
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
}

const both = (X: Parameters<typeof fitLogisticRegressionWith>[0], y: ArrayLike<number>, o: LogisticRegressionOptions) =>
  (["js", "wasm"] as KernelBackend[]).map((b) => fitLogisticRegressionWith(X, y, o, b)) as [LogisticRegressionModel, LogisticRegressionModel];

describe("fitLogisticRegression: WebAssembly and JavaScript gradient passes give bit-identical models", () => {
  it("the WebAssembly SIMD kernel is available on this runtime (else the tests below compare JS with JS)", () => {
    const before = gradKernelStats.fits;
    fitLogisticRegressionWith([[0], [1], [2], [3]], [0, 1, 0, 1], {}, "wasm");
    expect(gradKernelStats.fits).toBe(before + 1);
    const js = gradKernelStats.fits;
    fitLogisticRegressionWith([[0], [1], [2], [3]], [0, 1, 0, 1], {}, "js");
    expect(gradKernelStats.fits).toBe(js);
  });

  for (const c of FIX.logistic) {
    it(`scikit-learn fixture ${c.name}: identical on both backends, each within 1e-6 of scikit-learn`, () => {
      const [js, wasm] = both(c.X, c.y, {
        penalty: c.penalty,
        lambda: c.lambda,
        l1Ratio: c.l1Ratio ?? undefined,
        fitIntercept: c.fitIntercept,
        standardize: c.standardize,
        ...(c.sampleWeight ? { sampleWeight: c.sampleWeight } : {}),
        ...(c.classWeight ? { classWeight: c.classWeight === "balanced" ? "balanced" : { 0: c.classWeight["0"]!, 1: c.classWeight["1"]! } } : {}),
      });
      expectIdentical(js, wasm);
      const scale = Math.max(1, ...c.coefficients.map(Math.abs));
      for (const m of [js, wasm]) {
        m.coefficients.forEach((b, j) => expect(Math.abs(b - c.coefficients[j]!)).toBeLessThanOrEqual(1e-6 * scale));
        expect(Math.abs(m.intercept - c.intercept)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(c.intercept)));
      }
    });
  }

  it("random shapes (n across block boundaries, odd and even, 1 to 11 features), weights, penalties, no intercept", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 700 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom("l2", "l1", "elasticnet"),
        fc.boolean(),
        fc.boolean(),
        (n, d, seed, penalty, fitIntercept, weighted) => {
          const rng = createRng(seed);
          const cols = Array.from({ length: d }, () => Float64Array.from({ length: n }, () => rng.normal(1, 2)));
          const y = Array.from({ length: n }, (_, i) => (rng.uniform() < 1 / (1 + Math.exp(-0.7 * cols[0]![i]! + 0.5)) ? 1 : 0));
          y[0] = 0;
          y[1] = 1;
          const X = { names: cols.map((_, j) => `x${j}`), columns: cols };
          const o: LogisticRegressionOptions = {
            penalty,
            lambda: 0.5,
            fitIntercept,
            standardize: rng.uniform() < 0.5,
            ...(weighted ? { sampleWeight: Array.from({ length: n }, () => rng.uniform() + 0.1) } : {}),
          };
          const [js, wasm] = both(X, y, o);
          expectIdentical(js, wasm);
        },
      ),
      { seed: 12, numRuns: 40 },
    );
  });

  it("a large fit (100,003 x 3: the subsampled-Hessian path) is identical on both backends", () => {
    const n = 100_003;
    const rng = createRng(5);
    const cols = Array.from({ length: 3 }, () => Float64Array.from({ length: n }, () => rng.normal()));
    const y = Float64Array.from({ length: n }, (_, i) => (rng.uniform() < 1 / (1 + Math.exp(-(cols[0]![i]! - cols[2]![i]!))) ? 1 : 0));
    const [js, wasm] = both({ names: ["a", "b", "c"], columns: cols }, y, { lambda: 1 });
    expectIdentical(js, wasm);
  });
});

describe("Telco reference protocol on both backends (../shared/data/telco)", () => {
  const data = loadTelco();
  const ref = loadTelcoReference();
  if (!data || !ref) {
    console.warn(TELCO_SKIP);
    it.skip(TELCO_SKIP, () => undefined);
    return;
  }
  it("out-of-fold probabilities bit-identical; ROC AUC at least scikit-learn's 0.8453 - 0.005 on each", () => {
    const oof = (b: KernelBackend) =>
      telcoOutOfFold(data, true, (X, y) => {
        const m = fitLogisticRegressionWith(X, y, { lambda: 1, standardize: false }, b);
        return (T) => predictProba(m, T);
      });
    const js = oof("js");
    const wasm = oof("wasm");
    js.forEach((v, i) => expect(Object.is(v, wasm[i])).toBe(true));
    for (const p of [js, wasm]) expect(rocAuc(data.y, p)).toBeGreaterThanOrEqual(ref.logreg_C1.roc_auc - 0.005);
  });
});
