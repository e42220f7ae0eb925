import { describe, expect, it } from 'vitest';
import { exp2, forwardWeight, landmark, REBASE_HALF_LIVES } from './decay.js';

describe('forwardWeight', () => {
  it('is 2^((at - ref) / halfLife) whatever the order of calls (the remembered answer never leaks)', () => {
    const calls: [number, number, number][] = [
      [5_000, 0, 1_000],
      [5_000, 0, 1_000],
      [5_000, 1_000, 1_000],
      [5_000, 1_000, 2_000],
      [7_000, 1_000, 2_000],
      [5_000, 0, 1_000],
    ];
    for (const [at, ref, h] of calls) expect(forwardWeight(at, ref, h)).toBe(exp2((at - ref) / h));
  });
});

describe('landmark', () => {
  const h = 3_600_000;
  const span = (REBASE_HALF_LIVES / 2) * h;

  it('rounds down to a multiple of half the rebase span, so statistics rebased at different times share it', () => {
    const at = 1_767_571_200_000; // 2026-01-05
    const ref = landmark(at, h);
    expect(ref % span).toBe(0);
    expect(at - ref).toBeGreaterThanOrEqual(0);
    expect(at - ref).toBeLessThan(span);
    expect(landmark(ref + span - 1, h)).toBe(ref);
    expect(landmark(ref + span, h)).toBe(ref + span);
  });

  it('keeps forward weights of observations up to the next rebase below 2^64', () => {
    const ref = landmark(123_456_789_000, h);
    // A statistic rebases once an observation is more than REBASE_HALF_LIVES half-lives past its landmark.
    expect(forwardWeight(ref + REBASE_HALF_LIVES * h, ref, h)).toBeLessThanOrEqual(2 ** 64 * (1 + 1e-12));
  });
});
