import { describe, expect, it } from 'vitest';
import type { Segment, SegmentProvider } from '../api/api-types.js';
import { healthGrid } from './health-grid.js';
import { goodness, heatColor } from './heat-color.js';
import { healthValue } from './health-value.js';

function prov(provider: string, n: number, completionRate: number | undefined, state: 'closed' | 'open' | 'half-open' = 'closed'): SegmentProvider {
  return { provider, probability: 0.5, estimate: { mean: 0.5, lower: 0.4, upper: 0.6, n }, health: { completionRate, timeoutRate: 0.1 }, breaker: { state, ejections: 0 } };
}

function seg(country: string, operator: string, routeClass: string, providers: SegmentProvider[]): Segment {
  return { segment: `${country}:${operator}:${routeClass}`, country, operator, routeClass, providers };
}

const SEGMENTS = [
  seg('DE', '262-01', 'standard', [prov('alpha', 30, 0.9), prov('beta', 10, 0.5, 'half-open')]),
  seg('DE', '262-02', 'standard', [prov('alpha', 10, 0.5), prov('beta', 0, undefined, 'open')]),
  seg('FR', '208-01', 'premium', [prov('gamma', 0, 0.8)]),
];

describe('healthGrid', () => {
  it('aggregates countries x providers with n-weighted means and the worst breaker', () => {
    const g = healthGrid(SEGMENTS, 'completionRate');
    expect([g.rows, g.providers]).toEqual([['DE', 'FR'], ['alpha', 'beta', 'gamma']]);
    expect(g.cell('DE', 'alpha')).toEqual({ value: 0.8, n: 40, breaker: 'closed', segments: 2 });
    expect(g.cell('DE', 'beta')).toEqual({ value: 0.5, n: 10, breaker: 'open', segments: 2 });
    expect(g.cell('FR', 'gamma')?.value).toBe(0.8);
    expect(g.cell('FR', 'alpha')).toBeUndefined();
  });

  it('drills down to the operators of one country', () => {
    const g = healthGrid(SEGMENTS, 'completionRate', 'DE');
    expect([g.rows, g.providers]).toEqual([['262-01', '262-02'], ['alpha', 'beta']]);
    expect(g.cell('262-02', 'beta')).toEqual({ value: null, n: 0, breaker: 'open', segments: 1 });
  });
});

describe('heat colour scale', () => {
  it.each([
    ['completionRate', 1, 1],
    ['completionRate', 0.75, 0.5],
    ['completionRate', 0.2, 0],
    ['latencyP50Ms', 1_000, 1],
    ['latencyP50Ms', 11_000, 0.5],
    ['latencyP50Ms', 60_000, 0],
    ['timeoutRate', 0, 1],
    ['timeoutRate', 0.15, 0.5],
    ['timeoutRate', 0.9, 0],
  ] as const)('%s %f -> goodness %f', (metric, value, expected) => {
    expect(goodness(metric, value)).toBeCloseTo(expected, 10);
  });

  it('goes from red for bad to green for good, grey for missing', () => {
    expect(heatColor('completionRate', 0.4).background).toBe('hsl(0 70% 82%)');
    expect(heatColor('completionRate', 0.75).background).toBe('hsl(65 70% 82%)');
    expect(heatColor('completionRate', 1).background).toBe('hsl(130 70% 82%)');
    expect(heatColor('timeoutRate', null)).toEqual({ background: '#eceff1', text: '#455a64' });
    expect(goodness('timeoutRate', Number.NaN)).toBeNull();
  });
});

describe('healthValue', () => {
  it('reads flat fields, and latency from the delivery digest when not flat', () => {
    expect(healthValue({ completionRate: 0.9, latencyP50Ms: 1200 }, 'latencyP50Ms')).toBe(1200);
    expect(healthValue({ deliveryLatencyMs: { p50: 2713, p90: 4879 } }, 'latencyP90Ms')).toBe(4879);
    expect(healthValue({ completionRate: null }, 'completionRate')).toBeNull();
    expect(healthValue(null, 'timeoutRate')).toBeNull();
    expect(healthValue({ deliveryLatencyMs: 'x' }, 'latencyP50Ms')).toBeNull();
  });

  it('feeds the latency heatmap from the digest', () => {
    const s: Segment = seg('GB', '234-10', 'standard', [{ ...prov('a', 4, 1), health: { deliveryLatencyMs: { p50: 3000, p90: 5000 } } }]);
    expect(healthGrid([s], 'latencyP50Ms').cell('GB', 'a')?.value).toBe(3000);
  });
});
