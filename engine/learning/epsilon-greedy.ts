import { segmentKey } from '../context/segment.js';
import type { EngineDeps, ProviderId, RequestContext } from '../types.js';
import { ArmMeans } from './arm-means.js';
import { armMeansLearning } from './arm-means-learning.js';
import { applyExplorationFloor, DEFAULT_EXPLORATION_FLOOR, validateExplorationFloor } from './exploration-floor.js';
import { assertEligible, makeSelection } from './make-selection.js';
import { mergeConfig, requireInRange, requireVersion } from './policy-config-checks.js';
import type { Policy } from './policy.js';

export interface EpsilonGreedyConfig {
  readonly kind: 'epsilon-greedy';
  readonly version: string;
  /** Probability of exploring uniformly, in [0, 1]. */
  readonly epsilon: number;
  readonly explorationFloor: number;
}

export const DEFAULT_EPSILON_GREEDY_CONFIG: EpsilonGreedyConfig = Object.freeze({
  kind: 'epsilon-greedy',
  version: 'epsilon-greedy-v1',
  epsilon: 0.1,
  explorationFloor: DEFAULT_EXPLORATION_FLOOR,
});

/** @throws RangeError when epsilon is outside [0, 1] or explorationFloor outside [0, 0.2]; TypeError on unknown keys */
export function epsilonGreedyConfig(partial?: Partial<EpsilonGreedyConfig>): EpsilonGreedyConfig {
  const merged = mergeConfig(DEFAULT_EPSILON_GREEDY_CONFIG, partial);
  return Object.freeze({
    kind: 'epsilon-greedy',
    version: requireVersion(merged.version),
    epsilon: requireInRange('epsilon', merged.epsilon, 0, 1),
    explorationFloor: validateExplorationFloor(merged.explorationFloor),
  });
}

/**
 * Epsilon-greedy over per-(segment, provider) running means (Sutton & Barto 2018, 2.2),
 * written as a probability vector so the propensity is exact:
 * p_i = epsilon / k + (1 - epsilon) / |B| for i in B (the arms tied at the best mean), else
 * epsilon / k; then the exploration floor is mixed in. Ties are split equally rather than
 * sent to the lowest index, so a fresh segment (all means 0) starts uniform.
 * Unplayed arms have mean 0 when choosing (as in MABWiser); `estimates` reports them as
 * uninformed (0.5 in [0, 1], n = 0). Scores are the running means.
 */
export function createEpsilonGreedyPolicy(config: EpsilonGreedyConfig, deps: EngineDeps): Policy {
  const cfg = epsilonGreedyConfig(config);
  const arms = new ArmMeans();
  return {
    kind: 'epsilon-greedy',
    version: cfg.version,
    select(ctx: RequestContext, eligible: readonly ProviderId[]) {
      assertEligible(eligible);
      const segment = segmentKey(ctx);
      const k = eligible.length;
      const means = eligible.map((p) => {
        const s = arms.stats(segment, p);
        return s.n > 0 ? s.sum / s.n : 0;
      });
      const best = Math.max(...means);
      const tied = means.filter((m) => m === best).length;
      const probabilities = new Float64Array(k);
      for (let i = 0; i < k; i++)
        probabilities[i] = cfg.epsilon / k + (means[i] === best ? (1 - cfg.epsilon) / tied : 0);
      applyExplorationFloor(probabilities, cfg.explorationFloor);
      return makeSelection('epsilon-greedy', cfg.version, eligible, probabilities, means, deps.random());
    },
    ...armMeansLearning('epsilon-greedy', cfg.version, arms),
  };
}
