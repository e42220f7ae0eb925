import { describe, expect, it } from 'vitest';
import { DEFAULT_WORLD } from './default-world.js';
import { validateWorld } from './validate-world.js';
import type { World } from './world.js';

type DeepMutable<T> = { -readonly [K in keyof T]: DeepMutable<T[K]> };
type MutableWorld = DeepMutable<World>;

function mutated(change: (w: MutableWorld) => void): World {
  const w = structuredClone(DEFAULT_WORLD) as MutableWorld;
  change(w);
  return w;
}

describe('validateWorld', () => {
  it('accepts the default world, which is deep-frozen and has the required coverage', () => {
    expect(Object.isFrozen(DEFAULT_WORLD.countries[0]!.operators[0]!.prefixes)).toBe(true);
    expect(DEFAULT_WORLD.countries.map((c) => c.code)).toEqual([
      'US',
      'GB',
      'DE',
      'FR',
      'BR',
      'MX',
      'IN',
      'ID',
      'NG',
      'PH',
      'ZA',
    ]);
    for (const c of DEFAULT_WORLD.countries) expect(c.operators.length).toBeGreaterThanOrEqual(2);
    expect(DEFAULT_WORLD.providers.length).toBeGreaterThanOrEqual(5);
    // Not every provider covers every country.
    expect(DEFAULT_WORLD.providers.some((p) => p.coverage.length < DEFAULT_WORLD.countries.length)).toBe(true);
  });

  it('returns a frozen copy and leaves the input untouched', () => {
    const input = mutated(() => undefined);
    const out = validateWorld(input);
    expect(out).not.toBe(input);
    expect(out).toEqual(input);
    expect(Object.isFrozen(out.providers[0]!.coverage[0])).toBe(true);
    expect(Object.isFrozen(input.providers[0]!.coverage[0])).toBe(false);
  });

  it.each<[string, (w: MutableWorld) => void, typeof TypeError | typeof RangeError, string]>([
    ['no countries', (w) => void (w.countries = []), RangeError, 'world.countries must have at least 1 entries, got 0'],
    [
      'lower-case code',
      (w) => void (w.countries[0]!.code = 'us'),
      RangeError,
      'world.countries[0].code must be an ISO 3166-1 alpha-2 code, got "us"',
    ],
    [
      'duplicate country',
      (w) => void (w.countries[1]!.code = 'US'),
      RangeError,
      'world.countries[].code must be unique, "US" appears twice',
    ],
    [
      'numeric calling code',
      (w) => void ((w.countries[2] as { callingCode: unknown }).callingCode = 49),
      TypeError,
      'world.countries[2].callingCode must be a string, got 49',
    ],
    [
      'bad MCC-MNC',
      (w) => void (w.countries[2]!.operators[0]!.mccMnc = '26201'),
      RangeError,
      'world.countries[2].operators[0].mccMnc must be MCC-MNC like "262-01", got "26201"',
    ],
    [
      'zero share',
      (w) => void (w.countries[2]!.operators[1]!.share = 0),
      RangeError,
      'world.countries[2].operators[1].share must be in (0, 1000], got 0',
    ],
    [
      'prefix as long as the number',
      (w) => void (w.countries[6]!.operators[0]!.prefixes[0] = '7011223344'),
      RangeError,
      'world.countries[6].operators[0].prefixes[0] must be shorter than the number length 10',
    ],
    [
      'shared prefix',
      (w) => void (w.countries[2]!.operators[1]!.prefixes[0] = '1511'),
      RangeError,
      'world.countries[2].operators[].prefixes must be unique, "1511" appears twice',
    ],
    [
      'negative price',
      (w) => void (w.countries[0]!.referencePrice = -0.01),
      RangeError,
      'world.countries[0].referencePrice must be in (0, 10], got -0.01',
    ],
    [
      'acceptance above 1',
      (w) => void (w.providers[1]!.coverage[0]!.acceptance = 1.2),
      RangeError,
      'world.providers[1].coverage[0].acceptance must be in [0, 1], got 1.2',
    ],
    [
      'NaN delivery',
      (w) => void (w.providers[0]!.coverage[3]!.delivery = Number.NaN),
      TypeError,
      'world.providers[0].coverage[3].delivery must be a number, got NaN',
    ],
    [
      'sigma too wide',
      (w) => void (w.providers[0]!.coverage[0]!.latencySigma = 4),
      RangeError,
      'world.providers[0].coverage[0].latencySigma must be in [0, 3], got 4',
    ],
    [
      'unknown covered country',
      (w) => void (w.providers[0]!.coverage[0]!.country = 'XX'),
      RangeError,
      'world.providers[0].coverage[0].country must be one of',
    ],
    [
      'unknown route class',
      (w) => void ((w.providers[0]!.coverage[0]!.routeClasses as string[])[0] = 'gold'),
      RangeError,
      'world.providers[0].coverage[0].routeClasses[0] must be one of premium, standard, got "gold"',
    ],
    [
      'override of a foreign operator',
      (w) => void (w.providers[1]!.coverage[2]!.operators = { '310-260': { delivery: 0.5 } }),
      RangeError,
      'world.providers[1].coverage[2].operators key must be one of 262-01, 262-02, 262-03, got "310-260"',
    ],
    [
      'zero capacity',
      (w) => void (w.providers[4]!.capacityPerSecond = 0),
      RangeError,
      'world.providers[4].capacityPerSecond must be in (0, 1000000], got 0',
    ],
    [
      'duplicate provider',
      (w) => void (w.providers[1]!.id = 'sim-atlas'),
      RangeError,
      'world.providers[].id must be unique, "sim-atlas" appears twice',
    ],
    [
      'empty time window',
      (w) => void (w.providers[1]!.timeOfDay[0]!.toHour = 19),
      RangeError,
      'world.providers[1].timeOfDay[0].toHour must differ from fromHour (19), got 19',
    ],
    [
      'premium price factor 0',
      (w) => void (w.routeClasses.premium.priceFactor = 0),
      RangeError,
      'world.routeClasses.premium.priceFactor must be in (0, 100], got 0',
    ],
    [
      'incident ending before it starts',
      (w) => void (w.incidents = [{ id: 'x', provider: 'sim-atlas', country: 'DE', start: 10, end: 10, effect: {} }]),
      RangeError,
      'world.incidents[0].end must be > start (10), got 10',
    ],
    [
      'incident for an unknown provider',
      (w) => void (w.incidents = [{ id: 'x', provider: 'sim-zeta', country: 'DE', start: 0, end: 10, effect: {} }]),
      RangeError,
      'world.incidents[0].provider must be one of sim-atlas',
    ],
    [
      'incident with a non-boolean silent',
      (w) =>
        void (w.incidents = [
          {
            id: 'x',
            provider: 'sim-atlas',
            country: 'DE',
            start: 0,
            end: 10,
            effect: { silent: 1 as unknown as boolean },
          },
        ]),
      TypeError,
      'world.incidents[0].effect.silent must be a boolean, got 1',
    ],
  ])('rejects %s', (_name, change, errorType, message) => {
    const world = mutated(change);
    expect(() => validateWorld(world)).toThrow(errorType);
    expect(() => validateWorld(world)).toThrow(message);
  });
});
