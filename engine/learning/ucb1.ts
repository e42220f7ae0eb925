import { segmentKey } from '../context/segment.js';
import type { EngineDeps, ProviderId, RequestContext } from '../types.js';
import { ArmMeans } from './arm-means.js';
import { armMeansLearning } from './arm-means-learning.js';
import { applyExplorationFloor, DEFAULT_EXPLORATION_FLOOR, validateExplorationFloor } from './exploration-floor.js';
import { argmax, assertEligible, makeSelection } from './make-selection.js';
import { mergeConfig, requireVersion } from './policy-config-checks.js';
import type { Policy } from './policy.js';

export interface Ucb1Config {
  readonly kind: 'ucb1';
  readonly version: string;
  readonly explorationFloor: number;
}

export const DEFAULT_UCB1_CONFIG: Ucb1Config = Object.freeze({
  kind: 'ucb1',
  version: 'ucb1-v1',
  explorationFloor: DEFAULT_EXPLORATION_FLOOR,
});

/** @throws RangeError when explorationFloor is outside [0, 0.2]; TypeError on unknown keys */
export function ucb1Config(partial?: Partial<Ucb1Config>): Ucb1Config {
  const merged = mergeConfig(DEFAULT_UCB1_CONFIG, partial);
  return Object.freeze({
    kind: 'ucb1',
    version: requireVersion(merged.version),
    explorationFloor: validateExplorationFloor(merged.explorationFloor),
  });
}

/**
 * UCB1 index per eligible arm: mean_i + sqrt(2 ln N / n_i), where n_i counts the arm's
 * rewards in the segment and N = sum of n_i over the *eligible* arms (so the index stays
 * meaningful when the eligible set changes). An unplayed arm has index +Infinity.
 */
export function ucb1Indices(stats: readonly { n: number; sum: number }[]): number[] {
  const total = stats.reduce((acc, s) => acc + s.n, 0);
  const logTotal = Math.log(Math.max(total, 1));
  return stats.map((s) => (s.n > 0 ? s.sum / s.n + Math.sqrt((2 * logTotal) / s.n) : Infinity));
}

/**
 * UCB1 (Auer, Cesa-Bianchi & Fischer 2002, "Finite-time analysis of the multiarmed bandit
 * problem") per (segment, provider). The argmax of {@link ucb1Indices} (lowest index on ties,
 * so unplayed arms are tried in eligible order) gets all the mass, then the exploration floor
 * is mixed in and one uniform draw picks. Scores are the indices; note that unplayed arms
 * score +Infinity, which JSON serialises as null.
 */
export function createUcb1Policy(config: Ucb1Config, deps: EngineDeps): Policy {
  const cfg = ucb1Config(config);
  const arms = new ArmMeans();
  return {
    kind: 'ucb1',
    version: cfg.version,
    select(ctx: RequestContext, eligible: readonly ProviderId[]) {
      assertEligible(eligible);
      const segment = segmentKey(ctx);
      const indices = ucb1Indices(eligible.map((p) => arms.stats(segment, p)));
      const probabilities = new Float64Array(eligible.length);
      probabilities[argmax(indices)] = 1;
      applyExplorationFloor(probabilities, cfg.explorationFloor);
      return makeSelection('ucb1', cfg.version, eligible, probabilities, indices, deps.random());
    },
    ...armMeansLearning('ucb1', cfg.version, arms),
  };
}
