import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../engine/rng.js';
import { DEFAULT_WORLD } from '../../providers/simulated/default-world.js';
import { operatorForNumber } from '../../providers/simulated/numbering.js';
import { parsePhone } from '../verification/phone-number.js';
import { createPumpingSequence } from './pumping-sequence.js';

describe('createPumpingSequence', () => {
  it.each(['NG', 'ID', 'GB', 'US'])(
    'walks distinct valid numbers of one operator and one guard prefix in %s',
    (country) => {
      const next = createPumpingSequence(country, mulberry32(9), DEFAULT_WORLD);
      const numbers = Array.from({ length: 200 }, next);
      expect(new Set(numbers).size).toBe(200);
      const operators = new Set(numbers.map((n) => operatorForNumber(n, DEFAULT_WORLD)?.operator));
      expect(operators.size).toBe(1);
      expect([...operators][0]).toBeDefined();
      const prefixes = new Set(
        numbers.map((n) => {
          const p = parsePhone(n);
          return p.ok ? p.phone.prefix : 'invalid';
        }),
      );
      expect(prefixes.size).toBe(1);
      expect(prefixes.has('invalid')).toBe(false);
    },
  );

  it('is reproducible from the seed and counts up', () => {
    const a = createPumpingSequence('NG', mulberry32(1), DEFAULT_WORLD);
    const b = createPumpingSequence('NG', mulberry32(1), DEFAULT_WORLD);
    const xs = [a(), a(), a()];
    expect(xs).toEqual([b(), b(), b()]);
    expect(Number(xs[1]!.slice(-4))).toBe((Number(xs[0]!.slice(-4)) + 1) % 10_000);
  });

  it('refuses an unknown country', () => {
    expect(() => createPumpingSequence('XX', mulberry32(1), DEFAULT_WORLD)).toThrow(RangeError);
  });
});
