/**
 * Benchmarks of the clientele/clv transaction models.
 *
 *   npx tsx benchmarks/clv.bench.ts           (full: CDNOW fits + 1,000,000 simulated customers)
 *   npx tsx benchmarks/clv.bench.ts --quick   (100,000 simulated customers)
 *
 * Peer: Python's lifetimes 0.10.1 cannot run in this process (and is not installed here); its
 * figures on this machine class come from /work/shared/data/README.md and are printed beside ours.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fitBgNbd, fitParetoNbd, fitMbgNbd, probabilityAlive, conditionalExpectedPurchases, type CustomerColumnsRFT } from "../src/clv/index.js";
import { createRng } from "../src/core/rng.js";

const quick = process.argv.includes("--quick");
const N = quick ? 100_000 : 1_000_000;

/** Median wall time and median CPU time (user + system of this process) over `reps` runs after a warm-up. */
function time<T>(fn: () => T, reps = 1): { ms: number; cpu: number; value: T } {
  let value = fn(); // warm-up
  const runs: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = fn();
    runs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  runs.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  return { ms: runs[Math.floor(runs.length / 2)], cpu: cpus[Math.floor(cpus.length / 2)], value };
}

/**
 * Seeded BG/NBD population with CDNOW-like structure: first purchases spread over 12 weeks,
 * purchases recorded at day granularity (same-day purchases merged), calibration end at day 273,
 * time in weeks. Parameters are the published CDNOW estimates.
 */
function simulateBgNbdPanel(n: number, seed: number): CustomerColumnsRFT {
  const rng = createRng(seed);
  const r = 0.243,
    alpha = 4.414,
    a = 0.793,
    b = 2.426;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const first = rng.int(84);
    const endDay = 273 - first;
    const lambda = rng.gamma(r, 1 / alpha) / 7; // per day
    const p = rng.beta(a, b);
    let x = 0;
    let last = 0;
    let t = 0;
    for (;;) {
      t += rng.exponential(lambda);
      const d = Math.floor(t);
      if (d > endDay) break;
      if (d > last) {
        x++;
        last = d;
      }
      if (rng.uniform() < p) break;
    }
    frequency[i] = x;
    recency[i] = x === 0 ? 0 : last / 7;
    T[i] = endDay / 7;
  }
  return { frequency, recency, T };
}

function loadCdnow(): CustomerColumnsRFT | null {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../shared/data/cdnow/cdnow_customers_summary.csv");
  if (!existsSync(file)) {
    console.warn(`CDNOW file not found at ${file}; skipping the CDNOW rows.`);
    return null;
  }
  const rows = readFileSync(file, "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(",").map(Number));
  return { frequency: rows.map((r) => r[1]), recency: rows.map((r) => r[2]), T: rows.map((r) => r[3]) };
}

const lines: string[] = [];
lines.push("| task | clientele wall (CPU) | lifetimes 0.10.1 (README figure) | goal |");
lines.push("| --- | --- | --- | --- |");
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const both = (t: { ms: number; cpu: number }) => `${fmt(t.ms)} (${fmt(t.cpu)})`;

const cdnow = loadCdnow();
if (cdnow) {
  const bg = time(() => fitBgNbd(cdnow, { timeUnit: "week" }), 9);
  lines.push(`| BG/NBD fit, CDNOW (2,357 customers; LL ${bg.value.logLikelihood.toFixed(1)}) | ${both(bg)} | ~0.25 s | < 30 ms |`);
  const pn = time(() => fitParetoNbd(cdnow, { timeUnit: "week" }), 5);
  lines.push(`| Pareto/NBD fit, CDNOW (LL ${pn.value.logLikelihood.toFixed(1)}) | ${both(pn)} | ~0.7 s | < 100 ms |`);
  const mb = time(() => fitMbgNbd(cdnow, { timeUnit: "week" }), 5);
  lines.push(`| MBG/NBD fit, CDNOW (LL ${mb.value.logLikelihood.toFixed(1)}) | ${both(mb)} | | |`);
}

const t0 = performance.now();
const panel = simulateBgNbdPanel(N, 2024);
console.error(`simulated ${N} customers in ${fmt(performance.now() - t0)}`);
const label = N.toLocaleString("en-US");
const bgBig = time(() => fitBgNbd(panel, { timeUnit: "week" }), 1);
lines.push(
  `| BG/NBD fit, ${label} simulated customers (compression included; ${bgBig.value.nPatterns.toLocaleString("en-US")} patterns) | ${both(bgBig)} | ~12 s (107 s uncompressed) | < 1.5 s |`,
);
const pnBig = time(() => fitParetoNbd(panel, { timeUnit: "week" }), 1);
lines.push(`| Pareto/NBD fit, ${label} simulated customers (compression included) | ${both(pnBig)} | ~30 s (> 180 s uncompressed) | < 4 s |`);
const m = bgBig.value;
const pa = time(() => probabilityAlive(m, panel), 3);
lines.push(`| BG/NBD P(alive), ${label} customers | ${both(pa)} | | < 1 s |`);
const ce = time(() => conditionalExpectedPurchases(m, panel, 39), 3);
lines.push(`| BG/NBD conditional expected purchases (t = 39), ${label} customers | ${both(ce)} | | < 1 s |`);
const pm = pnBig.value;
const ppa = time(() => probabilityAlive(pm, panel), 3);
lines.push(`| Pareto/NBD P(alive), ${label} customers | ${both(ppa)} | | < 1 s |`);
const pce = time(() => conditionalExpectedPurchases(pm, panel, 39), 3);
lines.push(`| Pareto/NBD conditional expected purchases (t = 39), ${label} customers | ${both(pce)} | | < 1 s |`);
lines.push("");
lines.push(
  `Recovered BG/NBD parameters on the simulation (truth r 0.243, alpha 4.414, a 0.793, b 2.426): ` +
    `r ${m.params.r.toFixed(3)}, alpha ${m.params.alpha.toFixed(3)}, a ${m.params.a.toFixed(3)}, b ${m.params.b.toFixed(3)}.`,
);
process.stdout.write(lines.join("\n") + "\n");
