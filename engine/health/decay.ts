/**
 * Exponential decay weight of an observation `ageMs` old: w = 2^(-ageMs / halfLifeMs), in (0, 1].
 * Negative ages (an observation stamped after the reference time) weigh 1, so out-of-order
 * timestamps never inflate a statistic.
 */
export function decayFactor(ageMs: number, halfLifeMs: number): number {
  return ageMs <= 0 ? 1 : Math.pow(2, -ageMs / halfLifeMs);
}
