/**
 * Hierarchical clustering and DBSCAN: clientele vs its JavaScript peers on the same seeded
 * data, in one process.
 *
 *   npx tsx benchmarks/cluster-hier.bench.ts           # everything (several minutes)
 *   npx tsx benchmarks/cluster-hier.bench.ts --quick   # skips ml-hclust at 2,000, density-clustering at 50,000 and ward at 20,000
 *   npx tsx benchmarks/cluster-hier.bench.ts --only=dbscan   # or --only=hier
 *   npx tsx benchmarks/cluster-hier.bench.ts --only=hier20k  # only the n = 20,000 rows (ward, single)
 *   npx tsx benchmarks/cluster-hier.bench.ts --only=scipy    # ward at n = 2,000 and 20,000 beside SciPy's linkage
 *                                                            # (/usr/bin/python3 scripts/ref/ward_scipy.py, same data, same run)
 *
 * Prints a markdown table with wall and CPU time (the CPU column is what to read on a
 * shared machine), and checks that the results agree: sorted merge heights (max absolute
 * difference) for hierarchical, label agreement for DBSCAN.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { agnes } from "ml-hclust";
import { dbscan, fitHierarchical } from "../src/cluster/index.js";
import { createRng } from "../src/core/rng.js";

const quick = process.argv.includes("--quick");
// --only=hier or --only=dbscan runs one half; --only=hier20k only the n = 20,000 hierarchical rows.
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);
const require = createRequire(import.meta.url);
const clustering = require("density-clustering") as {
  DBSCAN: new () => { run(points: number[][], eps: number, minPts: number): number[][] };
};

interface Timed<T> {
  value: T;
  wall: number;
  cpu: number;
}
function time<T>(f: () => T): Timed<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}
const s = (x: number): string => (x < 0.1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));

function gaussianBlobs(seed: number, n: number, d: number): number[][] {
  const rng = createRng(seed);
  const centers = Array.from({ length: 8 }, () => Array.from({ length: d }, () => rng.normal(0, 4)));
  return Array.from({ length: n }, () => centers[rng.int(8)].map((c) => c + rng.normal(0, 1)));
}

/** 2-D customers-like density data: 8 blobs in a 100 × 100 box plus 10% uniform background. */
function densityData(seed: number, n: number): number[][] {
  const rng = createRng(seed);
  const centers = Array.from({ length: 8 }, () => [rng.uniform() * 100, rng.uniform() * 100]);
  return Array.from({ length: n }, (_, i) => {
    if (i % 10 === 0) return [rng.uniform() * 100, rng.uniform() * 100];
    const c = centers[rng.int(8)];
    return [rng.normal(c[0], 3), rng.normal(c[1], 3)];
  });
}

function mlHclustHeights(points: number[][]): number[] {
  const root = agnes(points, { method: "ward2" });
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const c = stack.pop()!;
    if (!c.isLeaf) {
      out.push(c.height);
      stack.push(...c.children);
    }
  }
  return out.sort((a, b) => a - b);
}

// Warm up both sides (JIT) on small inputs so the timed runs compare compiled code.
{
  const small = gaussianBlobs(99, 200, 6);
  for (const linkage of ["ward", "single", "average"] as const) fitHierarchical(small, { linkage });
  mlHclustHeights(small);
  const dens = densityData(99, 2000);
  dbscan(dens, { eps: 0.5, minPts: 10 });
  new clustering.DBSCAN().run(dens, 0.5, 10);
}

const rows: string[] = [];
rows.push("| task | n | clientele wall s | clientele CPU s | peer | peer wall s | peer CPU s | ratio (CPU) | agreement |");
rows.push("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |");

// Hierarchical, ward (SciPy convention; ml-hclust's "ward2" is the same criterion), d = 6.
for (const n of only === "dbscan" || only === "hier20k" || only === "scipy" ? [] : quick ? [1000] : [1000, 2000]) {
  const pts = gaussianBlobs(n, n, 6);
  const ours = time(() => fitHierarchical(pts, { linkage: "ward" }));
  const peer = time(() => mlHclustHeights(pts));
  const h = ours.value.merges.map((r) => r[2]); // already sorted
  let maxDiff = 0;
  for (let i = 0; i < h.length; i++) maxDiff = Math.max(maxDiff, Math.abs(h[i] - peer.value[i]));
  rows.push(
    `| fitHierarchical ward | ${n} | ${s(ours.wall)} | ${s(ours.cpu)} | ml-hclust 4.0.0 agnes ward2 | ${s(peer.wall)} | ${s(peer.cpu)} | ${(peer.cpu / ours.cpu).toFixed(0)}× | max abs height diff ${maxDiff.toExponential(1)} |`,
  );
  console.error(rows[rows.length - 1]);
}
for (const linkage of only === "dbscan" || only === "hier20k" || only === "scipy" ? [] : (["single", "average"] as const)) {
  const n = 1000;
  const pts = gaussianBlobs(n, n, 6);
  const ours = time(() => fitHierarchical(pts, { linkage }));
  const peer = time(() => agnes(pts, { method: linkage }));
  rows.push(
    `| fitHierarchical ${linkage} | ${n} | ${s(ours.wall)} | ${s(ours.cpu)} | ml-hclust 4.0.0 agnes ${linkage} | ${s(peer.wall)} | ${s(peer.cpu)} | ${(peer.cpu / ours.cpu).toFixed(0)}× | |`,
  );
  console.error(rows[rows.length - 1]);
}
if (!quick && only !== "dbscan" && only !== "scipy") {
  const n = 20000;
  const pts = gaussianBlobs(7, n, 6);
  const flat = { data: Float64Array.from(pts.flat()), n, d: 6 };
  const rss0 = process.memoryUsage().rss;
  for (const linkage of ["ward", "single"] as const) {
    const ours = time(() => fitHierarchical(flat, { linkage }));
    const rss = process.memoryUsage().rss;
    rows.push(
      `| fitHierarchical ${linkage} | ${n} | ${s(ours.wall)} | ${s(ours.cpu)} | (none) | | | | RSS ${(rss / 2 ** 30).toFixed(2)} GiB after (start ${(rss0 / 2 ** 30).toFixed(2)}) |`,
    );
    console.error(rows[rows.length - 1]);
  }
}

// DBSCAN, 2-D, eps 0.5, minPts 10.
const eps = 0.5;
const minPts = 10;
for (const n of only === "hier" || only === "hier20k" || only === "scipy" ? [] : [10000, 50000, 200000]) {
  const pts = densityData(n, n);
  const ours = time(() => dbscan(pts, { eps, minPts }));
  const runPeer = n <= 10000 || (n === 50000 && !quick);
  if (!runPeer) {
    rows.push(`| dbscan | ${n} | ${s(ours.wall)} | ${s(ours.cpu)} | (not run) | | | | ${ours.value.nClusters} clusters |`);
    console.error(rows[rows.length - 1]);
    continue;
  }
  const peer = time(() => new clustering.DBSCAN().run(pts, eps, minPts));
  const theirs = new Array<number>(n).fill(-1);
  peer.value.forEach((members, c) => members.forEach((i) => (theirs[i] = c)));
  // Agreement: same noise set, core points map one-to-one between clusters; count border points that differ.
  const core = new Set(ours.value.coreSampleIndices);
  const map = new Map<number, number>();
  let noiseDiff = 0;
  let coreConflict = 0;
  for (let i = 0; i < n; i++) {
    if ((theirs[i] === -1) !== (ours.value.labels[i] === -1)) noiseDiff++;
    if (core.has(i)) {
      const l = ours.value.labels[i];
      if (!map.has(l)) map.set(l, theirs[i]);
      else if (map.get(l) !== theirs[i]) coreConflict++;
    }
  }
  let borderDiff = 0;
  for (let i = 0; i < n; i++) if (!core.has(i) && ours.value.labels[i] !== -1 && map.get(ours.value.labels[i]) !== theirs[i]) borderDiff++;
  rows.push(
    `| dbscan | ${n} | ${s(ours.wall)} | ${s(ours.cpu)} | density-clustering 1.3.0 | ${s(peer.wall)} | ${s(peer.cpu)} | ${(peer.cpu / ours.cpu).toFixed(0)}× | clusters ${ours.value.nClusters} vs ${peer.value.length}; noise diff ${noiseDiff}; core conflicts ${coreConflict}; border ties ${borderDiff} |`,
  );
  console.error(rows[rows.length - 1]);
}

// Ward beside SciPy (the peer): same points, heights compared exactly.
for (const n of only === "scipy" ? (quick ? [2000] : [2000, 20000]) : []) {
  const pts = gaussianBlobs(n, n, 6);
  const file = path.join(tmpdir(), `ward-${process.pid}-${n}.json`);
  writeFileSync(file, JSON.stringify({ n, d: 6, data: pts.flat() }));
  const py = spawnSync("/usr/bin/python3", ["scripts/ref/ward_scipy.py", file], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (py.status !== 0) {
    console.warn(`SciPy peer failed: ${py.stderr}`);
    continue;
  }
  const peer = JSON.parse(py.stdout) as { seconds: number; cpu: number; heights: number[]; scipy: string };
  const ours = time(() => fitHierarchical(pts, { linkage: "ward" }));
  const h = ours.value.merges.map((r) => r[2]);
  let maxDiff = 0;
  let equal = 0;
  for (let i = 0; i < h.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(h[i] - peer.heights[i]));
    if (h[i] === peer.heights[i]) equal++;
  }
  rows.push(
    `| fitHierarchical ward | ${n} | ${s(ours.wall)} | ${s(ours.cpu)} | scipy ${peer.scipy} linkage ward | ${s(peer.seconds)} | ${s(peer.cpu)} | ${(peer.cpu / ours.cpu).toFixed(2)}× | heights bit-equal ${equal}/${h.length}, max abs diff ${maxDiff.toExponential(1)} |`,
  );
}

console.log(`Node ${process.version}, ${quick ? "--quick" : "full"} run\n`);
console.log(rows.join("\n"));
