/**
 * `clientele/bandit`: multi-armed bandits as plain JSON state. Thompson sampling
 * (Beta-Bernoulli and Normal-Inverse-Gamma Gaussian arms), UCB1 and epsilon-greedy;
 * discounting and sliding windows for drifting rewards; per-segment posteriors with a
 * pooled fallback; probability best, expected loss and a stopping rule; factorial
 * (multivariate) tests; a regret simulator; contextual bandits (LinUCB disjoint / shared / hybrid,
 * linear Thompson sampling, epsilon-greedy and softmax over ridge estimates) that log their
 * propensities; epsilon-greedy, softmax and greedy choices over the scores of any model
 * (`chooseFromScores`), with the same propensities; and off-policy evaluation of a new policy on
 * those logs (IPS, SNIPS, DM, DR, SNDR, switch-DR, replay).
 *
 * @packageDocumentation
 * @module clientele/bandit
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
// contextual bandits (issue 13)
export { createContextualBandit, contextualBanditFromJSON } from "./contextual/state.js";
export type {
  ContextualBanditState,
  ContextualModel,
  ContextualPolicy,
  ContextualPolicyInput,
  LinUcbPolicy,
  LinearThompsonPolicy,
  ContextualEpsilonGreedyPolicy,
  SoftmaxPolicy,
  LinearStatistics,
  SharedStatistics,
  CreateContextualBanditOptions,
} from "./contextual/state.js";
export type { ContextInput } from "./contextual/context.js";
export { chooseContextualArm, actionProbabilities, contextualScores } from "./contextual/choose.js";
export type { ChooseContextualArmOptions, ActionProbabilitiesOptions, PropensityMethod, ContextualChoice, ContextualScores } from "./contextual/choose.js";
export { chooseFromScores, chooseFromScoresBatch } from "./contextual/scores.js";
export type { ChooseFromScoresOptions, ScoreChoice, ScorePolicy } from "./contextual/scores.js";
export { updateContextualBandit, updateContextualBanditInPlace, updateContextualBanditBatch } from "./contextual/update.js";
export type { UpdateContextualBanditOptions, ContextualUpdate } from "./contextual/update.js";
// off-policy evaluation (issue 13)
export { estimatePolicyValue } from "./ope/estimate.js";
export type { LoggedDecision, TargetPolicy, PolicyEstimator, EstimatePolicyValueOptions, PolicyValueEstimate, PolicyValueReport } from "./ope/estimate.js";
