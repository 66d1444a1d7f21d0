// The TSDoc @example of every clientele/plot export, with its `// =>` values asserted.
import { describe, expect, it } from "vitest";
import * as P from "../../src/plot/index.js";
import { scoreRfm } from "../../src/rfm/index.js";
import { fitHierarchical } from "../../src/cluster/index.js";
import { clvTiers } from "../../src/clv/index.js";
import { createBandit, updateBandit } from "../../src/bandit/index.js";

const bg = { kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as any;

describe("plot: TSDoc examples", () => {
  it("plotSegmentShares example", () => {
    const spec = P.plotSegmentShares([
      { segment: "Champions", action: "Reward", customers: 10, shareOfCustomers: 0.1, revenue: 400, shareOfRevenue: 0.4, meanR: 5, meanF: 5, meanM: 5, meanRecency: 2 },
      { segment: "Others", action: "Nurture", customers: 90, shareOfCustomers: 0.9, revenue: 600, shareOfRevenue: 0.6, meanR: 2, meanF: 2, meanM: 2, meanRecency: 30 },
    ] as any);
    expect(spec.data.values.length).toBe(4);
    expect(spec.data.values[0]).toEqual({ segment: "Others", measure: "Share of customers", share: 0.9, customers: 90, revenue: 600 });
  });
  it("plotRfHeatmap example", () => {
    const scores = scoreRfm({ id: ["a", "b", "c", "d"], recency: [1, 5, 9, 2], frequency: [4, 1, 0, 6], totalSpend: [100, 20, 5, 180], T: [10, 10, 10, 10] } as any, { bins: 2 });
    const spec = P.plotRfHeatmap(scores);
    expect(spec.layer[0].data.values.map((c) => c.customers)).toEqual([0, 2, 2, 0]);
  });
  it("plotTransitionHeatmap example", () => {
    const spec = P.plotTransitionHeatmap({ states: ["A", "B"], counts: [[3, 1], [0, 4]], probabilities: [[0.75, 0.25], [0, 1]] });
    expect(spec.layer[0].data.values[1]).toEqual({ from: "A", to: "B", customers: 1, probability: 0.25 });
  });
  it("plotTransitionFlow example", () => {
    const spec = P.plotTransitionFlow({ states: ["A", "B"], counts: [[3, 1], [0, 4]], probabilities: [[0.75, 0.25], [0, 1]] });
    expect(spec.layer[1].data.values.map((n) => [n.side, n.state, n.customers])).toEqual([["before", "A", 4], ["before", "B", 4], ["after", "A", 3], ["after", "B", 5]]);
  });
  it("plotElbow example", () => {
    const spec = P.plotElbow({ ks: [1, 2, 3, 4], inertias: [100, 40, 30, 25], knee: 2 });
    expect(spec.layer[0].data.values[1]).toEqual({ k: 2, inertia: 40 });
    expect(spec.layer[1].data.values).toEqual([{ k: 2, inertia: 40, label: "knee: k = 2" }]);
  });
  it("plotSilhouette example", () => {
    const spec = P.plotSilhouette([0.8, 0.6, 0.7, -0.1], [0, 0, 1, 1]);
    expect(spec.layer[0].data.values.map((v) => [v.cluster, v.silhouette])).toEqual([["cluster 0", 0.8], ["cluster 0", 0.6], ["cluster 1", 0.7], ["cluster 1", -0.1]]);
    expect(spec.layer[1].data.values[0].mean).toBe(0.5);
  });
  it("plotClusterProfiles example", () => {
    const spec = P.plotClusterProfiles({ featureNames: ["spend"], overallMean: [50], clusters: [
      { label: 0, size: 3, share: 0.75, centroid: [30], centroidScaled: [-1], z: [-1], distinguishing: [] },
      { label: 1, size: 1, share: 0.25, centroid: [110], centroidScaled: [3], z: [3], distinguishing: [] },
    ] });
    expect(spec.data.values.map((v) => [v.cluster, v.feature, v.value])).toEqual([["cluster 0", "spend", 30], ["cluster 1", "spend", 110]]);
  });
  it("plotDendrogram example", () => {
    const spec = P.plotDendrogram(fitHierarchical([[0], [1], [3]], { linkage: "single" }), { k: 2 });
    expect(spec.layer[0].data.values.length).toBe(6);
    expect(spec.layer[1].data.values).toEqual([{ height: 1.5, label: "cut: 2 clusters" }]);
  });
  it("plotClusterScatter example", () => {
    const spec = P.plotClusterScatter([[0, 0], [1, 1], [9, 9]], [0, 0, -1]);
    expect(spec.data.values.map((v) => v.cluster)).toEqual(["cluster 0", "cluster 0", "noise"]);
  });
  it("plotPeriodTransactions example", () => {
    const spec = P.plotPeriodTransactions(bg, { frequency: [0, 1, 2, 0], recency: [0, 5, 20, 0], T: [39, 39, 39, 39] }, { maxFrequency: 3 });
    expect(spec.data.values.filter((v) => v.series === "Actual").map((v) => v.customers)).toEqual([2, 1, 1, 0]);
  });
  it("plotCalibrationHoldout example", () => {
    const spec = P.plotCalibrationHoldout({ label: ["0", "≥1"], frequency: [0, 1], count: [10, 5], actual: [0.2, 1.5], predicted: [0.25, 1.4], totalActual: 9.5, totalPredicted: 9.5 });
    expect(spec.data.values[3]).toEqual({ label: "≥1", series: "Model", purchases: 1.4, customers: 5 });
  });
  it("plotProbabilityAliveMatrix example", () => {
    const spec = P.plotProbabilityAliveMatrix({ frequency: [0, 1], recency: [0, 10], T: 10, values: [[1, null], [0.2, 0.9]] });
    expect(spec.data.values).toEqual([{ frequency: 0, recency: 0, value: 1 }, { frequency: 0, recency: 10, value: null }, { frequency: 1, recency: 0, value: 0.2 }, { frequency: 1, recency: 10, value: 0.9 }]);
  });
  it("plotExpectedPurchasesMatrix example", () => {
    const spec = P.plotExpectedPurchasesMatrix({ frequency: [0, 1], recency: [0, 10], T: 10, values: [[0.1, null], [0.05, 0.6]] }, { horizon: 4, timeUnit: "week" });
    expect(spec.title.text).toBe("Expected purchases in the next 4 weeks, by frequency and recency");
  });
  it("plotAliveHistory example", () => {
    const spec = P.plotAliveHistory(bg, { times: [0, 2, 5], T: 20 }, { points: 20 });
    expect(spec.layer[0].data.values.length).toBe(20);
    expect(spec.layer[1].data.values.map((p) => p.time)).toEqual([0, 2, 5]);
  });
  it("plotCumulativeTransactions example", () => {
    const spec = P.plotCumulativeTransactions({ time: [1, 2], actualIncremental: [3, 4], predictedIncremental: [3.5, 3.9], actualCumulative: [3, 7], predictedCumulative: [3.5, 7.4] });
    expect(spec.layer[0].data.values[3]).toEqual({ time: 2, series: "Model", transactions: 7.4 });
  });
  it("plotIncrementalTransactions example", () => {
    const spec = P.plotIncrementalTransactions({ time: [1, 2], actualIncremental: [3, 4], predictedIncremental: [3.5, 3.9], actualCumulative: [3, 7], predictedCumulative: [3.5, 7.4] }, { calibrationEnd: 1 });
    expect(spec.layer[0].data.values[2]).toEqual({ time: 2, series: "Actual", transactions: 4 });
  });
  it("plotHeterogeneity example", () => {
    const spec = P.plotHeterogeneity(bg);
    expect(spec.hconcat.map((p: any) => p.title)).toEqual(["Purchase rate λ ~ Gamma(r = 0.243, α = 4.414)", "Dropout probability p ~ Beta(a = 0.793, b = 2.426)"]);
  });
  it("plotCustomerExposure example", () => {
    const spec = P.plotCustomerExposure({ frequency: [2, 0], recency: [10, 0], T: [30, 12] });
    expect(spec.layer[0].data.values).toEqual([{ customer: 0, start: 0, lastPurchase: 10, end: 30 }, { customer: 1, start: 18, lastPurchase: 18, end: 30 }]);
  });
  it("plotClvDistribution example", () => {
    const clv = [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560];
    const spec = P.plotClvDistribution(clv, clvTiers(clv), { bins: 5 });
    expect(spec.hconcat[1].data.values.map((t) => t.tier)).toEqual(["High", "Medium", "Low", "Negative"]);
  });
  it("plotRecommenderEvaluation example", () => {
    const row = (model: string, p: number) => ({ model, k: 10, users: 50, precision: p, recall: 0.2, ndcg: 0.3, map: 0.1, hitRate: 0.5, mrr: 0.2, coverage: 0.4 });
    const spec = P.plotRecommenderEvaluation([row("popularity", 0.05), row("als", 0.12)], { metrics: ["precision"] });
    expect(spec.data.values).toEqual([{ model: "popularity", metric: "precision", value: 0.05 }, { model: "als", metric: "precision", value: 0.12 }]);
  });
  it("plotRoc example", () => {
    const spec = P.plotRoc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(spec.title.subtitle).toBe("AUC 0.750 (4 cases, 2 positive)"); // scikit-learn roc_auc_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.75
    expect(spec.layer[0].data.values.map((p) => [p.fpr, p.tpr])).toEqual([[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]]);
  });
  it("plotPrecisionRecall example", () => {
    const spec = P.plotPrecisionRecall([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(spec.title.subtitle).toBe("average precision 0.833; prevalence 0.500 (dashed)"); // scikit-learn average_precision_score = 0.8333
  });
  it("plotCalibration example", () => {
    const spec = P.plotCalibration([{ lower: 0, upper: 0.5, n: 10, meanPredicted: 0.2, observedRate: 0.3 }, { lower: 0.5, upper: 1, n: 5, meanPredicted: 0.8, observedRate: 0.6 }]);
    expect(spec.layer[0].data.values[1]).toEqual({ meanPredicted: 0.8, observedRate: 0.6, n: 5, lower: 0.5, upper: 1 });
  });
  it("plotLiftGains example", () => {
    const spec = P.plotLiftGains([
      { group: 1, n: 5, positives: 4, rate: 0.8, lift: 1.6, cumulativeGain: 0.8, cumulativeShare: 0.5, cumulativeLift: 1.6 },
      { group: 2, n: 5, positives: 1, rate: 0.2, lift: 0.4, cumulativeGain: 1, cumulativeShare: 1, cumulativeLift: 1 },
    ]);
    expect(spec.hconcat[0].layer[0].data.values.map((v) => v.gain)).toEqual([0, 0.8, 1]);
  });
  it("plotRegret example", () => {
    const sim = { policy: "thompson", horizon: 100, repetitions: 10, checkpoints: [50, 100], meanRegret: [3, 4], sdRegret: [1, 1], lower: [2, 3], upper: [4, 5], meanPlays: [50, 50] } as any;
    expect(P.plotRegret(sim).layer[1].data.values[1]).toEqual({ policy: "thompson", t: 100, regret: 4, lower: 3, upper: 5 });
  });
  it("plotPosteriors example", () => {
    const s = updateBandit(createBandit({ arms: ["a", "b"], seed: 1 }), "a", 1);
    expect(P.plotPosteriors(s).data.values.filter((v) => v.arm === "a").length).toBe(199);
  });
  it("plotProbabilityBest example", () => {
    const arm = (name: string, p: number) => ({ arm: name, index: 0, retired: false, plays: 1, mean: null, posteriorMean: 0.5, probabilityBest: p, expectedLoss: 0, probabilityBestSe: 0, expectedLossSe: 0 });
    const spec = P.plotProbabilityBest([{ arms: [arm("a", 0.5), arm("b", 0.5)], bestArm: "a", segmentUsed: null, draws: 100 }, { arms: [arm("a", 0.9), arm("b", 0.1)], bestArm: "a", segmentUsed: null, draws: 100 }], { at: [10, 20] });
    expect(spec.data.values[2]).toEqual({ t: 20, arm: "a", probabilityBest: 0.9 });
  });
  it("plotSegmentForest example", () => {
    const seg = (segment: string, effect: number, lo: number, hi: number, significant: boolean) => ({ segment, effect, relativeLift: null, relativeLiftUndefined: null, standardError: 0.01, interval: [lo, hi] as [number, number], pValue: 0.01, adjustedPValue: 0.02, significant, units: 1000 });
    const spec = P.plotSegmentForest({ segments: [seg("mobile", 0.02, 0.01, 0.03, true), seg("desktop", 0, -0.01, 0.01, false)], heterogeneity: { q: 1, df: 1, pValue: 0.3, iSquared: 0 }, correction: "holm", metric: "conversion" } as any);
    expect(spec.layer[0].data.values[0]).toEqual({ segment: "mobile", effect: 0.02, lower: 0.01, upper: 0.03, significant: "significant", units: 1000, adjustedPValue: 0.02 });
  });
  it("plotSequentialTest example", () => {
    const look = (n: number, est: number, llr: number) => ({ look: n, estimate: est, pValue: 0.5, interval: [est - 0.02, est + 0.02] as [number, number], likelihoodRatio: Math.exp(llr), logLikelihoodRatio: llr, significant: llr > Math.log(20) });
    const spec = P.plotSequentialTest({ looks: [look(1, 0.01, 0.5), look(2, 0.02, 3.2)], stoppedAt: 2, tau: 0.01, alpha: 0.05, decision: "significant" });
    expect(spec.vconcat[1].layer[1].data.values).toEqual([{ boundary: 2.99573 }]);
  });
});
