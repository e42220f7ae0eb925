/**
 * Exponential decay weight of an observation `ageMs` old: w = 2^(-ageMs / halfLifeMs), in (0, 1].
 * Negative ages (an observation stamped after the reference time) weigh 1, so out-of-order
 * timestamps never inflate a statistic.
 */
export function decayFactor(ageMs: number, halfLifeMs: number): number {
  return ageMs <= 0 ? 1 : exp2(-ageMs / halfLifeMs);
}

/** 2^x through Math.exp: same value to ~1 ulp, and several times faster than V8's Math.pow on the hot path. */
export function exp2(x: number): number {
  return Math.exp(x * Math.LN2);
}

/**
 * Half-lives a forward-decay landmark may fall behind the newest observation before the
 * stored weights are rescaled to a new landmark: keeps them below 2^64, far from overflow,
 * and makes the rescale (O(size)) rare.
 */
export const REBASE_HALF_LIVES = 64;

/**
 * Forward-decay weight of an observation at `at` relative to the landmark `ref`:
 * 2^((at - ref) / halfLifeMs). Statistics that store sum_i 2^((t_i - ref) / h) get their
 * decayed value at t by one multiplication with 2^(-(t - ref) / h), so adding an observation
 * is O(1) instead of rescaling every stored weight (Cormode et al. 2009, "Forward Decay: A
 * Practical Time Decay Model for Streaming Systems"). The last answer is remembered: one
 * observation updates the health of four backoff levels (counters and a latency histogram at
 * each), whose landmarks agree (see {@link landmark}), at the same `at`.
 */
export function forwardWeight(at: number, ref: number, halfLifeMs: number): number {
  if (at === lastWeight.at && ref === lastWeight.ref && halfLifeMs === lastWeight.halfLifeMs) return lastWeight.value;
  const value = exp2((at - ref) / halfLifeMs);
  lastWeight.at = at;
  lastWeight.ref = ref;
  lastWeight.halfLifeMs = halfLifeMs;
  lastWeight.value = value;
  return value;
}

const lastWeight = { at: Number.NaN, ref: Number.NaN, halfLifeMs: Number.NaN, value: 1 };

/**
 * The landmark a statistic rebases to when an observation at `at` is more than
 * REBASE_HALF_LIVES half-lives past its current one: `at` rounded down to a multiple of half
 * that span, so every statistic with the same half-life shares it (and {@link forwardWeight}
 * computes their common weight once), and the weights stay below 2^64.
 */
export function landmark(at: number, halfLifeMs: number): number {
  const span = (REBASE_HALF_LIVES / 2) * halfLifeMs;
  return Math.floor(at / span) * span;
}
