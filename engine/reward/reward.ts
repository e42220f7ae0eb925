import type { AttemptOutcome } from '../types.js';
import type { RewardWeights } from './reward-weights.js';

/**
 * Reward of one attempt, in [0, 1]:
 *
 *   r = C * (w_c + w_l * (1 - min(1, L / W)) + w_k * (1 - min(1, cost / P))) / (w_c + w_l + w_k)
 *
 * with C = 1 if the user entered this attempt's code else 0, L the time to completion,
 * W the verification window, P the reference price for the country. A failed attempt is
 * worth nothing whatever it cost (its spend is already wasted); a completed one is worth
 * more the faster and cheaper it was. A completion at zero latency and zero cost scores 1.
 *
 * See docs/adr/0002-reward.md for why cost and latency only count on completion.
 */
export function reward(outcome: AttemptOutcome, weights: RewardWeights): number {
  return outcome.completed ? completedReward(outcome, outcome.latencyMs, weights) : 0;
}

/** The reward `outcome`'s attempt earns (or would earn) completed with time to completion `latencyMs`. */
export function completedReward(outcome: AttemptOutcome, latencyMs: number, weights: RewardWeights): number {
  const total = weights.completion + weights.latency + weights.cost;
  const window = outcome.windowMs > 0 ? outcome.windowMs : 1;
  const latencyTerm = 1 - Math.min(1, Math.max(0, latencyMs) / window);
  const price = weights.referencePrices[outcome.country] ?? weights.referencePrice;
  const costTerm = 1 - Math.min(1, Math.max(0, outcome.cost) / price);
  return (weights.completion + weights.latency * latencyTerm + weights.cost * costTerm) / total;
}
