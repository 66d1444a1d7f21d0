// The contract table: one registered case per public FUNCTION export of every subpath
// (`src/<sub>/index.ts`) and of the root entry. test/contract.test.ts enumerates the modules
// and fails for any function export without a case here, so a new export cannot slip through;
// test/fuzz/*.test.ts mutates these valid arguments into bad ones.
//
// A case gives a factory of VALID arguments (small, fast, seeded, fresh objects on every call)
// and flags saying which parts of the contract apply. Keep factories cheap: the contract and
// fuzz tests call them thousands of times. Fitted models are made once and cloned.
import * as data from "../../src/data/index.js";
import * as rfm from "../../src/rfm/index.js";
import * as cluster from "../../src/cluster/index.js";
import * as clv from "../../src/clv/index.js";
import * as recommend from "../../src/recommend/index.js";
import * as bandit from "../../src/bandit/index.js";
import * as experiment from "../../src/experiment/index.js";
import * as sentiment from "../../src/sentiment/index.js";
import * as journey from "../../src/journey/index.js";
import * as predict from "../../src/predict/index.js";
import * as sql from "../../src/sql/index.js";
import * as plot from "../../src/plot/index.js";
import * as personalize from "../../src/personalize/index.js";
// cases of newer exports live in one file per part (cases/*.ts), so parts are built side by side
import { JOURNEY_CASES } from "./cases/journey.js";
import { PREDICT_LINEAR_CASES } from "./cases/predict-linear.js";
import { PREDICT_TREES_CASES } from "./cases/predict-trees.js";
import { PREDICT_FEATURES_CASES } from "./cases/predict-features.js";
import { BANDIT_CONTEXTUAL_CASES } from "./cases/bandit-contextual.js";
import { CLUSTER_LEARNED_CASES } from "./cases/cluster-learned.js";
import { SQL_CASES } from "./cases/sql.js";
import { PLOT_CASES } from "./cases/plot.js";
import { PERSONALIZE_CASES } from "./cases/personalize.js";
import { createRng } from "../../src/core/rng.js";

export const SUBPATHS = { data, rfm, cluster, clv, recommend, bandit, experiment, sentiment, journey, predict, sql, plot, personalize } as const;
export type Subpath = keyof typeof SUBPATHS;

export interface Case {
  /** Valid arguments; every call returns fresh objects (safe to freeze or mutate). */
  args: () => unknown[];
  /** Position of the options object, when the function takes one (padded with `{}` if absent). */
  options?: number;
  /** How a seed reaches the function: `options.rng = createRng(seed)` or `options.seed = seed`. */
  seed?: "rng" | "seed";
  /** Options typed `signal` / `onProgress` / `rng` that must be validated (`{ signal: 5 }` → INVALID_OPTION). */
  typed?: readonly ("signal" | "onProgress" | "rng")[];
  /** The function returns a promise. */
  async?: boolean;
  /** The function fits (or builds) a saved model: the export that loads it back from JSON. */
  fromJSON?: string;
  /** A prediction from a model (fitted or reloaded), compared before and after the JSON round trip. */
  predict?: (model: any) => unknown;
  /** Put a negative parameter into a saved model (its JSON form); default: the first positive number under `params`. */
  negate?: (json: any) => void;
  /** This export loads a saved model (a `*FromJSON`): its args()[0] is the saved model JSON. */
  loads?: boolean;
  /** The model's kind tag before 1.0 (commit 0c04e27), which must still load and come back with the new tag. */
  legacyKind?: string;
  /** Argument positions that must be valid input for the generic bad-input checks (null, NaN, wrong kind, empty). */
  checkArgs?: readonly number[];
  /** Generic bad inputs that are legitimately accepted, as "arg<i>:<label>" (label: null, undefined, NaN, wrong-kind, empty). */
  accepts?: readonly string[];
  /** Argument positions the function mutates by design (`updateBanditInPlace`'s state). */
  mutates?: readonly number[];
  /** Not a data function (the error class, type guards): only coverage and determinism apply. */
  utility?: boolean;
  /** Extra time a single call may take in the fuzz harness (fits), in ms (default 2000). */
  slowMs?: number;
}

// ---------------------------------------------------------------- fixtures (made once, cloned)

/** Deep copy that keeps typed arrays (and drops nothing a plain JSON model has). */
export function clone<T>(x: T): T {
  return structuredClone(x);
}
/** JSON copy: what a saved model looks like after storage. */
export function json<T>(x: T): any {
  return JSON.parse(JSON.stringify(x));
}

// data
const tx = () => [
  { customerId: "a", timestamp: "2024-01-01", amount: 10 },
  { customerId: "a", timestamp: "2024-01-15", amount: 20 },
  { customerId: "b", timestamp: "2024-01-03", amount: 5 },
  { customerId: 7, timestamp: "2024-01-20", amount: 12 },
  { customerId: 7, timestamp: "2024-01-28", amount: 8 },
];
const partial = data.summarizePartial(tx());
const sim = data.simulateCustomers({ n: 150, seed: 3 });
const weekly = data.summarizeTransactions(sim.transactions, { observationEnd: sim.observationEnd, timeUnit: "week" });
const summarySmall = data.summarizeTransactions(tx(), { observationEnd: "2024-02-01", timeUnit: "week" });
const kpiTx = () => ({
  customerId: ["a", "a", "b", "a", "b", "b", "c"],
  timestamp: ["2024-01-03", "2024-01-20", "2024-01-09", "2024-02-05", "2024-02-07", "2024-02-21", "2024-02-11"],
  amount: [10, 20, 30, 40, 50, 60, 15],
});
const kpiWindows = () => [
  { transactions: kpiTx(), start: "2024-01-01", end: "2024-01-31" },
  { transactions: kpiTx(), start: "2024-02-01", end: "2024-03-02" },
];
const cohorts = data.cohortRetention(kpiTx(), { period: "month" });
const kpiRep = data.kpiReport(kpiWindows()[0], kpiWindows()[1], { seed: 1, resamples: 20 });

// rfm
const rfmCols = () => ({
  id: ["a", "b", "c", "d"],
  recency: [10, 2, 5, 1],
  frequency: [4, 1, 0, 2],
  totalSpend: [150, 24, 9, 40],
  purchaseDays: [5, 2, 1, 3],
  monetary: [30, 12, 0, 15],
  T: [12, 40, 20, 30],
});
const rfmScores = rfm.scoreRfm(rfmCols());
const rfmSegs = rfm.assignSegments(rfmScores);
const rfmtc = rfm.scoreRfmtc(rfmCols(), { churn: [0.1, 0.5, 0.9, 0.2] });
const before = () => [
  { id: 1, segment: "A" },
  { id: 2, segment: "B" },
  { id: 4, segment: "A" },
];
const after = () => ({ id: [1, 3, 4], segment: ["B", "A", "A"] });
const tm = rfm.transitionMatrix(before(), after());

// cluster
const pts = () => [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
  [10, 10],
  [10, 11],
  [11, 10],
  [11, 11],
];
const labels = () => [0, 0, 0, 0, 1, 1, 1, 1];
const km = cluster.fitKMeans(pts(), { k: 2, rng: createRng(1) });
const mb = cluster.fitMiniBatchKMeans(pts(), { k: 2, rng: createRng(1) });
const hc = cluster.fitHierarchical(pts());
const hdb = cluster.fitHdbscan(pts(), { minClusterSize: 3, minSamples: 2 });
const sc = cluster.fitScaler(pts());

// clv
const rft = () => ({ frequency: Array.from(weekly.frequency), recency: Array.from(weekly.recency), T: Array.from(weekly.T), timeUnit: "week" });
const rft3 = () => ({ frequency: [0, 2, 5], recency: [0, 30.43, 5], T: [38.86, 38.86, 38.86], timeUnit: "week" });
const spend = () => {
  const f: number[] = [];
  const m: number[] = [];
  weekly.frequency.forEach((x, i) => {
    if (x > 0) {
      f.push(x);
      m.push(weekly.monetary[i]);
    }
  });
  return { frequency: f, monetary: m, timeUnit: "week" };
};
const spend3 = () => ({ frequency: [1, 2, 5], monetary: [20, 35.5, 12], timeUnit: "week" });
const bgbbData = () => ({
  frequency: [6, 5, 4, 3, 2, 1, 0, 5, 4, 3, 2, 1],
  recency: [6, 6, 6, 6, 6, 6, 0, 5, 5, 4, 3, 2],
  periods: [6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6],
  weights: [120, 90, 70, 60, 55, 50, 900, 40, 35, 30, 45, 80],
});
const bgbbCustomers = () => ({ frequency: [0, 3, 6], recency: [0, 4, 6], periods: [6, 6, 6] });
const bg = clv.fitBgNbd(rft());
const mbg = clv.fitMbgNbd(rft());
const pnbd = clv.fitParetoNbd(rft());
const gg = clv.fitGammaGamma(spend());
const bb = clv.fitBgBb(bgbbData());
const holdout = () => ({ ...rft3(), holdoutFrequency: [0, 1, 2], holdoutDuration: 20 });
const tracking = () => ({ firstPurchase: [0, 1, 2, 3], repeatTimes: [2, 4, 5, 8, 9] });

// recommend
const ri = recommend.simulateInteractions({ nUsers: 30, nItems: 12, seed: 3 });
const inter = ri.interactions;
const catalog = () => inter.itemIds.map((itemId, i) => ({ itemId, categories: [`c${ri.itemCategory[i]}`], price: ri.itemPrice[i] }));
const pop = recommend.fitPopularity(inter);
const iknn = recommend.fitItemKnn(inter, { neighbors: 5 });
const uknn = recommend.fitUserKnn(inter, { neighbors: 5 });
const als = recommend.fitAls(inter, { factors: 3, iterations: 2, rng: createRng(1) });
const content = recommend.fitContent(catalog());
const hybrid = recommend.fitHybrid([
  { model: als, weight: 1 },
  { model: content, weight: 1 },
]);
const split = recommend.splitInteractions(inter, { rng: createRng(2) });
const recs = recommend.recommendAll(iknn, split.train, { k: 3 });
const u0 = inter.userIds[0];
const i0 = inter.itemIds[0];
const evalRows = recommend.compareToPopularity(split, {}, { k: 2 });
const interRows = () => [
  { userId: 1, itemId: "x", weight: 1 },
  { userId: 1, itemId: "y", weight: 2 },
  { userId: "u2", itemId: "x", weight: 1 },
];

// bandit
const bstate = () => {
  let s = bandit.createBandit({ arms: ["a", "b", "c"], seed: 1 });
  s = bandit.updateBandit(s, 0, 1);
  s = bandit.updateBandit(s, 1, 0);
  s = bandit.updateBandit(s, "c", 1, { segment: "s" });
  return s;
};
const gstate = () => bandit.updateBandit(bandit.updateBandit(bandit.createBandit({ arms: 2, reward: "gaussian", seed: 1 }), 0, 3), 1, 2.5);
const fstate = () => bandit.updateBandit(bandit.createFactorialBandit({ factors: { color: ["red", "blue"], size: ["s", "l"] }, seed: 1 }), 0, 1);

// experiment
const conv = (x: number, n: number) => ({ conversions: x, visitors: n });
const raw = (k: number, shift = 0) => Array.from({ length: 12 }, (_, i) => ((i * 7 + k) % 11) + shift);

// sentiment
const messages = () => [
  { customerId: 1, timestamp: "2024-01-05", text: "Love it, great service!" },
  { customerId: 1, timestamp: "2024-02-01", text: "Fast delivery, thanks" },
  { customerId: "c2", timestamp: "2024-01-09", text: "Terrible. Broken on arrival." },
];
const sentBatch = sentiment.scoreSentimentBatch(["The book was good.", "Today SUX!"]);
const sentSegs = sentiment.sentimentSegments(messages());

// ---------------------------------------------------------------- the table

/** Prediction functions map customers to values: no customers in, no values out (deliberate in clv). */
const EMPTY_OUT = ["arg1:empty"] as const;

export const UTIL: Record<string, Case> = {
  ClienteleError: { args: () => [{ code: "INVALID_INPUT", message: "x: y" }], utility: true },
  isClienteleError: { args: () => [new Error("x")], utility: true },
  createRng: { args: () => [7], checkArgs: [0], accepts: ["arg0:undefined"] },
  isRng: { args: () => [createRng(1)], utility: true },
};

export const CASES: Record<Subpath, Record<string, Case>> = {
  data: {
    ...UTIL,
    cohortRetention: { args: () => [kpiTx(), { period: "month" }], options: 1 },
    cohortRows: { args: () => [clone(cohorts)] },
    kpiReport: { args: () => [...kpiWindows(), { resamples: 20 }], options: 2, seed: "seed" },
    kpiReportRows: { args: () => [clone(kpiRep)] },
    summarizeTransactions: { args: () => [tx(), { observationEnd: "2024-02-01", timeUnit: "day" }], options: 1 },
    summarizeTransactionsAsync: { args: () => [tx(), { observationEnd: "2024-02-01", timeUnit: "day" }], options: 1, async: true, typed: ["signal"] },
    summarizePartial: { args: () => [tx()], options: 1 },
    finalizeSummary: { args: () => [clone(partial), { timeUnit: "week", observationEnd: "2024-02-01" }], options: 1 },
    mergePartials: { args: () => [clone(partial), data.summarizePartial([{ customerId: "z", timestamp: "2024-01-09", amount: 3 }])] },
    partialSummaryFromJSON: { args: () => [json(partial)], loads: true, legacyKind: "transactionPartial", negate: (j) => (j.rows[0] = -1) },
    summaryToRows: { args: () => [clone(summarySmall)] },
    simulateCustomers: { args: () => [{ n: 20, seed: 1 }], options: 0, seed: "seed", checkArgs: [], accepts: ["arg0:undefined"] },
  },
  rfm: {
    ...UTIL,
    scoreRfm: { args: () => [rfmCols(), { bins: 3 }], options: 1 },
    rfmScoreRows: { args: () => [clone(rfmScores)] },
    rfmScoreAt: { args: () => [clone(rfmScores), 1] },
    assignSegments: { args: () => [clone(rfmScores)], options: 2 },
    segmentRows: { args: () => [clone(rfmSegs)] },
    segmentReport: { args: () => [clone(rfmSegs), { revenue: [1, 2, 3, 4] }], options: 1 },
    scoreRfmtc: { args: () => [rfmCols(), { churn: [0.1, 0.5, 0.9, 0.2] }], options: 1 },
    rfmtcScoreRows: { args: () => [clone(rfmtc)] },
    transitionMatrix: { args: () => [before(), after()], options: 2 },
    projectSegments: { args: () => [clone(tm), { A: 5, B: 1 }, 3] },
  },
  cluster: {
    ...UTIL,
    ...CLUSTER_LEARNED_CASES,
    fitScaler: { args: () => [pts(), { method: "zscore" }], options: 1, fromJSON: "scalerFromJSON", predict: (m) => cluster.transformPoints(m, pts()) },
    transformPoints: { args: () => [clone(sc), pts()] },
    inverseTransformPoints: { args: () => [clone(sc), pts()] },
    scalerFromJSON: { args: () => [json(sc)], loads: true, negate: (j) => (j.scale[0] = -1) },
    pointsToRows: { args: () => [pts()] },
    fitKMeans: {
      args: () => [pts(), { k: 2 }],
      options: 1,
      seed: "rng",
      typed: ["signal", "onProgress", "rng"],
      fromJSON: "kmeansFromJSON",
      predict: (m) => cluster.predictKMeans(m, pts()),
    },
    fitKMeansAsync: { args: () => [pts(), { k: 2 }], options: 1, seed: "rng", async: true, typed: ["signal", "onProgress", "rng"], fromJSON: "kmeansFromJSON" },
    predictKMeans: { args: () => [clone(km), pts()] },
    kmeansFromJSON: { args: () => [json(km)], loads: true, negate: (j) => (j.inertia = -1) },
    fitMiniBatchKMeans: {
      args: () => [pts(), { k: 2 }],
      options: 1,
      seed: "rng",
      typed: ["signal", "onProgress", "rng"],
      fromJSON: "miniBatchKMeansFromJSON",
      predict: (m) => cluster.predictKMeans(m, pts()),
    },
    fitMiniBatchKMeansAsync: {
      args: () => [pts(), { k: 2 }],
      options: 1,
      seed: "rng",
      async: true,
      typed: ["signal", "onProgress", "rng"],
      fromJSON: "miniBatchKMeansFromJSON",
    },
    partialFitMiniBatchKMeans: { args: () => [clone(mb), pts(), {}], options: 2, seed: "rng" },
    miniBatchKMeansFromJSON: { args: () => [json(mb)], loads: true, negate: (j) => (j.counts[0] = -3) },
    silhouetteScore: { args: () => [pts(), labels(), {}], options: 2 },
    silhouetteSamples: { args: () => [pts(), labels()] },
    calinskiHarabasz: { args: () => [pts(), labels()] },
    daviesBouldin: { args: () => [pts(), labels()] },
    elbow: { args: () => [pts(), { kRange: [1, 3] }], options: 1, seed: "rng", typed: ["signal", "onProgress", "rng"] },
    elbowAsync: { args: () => [pts(), { kRange: [1, 3] }], options: 1, seed: "rng", async: true, typed: ["signal", "onProgress", "rng"] },
    findKnee: { args: () => [[1, 2, 3, 4], [10, 4, 2, 1], 1], accepts: ["arg2:undefined"] },
    selectK: { args: () => [pts(), { kRange: [2, 4] }], options: 1, seed: "rng", typed: ["signal", "onProgress", "rng"] },
    selectKAsync: { args: () => [pts(), { kRange: [2, 4] }], options: 1, seed: "rng", async: true, typed: ["signal", "onProgress", "rng"] },
    profileClusters: { args: () => [pts(), labels(), {}], options: 2 },
    fitHierarchical: {
      args: () => [pts(), { linkage: "ward" }],
      options: 1,
      typed: ["signal", "onProgress"],
      fromJSON: "hierarchicalFromJSON",
      predict: (m) => cluster.cutTree(m, { k: 2 }),
    },
    fitHierarchicalAsync: {
      args: () => [pts(), { linkage: "ward" }],
      options: 1,
      async: true,
      typed: ["signal", "onProgress"],
      fromJSON: "hierarchicalFromJSON",
    },
    cutTree: { args: () => [clone(hc), { k: 2 }], options: 1 },
    dendrogram: { args: () => [clone(hc)] },
    hierarchicalFromJSON: { args: () => [json(hc)], loads: true, negate: (j) => (j.merges[0][2] = -1) },
    dbscan: { args: () => [pts(), { eps: 1.5, minPts: 2 }], options: 1, typed: ["signal"] },
    dbscanAsync: { args: () => [pts(), { eps: 1.5, minPts: 2 }], options: 1, async: true, typed: ["signal"] },
    suggestEps: { args: () => [pts(), { minPts: 2 }], options: 1 },
    fitHdbscan: {
      args: () => [pts(), { minClusterSize: 3, minSamples: 2 }],
      options: 1,
      typed: ["signal"],
      fromJSON: "hdbscanFromJSON",
      predict: (m) =>
        cluster.predictHdbscan(m, [
          [0.5, 0.5],
          [10.5, 10.5],
        ]),
    },
    fitHdbscanAsync: { args: () => [pts(), { minClusterSize: 3, minSamples: 2 }], options: 1, async: true, typed: ["signal"], fromJSON: "hdbscanFromJSON" },
    predictHdbscan: {
      args: () => [
        clone(hdb),
        [
          [0.5, 0.5],
          [10.5, 10.5],
        ],
      ],
      options: 2,
    },
    hdbscanRows: { args: () => [clone(hdb)] },
    hdbscanFromJSON: { args: () => [json(hdb)], loads: true, negate: (j) => (j.probabilities[0] = -0.5) },
  },
  clv: {
    ...UTIL,
    fitBgNbd: {
      args: () => [rft()],
      options: 1,
      typed: ["signal", "onProgress"],
      fromJSON: "bgNbdFromJSON",
      predict: (m) => clv.probabilityAlive(m, rft3()),
      slowMs: 4000,
    },
    fitBgNbdAsync: { args: () => [rft()], options: 1, async: true, typed: ["signal", "onProgress"], fromJSON: "bgNbdFromJSON", slowMs: 4000 },
    bgNbdFromJSON: { args: () => [json(bg)], loads: true, legacyKind: "bgnbd" },
    fitMbgNbd: {
      args: () => [rft()],
      options: 1,
      typed: ["signal", "onProgress"],
      fromJSON: "mbgNbdFromJSON",
      predict: (m) => clv.probabilityAlive(m, rft3()),
      slowMs: 4000,
    },
    fitMbgNbdAsync: { args: () => [rft()], options: 1, async: true, typed: ["signal", "onProgress"], fromJSON: "mbgNbdFromJSON", slowMs: 4000 },
    mbgNbdFromJSON: { args: () => [json(mbg)], loads: true, legacyKind: "mbgnbd" },
    fitParetoNbd: {
      args: () => [rft()],
      options: 1,
      typed: ["signal", "onProgress"],
      fromJSON: "paretoNbdFromJSON",
      predict: (m) => clv.probabilityAlive(m, rft3()),
      slowMs: 4000,
    },
    fitParetoNbdAsync: { args: () => [rft()], options: 1, async: true, typed: ["signal", "onProgress"], fromJSON: "paretoNbdFromJSON", slowMs: 4000 },
    paretoNbdFromJSON: { args: () => [json(pnbd)], loads: true, legacyKind: "paretonbd" },
    expectedPurchases: { args: () => [json(bg), 10] },
    conditionalExpectedPurchases: { args: () => [json(bg), rft3(), 10], accepts: EMPTY_OUT },
    probabilityAlive: { args: () => [json(pnbd), rft3()], accepts: EMPTY_OUT },
    probabilityOfPurchases: { args: () => [json(bg), 10, 2] },
    transactionModelFromJSON: { args: () => [json(mbg)], loads: true, legacyKind: "mbgnbd" },
    probabilityAliveMatrix: { args: () => [json(bg), { maxFrequency: 5, T: 30, recencyPoints: 4 }], options: 1 },
    expectedPurchasesMatrix: { args: () => [json(bg), { maxFrequency: 5, T: 30, recencyPoints: 4, t: 4 }], options: 1 },
    discountedExpectedResidualTransactions: { args: () => [json(pnbd), rft3(), { discountRate: 0.0027 }], options: 2, accepts: EMPTY_OUT },
    fitGammaGamma: {
      args: () => [spend()],
      options: 1,
      typed: ["signal", "onProgress"],
      fromJSON: "gammaGammaFromJSON",
      predict: (m) => clv.expectedAverageValue(m, spend3()),
      slowMs: 4000,
    },
    fitGammaGammaAsync: { args: () => [spend()], options: 1, async: true, typed: ["signal", "onProgress"], fromJSON: "gammaGammaFromJSON", slowMs: 4000 },
    gammaGammaLogLikelihood: { args: () => [json(gg), spend3()] },
    expectedAverageValue: { args: () => [json(gg), spend3()] },
    spendFrequencyCorrelation: { args: () => [spend()] },
    gammaGammaFromJSON: { args: () => [json(gg)], loads: true, legacyKind: "gammagamma" },
    fitBgBb: {
      args: () => [bgbbData()],
      options: 1,
      typed: ["signal", "onProgress"],
      fromJSON: "bgbbFromJSON",
      predict: (m) => clv.bgbbProbabilityAlive(m, bgbbCustomers(), { futurePeriods: 0 }),
      slowMs: 4000,
    },
    fitBgBbAsync: { args: () => [bgbbData()], options: 1, async: true, typed: ["signal", "onProgress"], fromJSON: "bgbbFromJSON", slowMs: 4000 },
    bgbbLogLikelihood: { args: () => [json(bb), bgbbCustomers()], accepts: EMPTY_OUT },
    bgbbExpectedTransactions: { args: () => [json(bb), 5] },
    bgbbProbabilityOfTransactions: { args: () => [json(bb), 5, 2] },
    bgbbProbabilityAlive: { args: () => [json(bb), bgbbCustomers(), { futurePeriods: 2 }], options: 2, accepts: EMPTY_OUT },
    bgbbConditionalExpectedTransactions: { args: () => [json(bb), bgbbCustomers(), 5], accepts: EMPTY_OUT },
    bgbbFromJSON: { args: () => [json(bb)], loads: true, legacyKind: "bgbb" },
    customerLifetimeValue: { args: () => [json(bg), json(gg), { ...rft3(), monetary: [0, 35.5, 12] }, { horizon: 12, discountRate: 0.01 }], options: 3 },
    stepLength: { args: () => ["week", "month"], accepts: ["arg1:undefined"] },
    churnRisk: { args: () => [json(bg), rft3(), {}], options: 2, accepts: EMPTY_OUT },
    clvTiers: { args: () => [[10, 250, 40, 0, 900, 75, 5, 120]], options: 1 },
    clvToCac: { args: () => [[10, 250, 40, 900], 50] },
    calibrationHoldout: { args: () => [json(bg), holdout(), {}], options: 2 },
    cumulativeTracking: { args: () => [json(bg), tracking(), { periods: 10 }], options: 2 },
  },
  recommend: {
    ...UTIL,
    buildInteractions: { args: () => [interRows(), { aggregate: "sum" }], options: 1, fromJSON: "interactionsFromJSON" },
    interactionsFromJSON: { args: () => [json(inter)], loads: true, negate: (j) => (j.indptr[1] = -1) },
    interactionsToRows: { args: () => [clone(inter)] },
    simulateInteractions: { args: () => [{ nUsers: 5, nItems: 4, seed: 1 }], options: 0, seed: "seed" },
    fitItemKnn: {
      args: () => [clone(inter), { neighbors: 3 }],
      options: 1,
      typed: ["signal"],
      fromJSON: "itemKnnFromJSON",
      predict: (m) => recommend.recommend(m, inter, u0, { k: 3 }),
    },
    fitItemKnnAsync: { args: () => [clone(inter), { neighbors: 3 }], options: 1, async: true, typed: ["signal"], fromJSON: "itemKnnFromJSON" },
    fitUserKnn: {
      args: () => [clone(inter), { neighbors: 3 }],
      options: 1,
      typed: ["signal"],
      fromJSON: "userKnnFromJSON",
      predict: (m) => recommend.recommend(m, inter, u0, { k: 3 }),
    },
    fitUserKnnAsync: { args: () => [clone(inter), { neighbors: 3 }], options: 1, async: true, typed: ["signal"], fromJSON: "userKnnFromJSON" },
    fitAls: {
      args: () => [clone(inter), { factors: 2, iterations: 2 }],
      options: 1,
      seed: "rng",
      typed: ["signal", "onProgress", "rng"],
      fromJSON: "alsFromJSON",
      predict: (m) => recommend.recommend(m, inter, u0, { k: 3 }),
    },
    fitAlsAsync: {
      args: () => [clone(inter), { factors: 2, iterations: 2 }],
      options: 1,
      seed: "rng",
      async: true,
      typed: ["signal", "onProgress", "rng"],
      fromJSON: "alsFromJSON",
    },
    foldInUser: { args: () => [json(als), [i0]] },
    fitContent: { args: () => [catalog(), { priceBands: 3 }], options: 1, fromJSON: "contentFromJSON", predict: (m) => recommend.similarItems(m, i0, 3) },
    fitPopularity: {
      args: () => [clone(inter), { weighted: true }],
      options: 1,
      fromJSON: "popularityFromJSON",
      predict: (m) => recommend.recommend(m, inter, u0, { k: 3 }),
    },
    explain: { args: () => [json(als), clone(inter), u0, i0, { k: 2 }], options: 4 },
    fitHybrid: {
      args: () => [
        [
          { model: json(als), weight: 1 },
          { model: json(content), weight: 1 },
        ],
      ],
      fromJSON: "hybridFromJSON",
      predict: (m) => recommend.recommend(m, inter, u0, { k: 3 }),
    },
    recommend: { args: () => [json(hybrid), clone(inter), u0, { k: 3 }], options: 3 },
    recommendAll: { args: () => [json(iknn), clone(inter), { k: 2, users: [u0] }], options: 2 },
    similarItems: { args: () => [json(content), i0, 3], accepts: ["arg2:undefined"] },
    compareToPopularity: { args: () => [clone(split), { als: json(als) }, { k: 3 }], options: 2, accepts: ["arg1:empty"] },
    evaluateRanking: { args: () => [clone(recs), clone(split.test), { k: 3 }], options: 2 },
    formatEvaluationTable: { args: () => [clone(evalRows)], accepts: ["arg0:empty"] },
    splitInteractions: { args: () => [clone(inter), { testFraction: 0.3 }], options: 1, seed: "rng", typed: ["rng"] },
    alsFromJSON: { args: () => [json(als)], loads: true, negate: (j) => (j.regularization = -1) },
    contentFromJSON: { args: () => [json(content)], loads: true, negate: (j) => (j.indptr[1] = -1) },
    hybridFromJSON: { args: () => [json(hybrid)], loads: true, negate: (j) => (j.components[0].weight = -1) },
    itemKnnFromJSON: { args: () => [json(iknn)], loads: true, legacyKind: "itemKnn", negate: (j) => (j.neighbors = -1) },
    popularityFromJSON: { args: () => [json(pop)], loads: true, negate: (j) => (j.counts[0] = -1) },
    recommenderFromJSON: { args: () => [json(uknn)], loads: true, legacyKind: "userKnn", negate: (j) => (j.neighbors = -1) },
    userKnnFromJSON: { args: () => [json(uknn)], loads: true, legacyKind: "userKnn", negate: (j) => (j.neighbors = -1) },
  },
  bandit: {
    ...UTIL,
    ...BANDIT_CONTEXTUAL_CASES,
    createBandit: {
      args: () => [{ arms: ["a", "b"], policy: "thompson" }],
      options: 0,
      seed: "seed",
      fromJSON: "banditFromJSON",
      predict: (s) => bandit.chooseArmIndex(s, { rng: createRng(3) }),
    },
    createFactorialBandit: {
      args: () => [{ factors: { x: ["1", "2"] } }],
      options: 0,
      seed: "seed",
      fromJSON: "banditFromJSON",
      predict: (s) => bandit.chooseArmIndex(s, { rng: createRng(3) }),
    },
    banditFromJSON: { args: () => [json(bstate())], loads: true, negate: (j) => (j.prior.alpha = -1) },
    addArm: { args: () => [bstate(), "d"], accepts: ["arg1:undefined"] },
    retireArm: { args: () => [bstate(), 1] },
    // without `rng`, chooseArm advances the state's own random stream (issue 10: by design)
    chooseArm: { args: () => [bstate(), {}], options: 1, seed: "rng", typed: ["rng"], mutates: [0] },
    chooseArmIndex: { args: () => [bstate(), {}], options: 1, seed: "rng", typed: ["rng"], mutates: [0] },
    updateBandit: {
      args: () => [bstate(), 0, 1, {}],
      options: 3,
      fromJSON: "banditFromJSON",
      predict: (s) => bandit.probabilityBest(s, { draws: 50, rng: createRng(2) }),
    },
    updateBanditInPlace: { args: () => [bstate(), "a", 0, {}], options: 3, mutates: [0] },
    updateBanditBatch: { args: () => [bstate(), [{ arm: 0, count: 3, sum: 1 }]], accepts: ["arg1:empty"] },
    probabilityBest: { args: () => [bstate(), { draws: 50 }], options: 1, seed: "rng", typed: ["rng"] },
    expectedLoss: { args: () => [gstate(), { draws: 50 }], options: 1, seed: "rng", typed: ["rng"] },
    summarizeBandit: { args: () => [bstate(), { draws: 50, segment: "s" }], options: 1, seed: "rng", typed: ["rng"] },
    shouldStop: { args: () => [bstate(), { draws: 50, lossThreshold: 0.1 }], options: 1, seed: "rng", typed: ["rng"] },
    factorMarginals: { args: () => [fstate(), { draws: 50 }], options: 1, seed: "rng", typed: ["rng"] },
    simulateBandit: { args: () => ["ucb1", { armMeans: [0.1, 0.2], horizon: 40, repetitions: 2 }], options: 1, seed: "seed", typed: ["signal", "onProgress"] },
    simulateBanditAsync: {
      args: () => ["ucb1", { armMeans: [0.1, 0.2], horizon: 40, repetitions: 2 }],
      options: 1,
      seed: "seed",
      async: true,
      typed: ["signal", "onProgress"],
    },
  },
  experiment: {
    ...UTIL,
    twoProportionTest: { args: () => [conv(200, 2000), conv(250, 2000), { alpha: 0.05 }], options: 2 },
    welchTTest: { args: () => [raw(1), raw(2, 1), { alpha: 0.05 }], options: 2 },
    bayesianProportions: { args: () => [conv(30, 500), conv(38, 500), { prior: { alpha: 1, beta: 1 } }], options: 2 },
    bayesianMeans: { args: () => [{ mean: 10, sd: 20, n: 5000 }, { mean: 10.8, sd: 21, n: 5000 }, {}], options: 2 },
    betaQuantile: { args: () => [0.975, 201, 1801] },
    sampleSizeProportions: { args: () => [{ baseline: 0.1, mde: 0.01 }], options: 0 },
    powerProportions: { args: () => [{ n: 500, p1: 0.1, p2: 0.12 }], options: 0 },
    sampleSizeMeans: { args: () => [{ mde: 1, sd: 3 }], options: 0 },
    powerMeans: { args: () => [{ n: 20, delta: 1, sd: 1 }], options: 0 },
    noncentralTSf: { args: () => [2, 10, 1.5] },
    sampleRatioMismatch: { args: () => [[5012, 4988], { expected: [1, 1] }], options: 1 },
    cuped: { args: () => [{ y: raw(1, 5), x: raw(1) }, { y: raw(2, 6), x: raw(3) }, { alpha: 0.05 }], options: 2 },
    sequentialTest: {
      args: () => [
        [
          { control: conv(50, 1000), treatment: conv(62, 1000) },
          { control: conv(101, 2000), treatment: conv(140, 2000) },
        ],
        { alpha: 0.05 },
      ],
      options: 1,
    },
    adjustPValues: { args: () => [[0.01, 0.04, 0.03], "bh"], accepts: ["arg1:undefined", "arg0:empty"] },
    heterogeneityTest: {
      args: () => [
        [0.02, -0.01, 0.015],
        [0.008, 0.01, 0.012],
      ],
    },
    segmentEffects: {
      args: () => [
        [
          { segment: "new", control: conv(120, 3000), treatment: conv(170, 3000) },
          { segment: "returning", control: conv(300, 3000), treatment: conv(290, 3000) },
        ],
        { correction: "holm" },
      ],
      options: 1,
    },
    analyzeExperiment: {
      args: () => [{ metricName: "conversion", control: conv(1400, 12000), treatment: conv(1250, 12000), mde: 0.01 }, { alpha: 0.05 }],
      options: 1,
    },
  },
  sentiment: {
    ...UTIL,
    // VADER scores "" as neutral (0, 1, 0, 0), as the reference implementation does
    scoreSentiment: { args: () => ["VADER is smart, handsome, and funny."], options: 1, accepts: ["arg0:empty"] },
    scoreSentimentBatch: { args: () => [["The book was good.", "Today SUX!"]], options: 1 },
    sentimentScoreRows: { args: () => [clone(sentBatch)] },
    sentimentSegments: { args: () => [messages()], options: 1 },
    sentimentSegmentRows: { args: () => [clone(sentSegs)] },
  },
  journey: { ...UTIL, ...JOURNEY_CASES },
  predict: { ...UTIL, ...PREDICT_LINEAR_CASES, ...PREDICT_TREES_CASES, ...PREDICT_FEATURES_CASES },
  sql: { ...UTIL, ...SQL_CASES },
  plot: { ...UTIL, ...PLOT_CASES },
  personalize: { ...UTIL, ...PERSONALIZE_CASES },
};

/** Exports of the root entry that are not functions of any subpath but are legitimately root-only. */
export const ROOT_ONLY: Record<string, Case> = {};
