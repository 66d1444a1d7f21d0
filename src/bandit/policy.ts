// Choosing arms and recording rewards lives in src/bandit/policy/, one concept per file:
// option and update types, posterior draws, the trusted block kernels, option checks, the
// hot-path decision with fused checks, the checked decision, single updates and batch updates.
// This file re-exports what it exported before the split, so every import path ("./policy.js"
// in index.ts, decision.ts, factorial.ts, simulate.ts and in tests) keeps working.
export type { ChooseArmOptions, UpdateBanditOptions, BanditRewardUpdate, BanditSummaryUpdate, BanditUpdate } from "./policy/types.js";
export { drawArmMean, gaussianPosterior } from "./policy/posterior.js";
export { chooseFromBlock, observeInBlock, observe } from "./policy/block.js";
export { resolveRng } from "./policy/options.js";
export { chooseIndexChecked, chooseArmIndex, chooseArm } from "./policy/choose.js";
export { updateBanditInPlace, updateInPlaceChecked, updateBandit } from "./policy/update.js";
export { updateBanditBatch } from "./policy/batch.js";
