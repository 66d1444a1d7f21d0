import { describe, expect, it } from "vitest";
import { discountedExpectedResidualTransactions, conditionalExpectedPurchases } from "../../src/clv/index.js";
import { discountKernel } from "../../src/clv/paretonbd.js";
import type { ClienteleError } from "../../src/core/errors.js";

const bg = { kind: "bg-nbd", version: 1, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as never;
const mbg = { kind: "mbg-nbd", version: 1, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as never;
const pn = { kind: "pareto-nbd", version: 1, params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } } as never;
const customers = { frequency: [2, 0, 10, 50], recency: [30.43, 0, 35, 38], T: [38.86, 38.86, 38.86, 39] };
const d = 1.15 ** (1 / 52) - 1; // 15% a year, weekly data (Fader, Hardie & Lee 2005, JMR)

/**
 * Independent reference: DERT = ∫₀^∞ e^(−δt) dE[Y(t)] = δ ∫₀^∞ e^(−δt) E[Y(t) | x, t_x, T] dt (integration by parts),
 * with the conditional expectation from its closed form, by composite Simpson on u = δt ∈ [0, 50].
 */
function dertByParts(model: never): Float64Array {
  const delta = Math.log1p(d);
  const N = 2000;
  const U = 50;
  const ref = new Float64Array(customers.frequency.length);
  for (let k = 0; k <= N; k++) {
    const u = (U * k) / N;
    const w = k === 0 || k === N ? 1 : k % 2 ? 4 : 2;
    const e = conditionalExpectedPurchases(model, customers, u / delta);
    for (let i = 0; i < ref.length; i++) ref[i] += (w * Math.exp(-u) * e[i] * U) / N / 3;
  }
  return ref;
}

describe("discountedExpectedResidualTransactions", () => {
  it("equals the discounted integral of the conditional expectation for all three models", () => {
    for (const m of [bg, mbg, pn]) {
      const v = discountedExpectedResidualTransactions(m, customers, { discountRate: d });
      const ref = dertByParts(m);
      for (let i = 0; i < ref.length; i++) expect(Math.abs(v[i] - ref[i])).toBeLessThan(1e-6 * ref[i]);
    }
  });

  it("the Pareto/NBD kernel matches its closed forms", () => {
    // s = 1: ∫ e^(−cv)/(1+v) dv = e^c E1(c); c = 1: e·E1(1) = 0.596347362323194 (A&S 5.1, Gompertz constant)
    expect(discountKernel(1, 1)).toBeCloseTo(0.596347362323194, 12);
    // s = 0: ∫ e^(−cv) dv = 1/c
    expect(discountKernel(0.01, 0)).toBeCloseTo(100, 8);
    // s = 2: ∫ e^(−cv)/(1+v)² dv = 1 − c·e^c E1(c); c = 1: 1 − 0.596347362323194
    expect(discountKernel(1, 2)).toBeCloseTo(1 - 0.596347362323194, 12);
  });

  it("falls as the discount rate rises and rejects a missing rate", () => {
    const lo = discountedExpectedResidualTransactions(pn, customers, { discountRate: 0.001 });
    const hi = discountedExpectedResidualTransactions(pn, customers, { discountRate: 0.01 });
    for (let i = 0; i < lo.length; i++) expect(hi[i]).toBeLessThan(lo[i]);
    try {
      discountedExpectedResidualTransactions(pn, customers, {} as never);
      expect.unreachable();
    } catch (e) {
      expect((e as ClienteleError).code).toBe("INVALID_OPTION");
    }
  });
});
