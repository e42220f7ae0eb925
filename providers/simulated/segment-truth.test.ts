import { describe, expect, it } from 'vitest';
import { DEFAULT_WORLD } from './default-world.js';
import { localHour, segmentTruth } from './segment-truth.js';
import type { Incident } from './world.js';

/** 2024-01-15 03:00 UTC: outside every default time-of-day window. */
const QUIET = Date.UTC(2024, 0, 15, 3, 0);
const truth = (
  provider: string,
  country: string,
  operator: string,
  rc: 'premium' | 'standard',
  at = QUIET,
  incidents: readonly Incident[] = [],
) => segmentTruth(DEFAULT_WORLD, incidents, provider, country, operator, rc, at);

describe('segmentTruth', () => {
  it('applies country coverage, operator override and route class', () => {
    expect(truth('sim-borealis', 'DE', '262-01', 'standard')).toEqual({
      covered: true,
      acceptance: 0.99,
      delivery: 0.95,
      latencyMedianMs: 2400,
      latencySigma: 0.5,
      price: 0.072, // 0.08 * 0.9, quoted to the micro-dollar rather than as 0.07200000000000001
      receiptLoss: 0.02,
      silent: false,
    });
    const premium = truth('sim-borealis', 'DE', '262-01', 'premium');
    expect(premium.delivery).toBeCloseTo(1 - 0.05 * 0.5, 12);
    expect(premium.latencyMedianMs).toBeCloseTo(2400 * 0.8, 9);
    expect(premium.price).toBe(0.108);
    const o2 = truth('sim-borealis', 'DE', '262-03', 'standard');
    expect([o2.delivery, o2.latencyMedianMs, o2.acceptance]).toEqual([0.8, 5000, 0.99]);
    expect(truth('sim-borealis', 'DE', 'unknown', 'standard').delivery).toBe(0.95);
  });

  it('keeps provider prices within +-30% of the country reference on standard routes', () => {
    for (const p of DEFAULT_WORLD.providers) {
      for (const cov of p.coverage) {
        const ref = DEFAULT_WORLD.countries.find((c) => c.code === cov.country)!.referencePrice;
        const t = truth(p.id, cov.country, 'unknown', cov.routeClasses.includes('standard') ? 'standard' : 'premium');
        const factor = t.price / ref / (cov.routeClasses.includes('standard') ? 1 : 1.5);
        expect(factor).toBeGreaterThanOrEqual(0.7 - 1e-9);
        expect(factor).toBeLessThanOrEqual(1.3 + 1e-9);
      }
    }
  });

  it.each([
    ['a country the provider does not serve', 'sim-cobalt', 'US', '310-260', 'standard'],
    ['a route class the provider does not sell there', 'sim-ember', 'GB', '234-30', 'standard'],
    ['an operator excluded by override', 'sim-atlas', 'NG', '621-60', 'standard'],
    ['an operator of another country', 'sim-atlas', 'DE', '310-260', 'standard'],
    ['an unknown country', 'sim-atlas', 'XX', 'unknown', 'standard'],
  ] as const)('is not covered for %s', (_name, provider, country, operator, rc) => {
    expect(truth(provider, country, operator, rc)).toMatchObject({
      covered: false,
      acceptance: 0,
      delivery: 0,
      price: 0,
    });
  });

  it('throws RangeError for an unknown provider', () => {
    expect(() => truth('sim-zeta', 'DE', '262-01', 'standard')).toThrow('provider must be one of sim-atlas');
  });

  it("degrades sim-cobalt in Indonesia's evening peak [18, 22) WIB only", () => {
    const at = (hUtc: number, m = 0) => Date.UTC(2024, 0, 15, hUtc, m);
    const base = truth('sim-cobalt', 'ID', '510-10', 'standard', at(3));
    const peak = truth('sim-cobalt', 'ID', '510-10', 'standard', at(11)); // 18:00 WIB
    expect(peak.delivery).toBeCloseTo(base.delivery * 0.7, 12);
    expect(peak.latencyMedianMs).toBeCloseTo(base.latencyMedianMs * 3, 9);
    expect(truth('sim-cobalt', 'ID', '510-10', 'standard', at(10, 59))).toEqual(base);
    expect(truth('sim-cobalt', 'ID', '510-10', 'standard', at(15))).toEqual(base); // 22:00 WIB
    expect(truth('sim-cobalt', 'PH', '515-02', 'standard', at(11)).delivery).toBe(0.94);
  });

  it('applies a "*" time window to every country of the provider', () => {
    // sim-dynamo congests 09-12 local: 09:30 in Manila is 01:30 UTC, in Mexico City 15:30 UTC.
    expect(truth('sim-dynamo', 'PH', '515-02', 'standard', Date.UTC(2024, 0, 15, 1, 30)).acceptance).toBeCloseTo(
      0.97 * 0.9,
      12,
    );
    expect(truth('sim-dynamo', 'MX', '334-020', 'standard', Date.UTC(2024, 0, 15, 15, 30)).acceptance).toBeCloseTo(
      0.97 * 0.9,
      12,
    );
    expect(truth('sim-dynamo', 'MX', '334-020', 'standard', Date.UTC(2024, 0, 15, 1, 30)).acceptance).toBe(0.97);
  });

  it('applies incidents only inside [start, end) and only to their scope, composing factors', () => {
    const incidents: Incident[] = [
      {
        id: 'a',
        provider: 'sim-atlas',
        country: 'DE',
        start: QUIET,
        end: QUIET + 60_000,
        effect: { deliveryFactor: 0.5 },
      },
      {
        id: 'b',
        provider: 'sim-atlas',
        country: 'DE',
        operator: '262-02',
        start: QUIET,
        end: QUIET + 60_000,
        effect: { deliveryFactor: 0.5, latencyFactor: 4 },
      },
      {
        id: 'c',
        provider: 'sim-atlas',
        country: 'DE',
        routeClass: 'premium',
        start: QUIET,
        end: QUIET + 60_000,
        effect: { acceptanceFactor: 0 },
      },
    ];
    const t = (operator: string, rc: 'premium' | 'standard', at: number) =>
      truth('sim-atlas', 'DE', operator, rc, at, incidents);
    expect(t('262-01', 'standard', QUIET).delivery).toBeCloseTo(0.95 * 0.5, 12);
    expect(t('262-02', 'standard', QUIET).delivery).toBeCloseTo(0.95 * 0.25, 12);
    expect(t('262-02', 'standard', QUIET).latencyMedianMs).toBe(12_000);
    expect(t('unknown', 'standard', QUIET).delivery).toBeCloseTo(0.95 * 0.5, 12);
    expect(t('262-01', 'premium', QUIET).acceptance).toBe(0);
    expect(t('262-01', 'standard', QUIET - 1)).toEqual(truth('sim-atlas', 'DE', '262-01', 'standard', QUIET - 1));
    expect(t('262-01', 'standard', QUIET + 60_000)).toEqual(
      truth('sim-atlas', 'DE', '262-01', 'standard', QUIET + 60_000),
    );
    expect(truth('sim-atlas', 'FR', '208-01', 'standard', QUIET, incidents).delivery).toBe(0.95);
    expect(truth('sim-borealis', 'DE', '262-01', 'standard', QUIET, incidents).delivery).toBe(0.95);
  });

  it('makes a silent incident deliver nothing while still accepting', () => {
    const silent: Incident = {
      id: 's',
      provider: 'sim-ember',
      country: 'GB',
      start: 0,
      end: QUIET + 1,
      effect: { silent: true },
    };
    expect(truth('sim-ember', 'GB', '234-10', 'premium', QUIET, [silent])).toMatchObject({
      acceptance: 0.995,
      delivery: 0,
      silent: true,
    });
  });
});

describe('localHour', () => {
  it.each([
    [Date.UTC(2024, 0, 1, 18, 30), 5.5, 0],
    [Date.UTC(2024, 0, 1, 18, 29), 5.5, 23],
    [Date.UTC(2024, 0, 1, 2, 0), -5, 21],
    [Date.UTC(1969, 11, 31, 23, 0), 0, 23],
  ])('at %d with offset %d is hour %d', (at, offset, hour) => {
    expect(localHour(at, offset)).toBe(hour);
  });
});
