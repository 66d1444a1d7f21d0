// Regression tests for the contract/fuzz violations found by test/contract.test.ts and test/fuzz
// in clientele/clv (after the issue-10 work). Each fails on the code before the fix (commit 521eccd).
import { describe, expect, it } from "vitest";
import {
  ClienteleError,
  bgbbConditionalExpectedTransactions,
  bgbbFromJSON,
  bgbbLogLikelihood,
  bgbbProbabilityAlive,
  churnRisk,
  clvToCac,
  conditionalExpectedPurchases,
  customerLifetimeValue,
  discountedExpectedResidualTransactions,
  expectedAverageValue,
  expectedPurchases,
  fitBgNbd,
  fitMbgNbd,
  fitParetoNbd,
  gammaGammaFromJSON,
  probabilityAlive,
  transactionModelFromJSON,
} from "../../src/clv/index.js";

function caught(f: () => unknown): ClienteleError {
  try {
    f();
  } catch (e) {
    if (e instanceof ClienteleError) return e;
    throw e;
  }
  throw new Error("expected a ClienteleError, nothing was thrown");
}

const bg = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as never;
const customers = { frequency: [0, 2, 5], recency: [0, 30.43, 5], T: [38.86, 38.86, 38.86] };
const gg = gammaGammaFromJSON({
  kind: "gamma-gamma",
  version: 1,
  timeUnit: "week",
  params: { p: 6.25, q: 3.74, gamma: 15.44 },
  standardErrors: { p: null, q: null, gamma: null },
  confidenceIntervals: { p: null, q: null, gamma: null },
  logLikelihood: 0,
  nCustomers: 946,
  totalWeight: 946,
  nSkipped: 0,
  penalty: 0,
  nIter: 0,
  converged: true,
});
const bgbb = bgbbFromJSON({
  kind: "bg-bb",
  version: 1,
  params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 },
  standardErrors: { alpha: null, beta: null, gamma: null, delta: null },
  confidenceIntervals: { alpha: null, beta: null, gamma: null, delta: null },
  logLikelihood: -33225.6,
  nCustomers: 22,
  totalWeight: 11104,
  nPatterns: 22,
  penalty: 0,
  nIter: 0,
  converged: true,
});
const donors = { frequency: [6, 1], recency: [6, 1], periods: [6, 6] };

/** JSON.stringify writes a typed array as an array (old: {"0": ..., "1": ...}) and the value is kept typed. */
function expectJsonArray(v: unknown): void {
  expect(v).toBeInstanceOf(Float64Array);
  const a = v as Float64Array;
  expect(JSON.parse(JSON.stringify(a))).toEqual(Array.from(a));
}

describe('prediction columns serialize as JSON arrays (old: {"0": ...})', () => {
  it("every Float64Array-returning prediction goes through jsonColumns", () => {
    expectJsonArray(expectedPurchases(bg, [1, 2]));
    expect(typeof expectedPurchases(bg, 1)).toBe("number");
    expectJsonArray(conditionalExpectedPurchases(bg, customers, 10));
    expectJsonArray(probabilityAlive(bg, customers));
    expectJsonArray(discountedExpectedResidualTransactions(bg, customers, { discountRate: 0.01 }));
    const spend = { frequency: [0, 2, 5], monetary: [0, 22.35, 40] };
    expectJsonArray(expectedAverageValue(gg, spend));
    expectJsonArray(customerLifetimeValue(bg, gg, { ...customers, monetary: spend.monetary }, { timeUnit: "week" }));
    expectJsonArray(bgbbLogLikelihood(bgbb, donors));
    expectJsonArray(bgbbProbabilityAlive(bgbb, donors));
    expectJsonArray(bgbbConditionalExpectedTransactions(bgbb, donors, 5));
    const risk = churnRisk(bg, customers);
    expect(risk.churn).toBeInstanceOf(Float64Array);
    expect(JSON.parse(JSON.stringify(risk)).churn).toEqual(Array.from(risk.churn));
    const r = clvToCac([400, 150, 60], 100);
    expect(r.ratio).toBeInstanceOf(Float64Array);
    expect(JSON.parse(JSON.stringify(r)).ratio).toEqual(Array.from(r.ratio));
  });
});

describe("clvToCac never returns Infinity (old: ratio[0] = Infinity for cac = 5e-324)", () => {
  it("a cac so small that the ratio overflows is OUT_OF_RANGE", () => {
    const e = caught(() => clvToCac([100], 5e-324));
    expect(e.code).toBe("OUT_OF_RANGE");
    expect(e.message).toMatch(/^clvToCac: /);
    expect(caught(() => clvToCac([100, 5], [1, 5e-324])).path).toEqual(["cac", 1]);
  });
  it("sums that overflow but finite ratios give a finite overall ratio", () => {
    const r = clvToCac([1e308, 1e308], [1e300, 1e300]);
    expect(r.overall.ratio).toBeCloseTo(1e8, -1);
    expect(Number.isFinite(r.overall.ratio)).toBe(true);
    expect(clvToCac([1e308, -1e308], 1).overall.ratio).toBe(0);
  });
});

describe("public names in messages", () => {
  it('transactionModelFromJSON names itself (old: "bgNbdFromJSON:" / "mbgNbdFromJSON:")', () => {
    for (const bad of [null, 5, { kind: "bg-nbd", version: 1 }, { kind: "mbg-nbd", version: 1 }, { kind: "pareto-nbd", version: 9 }]) {
      expect(caught(() => transactionModelFromJSON(bad)).message).toMatch(/^transactionModelFromJSON: /);
    }
  });
  it('churnRisk names itself (old: "probabilityAlive:")', () => {
    expect(caught(() => churnRisk(null as never, customers)).message).toMatch(/^churnRisk: /);
    expect(caught(() => churnRisk(5 as never, customers)).message).toMatch(/^churnRisk: /);
    expect(caught(() => churnRisk(bg, null as never)).message).toMatch(/^churnRisk: /);
  });
});

describe("BTYD fits bound the customer age (old: T = 2**53 accepted, seconds of work)", () => {
  const data = { frequency: [2, 1, 0, 3], recency: [30, 2, 0, 20], T: [39, 39, 39, 2 ** 53] };
  it.each([
    ["fitBgNbd", fitBgNbd],
    ["fitMbgNbd", fitMbgNbd],
    ["fitParetoNbd", fitParetoNbd],
  ] as const)("%s: T above 1e7 time units is OUT_OF_RANGE, naming the customer", (name, fit) => {
    const e = caught(() => fit(data, { timeUnit: "week" }));
    expect(e.code).toBe("OUT_OF_RANGE");
    expect(e.path).toEqual(["customers", 3, "T"]);
    expect(e.message).toMatch(new RegExp(`^${name}: `));
    // the bound itself is accepted
    expect(() => fit({ ...data, T: [39, 39, 39, 1e7] }, { timeUnit: "week" })).not.toThrow();
  });
});

describe("no NaN / Infinity from extreme finite inputs (found by the fuzz report)", () => {
  it("expectedAverageValue stays between the population mean and z̄ (old: Infinity for monetary 1e308, NaN for frequency 1e308)", () => {
    const out = expectedAverageValue(gg, { frequency: [3, 1e308, 2], monetary: [20, 30, 1e308] });
    expect(Array.from(out).every(Number.isFinite)).toBe(true);
    expect(out[1]).toBeCloseTo(30, 10); // infinite evidence: the customer's own mean
    expect(out[2]).toBeGreaterThan(1e307);
    // the weighted form equals the textbook p(γ + x z̄)/(px + q − 1)
    const { p, q, gamma } = gg.params;
    expect(out[0]).toBeCloseTo((p * (gamma + 3 * 20)) / (p * 3 + q - 1), 12);
  });
  it("discountedExpectedResidualTransactions: discountRate below 1e-9 is INVALID_OPTION (old: NaN at 5e-324)", () => {
    expect(caught(() => discountedExpectedResidualTransactions(bg, customers, { discountRate: 5e-324 })).code).toBe("INVALID_OPTION");
    expect(Array.from(discountedExpectedResidualTransactions(bg, customers, { discountRate: 1e-9 })).every(Number.isFinite)).toBe(true);
  });
});
