import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adjustPValues, heterogeneityTest } from "../../src/experiment/index.js";

// Every expected value below was computed by R 4.2.2 with
// test/fixtures/experiment/make_reference.R (checked in beside reference.json).
const ref = JSON.parse(readFileSync(join(__dirname, "../fixtures/experiment/reference.json"), "utf8"));

describe("experiment: R reference values", () => {
  it("Holm and BH adjustments equal R's p.adjust on its documented example", () => {
    const holm = adjustPValues(ref.padjust.p, "holm");
    const bh = adjustPValues(ref.padjust.p, "bh");
    const bon = adjustPValues(ref.padjust.p, "bonferroni");
    ref.padjust.p.forEach((_: number, i: number) => {
      expect(holm[i]).toBeCloseTo(ref.padjust.holm[i], 14);
      expect(bh[i]).toBeCloseTo(ref.padjust.BH[i], 14);
      expect(bon[i]).toBeCloseTo(ref.padjust.bonferroni[i], 14);
    });
    // Unsorted input keeps its order.
    expect(adjustPValues(ref.padjust_unsorted.p, "holm")).toEqual(ref.padjust_unsorted.holm.map((x: number) => expect.closeTo(x, 14)));
    expect(adjustPValues(ref.padjust_unsorted.p, "bh")).toEqual(ref.padjust_unsorted.BH.map((x: number) => expect.closeTo(x, 14)));
  });

  it("Cochran's Q equals the formula evaluated in R", () => {
    const h = heterogeneityTest(ref.cochran.effect, ref.cochran.se);
    expect(h.q).toBeCloseTo(ref.cochran.Q, 10);
    expect(h.pValue).toBeCloseTo(ref.cochran.p, 12);
    expect(h.pooledEffect).toBeCloseTo(ref.cochran.pooled, 12);
    expect(h.iSquared).toBeCloseTo(ref.cochran.I2, 12);
  });
});

describe("experiment: invariants", () => {
  it("adjusted p-values are >= raw, <= 1, and Holm >= BH", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }), (ps) => {
        const holm = adjustPValues(ps, "holm");
        const bh = adjustPValues(ps, "bh");
        ps.forEach((p, i) => {
          expect(holm[i]).toBeGreaterThanOrEqual(p - 1e-15);
          expect(bh[i]).toBeGreaterThanOrEqual(p - 1e-15);
          expect(holm[i]).toBeLessThanOrEqual(1);
          expect(holm[i]).toBeGreaterThanOrEqual(bh[i] - 1e-15);
        });
      }),
    );
  });
});
