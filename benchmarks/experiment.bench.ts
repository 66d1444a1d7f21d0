// Benchmark for clientele/experiment. Run: npx tsx benchmarks/experiment.bench.ts
// Peer: simple-statistics (tTestTwoSample: pooled-variance t statistic only, no p-value),
// the closest JavaScript package; clientele computes Welch's t, df, p-value and intervals.
import { tTestTwoSample } from "simple-statistics";
import { createRng } from "../src/core/rng.js";
import {
  analyzeExperiment,
  bayesianProportions,
  sampleSizeMeans,
  sequentialTest,
  welchTTest,
} from "../src/experiment/index.js";

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
