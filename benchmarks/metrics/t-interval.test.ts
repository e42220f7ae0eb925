import { describe, expect, it } from 'vitest';
import { tInterval, tQuantile975 } from './t-interval.js';

describe('tQuantile975', () => {
  it.each([
    [1, 12.706],
    [9, 2.262],
    [30, 2.042],
    [40, 2.0211],
    [60, 2.0003],
    [120, 1.9799],
    [1000, 1.9623],
  ])('df %i -> %f', (df, t) => {
    expect(tQuantile975(df)).toBeCloseTo(t, 3);
  });

  it('decreases towards the normal quantile', () => {
    let last = Infinity;
    for (let df = 1; df < 500; df++) {
      const t = tQuantile975(df);
      expect(t).toBeLessThan(last);
      expect(t).toBeGreaterThan(1.959);
      last = t;
    }
  });

  it.each([0, -1, 2.5, Number.NaN])('rejects df = %s', (df) => {
    expect(() => tQuantile975(df)).toThrow(RangeError);
    expect(() => tQuantile975(df)).toThrow('df must be an integer >= 1');
  });
});

describe('tInterval', () => {
  it('computes mean +- t * s / sqrt(n) on a known case', () => {
    // values 1..10: mean 5.5, s = sqrt(55/6) = 3.02765, t(9) = 2.262
    const r = tInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.mean).toBe(5.5);
    expect(r.halfWidth).toBeCloseTo((2.262 * Math.sqrt(55 / 6)) / Math.sqrt(10), 10);
    expect(r.lower).toBeCloseTo(5.5 - r.halfWidth, 12);
    expect(r.upper).toBeCloseTo(5.5 + r.halfWidth, 12);
    expect(r.n).toBe(10);
  });

  it('collapses to the value for one sample and for identical samples', () => {
    expect(tInterval([0.3])).toEqual({ mean: 0.3, lower: 0.3, upper: 0.3, halfWidth: 0, n: 1 });
    expect(tInterval([2, 2, 2]).halfWidth).toBe(0);
  });

  it('drops non-finite values and returns NaN when nothing is left', () => {
    expect(tInterval([1, Number.NaN, 3]).mean).toBe(2);
    expect(tInterval([1, Number.NaN, 3]).n).toBe(2);
    const empty = tInterval([Number.NaN]);
    expect(empty.n).toBe(0);
    expect(Number.isNaN(empty.mean)).toBe(true);
  });
});
