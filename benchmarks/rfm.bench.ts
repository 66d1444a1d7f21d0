// Benchmark for clientele/rfm. Run: npx tsx benchmarks/rfm.bench.ts [--quick]
// Scores and segments 1,000,000 seeded synthetic customers (target: < 1 s), side by
// side with a straightforward baseline written the way RFM is usually hand-coded in JS
// (row objects, index sort with a comparator per dimension, rule loop per customer).
// There is no maintained npm RFM package to compare with.
import { createRng } from "../src/core/rng.js";
import { assignSegments, RFM_SEGMENTS, scoreRfm, segmentReport } from "../src/rfm/index.js";

const quick = process.argv.includes("--quick");
const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];

function makeData(n: number) {
  const rng = createRng(42);
  const id = new Array<string>(n);
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  const T = new Float64Array(n);
  const totalSpend = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    id[i] = `c${i}`;
    T[i] = 1 + rng.int(78); // weeks since first purchase
    const f = rng.poisson(rng.gamma(0.25, 4) * T[i] * 0.1);
    frequency[i] = f;
    recency[i] = f === 0 ? 0 : Math.round(T[i] * rng.uniform() * 7) / 7; // first to last purchase
    monetary[i] = f === 0 ? 0 : Math.round(rng.gamma(6, 6) * 100) / 100;
    totalSpend[i] = monetary[i] * (f + 1);
  }
  return { id, recency, frequency, monetary, T, totalSpend };
}

/** Baseline: per-row objects, comparator sorts, rule loop (what a hand-written RFM looks like). */
function baseline(d: ReturnType<typeof makeData>): string[] {
  const n = d.id.length;
  const rows = Array.from({ length: n }, (_, i) => ({
    id: d.id[i],
    since: d.T[i] - d.recency[i],
    f: d.frequency[i],
    m: d.monetary[i],
    rs: 0,
    fs: 0,
    ms: 0,
  }));
  const score = (key: "since" | "f" | "m", out: "rs" | "fs" | "ms", desc: boolean) => {
    const idx = rows.map((_, i) => i).sort((a, b) => (desc ? rows[b][key] - rows[a][key] : rows[a][key] - rows[b][key]));
    let lo = 0;
    while (lo < n) {
      let hi = lo;
      while (hi + 1 < n && rows[idx[hi + 1]][key] === rows[idx[lo]][key]) hi++;
      const s = 1 + Math.floor((5 * (lo + hi + 1)) / (2 * n));
      for (let k = lo; k <= hi; k++) rows[idx[k]][out] = s;
      lo = hi + 1;
    }
  };
  score("since", "rs", true);
  score("f", "fs", false);
  score("m", "ms", false);
  return rows.map((row) => {
    const fm = (row.fs + row.ms) / 2;
    for (const rule of RFM_SEGMENTS) {
      if (rule.r && (row.rs < rule.r[0] || row.rs > rule.r[1])) continue;
      if (rule.fm && (fm < rule.fm[0] || fm > rule.fm[1])) continue;
      return rule.segment;
    }
    return "Other";
  });
}

/**
 * Fastest wall time and fastest process CPU time (user + system) over `reps` calls, after
 * one warm-up call (the minimum is the figure least distorted by other processes).
 */
function time<T>(fn: () => T, reps: number): { ms: number; cpu: number; value: T } {
  let value = fn(); // warm-up
  let ms = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = fn();
    ms = Math.min(ms, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  return { ms, cpu, value };
}
const fmt = (t: { ms: number; cpu: number }) => `${t.ms.toFixed(1)} ms (cpu ${t.cpu.toFixed(1)})`;

const lines: string[] = [];
lines.push("| customers | scoreRfm | assignSegments | scoreRfm + assignSegments | + segmentReport | baseline (row objects, comparator sort) | same segments |");
lines.push("| ---: | ---: | ---: | ---: | ---: | ---: | :---: |");
for (const n of sizes) {
  const d = makeData(n);
  const reps = n >= 1_000_000 ? 3 : 5;
  const sc = time(() => scoreRfm(d), reps);
  const seg = time(() => assignSegments(sc.value), reps);
  const both = time(() => assignSegments(scoreRfm(d)), reps);
  const rep = time(() => segmentReport(assignSegments(scoreRfm(d))), reps);
  const base = time(() => baseline(d), 1);
  const same = base.value.every((s, i) => s === both.value.segment[i]);
  lines.push(`| ${n.toLocaleString("en-US")} | ${fmt(sc)} | ${fmt(seg)} | **${fmt(both)}** | ${fmt(rep)} | ${fmt(base)} | ${same ? "yes" : "NO"} |`);
}
const mem = process.memoryUsage();
console.log(
  `\nclientele/rfm benchmark (node ${process.version}, ${quick ? "quick" : "full"}); fastest of 3-5 calls: wall time, process CPU time (user + system) in parentheses\n`,
);
console.log(lines.join("\n"));
console.log(`\nheap used at end: ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB`);
