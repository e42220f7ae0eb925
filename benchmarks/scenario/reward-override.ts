import type { RewardOverride } from './load-scenario.js';

const REWARD_KEYS = ['completion', 'latency', 'cost'] as const;

/**
 * Parses `--reward`'s value, name=number pairs separated by commas:
 * `completion=0.5,cost=0.3` -> { completion: 0.5, cost: 0.3 }. Ranges are checked with the
 * scenario (completion > 0; every weight <= 1000).
 * @throws RangeError naming the pair that is not a known name with a number >= 0, a name given
 *   twice, or an empty list
 */
export function parseRewardOverride(value: string): RewardOverride {
  const out: { -readonly [K in keyof RewardOverride]: number } = {};
  for (const part of value.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const [key = '', raw, extra] = part.split('=').map((s) => s.trim());
    const name = REWARD_KEYS.find((k) => k === key);
    if (name === undefined || raw === undefined || extra !== undefined) {
      throw new RangeError(`expected name=number pairs with names among ${REWARD_KEYS.join(', ')}, got "${part}"`);
    }
    const n = raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new RangeError(`${name} must be a number >= 0, got "${raw}"`);
    if (out[name] !== undefined) throw new RangeError(`${name} is given twice`);
    out[name] = n;
  }
  if (Object.keys(out).length === 0) throw new RangeError('give at least one weight, e.g. cost=0.3');
  return out;
}
