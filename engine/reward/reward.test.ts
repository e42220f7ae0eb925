import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from '../types.js';
import { reward } from './reward.js';
import {
  DEFAULT_REWARD_CONFIG,
  DEFAULT_REWARD_WEIGHTS,
  resolveRewardWeights,
  validateRewardConfig,
  validateRewardWeights,
  type RewardWeights,
} from './reward-weights.js';

const base: AttemptOutcome = {
  accepted: true,
  delivered: true,
  completed: true,
  latencyMs: 0,
  cost: 0,
  windowMs: 600_000,
  country: 'DE',
};

describe('reward', () => {
  it('is 1 for an instant free completion and 0 for any failure', () => {
    expect(reward(base, DEFAULT_REWARD_WEIGHTS)).toBe(1);
    expect(reward({ ...base, completed: false }, DEFAULT_REWARD_WEIGHTS)).toBe(0);
    expect(reward({ ...base, completed: false, cost: 0 }, DEFAULT_REWARD_WEIGHTS)).toBe(0);
  });

  it('follows the documented formula', () => {
    const w: RewardWeights = { ...DEFAULT_REWARD_WEIGHTS, completion: 0.6, latency: 0.2, cost: 0.2, referencePrice: 0.1 };
    // latency half the window, cost half the reference price: (0.6 + 0.2*0.5 + 0.2*0.5) / 1
    expect(reward({ ...base, latencyMs: 300_000, cost: 0.05 }, w)).toBeCloseTo(0.8, 12);
  });

  it('uses the per-country reference price and clips terms at 0', () => {
    const w: RewardWeights = { ...DEFAULT_REWARD_WEIGHTS, referencePrices: { ID: 0.4 } };
    expect(reward({ ...base, country: 'ID', cost: 0.2 }, w)).toBeCloseTo((0.6 + 0.2 + 0.2 * 0.5) / 1, 12);
    expect(reward({ ...base, latencyMs: 10_000_000, cost: 99 }, w)).toBeCloseTo(0.6, 12);
  });

  it('is monotone: faster or cheaper never scores lower', () => {
    let last = Infinity;
    for (let latency = 0; latency <= 700_000; latency += 50_000) {
      const r = reward({ ...base, latencyMs: latency, cost: 0.03 }, DEFAULT_REWARD_WEIGHTS);
      expect(r).toBeLessThanOrEqual(last);
      expect(r).toBeGreaterThanOrEqual(0);
      last = r;
    }
  });
});

describe('validateRewardWeights', () => {
  it.each([
    [{ completion: 0 }, 'weights.completion must be a finite number > 0'],
    [{ completion: -1 }, 'weights.completion must be a finite number > 0'],
    [{ latency: -0.1 }, 'weights.latency must be a finite number >= 0'],
    [{ cost: Number.NaN }, 'weights.cost must be a finite number >= 0'],
    [{ cost: Infinity }, 'weights.cost must be a finite number >= 0'],
    [{ referencePrice: 0 }, 'weights.referencePrice must be a finite number > 0'],
    [{ referencePrices: { DE: -1 } }, 'weights.referencePrices.DE must be a finite number > 0'],
  ])('rejects %j', (patch, message) => {
    expect(() => validateRewardWeights({ ...DEFAULT_REWARD_WEIGHTS, ...patch } as RewardWeights)).toThrow(RangeError);
    expect(() => validateRewardWeights({ ...DEFAULT_REWARD_WEIGHTS, ...patch } as RewardWeights)).toThrow(message);
  });

  it('rejects a malformed country key with a TypeError', () => {
    expect(() => validateRewardWeights({ ...DEFAULT_REWARD_WEIGHTS, referencePrices: { de: 1 } })).toThrow(TypeError);
  });

  it('returns a frozen copy', () => {
    const w = validateRewardWeights({ ...DEFAULT_REWARD_WEIGHTS });
    expect(Object.isFrozen(w)).toBe(true);
  });
});

describe('resolveRewardWeights', () => {
  const speedy: RewardWeights = { ...DEFAULT_REWARD_WEIGHTS, latency: 0.5 };
  const thrifty: RewardWeights = { ...DEFAULT_REWARD_WEIGHTS, cost: 0.5 };
  const both: RewardWeights = { ...DEFAULT_REWARD_WEIGHTS, cost: 0.9 };
  const config = validateRewardConfig({
    version: 'v2',
    weights: DEFAULT_REWARD_WEIGHTS,
    overrides: [
      { action: 'login', weights: speedy },
      { tenant: 'acme', weights: thrifty },
      { tenant: 'acme', action: 'login', weights: both },
    ],
  });

  it.each([
    ['other', 'signup', DEFAULT_REWARD_WEIGHTS.cost],
    ['other', 'login', speedy.cost],
    ['acme', 'signup', thrifty.cost],
    ['acme', 'login', both.cost],
  ] as const)('tenant %s action %s', (tenant, action, cost) => {
    expect(resolveRewardWeights(config, tenant, action).cost).toBe(cost);
  });

  it('rejects an override that names neither tenant nor action', () => {
    expect(() => validateRewardConfig({ ...DEFAULT_REWARD_CONFIG, overrides: [{ weights: speedy }] })).toThrow(
      'overrides[0] must name a tenant, an action or both',
    );
  });
});
