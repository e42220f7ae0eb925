import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../rng.js';
import { DEFAULT_SHIFT_DETECTOR, ShiftDetector, shiftDetectorConfig } from './shift-detector.js';

const SEG = 'ID:510-10:standard';

/** Lognormal delivery latencies, median `medianMs`, sigma 0.6, from a seeded stream. */
function latencies(seed: number) {
  const random = mulberry32(seed);
  return (medianMs: number) => medianMs * Math.exp(0.6 * normal(random));
}

/** Index (1-based) of the first alarm among `n` latencies at `medianMs`, or 0 when none. */
function firstAlarm(
  d: ShiftDetector,
  next: (m: number) => number,
  medianMs: number,
  n: number,
  provider = 'p',
): number {
  for (let i = 1; i <= n; i++) if (d.latency(SEG, provider, next(medianMs))) return i;
  return 0;
}

describe('ShiftDetector: delivery latency', () => {
  it('flags a tripled median within a few receipts, and the recovery too', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const d = new ShiftDetector();
      const next = latencies(seed);
      expect(firstAlarm(d, next, 3_000, 500)).toBe(0);
      const up = firstAlarm(d, next, 9_000, 100);
      expect(up).toBeGreaterThan(0);
      expect(up).toBeLessThanOrEqual(20);
      // The baseline restarts after an alarm: it learns the new level, then sees the recovery.
      expect(firstAlarm(d, next, 9_000, 200)).toBe(0);
      const down = firstAlarm(d, next, 3_000, 100);
      expect(down).toBeGreaterThan(0);
      expect(down).toBeLessThanOrEqual(20);
    }
  });

  it('rarely alarms on a stationary stream: at most 5 alarms in 200,000 receipts', () => {
    const d = new ShiftDetector();
    const next = latencies(42);
    let alarms = 0;
    for (let i = 0; i < 200_000; i++) if (d.latency(SEG, 'p', next(3_000))) alarms++;
    expect(alarms).toBeLessThanOrEqual(5);
  });

  it('keeps one baseline per segment and provider', () => {
    const d = new ShiftDetector();
    const next = latencies(7);
    for (let i = 0; i < 300; i++) {
      d.latency(SEG, 'a', next(1_000));
      d.latency(SEG, 'b', next(10_000));
      d.latency('ID:510-01:standard', 'a', next(10_000));
    }
    expect(firstAlarm(d, next, 1_000, 200, 'a')).toBe(0);
    expect(firstAlarm(d, next, 10_000, 200, 'b')).toBe(0);
    expect(firstAlarm(d, next, 10_000, 50, 'a')).toBeGreaterThan(0);
  });

  it('ignores latencies that are not finite non-negative numbers', () => {
    const d = new ShiftDetector({ warmup: 2 });
    for (const bad of [Number.NaN, -1, Infinity]) expect(d.latency(SEG, 'p', bad)).toBe(false);
  });
});

describe('ShiftDetector: price', () => {
  it('confirms a new price on its second sighting in a row; one odd cost and small noise are not a shift', () => {
    const d = new ShiftDetector();
    expect(d.price(SEG, 'p', 0.072)).toBe(false);
    expect(d.price(SEG, 'p', 0.0725)).toBe(false); // within 2%
    expect(d.price(SEG, 'p', 0.09)).toBe(false); // seen once
    expect(d.price(SEG, 'p', 0.072)).toBe(false); // back to the known price
    expect(d.price(SEG, 'p', 0.09)).toBe(false);
    expect(d.price(SEG, 'p', 0.09)).toBe(true);
    expect(d.price(SEG, 'p', 0.09)).toBe(false); // now the known price
    expect(d.price('DE:262-01:standard', 'p', 0.05)).toBe(false); // another segment has its own price
  });
});

describe('ShiftDetector: snapshot', () => {
  it('restores from JSON to a detector that alarms on the same observations', () => {
    const d = new ShiftDetector();
    const next = latencies(11);
    for (let i = 0; i < 40; i++) d.latency(SEG, 'a', next(2_000));
    for (let i = 0; i < 5; i++) d.latency(SEG, 'b', next(5_000));
    d.price(SEG, 'a', 0.05);
    d.price(SEG, 'a', 0.08);
    const copy = ShiftDetector.restore(JSON.parse(JSON.stringify(d.snapshot())));
    expect(copy.snapshot()).toEqual(d.snapshot());
    expect(d.snapshot().state.arms.find((x) => x.provider === 'b')).toMatchObject({ count: 5, price: null, candidate: null });
    // A tripled latency alarms on the same receipt in both; the pending price is confirmed in both.
    const stream = latencies(12);
    const draws = Array.from({ length: 60 }, () => stream(6_000));
    const alarms = draws.map((x) => d.latency(SEG, 'a', x));
    expect(alarms).toContain(true);
    expect(draws.map((x) => copy.latency(SEG, 'a', x))).toEqual(alarms);
    expect(copy.price(SEG, 'a', 0.08)).toBe(true);
    expect(d.price(SEG, 'a', 0.08)).toBe(true);
  });

  it('rejects a malformed snapshot, naming the field', () => {
    expect(() => ShiftDetector.restore({ kind: 'shift-detector', version: '2' } as never)).toThrow(/shift-detector snapshot/);
    const arm = { segment: SEG, provider: 'a', count: 3, mean: 7, spread: 0.1, up: 0, down: 0, price: null, candidate: null };
    expect(() =>
      ShiftDetector.restore({ kind: 'shift-detector', version: '1', state: { arms: [{ ...arm, spread: -1 }] } }),
    ).toThrow(/state.arms\[0\].spread must be a finite number >= 0/);
    expect(() =>
      ShiftDetector.restore({ kind: 'shift-detector', version: '1', state: { arms: [{ ...arm, provider: 3 as never }] } }),
    ).toThrow(/state.arms\[0\] must name a segment and a provider/);
  });
});

describe('shiftDetectorConfig', () => {
  it('defaults and validation', () => {
    expect(shiftDetectorConfig()).toEqual(DEFAULT_SHIFT_DETECTOR);
    expect(() => shiftDetectorConfig({ warmup: 1 })).toThrow(new RangeError('warmup must be an integer >= 2, got 1'));
    expect(() => shiftDetectorConfig({ baselineAlpha: 1 })).toThrow(
      new RangeError('baselineAlpha must be in (0, 1), got 1'),
    );
    expect(() => shiftDetectorConfig({ k: -1 })).toThrow(new RangeError('k must be a finite number >= 0, got -1'));
    expect(() => shiftDetectorConfig({ h: 0 })).toThrow(new RangeError('h must be a finite number > 0, got 0'));
    expect(() => shiftDetectorConfig({ priceTolerance: 0 })).toThrow(
      new RangeError('priceTolerance must be in (0, 1), got 0'),
    );
  });
});
