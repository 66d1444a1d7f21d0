/**
 * HDBSCAN speed: fitHdbscan on seeded 2-D blobs (10 Gaussian blobs of different spread) plus
 * 10% uniform noise, minClusterSize 50, minSamples 10, algorithm "auto" (the default: the
 * reference library's tree, "boruvka-approx", in 2-D) and "boruvka" (the exact Borůvka on a k-d tree).
 *
 *   npx tsx benchmarks/hdbscan.bench.ts           # n = 3,000, 100,000 and 1,000,000
 *   npx tsx benchmarks/hdbscan.bench.ts --quick   # skips 1,000,000
 *
 * Prints a markdown table (wall and CPU seconds, RSS), and the reference library's times
 * recorded in ../shared/data/hdbscan/reference.json (hdbscan 0.8.37, n = 300 / 1,000 / 3,000)
 * beside clientele's on the same reference points.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fitHdbscan } from "../src/cluster/index.js";
import { createRng } from "../src/core/rng.js";

const quick = process.argv.includes("--quick");

function blobsAndNoise(n: number, seed: number): { data: Float64Array; n: number; d: number } {
  const rng = createRng(seed);
  const data = new Float64Array(n * 2);
  const centers = Array.from({ length: 10 }, () => [rng.uniform() * 200 - 100, rng.uniform() * 200 - 100, 0.5 + rng.uniform() * 3]);
  for (let i = 0; i < n; i++) {
    if (i % 10 === 9) {
      data[2 * i] = rng.uniform() * 240 - 120;
      data[2 * i + 1] = rng.uniform() * 240 - 120;
    } else {
      const c = centers[i % 10];
      data[2 * i] = c[0] + rng.normal() * c[2];
      data[2 * i + 1] = c[1] + rng.normal() * c[2];
    }
  }
  return { data, n, d: 2 };
}

function time<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}
const s = (x: number): string => (x < 0.1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));

// warm-up
fitHdbscan(blobsAndNoise(5000, 1), { minClusterSize: 50, minSamples: 10 });

console.log(`Node ${process.version}, ${new Date().toISOString()}\n`);
console.log("| n | algorithm | wall s | CPU s | RSS GiB after | clusters | noise |");
console.log("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
for (const n of quick ? [3000, 100_000] : [3000, 100_000, 1_000_000]) {
  const x = blobsAndNoise(n, 42);
  for (const algorithm of ["auto", "boruvka"] as const) {
    const r = time(() => fitHdbscan(x, { minClusterSize: 50, minSamples: 10, algorithm }));
    let noise = 0;
    for (let i = 0; i < n; i++) if (r.value.labels[i] < 0) noise++;
    const rss = process.memoryUsage().rss / 2 ** 30;
    console.log(`| ${n} | ${r.value.algorithm} | ${s(r.wall)} | ${s(r.cpu)} | ${rss.toFixed(2)} | ${r.value.nClusters} | ${noise} |`);
  }
}

const REF = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../shared/data/hdbscan/reference.json");
if (existsSync(REF)) {
  const ref = JSON.parse(readFileSync(REF, "utf8")) as { library: string; cases: Record<string, { X: number[][]; seconds_reference: number }> };
  console.log(`\n| reference case n | ${ref.library} s | clientele algorithm | clientele wall s | clientele CPU s |`);
  console.log("| ---: | ---: | --- | ---: | ---: |");
  for (const [n, c] of Object.entries(ref.cases)) {
    for (const algorithm of ["auto", "boruvka"] as const) {
      for (let w = 0; w < 5; w++) fitHdbscan(c.X, { minClusterSize: 15, minSamples: 5, algorithm });
      const r = time(() => {
        for (let k = 0; k < 10; k++) fitHdbscan(c.X, { minClusterSize: 15, minSamples: 5, algorithm });
      });
      console.log(`| ${n} | ${c.seconds_reference} | ${algorithm} | ${s(r.wall / 10)} | ${s(r.cpu / 10)} (mean of 10 after 5 warm-up runs) |`);
    }
  }
} else console.warn(`reference times skipped: ${REF} is absent`);
