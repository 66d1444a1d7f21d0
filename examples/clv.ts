// Customer lifetime value from a transaction log: simulate purchases, summarize them per
// customer in weeks, fit BG/NBD (how often, and for how long, customers buy) and
// Gamma-Gamma (how much they spend), then print per-customer 12-month CLV, churn risk and
// tiers, a calibration-vs-holdout check, and the churn column RFMTC takes.
//   npx tsx examples/clv.ts
import {
  calibrationHoldout,
  churnRisk,
  clvTiers,
  clvToCac,
  customerLifetimeValue,
  expectedAverageValue,
  fitBgNbd,
  fitGammaGamma,
  probabilityAlive,
  spendFrequencyCorrelation,
} from "clientele/clv";
import { simulateCustomers, summarizeTransactions } from "clientele/data";
import { scoreRfmtc } from "clientele/rfm";

const fmt = (v: number, d = 2) => v.toFixed(d);
const pad = (s: string | number, w: number) => String(s).padStart(w);

// Size: the number of customers, `npx tsx examples/clv.ts [customers]` (default 5,000; the
// example test, test/examples/examples.test.ts, runs a smaller one).
const N = Number(process.argv[2] ?? 5000);
if (!Number.isSafeInteger(N) || N < 500) throw new Error(`clv example: the size must be a whole number >= 500, got ${process.argv[2]}`);

// 1. A seeded transaction log: N (5,000) customers over a year and a half.
const sim = simulateCustomers({ n: N, seed: 7 });
console.log(`transactions: ${sim.transactions.customerId.length.toLocaleString("en-US")} from ${N.toLocaleString("en-US")} customers`);

// 2. Per-customer summary in weeks, holding out the last 26 weeks to check the model.
const calibrationEnd = sim.observationEnd - 26 * 7 * 86_400_000;
const cal = summarizeTransactions(sim.transactions, { calibrationEnd, observationEnd: sim.observationEnd, timeUnit: "week" });
const full = summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" });

// 3. Check the calibration fit against what customers did in the holdout weeks. The model records the
// summary's unit (calModel.timeUnit === "week"); a summary in days given to it would be UNIT_MISMATCH.
const calModel = fitBgNbd(cal);
const ch = calibrationHoldout(calModel, {
  frequency: cal.frequency,
  recency: cal.recency,
  T: cal.T,
  holdoutFrequency: cal.holdoutFrequency!,
  holdoutDuration: cal.holdoutDuration!,
  timeUnit: cal.timeUnit,
});
console.log("\ncalibration vs holdout (mean purchases in the 26 holdout weeks, by calibration frequency)");
console.log(" freq  customers  actual  predicted");
ch.label.forEach((l, k) =>
  console.log(
    `${pad(l, 5)}  ${pad(ch.count[k], 9)}  ${pad(ch.actual[k] === null ? "-" : fmt(ch.actual[k]!), 6)}  ${pad(ch.predicted[k] === null ? "-" : fmt(ch.predicted[k]!), 9)}`,
  ),
);
console.log(`total: actual ${fmt(ch.totalActual, 0)}, predicted ${fmt(ch.totalPredicted, 0)}`);

// 4. Fit on all the data and value every customer over the next 12 months.
const bg = fitBgNbd(full);
const gg = fitGammaGamma(full);
console.log(
  `\nBG/NBD  r=${fmt(bg.params.r, 3)} alpha=${fmt(bg.params.alpha, 3)} a=${fmt(bg.params.a, 3)} b=${fmt(bg.params.b, 3)}  LL=${fmt(bg.logLikelihood, 1)}`,
);
console.log(
  `Gamma-Gamma  p=${fmt(gg.params.p, 3)} q=${fmt(gg.params.q, 3)} gamma=${fmt(gg.params.gamma, 3)}  (${gg.nCustomers} repeat customers, ${gg.nSkipped} one-time buyers skipped)`,
);
const corr = spendFrequencyCorrelation(full);
console.log(
  corr.correlation === null
    ? `spend/frequency correlation undefined (${corr.undefinedReason})`
    : `spend/frequency correlation r=${fmt(corr.correlation, 3)}${corr.warning ? `  WARNING: ${corr.warning}` : " (independence assumption OK)"}`,
);

// 12 monthly steps of the library's month (30.4375 days = 4.348 weeks; the unit comes from the model),
// discounted at 1% a month.
const clv = customerLifetimeValue(bg, gg, full, { horizon: 12, discountRate: 0.01 });
const value = expectedAverageValue(gg, full);
const churn = churnRisk(bg, full); // churn = 1 − P(alive); low < 0.3 ≤ medium < 0.7 ≤ high
const tiers = clvTiers(clv); // top 20% High, next 30% Medium, rest Low; negative CLV = Negative

const order = Array.from(clv.keys()).sort((i, j) => clv[j] - clv[i]);
console.log("\ntop 8 customers by 12-month CLV");
console.log("customer    x   t_x(wk)  T(wk)  avg spend  E[spend]     CLV  churn  risk    tier");
for (const i of order.slice(0, 8)) {
  console.log(
    `${full.id[i].padEnd(9)} ${pad(full.frequency[i], 3)}  ${pad(fmt(full.recency[i], 1), 7)}  ${pad(fmt(full.T[i], 1), 5)}  ${pad(fmt(full.monetary[i]), 9)}  ${pad(fmt(value[i]), 8)}  ${pad(fmt(clv[i]), 6)}  ${pad(fmt(churn.churn[i]), 5)}  ${churn.tier[i].padEnd(6)}  ${tiers.tier[i]}`,
  );
}

console.log("\nCLV tiers (customary budget share in brackets)");
for (const s of tiers.summary) {
  console.log(
    `${s.tier.padEnd(8)} ${pad(s.count, 5)} customers  ${pad(fmt(s.totalClv, 0), 8)} CLV  ${pad(fmt(100 * s.shareOfValue, 1), 5)}% of value  [${s.budgetShare.map((b) => `${b * 100}%`).join("–")}]  ${s.action}`,
  );
}
console.log(`churn risk: ${churn.counts.low} low, ${churn.counts.medium} medium, ${churn.counts.high} high`);

// 5. CLV against what it costs to acquire a customer.
const meanClv = clv.reduce((a, b) => a + b, 0) / clv.length;
const cac = clvToCac([meanClv], 15);
console.log(`\nmean CLV ${fmt(meanClv)} vs CAC 15.00: ratio ${fmt(cac.overall.ratio)} -> ${cac.overall.guidance}: ${cac.overall.message}`);

// 6. RFMTC with the churn column from the BG/NBD model (1 − P(alive)).
const alive = probabilityAlive(bg, full);
const rfmtc = scoreRfmtc(full, { churn: alive.map((p) => 1 - p) });
console.log("\nRFMTC (churn from BG/NBD) for the top 3 customers");
for (const i of order.slice(0, 3)) {
  console.log(`${full.id[i].padEnd(9)} R${rfmtc.r[i]} F${rfmtc.f[i]} M${rfmtc.m[i]} T${rfmtc.t[i]}  churn ${fmt(rfmtc.churn[i], 3)}`);
}
