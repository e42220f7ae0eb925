import { operatorForNumber, randomNumber } from '../../providers/simulated/numbering.js';
import type { World } from '../../providers/simulated/world.js';

/** Digits at the end of the number that an SMS pumper walks through. */
const WALKED_DIGITS = 4;
const SPAN = 10 ** WALKED_DIGITS;

/**
 * Numbers an SMS pumper would request codes for: consecutive subscriber numbers of one
 * operator range (the last four digits count up from a random start and wrap), so they
 * share the prefix the pumping guard watches. Numbers that leave the operator's range are
 * skipped. Draws from `random` only once, for the starting number.
 * @returns a function giving the next number on each call
 * @throws RangeError for a country unknown to `world`
 */
export function createPumpingSequence(country: string, random: () => number, world: World): () => string {
  const start = randomNumber(country, 'unknown', random, world);
  const owner = operatorForNumber(start, world);
  const head = start.slice(0, -WALKED_DIGITS);
  let n = Number(start.slice(-WALKED_DIGITS));
  return () => {
    for (let tries = 0; tries < SPAN; tries++) {
      n = (n + 1) % SPAN;
      const candidate = head + String(n).padStart(WALKED_DIGITS, '0');
      if (operatorForNumber(candidate, world)?.operator === owner?.operator) return candidate;
    }
    return start;
  };
}
