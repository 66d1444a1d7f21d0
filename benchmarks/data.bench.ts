// Benchmark of clientele/data: summarizeTransactions at 10 million transactions (columns,
// epoch-ms Float64Array timestamps) and at 1 million (rows), with peak memory, beside a
// straightforward Map-of-objects summarizer (the way it is usually hand-written in JS)
// on the same seeded data.
//
//   npx tsx benchmarks/data.bench.ts            # full (10M columns, 1M rows)
//   npx tsx benchmarks/data.bench.ts --quick    # 1M columns, 200k rows
//   npx tsx benchmarks/data.bench.ts --only=columns-sorted,rows-ms
//
// Each case runs in its own child process (node --expose-gc) so that peak RSS
// (process.resourceUsage().maxRSS) belongs to that case alone.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createRng } from "../src/core/rng.js";
import { finalizeSummary, mergePartials, simulateCustomers, summarizePartial, summarizeTransactions, type PartialSummary } from "../src/data/index.js";

const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1);

interface Log {
  customerId: string[];
  timestamp: Float64Array;
  amount: Float64Array;
}

/**
 * n transactions of nCust customers over 730 days, sorted by time; ~3% refunds. Ids come
 * from one string per customer (the same object on every row of a customer), or with
 * `freshIds` are built afresh on every row, as a CSV or JSON parser would produce them.
 */
function makeLog(n: number, nCust: number, seed: number, freshIds = false): Log {
  const rng = createRng(seed);
  const pool: string[] = new Array(nCust);
  for (let c = 0; c < nCust; c++) pool[c] = "cust-" + c;
  const customerId: string[] = new Array(n);
  const timestamp = new Float64Array(n);
  const amount = new Float64Array(n);
  const span = 730 * DAY;
  for (let i = 0; i < n; i++) {
    // skewed activity: low customer indices buy more often
    const u = rng.uniform();
    const c = Math.floor(nCust * u * u);
    customerId[i] = freshIds ? "cust-" + c : pool[c];
    timestamp[i] = START + Math.floor((i / n) * span) + rng.int(60_000);
    const spend = Math.round(rng.gamma(2, 20) * 100) / 100;
    amount[i] = rng.uniform() < 0.03 ? -spend : spend;
  }
  return { customerId, timestamp, amount };
}

function shuffled(log: Log, seed: number): Log {
  const rng = createRng(seed);
  const n = log.timestamp.length;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const customerId: string[] = new Array(n);
  const timestamp = new Float64Array(n);
  const amount = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    customerId[k] = log.customerId[perm[k]];
    timestamp[k] = log.timestamp[perm[k]];
    amount[k] = log.amount[perm[k]];
  }
  return { customerId, timestamp, amount };
}

/** The usual hand-written summarizer: Map of customer -> Map of day -> net. */
function naiveSummarize(rows: { customerId: string; timestamp: number; amount: number }[]) {
  const byCust = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const d = Math.floor(r.timestamp / DAY);
    let days = byCust.get(r.customerId);
    if (!days) byCust.set(r.customerId, (days = new Map()));
    days.set(d, (days.get(d) ?? 0) + r.amount);
  }
  const out: { id: string; frequency: number; recency: number; monetary: number }[] = [];
  for (const [id, days] of byCust) {
    const ds = [...days.entries()].filter(([, v]) => v > 0).sort((a, b) => a[0] - b[0]);
    if (ds.length === 0) continue;
    const rep = ds.slice(1);
    out.push({
      id,
      frequency: rep.length,
      recency: (ds[ds.length - 1][0] - ds[0][0]) / 7,
      monetary: rep.length ? rep.reduce((s, x) => s + x[1], 0) / rep.length : 0,
    });
  }
  return out;
}

interface CaseResult {
  name: string;
  rows: number;
  customers: number;
  ms: number;
  cpuMs: number;
  rssBeforeMB: number;
  peakMB: number;
  peakRaised: boolean;
}

const mb = (b: number) => b / 1048576;
const gc = (globalThis as { gc?: () => void }).gc;

function measure(name: string, rows: number, run: () => number): CaseResult {
  gc?.();
  const rss0 = process.memoryUsage().rss;
  const peak0 = process.resourceUsage().maxRSS * 1024;
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const customers = run();
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const peak1 = process.resourceUsage().maxRSS * 1024;
  return {
    name,
    rows,
    customers,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBeforeMB: mb(rss0),
    peakMB: mb(Math.max(peak1, rss0)),
    peakRaised: peak1 > peak0,
  };
}

function runCase(which: string, quick: boolean): CaseResult {
  const big = quick ? 1_000_000 : 10_000_000;
  const mid = quick ? 200_000 : 1_000_000;
  switch (which) {
    case "columns-sorted": {
      const log = makeLog(big, big / 10, 1);
      return measure(
        `columns, time-sorted, epoch-ms Float64Array, string ids (one object per customer)`,
        big,
        () => summarizeTransactions(log, { timeUnit: "week" }).n,
      );
    }
    case "columns-fresh-ids": {
      const log = makeLog(big, big / 10, 1, true);
      return measure(`columns, time-sorted, string ids built afresh per row (as parsed)`, big, () => summarizeTransactions(log, { timeUnit: "week" }).n);
    }
    case "columns-shuffled": {
      const log = shuffled(makeLog(big, big / 10, 1), 2);
      return measure(`columns, shuffled (fallback sort path)`, big, () => summarizeTransactions(log, { timeUnit: "week" }).n);
    }
    case "columns-numeric-ids": {
      const log = makeLog(big, big / 10, 1);
      const ids = Float64Array.from(log.customerId, (s) => Number(s.slice(5)));
      return measure(
        `columns, time-sorted, numeric ids (Float64Array)`,
        big,
        () => summarizeTransactions({ customerId: ids, timestamp: log.timestamp, amount: log.amount }).n,
      );
    }
    case "rows-ms": {
      const log = makeLog(mid, mid / 10, 1);
      const rows = log.customerId.map((customerId, i) => ({ customerId, timestamp: log.timestamp[i], amount: log.amount[i] }));
      return measure(`rows, epoch-ms timestamps`, mid, () => summarizeTransactions(rows).n);
    }
    case "rows-iso": {
      const log = makeLog(mid, mid / 10, 1);
      const rows = log.customerId.map((customerId, i) => ({
        customerId,
        timestamp: new Date(log.timestamp[i]).toISOString(),
        amount: log.amount[i],
      }));
      return measure(`rows, ISO-8601 string timestamps`, mid, () => summarizeTransactions(rows).n);
    }
    case "naive-rows": {
      const log = makeLog(mid, mid / 10, 1);
      const rows = log.customerId.map((customerId, i) => ({ customerId, timestamp: log.timestamp[i], amount: log.amount[i] }));
      return measure(`baseline: hand-written Map-of-Maps summarizer, rows`, mid, () => naiveSummarize(rows).length);
    }
    case "partials": {
      const log = makeLog(mid, mid / 10, 1);
      const chunks = 8;
      return measure(`summarizePartial x${chunks} chunks + mergePartials + finalizeSummary`, mid, () => {
        let acc: PartialSummary | undefined;
        for (let k = 0; k < chunks; k++) {
          const lo = Math.floor((k * mid) / chunks);
          const hi = Math.floor(((k + 1) * mid) / chunks);
          const p = summarizePartial({
            customerId: log.customerId.slice(lo, hi),
            timestamp: log.timestamp.subarray(lo, hi),
            amount: log.amount.subarray(lo, hi),
          });
          acc = acc ? mergePartials(acc, p) : p;
        }
        return finalizeSummary(acc!).n;
      });
    }
    case "simulate": {
      const n = quick ? 5000 : 100_000;
      let m = 0;
      const r = measure(`simulateCustomers({ n: ${n} })`, 0, () => {
        const sim = simulateCustomers({ n, seed: 1 });
        m = sim.transactions.amount.length;
        return n;
      });
      r.rows = m;
      return r;
    }
    default:
      throw new Error(`unknown case ${which}`);
  }
}

const CASES = ["columns-sorted", "columns-fresh-ids", "columns-numeric-ids", "columns-shuffled", "rows-ms", "rows-iso", "naive-rows", "partials", "simulate"];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const caseArg = args.find((a) => a.startsWith("--case="));
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");
if (caseArg) {
  const res = runCase(caseArg.slice(7), quick);
  process.stdout.write("RESULT " + JSON.stringify(res) + "\n");
} else {
  const self = fileURLToPath(import.meta.url);
  const lines: string[] = [];
  lines.push(`| case | transactions | customers | wall (s) | CPU (s) | M tx per CPU-s | RSS before (MB) | peak RSS (MB) |`);
  lines.push(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
  for (const c of only ?? CASES) {
    const out = execFileSync(
      process.execPath,
      ["--expose-gc", "--max-old-space-size=6144", "--import", "tsx", self, `--case=${c}`, ...(quick ? ["--quick"] : [])],
      { encoding: "utf8", maxBuffer: 1 << 24 },
    );
    const line = out.split("\n").find((l) => l.startsWith("RESULT "));
    if (!line) throw new Error(`case ${c} printed no result:\n${out}`);
    const r = JSON.parse(line.slice(7)) as CaseResult;
    const rate = r.rows / (r.cpuMs / 1000) / 1e6;
    lines.push(
      `| ${r.name} | ${r.rows.toLocaleString("en-US")} | ${r.customers.toLocaleString("en-US")} | ${(r.ms / 1000).toFixed(2)} | ${(r.cpuMs / 1000).toFixed(2)} | ${rate.toFixed(1)} | ${r.rssBeforeMB.toFixed(0)} | ${r.peakRaised ? "" : "<= "}${r.peakMB.toFixed(0)} |`,
    );
    process.stdout.write(lines[lines.length - 1] + "\n");
  }
  process.stdout.write("\n" + lines.join("\n") + "\n");
}
