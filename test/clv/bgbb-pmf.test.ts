import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bgbbExpectedTransactions, bgbbFromJSON, bgbbProbabilityOfTransactions, type BgBbModel } from "../../src/clv/bgbb.js";
import { referenceData } from "../helpers/data.js";
import { expectClienteleError } from "../helpers/errors.js";

const DONATIONS = referenceData("cdnow/donations.csv", "the BG/BB histogram check");
const hasData = DONATIONS.available;
// P(X(n) = x) by numerical integration over both Beta mixing distributions (scipy quad):
// test/fixtures/bgbb-pmf/bgbb_pmf.py, at the published donations estimates.
const fixture = JSON.parse(readFileSync(path.resolve(__dirname, "../fixtures/bgbb-pmf/bgbb_pmf.json"), "utf8")) as {
  params: { alpha: number; beta: number; gamma: number; delta: number };
  cases: { periods: number; pmf: number[] }[];
};

const model = (params: { alpha: number; beta: number; gamma: number; delta: number }): BgBbModel =>
  bgbbFromJSON({
    kind: "bg-bb",
    version: 1,
    params,
    standardErrors: { alpha: null, beta: null, gamma: null, delta: null },
    confidenceIntervals: { alpha: null, beta: null, gamma: null, delta: null },
    logLikelihood: 0,
    nCustomers: 0,
    totalWeight: 0,
    nPatterns: 0,
    penalty: 0,
    nIter: 0,
    converged: true,
  });
// Fader, Hardie & Shang (2010), Marketing Science 29(6), donations: α 1.204, β 0.750, γ 0.657, δ 2.783
const published = model(fixture.params);

describe("bgbbProbabilityOfTransactions", () => {
  it("matches numerical integration over the mixing distributions (scipy, bgbb_pmf.py) to 1e-10", () => {
    for (const c of fixture.cases) {
      c.pmf.forEach((expected, x) => {
        expect(Math.abs(bgbbProbabilityOfTransactions(published, c.periods, x) - expected)).toBeLessThan(1e-10);
      });
    }
  });

  it("6-year histogram: 11,104 × P(X(6) = x) is within 7 % of the donors observed at every x (FHS 2010, Figure 3)", () => {
    if (!hasData) return;
    const counts = new Array(7).fill(0);
    for (const line of DONATIONS.read().trim().split(/\r?\n/).slice(1)) {
      const [x, , , w] = line.split(",").map(Number);
      counts[x] += w;
    }
    const total = counts.reduce((a, b) => a + b, 0);
    expect(total).toBe(11104);
    counts.forEach((observed, x) => {
      const expected = total * bgbbProbabilityOfTransactions(published, 6, x);
      expect(Math.abs(expected - observed) / observed).toBeLessThan(0.07);
    });
  });

  it("is a distribution over x = 0..n whose mean is bgbbExpectedTransactions (eq. 8), for any parameters", () => {
    const pos = fc.double({ min: 0.05, max: 20, noNaN: true });
    fc.assert(
      fc.property(pos, pos, pos, pos, fc.integer({ min: 0, max: 40 }), (alpha, beta, gamma, delta, n) => {
        const m = model({ alpha, beta, gamma, delta });
        let total = 0;
        let mean = 0;
        for (let x = 0; x <= n; x++) {
          const p = bgbbProbabilityOfTransactions(m, n, x);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          total += p;
          mean += x * p;
        }
        expect(Math.abs(total - 1)).toBeLessThan(1e-9);
        expect(Math.abs(mean - bgbbExpectedTransactions(m, n))).toBeLessThan(1e-8 * Math.max(1, n));
        expect(bgbbProbabilityOfTransactions(m, n, n + 1)).toBe(0);
      }),
    );
  });

  it("rejects non-integer or negative periods and transactions with INVALID_INPUT (positional arguments), and a wrong model kind", () => {
    expectClienteleError(() => bgbbProbabilityOfTransactions(published, 2.5, 0), "INVALID_INPUT");
    expectClienteleError(() => bgbbProbabilityOfTransactions(published, 6, -1), "INVALID_INPUT");
    expectClienteleError(() => bgbbProbabilityOfTransactions(published, Number.NaN, 0), "INVALID_INPUT");
    expectClienteleError(() => bgbbProbabilityOfTransactions({ ...published, kind: "bg-nbd" } as never, 6, 0), "WRONG_MODEL_KIND");
  });
});
