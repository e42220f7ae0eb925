import { describe, expect, it } from 'vitest';
import { BackoffChains } from './backoff-chains.js';

describe('BackoffChains', () => {
  it.each([
    ['DE:262-01:standard', ['DE:262-01:standard', 'DE:*:standard', '*:*:standard', '*:*:*']],
    ['DE:*:premium', ['DE:*:premium', '*:*:premium', '*:*:*']],
    ['*:*:*', ['*:*:*']],
  ])('derives the distinct backoff keys of %s, most specific first', (segment, expected) => {
    const chains = new BackoffChains(16);
    expect(chains.ofSegment(segment)).toEqual(expected);
    expect(chains.ofSegment(segment)).toBe(chains.ofSegment(segment));
  });

  it('derives a context chain from its fields', () => {
    const ctx = { country: 'BR', operator: 'unknown', routeClass: 'premium' } as const;
    expect(new BackoffChains(16).ofContext('BR:unknown:premium', ctx)).toEqual([
      'BR:unknown:premium',
      'BR:*:premium',
      '*:*:premium',
      '*:*:*',
    ]);
  });

  it('rejects a malformed segment key and stays correct once its memo starts over', () => {
    const chains = new BackoffChains(2);
    expect(() => chains.ofSegment('DE-262')).toThrow(TypeError);
    for (const s of ['A:1:standard', 'B:1:standard', 'C:1:standard']) chains.ofSegment(s);
    expect(chains.ofSegment('A:1:standard')).toEqual(['A:1:standard', 'A:*:standard', '*:*:standard', '*:*:*']);
  });
});
