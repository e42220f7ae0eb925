/**
 * Gap to the next arrival of a Poisson process of `ratePerSecond` arrivals per second:
 * exponential with mean 1000 / rate ms, by inversion, gap = ln(1 / (1 - u)) * 1000 / rate
 * (u uniform in [0, 1), so the logarithm is always finite). One draw per call.
 * @throws RangeError when ratePerSecond is not a finite number > 0
 */
export function nextArrivalGapMs(ratePerSecond: number, random: () => number): number {
  if (!(Number.isFinite(ratePerSecond) && ratePerSecond > 0)) {
    throw new RangeError(`ratePerSecond must be a finite number > 0, got ${String(ratePerSecond)}`);
  }
  return (Math.log(1 / (1 - random())) * 1000) / ratePerSecond;
}

/**
 * Arrival offsets (ms from 0, increasing) of a Poisson process over `[0, durationMs)`.
 * The count is Poisson(rate x duration / 1000) distributed.
 * @throws RangeError when ratePerSecond <= 0 or durationMs < 0
 */
export function arrivalOffsets(ratePerSecond: number, durationMs: number, random: () => number): number[] {
  if (!(Number.isFinite(durationMs) && durationMs >= 0)) {
    throw new RangeError(`durationMs must be a finite number >= 0, got ${String(durationMs)}`);
  }
  const out: number[] = [];
  for (let t = nextArrivalGapMs(ratePerSecond, random); t < durationMs; t += nextArrivalGapMs(ratePerSecond, random))
    out.push(t);
  return out;
}
