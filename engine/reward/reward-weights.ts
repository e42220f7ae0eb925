import type { Action } from '../types.js';

/**
 * Reward weights: how much completion, speed and price count. Non-negative, finite,
 * completion > 0 (a reward that ignores completion would pay for undelivered codes).
 * Versioned: every decision logs the version it learned from.
 */
export interface RewardWeights {
  readonly completion: number;
  readonly latency: number;
  readonly cost: number;
  /** Price (USD) at which the cost term reaches 0, for countries without an entry below. */
  readonly referencePrice: number;
  /** Per-country reference prices (ISO alpha-2 -> USD). */
  readonly referencePrices: Readonly<Record<string, number>>;
}

/** Weights for a tenant and/or action; the most specific match wins (tenant+action > tenant > action). */
export interface RewardOverride {
  readonly tenant?: string;
  readonly action?: Action;
  readonly weights: RewardWeights;
}

export interface RewardConfig {
  readonly version: string;
  readonly weights: RewardWeights;
  readonly overrides: readonly RewardOverride[];
}

export const DEFAULT_REWARD_WEIGHTS: RewardWeights = Object.freeze({
  completion: 0.6,
  latency: 0.2,
  cost: 0.2,
  referencePrice: 0.1,
  referencePrices: Object.freeze({}),
});

export const DEFAULT_REWARD_CONFIG: RewardConfig = Object.freeze({
  version: 'reward-v1',
  weights: DEFAULT_REWARD_WEIGHTS,
  overrides: Object.freeze([]),
});

function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/** @throws RangeError or TypeError naming the offending field */
export function validateRewardWeights(w: RewardWeights, path = 'weights'): RewardWeights {
  if (typeof w !== 'object' || w === null) throw new TypeError(`${path} must be an object`);
  const prices: Record<string, number> = {};
  for (const [country, price] of Object.entries(w.referencePrices ?? {})) {
    if (!/^[A-Z]{2}$/.test(country)) throw new TypeError(`${path}.referencePrices keys must be ISO alpha-2, got "${country}"`);
    prices[country] = positive(`${path}.referencePrices.${country}`, price);
  }
  return Object.freeze({
    completion: positive(`${path}.completion`, w.completion),
    latency: nonNegative(`${path}.latency`, w.latency),
    cost: nonNegative(`${path}.cost`, w.cost),
    referencePrice: positive(`${path}.referencePrice`, w.referencePrice),
    referencePrices: Object.freeze(prices),
  });
}

/** @throws RangeError or TypeError naming the offending field */
export function validateRewardConfig(config: RewardConfig): RewardConfig {
  if (typeof config.version !== 'string' || config.version.length === 0 || config.version.length > 64) {
    throw new TypeError('version must be a non-empty string of at most 64 characters');
  }
  const overrides = (config.overrides ?? []).map((o, i) => {
    if (o.tenant === undefined && o.action === undefined) {
      throw new TypeError(`overrides[${i}] must name a tenant, an action or both`);
    }
    return Object.freeze({ ...o, weights: validateRewardWeights(o.weights, `overrides[${i}].weights`) });
  });
  return Object.freeze({
    version: config.version,
    weights: validateRewardWeights(config.weights),
    overrides: Object.freeze(overrides),
  });
}

/** Weights for one request: tenant+action override, then tenant, then action, then the default. */
export function resolveRewardWeights(config: RewardConfig, tenant: string, action: Action): RewardWeights {
  let best: RewardOverride | undefined;
  let bestRank = 0;
  for (const o of config.overrides) {
    if ((o.tenant !== undefined && o.tenant !== tenant) || (o.action !== undefined && o.action !== action)) continue;
    const rank = (o.tenant !== undefined ? 2 : 0) + (o.action !== undefined ? 1 : 0);
    if (rank > bestRank) {
      best = o;
      bestRank = rank;
    }
  }
  return best?.weights ?? config.weights;
}
