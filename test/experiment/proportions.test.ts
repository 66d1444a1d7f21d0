import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bayesianProportions, twoProportionTest, sequentialTest } from "../../src/experiment/index.js";
import { createRng } from "../../src/core/rng.js";

// Every expected value below was computed by R 4.2.2 with
// test/fixtures/experiment/make_reference.R (checked in beside reference.json).
const ref = JSON.parse(readFileSync(join(__dirname, "../fixtures/experiment/reference.json"), "utf8"));
const counts = fc
  .tuple(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([visitors, share]) => ({ visitors, conversions: Math.floor(share * visitors) }));

describe("experiment: R reference values", () => {
  it("two-proportion z-test matches R's prop.test(c(250, 200), c(2000, 2000), correct = FALSE)", () => {
    const r = twoProportionTest({ conversions: 200, visitors: 2000 }, { conversions: 250, visitors: 2000 });
    expect(r.z * r.z).toBeCloseTo(ref.prop.chisq, 10);
    expect(r.pValue).toBeCloseTo(ref.prop.p, 12);
    expect(r.absoluteInterval[0]).toBeCloseTo(ref.prop.ci[0], 10);
    expect(r.absoluteInterval[1]).toBeCloseTo(ref.prop.ci[1], 10);
    const g = twoProportionTest({ conversions: 200, visitors: 2000 }, { conversions: 250, visitors: 2000 }, { alternative: "greater" });
    expect(g.pValue).toBeCloseTo(ref.prop_greater.p, 12);
  });
});

describe("experiment: invariants", () => {
  it("p-values, probabilities and losses stay in range", () => {
    fc.assert(
      fc.property(counts, counts, (c, t) => {
        const pooled = (c.conversions + t.conversions) / (c.visitors + t.visitors);
        fc.pre(pooled > 0 && pooled < 1);
        const r = twoProportionTest(c, t);
        expect(r.pValue).toBeGreaterThanOrEqual(0);
        expect(r.pValue).toBeLessThanOrEqual(1);
        expect(r.absoluteInterval[0]).toBeLessThanOrEqual(r.absoluteLift + 1e-12);
        const b = bayesianProportions(c, t);
        expect(b.probabilityToBeatControl).toBeGreaterThanOrEqual(0);
        expect(b.probabilityToBeatControl).toBeLessThanOrEqual(1);
        expect(b.expectedLossTreatment).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(b.expectedLossControl)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  // Independent check by simulation: under the null, stopping at the first significant look
  // keeps the false-positive rate at alpha for the sequential test, while repeated naive
  // z-tests inflate it. 400 experiments × 20 looks; MC standard error of a 5% rate ≈ 1.1%.
  it("sequential test keeps its false-positive rate under continuous peeking", () => {
    const rng = createRng(2024);
    const experiments = 400;
    const looks = 20;
    const perLook = 250;
    let seqFalse = 0;
    let naiveFalse = 0;
    for (let e = 0; e < experiments; e++) {
      let xc = 0;
      let xt = 0;
      let n = 0;
      const history = [];
      let naive = false;
      for (let l = 0; l < looks; l++) {
        for (let i = 0; i < perLook; i++) {
          if (rng.uniform() < 0.1) xc++;
          if (rng.uniform() < 0.1) xt++;
        }
        n += perLook;
        const look = { control: { conversions: xc, visitors: n }, treatment: { conversions: xt, visitors: n } };
        history.push(look);
        if (twoProportionTest(look.control, look.treatment).pValue < 0.05) naive = true;
      }
      if (sequentialTest(history, { tau: 0.02 }).stoppedAt !== null) seqFalse++;
      if (naive) naiveFalse++;
    }
    expect(seqFalse / experiments).toBeLessThanOrEqual(0.05 + 0.022);
    expect(naiveFalse / experiments).toBeGreaterThan(0.1);
  });
});
