import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../engine/rng.js';
import { arrivalOffsets, nextArrivalGapMs } from './arrival-schedule.js';

describe('nextArrivalGapMs', () => {
  it('inverts the exponential CDF: u = 1 - e^-1 gives one mean gap', () => {
    expect(nextArrivalGapMs(4, () => 1 - Math.exp(-1))).toBeCloseTo(250, 9);
    expect(nextArrivalGapMs(4, () => 0)).toBe(0);
  });

  it('is the same for the same seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    expect([1, 2, 3].map(() => nextArrivalGapMs(10, a))).toEqual([1, 2, 3].map(() => nextArrivalGapMs(10, b)));
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses rate %s', (rate) => {
    expect(() => nextArrivalGapMs(rate, Math.random)).toThrow(RangeError);
    expect(() => nextArrivalGapMs(rate, Math.random)).toThrow(/ratePerSecond must be a finite number > 0/);
  });
});

describe('arrivalOffsets', () => {
  it('gives increasing offsets inside the duration', () => {
    const t = arrivalOffsets(20, 5_000, mulberry32(1));
    expect(t.length).toBeGreaterThan(0);
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThan(t[i - 1]!);
    expect(t.every((x) => x >= 0 && x < 5_000)).toBe(true);
  });

  it.each([1, 2, 3, 4, 5])('has Poisson counts and exponential gaps (seed %i)', (seed) => {
    // 10 000 expected arrivals: the count is within 4 sd (sd = 100); gap mean within 3%; CV of gaps ~1.
    const t = arrivalOffsets(50, 200_000, mulberry32(seed));
    expect(Math.abs(t.length - 10_000)).toBeLessThan(400);
    const gaps = t.slice(1).map((x, i) => x - t[i]!);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeGreaterThan(20 * 0.97);
    expect(mean).toBeLessThan(20 * 1.03);
    expect(sd / mean).toBeGreaterThan(0.95);
    expect(sd / mean).toBeLessThan(1.05);
  });

  it('refuses a negative duration', () => {
    expect(() => arrivalOffsets(1, -1, Math.random)).toThrow(/durationMs must be a finite number >= 0, got -1/);
  });
});
