// Builds every clientele/plot chart from example data (CDNOW from test/fixtures/cdnow, else ../shared/data/cdnow, when
// present, simulated customers otherwise) and writes docs/gallery.html, which renders them with
// the vega and vega-lite copies in node_modules (no CDN). Run: npx tsx scripts/gallery.ts
// test/plot/gallery.test.ts opens the page in headless Chromium and screenshots each chart.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import * as data from "../src/data/index.js";
import * as rfm from "../src/rfm/index.js";
import * as cluster from "../src/cluster/index.js";
import * as clv from "../src/clv/index.js";
import * as recommend from "../src/recommend/index.js";
import * as bandit from "../src/bandit/index.js";
import * as experiment from "../src/experiment/index.js";
import * as plot from "../src/plot/index.js";
import * as predict from "../src/predict/index.js";

export interface GalleryChart {
  name: string;
  description: string;
  spec: plot.VegaLiteSpec;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// The copy in test/fixtures/cdnow (MIT, from lifetimes; see its README) first, then ../shared/data.
const CDNOW =
  [join(root, "test", "fixtures", "cdnow", "CDNOW_sample.txt"), join(root, "..", "shared", "data", "cdnow", "CDNOW_sample.txt")].find((p) => existsSync(p)) ??
  "";

function transactions(): { tx: { customerId: string; timestamp: string; amount: number }[]; source: string } {
  if (CDNOW !== "") {
    const tx = [];
    for (const line of readFileSync(CDNOW, "utf8").split(/\r?\n/)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 5) continue;
      tx.push({ customerId: f[1], timestamp: `${f[2].slice(0, 4)}-${f[2].slice(4, 6)}-${f[2].slice(6, 8)}`, amount: Number(f[4]) });
    }
    return { tx, source: "CDNOW sample (2,357 customers, 1997-01 to 1998-06)" };
  }
  const sim = data.simulateCustomers({ n: 2000, seed: 7 });
  return {
    tx: Array.from(sim.transactions.customerId, (id, i) => ({
      customerId: String(id),
      timestamp: new Date(sim.transactions.timestamp[i]).toISOString().slice(0, 10),
      amount: sim.transactions.amount[i],
    })),
    source: "simulated customers (CDNOW not found in test/fixtures/cdnow or ../shared/data)",
  };
}

/** Every chart of clientele/plot, built from the example data. */
export function buildGallery(): { source: string; charts: GalleryChart[] } {
  const { tx, source } = transactions();
  const last = tx.reduce((m, t) => (t.timestamp > m ? t.timestamp : m), "");
  const first = tx.reduce((m, t) => (t.timestamp < m ? t.timestamp : m), "9999");
  const mid = new Date((Date.parse(first) + Date.parse(last)) / 2).toISOString().slice(0, 10);
  const s = data.summarizeTransactions(tx, { observationEnd: last, calibrationEnd: mid, timeUnit: "week" });
  const full = data.summarizeTransactions(tx, { observationEnd: last, timeUnit: "week" });
  const charts: GalleryChart[] = [];
  const add = (name: string, description: string, spec: plot.VegaLiteSpec): void => void charts.push({ name, description, spec });

  // RFM
  const scores = rfm.scoreRfm(full);
  const segs = rfm.assignSegments(scores);
  add("segment-shares", "RFM segments: share of customers beside share of revenue", plot.plotSegmentShares(rfm.segmentReport(segs)));
  add("rf-heatmap", "Customers by recency and frequency score", plot.plotRfHeatmap(scores));
  const earlier = rfm.assignSegments(
    rfm.scoreRfm(
      data.summarizeTransactions(
        tx.filter((t) => t.timestamp <= mid),
        { observationEnd: mid, timeUnit: "week" },
      ),
    ),
  );
  const tm = rfm.transitionMatrix({ id: earlier.id, segment: earlier.segment }, { id: segs.id, segment: segs.segment });
  add("transition-heatmap", "Segment transitions between two snapshots (row shares)", plot.plotTransitionHeatmap(tm));
  add("transition-flow", "Sankey-style flow of customers between segments", plot.plotTransitionFlow(tm));

  // cluster: log-scaled RFM features
  const pts = Array.from({ length: full.n }, (_, i) => [Math.log1p(full.recency[i]), Math.log1p(full.frequency[i]), Math.log1p(full.totalSpend[i])]);
  const scaler = cluster.fitScaler(pts);
  const z = cluster.transformPoints(scaler, pts) as number[][];
  const km = cluster.fitKMeans(z, { k: 4, rng: plot.createRng(1) });
  add("elbow", "Elbow: inertia by k with the knee marked", plot.plotElbow(cluster.elbow(z, { kRange: [1, 8], rng: plot.createRng(1) })));
  add(
    "silhouette",
    "Silhouette of each point by cluster",
    plot.plotSilhouette(cluster.silhouetteSamples(z.slice(0, 1500), km.labels.slice(0, 1500)), km.labels.slice(0, 1500)),
  );
  add(
    "cluster-profiles",
    "Cluster profiles in original units (log scale features)",
    plot.plotClusterProfiles(
      cluster.profileClusters(pts, km.labels, { featureNames: ["log(1+recency weeks)", "log(1+repeat purchases)", "log(1+spend USD)"] }),
    ),
  );
  add("dendrogram", "Dendrogram with the cut for 4 clusters", plot.plotDendrogram(cluster.fitHierarchical(z.slice(0, 300), { linkage: "ward" }), { k: 4 }));
  add(
    "cluster-scatter",
    "K-Means clusters (recency vs spend, scaled)",
    plot.plotClusterScatter(z, km.labels, { x: 0, y: 2, featureNames: ["recency (z)", "frequency (z)", "spend (z)"] }),
  );
  const jitter = plot.createRng(3);
  const zj = z.map((p) => [p[0] + 0.05 * (jitter.uniform() - 0.5), p[2] + 0.05 * (jitter.uniform() - 0.5)]);
  const db = cluster.dbscan(zj, { eps: 0.12, minPts: 8 });
  add("dbscan-scatter", "DBSCAN clusters with noise points in grey", plot.plotClusterScatter(zj, db.labels, { featureNames: ["recency (z)", "spend (z)"] }));

  // CLV
  const model = clv.fitBgNbd(s);
  add("period-transactions", "Repeat purchases per customer: actual vs model", plot.plotPeriodTransactions(model, s));
  add("calibration-holdout", "Calibration vs holdout purchases", plot.plotCalibrationHoldout(clv.calibrationHoldout(model, s as any), { timeUnit: "week" }));
  const Tmax = Math.max(...Array.from(s.T));
  add(
    "frequency-recency-matrix",
    "Expected purchases next 4 weeks by frequency and recency",
    plot.plotExpectedPurchasesMatrix(clv.expectedPurchasesMatrix(model, { maxFrequency: 20, T: Tmax, t: 4 }), { horizon: 4, timeUnit: "week" }),
  );
  add(
    "alive-matrix",
    "P(alive) by frequency and recency",
    plot.plotProbabilityAliveMatrix(clv.probabilityAliveMatrix(model, { maxFrequency: 20, T: Tmax }), { timeUnit: "week" }),
  );
  add("alive-history", "P(alive) over time for one customer", plot.plotAliveHistory(model, { times: [0, 3, 5, 12, 14], T: 36 }, { customer: "example" }));
  const firstW = Array.from(full.firstPurchase as ArrayLike<number>, (d) => d);
  const t0 = Math.min(...firstW);
  const repeatTimes: number[] = [];
  const byCustomer = new Map<string, string[]>();
  for (const t of tx) (byCustomer.get(t.customerId) ?? byCustomer.set(t.customerId, []).get(t.customerId)!).push(t.timestamp);
  const origin = Date.parse(first);
  for (const days of byCustomer.values()) {
    const u = [...new Set(days)].sort();
    for (const d of u.slice(1)) repeatTimes.push((Date.parse(d) - origin) / (7 * 86_400_000));
  }
  const firstPurchase = [...byCustomer.values()].map((d) => (Date.parse([...d].sort()[0]) - origin) / (7 * 86_400_000));
  void t0;
  const periods = Math.ceil((Date.parse(last) - origin) / (7 * 86_400_000));
  const track = clv.cumulativeTracking(model, { firstPurchase, repeatTimes, timeUnit: "week" }, { periods });
  const calW = (Date.parse(mid) - origin) / (7 * 86_400_000);
  add(
    "cumulative-transactions",
    "Cumulative repeat transactions: actual vs model",
    plot.plotCumulativeTransactions(track, { timeUnit: "week", calibrationEnd: calW }),
  );
  add(
    "incremental-transactions",
    "Weekly repeat transactions: actual vs model",
    plot.plotIncrementalTransactions(track, { timeUnit: "week", calibrationEnd: calW }),
  );
  add("heterogeneity", "Purchase-rate and dropout heterogeneity of the BG/NBD fit", plot.plotHeterogeneity(model));
  add("customer-exposure", "Customer exposure (sample of 100)", plot.plotCustomerExposure(s, { timeUnit: "week" }));
  const fullModel = clv.fitBgNbd(full);
  const rep = { frequency: [] as number[], monetary: [] as number[] };
  full.frequency.forEach((f, i) => {
    if (f > 0 && full.monetary[i] > 0) {
      rep.frequency.push(f);
      rep.monetary.push(full.monetary[i]);
    }
  });
  const gg = clv.fitGammaGamma({ ...rep, timeUnit: "week" } as any);
  const value = clv.customerLifetimeValue(fullModel, gg, full as any, { horizon: 12 } as any) as unknown as ArrayLike<number>;
  const values = Array.from(value as ArrayLike<number>);
  add("clv-distribution", "CLV distribution with tiers and budget shares", plot.plotClvDistribution(values, clv.clvTiers(values), { currency: "USD" }));

  // recommend
  const simI = recommend.simulateInteractions({ nUsers: 300, nItems: 80, nInteractions: 6000, seed: 2 } as any);
  const split = recommend.splitInteractions(simI.interactions, { rng: plot.createRng(2) });
  const rows = recommend.compareToPopularity(
    split,
    { als: recommend.fitAls(split.train, { factors: 8, rng: plot.createRng(2) } as any), itemKnn: recommend.fitItemKnn(split.train) },
    { k: 10 } as any,
  );
  add("recommender-evaluation", "Recommenders against popularity at k = 10", plot.plotRecommenderEvaluation(rows));

  // predict: a churn-like label scored by P(alive)
  const alive = clv.probabilityAlive(model, s);
  const churned = Array.from(s.holdoutFrequency as ArrayLike<number>, (h) => (h === 0 ? 1 : 0));
  const score = Array.from(alive, (p) => 1 - p);
  add("roc", "ROC: P(no holdout purchase) from 1 − P(alive)", plot.plotRoc(churned, score));
  add("precision-recall", "Precision–recall of the same score", plot.plotPrecisionRecall(churned, score));
  add("calibration", "Calibration of 1 − P(alive) against no holdout purchase", plot.plotCalibration(predict.calibrationTable(churned, score, { bins: 10 })));
  add("lift-gains", "Cumulative gains and lift by decile", plot.plotLiftGains(predict.liftTable(churned, score, { groups: 10 })));

  // bandit
  const sims = (["thompson", "ucb1", "epsilon-greedy"] as const).map((p) =>
    bandit.simulateBandit(p as any, { armMeans: [0.04, 0.05, 0.07], horizon: 3000, repetitions: 30, seed: 5 }),
  );
  add("regret", "Cumulative regret of three policies", plot.plotRegret(sims));
  let st = bandit.createBandit({ arms: ["A", "B", "C"], policy: "thompson", seed: 9 });
  const rng = plot.createRng(9);
  const history: ReturnType<typeof bandit.summarizeBandit>[] = [];
  const at: number[] = [];
  const means = [0.04, 0.05, 0.07];
  for (let round = 1; round <= 30; round++) {
    for (let j = 0; j < 50; j++) {
      const arm = bandit.chooseArm(st);
      st = bandit.updateBandit(st, arm, rng.uniform() < means[st.arms.indexOf(arm)] ? 1 : 0);
    }
    history.push(bandit.summarizeBandit(st, { rng: plot.createRng(round), draws: 2000 }));
    at.push(round * 50);
  }
  add("posteriors", "Posterior of each arm's conversion rate after 1,500 visitors", plot.plotPosteriors(st));
  add("probability-best", "Probability each arm is best over time", plot.plotProbabilityBest(history, { at }));

  // experiment
  const seg = (segment: string, c: number, t: number, n: number) => ({
    segment,
    control: { conversions: c, visitors: n },
    treatment: { conversions: t, visitors: n },
  });
  const effects = experiment.segmentEffects([
    seg("Champions", 320, 365, 4000),
    seg("Loyal", 210, 260, 4000),
    seg("At risk", 150, 152, 4000),
    seg("Hibernating", 60, 58, 4000),
    seg("New", 120, 150, 3000),
  ]);
  add("segment-forest", "A/B effect per segment (forest plot)", plot.plotSegmentForest(effects));
  const looks = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => ({
    control: { conversions: Math.round(k * 1000 * 0.05), visitors: k * 1000 },
    treatment: { conversions: Math.round(k * 1000 * 0.062), visitors: k * 1000 },
  }));
  add("sequential-test", "Sequential test: estimate and evidence against the boundary", plot.plotSequentialTest(experiment.sequentialTest(looks)));
  return { source, charts };
}

/** The gallery page: one card per chart, rendered as SVG by vega from node_modules. */
export function galleryHtml(source: string, charts: GalleryChart[]): string {
  const esc = (t: string): string => t.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const cards = charts
    .map(
      (c) =>
        `<section class="card" id="card-${c.name}"><h2>${esc(c.name)}</h2><p>${esc(c.description)}</p><div class="chart" id="chart-${c.name}"></div></section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>clientele/plot gallery</title>
<style>body{font-family:Helvetica,Arial,sans-serif;margin:24px;background:#f6f6f6;color:#222}.card{background:#fff;display:inline-block;vertical-align:top;margin:8px;padding:12px;border-radius:6px;box-shadow:0 1px 3px #0002}h2{font-size:14px;margin:0 0 4px}p{font-size:12px;margin:0 0 8px;color:#555}</style>
<script src="../node_modules/vega/build/vega.min.js"></script>
<script src="../node_modules/vega-lite/build/vega-lite.min.js"></script>
</head><body>
<h1>clientele/plot gallery</h1>
<p>Every chart of <code>clientele/plot</code>, built by <code>npx tsx scripts/gallery.ts</code> from ${esc(source)}. Screenshots: <a href="gallery/">docs/gallery/</a>.</p>
${cards}
<script id="specs" type="application/json">${JSON.stringify(Object.fromEntries(charts.map((c) => [c.name, c.spec]))).replace(/</g, "\\u003c")}</script>
<script>
window.galleryErrors = [];
window.galleryViews = {};
const specs = JSON.parse(document.getElementById("specs").textContent);
window.galleryDone = Promise.all(Object.entries(specs).map(async ([name, spec]) => {
  try {
    const compiled = vegaLite.compile(spec).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "svg", container: "#chart-" + name, hover: true });
    await view.runAsync();
    window.galleryViews[name] = view;
  } catch (e) {
    window.galleryErrors.push(name + ": " + (e && e.message));
    document.getElementById("chart-" + name).textContent = "error: " + (e && e.message);
  }
}));
</script>
</body></html>
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { source, charts } = buildGallery();
  writeFileSync(join(root, "docs", "gallery.html"), galleryHtml(source, charts));
  console.log(`docs/gallery.html: ${charts.length} charts from ${source}`);
}
