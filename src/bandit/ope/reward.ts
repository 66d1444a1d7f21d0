// The direct method's reward model: the library's own ridge regression per action (a disjoint
// contextual bandit's statistics, with an intercept added), or predictions given per row. Internal.

import { createContextualBandit } from "../contextual/state.js";
import { updateContextualBanditInPlace } from "../contextual/update.js";
import { contextualScores } from "../contextual/choose.js";

/**
 * Fitted expected reward of every action for every row (n x A, row-major), from a per-action ridge
 * regression on [1, context] with penalty `ridge`. Rows without context use the intercept alone.
 */
export function ridgeRewardModel(contexts: (ArrayLike<number> | undefined)[], actions: Int32Array, rewards: Float64Array, A: number, ridge: number): Float64Array {
  const n = actions.length;
  const d = 1 + (contexts[0] === undefined ? 0 : contexts[0].length);
  const state = createContextualBandit({ arms: A, dimension: d, ridge });
  const x = new Array<number>(d).fill(0);
  const row = (i: number): number[] => {
    x[0] = 1;
    const c = contexts[i];
    for (let j = 1; j < d; j++) x[j] = (c as ArrayLike<number>)[j - 1];
    return x;
  };
  for (let i = 0; i < n; i++) updateContextualBanditInPlace(state, row(i), actions[i], rewards[i]);
  const out = new Float64Array(n * A);
  for (let i = 0; i < n; i++) {
    const m = contextualScores(state, row(i)).mean;
    for (let a = 0; a < A; a++) out[i * A + a] = m[a];
  }
  return out;
}
