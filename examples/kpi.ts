// KPIs: simulated transactions -> monthly cohort retention -> a before/after KPI report with
// bootstrap intervals, CLV growth and segment shares. Run: npx tsx examples/kpi.ts
import { cohortRetention, cohortRows, kpiReport, kpiReportRows, simulateCustomers, summarizeTransactions } from "clientele/data";
import { assignSegments, scoreRfm } from "clientele/rfm";

// 1. A seeded log: 3,000 customers acquired over 12 weeks from 1997-01-01, followed 78 weeks.
const sim = simulateCustomers({ n: 3000, seed: 4 });
const transactions = sim.transactions;

// 2. Cohort retention by calendar month of the first purchase: share of each cohort buying again.
const cohorts = cohortRows(cohortRetention(transactions, { period: "month" }));
console.log("cohort  +1 month  +3 months  +6 months (share of the cohort that bought)");
for (const c of new Set(cohorts.map((r) => r.cohort))) {
  const at = (k: number) => cohorts.find((r) => r.cohort === c && r.offset === k)?.customerRate;
  const pct = (v: number | null | undefined) => (v == null ? "   -  " : `${(100 * v).toFixed(1).padStart(5)}%`);
  console.log(`${c}    ${pct(at(1))}     ${pct(at(3))}     ${pct(at(6))}`);
}

// 3. Two windows of the same log (26 weeks each), with a per-customer value and segment at each
//    snapshot: here total spend so far stands in for the CLV a host would compute with clientele/clv.
const snapshot = (end: string) => {
  const upTo = Date.parse(end) + 86_400_000;
  const rows = transactions.customerId.map((_id, i) => i).filter((i) => Number(transactions.timestamp[i]) < upTo);
  const log = {
    customerId: rows.map((i) => transactions.customerId[i]),
    timestamp: rows.map((i) => transactions.timestamp[i]),
    amount: rows.map((i) => transactions.amount[i]),
  };
  const s = summarizeTransactions(log, { observationEnd: end, timeUnit: "week" });
  const segments = assignSegments(scoreRfm(s, { ties: "min", thresholds: { recency: [4, 13, 26, 52] } }));
  return { clv: { id: s.id, clv: s.totalSpend }, segments: { id: segments.id, segment: segments.segment } };
};
const report = kpiReport(
  { transactions, start: "1997-04-02", end: "1997-09-30", ...snapshot("1997-09-30") },
  { transactions, start: "1997-10-01", end: "1998-03-31", ...snapshot("1998-03-31") },
  { seed: 1, resamples: 500 },
);
const fmt = (v: number | null) => (v === null ? "null" : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3));
console.log("\nKPI                         before      after     change   95% interval of the change");
for (const r of kpiReportRows(report)) {
  if (r.kpi.startsWith("segmentShare:") && !["segmentShare:Champions", "segmentShare:At Risk", "segmentShare:Lost"].includes(r.kpi)) continue;
  console.log(
    `${r.kpi.padEnd(26)} ${fmt(r.before).padStart(8)} ${fmt(r.after).padStart(10)} ${fmt(r.change).padStart(10)}   [${fmt(r.lower)}, ${fmt(r.upper)}]${r.reason ? `  (${r.reason})` : ""}`,
  );
}
console.log(`\n${report.customers} customers resampled; transitions between ${report.transitions!.states.length} states`);
