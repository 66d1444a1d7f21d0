// Contract cases for the personalize exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";
import * as p from "../../../src/personalize/index.js";

const ux = () => [
  [0, 1],
  [1, 0],
  [0, 0],
  [1, 1],
  [0, 1],
  [1, 0],
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
  [1, 0],
  [0, 1],
];
const uarm = () => ["control", "control", "control", "control", "a", "a", "a", "a", "b", "b", "b", "b"];
const uy = () => [0, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 0];
const um = p.fitUplift(ux(), uarm(), uy(), { penalty: 0.1 });
const qy = () => [1, 0, 1, 0, 1, 1];
const qu = () => [0.9, 0.5, 0.3, 0.1, 0.7, 0.2];
const qt = () => [1, 0, 0, 1, 1, 0];

const nbaCustomers = () => [
  { id: 1, attributes: { segment: "vip" }, consent: { email: true, sms: true } },
  { id: "b", attributes: { segment: "new" }, consent: { email: true }, contacts: [{ at: "2026-12-01T10:00:00Z", channel: "email" }] },
  { id: 3, consent: { email: true } },
];
const nbaActions = () => [
  { id: "offer", channel: "sms", value: 100, cost: 2, capacity: 1, propensity: 0.2, eligibility: [{ attribute: "segment", in: ["vip", "new"] }] },
  { id: "mail", channel: "email", value: 20, cost: 0.5, propensity: { 1: 0.1, b: 0.3, 3: 0.2 } },
];
const stEvents = () => [
  { customerId: 1, timestamp: "2026-11-02T09:00:00Z", type: "send", timeZone: "Europe/Paris" },
  { customerId: 1, timestamp: "2026-11-02T09:20:00Z", type: "open", timeZone: "Europe/Paris" },
  { customerId: 1, timestamp: "2026-11-03T18:00:00Z", type: "send", timeZone: "Europe/Paris" },
  { customerId: "b", timestamp: "2026-11-04T07:00:00Z", type: "send", timeZone: "UTC" },
  { customerId: "b", timestamp: "2026-11-04T08:00:00Z", type: "open", timeZone: "UTC" },
];
const st = p.fitSendTime(stEvents() as never, { slots: "hour-of-day", timeZone: "event" });
const plan = p.nextBestAction(nbaCustomers() as p.NbaCustomer[], nbaActions());
const times = p.bestSendTimes(st, [1, "b"]);

export const PERSONALIZE_CASES: Record<string, Case> = {
  fitUplift: {
    args: () => [ux(), uarm(), uy(), { penalty: 0.1 }],
    options: 3,
    fromJSON: "upliftFromJSON",
    predict: (m) => p.predictUplift(m, ux()),
    negate: (j) => (j.outcomeModels[0].scale[0] = -1),
  },
  predictUplift: { args: () => [structuredClone(um), ux()], options: 2 },
  upliftFromJSON: { args: () => [JSON.parse(JSON.stringify(um))], loads: true, negate: (j) => (j.outcomeModels[0].scale[0] = -1) },
  qiniCurve: { args: () => [qy(), qu(), qt()], options: 3 },
  upliftCurve: { args: () => [qy(), qu(), qt()] },
  averageTreatmentEffects: { args: () => [uarm(), uy()], options: 2 },
  nextBestAction: {
    args: () => [nbaCustomers(), nbaActions(), { now: "2026-12-04T00:00:00Z", contactPolicy: { caps: [{ channel: "email", max: 1, days: 7 }] } }],
    options: 2,
  },
  fitSendTime: {
    args: () => [stEvents(), { slots: "hour-of-day", timeZone: "event" }],
    options: 1,
    fromJSON: "sendTimeFromJSON",
    predict: (m) => p.bestSendTimes(m, [1, "b", "new"]),
    negate: (j) => (j.population.sends[9] = -1),
  },
  sendTimeFromJSON: { args: () => [JSON.parse(JSON.stringify(st))], loads: true, negate: (j) => (j.population.sends[9] = -1) },
  bestSendTimes: { args: () => [structuredClone(st), [1, "b"], { mode: "thompson" }], options: 2, seed: "seed", typed: ["rng"] },
  logisticRegressionLearner: { args: () => [{ lambda: 1 }], utility: true },
  customerProfile: { args: () => [{ nextBestAction: structuredClone(plan), sendTime: structuredClone(times), clv: [{ id: 1, clv: 10 }] }], options: 1 },
};
