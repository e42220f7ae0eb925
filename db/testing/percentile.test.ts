import { describe, expect, it } from 'vitest';
import { nearestRankPercentile } from './percentile.js';

describe('nearestRankPercentile', () => {
  it.each([
    [[15, 20, 35, 40, 50], 5, 15],
    [[15, 20, 35, 40, 50], 30, 20],
    [[15, 20, 35, 40, 50], 40, 20],
    [[15, 20, 35, 40, 50], 50, 35],
    [[15, 20, 35, 40, 50], 100, 50],
    [[7], 99, 7],
    [[], 50, null],
  ])('%j at p=%s is %s', (sorted, p, expected) => {
    expect(nearestRankPercentile(sorted, p)).toBe(expected);
  });

  it.each([[0], [-1], [101], [Number.NaN]])('refuses p=%s', (p) => {
    expect(() => nearestRankPercentile([1], p)).toThrow(RangeError);
    expect(() => nearestRankPercentile([1], p)).toThrow(/p must be in \(0, 100\]/);
  });
});
