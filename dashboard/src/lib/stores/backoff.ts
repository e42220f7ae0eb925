/**
 * Reconnect delay after `failures` consecutive failures: exponential, capped, with "equal
 * jitter" (half fixed, half random) so many tabs do not reconnect in lockstep.
 * delay = min(max, base * 2^(failures-1)) * (0.5 + 0.5 * random), failures >= 1.
 * @throws RangeError when failures < 1 or random() is outside [0, 1)
 */
export function backoffDelay(failures: number, random: () => number, baseMs = 1_000, maxMs = 30_000): number {
  if (!Number.isInteger(failures) || failures < 1) throw new RangeError(`failures must be an integer >= 1, got ${failures}`);
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${r}`);
  const capped = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(capped * (0.5 + 0.5 * r));
}
