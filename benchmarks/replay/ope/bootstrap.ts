import { quantileSorted } from 'simple-statistics';
import { mulberry32 } from '../../../engine/rng.js';

export const DEFAULT_BOOTSTRAP_RESAMPLES = 200;
export const DEFAULT_BOOTSTRAP_SEED = 1;
export const DEFAULT_CONFIDENCE = 0.95;

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Percentile bootstrap intervals (Efron & Tibshirani 1993, ch. 13) for several statistics at once:
 * draws `resamples` index vectors of size n with replacement from a seeded mulberry32, so the
 * same seed gives the same intervals. `statistic` maps an index vector to named values; NaN
 * draws are dropped (an interval of NaN when all are).
 * @throws RangeError when resamples < 2, or confidence is outside (0, 1)
 */
export function bootstrapIntervals<K extends string>(
  n: number,
  statistic: (indices: Uint32Array) => Record<K, number>,
  options: { resamples?: number; seed?: number; confidence?: number } = {},
): Record<K, Interval> {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!(Number.isInteger(resamples) && resamples >= 2))
    throw new RangeError(`resamples must be an integer >= 2, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const random = mulberry32(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const draws = new Map<K, number[]>();
  const indices = new Uint32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let k = 0; k < n; k++) indices[k] = Math.floor(random() * n);
    for (const [key, value] of Object.entries(statistic(indices)) as [K, number][]) {
      let list = draws.get(key);
      if (!list) draws.set(key, (list = []));
      if (!Number.isNaN(value)) list.push(value);
    }
  }
  const alpha = (1 - confidence) / 2;
  const out = {} as Record<K, Interval>;
  for (const [key, list] of draws) {
    list.sort((a, b) => a - b);
    out[key] =
      list.length === 0
        ? { lower: NaN, upper: NaN }
        : { lower: quantileSorted(list, alpha), upper: quantileSorted(list, 1 - alpha) };
  }
  return out;
}
