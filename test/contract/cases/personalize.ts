// Contract cases for the personalize exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";
import * as p from "../../../src/personalize/index.js";

const ux = () => [[0, 1], [1, 0], [0, 0], [1, 1], [0, 1], [1, 0], [0, 0], [1, 1], [1, 1], [0, 0], [1, 0], [0, 1]];
const uarm = () => ["control", "control", "control", "control", "a", "a", "a", "a", "b", "b", "b", "b"];
const uy = () => [0, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 0];
const um = p.fitUplift(ux(), uarm(), uy(), { penalty: 0.1 });
const qy = () => [1, 0, 1, 0, 1, 1];
const qu = () => [0.9, 0.5, 0.3, 0.1, 0.7, 0.2];
const qt = () => [1, 0, 0, 1, 1, 0];

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
};
