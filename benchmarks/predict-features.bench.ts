// Benchmark for clientele/predict's buildFeatures. Run: npx tsx benchmarks/predict-features.bench.ts [--quick]
// A seeded log of 10,000,000 transactions (1,000,000 customers, two years, time-ordered so that
// customers interleave, 3% refunds) as columns (Float64Array epoch-ms timestamps and amounts),
// with integer ids and with string ids. Times buildFeatures (windows 30/90/365) beside
// summarizeTransactions (clientele/data, the same reader) on the same columns in the same process.
// Target (issue 12): buildFeatures over 10,000,000 transactions < 5 s.
import { cpus, loadavg } from "node:os";
import { createRng } from "../src/core/rng.js";
import { summarizeTransactions } from "../src/data/index.js";
import { buildFeatures } from "../src/predict/features.js";

const quick = process.argv.includes("--quick");
const N = quick ? 1_000_000 : 10_000_000;
const C = N / 10;
const DAY = 86_400_000;
const start = Date.UTC(2023, 0, 1);
const rng = createRng(12);
const ts = new Float64Array(N);
const amount = new Float64Array(N);
const idNum = new Float64Array(N);
for (let i = 0; i < N; i++) {
  ts[i] = start + Math.floor((i / N) * 730 * DAY); // time-ordered
  idNum[i] = Math.floor(rng.uniform() * C);
  amount[i] = rng.uniform() < 0.03 ? -5 - 20 * rng.uniform() : 5 + 100 * rng.uniform();
}
const idStr: string[] = Array.from(idNum, (v) => `C${String(v).padStart(7, "0")}`);
const asOf = "2024-09-30";

// wall time, and the process CPU time (user + system, all threads) of the same call: on a loaded
// machine the wall time mostly measures the wait for a core, the CPU time much less so
function timed<T>(f: () => T): { ms: number; cpuMs: number; out: T } {
  const c = process.cpuUsage();
  const t = performance.now();
  const out = f();
  const u = process.cpuUsage(c);
  return { ms: performance.now() - t, cpuMs: (u.user + u.system) / 1000, out };
}
function best(label: string, f: () => unknown, reps = 3): number {
  let b = Infinity;
  let cpu = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = timed(f);
    b = Math.min(b, t.ms);
    cpu = Math.min(cpu, t.cpuMs);
  }
  console.log(`${label.padEnd(58)} ${(b / 1000).toFixed(2)} s (CPU ${(cpu / 1000).toFixed(2)} s); load ${loadavg()[0]!.toFixed(2)}`);
  return b;
}

console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model}; load before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}; node ${process.version}`,
);
console.log(`log: ${N.toLocaleString("en")} transactions, ${C.toLocaleString("en")} customers, asOf ${asOf}`);
const rows: Record<string, number> = {};
for (const [name, ids] of [
  ["integer ids", idNum],
  ["string ids", idStr],
] as const) {
  const cols = { customerId: ids, timestamp: ts, amount };
  rows[`buildFeatures, ${name}`] = best(`buildFeatures (windows 30/90/365), ${name}`, () => buildFeatures(cols, { asOf }));
  rows[`summarizeTransactions, ${name}`] = best(`summarizeTransactions (peer, whole log), ${name}`, () => summarizeTransactions(cols, { timeUnit: "day" }));
}
const f = buildFeatures({ customerId: idNum, timestamp: ts, amount }, { asOf });
console.log(
  `rows ${f.n.toLocaleString("en")}, features ${f.names.length}; load after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
