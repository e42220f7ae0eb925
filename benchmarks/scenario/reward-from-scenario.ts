import type { RewardConfig } from '../../engine/reward/reward-weights.js';
import { validateRewardConfig } from '../../engine/reward/reward-weights.js';
import type { World } from '../../providers/simulated/world.js';
import type { Scenario } from './scenario-schema.js';

/**
 * With `referencePrices: "world"` each country's reference price (where the reward's cost
 * term reaches 0) is this multiple of the world's typical SMS price for the country, so a
 * provider charging the typical price keeps half of the cost term everywhere, instead of
 * one global reference price that is irrelevant in cheap countries and saturated in dear ones.
 */
export const WORLD_REFERENCE_PRICE_MULTIPLE = 2;

/** The scenario's reward config (its weights default to the engine's in the schema). @throws RangeError | TypeError */
export function rewardFromScenario(scenario: Scenario, world: World): RewardConfig {
  const r = scenario.reward;
  const referencePrices =
    r.referencePrices === 'world'
      ? Object.fromEntries(world.countries.map((c) => [c.code, c.referencePrice * WORLD_REFERENCE_PRICE_MULTIPLE]))
      : r.referencePrices;
  return validateRewardConfig({
    version: `${scenario.name}-reward`,
    weights: {
      completion: r.completion,
      latency: r.latency,
      cost: r.cost,
      referencePrice: r.referencePrice,
      referencePrices,
    },
    overrides: [],
  });
}
