import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiscountedLevel } from './beta-arm-stats.js';

const noDetector = () => null;
const HOUR = 3_600_000;

describe('DiscountedLevel', () => {
  it('adds reward moments n, s = Σr, q = Σr² and counts updates', () => {
    const level = new DiscountedLevel('DE:*:standard', Infinity);
    level.add('a', 0.25, noDetector, 0);
    level.add('a', 1, noDetector, 10);
    expect(level.moments('a', 10)).toEqual({ n: 2, s: 1.25, q: 1.0625 });
    expect(level.moments('b', 10)).toEqual({ n: 0, s: 0, q: 0 });
    expect(level.total).toBe(2);
    expect(level.step).toBe(2);
  });

  it('halves every arm after one half-life, including arms not played since', () => {
    const level = new DiscountedLevel('k', HOUR);
    level.add('a', 1, noDetector, 0);
    level.add('b', 0.5, noDetector, HOUR);
    // 2^x is computed as exp(x ln 2): equal to within a few ulps.
    const close = (m: { n: number; s: number; q: number }, n: number, s: number, q: number) => {
      expect(m.n).toBeCloseTo(n, 14);
      expect(m.s).toBeCloseTo(s, 14);
      expect(m.q).toBeCloseTo(q, 14);
    };
    close(level.moments('a', HOUR), 0.5, 0.5, 0.5);
    close(level.moments('a', 3 * HOUR), 0.125, 0.125, 0.125);
    close(level.moments('b', 2 * HOUR), 0.5, 0.25, 0.125);
    expect(level.total).toBe(1.5);
  });

  it('adds an observation older than the level clock at the level clock (time never runs backwards)', () => {
    const level = new DiscountedLevel('k', HOUR);
    level.add('a', 1, noDetector, 2 * HOUR);
    level.add('a', 1, noDetector, HOUR);
    expect(level.at).toBe(2 * HOUR);
    expect(level.moments('a', 2 * HOUR)).toEqual({ n: 2, s: 2, q: 2 });
  });

  it('without a time, adds at the latest time (no decay), also before any time is known', () => {
    const level = new DiscountedLevel('k', 1);
    level.add('a', 1, noDetector);
    level.add('a', 0, noDetector);
    expect(level.moments('a', level.at)).toEqual({ n: 2, s: 1, q: 1 });
    expect(level.total).toBe(2);
  });

  it('lazy decay equals the direct sum Σ 2^(-(T - t) / H) of every observation, property', () => {
    const step = fc.tuple(
      fc.integer({ min: 0, max: 3 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 2 * HOUR }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 60_000, max: 10 * HOUR }), fc.array(step, { maxLength: 100 }), (halfLife, steps) => {
        const level = new DiscountedLevel('k', halfLife);
        const seen: { arm: number; r: number; t: number }[] = [];
        let t = 0;
        for (const [arm, r, dt] of steps) {
          t += dt;
          level.add(`p${arm}`, r, noDetector, t);
          seen.push({ arm, r, t });
        }
        const end = t + halfLife;
        let total = 0;
        for (let arm = 0; arm < 4; arm++) {
          const expected = { n: 0, s: 0, q: 0 };
          for (const o of seen.filter((x) => x.arm === arm)) {
            const w = Math.pow(2, -(end - o.t) / halfLife);
            expected.n += w;
            expected.s += w * o.r;
            expected.q += w * o.r * o.r;
          }
          const m = level.moments(`p${arm}`, end);
          expect(m.n).toBeCloseTo(expected.n, 9);
          expect(m.s).toBeCloseTo(expected.s, 9);
          expect(m.q).toBeCloseTo(expected.q, 9);
          total += level.moments(`p${arm}`, t).n;
        }
        expect(level.total).toBeCloseTo(total, 9);
      }),
    );
  });

  it('reset keeps the given moments, returns what it removed, lowers the total and bumps the epoch', () => {
    const level = new DiscountedLevel('k', Infinity);
    level.add('a', 1, noDetector, 0);
    level.add('a', 0.5, noDetector, 0);
    level.add('b', 1, noDetector, 0);
    expect(level.reset('a', { n: 1, s: 0.5, q: 0.25 })).toEqual({ n: 1, s: 1, q: 1 });
    expect(level.moments('a', 0)).toEqual({ n: 1, s: 0.5, q: 0.25 });
    expect(level.total).toBe(2);
    expect(level.epoch).toBe(1);
    expect(level.reset('unknown')).toEqual({ n: 0, s: 0, q: 0 });
    expect(level.epoch).toBe(1);
    level.forget('b');
    expect(level.moments('b', 0)).toEqual({ n: 0, s: 0, q: 0 });
    expect(level.total).toBe(1);
    expect(level.epoch).toBe(2);
  });

  it('subtract removes moments but never goes below zero', () => {
    const level = new DiscountedLevel('k', Infinity);
    level.add('a', 1, noDetector, 0);
    level.add('a', 0, noDetector, 0);
    level.subtract('a', { n: 1, s: 1, q: 1 });
    expect(level.moments('a', 0)).toEqual({ n: 1, s: 0, q: 0 });
    level.subtract('a', { n: 5, s: 5, q: 5 });
    expect(level.moments('a', 0)).toEqual({ n: 0, s: 0, q: 0 });
    expect(level.total).toBe(0);
    expect(level.epoch).toBe(2);
  });
  it('momentsInto writes exactly what moments returns, also when asked again at an earlier or later time', () => {
    const level = new DiscountedLevel('k', HOUR);
    level.add('a', 0.7, noDetector, 0);
    level.add('b', 0.2, noDetector, 0.4 * HOUR);
    const out = new Float64Array(7).fill(9);
    for (const t of [HOUR, 2.5 * HOUR, HOUR, HOUR]) {
      for (const provider of ['a', 'b', 'unseen']) {
        level.momentsInto(provider, t, out, 2);
        const m = level.moments(provider, t);
        expect([out[2], out[3], out[4]]).toEqual([m.n, m.s, m.q]);
      }
    }
    expect([out[0], out[1], out[5], out[6]]).toEqual([9, 9, 9, 9]);
    level.add('a', 1, noDetector, 1.5 * HOUR);
    level.momentsInto('a', 2.5 * HOUR, out, 0);
    expect(out[0]).toBeCloseTo((2 ** -1.5 + 1) * 0.5, 12);
  });
});
