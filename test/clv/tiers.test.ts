import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClienteleError } from "../../src/core/errors.js";
import { bgbbProbabilityAlive, type BgBbModel } from "../../src/clv/bgbb.js";
import { CLV_TIER_GUIDANCE, churnRisk, clvTiers, clvToCac } from "../../src/clv/tiers.js";
import type { TransactionModel } from "../../src/clv/transaction.js";

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ClienteleError) return e.code;
    throw e;
  }
  return undefined;
}

// Fader, Hardie & Lee (2005), Marketing Science 24(2), CDNOW: r 0.243, α 4.414, a 0.793, b 2.426
const P = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const bg = { kind: "bg-nbd", version: 1, params: P } as unknown as TransactionModel;

/** BG/NBD P(alive), FHL 2005 eq. (11), written out independently. */
function pAlive(x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  return 1 / (1 + (P.a / (P.b + x - 1)) * Math.pow((P.alpha + T) / (P.alpha + tx), P.r + x));
}

describe("churnRisk", () => {
  const cust = { frequency: [0, 2, 5, 1, 3], recency: [0, 30.43, 5, 20, 25], T: [38.86, 38.86, 38.86, 38.86, 38.86] };

  it("is 1 − P(alive) of the BG/NBD, with default tiers at 0.3 and 0.7", () => {
    const r = churnRisk(bg, cust);
    for (let i = 0; i < 5; i++) {
      const want = 1 - pAlive(cust.frequency[i], cust.recency[i], cust.T[i]);
      expect(r.churn[i]).toBeCloseTo(want, 12);
      expect(r.tier[i]).toBe(want >= 0.7 ? "high" : want >= 0.3 ? "medium" : "low");
    }
    expect(r.tier.slice(0, 3)).toEqual(["low", "low", "high"]); // the TSDoc example
    expect(r.counts.low + r.counts.medium + r.counts.high).toBe(5);
    expect(r.thresholds).toEqual([0.3, 0.7]);
  });

  it("honours custom thresholds", () => {
    const r = churnRisk(bg, cust, { thresholds: [0.1, 0.2] });
    for (let i = 0; i < 5; i++) expect(r.tier[i]).toBe(r.churn[i] >= 0.2 ? "high" : r.churn[i] >= 0.1 ? "medium" : "low");
  });

  it("dispatches to BG/BB for discrete-time models", () => {
    // Fader, Hardie & Shang (2010) donations estimates
    const bgbb = {
      kind: "bg-bb",
      version: 1,
      params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 },
      standardErrors: { alpha: null, beta: null, gamma: null, delta: null },
      confidenceIntervals: { alpha: null, beta: null, gamma: null, delta: null },
      logLikelihood: 0,
      nCustomers: 1,
      totalWeight: 1,
      nPatterns: 1,
      penalty: 0,
      nIter: 0,
      converged: true,
    } as BgBbModel;
    const c = { frequency: [6, 1, 0], recency: [6, 1, 0], periods: [6, 6, 6] };
    const r = churnRisk(bgbb, c);
    const pa = bgbbProbabilityAlive(bgbb, c);
    for (let i = 0; i < 3; i++) expect(r.churn[i]).toBeCloseTo(1 - pa[i], 14);
    expect(r.tier).toEqual(["low", "high", "high"]);
  });

  it("stays in [0, 1] (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 520, noNaN: true }), (x, u, T) => {
        const r = churnRisk(bg, { frequency: [x], recency: [x === 0 ? 0 : u * T], T: [T] });
        expect(r.churn[0]).toBeGreaterThanOrEqual(0);
        expect(r.churn[0]).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("rejects bad input with codes", () => {
    expect(code(() => churnRisk(bg, cust, { thresholds: [0.8, 0.2] }))).toBe("INVALID_OPTION");
    expect(code(() => churnRisk(bg, cust, { thresholds: [0.2, 1.5] }))).toBe("INVALID_OPTION");
    expect(code(() => churnRisk(bg, { frequency: [1], recency: [50], T: [40] }))).toBe("RECENCY_AFTER_T");
    expect(code(() => churnRisk(bg, { frequency: [NaN], recency: [0], T: [40] }))).toBe("NON_FINITE");
    expect(code(() => churnRisk({ kind: "kmeans", version: 1 } as never, cust))).toBe("WRONG_MODEL_KIND");
  });
});

describe("clvTiers", () => {
  it("cuts non-negative CLV at the 50% and 80% quantiles by default", () => {
    const clv = [3, 1, 2, 10, 9, 8, 7, 6, 5, 4, -2];
    const t = clvTiers(clv);
    // type-7 quantiles of 1..10: q(0.5) = 5.5, q(0.8) = 8.2
    expect(t.cutoffs.medium).toBeCloseTo(5.5, 12);
    expect(t.cutoffs.high).toBeCloseTo(8.2, 12);
    expect(t.tier).toEqual(["Low", "Low", "Low", "High", "High", "Medium", "Medium", "Medium", "Low", "Low", "Negative"]);
    const byTier = Object.fromEntries(t.summary.map((s) => [s.tier, s]));
    expect(byTier.High.count).toBe(2);
    expect(byTier.Medium.count).toBe(3);
    expect(byTier.Low.count).toBe(5);
    expect(byTier.Negative.count).toBe(1);
    expect(byTier.High.totalClv).toBe(19);
    expect(byTier.High.shareOfValue).toBeCloseTo(19 / 55, 12);
    expect(byTier.Negative.shareOfValue).toBe(0);
    expect(byTier.High.shareOfValue + byTier.Medium.shareOfValue + byTier.Low.shareOfValue).toBeCloseTo(1, 12);
  });

  it("uses fixed thresholds and carries the budget guidance", () => {
    const t = clvTiers([500, 120, 40, -10, 80], { method: "thresholds", thresholds: [100, 400] });
    expect(t.tier).toEqual(["High", "Medium", "Low", "Negative", "Low"]); // the TSDoc example
    const share = Object.fromEntries(t.summary.map((s) => [s.tier, s.budgetShare]));
    // customary budget split: High 40–50%, Medium 30–35%, Low 15–20%, Negative ≤ 5%
    expect(share).toEqual({ High: [0.4, 0.5], Medium: [0.3, 0.35], Low: [0.15, 0.2], Negative: [0, 0.05] });
    expect(CLV_TIER_GUIDANCE.High.budgetShare).toEqual([0.4, 0.5]);
  });

  it("puts about 20% in High and 30% in Medium for distinct values (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 20, maxLength: 300 }), (v) => {
        const t = clvTiers(v);
        const n = v.length;
        const high = t.tier.filter((x) => x === "High").length;
        const medium = t.tier.filter((x) => x === "Medium").length;
        expect(Math.abs(high - 0.2 * n)).toBeLessThanOrEqual(1.5);
        expect(Math.abs(medium - 0.3 * n)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 60 },
    );
  });

  it("rejects bad input with codes", () => {
    expect(code(() => clvTiers([]))).toBe("EMPTY_INPUT");
    expect(code(() => clvTiers([1, NaN]))).toBe("NON_FINITE");
    expect(code(() => clvTiers([1, 2], { method: "thresholds" }))).toBe("INVALID_OPTION");
    expect(code(() => clvTiers([1, 2], { quantiles: [0.9, 0.5] }))).toBe("INVALID_OPTION");
    expect(code(() => clvTiers([1, 2], { method: "median" as never }))).toBe("INVALID_OPTION");
  });
});

describe("clvToCac", () => {
  it("computes ratios and the customary guidance (> 3 invest more, < 1 revise)", () => {
    const r = clvToCac([400, 150, 60], 100);
    expect(Array.from(r.ratio)).toEqual([4, 1.5, 0.6]);
    expect(r.guidance).toEqual(["invest-more", "optimize", "revise"]);
    expect(r.overall.ratio).toBeCloseTo(610 / 300, 12);
    expect(r.overall.guidance).toBe("optimize");
    expect(r.overall.message).toMatch(/3:1/);
  });
  it("accepts one cost per entry and treats exactly 3 and 1 as 'optimize'", () => {
    const r = clvToCac([300, 50], [100, 50]);
    expect(r.guidance).toEqual(["optimize", "optimize"]);
  });
  it("rejects bad input with codes", () => {
    expect(code(() => clvToCac([1], 0))).toBe("OUT_OF_RANGE");
    expect(code(() => clvToCac([1], NaN))).toBe("NON_FINITE");
    expect(code(() => clvToCac([1, 2], [1]))).toBe("LENGTH_MISMATCH");
    expect(code(() => clvToCac([], 1))).toBe("EMPTY_INPUT");
    expect(code(() => clvToCac([1], [-3]))).toBe("OUT_OF_RANGE");
  });
});
