// Contract cases for the bandit-contextual exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import type { Case } from "../cases.js";
import * as bandit from "../../../src/bandit/index.js";
import { createRng } from "../../../src/core/rng.js";

const made = (() => {
  let s = bandit.createContextualBandit({ arms: ["a", "b", "c"], dimension: 2, seed: 1 });
  s = bandit.updateContextualBandit(s, [1, 0], 0, 1);
  s = bandit.updateContextualBandit(s, [0, 1], 1, 0.5, { segment: "s" });
  s = bandit.updateContextualBandit(s, [1, 1], "c", 0);
  return s;
})();
const ts = bandit.updateContextualBandit(bandit.createContextualBandit({ arms: 2, dimension: 2, policy: "thompson", seed: 2 }), [1, 0], 0, 1);
const state = () => structuredClone(made);
const json = <T>(x: T): any => JSON.parse(JSON.stringify(x));

export const BANDIT_CONTEXTUAL_CASES: Record<string, Case> = {
  createContextualBandit: {
    args: () => [{ arms: ["a", "b"], dimension: 2, policy: "thompson" }],
    options: 0,
    seed: "seed",
    fromJSON: "contextualBanditFromJSON",
    predict: (s) => bandit.chooseContextualArm(s, [1, 0.5], { rng: createRng(3) }),
  },
  contextualBanditFromJSON: { args: () => [json(made)], loads: true, negate: (j) => (j.ridge = -1) },
  // without `rng`, chooseContextualArm advances the state's own random stream (as chooseArm)
  chooseContextualArm: { args: () => [structuredClone(ts), [0.5, 1], {}], options: 2, seed: "rng", typed: ["rng"], mutates: [0] },
  actionProbabilities: { args: () => [structuredClone(ts), [0.5, 1], {}], options: 2 },
  contextualScores: { args: () => [state(), [0.5, 1], { segment: "s" }], options: 2 },
  // rng is required (no state to hold a stream): `seed: "rng"` supplies it to every call
  chooseFromScores: {
    args: () => [[0.2, 0.5, 0.1], { policy: "epsilon-greedy", epsilon: 0.2, arms: ["a", "b", "c"] }],
    options: 1,
    seed: "rng",
    typed: ["rng"],
  },
  chooseFromScoresBatch: {
    args: () => [
      [
        [0.2, 0.5],
        [0.4, 0.1],
      ],
      { policy: "softmax", temperature: 0.5 },
    ],
    options: 1,
    seed: "rng",
    typed: ["rng"],
  },
  updateContextualBandit: {
    args: () => [state(), [1, 2], "b", 1, {}],
    options: 4,
    fromJSON: "contextualBanditFromJSON",
    predict: (s) => bandit.contextualScores(s, [1, 2]),
  },
  updateContextualBanditInPlace: { args: () => [state(), [1, 2], 0, 1, {}], options: 4, mutates: [0] },
  estimatePolicyValue: {
    args: () => [
      [
        { action: "a", reward: 1, propensity: 0.5, context: [0.5] },
        { action: "b", reward: 0, propensity: 0.5, context: [-1] },
        { action: 0, reward: 1, propensity: 0.25, context: [2] },
      ],
      [
        [0.9, 0.1],
        [0.3, 0.7],
        [1, 0],
      ],
      { actions: ["a", "b"], resamples: 20 },
    ],
    options: 2,
    seed: "seed",
  },
  updateContextualBanditBatch: { args: () => [state(), [{ context: [1, 0], arm: 1, reward: 2 }]], accepts: ["arg1:empty"] },
};
