// Quickstart: simulated transactions -> per-customer summary -> RFM scores -> segments
// -> a segment report a marketer can read. Run: npm run demo (npx tsx examples/quickstart.ts)
import { simulateCustomers, summarizeTransactions } from "clientele/data";
import { assignSegments, scoreRfm, segmentReport } from "clientele/rfm";

// 1. Transactions: 5,000 simulated customers over 78 weeks (seeded, so the output is reproducible).
const sim = simulateCustomers({ n: 5000, seed: 1 });

// 2. One row per customer: frequency, recency (first to last purchase), T, spend, in weeks.
const summary = summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" });

// 3. R, F, M scores 1-5. F and M by quantile; ties: "min" puts all one-time buyers
//    (frequency 0) on F = 1. M scores total spend, the first purchase included (the
//    default, monetary: "total"; "average" would score the average order value). R uses
//    fixed cut points on the weeks since the last purchase (T - recency): R = 5 within 4
//    weeks, 4 within 13, 3 within 26, 2 within 52, else 1. Plain quantiles would call a
//    60-week-old purchase "recent" on this single-cohort log, and scoreRfm says so in
//    scores.warnings when they are used.
const scores = scoreRfm(summary, { ties: "min", thresholds: { recency: [4, 13, 26, 52] } });
for (const w of scores.warnings) console.warn(`warning: ${w}`);

// 4. The 11 named segments, each with a recommended action, and the report.
const segments = assignSegments(scores);
const report = segmentReport(segments, { includeEmpty: false });

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const table = [
  ["Segment", "Customers", "Share", "Revenue share", "R", "F", "M", "Weeks since last", "Avg spend"],
  ...report.map((row) => [
    row.segment,
    row.customers.toLocaleString("en-US"),
    pct(row.shareOfCustomers),
    pct(row.shareOfRevenue),
    (row.meanR ?? 0).toFixed(1),
    (row.meanF ?? 0).toFixed(1),
    (row.meanM ?? 0).toFixed(1),
    (row.meanRecency ?? 0).toFixed(1),
    `$${(row.meanSpend ?? 0).toFixed(0)}`,
  ]),
];
const widths = table[0].map((_, j) => Math.max(...table.map((r) => r[j].length)));
const numeric = new Set([1, 2, 3, 4, 5, 6, 7, 8]);
const line = (r: string[]) => r.map((c, j) => (numeric.has(j) ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join("  ");

console.log(
  `RFM segment report: ${summary.n.toLocaleString("en-US")} customers, ${sim.transactions.amount.length.toLocaleString("en-US")} transactions over 78 weeks`,
);
console.log(`(R, F, M: mean scores 1-5, higher is better; R = 5 means a purchase within 4 weeks; revenue = total spend per customer)\n`);
console.log(line(table[0]));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const r of table.slice(1)) console.log(line(r));
console.log("\nRecommended actions:");
for (const row of report) console.log(`  ${row.segment.padEnd(widths[0])}  ${row.action}`);
const top = report.filter((r) => r.segment === "Champions" || r.segment === "Loyal Customers");
const share = top.reduce((a, r) => a + r.shareOfCustomers, 0);
const rev = top.reduce((a, r) => a + r.shareOfRevenue, 0);
console.log(`\nChampions and Loyal Customers are ${pct(share)} of customers and bring ${pct(rev)} of revenue.`);
