// Posterior draws of one arm's mean reward: Beta for Bernoulli arms, the Student-t marginal of
// the Normal-Inverse-Gamma posterior for Gaussian arms. Trusted input.
import { fastBeta, fastGamma, fastNormal } from "../sample.js";
import type { Draws } from "../stream.js";
import type { ArmStatistics, BanditState, BetaPrior, NormalInverseGammaPrior } from "../state.js";

/** One posterior draw of arm `k`'s mean reward (Beta, or Student-t from the Normal-Inverse-Gamma posterior). */
export function drawArmMean(state: BanditState, s: ArmStatistics, k: number, rng: Draws): number {
  if (state.reward === "bernoulli") {
    const prior = state.prior as BetaPrior;
    const sum = s.sum[k];
    const fail = s.n[k] - sum;
    return fastBeta(rng, prior.alpha + (sum > 0 ? sum : 0), prior.beta + (fail > 0 ? fail : 0));
  }
  return drawGaussianMean(state.prior as NormalInverseGammaPrior, s.n[k], s.sum[k], s.sumSq[k], rng);
}

/**
 * Normal-Inverse-Gamma posterior parameters from weighted sufficient statistics. With rewards
 * and prior fields bounded by 1e100 and at most 2^53 observations, every term is finite
 * (kappa0 n / kappa is computed as (kappa0 / kappa) n so it cannot overflow).
 */
export function gaussianPosterior(
  prior: NormalInverseGammaPrior,
  n: number,
  sum: number,
  sumSq: number,
): { mean: number; kappa: number; alpha: number; beta: number } {
  if (n <= 0) return { mean: prior.mean, kappa: prior.kappa, alpha: prior.alpha, beta: prior.beta };
  const xbar = sum / n;
  const ss = sumSq - sum * xbar;
  const kappa = prior.kappa + n;
  const d = xbar - prior.mean;
  return {
    mean: (prior.kappa * prior.mean + sum) / kappa,
    kappa,
    alpha: prior.alpha + n / 2,
    beta: prior.beta + 0.5 * (ss > 0 ? ss : 0) + 0.5 * (prior.kappa / kappa) * n * d * d,
  };
}

/** Posterior draws are kept within +-1e140: far beyond any mean a state can hold, finite under squaring and summing. */
const DRAW_LIMIT = 1e140;

export function drawGaussianMean(prior: NormalInverseGammaPrior, n: number, sum: number, sumSq: number, rng: Draws): number {
  let mean = prior.mean;
  let kappa = prior.kappa;
  let alpha = prior.alpha;
  let beta = prior.beta;
  if (n > 0) {
    const xbar = sum / n;
    const ss = sumSq - sum * xbar;
    kappa = prior.kappa + n;
    const d = xbar - prior.mean;
    mean = (prior.kappa * prior.mean + sum) / kappa;
    alpha = prior.alpha + n / 2;
    beta = prior.beta + 0.5 * (ss > 0 ? ss : 0) + 0.5 * (prior.kappa / kappa) * n * d * d;
  }
  // variance ~ InvGamma(alpha, beta); mean | variance ~ N(mean, variance / kappa):
  // marginally a Student-t with 2 alpha degrees of freedom.
  const variance = beta / fastGamma(rng, alpha);
  const x = mean + Math.sqrt(variance / kappa) * fastNormal(rng);
  // a Gamma draw can underflow to 0 for tiny shapes (variance Infinity): keep the draw finite
  if (x >= -DRAW_LIMIT && x <= DRAW_LIMIT) return x;
  return x > 0 ? DRAW_LIMIT : x < 0 ? -DRAW_LIMIT : mean;
}
