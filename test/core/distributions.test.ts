// The distribution kernels behind clientele/experiment, against SciPy. Every expected value
// comes from test/fixtures/experiment/make_kernels.py (SciPy 1.17.1), checked in as kernels.json.
// Tolerances are the measured worst relative errors rounded up by ~10x, so a regression in a
// kernel fails here; the same figures for jstat and simple-statistics are printed by
// benchmarks/experiment.bench.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chiSquareSf, incompleteBeta, studentTCdf, studentTQuantile } from "../../src/core/distributions.js";

// Every expected value below was computed by R 4.2.2 with
// test/fixtures/experiment/make_reference.R (checked in beside reference.json).
const ref = JSON.parse(readFileSync(join(__dirname, "../fixtures/experiment/reference.json"), "utf8"));
const kernels = JSON.parse(readFileSync(join(__dirname, "../fixtures/experiment/kernels.json"), "utf8"), (_k, v) =>
  v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
);
/** Worst relative error (absolute below 1 for quantiles near 0). */
function worst(args: number[][], expected: number[], f: (...a: number[]) => number, absBelow = 0): number {
  let max = 0;
  args.forEach((a, i) => {
    const v = f(...a);
    const e = expected[i];
    const err = v === e ? 0 : Math.abs(v - e) / Math.max(Math.abs(e), absBelow, 1e-300);
    if (!(err <= max)) max = err;
  });
  return max;
}
const zip = (...cols: number[][]) => cols[0].map((_, i) => cols.map((c) => c[i]));

describe("experiment: R reference values", () => {
  it("core distribution functions equal R's pt, qt, pchisq and pbeta", () => {
    ref.pt.t.forEach((t: number, i: number) => expect(studentTCdf(t, ref.pt.df[i])).toBeCloseTo(ref.pt.p[i], 12));
    ref.qt.p.forEach((p: number, i: number) => expect(studentTQuantile(p, ref.qt.df[i])).toBeCloseTo(ref.qt.q[i], 9));
    ref.pchisq_upper.x.forEach((x: number, i: number) => expect(chiSquareSf(x, ref.pchisq_upper.df[i])).toBeCloseTo(ref.pchisq_upper.p[i], 12));
    ref.pbeta.x.forEach((x: number, i: number) => expect(incompleteBeta(x, ref.pbeta.a[i], ref.pbeta.b[i])).toBeCloseTo(ref.pbeta.p[i], 12));
  });
});

describe("experiment kernels vs SciPy (test/fixtures/experiment/make_kernels.py)", () => {
  it("Student t CDF to 2e-10 and quantile to 5e-11 for df 1 to 1e5 (scipy.stats.t)", () => {
    expect(worst(zip(kernels.t_cdf.t, kernels.t_cdf.df), kernels.t_cdf.p, studentTCdf)).toBeLessThan(2e-10);
    expect(worst(zip(kernels.t_ppf.p, kernels.t_ppf.df), kernels.t_ppf.q, studentTQuantile, 1)).toBeLessThan(5e-11);
  });

  it("chi-square upper tail to 5e-12, down to 1e-281 (scipy.stats.chi2.sf)", () => {
    expect(worst(zip(kernels.chi2_sf.x, kernels.chi2_sf.df), kernels.chi2_sf.p, chiSquareSf)).toBeLessThan(5e-12);
  });
});
