/**
 * The p-quantile of ascending `sorted` values by linear interpolation between order
 * statistics (Hyndman & Fan 1996, type 7, the default of R and NumPy); NaN when empty.
 * @throws RangeError when p is outside [0, 1]
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${String(p)}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(n - 1, lo + 1)] as number;
  return a + (h - lo) * (b - a);
}
