import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  adjustPValues,
  analyzeExperiment,
  bayesianMeans,
  bayesianProportions,
  cuped,
  segmentEffects,
  sequentialTest,
  twoProportionTest,
  welchTTest,
} from "../../src/experiment/index.js";
import { createRng } from "../../src/core/rng.js";
import { logBeta } from "../../src/core/numeric.js";
import { expectClienteleError } from "../helpers/errors.js";

const counts = fc
  .tuple(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([visitors, share]) => ({ visitors, conversions: Math.floor(share * visitors) }));

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

  // Independent check: the exact closed form for P(B > A) with integer posterior parameters
  // (Miller 2015, "Formulas for Bayesian A/B Testing"): sum_{i<aB} B(aA+i, bA+bB) / ((bB+i) B(1+i, bB) B(aA, bA)).
  it("P(treatment beats control) equals Evan Miller's closed form", () => {
    const cases = [
      [3, 20, 7, 22],
      [40, 400, 55, 410],
      [1, 1, 1, 1],
    ];
    for (const [xc, nc, xt, nt] of cases) {
      const aA = 1 + xc;
      const bA = 1 + nc - xc;
      const aB = 1 + xt;
      const bB = 1 + nt - xt;
      let exact = 0;
      for (let i = 0; i < aB; i++) exact += Math.exp(logBeta(aA + i, bA + bB) - Math.log(bB + i) - logBeta(1 + i, bB) - logBeta(aA, bA));
      const r = bayesianProportions({ conversions: xc, visitors: nc }, { conversions: xt, visitors: nt });
      expect(r.probabilityToBeatControl).toBeCloseTo(exact, 8);
    }
  });

  it("Bayesian expected loss agrees with seeded Monte Carlo", () => {
    const rng = createRng(11);
    const c = { conversions: 30, visitors: 500 };
    const t = { conversions: 38, visitors: 500 };
    const r = bayesianProportions(c, t);
    const draws = 200_000;
    let loss = 0;
    let beat = 0;
    for (let i = 0; i < draws; i++) {
      const pc = rng.beta(31, 471);
      const pt = rng.beta(39, 463);
      loss += Math.max(pc - pt, 0);
      if (pt > pc) beat++;
    }
    expect(Math.abs(beat / draws - r.probabilityToBeatControl)).toBeLessThan(0.005); // ~5 MC standard errors
    expect(Math.abs(loss / draws - r.expectedLossTreatment)).toBeLessThan(0.0003);
  });

  it("normal-approximation Bayes agrees with seeded Monte Carlo", () => {
    const r = bayesianMeans({ mean: 10, sd: 20, n: 5000 }, { mean: 10.8, sd: 21, n: 5000 });
    const rng = createRng(3);
    const sc = 20 / Math.sqrt(5000);
    const st = 21 / Math.sqrt(5000);
    let loss = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) loss += Math.max(rng.normal(10, sc) - rng.normal(10.8, st), 0);
    expect(Math.abs(loss / n - r.expectedLossTreatment)).toBeLessThan(0.002);
    // Φ(0.8 / sqrt(20²/5000 + 21²/5000)) = Φ(1.9506) = 0.97445 (normal table)
    expect(r.probabilityToBeatControl).toBeCloseTo(0.97445, 4);
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

  it("sequential test detects a real effect and its p-values never increase", () => {
    const rng = createRng(5);
    let xc = 0;
    let xt = 0;
    let n = 0;
    const history = [];
    for (let l = 0; l < 30; l++) {
      for (let i = 0; i < 1000; i++) {
        if (rng.uniform() < 0.1) xc++;
        if (rng.uniform() < 0.13) xt++;
      }
      n += 1000;
      history.push({ control: { conversions: xc, visitors: n }, treatment: { conversions: xt, visitors: n } });
    }
    const r = sequentialTest(history, { tau: 0.03 });
    expect(r.stoppedAt).not.toBeNull();
    for (let i = 1; i < r.looks.length; i++) {
      expect(r.looks[i].pValue).toBeLessThanOrEqual(r.looks[i - 1].pValue);
      expect(r.looks[i].interval[1]! - r.looks[i].interval[0]!).toBeLessThanOrEqual(r.looks[i - 1].interval[1]! - r.looks[i - 1].interval[0]! + 1e-15);
    }
    const last = r.looks[r.looks.length - 1];
    expect(last.interval[0]).toBeGreaterThan(0);
  });

  it("CUPED removes correlation² of the variance and stays unbiased", () => {
    const rng = createRng(9);
    const make = (lift: number) => {
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < 4000; i++) {
        const pre = rng.gamma(2, 10);
        x.push(pre);
        y.push(0.8 * pre + rng.normal(0, 6) + lift);
      }
      return { x, y };
    };
    const c = make(0);
    const t = make(1);
    const r = cuped(c, t);
    expect(r.varianceReduction).toBeCloseTo(r.correlation ** 2, 10); // algebraic identity of the pooled regression
    expect(r.adjusted.standardError).toBeLessThan(r.unadjusted.standardError);
    expect(Math.abs(r.adjusted.difference - 1)).toBeLessThan(4 * r.adjusted.standardError);
    expect(r.theta).toBeCloseTo(0.8, 1);
  });

  it("welch p-value is uniform-ish under the null (nominal 5% false-positive rate)", () => {
    const rng = createRng(77);
    let fp = 0;
    const sims = 2000;
    for (let s = 0; s < sims; s++) {
      const a = Array.from({ length: 30 }, () => rng.normal(0, 1));
      const b = Array.from({ length: 20 }, () => rng.normal(0, 3));
      if (welchTTest(a, b).pValue < 0.05) fp++;
    }
    expect(Math.abs(fp / sims - 0.05)).toBeLessThan(0.015); // 3 MC standard errors
  });
});

describe("experiment: segments and verdict", () => {
  it("reports a segment win against an overall loss only when it survives correction", () => {
    const report = analyzeExperiment({
      control: { conversions: 1400, visitors: 12000 },
      treatment: { conversions: 1250, visitors: 12000 },
      segments: [
        { segment: "new", control: { conversions: 100, visitors: 3000 }, treatment: { conversions: 170, visitors: 3000 } },
        { segment: "returning", control: { conversions: 800, visitors: 6000 }, treatment: { conversions: 640, visitors: 6000 } },
        { segment: "vip", control: { conversions: 500, visitors: 3000 }, treatment: { conversions: 440, visitors: 3000 } },
      ],
    });
    expect(report.verdict.decision).toBe("do-not-ship");
    expect(report.verdict.details.join("\n")).toMatch(/Segment "new": the treatment wins although the overall result is negative/);
    expect(report.segments?.heterogeneity.pValue).toBeLessThan(0.05);

    // A segment that is only nominally significant (raw p < 0.05) but not after Holm over 4 segments.
    const weak = segmentEffects([
      { segment: "a", control: { conversions: 100, visitors: 2000 }, treatment: { conversions: 132, visitors: 2000 } },
      { segment: "b", control: { conversions: 100, visitors: 2000 }, treatment: { conversions: 101, visitors: 2000 } },
      { segment: "c", control: { conversions: 100, visitors: 2000 }, treatment: { conversions: 99, visitors: 2000 } },
      { segment: "d", control: { conversions: 100, visitors: 2000 }, treatment: { conversions: 102, visitors: 2000 } },
    ]);
    expect(weak.segments[0].pValue).toBeLessThan(0.05);
    expect(weak.segments[0].significant).toBe(false);
  });

  it("flags sample ratio mismatch as invalid", () => {
    const r = analyzeExperiment({ control: { conversions: 500, visitors: 50550 }, treatment: { conversions: 520, visitors: 49450 } });
    expect(r.verdict.decision).toBe("invalid");
    expect(r.verdict.headline).toMatch(/Sample ratio mismatch/);
  });

  it("analyzes a continuous metric with CUPED and power", () => {
    const rng = createRng(1);
    const pre = (n: number) => Array.from({ length: n }, () => rng.gamma(2, 10));
    const xc = pre(3000);
    const xt = pre(3000);
    const yc = xc.map((x) => 0.7 * x + rng.normal(0, 5));
    const yt = xt.map((x) => 0.7 * x + rng.normal(0, 5) + 0.5);
    const r = analyzeExperiment({ control: yc, treatment: yt, covariate: { control: xc, treatment: xt }, mde: 0.5, metricName: "revenue per visitor" });
    expect(r.metric).toBe("continuous");
    expect(r.cuped).not.toBeNull();
    expect(r.power).toBeGreaterThan(0);
    expect(r.power).toBeLessThan(1);
    expect(r.verdict.headline).toMatch(/revenue per visitor/);
  });
});

describe("experiment: bad input", () => {
  it("rejects impossible counts, too few groups, zero variance and bad options with codes", () => {
    expectClienteleError(() => twoProportionTest({ conversions: 11, visitors: 10 }, { conversions: 1, visitors: 10 }), "CONVERSIONS_EXCEED_VISITORS");
    expectClienteleError(() => twoProportionTest({ conversions: -1, visitors: 10 }, { conversions: 1, visitors: 10 }), "NEGATIVE_VALUE");
    expectClienteleError(() => twoProportionTest({ conversions: 1, visitors: 0 }, { conversions: 1, visitors: 10 }), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(() => twoProportionTest({ conversions: 0, visitors: 10 }, { conversions: 0, visitors: 10 }), "DEGENERATE_INPUT");
    expectClienteleError(() => twoProportionTest({ conversions: 1, visitors: 10 }, { conversions: 2, visitors: 10 }, { alpha: 2 }), "INVALID_OPTION");
    expectClienteleError(() => welchTTest([1, 1, 1], [2, 2, 2]), "DEGENERATE_INPUT");
    expectClienteleError(() => welchTTest([1], [2, 3]), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(() => welchTTest([1, NaN], [2, 3]), "NON_FINITE");
    expectClienteleError(() => segmentEffects([{ segment: "a", control: { conversions: 1, visitors: 9 }, treatment: { conversions: 2, visitors: 9 } }]), "TOO_FEW_OBSERVATIONS");
    expectClienteleError(() => sequentialTest([]), "EMPTY_INPUT");
    expectClienteleError(() => adjustPValues([0.5, 1.2]), "OUT_OF_RANGE");
    expectClienteleError(() => cuped({ y: [1, 2, 3], x: [1, 1, 1] }, { y: [1, 2, 4], x: [1, 1, 1] }), "DEGENERATE_INPUT");
  });

  it("does not mutate frozen input", () => {
    const a = Object.freeze([1, 2, 3, 4]);
    const b = Object.freeze([2, 3, 4, 6]);
    expect(() => welchTTest(a, b)).not.toThrow();
    expect(a).toEqual([1, 2, 3, 4]);
  });
});
