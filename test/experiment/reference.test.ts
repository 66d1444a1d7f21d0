import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  adjustPValues,
  bayesianProportions,
  betaQuantile,
  heterogeneityTest,
  noncentralTSf,
  powerMeans,
  powerProportions,
  sampleRatioMismatch,
  sampleSizeMeans,
  sampleSizeProportions,
  twoProportionTest,
  welchTTest,
} from "../../src/experiment/index.js";
import { chiSquareSf, incompleteBeta, studentTCdf, studentTQuantile } from "../../src/core/distributions.js";

// Every expected value below was computed by R 4.2.2 with
// test/fixtures/experiment/make_reference.R (checked in beside reference.json).
const ref = JSON.parse(readFileSync(join(__dirname, "../fixtures/experiment/reference.json"), "utf8"));

describe("experiment: R reference values", () => {
  it("Welch t-test reproduces R's documented t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p = 0.07939", () => {
    // group1 - group2 in R = treatment - control here, so control = group 2.
    const r = welchTTest(ref.sleep.group2, ref.sleep.group1);
    expect(r.t).toBeCloseTo(-1.8608, 4); // R docs
    expect(r.df).toBeCloseTo(17.776, 3); // R docs
    expect(r.pValue).toBeCloseTo(0.07939, 5); // R docs
    expect(r.t).toBeCloseTo(ref.sleep.t, 10);
    expect(r.df).toBeCloseTo(ref.sleep.df, 8);
    expect(r.pValue).toBeCloseTo(ref.sleep.p, 10);
    expect(r.interval[0]).toBeCloseTo(ref.sleep.ci[0], 8);
    expect(r.interval[1]).toBeCloseTo(ref.sleep.ci[1], 8);
    const less = welchTTest(ref.sleep.group2, ref.sleep.group1, { alternative: "less" });
    expect(less.pValue).toBeCloseTo(ref.sleep_less.p, 10);
    expect(less.interval[0]).toBeNull(); // unbounded end: null, not -Infinity (JSON-stable)
    expect(less.interval[1]).toBeCloseTo(ref.sleep_less.ci[1], 8);
  });

  it("Welch from summary statistics equals Welch from raw values", () => {
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const sd = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));
    const g1: number[] = ref.sleep.group1;
    const g2: number[] = ref.sleep.group2;
    const r = welchTTest({ mean: mean(g2), sd: sd(g2), n: 10 }, { mean: mean(g1), sd: sd(g1), n: 10 });
    expect(r.t).toBeCloseTo(ref.sleep.t, 10);
  });

  it("two-proportion z-test matches R's prop.test(c(250, 200), c(2000, 2000), correct = FALSE)", () => {
    const r = twoProportionTest({ conversions: 200, visitors: 2000 }, { conversions: 250, visitors: 2000 });
    expect(r.z * r.z).toBeCloseTo(ref.prop.chisq, 10);
    expect(r.pValue).toBeCloseTo(ref.prop.p, 12);
    expect(r.absoluteInterval[0]).toBeCloseTo(ref.prop.ci[0], 10);
    expect(r.absoluteInterval[1]).toBeCloseTo(ref.prop.ci[1], 10);
    const g = twoProportionTest({ conversions: 200, visitors: 2000 }, { conversions: 250, visitors: 2000 }, { alternative: "greater" });
    expect(g.pValue).toBeCloseTo(ref.prop_greater.p, 12);
  });

  it("power and sample size match R's power.prop.test and power.t.test", () => {
    // R 4.2.2 prints n = 76.7069 for power.prop.test(p1 = .50, p2 = .75, power = .90); the 76.65
    // in older R documentation came from uniroot's looser default tolerance. Ours is the exact root.
    expect(sampleSizeProportions({ baseline: 0.5, mde: 0.25, power: 0.9 }).nPerGroup).toBeCloseTo(ref.power_prop_n, 5);
    expect(sampleSizeProportions({ baseline: 0.5, mde: 0.5, relative: true, power: 0.9 }).nPerGroupRounded).toBe(77);
    expect(powerProportions({ n: 50, p1: 0.5, p2: 0.75 })).toBeCloseTo(ref.power_prop_power, 10);
    expect(powerMeans({ n: 20, delta: 1 })).toBeCloseTo(ref.power_t_power, 9);
    expect(sampleSizeMeans({ mde: 1, sd: 1, power: 0.9 }).nPerGroup).toBeCloseTo(ref.power_t_n, 4);
    expect(sampleSizeMeans({ mde: 2.5, sd: 10, power: 0.8, alpha: 0.01 }).nPerGroup).toBeCloseTo(ref.power_t_n_sd, 4);
  });

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

  it("SRM check equals R's chisq.test goodness of fit", () => {
    const r2 = sampleRatioMismatch(ref.srm2.counts);
    expect(r2.chiSquare).toBeCloseTo(ref.srm2.chisq, 10);
    expect(r2.pValue).toBeCloseTo(ref.srm2.p, 14);
    expect(r2.mismatch).toBe(true);
    const r3 = sampleRatioMismatch(ref.srm3.counts, { expected: [1, 1, 1] });
    expect(r3.pValue).toBeCloseTo(ref.srm3.p, 12);
    expect(sampleRatioMismatch([5012, 4988]).mismatch).toBe(false);
  });

  it("Cochran's Q equals the formula evaluated in R", () => {
    const h = heterogeneityTest(ref.cochran.effect, ref.cochran.se);
    expect(h.q).toBeCloseTo(ref.cochran.Q, 10);
    expect(h.pValue).toBeCloseTo(ref.cochran.p, 12);
    expect(h.pooledEffect).toBeCloseTo(ref.cochran.pooled, 12);
    expect(h.iSquared).toBeCloseTo(ref.cochran.I2, 12);
  });

  it("Bayesian probability to beat control and expected loss equal R's numerical integration", () => {
    const r = bayesianProportions({ conversions: 200, visitors: 2000 }, { conversions: 250, visitors: 2000 });
    expect(r.probabilityToBeatControl).toBeCloseTo(ref.bayes.pBeat, 9);
    expect(r.expectedLossTreatment / ref.bayes.expectedLossTreatment).toBeCloseTo(1, 6);
  });

  it("core distribution functions equal R's pt, qt, pchisq and pbeta", () => {
    ref.pt.t.forEach((t: number, i: number) => expect(studentTCdf(t, ref.pt.df[i])).toBeCloseTo(ref.pt.p[i], 12));
    ref.qt.p.forEach((p: number, i: number) => expect(studentTQuantile(p, ref.qt.df[i])).toBeCloseTo(ref.qt.q[i], 9));
    ref.pchisq_upper.x.forEach((x: number, i: number) => expect(chiSquareSf(x, ref.pchisq_upper.df[i])).toBeCloseTo(ref.pchisq_upper.p[i], 12));
    ref.pbeta.x.forEach((x: number, i: number) => expect(incompleteBeta(x, ref.pbeta.a[i], ref.pbeta.b[i])).toBeCloseTo(ref.pbeta.p[i], 12));
  });
});

describe("experiment: distribution helpers against R", () => {
  it("betaQuantile equals R's qbeta", () => {
    // R 4.2.2: qbeta(c(0.025, 0.975, 0.5), 201, 1801)
    expect(betaQuantile(0.025, 201, 1801)).toBeCloseTo(0.087621787256983899, 12);
    expect(betaQuantile(0.975, 201, 1801)).toBeCloseTo(0.11393345210878103, 12);
    expect(betaQuantile(0.5, 201, 1801)).toBeCloseTo(0.10026653469046239, 12);
    expect(() => betaQuantile(0.5, 0, 1)).toThrow(expect.objectContaining({ code: "OUT_OF_RANGE" }));
  });

  it("noncentralTSf equals R's pt(..., ncp, lower.tail = FALSE)", () => {
    // R 4.2.2: pt(2, 10, ncp = 1.5, lower.tail = FALSE) etc.
    expect(noncentralTSf(2, 10, 1.5)).toBeCloseTo(0.34084592755797372, 9);
    expect(noncentralTSf(1.96, 40, 3)).toBeCloseTo(0.84801577477155909, 9);
    expect(noncentralTSf(-1, 5, 0.5)).toBeCloseTo(0.91755590894302919, 9);
    expect(() => noncentralTSf(1, 0, 1)).toThrow(expect.objectContaining({ code: "OUT_OF_RANGE" }));
  });
});
