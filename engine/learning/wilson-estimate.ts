import type { ProviderId } from '../types.js';
import type { ArmEstimate } from './policy.js';

/** z for a two-sided 90% interval. */
const Z90 = 1.6448536269514722;

/**
 * Estimate with a ~90% Wilson score interval (Wilson 1927) around a mean reward in [0, 1]
 * observed `n` times. Rewards in [0, 1] have variance <= mean(1 - mean), so treating the
 * mean as a proportion gives an interval at least as wide as needed.
 * With n = 0 nothing is known: mean 0.5, interval [0, 1].
 */
export function wilsonEstimate(provider: ProviderId, mean: number, n: number): ArmEstimate {
  if (!(n > 0)) return uninformedEstimate(provider);
  const z2n = (Z90 * Z90) / n;
  const centre = (mean + z2n / 2) / (1 + z2n);
  const half = (Z90 * Math.sqrt((mean * (1 - mean)) / n + z2n / (4 * n))) / (1 + z2n);
  return { provider, mean, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half), n };
}

/** What a policy that has not learned anything about `provider` can say: mean 0.5 in [0, 1], n = 0. */
export function uninformedEstimate(provider: ProviderId): ArmEstimate {
  return { provider, mean: 0.5, lower: 0, upper: 1, n: 0 };
}
