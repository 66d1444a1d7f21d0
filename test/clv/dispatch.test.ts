// One prediction vocabulary for every clv model kind: the shared prediction functions dispatch on
// `model.kind` (BG/BB included), and a model of a kind a function has no quantity for is
// WRONG_MODEL_KIND with a message naming the function to use instead.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as clv from "../../src/clv/index.js";
import { expectClienteleError } from "../helpers/errors.js";

// Fader, Hardie & Shang (2010) donations estimates; Fader, Hardie & Lee (2005) CDNOW BG/NBD and Gamma-Gamma estimates
// a complete BG/BB model (a saved model carries every field) with the published donations parameters
const bbFit = clv.fitBgBb({ frequency: [0, 1, 2, 6], recency: [0, 3, 5, 6], periods: [6, 6, 6, 6], weights: [3464, 129, 173, 1203] });
const bb: clv.BgBbModel = { ...bbFit, params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } };
const bg = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as unknown as clv.BgNbdModel;
const gg = { kind: "gamma-gamma", version: 1, params: { p: 6.25, q: 3.74, gamma: 15.44 } } as unknown as clv.GammaGammaModel;
const rft = { frequency: [0, 2, 5], recency: [0, 30.43, 20], T: [38.86, 38.86, 35] };
const bbc = { frequency: [0, 1, 3, 6], recency: [0, 1, 5, 6], periods: [6, 6, 6, 6] };
const spend = { frequency: [0, 2], monetary: [0, 22.35] };

/** The WRONG_MODEL_KIND error of `fn`, whose message must name `use`. */
function wrongKind(f: () => unknown, use: RegExp, path: string[] = ["model", "kind"]): void {
  const e = expectClienteleError(f, "WRONG_MODEL_KIND");
  expect(e.message).toMatch(use);
  expect(e.path).toEqual(path);
}

describe("shared prediction functions with a BG/BB model", () => {
  it("give exactly the BG/BB functions' values", () => {
    expect(clv.probabilityAlive(bb, bbc)).toEqual(clv.bgbbProbabilityAlive(bb, bbc, { futurePeriods: 0 }));
    expect(clv.conditionalExpectedPurchases(bb, bbc, 5)).toEqual(clv.bgbbConditionalExpectedTransactions(bb, bbc, 5));
    expect(clv.expectedPurchases(bb, 6)).toBe(clv.bgbbExpectedTransactions(bb, 6));
    expect(Array.from(clv.expectedPurchases(bb, [0, 1, 6]))).toEqual([0, 1, 6].map((n) => clv.bgbbExpectedTransactions(bb, n)));
    expect(clv.probabilityOfPurchases(bb, 6, 2)).toBe(clv.bgbbProbabilityOfTransactions(bb, 6, 2));
  });

  it("agree with the BG/BB functions for random customers and horizons (property)", () => {
    const customer = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })).map(([n, a, b]) => {
      const tx = Math.min(a, n);
      const x = tx === 0 ? 0 : Math.min(Math.max(1, b), tx);
      return { x, tx, n };
    });
    fc.assert(
      fc.property(fc.array(customer, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 20 }), (rows, h) => {
        const c = { frequency: rows.map((r) => r.x), recency: rows.map((r) => r.tx), periods: rows.map((r) => r.n) };
        expect(clv.conditionalExpectedPurchases(bb, c, h)).toEqual(clv.bgbbConditionalExpectedTransactions(bb, c, h));
        expect(clv.probabilityAlive(bb, c)).toEqual(clv.bgbbProbabilityAlive(bb, c, { futurePeriods: 0 }));
        expect(clv.probabilityOfPurchases(bb, h, rows[0].x)).toBe(clv.bgbbProbabilityOfTransactions(bb, h, rows[0].x));
      }),
      { seed: 11, numRuns: 60 },
    );
  });

  it('accept the tag saved before 0.2 ("bgbb")', () => {
    const old = { ...bb, kind: "bgbb" } as unknown as clv.BgBbModel;
    expect(clv.probabilityAlive(old, bbc)).toEqual(clv.probabilityAlive(bb, bbc));
    expect(clv.expectedPurchases(old, 6)).toBe(clv.expectedPurchases(bb, 6));
  });
});

describe("a model of a kind the function has no quantity for", () => {
  it("Gamma-Gamma to a purchase prediction names the spend functions", () => {
    const spendFns = /expectedAverageValue\(spendModel, customers\).*customerLifetimeValue/;
    wrongKind(() => clv.probabilityAlive(gg as never, rft), spendFns);
    wrongKind(() => clv.conditionalExpectedPurchases(gg as never, rft, 39), spendFns);
    wrongKind(() => clv.expectedPurchases(gg as never, 39), spendFns);
    wrongKind(() => clv.probabilityOfPurchases(gg as never, 39, 1), spendFns);
    wrongKind(() => clv.probabilityAliveMatrix(gg as never, { maxFrequency: 2, T: 39 }), spendFns);
    wrongKind(() => clv.discountedExpectedResidualTransactions(gg as never, rft, { discountRate: 0.01 }), spendFns);
    wrongKind(() => clv.churnRisk(gg as never, rft), spendFns);
    wrongKind(() => clv.bgbbProbabilityAlive(gg as never, bbc), spendFns);
    // legacy tag too
    wrongKind(() => clv.probabilityAlive({ ...gg, kind: "gammagamma" } as never, rft), spendFns);
  });

  it("BG/BB where only continuous time makes sense names the shared functions that take it", () => {
    wrongKind(() => clv.probabilityAliveMatrix(bb as never, { maxFrequency: 2, T: 6 }), /probabilityAlive\(model, \{ frequency, recency, periods \}\)/);
    wrongKind(() => clv.expectedPurchasesMatrix(bb as never, { maxFrequency: 2, T: 6 }), /conditionalExpectedPurchases\(model, customers, n\)/);
    wrongKind(
      () => clv.discountedExpectedResidualTransactions(bb as never, rft, { discountRate: 0.01 }),
      /conditionalExpectedPurchases\(model, customers, n\)/,
    );
    wrongKind(() => clv.customerLifetimeValue(bb as never, gg, { ...rft, monetary: [0, 22.35, 40] }), /conditionalExpectedPurchases.*expectedAverageValue/);
    wrongKind(() => clv.calibrationHoldout(bb as never, {} as never), /conditionalExpectedPurchases\(model, customers, n\)/);
    wrongKind(() => clv.cumulativeTracking(bb as never, {} as never), /expectedPurchases\(model, n\)/);
  });

  it("a BG/NBD-family model to a BG/BB-only function names the shared function", () => {
    wrongKind(() => clv.bgbbProbabilityAlive(bg as never, bbc), /probabilityAlive\(model, customers\)/);
    wrongKind(() => clv.bgbbConditionalExpectedTransactions(bg as never, bbc, 5), /conditionalExpectedPurchases\(model, customers, t\)/);
    wrongKind(() => clv.bgbbExpectedTransactions(bg as never, 6), /expectedPurchases\(model, t\)/);
    wrongKind(() => clv.bgbbProbabilityOfTransactions(bg as never, 6, 1), /probabilityOfPurchases\(model, t, n\)/);
    wrongKind(() => clv.bgbbLogLikelihood(bg as never, bbc), /model\.logLikelihood/);
  });

  it("a purchase model where a spend model belongs names the purchase functions", () => {
    wrongKind(() => clv.expectedAverageValue(bg as never, spend), /conditionalExpectedPurchases\(model, customers, t\)/);
    wrongKind(() => clv.gammaGammaLogLikelihood(bb as never, spend), /expectedPurchases\(model, t\)/);
    wrongKind(() => clv.customerLifetimeValue(bg, bg as never, { ...rft, monetary: [0, 22.35, 40] }), /spendModel/, ["spendModel", "kind"]);
  });

  it("the loaders name the loader of the other kind", () => {
    wrongKind(() => clv.transactionModelFromJSON(bb), /bgbbFromJSON/);
    wrongKind(() => clv.transactionModelFromJSON(gg), /gammaGammaFromJSON/);
  });

  it("a kind that is not a clv model is still WRONG_MODEL_KIND", () => {
    expectClienteleError(() => clv.probabilityAlive({ kind: "kmeans", version: 1 } as never, rft), "WRONG_MODEL_KIND");
    expectClienteleError(() => clv.bgbbProbabilityAlive({ kind: "kmeans", version: 1 } as never, bbc), "WRONG_MODEL_KIND");
    expectClienteleError(() => clv.expectedAverageValue({ kind: "kmeans", version: 1 } as never, spend), "WRONG_MODEL_KIND");
  });
});
