import type { EngineDeps } from '../types.js';
import { DEFAULT_EXPLORATION_FLOOR, validateExplorationFloor } from './exploration-floor.js';
import { argmax } from './make-selection.js';
import { mergeConfig, requireInRange, requireVersion } from './policy-config-checks.js';
import { type ContextualPolicy, createRidgePolicy, DEFAULT_FEATURE_MAP, type FeatureMap } from './ridge-policy.js';

export interface LinUcbConfig {
  readonly kind: 'linucb';
  readonly version: string;
  /** Ridge regulariser lambda in (0, 1e6]: A starts at lambda I. */
  readonly lambda: number;
  /** Confidence width multiplier alpha in [0, 10]. */
  readonly alpha: number;
  /** Discount gamma in (0, 1]; 1 = no forgetting. */
  readonly gamma: number;
  readonly explorationFloor: number;
}

export const DEFAULT_LINUCB_CONFIG: LinUcbConfig = Object.freeze({
  kind: 'linucb',
  version: 'linucb-v1',
  lambda: 1,
  alpha: 0.5,
  gamma: 1,
  explorationFloor: DEFAULT_EXPLORATION_FLOOR,
});

/** @throws RangeError naming lambda, alpha, gamma or explorationFloor when out of range; TypeError on unknown keys */
export function linUcbConfig(partial?: Partial<LinUcbConfig>): LinUcbConfig {
  const merged = mergeConfig(DEFAULT_LINUCB_CONFIG, partial);
  return Object.freeze({
    kind: 'linucb',
    version: requireVersion(merged.version),
    lambda: requireInRange('lambda', merged.lambda, 0, 1e6, { minExclusive: true }),
    alpha: requireInRange('alpha', merged.alpha, 0, 10),
    gamma: requireInRange('gamma', merged.gamma, 0, 1, { minExclusive: true }),
    explorationFloor: validateExplorationFloor(merged.explorationFloor),
  });
}

/**
 * LinUCB with disjoint linear models (Li, Chu, Langford & Schapire 2010, "A contextual-bandit
 * approach to personalized news article recommendation", Algorithm 1), one ridge model per
 * (country:routeClass, provider) over the request features:
 *
 *   score_i = theta_i^T x + alpha sqrt(x^T A_i^-1 x)
 *
 * The argmax (lowest index on ties) gets all the mass, then the exploration floor is mixed
 * in and one uniform draw picks. Scores are the UCB scores; `estimates` shows
 * theta^T x +- alpha sqrt(x^T A^-1 x), clamped to [0, 1].
 */
export function createLinUcbPolicy(
  config: LinUcbConfig,
  deps: EngineDeps,
  features: FeatureMap = DEFAULT_FEATURE_MAP,
): ContextualPolicy {
  const cfg = linUcbConfig(config);
  return createRidgePolicy(
    {
      ...cfg,
      choose(means, widths, probabilities, scores) {
        for (let i = 0; i < means.length; i++) scores[i] = means[i]! + cfg.alpha * widths[i]!;
        probabilities.fill(0);
        probabilities[argmax(scores)] = 1;
      },
      halfWidth: (width) => cfg.alpha * width,
    },
    deps,
    features,
  );
}
