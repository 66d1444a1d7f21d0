/**
 * clientele/cluster (K-Means, silhouette) beside ml-kmeans 7.0.1 on the same seeded data.
 *
 *   npx tsx benchmarks/cluster.bench.ts            # n = 1e4, 1e5, 1e6 (ml-kmeans skipped at 1e6)
 *   npx tsx benchmarks/cluster.bench.ts --full     # also ml-kmeans at n = 1e6 (slow)
 *   npx tsx benchmarks/cluster.bench.ts --quick    # n = 1e4, 1e5 only
 *   npx tsx benchmarks/cluster.bench.ts --backend=js   # clientele without its WebAssembly kernel
 *   npx tsx benchmarks/cluster.bench.ts --dims     # clientele only: fitKMeans at d = 2 … 16 (n = 1e5, k = 8),
 *                                                  # both kernel backends, to see which width-specific code pays
 *   npx tsx benchmarks/cluster.bench.ts --dims=2-8 # the same for d = 2 … 8
 *
 * Each library runs at each n in its own fresh child process (ml-kmeans's speed was seen to
 * vary up to 3x with what had run before it in a shared process). Both libraries start from
 * the same k-means++ centers (drawn once by clientele) and run
 * Lloyd to a fixed partition (tol 0 / tolerance 0), so they do the same iterations and
 * must reach the same inertia; times include ml-kmeans's own work only (its number[][]
 * input is prepared outside the timer; clientele's time includes copying the input).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { kmeans as mlKmeans } from "ml-kmeans";
import { fitMiniBatchKMeans, silhouetteScore } from "../src/cluster/index.js";
import { fitKMeansWith } from "../src/cluster/kmeans/fit.js";
import { kmeansPlusPlus } from "../src/cluster/kmeans/seeding.js";
import type { FitKMeansOptions, KMeansModel } from "../src/cluster/kmeans/types.js";
import { createRng } from "../src/core/rng.js";

const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
const full = args.has("--full");
// "auto" (default: the WebAssembly SIMD kernel when available), "wasm" or "js"
const backendArg = process.argv.find((a) => a.startsWith("--backend="));
const backend = (backendArg ? backendArg.slice("--backend=".length) : "auto") as "auto" | "wasm" | "js";
const fitKMeans = (points: { data: Float64Array; n: number; d: number }, options: FitKMeansOptions): KMeansModel => fitKMeansWith(points, options, backend);
const D = 6;
const K = 8;

function blobs(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const centers = Array.from({ length: K }, () => Array.from({ length: D }, () => rng.normal(0, 4)));
  const data = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    const c = centers[rng.int(K)];
    for (let t = 0; t < D; t++) data[i * D + t] = c[t] + rng.normal(0, 1.5);
  }
  return data;
}

function inertiaOf(data: Float64Array, n: number, centroids: number[][], labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const c = centroids[labels[i]];
    for (let t = 0; t < D; t++) s += (data[i * D + t] - c[t]) ** 2;
  }
  return s;
}

// CPU time of this process (user + system), in seconds: far steadier than wall time while
// other jobs share the machine's two cores. Wall time is printed to stderr for reference.
const time = <T>(f: () => T): [T, number] => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = f();
  const c = process.cpuUsage(c0);
  console.error(`  wall ${((performance.now() - t0) / 1000).toFixed(3)} s, cpu ${((c.user + c.system) / 1e6).toFixed(3)} s`);
  return [r, (c.user + c.system) / 1e6];
};
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s: number) => (s < 0.01 ? `${(s * 1000).toFixed(2)} ms` : s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);

/** One library at one n, in this (fresh) process: warm-up, then timed samples. */
function runWorker(lib: "clientele" | "ml-kmeans", n: number): void {
  const data = blobs(n, 42);
  const x = { data, n, d: D };
  const initFlat = kmeansPlusPlus(x, null, K, createRng(7));
  const init = Array.from({ length: K }, (_, j) => Array.from(initFlat.subarray(j * D, j * D + D)));
  const reps = n <= 1e4 ? 7 : n <= 1e5 ? 3 : 1;
  const batch = n <= 1e4 ? 10 : 1; // at small n a sample is the mean of 10 back-to-back calls
  const pts: number[][] = lib === "ml-kmeans" ? Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * D, i * D + D))) : [];
  const fit = (): { labels: ArrayLike<number>; centroids: number[][]; iterations: number } => {
    if (lib === "clientele") {
      const m = fitKMeans(x, { k: K, init, tol: 0, maxIter: 1000 });
      return { labels: m.labels, centroids: m.centroids, iterations: m.nIter };
    }
    const m = mlKmeans(pts, K, { initialization: init.map((c) => c.slice()), tolerance: 0, maxIterations: 1000 });
    return { labels: m.clusters, centroids: m.centroids, iterations: m.iterations };
  };
  let res = fit(); // warm-up
  // at 1e4, 100 more warm-up calls (both libraries): background JIT compilation, counted in
  // process CPU time, was still running during the first samples after 30
  if (n <= 1e4) for (let r = 0; r < 10 * batch; r++) fit();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const [m, t] = time(() => {
      let last = res;
      for (let b = 0; b < batch; b++) last = fit();
      return last;
    });
    res = m;
    times.push(t / batch);
  }
  // a checksum of the labels, to compare partitions across processes
  let sum = 0;
  for (let i = 0; i < n; i++) sum = (sum * 31 + res.labels[i] + 1) % 1000000007;
  console.log(JSON.stringify({ time: median(times), iterations: res.iterations, inertia: inertiaOf(data, n, res.centroids, res.labels), checksum: sum }));
}

interface WorkerResult {
  time: number;
  iterations: number;
  inertia: number;
  checksum: number;
}

/** Runs one library at one n in a child process (same Node flags, so tsx still applies). */
function spawnWorker(lib: string, n: number): WorkerResult {
  const out = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--worker", lib, String(n), `--backend=${backend}`], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (out.status !== 0) throw new Error(`worker ${lib} ${n} failed: ${out.stderr}`);
  process.stderr.write(out.stderr);
  const lines = out.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as WorkerResult;
}

/**
 * `--dims`: fitKMeans alone at d = 2 … 16 (n = 1e5, k = 8, seeded blobs, fixed k-means++ centers,
 * Lloyd to a fixed partition), each (d, backend) in a fresh process: warm-up fit, then the
 * median CPU time of 5 fits, and a checksum of the labels (to compare code versions bit for bit).
 */
function dimsWorker(d: number, be: "wasm" | "js"): void {
  const n = 1e5;
  const rng = createRng(100 + d);
  const centers = Array.from({ length: K }, () => Array.from({ length: d }, () => rng.normal(0, 4)));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = centers[rng.int(K)];
    for (let t = 0; t < d; t++) data[i * d + t] = c[t] + rng.normal(0, 1.5);
  }
  const x = { data, n, d };
  const initFlat = kmeansPlusPlus(x, null, K, createRng(7));
  const init = Array.from({ length: K }, (_, j) => Array.from(initFlat.subarray(j * d, j * d + d)));
  const fit = () => fitKMeansWith(x, { k: K, init, tol: 0, maxIter: 1000 }, be);
  let m = fit();
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    m = fit();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1e6);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum = (sum * 31 + m.labels[i] + 1) % 1000000007;
  let ch = 0;
  for (const row of m.centroids) for (const v of row) ch = (ch * 1.000001 + v) % 1e9;
  console.log(JSON.stringify({ time: median(times), iterations: m.nIter, inertia: m.inertia, checksum: sum, centroids: ch }));
}

const dimsAt = process.argv.indexOf("--dims-worker");
if (dimsAt >= 0) {
  dimsWorker(Number(process.argv[dimsAt + 1]), process.argv[dimsAt + 2] as "wasm" | "js");
  process.exit(0);
}
const dimsArg = process.argv.find((a) => a === "--dims" || a.startsWith("--dims="));
if (dimsArg) {
  // --dims (d = 2 … 16) or --dims=lo-hi
  const range = dimsArg.includes("=") ? dimsArg.slice("--dims=".length).split("-").map(Number) : [2, 16];
  // --backend=js or --backend=wasm times one backend only
  const backends = backend === "auto" ? (["wasm", "js"] as const) : ([backend] as const);
  const out: string[] = [];
  out.push("| d | wasm backend CPU | js backend CPU | iterations | inertia (full precision) | label checksum |");
  out.push("| ---: | ---: | ---: | ---: | ---: | ---: |");
  for (let d = range[0]; d <= (range[1] ?? range[0]); d++) {
    const r: Record<string, { time: number; iterations: number; inertia: number; checksum: number; centroids: number }> = {};
    for (const be of backends) {
      const o = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--dims-worker", String(d), be], {
        encoding: "utf8",
        maxBuffer: 1 << 26,
      });
      if (o.status !== 0) throw new Error(`dims worker ${d} ${be} failed: ${o.stderr}`);
      const lines = o.stdout.trim().split("\n");
      r[be] = JSON.parse(lines[lines.length - 1]);
    }
    const a = r.wasm ?? r.js;
    const b = r.js ?? r.wasm;
    const same = a.checksum === b.checksum && a.inertia === b.inertia ? "" : " (backends differ!)";
    const cell = (x: { time: number } | undefined) => (x ? fmt(x.time) : "–");
    out.push(`| ${d} | ${cell(r.wasm)} | ${cell(r.js)} | ${b.iterations} | ${b.inertia} | ${b.checksum} |${same}`);
    console.error(out[out.length - 1]);
  }
  console.log(
    `fitKMeans, n = 1e5, k = ${K}, Lloyd to a fixed partition, median CPU of 5 fits after a warm-up, fresh process per cell; Node ${process.version}\n`,
  );
  console.log(out.join("\n"));
  process.exit(0);
}

const workerAt = process.argv.indexOf("--worker");
if (workerAt >= 0) {
  runWorker(process.argv[workerAt + 1] as "clientele" | "ml-kmeans", Number(process.argv[workerAt + 2]));
  process.exit(0);
}

const rows: string[] = [];
rows.push("| n | clientele fitKMeans | ml-kmeans 7.0.1 | speed-up | iterations (both) | inertia clientele | inertia ml-kmeans | same partition |");
rows.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |");
const sizes = quick ? [1e4, 1e5] : [1e4, 1e5, 1e6];
for (const n of sizes) {
  const ours = spawnWorker("clientele", n);
  const runMl = n < 1e6 || full;
  if (runMl) {
    const ml = spawnWorker("ml-kmeans", n);
    rows.push(
      `| ${n.toLocaleString("en-US")} | ${fmt(ours.time)} | ${fmt(ml.time)} | ${(ml.time / ours.time).toFixed(1)}× | ${ours.iterations} / ${ml.iterations} | ${ours.inertia.toFixed(1)} | ${ml.inertia.toFixed(1)} | ${ours.checksum === ml.checksum ? "yes" : "no"} |`,
    );
  } else {
    rows.push(`| ${n.toLocaleString("en-US")} | ${fmt(ours.time)} | not run (use --full) | | ${ours.iterations} / – | ${ours.inertia.toFixed(1)} | | |`);
  }
  console.error(`done n = ${n}`);
}

const extra: string[] = [];
extra.push("| task | n | time | result |");
extra.push("| --- | ---: | ---: | --- |");
for (const n of quick ? [1e5] : [1e5, 1e6]) {
  const data = blobs(n, 42);
  const [m, t] = time(() => fitKMeans({ data, n, d: D }, { k: K, rng: createRng(1) }));
  extra.push(
    `| fitKMeans defaults (k-means++ init + Lloyd, tol 1e-4) | ${n.toLocaleString("en-US")} | ${fmt(t)} | ${m.nIter} iterations, inertia ${m.inertia.toFixed(1)} |`,
  );
  const [mb, tb] = time(() => fitMiniBatchKMeans({ data, n, d: D }, { k: K, rng: createRng(1) }));
  extra.push(
    `| fitMiniBatchKMeans (batch 1024) | ${n.toLocaleString("en-US")} | ${fmt(tb)} | ${mb.nSteps} steps, inertia ${mb.inertia.toFixed(1)} (${((mb.inertia / m.inertia - 1) * 100).toFixed(2)}% above Lloyd) |`,
  );
}
{
  const n = 20000;
  const data = blobs(n, 43);
  const m = fitKMeans({ data, n, d: D }, { k: K });
  silhouetteScore({ data: data.subarray(0, 2000 * D), n: 2000, d: D }, m.labels.slice(0, 2000)); // warm-up
  const [s, t] = time(() => silhouetteScore({ data, n, d: D }, m.labels));
  extra.push(`| silhouetteScore exact (d = 6, 8 clusters) | 20,000 | ${fmt(t)} | ${s.toFixed(4)} |`);
}
if (!quick) {
  const n = 1e6;
  const data = blobs(n, 44);
  const m = fitKMeans({ data, n, d: D }, { k: K });
  const [s, t] = time(() => silhouetteScore({ data, n, d: D }, m.labels, { sampleSize: 10000, rng: createRng(3) }));
  extra.push(`| silhouetteScore sampled (sampleSize 10,000) | 1,000,000 | ${fmt(t)} | ${s.toFixed(4)} |`);
}

console.log(
  `K-Means, d = ${D}, k = ${K}, one init (same k-means++ centers for both), Lloyd to a fixed partition; process CPU time (user + system), each library in its own process; median of 7 / 3 / 1 samples at n = 1e4 / 1e5 / 1e6 (a 1e4 sample averages 10 calls); clientele kernel backend: ${backend}\n`,
);
console.log(rows.join("\n"));
console.log("\nOther cluster timings (clientele only)\n");
console.log(extra.join("\n"));
