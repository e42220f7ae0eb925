import { describe, expect, it } from 'vitest';
import { DEFAULT_SEGMENT_HEALTH, SegmentHealth, validateSegmentHealthConfig } from './segment-health.js';

const H = 30 * 60_000;

describe('SegmentHealth', () => {
  it('reports undefined rates and latencies before any observation', () => {
    const v = new SegmentHealth().view(0);
    expect([v.acceptanceRate, v.deliveryRate, v.timeoutRate, v.completionRate]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(v.deliveryLatencyMs).toEqual({ p50: undefined, p90: undefined, p95: undefined, weight: 0 });
  });

  it('computes rates from the counters', () => {
    const h = new SegmentHealth();
    for (let i = 0; i < 10; i++) h.count('attempts', 0);
    for (let i = 0; i < 8; i++) h.count('accepted', 0);
    h.count('rejected', 0, 'throttled');
    h.count('rejected', 0, 'throttled');
    for (let i = 0; i < 6; i++) h.delivered(2_000, 0);
    h.count('undelivered', 0, 'absent_subscriber');
    h.count('timedOut', 0);
    for (let i = 0; i < 5; i++) h.completed(20_000, 0);
    const v = h.view(0);
    expect(v.acceptanceRate).toBeCloseTo(0.8, 12);
    expect(v.deliveryRate).toBeCloseTo(6 / 8, 12);
    expect(v.timeoutRate).toBeCloseTo(1 / 8, 12);
    expect(v.completionRate).toBeCloseTo(0.5, 12);
    expect(v.errorClasses).toEqual({ absent_subscriber: 1, throttled: 2 });
    expect(v.deliveryLatencyMs.weight).toBeCloseTo(6, 12);
    expect(Math.abs(v.completionLatencyMs.p50! - 20_000) / 20_000).toBeLessThan(0.17);
  });

  it('decays counters by half each half-life while rates stay put', () => {
    const h = new SegmentHealth({ halfLifeMs: H });
    h.count('accepted', 0);
    h.count('rejected', 0, 'x');
    const v = h.view(H);
    expect(v.counts.accepted).toBeCloseTo(0.5, 12);
    expect(v.errorClasses.x).toBeCloseTo(0.5, 12);
    expect(v.acceptanceRate).toBeCloseTo(0.5, 12);
  });

  it('weighs a new observation 1 and an older one by its age', () => {
    const h = new SegmentHealth({ halfLifeMs: H });
    h.count('accepted', 0);
    h.count('rejected', H);
    expect(h.view(H).acceptanceRate).toBeCloseTo(0.5 / 1.5, 12);
  });

  it('keeps at most maxErrorClasses classes and counts the rest as "other"', () => {
    const h = new SegmentHealth({ maxErrorClasses: 2 });
    for (const c of ['a', 'b', 'c', 'd', 'a']) h.count('rejected', 0, c);
    expect(h.view(0).errorClasses).toEqual({ a: 2, b: 1, other: 2 });
  });

  it('keeps decayed counts right over hundreds of half-lives', () => {
    const h = new SegmentHealth({ halfLifeMs: H });
    for (let t = 0; t <= 200 * H; t += H) h.count('attempts', t);
    h.count('accepted', 150 * H);
    const v = h.view(200 * H);
    expect(v.counts.attempts).toBeCloseTo(2, 9);
    expect(v.counts.accepted).toBeCloseTo(2 ** -50, 20);
  });

  it('weighs observations that share a timestamp alike, before and after the landmark moves', () => {
    const h = new SegmentHealth({ halfLifeMs: H });
    for (const t of [0, 0, 100 * H, 100 * H, 0]) {
      h.count('attempts', t);
      h.count('accepted', t);
    }
    const v = h.view(100 * H);
    expect(v.counts.attempts).toBeCloseTo(2 + 3 * 2 ** -100, 12);
    expect(v.counts.accepted).toBe(v.counts.attempts);
  });

  it('builds from a validated config as given and from a partial one with defaults', () => {
    const config = validateSegmentHealthConfig({ ...DEFAULT_SEGMENT_HEALTH, halfLifeMs: H });
    expect(new SegmentHealth(config).config).toBe(config);
    expect(new SegmentHealth({ halfLifeMs: H }).config).toEqual(config);
    expect(() => new SegmentHealth({ ...config, halfLifeMs: 0 })).toThrow(/halfLifeMs/);
  });

  it('trusts a delivery quantile only while enough samples stand behind it', () => {
    const h = new SegmentHealth({ halfLifeMs: H });
    for (let i = 0; i < 4; i++) h.delivered(2_000, 0);
    expect(h.trustedDeliveryQuantile(0.9, 3, 0)).toBe(h.deliveryQuantile(0.9, 0).value);
    expect(h.trustedDeliveryQuantile(0.9, 3, H)).toBeUndefined();
    expect(h.trustedDeliveryQuantile(0.9, 5, 0)).toBeUndefined();
  });

  it('round-trips through JSON', () => {
    const h = new SegmentHealth();
    h.count('attempts', 0);
    h.delivered(1_500, 10);
    h.count('rejected', 20, 'q');
    const r = SegmentHealth.restore(JSON.parse(JSON.stringify(h.snapshot())));
    expect(r.view(H)).toEqual(h.view(H));
  });

  it.each([
    [{ halfLifeMs: 0 }, /halfLifeMs must be a finite number > 0/],
    [{ halfLifeMs: Infinity }, /halfLifeMs/],
    [{ maxErrorClasses: 0 }, /maxErrorClasses must be an integer in \[1, 1000\]/],
  ])('rejects config %o with a RangeError', (config, message) => {
    expect(() => new SegmentHealth(config)).toThrow(RangeError);
    expect(() => new SegmentHealth(config)).toThrow(message);
  });

  it('rejects a non-finite timestamp', () => {
    expect(() => new SegmentHealth().count('attempts', Number.NaN)).toThrow(TypeError);
  });
});
