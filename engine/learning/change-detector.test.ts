import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../rng.js';
import {
  changePosition,
  isRise,
  newPageHinkley,
  pageHinkleyStep,
  resetPageHinkley,
  validateChangeDetection,
} from './change-detector.js';

/** Observations until the first alarm (Infinity when none), feeding `stream(t)`. */
function firstAlarm(
  stream: (t: number) => number,
  length: number,
  delta = 0.1,
  threshold = 12,
  minSamples = 10,
): number {
  const state = newPageHinkley();
  for (let t = 0; t < length; t++) if (pageHinkleyStep(state, stream(t), delta, threshold, minSamples)) return t;
  return Infinity;
}

describe('pageHinkleyStep', () => {
  it('never alarms on a constant stream', () => {
    expect(firstAlarm(() => 0.7, 10_000)).toBe(Infinity);
  });

  it('alarms on a drop 1 -> 0 after exactly the predicted delay', () => {
    // From 1000 ones, D falls by (x̄ - x - delta) ~ 0.9 per zero: 12 / 0.9 -> 14th zero.
    const t = firstAlarm((i) => (i < 1000 ? 1 : 0), 2000);
    expect(t).toBe(1013);
  });

  it('alarms on a rise 0 -> 1 (two-sided)', () => {
    expect(firstAlarm((i) => (i < 500 ? 0 : 1), 1000)).toBe(513);
  });

  it('respects minSamples', () => {
    expect(firstAlarm((i) => (i < 3 ? 1 : 0), 100, 0.1, 1, 1)).toBe(4);
    expect(firstAlarm((i) => (i < 3 ? 1 : 0), 100, 0.1, 1, 30)).toBe(29);
  });

  it('detects Bernoulli 0.95 -> 0.30 within 40 observations and rarely false-alarms (20 seeds)', () => {
    const delays: number[] = [];
    let falseAlarms = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const random = mulberry32(seed);
      const t = firstAlarm((i) => (random() < (i < 2000 ? 0.95 : 0.3) ? 1 : 0), 3000);
      if (t < 2000) falseAlarms++;
      else delays.push(t - 2000);
      const stationary = mulberry32(seed + 100);
      if (firstAlarm(() => (stationary() < 0.5 ? 1 : 0), 5000) !== Infinity) falseAlarms++;
    }
    delays.sort((a, b) => a - b);
    expect(falseAlarms).toBeLessThanOrEqual(1);
    expect(delays[Math.floor(delays.length / 2)]).toBeLessThanOrEqual(40);
  });

  it('locates the change it alarms on: the position of the last observation before it', () => {
    const drop = newPageHinkley();
    let t = 0;
    while (!pageHinkleyStep(drop, t < 500 ? 1 : 0, 0.1, 12, 10, 1_000 * t)) t++;
    expect(isRise(drop)).toBe(false);
    expect(changePosition(drop)).toBe(499_000);
    const rise = newPageHinkley();
    t = 0;
    while (!pageHinkleyStep(rise, t < 300 ? 0.2 : 0.9, 0.1, 12, 10, t)) t++;
    expect(isRise(rise)).toBe(true);
    expect(changePosition(rise)).toBe(299);
  });

  it('starts over after reset', () => {
    const state = newPageHinkley();
    for (let i = 0; i < 50; i++) pageHinkleyStep(state, 1, 0.1, 12, 10);
    resetPageHinkley(state);
    expect(state).toEqual(newPageHinkley());
  });
});

describe('validateChangeDetection', () => {
  it('accepts and freezes valid configs', () => {
    const cfg = validateChangeDetection({ kind: 'page-hinkley', delta: 0.05, threshold: 20, minSamples: 5 });
    expect(cfg).toEqual({ kind: 'page-hinkley', delta: 0.05, threshold: 20, minSamples: 5 });
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(validateChangeDetection({ kind: 'none' })).toEqual({ kind: 'none' });
  });

  it.each([
    [null, TypeError, 'changeDetection must be an object with kind "page-hinkley" or "none"'],
    [{ kind: 'cusum' }, TypeError, 'changeDetection.kind must be "page-hinkley" or "none", got cusum'],
    [
      { kind: 'page-hinkley', delta: -0.1, threshold: 5, minSamples: 1 },
      RangeError,
      'changeDetection.delta must be a number in [0, 1), got -0.1',
    ],
    [
      { kind: 'page-hinkley', delta: 1, threshold: 5, minSamples: 1 },
      RangeError,
      'changeDetection.delta must be a number in [0, 1), got 1',
    ],
    [
      { kind: 'page-hinkley', delta: 0.1, threshold: 0, minSamples: 1 },
      RangeError,
      'changeDetection.threshold must be a number in (0, 1e6], got 0',
    ],
    [
      { kind: 'page-hinkley', delta: 0.1, threshold: 5, minSamples: 0.5 },
      RangeError,
      'changeDetection.minSamples must be an integer in [1, 1e6], got 0.5',
    ],
    [
      { kind: 'page-hinkley', delta: 0.1, threshold: 5 },
      RangeError,
      'changeDetection.minSamples must be an integer in [1, 1e6], got undefined',
    ],
  ])('rejects %j', (value, type, message) => {
    expect(() => validateChangeDetection(value)).toThrow(type);
    expect(() => validateChangeDetection(value)).toThrow(message);
  });
});
