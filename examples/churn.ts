// Churn: a transaction log -> leakage-free features -> logistic regression -> churn probability per
// customer with its top reasons, a decile/lift report, the baselines and a cost-based contact list.
// Run: npx tsx examples/churn.ts
import { simulateCustomers } from "clientele/data";
import { churnPropensity, permutationImportance, buildFeatures, buildLabels } from "clientele/predict";
import { scoreRfmtc } from "clientele/rfm";

// Size: the number of customers, `npx tsx examples/churn.ts [customers]` (default 3,000; the
// example test, test/examples/examples.test.ts, runs a smaller one).
const N = Number(process.argv[2] ?? 3000);
if (!Number.isSafeInteger(N) || N < 500) throw new Error(`churn example: the size must be a whole number >= 500, got ${process.argv[2]}`);

// 1. A seeded log: N (3,000) customers from 1997-01-01, followed 78 weeks (to 1998-06-30). It is simulated
//    from a BG/NBD process, so the BG/NBD baseline is the true model here and hard to beat; on real
//    logs (CDNOW, docs/predict.md) the features add to it.
const { transactions } = simulateCustomers({ n: N, seed: 4 });

// 2. The guided path: churned = no purchase in the 90 days after a snapshot. The model is validated
//    out of time (fitted as of asOf - 180 days, checked on asOf - 90), then refitted and scores today.
const t0 = performance.now();
const churn = churnPropensity(transactions, { horizon: 90, windows: [30, 90, 180], costs: { contactCost: 3, savedValue: 40, saveRate: 0.3 } });
const v = churn.validation;
console.log(`churnPropensity: ${churn.customers.length} customers scored as of ${churn.asOf} in ${(performance.now() - t0).toFixed(0)} ms`);
console.log(`out-of-time validation (trained ${v.trainAsOf}, scored ${v.asOf}, churn rate ${(100 * v.churnRate).toFixed(1)}%):`);
console.log("model / baseline          ROC AUC  PR AUC  top-decile lift");
for (const r of v.comparison?.rows ?? [])
  console.log(`${r.name.padEnd(24)}  ${r.rocAuc.toFixed(3)}   ${r.averagePrecision.toFixed(3)}   ${r.topLift.toFixed(2)}`);

// 3. Decile report: the top tenth of scores holds this share of the churners.
console.log("\ndecile  customers  churn rate  lift  cumulative gain");
for (const d of v.lift)
  console.log(
    `${String(d.group).padStart(6)}  ${String(d.n).padStart(9)}  ${(100 * d.rate).toFixed(1).padStart(9)}%  ${d.lift.toFixed(2)}  ${(100 * d.cumulativeGain).toFixed(1).padStart(6)}%`,
  );

// 4. Whom to contact: contact cost 3, a saved customer is worth 40, the offer saves 30 % of churners.
const th = v.threshold!;
console.log(
  `\ncontact when P(churn) >= ${th.best.threshold?.toFixed(3)}: ${th.best.contacted} customers (${(100 * th.best.share).toFixed(0)}%), profit ${th.best.profit.toFixed(0)} on the validation snapshot (everyone: ${th.contactAll.profit.toFixed(0)}; break-even rule p >= ${th.breakEven?.threshold?.toFixed(3)})`,
);

// 5. The churn table with reasons (highest risk first).
console.log("\ncustomer  P(churn)  decile  top reasons (feature = value, +log-odds)");
const top = churn.customers.slice().sort((a, b) => b.churnProbability - a.churnProbability);
for (const c of [...top.slice(0, 5), ...top.slice(-2)]) {
  const why = c.reasons.map((r) => `${r.feature} = ${r.value === null ? "missing" : +r.value.toFixed(2)} (+${r.contribution.toFixed(2)})`).join("; ");
  console.log(`${c.id.padEnd(8)}  ${c.churnProbability.toFixed(3)}     ${String(c.decile).padStart(2)}    ${why || "(nothing pushes churn up)"}`);
}

// 6. Join to RFMTC's churn column by id (here: five customers).
const p = new Map(churn.ids.map((id, i) => [id, churn.churnProbability[i]!]));
const five = churn.ids.slice(0, 5);
const rfmtc = scoreRfmtc(
  {
    id: five,
    recency: [3, 40, 12, 70, 8],
    frequency: [5, 1, 2, 0, 3],
    totalSpend: [300, 20, 80, 10, 140],
    purchaseDays: [6, 2, 3, 1, 4],
    monetary: [50, 10, 27, 0, 35],
    T: [70, 75, 60, 78, 72],
  },
  { churn: five.map((id) => p.get(id)!) },
);
console.log(`\nRFMTC with the model's churn column: ${JSON.stringify(rfmtc).slice(0, 160)}...`);

// 7. Which features matter, model-agnostic: permutation importance on the validation snapshot.
const f = buildFeatures(transactions, { asOf: v.asOf, windows: [30, 90, 180] });
const y = buildLabels(transactions, { asOf: v.asOf, horizon: 90, target: "churn", ids: f.ids }).label;
const names = churn.model.featureNames;
const cols = names.map((nm) => {
  const base = nm.replace(/_missing$/, "");
  const c = f.columns[f.names.indexOf(base)]!;
  const mean = churn.model.featureMean[names.indexOf(base)]!;
  return Array.from(c, (x) => (nm.endsWith("_missing") ? (x === null ? 1 : 0) : x === null ? mean : x));
});
const imp = permutationImportance(churn.model, { names, columns: cols }, y, { repeats: 3, seed: 1 });
console.log(
  `\npermutation importance (ROC AUC drop; in-sample for the final model): ${imp.features
    .slice(0, 5)
    .map((r) => `${r.name} ${r.importance.toFixed(3)}`)
    .join(", ")}`,
);
