// Regression tests for the silent wrong answers of issue 10 in clientele/experiment. Each test
// reproduces the case as reported; its comment says what the old code (0c04e27) did.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as E from "../../src/experiment/index.js";
import {
  adjustPValues,
  analyzeExperiment,
  bayesianMeans,
  bayesianProportions,
  betaQuantile,
  cuped,
  heterogeneityTest,
  noncentralTSf,
  powerMeans,
  powerProportions,
  sampleRatioMismatch,
  sampleSizeMeans,
  sampleSizeProportions,
  segmentEffects,
  sequentialTest,
  twoProportionTest,
  welchTTest,
} from "../../src/experiment/index.js";
import { expectClienteleError } from "../helpers/errors.js";

const conv = (x: number, n: number) => ({ conversions: x, visitors: n });
const base = { control: conv(200, 2000), treatment: conv(250, 2000) };
const roundTrip = (x: unknown) => JSON.parse(JSON.stringify(x));

describe("issue 10 case 1: numeric options and settings are validated", () => {
  // Old: mde NaN gave power null silently; mde null was read as 0 (power 0.025 reported).
  it("analyzeExperiment rejects mde NaN, null, Infinity, a string and 0 with INVALID_OPTION at input.mde", () => {
    for (const mde of [NaN, null, Infinity, -Infinity, "0.01", 0]) {
      const e = expectClienteleError(() => analyzeExperiment({ ...base, mde: mde as number }), "INVALID_OPTION");
      expect(e.path).toEqual(["input", "mde"]);
      expect(e.message).toMatch(/^analyzeExperiment: /);
    }
  });

  // Old: an mde putting the treatment rate outside (0, 1) silently gave power null.
  it("analyzeExperiment rejects an mde that leaves (0, 1) instead of dropping the power statement", () => {
    const e = expectClienteleError(() => analyzeExperiment({ ...base, mde: 0.95 }), "INVALID_OPTION");
    expect(e.message).toMatch(/outside \(0%, 100%\)/);
    // R's power.prop.test(n = 2000, p1 = 0.10, p2 = 0.12) formula (strict = FALSE, the default), evaluated with scipy.stats.norm: 0.5244812787642898
    expect(analyzeExperiment({ ...base, mde: 0.02 }).power).toBeCloseTo(0.5244812787642898, 12);
  });

  it("a control rate of 0 gives power null with a stated reason, not a silent null", () => {
    const r = analyzeExperiment({ control: conv(0, 2000), treatment: conv(9, 2000), mde: 0.01 });
    expect(r.power).toBeNull();
    expect(r.powerUndefined).toMatch(/control rate is 0/);
    expect(r.verdict.details.join(" ")).toMatch(/Power for the MDE is not computed/);
  });

  // Every numeric option of every export: null, NaN, ±Infinity and numeric strings are rejected.
  const numericOptions: [string, (o: Record<string, unknown>) => unknown, string[]][] = [
    ["twoProportionTest", (o) => twoProportionTest(base.control, base.treatment, o), ["alpha"]],
    ["welchTTest", (o) => welchTTest([1, 2, 3], [2, 3, 5], o), ["alpha"]],
    ["cuped", (o) => cuped({ y: [1, 2, 4], x: [1, 2, 3] }, { y: [2, 3, 5], x: [1, 3, 3] }, o), ["alpha"]],
    ["sampleSizeProportions", (o) => sampleSizeProportions({ baseline: 0.1, mde: 0.01, ...o }), ["baseline", "mde", "alpha", "power"]],
    ["powerProportions", (o) => powerProportions({ n: 100, p1: 0.1, p2: 0.2, ...o }), ["n", "p1", "p2", "alpha"]],
    ["sampleSizeMeans", (o) => sampleSizeMeans({ mde: 1, sd: 2, ...o }), ["mde", "sd", "alpha", "power"]],
    ["powerMeans", (o) => powerMeans({ n: 20, delta: 1, ...o }), ["n", "delta", "sd", "alpha"]],
    ["sampleRatioMismatch", (o) => sampleRatioMismatch([10, 12], o), ["threshold"]],
    ["sequentialTest", (o) => sequentialTest([base], o), ["alpha", "tau"]],
    [
      "segmentEffects",
      (o) =>
        segmentEffects(
          [
            { segment: "a", ...base },
            { segment: "b", ...base },
          ],
          o,
        ),
      ["alpha"],
    ],
    ["analyzeExperiment", (o) => analyzeExperiment(base, o), ["alpha", "srmThreshold", "lossThreshold"]],
    ["bayesianProportions", (o) => bayesianProportions(base.control, base.treatment, { prior: { alpha: 1, beta: 1, ...o } }), ["alpha", "beta"]],
  ];
  it.each(numericOptions)("%s rejects null, NaN, Infinity and strings in every numeric option", (name, call, keys) => {
    for (const key of keys) {
      for (const bad of [null, NaN, Infinity, -Infinity, "0.05"]) {
        const e = expectClienteleError(() => call({ [key]: bad }), "INVALID_OPTION");
        expect(e.code, `${name} ${key}=${String(bad)}`).toBe("INVALID_OPTION");
        expect(e.path?.[e.path.length - 1]).toBe(key);
        expect(e.message.startsWith(`${name}: `)).toBe(true);
      }
    }
  });

  // Old: "0.5" > 0 coerced, so betaQuantile("0.5", 2, 3) and noncentralTSf(1, "5", 1) computed.
  it("positional numbers must be numbers: betaQuantile and noncentralTSf reject strings and null", () => {
    expectClienteleError(() => betaQuantile("0.5" as unknown as number, 2, 3), "INVALID_INPUT");
    expectClienteleError(() => noncentralTSf(1, "5" as unknown as number, 1), "INVALID_INPUT");
    expectClienteleError(() => noncentralTSf(1, null as unknown as number, 1), "INVALID_INPUT");
    expectClienteleError(() => betaQuantile(0.5, NaN, 3), "NON_FINITE");
  });

  // Old: mde = 1e-300 gave nPerGroup Infinity.
  it("sampleSizeProportions says when an mde is too small to plan for, instead of n = Infinity", () => {
    expectClienteleError(() => sampleSizeProportions({ baseline: 0.1, mde: 1e-300 }), "INVALID_OPTION");
  });
});

describe("issue 10 case 2: sample-ratio mismatch never reports NaN as 'no mismatch'", () => {
  // Old: [1e308, 1e308] overflowed the total, chi-square NaN, p NaN, mismatch false.
  it("rejects counts that cannot be exact instead of a NaN p-value", () => {
    const e = expectClienteleError(() => sampleRatioMismatch([1e308, 1e308]), "OUT_OF_RANGE");
    expect(e.path).toEqual(["counts", 0]);
  });

  // Old: expected weights [1e308, 1e308] summed to Infinity, shares 0, p NaN, "no mismatch".
  it("normalizes huge intended weights without overflow", () => {
    const r = sampleRatioMismatch([50550, 49450], { expected: [1e308, 1e308] });
    expect(r.expectedShares).toEqual([0.5, 0.5]);
    expect(r.pValue).toBeCloseTo(0.000504, 6); // R: chisq.test(c(50550, 49450))
    expect(r.mismatch).toBe(true);
  });

  it("an extreme split at the largest exact counts is a mismatch with p = 0, and a zero group works", () => {
    const r = sampleRatioMismatch([Number.MAX_SAFE_INTEGER, 1]);
    expect(r.pValue).toBe(0); // true p far below 5e-324 (SciPy: log p = -2.25e15 by log_ndtr)
    expect(r.mismatch).toBe(true);
    expect(Number.isFinite(r.chiSquare)).toBe(true);
    expect(r.message).toMatch(/p < 1e-300/);
    const z = sampleRatioMismatch([0, 100]);
    expect(z.pValue).toBeCloseTo(1.5239706048320995e-23, 35); // SciPy: chi2.sf(100, 1)
    expect(z.mismatch).toBe(true);
  });

  it("fast-check: the p-value is a number in [0, 1] and mismatch is exactly p < threshold", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { minLength: 2, maxLength: 6 }),
        fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
        (counts, threshold) => {
          fc.pre(counts.some((c) => c > 0));
          const r = sampleRatioMismatch(counts, { threshold });
          expect(r.pValue).toBeGreaterThanOrEqual(0);
          expect(r.pValue).toBeLessThanOrEqual(1);
          expect(r.mismatch).toBe(r.pValue < threshold);
          expect(roundTrip(r)).toEqual(r);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("issue 10 case 3: ratios and interval ends are JSON-stable", () => {
  // Old: relativeLift Infinity, which JSON.stringify turns into null with no explanation.
  it("twoProportionTest with a control rate of 0: relativeLift null with relativeLiftUndefined", () => {
    const r = twoProportionTest(conv(0, 900), conv(9, 900));
    expect(r.relativeLift).toBeNull();
    expect(r.relativeLiftUndefined).toBe("control rate is 0");
    expect(roundTrip(r)).toEqual(r);
    const ok = twoProportionTest(base.control, base.treatment);
    expect(ok.relativeLift).toBeCloseTo(0.25, 12);
    expect(ok.relativeLiftUndefined).toBeNull();
  });

  // Old: relativeLift ±Infinity for a control mean of 0; one-sided intervals had ±Infinity ends.
  it("welchTTest: control mean 0 and one-sided intervals round-trip through JSON", () => {
    const r = welchTTest([-1, 1, 0], [1, 2, 3]);
    expect(r.relativeLift).toBeNull();
    expect(r.relativeLiftUndefined).toBe("control mean is 0");
    expect(r.relativeInterval).toBeNull();
    const g = welchTTest([1, 2, 3, 4], [2, 3, 5, 6], { alternative: "greater" });
    expect(g.interval[1]).toBeNull();
    expect(g.relativeInterval?.[1]).toBeNull();
    expect(roundTrip(g)).toEqual(g);
    const p = twoProportionTest(base.control, base.treatment, { alternative: "greater" });
    expect(p.relativeInterval?.[1]).toBeNull();
    expect(p.absoluteInterval[1]).toBe(1);
    expect(roundTrip(p)).toEqual(p);
  });

  // Old: a tiny control mean (1e-100) made the delta-method variance Infinity: interval [-Infinity, Infinity].
  it("welchTTest: a control mean too close to 0 gives a stated reason, never Infinity", () => {
    const r = welchTTest({ mean: 1e-310, sd: 1, n: 50 }, { mean: 1, sd: 1, n: 50 });
    expect(r.relativeLift).toBeNull();
    expect(r.relativeLiftUndefined).toMatch(/too close to 0/);
    expect(roundTrip(r)).toEqual(r);
  });

  // Old: likelihoodRatio overflowed to Infinity for a strong effect; the first look's interval was [-Infinity, Infinity] when v = 0.
  it("sequentialTest: an overwhelming effect gives likelihoodRatio null and a finite logLikelihoodRatio", () => {
    const r = sequentialTest([{ control: conv(100, 100000), treatment: conv(20000, 100000) }], { tau: 0.1 });
    expect(r.looks[0].likelihoodRatio).toBeNull();
    expect(r.looks[0].logLikelihoodRatio).toBeGreaterThan(700);
    expect(r.looks[0].pValue).toBe(0);
    expect(roundTrip(r)).toEqual(r);
    const flat = sequentialTest([{ control: { mean: 1, sd: 0, n: 10 }, treatment: { mean: 1, sd: 0, n: 10 } }]);
    expect(flat.looks[0].interval).toEqual([null, null]);
  });

  // CUPED theta = cov/var with a constant covariate: explicit DEGENERATE_INPUT (was ZERO_VARIANCE, a code not in the catalogue).
  it("cuped: a constant covariate is DEGENERATE_INPUT; huge values are OUT_OF_RANGE, not NaN theta", () => {
    expectClienteleError(() => cuped({ y: [1, 2, 3], x: [1, 1, 1] }, { y: [1, 2, 4], x: [1, 1, 1] }), "DEGENERATE_INPUT");
    // Old: x around 1e200 made sxx Infinity and theta NaN.
    const e = expectClienteleError(() => cuped({ y: [1, 2, 3], x: [1e200, 2e200, 3e200] }, { y: [1, 2, 4], x: [1e200, 3e200, 2e200] }), "OUT_OF_RANGE");
    expect(e.message).toMatch(/^cuped: .*Rescale/);
  });

  // Old: values near 1e200 gave se Infinity, t 0 and df NaN in a "result".
  it("welchTTest and bayesianMeans: overflowing variances are OUT_OF_RANGE, not NaN", () => {
    expectClienteleError(() => welchTTest([1e200, -1e200, 0], [1, 2, 3]), "OUT_OF_RANGE");
    expectClienteleError(() => bayesianMeans({ mean: 0, sd: 1e300, n: 10 }, { mean: 1, sd: 1, n: 10 }), "OUT_OF_RANGE");
    expectClienteleError(() => heterogeneityTest([1e300, -1e300], [1e-300, 1e-300]), "OUT_OF_RANGE");
  });

  it("fast-check: twoProportionTest results are finite or null and survive JSON", () => {
    const counts = fc
      .tuple(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([visitors, share]) => conv(Math.floor(share * visitors), visitors));
    fc.assert(
      fc.property(counts, counts, fc.constantFrom("two-sided", "greater", "less" as const), (c, t, alternative) => {
        const pooled = (c.conversions + t.conversions) / (c.visitors + t.visitors);
        fc.pre(pooled > 0 && pooled < 1);
        const r = twoProportionTest(c, t, { alternative });
        expect(roundTrip(r)).toEqual(r);
        expect(r.pValue).toBeGreaterThanOrEqual(0);
        expect(r.pValue).toBeLessThanOrEqual(1);
      }),
      { numRuns: 150 },
    );
  });
});

describe("issue 10 case 4: ClienteleError instead of TypeError; Object.prototype names", () => {
  // Old: TypeError "Cannot read properties of null (reading 'length')".
  it("adjustPValues(null) and other non-arrays throw INVALID_INPUT naming adjustPValues", () => {
    for (const bad of [null, undefined, 5, "0.1", { 0: 0.1, length: 1 }]) {
      const e = expectClienteleError(() => adjustPValues(bad as unknown as number[]), "INVALID_INPUT");
      expect(e.message).toMatch(/^adjustPValues: /);
    }
    expect(adjustPValues(new Float64Array([0.01, 0.04]), "bonferroni")).toEqual([0.02, 0.08]);
    expect(adjustPValues([])).toEqual([]);
  });

  // Old: TypeError (reading 'length' of null) in heterogeneityTest, sequentialTest(null) gave EMPTY_INPUT, analyze
  // with a string as segments ran segmentEffects and named it in the error.
  it("heterogeneityTest, sequentialTest and analyzeExperiment name themselves for non-array input", () => {
    expectClienteleError(() => heterogeneityTest(null as unknown as number[], [1]), "INVALID_INPUT");
    expectClienteleError(() => sequentialTest(null as unknown as []), "INVALID_INPUT");
    const e = expectClienteleError(() => analyzeExperiment({ ...base, segments: "mobile" as unknown as [] }), "INVALID_INPUT");
    expect(e.message).toMatch(/^analyzeExperiment: input\.segments/);
    // Errors from the pieces analyzeExperiment runs name analyzeExperiment, not sampleRatioMismatch.
    const split = expectClienteleError(() => analyzeExperiment({ ...base, intendedSplit: [1, 1, 1] }), "LENGTH_MISMATCH");
    expect(split.message).toMatch(/^analyzeExperiment: /);
    expect(split.path).toEqual(["input", "intendedSplit"]);
  });

  it("segment names equal to Object.prototype members are kept in segmentEffects and analyzeExperiment", () => {
    const names = ["constructor", "toString", "__proto__", "hasOwnProperty"];
    const segs = names.map((segment, i) => ({ segment, control: conv(100, 3000), treatment: conv(100 + 40 * i, 3000) }));
    const r = segmentEffects(segs);
    expect(r.segments.map((s) => s.segment)).toEqual(names);
    const report = analyzeExperiment({ control: conv(400, 12000), treatment: conv(640, 12000), segments: segs });
    expect(report.segments?.segments.map((s) => s.segment)).toEqual(names);
    expect(report.verdict.details.join("\n")).toMatch(/Segment "hasOwnProperty": the treatment wins/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('segment names follow the id rule: 7 and "7" are the same segment, empty and NaN names are rejected', () => {
    expectClienteleError(
      () =>
        segmentEffects([
          { segment: 7, ...base },
          { segment: "7", ...base },
        ]),
      "DUPLICATE_SEGMENT",
    );
    expectClienteleError(
      () =>
        segmentEffects([
          { segment: "", ...base },
          { segment: "b", ...base },
        ]),
      "MISSING_VALUE",
    ); // core idKey rule
    expectClienteleError(
      () =>
        segmentEffects([
          { segment: NaN, ...base },
          { segment: "b", ...base },
        ]),
      "INVALID_ID",
    );
    expectClienteleError(
      () =>
        segmentEffects([
          { segment: null as unknown as string, ...base },
          { segment: "b", ...base },
        ]),
      "MISSING_VALUE",
    );
    expect(
      segmentEffects([
        { segment: 7, ...base },
        { segment: 8, ...base },
      ]).segments[0].segment,
    ).toBe("7");
    // A near-miss field name says which field is read.
    const m = expectClienteleError(() => segmentEffects([{ name: "a", ...base } as never, { name: "b", ...base } as never]), "MISSING_COLUMN");
    expect(m.path).toEqual(["segments", 0, "segment"]);
  });

  // Old: 1e12 visitors per group gave P(beat) 0.880682 (SciPy 0.880703); counts above 2^53 were accepted.
  it("bayesianProportions stays accurate at 1e12 visitors and rejects counts above 2^53 - 1", () => {
    const r = bayesianProportions(conv(1e11, 1e12), conv(100000500000, 1e12));
    expect(r.probabilityToBeatControl).toBeCloseTo(0.8807033244817046, 7); // SciPy quad, kernels.json
    expectClienteleError(() => bayesianProportions(conv(1, 2 ** 60), conv(1, 10)), "OUT_OF_RANGE");
  });
});

describe("issue 10 case 5: unknown options and fields are rejected everywhere", () => {
  const calls: [string, (o: unknown) => unknown][] = [
    ["twoProportionTest", (o) => twoProportionTest(base.control, base.treatment, o as never)],
    ["welchTTest", (o) => welchTTest([1, 2, 3], [2, 3, 5], o as never)],
    ["bayesianProportions", (o) => bayesianProportions(base.control, base.treatment, o as never)],
    ["bayesianMeans", (o) => bayesianMeans([1, 2, 3], [2, 3, 5], o as never)],
    ["sampleSizeProportions", (o) => sampleSizeProportions({ baseline: 0.1, mde: 0.01, ...(o as object) })],
    ["powerProportions", (o) => powerProportions({ n: 100, p1: 0.1, p2: 0.2, ...(o as object) })],
    ["sampleSizeMeans", (o) => sampleSizeMeans({ mde: 1, sd: 2, ...(o as object) })],
    ["powerMeans", (o) => powerMeans({ n: 20, delta: 1, ...(o as object) })],
    ["sampleRatioMismatch", (o) => sampleRatioMismatch([10, 12], o as never)],
    ["cuped", (o) => cuped({ y: [1, 2, 4], x: [1, 2, 3] }, { y: [2, 3, 5], x: [1, 3, 3] }, o as never)],
    ["sequentialTest", (o) => sequentialTest([base], o as never)],
    [
      "segmentEffects",
      (o) =>
        segmentEffects(
          [
            { segment: "a", ...base },
            { segment: "b", ...base },
          ],
          o as never,
        ),
    ],
    ["analyzeExperiment", (o) => analyzeExperiment(base, o as never)],
  ];
  it.each(calls)("%s: unknown key → INVALID_OPTION with the key in path and the nearest name", (name, call) => {
    const e = expectClienteleError(() => call({ alpah: 0.05 }), "INVALID_OPTION");
    expect(e.path).toEqual(["options", "alpah"]);
    expect(e.message.startsWith(`${name}: unknown option "alpah"`)).toBe(true);
    expectClienteleError(() => call({ signal: 5 }), "INVALID_OPTION");
  });

  // Old: bayesianMeans had no options and ignored { alpha: 0.1 }; analyzeExperiment ignored a misspelt input field.
  it("bayesianMeans rejects options it does not have; analyzeExperiment rejects unknown input fields", () => {
    expectClienteleError(() => bayesianMeans([1, 2, 3], [2, 3, 5], { alpha: 0.1 } as never), "INVALID_OPTION");
    const e = expectClienteleError(() => analyzeExperiment({ ...base, mdee: 0.01 } as never), "INVALID_OPTION");
    expect(e.path).toEqual(["input", "mdee"]);
    expect(e.message).toMatch(/did you mean "mde"\?/);
    const seg = expectClienteleError(() => analyzeExperiment({ ...base, segment: [] } as never), "INVALID_OPTION");
    expect(seg.message).toMatch(/did you mean "segments"\?/);
    expectClienteleError(() => cuped({ y: [1, 2], x: [1, 2], z: [1, 2] } as never, { y: [1, 2], x: [2, 1] }), "INVALID_INPUT");
    expectClienteleError(() => sequentialTest([{ ...base, day: 1 } as never]), "INVALID_INPUT");
    expect(
      expectClienteleError(() => bayesianProportions(base.control, base.treatment, { prior: { alpha: 1, beta: 1, gamma: 1 } } as never), "INVALID_OPTION").path,
    ).toEqual(["options", "prior", "gamma"]);
  });
});

describe("issue 10 case 6: enum values are kebab-case", () => {
  it("every enum value accepted by the experiment functions is lowercase kebab-case; R's spellings get the list", () => {
    const kebab = /^[a-z]+(-[a-z]+)*$/;
    for (const v of ["two-sided", "greater", "less", "one-sided", "holm", "bh", "bonferroni", "none"]) expect(v).toMatch(kebab);
    for (const d of ["invalid", "ship", "do-not-ship", "inconclusive", "significant", "continue", "conversion", "continuous"]) expect(d).toMatch(kebab);
    // R's names are not silently mapped: the message lists the valid values.
    const bh = expectClienteleError(
      () =>
        segmentEffects(
          [
            { segment: "a", ...base },
            { segment: "b", ...base },
          ],
          { correction: "BH" as never },
        ),
      "INVALID_OPTION",
    );
    expect(bh.message).toMatch(/"bh"/);
    expect(expectClienteleError(() => adjustPValues([0.1], "BH" as never), "INVALID_OPTION").message).toMatch(/R's "BH"\/"fdr" is "bh"/);
    expect(expectClienteleError(() => welchTTest([1, 2, 3], [2, 3, 5], { alternative: "two.sided" as never }), "INVALID_OPTION").message).toMatch(
      /"two-sided"/,
    );
  });
});

describe("experiment entry re-exports the shared error and generator", () => {
  it("ClienteleError, isClienteleError, createRng and isRng are importable from clientele/experiment", () => {
    expect(typeof E.ClienteleError).toBe("function");
    expect(E.isClienteleError(expectClienteleError(() => adjustPValues(null as never), "INVALID_INPUT"))).toBe(true);
    expect(E.isRng(E.createRng(1))).toBe(true);
  });
});

describe("experiment: frozen inputs", () => {
  const deepFreeze = <T>(x: T): T => {
    if (x && typeof x === "object") {
      for (const v of Object.values(x as object)) deepFreeze(v);
      Object.freeze(x);
    }
    return x;
  };
  it("analyzeExperiment, segmentEffects, cuped and sequentialTest accept deeply frozen input and leave it unchanged", () => {
    const y = [3, 5, 4, 6, 8, 7, 5, 6];
    const input = deepFreeze({
      control: y,
      treatment: y.map((v, i) => v + (i % 3)),
      covariate: { control: y.map((v) => v - 1), treatment: y.map((v, i) => v - 1 + (i % 2)) },
      intendedSplit: [1, 1],
      mde: 0.5,
    });
    const before = JSON.stringify(input);
    const r = analyzeExperiment(input);
    expect(r.cuped).not.toBeNull();
    expect(JSON.stringify(input)).toBe(before);
    const segs = deepFreeze([
      { segment: "a", ...base },
      { segment: "b", ...base },
    ]);
    expect(segmentEffects(segs, deepFreeze({ correction: "bh" as const })).segments).toHaveLength(2);
    expect(sequentialTest(deepFreeze([base, base])).looks).toHaveLength(2);
  });
});

describe("MIXED_METRICS: one experiment, one metric kind", () => {
  it("analyzeExperiment rejects conversion counts in one arm and continuous values in the other", () => {
    const e = expectClienteleError(() => analyzeExperiment({ control: { visitors: 100, conversions: 10 }, treatment: [1, 2, 3] } as never), "MIXED_METRICS");
    expect(e.path).toEqual(["input", "treatment"]);
  });
});
