import { describe, expect, it } from 'vitest';
import { DiscountedLevel } from './beta-arm-stats.js';
import { findEntry, isStale, MAX_LIMIT, recordRefresh, type CacheEntry } from './probability-cache.js';

function levels(totals: readonly number[]): DiscountedLevel[] {
  return totals.map((n, l) => {
    const level = new DiscountedLevel(`level${l}`, 1);
    for (let i = 0; i < n; i++) level.add('a', 1, () => null);
    return level;
  });
}

function entry(eligible: readonly string[]): CacheEntry {
  return {
    eligible,
    probabilities: new Float64Array(eligible.length),
    scores: new Float64Array(eligible.length),
    steps: [],
    limits: [],
    epochs: [],
  };
}

describe('probability cache', () => {
  it('finds an entry only for the same ids in the same order', () => {
    const e = entry(['a', 'b']);
    expect(findEntry([e], ['a', 'b'])).toBe(e);
    expect(findEntry([e], ['b', 'a'])).toBeUndefined();
    expect(findEntry([e], ['a'])).toBeUndefined();
  });

  it('limit_l = max(1, f N_l / rho_l), rho shrinking with the child evidence', () => {
    const chain = levels([200, 400, 400, 400]);
    const e = entry(['a', 'b']);
    recordRefresh(e, chain, 0.05, 10);
    // rho_1 = 10 / (10 + 200 / 2) = 1/11; rho_2 = rho_1 * 10 / (10 + 200) = 1/231
    expect(e.limits[0]).toBeCloseTo(10, 12);
    expect(e.limits[1]).toBeCloseTo(0.05 * 400 * 11, 9);
    expect(e.limits[2]).toBeCloseTo(0.05 * 400 * 231, 9);
    expect(e.steps).toEqual([200, 400, 400, 400]);
    recordRefresh(e, chain, 0, 10);
    expect(e.limits).toEqual([1, 1, 1, 1]);
    recordRefresh(e, chain, 0.05, 0);
    expect(e.limits.slice(1)).toEqual([MAX_LIMIT, MAX_LIMIT, MAX_LIMIT]);
  });

  it('is stale after limit updates at a level, or after a forget', () => {
    const chain = levels([100, 100, 100, 100]);
    const e = entry(['a']);
    recordRefresh(e, chain, 0.03, 10);
    expect(isStale(e, chain)).toBe(false);
    chain[0]?.add('a', 1, () => null);
    chain[0]?.add('a', 1, () => null);
    expect(isStale(e, chain)).toBe(false);
    chain[0]?.add('a', 1, () => null);
    expect(isStale(e, chain)).toBe(true);
    recordRefresh(e, chain, 0.03, 10);
    chain[3]?.forget('a');
    expect(isStale(e, chain)).toBe(true);
  });
});
