import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiscountedLevel } from './beta-arm-stats.js';

const noDetector = () => null;

describe('DiscountedLevel', () => {
  it('adds fractional pseudo-counts: alpha += r, beta += 1 - r', () => {
    const level = new DiscountedLevel('DE:*:standard', 1);
    level.add('a', 0.25, noDetector);
    level.add('a', 1, noDetector);
    expect(level.counts('a')).toEqual({ s: 1.25, f: 0.75 });
    expect(level.counts('b')).toEqual({ s: 0, f: 0 });
    expect(level.total).toBe(2);
  });

  it('decays every arm by gamma on each update at the level, including arms not played', () => {
    const level = new DiscountedLevel('k', 0.5);
    level.add('a', 1, noDetector); // a: s=1
    level.add('b', 0, noDetector); // a: s=0.5; b: f=1
    level.add('b', 1, noDetector); // a: s=0.25; b: s=1, f=0.5
    expect(level.counts('a')).toEqual({ s: 0.25, f: 0 });
    expect(level.counts('b')).toEqual({ s: 1, f: 0.5 });
    expect(level.n('a')).toBe(0.25);
    expect(level.total).toBe(1.75);
  });

  it('lazy decay equals eager decay of all arms (Raj & Kalyani 2017 update), property', () => {
    const updates = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 1, noNaN: true })), {
      maxLength: 200,
    });
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 1, noNaN: true }), updates, (gamma, steps) => {
        const level = new DiscountedLevel('k', gamma);
        const s = [0, 0, 0, 0, 0];
        const f = [0, 0, 0, 0, 0];
        for (const [arm, r] of steps) {
          for (let i = 0; i < 5; i++) {
            s[i] = (s[i] ?? 0) * gamma;
            f[i] = (f[i] ?? 0) * gamma;
          }
          s[arm] = (s[arm] ?? 0) + r;
          f[arm] = (f[arm] ?? 0) + 1 - r;
          level.add(`p${arm}`, r, noDetector);
        }
        let total = 0;
        for (let i = 0; i < 5; i++) {
          const c = level.counts(`p${i}`);
          expect(c.s).toBeCloseTo(s[i] ?? 0, 9);
          expect(c.f).toBeCloseTo(f[i] ?? 0, 9);
          total += (s[i] ?? 0) + (f[i] ?? 0);
        }
        expect(level.total).toBeCloseTo(total, 9);
      }),
    );
  });

  it('forget drops one arm, lowers the total and bumps the epoch', () => {
    const level = new DiscountedLevel('k', 1);
    level.add('a', 1, noDetector);
    level.add('b', 1, noDetector);
    level.forget('a');
    level.forget('unknown');
    expect(level.counts('a')).toEqual({ s: 0, f: 0 });
    expect(level.counts('b')).toEqual({ s: 1, f: 0 });
    expect(level.total).toBe(1);
    expect(level.epoch).toBe(1);
  });
});
