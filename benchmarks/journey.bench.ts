// Benchmark for clientele/journey. Run: npx tsx benchmarks/journey.bench.ts [--quick] [--no-peer]
// 1,000,000 seeded random paths over 20 channels (1-8 touches, ~25 % converting, some null
// counts), given as "c1 > c7 > c3" strings: markovAttribution (exact) at order 1 and 2,
// heuristicAttribution, and the simulation mode at order 1, parsing included (target: < 2 s for
// the exact Markov attribution at order 1 and 2). Peer in the same run: the independent
// scipy reference (scripts/ref/journey_markov.py --bench, pure Python chain building + sparse LU).
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createRng, heuristicAttribution, markovAttribution, type PathRow } from "../src/journey/index.js";

const quick = process.argv.includes("--quick");
const noPeer = process.argv.includes("--no-peer");
const N = quick ? 100_000 : 1_000_000;
const C = 20;
const rng = createRng(42);
const rows: PathRow[] = new Array(N);
let touches = 0;
for (let i = 0; i < N; i++) {
  const len = 1 + Math.min(7, Math.floor(rng.exponential(0.45)));
  const ch: string[] = [];
  let prev = rng.int(C);
  for (let j = 0; j < len; j++) {
    // sticky, skewed channel choice so that the chain has structure
    prev = rng.uniform() < 0.3 ? prev : Math.floor(C * rng.uniform() ** 1.6);
    ch.push(`c${prev + 1}`);
  }
  touches += len;
  const converts = rng.uniform() < 0.15 + 0.03 * len;
  rows[i] = {
    path: ch.join(" > "),
    conversions: converts ? 1 : 0,
    value: converts ? Math.round(rng.gamma(2, 30) * 100) / 100 : 0,
    nulls: converts ? 0 : 1 + rng.int(3),
  };
}

function best(f: () => void, reps: number): number {
  let b = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    f();
    b = Math.min(b, performance.now() - t);
  }
  return b;
}

markovAttribution(rows.slice(0, 20_000)); // warm-up
const reps = quick ? 3 : 3;
const res: [string, number][] = [];
let states2 = 0;
res.push(["markovAttribution order 1 (exact)", best(() => markovAttribution(rows), reps)]);
res.push(["markovAttribution order 2 (exact)", best(() => (states2 = markovAttribution(rows, { order: 2 }).states), reps)]);
res.push(["heuristicAttribution (5 models)", best(() => heuristicAttribution(rows), reps)]);
res.push(["markovAttribution order 1, simulate: { seed: 0 }", best(() => markovAttribution(rows, { simulate: { seed: 0 } }), 1)]);

let peer: Record<string, number> | null = null;
if (!noPeer) {
  try {
    const dir = mkdtempSync(path.join(tmpdir(), "journey-bench-"));
    const file = path.join(dir, "paths.csv");
    writeFileSync(
      file,
      "path;total_conversions;total_conversion_value;total_null\n" + rows.map((r) => `${r.path};${r.conversions};${r.value};${r.nulls}`).join("\n") + "\n",
    );
    peer = JSON.parse(execFileSync("python3", ["scripts/ref/journey_markov.py", "--bench", file, "1,2"], { encoding: "utf8", maxBuffer: 1 << 20 }));
  } catch (e) {
    console.warn(`peer (python3 + scipy) not run: ${String(e)}`);
  }
}

console.log(`journey bench: ${N.toLocaleString("en-US")} paths, ${C} channels, ${touches.toLocaleString("en-US")} touchpoints; order-2 states ${states2}`);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? "?"}, Node ${process.version}, load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}, ${new Date().toISOString()}`,
);
console.log("| what | time |\n| --- | ---: |");
for (const [name, ms] of res) console.log(`| ${name} | ${ms.toFixed(0)} ms |`);
if (peer !== null)
  for (const [k, s] of Object.entries(peer)) console.log(`| scipy reference (Python chain + spsolve), order ${k} | ${(s * 1000).toFixed(0)} ms |`);
