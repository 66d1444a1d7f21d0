// Benchmarks of the spend / value half of clientele/clv: Gamma-Gamma and BG/BB fits on the
// reference data, and CLV, churn risk and CLV tiers for 1,000,000 simulated customers. CLV
// is compared with the same discounted sum evaluated per customer at every step (the way
// lifetimes' customer_lifetime_value works), in the same process.
//   npx tsx benchmarks/clv-value.bench.ts            (1,000,000 customers)
//   npx tsx benchmarks/clv-value.bench.ts --quick    (100,000 customers)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { churnRisk, clvTiers, customerLifetimeValue, fitBgBb, fitBgNbd, fitGammaGamma, type TransactionModel } from "../src/clv/index.js";
import { discountedPurchases } from "../src/clv/value.js";
import { simulateCustomers, summarizeTransactions } from "../src/data/index.js";

const quick = process.argv.includes("--quick");
const N = quick ? 100_000 : 1_000_000;
const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../shared/data/cdnow");

/** Median wall time and median process CPU time (user + system, less sensitive to other load). */
function time<T>(fn: () => T, reps: number): { ms: number; cpu: number; out: T } {
  let out = fn(); // warm-up
  const ts: number[] = [];
  const cs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    out = fn();
    ts.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cs.push((c.user + c.system) / 1000);
  }
  ts.sort((a, b) => a - b);
  cs.sort((a, b) => a - b);
  return { ms: ts[Math.floor(ts.length / 2)], cpu: cs[Math.floor(cs.length / 2)], out };
}
const fmtT = (r: { ms: number; cpu: number }) => `${r.ms.toFixed(r.ms < 100 ? 1 : 0)} ms (cpu ${r.cpu.toFixed(r.cpu < 100 ? 1 : 0)})`;

const rows: string[][] = [];
const row = (...c: string[]) => rows.push(c);

if (existsSync(DATA)) {
  const lines = readFileSync(path.join(DATA, "cdnow_customers_summary_with_transactions.csv"), "utf8").trim().split(/\r?\n/).slice(1);
  const cd = { frequency: lines.map((l) => +l.split(",")[1]), monetary: lines.map((l) => +l.split(",")[4]) };
  const gg = time(() => fitGammaGamma(cd), 20);
  row(
    "fitGammaGamma, CDNOW (946 repeat of 2,357)",
    fmtT(gg),
    `p ${gg.out.params.p.toFixed(3)}, q ${gg.out.params.q.toFixed(3)}, γ ${gg.out.params.gamma.toFixed(3)} (published 6.25, 3.74, 15.44)`,
  );
  const dl = readFileSync(path.join(DATA, "donations.csv"), "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(",").map(Number));
  const dd = { frequency: dl.map((r) => r[0]), recency: dl.map((r) => r[1]), periods: dl.map((r) => r[2]), weights: dl.map((r) => r[3]) };
  const bb = time(() => fitBgBb(dd), 20);
  row(
    "fitBgBb, donations (11,104 donors, 22 patterns)",
    fmtT(bb),
    `α ${bb.out.params.alpha.toFixed(3)}, β ${bb.out.params.beta.toFixed(3)}, γ ${bb.out.params.gamma.toFixed(3)}, δ ${bb.out.params.delta.toFixed(3)}, LL ${bb.out.logLikelihood.toFixed(1)} (published 1.204, 0.750, 0.657, 2.783, −33225.6)`,
  );
} else {
  console.warn(`!!! ${DATA} not found: skipping the reference-data fits`);
}

let t0 = performance.now();
const sim = simulateCustomers({ n: N, seed: 1 });
const s = summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" });
const prepMs = performance.now() - t0;
t0 = performance.now();
const bg = fitBgNbd(s) as TransactionModel;
const bgMs = performance.now() - t0;
const gg = fitGammaGamma(s);
const cust = { frequency: s.frequency, recency: s.recency, T: s.T, monetary: s.monetary };

const reps = quick ? 5 : 3;
const clv = time(() => customerLifetimeValue(bg, gg, cust, { horizon: 12, discountRate: 0.01 }), reps);
const churn = time(() => churnRisk(bg, cust), reps);
const tiers = time(() => clvTiers(clv.out), reps);
// Same sum, every customer evaluated at every step (no factoring): the per-customer baseline.
const direct = time(() => discountedPurchases(bg, { n: s.n, frequency: s.frequency, recency: s.recency, T: s.T }, 12, 0.01, 4.345), 1);
let patterns = 0;
let pairs = 0;
{
  const seen = new Set<string>();
  const seenPairs = new Set<string>();
  for (let i = 0; i < s.n; i++) {
    seen.add(`${s.frequency[i]},${s.recency[i]},${s.T[i]}`);
    seenPairs.add(`${s.frequency[i]},${s.T[i]}`);
  }
  patterns = seen.size;
  pairs = seenPairs.size;
}
const nStr = N.toLocaleString("en-US");
row(
  `customerLifetimeValue, ${nStr} customers, 12 monthly steps (BG/NBD + Gamma-Gamma)`,
  fmtT(clv),
  `${pairs.toLocaleString("en-US")} distinct (x, T) pairs, ${patterns.toLocaleString("en-US")} distinct (x, t_x, T); target < 1 s`,
);
row(`  same discounted sum, every customer at every step (baseline)`, fmtT(direct), `purchases part only, without spend`);
row(`churnRisk (1 − P(alive) + tiers), ${nStr} customers`, fmtT(churn), "");
row(`clvTiers (quantiles), ${nStr} customers`, fmtT(tiers), "");
row(
  `(setup) simulateCustomers + summarizeTransactions, ${nStr}`,
  `${(prepMs / 1000).toFixed(1)} s`,
  `not part of the timings above; BG/NBD fit ${bgMs.toFixed(0)} ms`,
);

console.log(`\n| task | median wall time (process CPU ms) | notes |\n| --- | --- | --- |`);
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
console.log(`\nNode ${process.version}, ${quick ? "--quick" : "full"} run`);
