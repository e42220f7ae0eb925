import { describe, expect, it } from 'vitest';
import { backoffKeys } from '../context/segment.js';
import { DiscountedLevel } from './beta-arm-stats.js';
import { betaMatching, hierarchicalPosterior, priorStrength } from './hierarchical-prior.js';

const BOUNDS = { max: 200, fallback: 30 };

/** Levels as the policy keeps them: each reward goes to its segment and every ancestor. */
function world(data: Readonly<Record<string, readonly number[]>>, provider = 'a') {
  const levels = new Map<string, DiscountedLevel>();
  const chainOf = (operator: string): DiscountedLevel[] => {
    const keys = backoffKeys({ country: 'DE', operator, routeClass: 'standard' });
    const chain: DiscountedLevel[] = [];
    for (let l = keys.length - 1; l >= 0; l--) {
      const key = keys[l] as string;
      let level = levels.get(key);
      if (level === undefined) {
        levels.set(key, (level = new DiscountedLevel(key, Infinity)));
        chain[l + 1]?.children.push(level);
      }
      chain[l] = level;
    }
    return chain;
  };
  for (const [operator, rewards] of Object.entries(data)) {
    const chain = chainOf(operator);
    for (const r of rewards) for (const level of chain) level.add(provider, r, () => null, 0);
  }
  return chainOf;
}

const ones = (n: number, zeros = 0) => [...Array<number>(n - zeros).fill(1), ...Array<number>(zeros).fill(0)];

describe('hierarchicalPosterior', () => {
  it('with no data anywhere is the global prior: mean 1/2, reward variance 1/8, two observations', () => {
    const post = hierarchicalPosterior([undefined, undefined, undefined, undefined], 'a', 0, BOUNDS);
    expect(post).toEqual({ mean: 0.5, variance: 1 / 16, rewardVariance: 1 / 8, n: 2 });
  });

  it('counts a segment once: parents holding only its data add nothing (leave-one-out)', () => {
    const chain = world({ '262-01': [1, 1, 0, 0.5] })('262-01');
    const post = hierarchicalPosterior(chain, 'a', 0, BOUNDS);
    // Root prior (m = 2, mean 1/2, v = 1/8) passes through the empty leave-one-out parents, then
    // the segment's own n = 4, s = 2.5, q = 2.25: within = 2.25 - 2.5^2 / 4 = 0.6875.
    expect(post.mean).toBeCloseTo((1 + 2.5) / 6, 12);
    expect(post.rewardVariance).toBeCloseTo((0.25 + 0.6875) / 6, 12);
    expect(post.n).toBe(6);
    expect(post.variance).toBeCloseTo(post.rewardVariance / 6, 12);
  });

  it('a new operator starts from its siblings, as strongly as they agree', () => {
    const agree = world({ '262-01': ones(100, 10), '262-02': ones(100, 10) })('262-07');
    const post = hierarchicalPosterior(agree, 'a', 0, BOUNDS);
    expect(post.mean).toBeCloseTo(0.9, 2);
    expect(post.n).toBeCloseTo(200, 6); // siblings agree exactly: tau^2 = 0, strength = max, capped by their 200 observations
    const disagree = world({ '262-01': ones(100, 2), '262-02': ones(100, 60) })('262-07');
    const wide = hierarchicalPosterior(disagree, 'a', 0, BOUNDS);
    expect(wide.mean).toBeCloseTo(0.69, 2);
    expect(wide.n).toBeLessThan(3);
  });

  it('leaves a deviating operator its own evidence: a provider that fails there is not rescued by the country', () => {
    const chainOf = world({ '262-01': ones(200, 10), '262-02': ones(200, 10), '262-03': ones(20, 20) });
    const post = hierarchicalPosterior(chainOf('262-03'), 'a', 0, BOUNDS);
    expect(post.mean).toBeLessThan(0.2);
    const sibling = hierarchicalPosterior(chainOf('262-01'), 'a', 0, BOUNDS);
    expect(sibling.mean).toBeGreaterThan(0.9);
  });

  it('with max strength 0 every level starts from the global prior (no borrowing)', () => {
    const chainOf = world({ '262-01': ones(100) });
    const post = hierarchicalPosterior(chainOf('262-07'), 'a', 0, { max: 0, fallback: 0 });
    expect(post).toEqual({ mean: 0.5, variance: 1 / 16, rewardVariance: 1 / 8, n: 2 });
  });
});

describe('priorStrength (DerSimonian-Laird)', () => {
  it('uses the fallback with fewer than two children with data, and 0 when max is 0', () => {
    const country = world({ '262-01': ones(50) })('262-01')[1] as DiscountedLevel;
    expect(priorStrength(country, 'a', 0, BOUNDS)).toBe(30);
    expect(priorStrength(country, 'a', 0, { max: 0, fallback: 0 })).toBe(0);
  });

  it('matches the moment estimate on a small case: sigma^2 / tau^2, clipped to [1, max]', () => {
    const country = world({ '262-01': ones(10, 1), '262-02': ones(10, 5) })('262-01')[1] as DiscountedLevel;
    // means 0.9 and 0.5, n 10 each: within = (0.9 + 2.5) / 20 = 0.17, M = 0.7,
    // Q = (10 * 0.04 + 10 * 0.04) / 0.17, tau^2 = (Q - 1) * 0.17 / (20 - 10) = 0.063
    const tau2 = ((0.8 / 0.17 - 1) * 0.17) / 10;
    expect(priorStrength(country, 'a', 0, BOUNDS)).toBeCloseTo(0.17 / tau2, 12);
    const same = world({ '262-01': ones(10, 1), '262-02': ones(10, 1) })('262-01')[1] as DiscountedLevel;
    expect(priorStrength(same, 'a', 0, BOUNDS)).toBe(200);
    const opposite = world({ '262-01': ones(50), '262-02': ones(50, 50) })('262-01')[1] as DiscountedLevel;
    expect(priorStrength(opposite, 'a', 0, BOUNDS)).toBe(1);
  });
});

describe('betaMatching', () => {
  it('keeps mean and variance when the shapes allow it', () => {
    const { alpha, beta } = betaMatching(0.8, 0.001);
    const n = alpha + beta;
    expect(alpha / n).toBeCloseTo(0.8, 12);
    expect((alpha * beta) / (n * n * (n + 1))).toBeCloseTo(0.001, 12);
  });

  it.each([
    [0.5, 1, 1, 1],
    [0.9, 1, 9, 1],
    [0.05, Infinity, 1, 19],
  ])('widens mean %d variance %d to shapes >= 1: Beta(%d, %d)', (mean, variance, alpha, beta) => {
    const shape = betaMatching(mean, variance);
    expect(shape.alpha).toBeCloseTo(alpha, 9);
    expect(shape.beta).toBeCloseTo(beta, 9);
  });

  it('caps the concentration of a zero variance at 1e7', () => {
    const { alpha, beta } = betaMatching(0.25, 0);
    expect(alpha + beta).toBeCloseTo(1e7, 3);
  });
});
