// Benchmark for clientele/experiment. Run: npx tsx benchmarks/experiment.bench.ts
// Peer: simple-statistics (tTestTwoSample: pooled-variance t statistic only, no p-value),
// the closest JavaScript package; clientele computes Welch's t, df, p-value and intervals.
// Second table: the distribution kernels experiment uses (src/core) against jstat and
// simple-statistics: worst relative error vs SciPy (test/fixtures/experiment/kernels.json,
// made by make_kernels.py) and time per call. jstat and simple-statistics are only imported
// here and in no shipped code (dev dependencies: benchmark peers).
import { readFileSync } from "node:fs";
import { join } from "node:path";
// @ts-expect-error jstat ships no types
import jstatModule from "jstat";
import * as simpleStats from "simple-statistics";
import { tTestTwoSample } from "simple-statistics";
import { chiSquareSf, incompleteBeta, studentTCdf, studentTQuantile } from "../src/core/distributions.js";
import { normalCdf, normalQuantile } from "../src/core/numeric.js";
import { betaQuantile } from "../src/experiment/index.js";
import { createRng } from "../src/core/rng.js";
import { analyzeExperiment, bayesianProportions, sampleSizeMeans, sequentialTest, welchTTest } from "../src/experiment/index.js";

function time<T>(fn: () => T, reps = 1): { ms: number; value: T } {
  let value!: T;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) value = fn();
  return { ms: (performance.now() - t0) / reps, value };
}

const rng = createRng(42);
const n = 1_000_000;
const a = new Float64Array(n);
const b = new Float64Array(n);
for (let i = 0; i < n; i++) {
  a[i] = rng.gamma(2, 10);
  b[i] = rng.gamma(2, 10.1);
}
const aArr = Array.from(a);
const bArr = Array.from(b);

const rows: string[][] = [];
const welch = time(() => welchTTest(a, b), 5);
const ss = time(() => tTestTwoSample(aArr, bArr, 0), 5);
rows.push(["Welch t-test, 2 × 1,000,000 raw values", `${welch.ms.toFixed(1)} ms`, `${ss.ms.toFixed(1)} ms (simple-statistics tTestTwoSample, statistic only)`]);
const bayes = time(() => bayesianProportions({ conversions: 2000, visitors: 20000 }, { conversions: 2100, visitors: 20000 }), 200);
rows.push(["bayesianProportions (quadrature, exact to ~1e-10)", `${(bayes.ms * 1000).toFixed(0)} µs`, "n/a"]);
const analyze = time(
  () =>
    analyzeExperiment({
      control: { conversions: 2000, visitors: 20000 },
      treatment: { conversions: 2100, visitors: 20000 },
      segments: ["a", "b", "c", "d"].map((s, i) => ({
        segment: s,
        control: { conversions: 500 + i, visitors: 5000 },
        treatment: { conversions: 525 + 3 * i, visitors: 5000 },
      })),
      mde: 0.01,
    }),
  100,
);
rows.push(["analyzeExperiment, conversions, 4 segments", `${analyze.ms.toFixed(2)} ms`, "n/a"]);
const looks = Array.from({ length: 365 }, (_, d) => ({
  control: { conversions: 10 * (d + 1), visitors: 100 * (d + 1) },
  treatment: { conversions: 11 * (d + 1), visitors: 100 * (d + 1) },
}));
const seq = time(() => sequentialTest(looks, { tau: 0.01 }), 100);
rows.push(["sequentialTest, 365 daily looks", `${seq.ms.toFixed(3)} ms`, "n/a"]);
const ssm = time(() => sampleSizeMeans({ mde: 0.1, sd: 1, power: 0.8 }), 20);
rows.push(["sampleSizeMeans (noncentral t, exact root)", `${ssm.ms.toFixed(2)} ms`, "n/a"]);

console.log(`clientele/experiment benchmark — node ${process.version}, ${new Date().toISOString()}`);
console.log("| operation | clientele | peer |\n| --- | --- | --- |");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);

// ---------------------------------------------------------------------------------------
// Kernels: accuracy vs SciPy and speed, clientele (src/core) vs jstat vs simple-statistics.
const J = (jstatModule as { jStat?: unknown }).jStat ?? jstatModule;
const jStat = J as any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ref = JSON.parse(readFileSync(join(import.meta.dirname, "../test/fixtures/experiment/kernels.json"), "utf8"), (_k, v) =>
  v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
);
const zip = (...cols: number[][]) => cols[0].map((_, i) => cols.map((c) => c[i]));
type K = (...a: number[]) => number;
function accuracy(args: number[][], expected: number[], f: K, absBelow: number): string {
  let max = 0;
  args.forEach((a, i) => {
    let v: number;
    try {
      v = f(...a);
    } catch {
      v = NaN;
    }
    const e = expected[i];
    const err = v === e ? 0 : Math.abs(v - e) / Math.max(Math.abs(e), absBelow, 1e-300);
    if (!(err <= max)) max = err;
  });
  return Number.isFinite(max) ? max.toExponential(1) : "NaN/∞";
}
function speed(args: number[][], f: K): string {
  for (let r = 0; r < 200; r++) for (const a of args) f(...a);
  const reps = Math.max(20, Math.round(200000 / args.length));
  let sink = 0;
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) for (const a of args) sink += f(...a) || 0;
  const ns = ((performance.now() - t0) * 1e6) / (reps * args.length);
  if (sink === 42.4242) console.log("");
  return ns < 1000 ? `${ns.toFixed(0)} ns` : `${(ns / 1000).toFixed(1)} µs`;
}
const kernels: { name: string; args: number[][]; expected: number[]; absBelow: number; impl: Record<string, K | null> }[] = [
  {
    name: "normal CDF (z -38..7)",
    args: zip(ref.norm_cdf.x),
    expected: ref.norm_cdf.p,
    absBelow: 0,
    impl: { clientele: normalCdf, jstat: (x) => jStat.normal.cdf(x, 0, 1), "simple-statistics": (x) => simpleStats.cumulativeStdNormalProbability(x) },
  },
  {
    name: "normal quantile (p 1e-300..1-1e-10)",
    args: zip(ref.norm_ppf.p),
    expected: ref.norm_ppf.q,
    absBelow: 1,
    impl: { clientele: normalQuantile, jstat: (p) => jStat.normal.inv(p, 0, 1), "simple-statistics": (p) => simpleStats.probit(p) },
  },
  {
    name: "Student t CDF (df 1..1e5)",
    args: zip(ref.t_cdf.t, ref.t_cdf.df),
    expected: ref.t_cdf.p,
    absBelow: 0,
    impl: { clientele: studentTCdf, jstat: (t, df) => jStat.studentt.cdf(t, df), "simple-statistics": null },
  },
  {
    name: "Student t quantile",
    args: zip(ref.t_ppf.p, ref.t_ppf.df),
    expected: ref.t_ppf.q,
    absBelow: 1,
    impl: { clientele: studentTQuantile, jstat: (p, df) => jStat.studentt.inv(p, df), "simple-statistics": null },
  },
  {
    name: "chi-square upper tail (df 1..1000)",
    args: zip(ref.chi2_sf.x, ref.chi2_sf.df),
    expected: ref.chi2_sf.p,
    absBelow: 0,
    impl: { clientele: chiSquareSf, jstat: (x, df) => 1 - jStat.chisquare.cdf(x, df), "simple-statistics": null },
  },
  {
    name: "beta CDF (shapes to 5e5 x 4.5e6)",
    args: zip(ref.beta_cdf.x, ref.beta_cdf.a, ref.beta_cdf.b),
    expected: ref.beta_cdf.p,
    absBelow: 0,
    impl: { clientele: incompleteBeta, jstat: (x, a, b) => jStat.beta.cdf(x, a, b), "simple-statistics": null },
  },
  {
    name: "beta quantile",
    args: zip(ref.beta_ppf.p, ref.beta_ppf.a, ref.beta_ppf.b),
    expected: ref.beta_ppf.q,
    absBelow: 1,
    impl: { clientele: betaQuantile, jstat: (p, a, b) => jStat.beta.inv(p, a, b), "simple-statistics": null },
  },
];
console.log(`\nKernels vs SciPy ${ref.scipy_version}: worst relative error (absolute below 1 for quantiles) / time per call`);
console.log("| kernel | clientele | jstat | simple-statistics |\n| --- | --- | --- | --- |");
for (const k of kernels) {
  const cells = ["clientele", "jstat", "simple-statistics"].map((lib) => {
    const f = k.impl[lib];
    return f ? `${accuracy(k.args, k.expected, f, k.absBelow)} / ${speed(k.args, f)}` : "—";
  });
  console.log(`| ${k.name} | ${cells.join(" | ")} |`);
}
