import { describe, expect, it } from 'vitest';
import type { Segment } from '../api/api-types.js';
import { formatDateTime, formatMs, formatPercent, formatUsd, toMillis } from './format.js';
import { providerColor, withAlpha } from './provider-colors.js';
import { defaultSegment, resolveChoice } from './segment-options.js';
import { bucketSecondsFor, rangeById } from './time-range.js';
import { whatIfRows } from './what-if-rows.js';
import { explanationOf } from './explanation.js';

describe('format', () => {
  it.each([
    [formatPercent(0.9234), '92.3%'],
    [formatPercent(null), '—'],
    [formatMs(850.4), '850 ms'],
    [formatMs(12_340), '12.3 s'],
    [formatMs(Number.NaN), '—'],
    [formatUsd(0.01234), '$0.0123'],
    [formatUsd(12.5), '$12.50'],
    [formatDateTime('garbage'), '—'],
  ])('%s === %s', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('reads ISO strings and epoch ms', () => {
    expect(toMillis('2026-05-01T00:00:00Z')).toBe(Date.UTC(2026, 4, 1));
    expect(toMillis(5)).toBe(5);
    expect(toMillis(undefined)).toBeNaN();
  });
});

describe('time ranges', () => {
  it('falls back to the default range for unknown ids', () => {
    expect(rangeById('1h').ms).toBe(3_600_000);
    expect(rangeById('bogus').id).toBe('15m');
  });

  it.each([
    [5 * 60_000, 10],
    [60 * 60_000, 60],
    [7 * 24 * 60 * 60_000, 10_080],
  ])('window %i ms -> bucket %i s', (ms, s) => {
    expect(bucketSecondsFor(ms)).toBe(s);
  });
});

describe('segment options', () => {
  const seg = (segment: string, providers: number, n = 1): Segment => {
    const [country = '', operator = '', routeClass = ''] = segment.split(':');
    return {
      segment,
      country,
      operator,
      routeClass,
      providers: Array.from({ length: providers }, (_, i) => ({
        provider: `p${i}`,
        probability: 1 / providers,
        estimate: { mean: 0, lower: 0, upper: 0, n },
        health: {},
        breaker: { state: 'closed' as const, ejections: 0 },
      })),
    };
  };
  const list = [seg('FR:208-01:standard', 1, 99), seg('DE:262-02:standard', 3, 1), seg('DE:262-01:standard', 3, 5), seg('DE:262-01:premium', 2)];

  it('defaults to the segment with most providers, then most observations, then key', () => {
    expect(defaultSegment(list)?.segment).toBe('DE:262-01:standard');
    expect(defaultSegment([seg('B:x:standard', 2), seg('A:x:standard', 2)])?.segment).toBe('A:x:standard');
    expect(defaultSegment([])).toBeUndefined();
  });

  it('completes a partial choice, keeping what still matches', () => {
    expect(resolveChoice(list, { country: 'DE' })?.segment).toBe('DE:262-01:premium');
    expect(resolveChoice(list, { country: 'DE', operator: '262-01', routeClass: 'standard' })?.segment).toBe('DE:262-01:standard');
    expect(resolveChoice(list, { country: 'FR', operator: '262-01', routeClass: 'premium' })?.segment).toBe('FR:208-01:standard');
  });
});

describe('what-if rows', () => {
  it('compares metrics with signed deltas and marks improvements', () => {
    const side = (completionRate: number, meanLatencyMs: number, costPerCompletion: number, shares: Record<string, number>) => ({
      completionRate,
      meanLatencyMs,
      costPerCompletion,
      meanReward: 0.5,
      shares,
    });
    const rows = whatIfRows({ baseline: side(0.9, 9_000, 0.05, { a: 0.6, b: 0.4 }), proposed: side(0.92, 10_000, 0.04, { a: 0.5, c: 0.5 }), sampleSize: 500 });
    expect(rows.metrics.map((r) => [r.label, r.delta, r.better])).toEqual([
      ['Completion rate', '+2.0 pp', true],
      ['Mean latency', '+1.0 s', false],
      ['Cost per completion', '-$0.0100', true],
      ['Mean reward', '0.000', null],
    ]);
    expect(rows.shares.map((r) => [r.label, r.baseline, r.proposed, r.delta])).toEqual([
      ['a', '60.0%', '50.0%', '-10.0 pp'],
      ['b', '40.0%', '0.0%', '-40.0 pp'],
      ['c', '0.0%', '50.0%', '+50.0 pp'],
    ]);
  });
});

describe('provider colours', () => {
  it('cycles the palette and converts to rgba', () => {
    expect(providerColor(0)).toBe(providerColor(8));
    expect(withAlpha('#0072B2', 0.5)).toBe('rgba(0, 114, 178, 0.5)');
  });
});

describe('explanationOf', () => {
  const base = {
    attemptId: 'at_1',
    verificationId: 'v_1',
    at: 0,
    segment: 'DE:262-01:standard',
    provider: 'b',
    propensity: 0.3,
    probabilities: { a: 0.7, b: 0.3 },
    scores: { a: 0.8, b: 0.6 },
    policy: 'discounted-ts',
    policyVersion: 'p1',
    rewardVersion: 'reward-1',
  };

  it('fills a missing explanation from the logged vectors', () => {
    expect(explanationOf({ ...base, explanation: null })).toEqual({
      guards: [],
      excluded: [],
      candidates: [
        { provider: 'a', score: 0.8, probability: 0.7 },
        { provider: 'b', score: 0.6, probability: 0.3 },
      ],
      chosen: 'b',
      propensity: 0.3,
      summary: 'Chose b for DE:262-01:standard.',
    });
  });

  it('keeps the stored parts', () => {
    const ex = explanationOf({ ...base, explanation: { summary: 'why', guards: [{ guard: 'geo', verdict: 'allow' }], chosen: 'b', propensity: 0.31 } });
    expect([ex.summary, ex.guards.length, ex.propensity, ex.candidates.length]).toEqual(['why', 1, 0.31, 2]);
  });
});
