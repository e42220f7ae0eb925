/**
 * Nearest-rank percentile of an ascending array: `sorted[ceil(p/100 * n) - 1]`, so the
 * result is always an observed value. Returns null for an empty array.
 * Reference: https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method
 * @throws RangeError when `p` is not in (0, 100]
 */
export function nearestRankPercentile(sorted: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`p must be in (0, 100], got ${p}`);
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}
