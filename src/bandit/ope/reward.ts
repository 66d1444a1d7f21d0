// The direct method's reward model: a ridge regression per action on [1, context] (the same
// estimate as a disjoint contextual bandit's theta_a = (ridge I + sum x x^T)^-1 sum r x), or
// predictions given per row. Internal; inputs are checked by estimatePolicyValue.

import { invertSpd } from "../contextual/linalg.js";

/**
 * Fitted expected reward of every action for every row (n x A, row-major), from a per-action ridge
 * regression on [1, context] with penalty `ridge`. Rows without context use the intercept alone.
 * O(n d^2 + A d^3 + n A d).
 */
export function ridgeRewardModel(
  contexts: (ArrayLike<number> | undefined)[],
  actions: Int32Array,
  rewards: Float64Array,
  A: number,
  ridge: number,
): Float64Array {
  const n = actions.length;
  const d = 1 + (contexts[0] === undefined ? 0 : contexts[0].length);
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    X[i * d] = 1;
    const c = contexts[i];
    for (let j = 1; j < d; j++) X[i * d + j] = (c as ArrayLike<number>)[j - 1];
  }
  const theta = new Float64Array(A * d);
  const M = new Float64Array(A * d * d);
  const b = new Float64Array(A * d);
  for (let a = 0; a < A; a++) for (let j = 0; j < d; j++) M[a * d * d + j * d + j] = ridge;
  for (let i = 0; i < n; i++) {
    const a = actions[i];
    const off = a * d * d;
    for (let j = 0; j < d; j++) {
      const xj = X[i * d + j];
      b[a * d + j] += rewards[i] * xj;
      for (let e = 0; e < d; e++) M[off + j * d + e] += xj * X[i * d + e];
    }
  }
  for (let a = 0; a < A; a++) {
    const inv = invertSpd(M.subarray(a * d * d, (a + 1) * d * d), d);
    if (inv === null) continue; // not reachable: ridge I + X^T X is positive definite; predictions stay 0
    for (let j = 0; j < d; j++) {
      let v = 0;
      for (let e = 0; e < d; e++) v += inv[j * d + e] * b[a * d + e];
      theta[a * d + j] = v;
    }
  }
  const out = new Float64Array(n * A);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < A; a++) {
      let v = 0;
      for (let j = 0; j < d; j++) v += theta[a * d + j] * X[i * d + j];
      out[i * A + a] = v;
    }
  }
  return out;
}
