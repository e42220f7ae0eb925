import { describe, expect, it } from 'vitest';
import { DiscountedLevel } from './beta-arm-stats.js';
import { hierarchicalPosterior } from './hierarchical-prior.js';

function levelWith(key: string, provider: string, rewards: readonly number[]): DiscountedLevel {
  const level = new DiscountedLevel(key, 1);
  for (const r of rewards) level.add(provider, r, () => null);
  return level;
}

describe('hierarchicalPosterior', () => {
  it('is Beta(1, 1) with no data anywhere', () => {
    expect(hierarchicalPosterior([undefined, undefined, undefined, undefined], 'a', 10)).toEqual({ alpha: 1, beta: 1 });
  });

  it('global level alone: Beta(1 + S, 1 + F)', () => {
    const global = levelWith('*:*:*', 'a', [1, 1, 0, 0.5]);
    expect(hierarchicalPosterior([global], 'a', 10)).toEqual({ alpha: 3.5, beta: 2.5 });
  });

  it('a new operator starts from its country: prior centred on the parent mean with strength min(P, n_parent)', () => {
    const rewards = Array.from({ length: 40 }, (_, i) => (i % 10 < 9 ? 1 : 0)); // 36 of 40
    const country = levelWith('DE:*:standard', 'a', rewards);
    const post = hierarchicalPosterior([undefined, country, undefined, undefined], 'a', 10);
    const muCountry = 37 / 42; // country posterior Beta(1 + 36, 1 + 4) under a flat class prior
    expect(post.alpha).toBeCloseTo(1 + 10 * muCountry, 12);
    expect(post.beta).toBeCloseTo(1 + 10 * (1 - muCountry), 12);
  });

  it('caps the lent strength at the parent effective n', () => {
    const country = levelWith('DE:*:standard', 'a', [1, 1]);
    const post = hierarchicalPosterior([undefined, country, undefined, undefined], 'a', 10);
    // parent Beta(3, 1): mu = 0.75, n = 2 -> prior Beta(1 + 1.5, 1 + 0.5)
    expect(post).toEqual({ alpha: 2.5, beta: 1.5 });
  });

  it('adds the segment own counts on top of the prior, and priorStrength 0 ignores parents', () => {
    const segment = levelWith('DE:262-01:standard', 'a', [0, 0]);
    const global = levelWith('*:*:*', 'a', [1, 1, 1, 1]);
    expect(hierarchicalPosterior([segment, undefined, undefined, global], 'a', 0)).toEqual({ alpha: 1, beta: 3 });
    const country = levelWith('DE:*:standard', 'a', [1, 1]); // Beta(3, 1), n 2
    expect(hierarchicalPosterior([segment, country, undefined, undefined], 'a', 10)).toEqual({ alpha: 2.5, beta: 3.5 });
  });

  it('passes knowledge through levels without data (their effective n is what they borrowed)', () => {
    const global = levelWith('*:*:*', 'a', [1, 1, 1, 1]);
    // global Beta(5, 1): mu 5/6, n 4 -> class Beta(1 + 10/3, 1 + 2/3): mu 13/18, n 4 -> country m = 4
    const post = hierarchicalPosterior([undefined, undefined, undefined, global], 'a', 10);
    const country = { alpha: 1 + (4 * 13) / 18, beta: 1 + (4 * 5) / 18 };
    const mu = country.alpha / (country.alpha + country.beta);
    expect(post.alpha).toBeCloseTo(1 + 4 * mu, 12);
    expect(post.beta).toBeCloseTo(1 + 4 * (1 - mu), 12);
    expect(post.alpha / (post.alpha + post.beta)).toBeGreaterThan(0.5);
  });
});
