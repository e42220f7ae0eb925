import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../engine/rng.js';
import { DEFAULT_WORLD } from './default-world.js';
import fc from 'fast-check';
import { operatorForNumber, randomNumber, randomOperator, type NumberOwner } from './numbering.js';
import { validateWorld } from './validate-world.js';

const operators = DEFAULT_WORLD.countries.flatMap((c) => c.operators.map((o) => [c.code, o.mccMnc, o.name] as const));

describe('randomNumber / operatorForNumber', () => {
  it.each(operators)('%s %s (%s): generated numbers round-trip and are valid mobile numbers', (country, mccMnc) => {
    const random = mulberry32(7);
    for (let i = 0; i < 25; i++) {
      const n = randomNumber(country, mccMnc, random);
      expect(operatorForNumber(n)).toEqual({ country, operator: mccMnc });
      const parsed = parsePhoneNumberWithError(n);
      expect(parsed.isValid(), n).toBe(true);
      expect(parsed.country, n).toBe(country);
      // NANP and Mexico do not distinguish mobile from fixed ranges.
      expect(['MOBILE', 'FIXED_LINE_OR_MOBILE'], n).toContain(parsed.getType());
    }
  });

  it('is deterministic for a seed', () => {
    const a = mulberry32(3);
    const b = mulberry32(3);
    const draw = (r: () => number) => Array.from({ length: 5 }, () => randomNumber('DE', 'unknown', r));
    expect(draw(a)).toEqual(draw(b));
  });

  it('finds the operator of known numbers', () => {
    expect(operatorForNumber('+4915112345678')).toEqual({ country: 'DE', operator: '262-01' });
    expect(operatorForNumber('+2348031234567')).toEqual({ country: 'NG', operator: '621-30' });
    expect(operatorForNumber('+6281234567890')).toEqual({ country: 'ID', operator: '510-10' });
  });

  it.each([
    ['the Ofcom drama range', '+447700900123'],
    ['an unallocated prefix', '+4914112345678'],
    ['one digit too many', '+49151123456789'],
    ['one digit too few', '+491511234567'],
    ['no plus sign', '4915112345678'],
    ['letters', '+49151abc45678'],
    ['an unknown country code', '+99912345678'],
  ])('returns undefined for %s', (_name, n) => {
    expect(operatorForNumber(n)).toBeUndefined();
  });

  it('prefers the longest prefix, and an invalid range over an operator prefix', () => {
    const de = DEFAULT_WORLD.countries.find((c) => c.code === 'DE')!;
    const world = validateWorld({
      ...DEFAULT_WORLD,
      countries: [
        {
          ...de,
          invalidPrefixes: ['1519'],
          operators: [
            { mccMnc: '262-01', name: 'A', share: 1, prefixes: ['151'] },
            { mccMnc: '262-02', name: 'B', share: 1, prefixes: ['1515'] },
          ],
        },
      ],
      providers: [
        { ...DEFAULT_WORLD.providers[0]!, coverage: [DEFAULT_WORLD.providers[0]!.coverage[2]!], timeOfDay: [] },
      ],
    });
    expect(operatorForNumber('+4915101234567', world)?.operator).toBe('262-01');
    expect(operatorForNumber('+4915151234567', world)?.operator).toBe('262-02');
    expect(operatorForNumber('+4915191234567', world)).toBeUndefined();
    const random = mulberry32(11);
    for (let i = 0; i < 200; i++)
      expect(operatorForNumber(randomNumber('DE', '262-01', random, world), world)?.operator).toBe('262-01');
  });

  it('answers as a longest-prefix match over a map of prefix strings does, for any string', () => {
    // The straightforward form of the lookup (a regex, then every prefix length from the longest).
    const reference = (e164: string): NumberOwner | undefined => {
      if (!/^\+[1-9]\d{5,14}$/.test(e164)) return undefined;
      const digits = e164.slice(1);
      let best: { len: number; owner: NumberOwner | undefined } | undefined;
      for (const c of DEFAULT_WORLD.countries) {
        const entries = [
          ...c.invalidPrefixes.flatMap((p) =>
            c.operators.map((o) => ({ key: c.callingCode + p, length: c.callingCode.length + (o.numberLength ?? c.numberLength), owner: undefined })),
          ),
          ...c.operators.flatMap((o) =>
            o.prefixes.map((p) => ({
              key: c.callingCode + p,
              length: c.callingCode.length + (o.numberLength ?? c.numberLength),
              owner: { country: c.code, operator: o.mccMnc },
            })),
          ),
        ];
        for (const e of entries) {
          if (e.length !== digits.length || !digits.startsWith(e.key)) continue;
          // Longer prefixes win; at equal length the first entry (invalid ranges first) wins.
          if (best === undefined || e.key.length > best.len) best = { len: e.key.length, owner: e.owner };
        }
      }
      return best?.owner;
    };
    const prefixes = DEFAULT_WORLD.countries.flatMap((c) => [
      ...c.operators.flatMap((o) => o.prefixes.map((p) => c.callingCode + p)),
      ...c.invalidPrefixes.map((p) => c.callingCode + p),
    ]);
    const candidate = fc.oneof(
      fc.tuple(fc.constantFrom(...prefixes), fc.stringMatching(/^\d{0,12}$/)).map(([p, rest]) => `+${p}${rest}`),
      fc.stringMatching(/^\+?[0-9a]{0,17}$/),
    );
    fc.assert(
      fc.property(candidate, (n) => {
        expect(operatorForNumber(n)).toEqual(reference(n));
      }),
      { numRuns: 3_000 },
    );
  });

  it('throws RangeError for an unknown country or operator', () => {
    expect(() => randomNumber('XX', 'unknown', mulberry32(1))).toThrow(RangeError);
    expect(() => randomNumber('DE', '310-260', mulberry32(1))).toThrow(
      'operator must be one of 262-01, 262-02, 262-03 or unknown for DE, got "310-260"',
    );
  });
});

describe('randomOperator', () => {
  it('draws operators in proportion to their market share', () => {
    const ng = DEFAULT_WORLD.countries.find((c) => c.code === 'NG')!;
    for (const seed of [1, 2, 3]) {
      const random = mulberry32(seed);
      const n = 20_000;
      const counts = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const op = randomOperator('NG', random);
        counts.set(op, (counts.get(op) ?? 0) + 1);
      }
      const total = ng.operators.reduce((s, o) => s + o.share, 0);
      for (const o of ng.operators) {
        const p = o.share / total;
        const sd = Math.sqrt((p * (1 - p)) / n);
        expect(Math.abs((counts.get(o.mccMnc) ?? 0) / n - p)).toBeLessThan(4 * sd);
      }
    }
  });
});
