// Contract cases for the plot exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";
import { fitHierarchical } from "../../../src/cluster/index.js";
import { createBandit, updateBandit } from "../../../src/bandit/index.js";

const bg = () => ({ kind: "bg-nbd", version: 1, timeUnit: "week", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } });
const report = () => [
  {
    segment: "Champions",
    action: "Reward",
    customers: 10,
    shareOfCustomers: 0.1,
    revenue: 400,
    shareOfRevenue: 0.4,
    meanR: 5,
    meanF: 5,
    meanM: 5,
    meanRecency: 2,
  },
  {
    segment: "Others",
    action: "Nurture",
    customers: 90,
    shareOfCustomers: 0.9,
    revenue: 600,
    shareOfRevenue: 0.6,
    meanR: 2,
    meanF: 2,
    meanM: 2,
    meanRecency: 30,
  },
];
const scores = () => ({
  n: 4,
  bins: 2,
  id: ["a", "b", "c", "d"],
  r: [2, 1, 1, 2],
  f: [2, 1, 1, 2],
  m: [2, 1, 1, 2],
  recency: [1, 5, 9, 2],
  frequency: [4, 1, 0, 6],
  monetary: [25, 20, 5, 30],
  revenue: [100, 20, 5, 180],
});
const tm = () => ({
  states: ["A", "B", "(new)", "(gone)"],
  counts: [
    [3, 1, 0, 1],
    [0, 4, 0, 0],
    [1, 1, 0, 0],
    [0, 0, 0, 0],
  ],
  probabilities: [
    [0.6, 0.2, 0, 0.2],
    [0, 1, 0, 0],
    [0.5, 0.5, 0, 0],
    [0, 0, 0, 1],
  ],
});
const hc = fitHierarchical([[0], [1], [3], [7]], { linkage: "single" });
const rft = () => ({ frequency: [0, 1, 2, 0], recency: [0, 5, 20, 0], T: [39, 30, 39, 12] });
const ch = () => ({ label: ["0", "≥1"], frequency: [0, 1], count: [10, 5], actual: [0.2, 1.5], predicted: [0.25, 1.4], totalActual: 9.5, totalPredicted: 9.5 });
const matrix = () => ({
  frequency: [0, 1],
  recency: [0, 10],
  T: 10,
  values: [
    [1, null],
    [0.2, 0.9],
  ],
});
const track = () => ({
  time: [1, 2, 3],
  actualIncremental: [3, 4, 2],
  predictedIncremental: [3.5, 3.9, 2.5],
  actualCumulative: [3, 7, 9],
  predictedCumulative: [3.5, 7.4, 9.9],
});
const tiers = () => ({
  tier: ["Low", "Low", "Medium", "High"],
  cutoffs: { medium: 10, high: 50 },
  summary: [
    { tier: "High", count: 1, totalClv: 80, shareOfValue: 0.8, budgetShare: [0.4, 0.5], action: "Retain" },
    { tier: "Medium", count: 1, totalClv: 15, shareOfValue: 0.15, budgetShare: [0.3, 0.4], action: "Grow" },
    { tier: "Low", count: 2, totalClv: 5, shareOfValue: 0.05, budgetShare: [0.1, 0.2], action: "Automate" },
  ],
});
const evalRow = (model: string, p: number) => ({
  model,
  k: 10,
  users: 50,
  precision: p,
  recall: 0.2,
  ndcg: 0.3,
  map: 0.1,
  hitRate: 0.5,
  mrr: 0.2,
  coverage: 0.4,
});
const sim = () => ({
  policy: "thompson",
  horizon: 100,
  repetitions: 10,
  checkpoints: [50, 100],
  meanRegret: [3, 4],
  sdRegret: [1, 1],
  lower: [2, 3],
  upper: [4, 5],
  meanPlays: [50, 50],
});
const state = updateBandit(createBandit({ arms: ["a", "b"], seed: 1 }), "a", 1);
const armD = (name: string, p: number) => ({
  arm: name,
  index: 0,
  retired: false,
  plays: 1,
  mean: null,
  posteriorMean: 0.5,
  probabilityBest: p,
  expectedLoss: 0,
  probabilityBestSe: 0,
  expectedLossSe: 0,
});
const summaries = () => [
  { arms: [armD("a", 0.5), armD("b", 0.5)], bestArm: "a", segmentUsed: null, draws: 100 },
  { arms: [armD("a", 0.9), armD("b", 0.1)], bestArm: "a", segmentUsed: null, draws: 100 },
];
const segEff = (segment: string, effect: number, significant: boolean) => ({
  segment,
  effect,
  relativeLift: null,
  relativeLiftUndefined: null,
  standardError: 0.01,
  interval: [effect - 0.01, effect + 0.01],
  pValue: 0.01,
  adjustedPValue: 0.02,
  significant,
  units: 1000,
});
const forest = () => ({
  segments: [segEff("mobile", 0.02, true), segEff("desktop", 0, false)],
  heterogeneity: { q: 1, df: 1, pValue: 0.3, iSquared: 0 },
  correction: "holm",
  metric: "conversion",
});
const look = (n: number, est: number, llr: number) => ({
  look: n,
  estimate: est,
  pValue: 0.5,
  interval: [est - 0.02, est + 0.02],
  likelihoodRatio: Math.exp(llr),
  logLikelihoodRatio: llr,
  significant: llr > Math.log(20),
});
const seq = () => ({ looks: [look(1, 0.01, 0.5), look(2, 0.02, 3.2)], stoppedAt: 2, tau: 0.01, alpha: 0.05, decision: "significant" });

export const PLOT_CASES: Record<string, Case> = {
  plotSegmentShares: { args: () => [report()], options: 1 },
  plotRfHeatmap: { args: () => [scores()], options: 1 },
  plotTransitionHeatmap: { args: () => [tm()], options: 1 },
  plotTransitionFlow: { args: () => [tm()], options: 1 },
  plotElbow: { args: () => [{ ks: [1, 2, 3, 4], inertias: [100, 40, 30, 25], knee: 2 }], options: 1 },
  plotSilhouette: {
    args: () => [
      [0.8, 0.6, 0.7, -0.1],
      [0, 0, 1, 1],
    ],
    options: 2,
    seed: "seed",
  },
  plotClusterProfiles: {
    args: () => [
      {
        featureNames: ["spend", "visits"],
        overallMean: [50, 3],
        clusters: [
          { label: 0, size: 3, share: 0.75, centroid: [30, 2], centroidScaled: [-1, -0.5], z: [-1, -0.5], distinguishing: [] },
          { label: 1, size: 1, share: 0.25, centroid: [110, 6], centroidScaled: [3, 1.5], z: [3, 1.5], distinguishing: [] },
        ],
      },
    ],
    options: 1,
  },
  plotDendrogram: { args: () => [structuredClone(hc), { k: 2 }], options: 1 },
  plotClusterScatter: {
    args: () => [
      [
        [0, 0],
        [1, 1],
        [9, 9],
        [8, 9],
      ],
      [0, 0, 1, -1],
    ],
    options: 2,
    seed: "seed",
  },
  plotPeriodTransactions: { args: () => [bg(), rft()], options: 2 },
  plotCalibrationHoldout: { args: () => [ch()], options: 1 },
  plotProbabilityAliveMatrix: { args: () => [matrix()], options: 1 },
  plotExpectedPurchasesMatrix: { args: () => [matrix()], options: 1 },
  plotAliveHistory: { args: () => [bg(), { times: [0, 2, 5], T: 20 }, { points: 20 }], options: 2 },
  plotCumulativeTransactions: { args: () => [track()], options: 1 },
  plotIncrementalTransactions: { args: () => [track()], options: 1 },
  plotHeterogeneity: { args: () => [bg()], options: 1 },
  plotCustomerExposure: { args: () => [rft()], options: 1, seed: "seed" },
  plotClvDistribution: { args: () => [[1, 2, 20, 80], tiers()], options: 2 },
  plotRecommenderEvaluation: { args: () => [[evalRow("popularity", 0.05), evalRow("als", 0.12)]], options: 1 },
  plotRoc: {
    args: () => [
      [0, 0, 1, 1, 0],
      [0.1, 0.4, 0.35, 0.8, 0.2],
    ],
    options: 2,
  },
  plotPrecisionRecall: {
    args: () => [
      [0, 0, 1, 1, 0],
      [0.1, 0.4, 0.35, 0.8, 0.2],
    ],
    options: 2,
  },
  plotCalibration: {
    args: () => [
      [
        { lower: 0, upper: 0.5, n: 10, meanPredicted: 0.2, observedRate: 0.3 },
        { lower: 0.5, upper: 1, n: 5, meanPredicted: 0.8, observedRate: 0.6 },
      ],
    ],
    options: 1,
  },
  plotLiftGains: {
    args: () => [
      [
        { group: 1, n: 5, positives: 4, rate: 0.8, lift: 1.6, cumulativeGain: 0.8, cumulativeShare: 0.5, cumulativeLift: 1.6 },
        { group: 2, n: 5, positives: 1, rate: 0.2, lift: 0.4, cumulativeGain: 1, cumulativeShare: 1, cumulativeLift: 1 },
      ],
    ],
    options: 1,
  },
  plotRegret: { args: () => [[sim(), { ...sim(), policy: "ucb1" }]], options: 1 },
  plotPosteriors: { args: () => [structuredClone(state)], options: 1 },
  plotProbabilityBest: { args: () => [summaries()], options: 1 },
  plotSegmentForest: { args: () => [forest()], options: 1 },
  plotSequentialTest: { args: () => [seq()], options: 1 },
};
