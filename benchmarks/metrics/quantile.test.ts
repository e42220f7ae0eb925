import { describe, expect, it } from 'vitest';
import { quantileSorted } from './quantile.js';

describe('quantileSorted', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 1, 4],
    [[10, 20, 30, 40, 50], 0.95, 48],
    [[7], 0.3, 7],
  ])('%j at p = %f is %f (type 7)', (values, p, q) => {
    expect(quantileSorted(values, p)).toBeCloseTo(q, 12);
  });

  it('is NaN when empty and rejects p outside [0, 1]', () => {
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(() => quantileSorted([1], 1.5)).toThrow(RangeError);
  });
});
