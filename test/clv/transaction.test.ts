import { describe, expect, it } from "vitest";
import {
  fitBgNbd,
  conditionalExpectedPurchases,
  probabilityAlive,
  expectedPurchases,
  probabilityOfPurchases,
  transactionModelFromJSON,
  probabilityAliveMatrix,
  expectedPurchasesMatrix,
} from "../../src/clv/index.js";
import { ClienteleError } from "../../src/core/errors.js";

const bg = { kind: "bg-nbd", version: 1, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as never;
const pn = { kind: "pareto-nbd", version: 1, params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } } as never;

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ClienteleError);
    return (e as ClienteleError).code;
  }
  return "none";
}

describe("bad input", () => {
  it("names the problem with a stable code", () => {
    expect(code(() => fitBgNbd({ frequency: [1, 2], recency: [3, 40], T: [5, 31] }, { timeUnit: "week" }))).toBe("RECENCY_AFTER_T");
    expect(code(() => fitBgNbd({ frequency: [-1], recency: [0], T: [5] }, { timeUnit: "week" }))).toBe("NEGATIVE_VALUE");
    expect(code(() => fitBgNbd({ frequency: [1.5], recency: [1], T: [5] }, { timeUnit: "week" }))).toBe("NOT_INTEGER");
    expect(code(() => fitBgNbd({ frequency: [1], recency: [1], T: [0] }, { timeUnit: "week" }))).toBe("OUT_OF_RANGE");
    expect(code(() => fitBgNbd({ frequency: [0], recency: [2], T: [5] }, { timeUnit: "week" }))).toBe("RECENCY_WITHOUT_REPEAT");
    expect(code(() => fitBgNbd({ frequency: [1, 2], recency: [1], T: [5, 5] }, { timeUnit: "week" }))).toBe("LENGTH_MISMATCH");
    expect(code(() => fitBgNbd({ frequency: [1], T: [5] } as never, { timeUnit: "week" }))).toBe("MISSING_COLUMN");
    expect(code(() => fitBgNbd({ frequency: [1], recency: [1], T: [5] }, { timeUnit: "week", penalty: -1 }))).toBe("INVALID_OPTION");
    expect(code(() => fitBgNbd({ frequency: [1], recency: [1], T: [5], weights: [0] }, { timeUnit: "week" }))).toBe("EMPTY_INPUT");
    expect(code(() => probabilityAlive({ kind: "gamma-gamma", version: 1 } as never, { frequency: [1], recency: [1], T: [2] }))).toBe("WRONG_MODEL_KIND");
    expect(code(() => probabilityAlive({ kind: "bg-nbd", version: 3, params: {} } as never, { frequency: [1], recency: [1], T: [2] }))).toBe(
      "UNSUPPORTED_MODEL_VERSION",
    );
    expect(code(() => expectedPurchases(bg, -1))).toBe("INVALID_INPUT");
    expect(code(() => probabilityOfPurchases(bg, 10, 1.5))).toBe("INVALID_INPUT");
    expect(code(() => transactionModelFromJSON({ kind: "bg-bb", version: 1 }))).toBe("WRONG_MODEL_KIND");
    expect(code(() => transactionModelFromJSON(null))).toBe("INVALID_MODEL");
    // one BFGS iteration per start cannot reach the gradient tolerance
    const hard = { frequency: [2, 1, 0, 0, 5, 3, 0, 1], recency: [30.4, 1.7, 0, 0, 20, 12, 0, 5], T: [38.9, 38.9, 38.9, 30, 35, 20, 10, 8] };
    expect(code(() => fitBgNbd(hard, { timeUnit: "week", maxIter: 1 }))).toBe("FIT_FAILED");
    try {
      fitBgNbd(hard, { timeUnit: "week", maxIter: 1 });
    } catch (e) {
      expect((e as Error).message).toMatch(/rescale time/i);
      expect((e as Error).message).toMatch(/penalty/);
    }
  });

  it("the RECENCY_AFTER_T message names the row and the fix", () => {
    try {
      fitBgNbd({ frequency: [1, 2], recency: [3, 40], T: [5, 31] }, { timeUnit: "week" });
    } catch (e) {
      const err = e as ClienteleError;
      expect(err.path).toEqual(["customers", 1, "recency"]);
      expect(err.message).toMatch(/customers\[1\]\.recency is 40 but T is 31/);
    }
  });
});

describe("predictions", () => {
  it("accept typed arrays, return one value per customer and never mutate input", () => {
    const cust = { frequency: Float64Array.of(0, 2, 7), recency: Float64Array.of(0, 30.43, 20), T: Float64Array.of(38.86, 38.86, 38.86) };
    const copy = Float64Array.from(cust.recency);
    for (const m of [bg, pn]) {
      expect(probabilityAlive(m, cust).length).toBe(3);
      expect(conditionalExpectedPurchases(m, cust, 39).length).toBe(3);
    }
    expect(cust.recency).toEqual(copy);
    expect(probabilityAlive(bg, { frequency: [], recency: [], T: [] }).length).toBe(0);
  });

  it("expected purchases over a vector of t match the scalar calls and E[X(0)] = 0", () => {
    const v = expectedPurchases(pn, [0, 10, 39]);
    expect(v[0]).toBe(0);
    expect(v[2]).toBeCloseTo(expectedPurchases(pn, 39), 14);
  });

  it("P(X(t) = n) of BG/NBD sums to 1 and its mean is E[X(t)] (Fader, Hardie & Lee 2005, eq. 8 vs eq. 7)", () => {
    for (const t of [1, 39, 200]) {
      let s = 0;
      let mean = 0;
      for (let n = 0; n < 3000; n++) {
        const p = probabilityOfPurchases(bg, t, n);
        s += p;
        mean += n * p;
      }
      expect(s).toBeCloseTo(1, 8);
      expect(mean).toBeCloseTo(expectedPurchases(bg, t), 5);
    }
  });

  it("the plotting matrices agree with the vector predictions and mark impossible cells", () => {
    const pa = probabilityAliveMatrix(bg, { maxFrequency: 6, T: 39, recencyPoints: 14 });
    expect(pa.values.length).toBe(7);
    expect(pa.values[0][0]).toBe(1);
    expect(pa.values[0][3]).toBeNull();
    const j = 9;
    const direct = probabilityAlive(bg, { frequency: [4], recency: [pa.recency[j]], T: [39] })[0];
    expect(pa.values[4][j]).toBeCloseTo(direct, 14);
    // more recent last purchase, more likely alive
    expect(pa.values[4][13]!).toBeGreaterThan(pa.values[4][2]!);
    const ep = expectedPurchasesMatrix(pn, { maxFrequency: 3, T: 39, t: 39, maxRecency: 30, recencyPoints: 4 });
    expect(ep.recency).toEqual([0, 10, 20, 30]);
    expect(ep.values[2][1]).toBeCloseTo(conditionalExpectedPurchases(pn, { frequency: [2], recency: [10], T: [39] }, 39)[0], 14);
    expect(code(() => probabilityAliveMatrix(bg, { maxFrequency: 3, T: 39, maxRecency: 50 }))).toBe("RECENCY_AFTER_T");
  });

  it("BG/NBD predictions are continuous through a + b = 1, where the 2F1 parameter c is 0", () => {
    const at = (a: number) => ({ kind: "bg-nbd", version: 1, params: { r: 0.5, alpha: 3, a, b: 0.6 } }) as never;
    const cust = { frequency: [0], recency: [0], T: [5] };
    const mid = expectedPurchases(at(0.4), 10);
    expect(mid).toBeCloseTo((expectedPurchases(at(0.4 + 1e-7), 10) + expectedPurchases(at(0.4 - 1e-7), 10)) / 2, 6);
    const c0 = conditionalExpectedPurchases(at(0.4), cust, 10)[0];
    expect(c0).toBeCloseTo(conditionalExpectedPurchases(at(0.4 + 1e-7), cust, 10)[0], 6);
  });

  it("transactionModelFromJSON dispatches on kind", () => {
    const m = fitBgNbd({ frequency: [2, 1, 0, 3, 0], recency: [30, 2, 0, 20, 0], T: [39, 39, 39, 35, 20] }, { timeUnit: "week" });
    expect(transactionModelFromJSON(JSON.parse(JSON.stringify(m))).kind).toBe("bg-nbd");
  });
});

describe("documented @example outputs", () => {
  it("match the TSDoc examples", () => {
    expect(expectedPurchases(bg, 39).toFixed(3)).toBe("1.197");
    expect(conditionalExpectedPurchases(bg, { frequency: [2], recency: [30.43], T: [38.86] }, 39)[0].toFixed(3)).toBe("1.226");
    expect(probabilityAlive(bg, { frequency: [0, 2], recency: [0, 30.43], T: [38.86, 38.86] })[0]).toBe(1);
    expect(probabilityOfPurchases(bg, 39, 0).toFixed(3)).toBe("0.574");
    expect(probabilityAliveMatrix(bg, { maxFrequency: 10, T: 39 }).values.length).toBe(11);
    expect(expectedPurchasesMatrix(bg, { maxFrequency: 5, T: 39, t: 39 }).recency.length).toBe(50);
    const five = { frequency: [2, 1, 0, 0, 5], recency: [30.4, 1.7, 0, 0, 20], T: [38.9, 38.9, 38.9, 30, 35] };
    expect(fitBgNbd(five, { timeUnit: "week" }).kind).toBe("bg-nbd");
  });
});
