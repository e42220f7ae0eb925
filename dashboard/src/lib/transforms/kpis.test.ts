import { describe, expect, it } from 'vitest';
import type { SummaryResponse } from '../api/api-types.js';
import { kpiSeries, kpisFrom, trafficMinutes } from './kpis.js';

const totals: SummaryResponse['totals'] = {
  verifications: 900,
  completionRate: 0.9234,
  timeToVerifyP50Ms: 8_400,
  timeToVerifyP95Ms: 31_000,
  timeToVerifyP99Ms: 50_000,
  fallbackRate: 0.071,
  attemptsPerVerification: 1.08,
  costPerCompletion: 0.0412,
  firstAt: '2026-05-01T11:40:00.000Z',
};
/** A 15-minute range whose traffic began before it. */
const summary = { from: '2026-05-01T12:00:00.000Z', to: '2026-05-01T12:15:00.000Z', totals };

describe('kpisFrom', () => {
  it('turns totals over a 15-minute window into the six KPI tiles', () => {
    expect(kpisFrom(summary).map((k) => [k.id, k.value, k.raw])).toEqual([
      ['rate', '60.0', 60],
      ['completion', '92.3%', 0.9234],
      ['p50', '8.4 s', 8_400],
      ['p95', '31.0 s', 31_000],
      ['fallback', '7.1%', 0.071],
      ['cost', '$0.0412', 0.0412],
    ]);
  });

  it('shows dashes, not zeros, when there is no data', () => {
    expect(kpisFrom(undefined).map((k) => k.value)).toEqual(['—', '—', '—', '—', '—', '—']);
    const empty = { ...totals, verifications: 0, completionRate: null, timeToVerifyP50Ms: null, firstAt: null };
    expect(kpisFrom({ ...summary, totals: empty }).slice(0, 3).map((k) => k.value)).toEqual(['0.0', '—', '—']);
  });

  it('takes the rate over the minutes with traffic, not the whole range', () => {
    // A server started two minutes before the end of a 24-hour range, at 240 verifications a minute.
    const day = { from: '2026-05-01T12:00:00.000Z', to: '2026-05-02T12:00:00.000Z' };
    const started = { ...day, totals: { ...totals, verifications: 480, firstAt: '2026-05-02T11:58:00.000Z' } };
    expect(trafficMinutes(started)).toBe(2);
    expect(kpisFrom(started)[0]?.raw).toBe(240);
    // Ten seconds of traffic count as one minute, so the first verifications do not read as a burst.
    const justNow = { ...day, totals: { ...totals, verifications: 3, firstAt: '2026-05-02T11:59:50.000Z' } };
    expect(trafficMinutes(justNow)).toBe(1);
    expect(kpisFrom(justNow)[0]?.value).toBe('3.0');
    // Traffic from before the range: the whole range.
    expect(trafficMinutes({ ...day, totals })).toBe(24 * 60);
  });
});

describe('kpiSeries', () => {
  it('sorts buckets and scales counts per bucket to per minute', () => {
    const s = kpiSeries(
      [
        { at: '2026-05-01T12:01:00Z', verifications: 30, completionRate: 0.5, p50Ms: 1, p95Ms: 2, fallbackRate: null, costPerCompletion: 0.1 },
        { at: '2026-05-01T12:00:30Z', verifications: 10, completionRate: 1, p50Ms: 3, p95Ms: 4, fallbackRate: 0, costPerCompletion: null },
      ],
      30,
    );
    const t = Date.parse('2026-05-01T12:00:30Z') / 1000;
    expect(s.xs).toEqual([t, t + 30]);
    expect(s.byKpi.rate).toEqual([20, 60]);
    expect(s.byKpi.completion).toEqual([1, 0.5]);
    expect(s.byKpi.fallback).toEqual([0, null]);
    expect(s.byKpi.cost).toEqual([null, 0.1]);
  });

  it('leaves out the bucket still filling at the end of the series', () => {
    const points = [
      { at: '2026-05-01T12:00:00Z', verifications: 60, completionRate: 0.99, p50Ms: 11_000, p95Ms: 23_000, fallbackRate: 0.07, costPerCompletion: 0.07 },
      { at: '2026-05-01T12:01:00Z', verifications: 60, completionRate: 0.98, p50Ms: 11_200, p95Ms: 23_500, fallbackRate: 0.06, costPerCompletion: 0.068 },
      // The series ends 5 s into this bucket: 5 verifications, the quick ones done.
      { at: '2026-05-01T12:02:00Z', verifications: 5, completionRate: 1, p50Ms: 4_000, p95Ms: 4_500, fallbackRate: 0, costPerCompletion: 0.05 },
    ];
    const s = kpiSeries(points, 60, '2026-05-01T12:02:05Z');
    const t = Date.parse('2026-05-01T12:00:00Z') / 1000;
    expect(s.xs).toEqual([t, t + 60]);
    expect(s.byKpi.rate).toEqual([60, 60]);
    expect(s.byKpi.p50).toEqual([11_000, 11_200]);
    // A bucket that ends exactly at the series' end is complete.
    expect(kpiSeries(points, 60, '2026-05-01T12:03:00Z').xs).toHaveLength(3);
  });
});
