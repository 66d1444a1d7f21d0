// Contract cases for the predict-linear exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";
import { calibrate, fitLogisticRegression, predictProba } from "../../../src/predict/index.js";
import { simulateCustomers } from "../../../src/data/index.js";

const X = () => [
  [1, 0],
  [2, 1],
  [3, 0],
  [4, 1],
  [5, 0],
  [6, 1],
  [2.5, 1],
  [4.5, 0],
];
const y = () => [0, 0, 1, 0, 1, 1, 0, 1];
const grid = () => [
  [0, 0],
  [3.5, 1],
  [7, 0],
];
const lr = fitLogisticRegression(X(), y());
const cal = calibrate(lr, X(), y(), { method: "isotonic" });
const churnLog = simulateCustomers({ n: 80, seed: 2 }).transactions;
const scores = () => [0.9, 0.2, 0.65, 0.4, 0.8, 0.1, 0.35, 0.7];
const labels = () => [1, 0, 1, 0, 1, 0, 1, 0];

export const PREDICT_LINEAR_CASES: Record<string, Case> = {
  fitLogisticRegression: {
    args: () => [X(), y(), { lambda: 0.5 }],
    options: 2,
    typed: ["signal", "onProgress"],
    fromJSON: "logisticRegressionFromJSON",
    predict: (m) => predictProba(m, grid()),
    checkArgs: [0, 1],
  },
  fitLogisticRegressionAsync: {
    args: () => [X(), y(), { lambda: 0.5 }],
    options: 2,
    async: true,
    typed: ["signal", "onProgress"],
    fromJSON: "logisticRegressionFromJSON",
    checkArgs: [0, 1],
  },
  logisticRegressionFromJSON: { args: () => [JSON.parse(JSON.stringify(lr))], loads: true, negate: (j) => (j.featureStd[0] = -1) },
  explainLogisticRegression: { args: () => [JSON.parse(JSON.stringify(lr))], checkArgs: [0] },
  predictProba: { args: () => [JSON.parse(JSON.stringify(lr)), grid()], checkArgs: [0, 1] },
  predict: { args: () => [JSON.parse(JSON.stringify(lr)), grid(), { threshold: 0.4 }], options: 2, checkArgs: [0, 1] },
  calibrate: {
    args: () => [JSON.parse(JSON.stringify(lr)), X(), y(), { method: "platt" }],
    options: 3,
    fromJSON: "calibratedModelFromJSON",
    predict: (m) => predictProba(m, grid()),
    checkArgs: [0, 1, 2],
  },
  calibratedModelFromJSON: { args: () => [JSON.parse(JSON.stringify(cal))], loads: true, negate: (j) => (j.base.featureStd[0] = -1) },
  rocAuc: { args: () => [labels(), scores(), {}], options: 2, checkArgs: [0, 1] },
  averagePrecision: { args: () => [labels(), scores(), {}], options: 2, checkArgs: [0, 1] },
  logLoss: { args: () => [labels(), scores(), {}], options: 2, checkArgs: [0, 1] },
  brierScore: { args: () => [labels(), scores(), { sampleWeight: [1, 2, 1, 1, 1, 1, 0.5, 1] }], options: 2, checkArgs: [0, 1] },
  liftTable: { args: () => [labels(), scores(), { groups: 4 }], options: 2, checkArgs: [0, 1] },
  costThreshold: { args: () => [labels(), scores(), { contactCost: 5, savedValue: 40, saveRate: 0.5 }], options: 2, checkArgs: [0, 1] },
  compareModels: {
    args: () => [
      labels(),
      { model: scores(), other: [0.3, 0.2, 0.1, 0.9, 0.8, 0.5, 0.6, 0.4] },
      {
        groups: 4,
        ids: ["a", "b", "c", "d", "e", "f", "g", "h"],
        baselines: { ids: ["h", "g", "f", "e", "d", "c", "b", "a"], scores: { recency: [1, 2, 3, 4, 5, 6, 7, 8] } },
      },
    ],
    options: 2,
    checkArgs: [0, 1],
  },
  permutationImportance: { args: () => [JSON.parse(JSON.stringify(lr)), X(), y(), { repeats: 3 }], options: 3, seed: "seed", checkArgs: [0, 1, 2] },
  churnPropensity: { args: () => [structuredClone(churnLog), { horizon: 60, windows: [30], reasons: 2 }], options: 1, checkArgs: [0], slowMs: 4000 },
  calibrationTable: { args: () => [labels(), scores(), { bins: 5, strategy: "quantile" }], options: 2, checkArgs: [0, 1] },
};
