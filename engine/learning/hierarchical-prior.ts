import type { ProviderId } from '../types.js';
import type { DiscountedLevel } from './beta-arm-stats.js';

/** Beta posterior shapes. */
export interface BetaShape {
  readonly alpha: number;
  readonly beta: number;
}

/**
 * Posterior of `provider` at the most specific of `levels` (ordered most specific first,
 * e.g. `[DE:262-01:standard, DE:*:standard, *:*:standard, *:*:*]`; a missing level has
 * no data). The global level has the prior Beta(1, 1); every other level's prior is
 * centred on its parent's posterior mean mu_p with strength m = min(priorStrength, n_p),
 * n_p = alpha_p + beta_p - 2 being the parent's effective count for this provider
 * (its discounted data plus what it borrowed itself, so knowledge passes through a
 * level that has no data yet, e.g. a new route class):
 *
 *   alpha_0 = 1 + m * mu_p,  beta_0 = 1 + m * (1 - mu_p),
 *   alpha = alpha_0 + S,      beta = beta_0 + F.
 *
 * So a new operator starts from what its country knows, and a parent can never lend
 * more than `priorStrength` pseudo-observations (empirical-Bayes style shrinkage, cf.
 * Gelman et al., "Bayesian Data Analysis", 3rd ed., ch. 5). Both shapes are >= 1.
 * The parent's statistics include the child's own observations, so with priorStrength
 * m the child's evidence counts up to m extra times; keep priorStrength small.
 */
export function hierarchicalPosterior(
  levels: readonly (DiscountedLevel | undefined)[],
  provider: ProviderId,
  priorStrength: number,
): BetaShape {
  let alpha = 1;
  let beta = 1;
  let parentN = 0;
  for (let l = levels.length - 1; l >= 0; l--) {
    const level = levels[l];
    const mu = alpha / (alpha + beta);
    const m = Math.min(priorStrength, parentN);
    let s = 0;
    let f = 0;
    const arm = level?.arms.get(provider);
    if (level !== undefined && arm !== undefined) {
      const d = level.decay(arm);
      s = arm.s * d;
      f = arm.f * d;
    }
    alpha = 1 + m * mu + s;
    beta = 1 + m * (1 - mu) + f;
    parentN = alpha + beta - 2;
  }
  return { alpha, beta };
}
