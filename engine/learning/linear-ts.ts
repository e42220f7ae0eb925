import type { EngineDeps } from '../types.js';
import { DEFAULT_EXPLORATION_FLOOR, validateExplorationFloor } from './exploration-floor.js';
import { gaussianBestArmProbabilities } from './gaussian-best-arm.js';
import { mergeConfig, requireInRange, requireVersion } from './policy-config-checks.js';
import { type ContextualPolicy, createRidgePolicy, DEFAULT_FEATURE_MAP, type FeatureMap } from './ridge-policy.js';

/** z for a two-sided 90% interval. */
const Z90 = 1.6448536269514722;

export interface LinearTsConfig {
  readonly kind: 'linear-ts';
  readonly version: string;
  /** Ridge regulariser lambda in (0, 1e6]: A starts at lambda I. */
  readonly lambda: number;
  /** Posterior scale v in (0, 10]: theta ~ N(theta_hat, v^2 A^-1). */
  readonly v: number;
  /** Discount gamma in (0, 1]; 1 = no forgetting. */
  readonly gamma: number;
  readonly explorationFloor: number;
}

export const DEFAULT_LINEAR_TS_CONFIG: LinearTsConfig = Object.freeze({
  kind: 'linear-ts',
  version: 'linear-ts-v1',
  lambda: 1,
  v: 0.25,
  gamma: 1,
  explorationFloor: DEFAULT_EXPLORATION_FLOOR,
});

/** @throws RangeError naming lambda, v, gamma or explorationFloor when out of range; TypeError on unknown keys */
export function linearTsConfig(partial?: Partial<LinearTsConfig>): LinearTsConfig {
  const merged = mergeConfig(DEFAULT_LINEAR_TS_CONFIG, partial);
  return Object.freeze({
    kind: 'linear-ts',
    version: requireVersion(merged.version),
    lambda: requireInRange('lambda', merged.lambda, 0, 1e6, { minExclusive: true }),
    v: requireInRange('v', merged.v, 0, 10, { minExclusive: true }),
    gamma: requireInRange('gamma', merged.gamma, 0, 1, { minExclusive: true }),
    explorationFloor: validateExplorationFloor(merged.explorationFloor),
  });
}

/**
 * Linear Thompson sampling (Agrawal & Goyal 2013, "Thompson sampling for contextual bandits
 * with linear payoffs") with disjoint ridge models per (country:routeClass, provider), run as
 * probability matching with an exact propensity: under theta_i ~ N(theta_hat_i, v^2 A_i^-1)
 * the sampled score of arm i is N(theta_hat_i^T x, v^2 x^T A_i^-1 x), so
 * p_i = P(arm i's score is the largest) is computed by quadrature
 * ({@link gaussianBestArmProbabilities}) instead of drawing theta; then the exploration floor
 * is mixed in and one uniform draw picks. Same choice distribution as sampling, one draw,
 * no Cholesky. Scores are the posterior means theta_hat^T x; `estimates` shows them with a
 * ~90% interval +- 1.645 v sqrt(x^T A^-1 x), clamped to [0, 1].
 */
export function createLinearTsPolicy(
  config: LinearTsConfig,
  deps: EngineDeps,
  features: FeatureMap = DEFAULT_FEATURE_MAP,
): ContextualPolicy {
  const cfg = linearTsConfig(config);
  return createRidgePolicy(
    {
      ...cfg,
      choose(means, widths, probabilities, scores) {
        for (let i = 0; i < means.length; i++) widths[i]! *= cfg.v;
        gaussianBestArmProbabilities(means, widths, probabilities);
        scores.set(means);
      },
      halfWidth: (width) => Z90 * cfg.v * width,
    },
    deps,
    features,
  );
}
