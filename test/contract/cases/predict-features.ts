// Contract cases for the predict-features exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";

const tx = () => [
  { customerId: "a", timestamp: "2024-01-01", amount: 20 },
  { customerId: "a", timestamp: "2024-01-21", amount: 30 },
  { customerId: "b", timestamp: "2024-01-11", amount: 15 },
  { customerId: "b", timestamp: "2024-01-25", amount: 5 },
  { customerId: 7, timestamp: "2024-01-15", amount: 12 },
  { customerId: "a", timestamp: "2024-02-10", amount: 30 },
  { customerId: 7, timestamp: "2024-03-05", amount: 8 },
  { customerId: "c", timestamp: "2024-03-20", amount: 9 },
];

export const PREDICT_FEATURES_CASES: Record<string, Case> = {
  buildFeatures: { args: () => [tx(), { asOf: "2024-01-31" }], options: 1, checkArgs: [0] },
  buildLabels: { args: () => [tx(), { asOf: "2024-01-31", horizon: 30 }], options: 1, checkArgs: [0] },
  backtestSplits: { args: () => [tx(), { horizon: 20, asOf: ["2024-01-26", "2024-02-28"] }], options: 1, checkArgs: [0] },
  baselineScores: { args: () => [tx(), { asOf: "2024-02-29" }], options: 1, checkArgs: [0] },
};
