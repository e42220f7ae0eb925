import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../engine/rng.js';
import { completionProbability, userDecision } from './user-model.js';

const TEN_MIN = 600_000;

describe('completionProbability', () => {
  it.each([
    [0, 0.97],
    [9_999, 0.97],
    [35_000, 0.735],
    [60_000, 0.5],
    [180_000, 0.2],
    [400_000, 0.2],
  ])('at a delay of %d ms in a 10 min window is %d', (delay, p) => {
    expect(completionProbability(delay, TEN_MIN)).toBeCloseTo(p, 4);
  });

  it('is non-increasing in the delay, for any window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 900_000 }),
        fc.integer({ min: 0, max: 900_000 }),
        fc.integer({ min: 1, max: 900_000 }),
        (a, b, w) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(completionProbability(hi, w)).toBeLessThanOrEqual(completionProbability(lo, w));
        },
      ),
    );
  });

  it('is 0 once the code lands after the window, and smaller when little typing time is left', () => {
    expect(completionProbability(60_000, 60_000)).toBe(0);
    expect(completionProbability(52_000, 60_000)).toBeLessThan(completionProbability(52_000, TEN_MIN) * 0.6);
  });

  it.each([
    [-1, TEN_MIN, 'delayMs must be a finite number >= 0, got -1'],
    [Number.NaN, TEN_MIN, 'delayMs must be a finite number >= 0, got NaN'],
    [0, 0, 'windowMs must be a finite number > 0, got 0'],
  ])('rejects delay %d, window %d with RangeError', (delay, window, message) => {
    expect(() => completionProbability(delay, window)).toThrow(RangeError);
    expect(() => userDecision(delay, window, mulberry32(1))).toThrow(message);
  });
});

describe('userDecision', () => {
  it.each([1, 2, 3])('completes at the rate completionProbability predicts (seed %d)', (seed) => {
    const random = mulberry32(seed);
    const n = 10_000;
    for (const [delay, window] of [
      [2_000, TEN_MIN],
      [45_000, TEN_MIN],
      [240_000, TEN_MIN],
      [50_000, 60_000],
    ] as const) {
      let done = 0;
      let inconsistent = 0;
      for (let i = 0; i < n; i++) {
        const d = userDecision(delay, window, random);
        if (d.completes) done += 1;
        if (d.completes ? delay + d.enterAfterMs! > window : d.enterAfterMs !== undefined) inconsistent += 1;
      }
      expect(inconsistent).toBe(0);
      const p = completionProbability(delay, window);
      expect(Math.abs(done / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n) + 1e-3);
    }
  });

  it('types in about 8 s (median)', () => {
    const random = mulberry32(8);
    const times = Array.from({ length: 5_000 }, () => userDecision(0, TEN_MIN, random).enterAfterMs)
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b);
    expect(times[Math.floor(times.length / 2)]).toBeGreaterThan(7_600);
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(8_400);
  });

  it('never completes fraudulent traffic and consumes no randomness for it', () => {
    const random = mulberry32(1);
    for (let i = 0; i < 100; i++)
      expect(userDecision(0, TEN_MIN, random, { fraudulent: true })).toEqual({ completes: false });
    expect(random()).toBe(mulberry32(1)());
  });
});
