// Contract cases for the journey exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";
import { heuristicAttribution, markovAttribution } from "../../../src/journey/index.js";

const events = () => [
  { customerId: 1, timestamp: "2024-03-01T10:00:00Z", channel: "seo", event: "visit" },
  { customerId: 1, timestamp: "2024-03-02T10:00:00Z", channel: "email", event: "visit" },
  { customerId: 1, timestamp: "2024-03-02T10:05:00Z", event: "purchase", value: 20 },
  { customerId: 2, timestamp: "2024-03-01T09:00:00Z", channel: "ads", event: "visit" },
  { customerId: 3, timestamp: "2024-03-03T09:00:00Z", channel: "seo", event: "visit" },
  { customerId: 3, timestamp: "2024-03-03T09:10:00Z", event: "purchase", value: 5 },
];
const stages = () => [
  { name: "awareness", events: ["visit"] },
  { name: "purchase", events: ["purchase"] },
];
const paths = () => [
  { path: "seo > email", conversions: 2, value: 30, nulls: 1 },
  { path: "ads", conversions: 0, nulls: 3 },
  { path: "seo > ads > email", conversions: 1, value: 8, nulls: 2 },
];
const heur = heuristicAttribution(paths());
const mark = markovAttribution(paths());

export const JOURNEY_CASES: Record<string, Case> = {
  sessionize: { args: () => [events()], options: 1 },
  buildPaths: { args: () => [events()], options: 1 },
  assignStages: { args: () => [events(), { stages: stages() }], options: 1 },
  stageTransitions: { args: () => [events(), { stages: stages(), from: "2024-03-01T12:00:00Z", to: "2024-03-04" }], options: 1 },
  funnelReport: { args: () => [events(), { stages: stages() }], options: 1 },
  heuristicAttribution: { args: () => [paths()], options: 1 },
  heuristicRows: { args: () => [structuredClone(heur)] },
  markovAttribution: { args: () => [paths()], options: 1 },
  markovRows: { args: () => [structuredClone(mark)] },
};
