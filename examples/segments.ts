// Behavioral segmentation end to end: simulate a transaction log, summarize it per
// customer, build log-scaled RFM-style features, standardize them, choose k, fit K-Means
// and print a profile of each segment (size, typical customer, what sets it apart).
//   npx tsx examples/segments.ts
import {
  encodeAutoencoder,
  fitAutoencoder,
  fitHdbscan,
  fitKMeans,
  fitPca,
  fitScaler,
  profileClusters,
  selectK,
  transformPoints,
  createRng,
} from "clientele/cluster";
import { simulateCustomers, summarizeTransactions } from "clientele/data";

const pad = (s: string | number, w: number) => String(s).padStart(w);

// Size: the number of customers, `npx tsx examples/segments.ts [customers]` (default 5,000; the
// example test, test/examples/examples.test.ts, runs a smaller one).
const N = Number(process.argv[2] ?? 5000);
if (!Number.isSafeInteger(N) || N < 500) throw new Error(`segments example: the size must be a whole number >= 500, got ${process.argv[2]}`);

// 1. A seeded transaction log and its per-customer summary in weeks.
const sim = simulateCustomers({ n: N, seed: 11 });
const s = summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" });
console.log(`${s.n.toLocaleString("en-US")} customers, ${sim.transactions.customerId.length.toLocaleString("en-US")} transactions\n`);

// 2. Features: weeks since last purchase (RFM recency = T - BTYD recency), repeat purchase
//    days, average order value, total spend, tenure. Counts and money are skewed: log1p them.
const featureNames = ["weeksSinceLast", "repeatDays", "avgOrderValue", "totalSpend", "tenureWeeks"];
const points: number[][] = [];
for (let i = 0; i < s.n; i++) {
  points.push([s.T[i] - s.recency[i], s.frequency[i], s.totalSpend[i] / s.transactionCount[i], s.totalSpend[i], s.T[i]]);
}
const scaler = fitScaler(points, { method: "zscore", log1p: [0, 1, 2, 3] });
const X = transformPoints(scaler, points);

// 3. Choose k: every criterion's score per k and the recommendation with its reason.
const sel = selectK(X, { kRange: [2, 8], nInit: 3, rng: createRng(1) });
console.log("  k   inertia   silhouette   Calinski-Harabasz   Davies-Bouldin");
for (const r of sel.scores) {
  console.log(
    `${pad(r.k, 3)} ${pad(r.inertia.toFixed(0), 9)} ${pad((r.silhouette ?? NaN).toFixed(3), 12)} ${pad((r.calinskiHarabasz ?? NaN).toFixed(0), 19)} ${pad((r.daviesBouldin ?? NaN).toFixed(3), 16)}`,
  );
}
console.log(`\n${sel.reason}\n`);

// 4. Fit the chosen k (five k-means++ restarts) and profile the segments in original units.
const model = fitKMeans(X, { k: sel.recommendedK, nInit: 5, rng: createRng(2) });
const prof = profileClusters(X, model.labels, { featureNames, scaler, top: 2 });
console.log(`segment  customers  share | ${featureNames.map((f) => pad(f, 14)).join(" ")} | stands out by`);
for (const c of prof.clusters) {
  const typical = c.centroid.map((v) => pad(v.toFixed(1), 14)).join(" ");
  const why = c.distinguishing.map((f) => `${f.feature} ${f.direction} (z ${f.z.toFixed(1)})`).join(", ");
  console.log(`${pad(c.label, 7)} ${pad(c.size, 10)} ${pad((100 * c.share).toFixed(0) + "%", 6)} | ${typical} | ${why}`);
}
console.log(`${pad("all", 7)} ${pad(s.n, 10)} ${pad("100%", 6)} | ${prof.overallMean.map((v) => pad(v.toFixed(1), 14)).join(" ")} |`);
console.log("(typical = back-transformed centroid: a geometric-type mean for the log1p columns)\n");

// 5. How the segments line up with the simulator's true behavioral groups.
const truth = Array.from(new Set(sim.customers.segment)).sort();
const segOf = new Map(sim.customers.id.map((id, i) => [id, sim.customers.segment[i]]));
console.log(`segment | ${truth.map((t) => pad(t, 11)).join(" ")}`);
for (const c of prof.clusters) {
  const counts = truth.map((t) => model.labels.filter((l, i) => l === c.label && segOf.get(s.id[i]) === t).length);
  console.log(`${pad(c.label, 7)} | ${counts.map((v) => pad(v, 11)).join(" ")}`);
}

// 6. HDBSCAN on the same standardized features: no k to choose; segments of any shape and
//    density, and customers that fit no segment are labelled -1 (noise) instead of being forced in.
const hdb = fitHdbscan(X, { minClusterSize: 100, minSamples: 10 });
const sizes = new Map<number, number>();
for (const l of hdb.labels) sizes.set(l, (sizes.get(l) ?? 0) + 1);
console.log(`\nHDBSCAN: ${hdb.nClusters} segments (${hdb.algorithm} spanning tree), ${sizes.get(-1) ?? 0} customers fit none`);
for (const [label, size] of [...sizes].sort((a, b) => a[0] - b[0])) {
  console.log(`${pad(label, 7)} ${pad(size, 10)}  persistence ${label < 0 ? "" : hdb.clusterPersistence[label].toFixed(2)}`);
}

// 7. Learned features: PCA (how much of the variance 2 components keep) and an autoencoder
//    with a 2-wide code; K-Means on the codes, profiles in original units through the scaler.
const pca = fitPca(X, { nComponents: 2 });
console.log(`\nPCA: 2 components keep ${(100 * (pca.explainedVarianceRatio[0] + pca.explainedVarianceRatio[1])).toFixed(1)}% of the variance`);
const ae = fitAutoencoder(X, { encoderWidths: [8, 2], activation: "tanh", epochs: 60, rng: createRng(3) });
console.log(
  `autoencoder ${featureNames.length}-8-2-8-${featureNames.length}: ${ae.epochs} epochs (best ${ae.bestEpoch}), reconstruction MSE ${ae.trainLoss.toFixed(3)} (PCA at width 2: ${((pca.noiseVariance * (featureNames.length - 2) * (s.n - 1)) / s.n / featureNames.length).toFixed(3)})`,
);
const codes = encodeAutoencoder(ae, X);
const aeKm = fitKMeans(codes, { k: sel.recommendedK, nInit: 5, rng: createRng(2) });
const aeProf = profileClusters(X, aeKm.labels, { featureNames, scaler, top: 2 });
console.log(`autoencoder + K-Means (k = ${sel.recommendedK}):`);
for (const c of aeProf.clusters) {
  const typical = c.centroid.map((v) => pad(v.toFixed(1), 14)).join(" ");
  console.log(`${pad(c.label, 7)} ${pad(c.size, 10)} ${pad((100 * c.share).toFixed(0) + "%", 6)} | ${typical}`);
}
