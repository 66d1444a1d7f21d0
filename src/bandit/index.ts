/**
 * `clientele/bandit`: multi-armed bandits as plain JSON state. Thompson sampling
 * (Beta-Bernoulli and Normal-Inverse-Gamma Gaussian arms), UCB1 and epsilon-greedy;
 * discounting and sliding windows for drifting rewards; per-segment posteriors with a
 * pooled fallback; probability best, expected loss and a stopping rule; factorial
 * (multivariate) tests; and a regret simulator.
 *
 * @packageDocumentation
 */
export { ClienteleError, isClienteleError } from "../core/errors.js";
export { createRng, isRng, type Rng } from "../core/rng.js";
export { createBandit, banditFromJSON, addArm, retireArm } from "./state.js";
export type {
  BanditState,
  BanditRewardType,
  BanditPolicy,
  BanditPolicyName,
  BanditPolicyInput,
  ThompsonPolicy,
  Ucb1Policy,
  EpsilonGreedyPolicy,
  BanditPrior,
  BetaPrior,
  NormalInverseGammaPrior,
  ArmStatistics,
  FactorialDesign,
  CreateBanditOptions,
} from "./state.js";
export { chooseArm, chooseArmIndex, updateBandit, updateBanditInPlace, updateBanditBatch } from "./policy.js";
export type {
  ChooseArmOptions,
  UpdateBanditOptions,
  BanditUpdate,
  BanditRewardUpdate,
  BanditSummaryUpdate,
} from "./policy.js";
export { probabilityBest, expectedLoss, summarizeBandit, shouldStop } from "./decision.js";
export type { DecisionOptions, ShouldStopOptions, ArmDecision, BanditSummary, StopDecision } from "./decision.js";
export { createFactorialBandit, factorMarginals } from "./factorial.js";
export type { CreateFactorialBanditOptions, FactorLevelSummary, FactorMarginal } from "./factorial.js";
export { simulateBandit, simulateBanditAsync } from "./simulate.js";
export type {
  SimulateBanditOptions,
  SimulatedBanditConfig,
  SimulateBanditProgress,
  ArmMeansChange,
  BanditSimulation,
} from "./simulate.js";
// Contextual bandits (src/bandit/contextual/) are built but not public yet: they have no tests,
// contract cases or docs (issue 13). Export them here when those land.
