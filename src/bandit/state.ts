// The bandit state lives in src/bandit/state/, one concept per file: the state and option
// types, the limits, creation (policy and prior normalization), statistics blocks and segments,
// the state checks, arm management and banditFromJSON. This file re-exports what it exported
// before the split, so every import path ("./state.js", "../state.js" in contextual/, and in
// tests) keeps working.
export type {
  BanditRewardType,
  ThompsonPolicy,
  Ucb1Policy,
  EpsilonGreedyPolicy,
  BanditPolicy,
  BanditPolicyName,
  BanditPolicyInput,
  BetaPrior,
  NormalInverseGammaPrior,
  BanditPrior,
  ArmStatistics,
  FactorialDesign,
  BanditState,
  CreateBanditOptions,
} from "./state/types.js";
export { MAX_ARMS, MAX_REWARD, MAX_COUNT, REL, POOLED_PATH } from "./state/limits.js";
export { normalizePolicy, normalizePrior, armNames, createBandit } from "./state/create.js";
export {
  emptyStatistics,
  segmentOption,
  segmentField,
  segmentBlock,
  setSegment,
  cloneStatistics,
  cloneBandit,
  totalPlays,
  blockFor,
} from "./state/statistics.js";
export { checkState, checkBlock, checkFactors, validateState } from "./state/check.js";
export { resolveArm, addArm, retireArm } from "./state/arms.js";
export { banditFromJSON } from "./state/json.js";
