import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beta, mulberry32 } from '../rng.js';
import { probabilityBest } from './beta-best-arm.js';

/** Share of `draws` joint posterior draws in which each arm is the largest (Thompson sampling itself). */
function monteCarlo(alpha: readonly number[], betaShape: readonly number[], draws: number, seed: number): number[] {
  const random = mulberry32(seed);
  const wins = new Array<number>(alpha.length).fill(0);
  for (let n = 0; n < draws; n++) {
    let best = 0;
    let top = -1;
    for (let i = 0; i < alpha.length; i++) {
      const v = beta(random, alpha[i] ?? 1, betaShape[i] ?? 1);
      if (v > top) {
        top = v;
        best = i;
      }
    }
    wins[best] = (wins[best] ?? 0) + 1;
  }
  return wins.map((w) => w / draws);
}

describe('probabilityBest', () => {
  it.each([
    ['small counts', [1, 2], [1, 1]],
    ['large peaked', [900, 880], [100, 120]],
    ['flat vs peaked', [1, 900], [1, 100]],
    ['four mixed', [2, 2, 5, 30], [2, 3, 3, 10]],
    ['eight arms', [90, 85, 70, 3, 50, 49, 51, 60], [10, 15, 30, 1, 10, 11, 9, 12]],
    ['skewed low vs high', [1.5, 1], [1.2, 30]],
  ])('matches 200,000 joint Thompson draws within 0.01 (%s)', (_name, alpha, betaShape) => {
    const exact = probabilityBest(alpha, betaShape);
    const sampled = monteCarlo(alpha, betaShape, 200_000, 11);
    for (let i = 0; i < alpha.length; i++) expect(Math.abs((exact[i] ?? NaN) - (sampled[i] ?? NaN))).toBeLessThan(0.01);
  });

  it('is within 5e-5 of the closed form for Beta(2, 1) vs Beta(1, 1): P(second best) = 1/3', () => {
    const p = probabilityBest([2, 1], [1, 1]);
    expect(p[0]).toBeCloseTo(2 / 3, 4);
    expect(p[1]).toBeCloseTo(1 / 3, 4);
  });

  it('gives bit-identical probabilities to identical posteriors, whatever their position', () => {
    const p = probabilityBest([30, 5, 30, 30], [10, 5, 10, 10]);
    expect(p[0]).toBe(p[2]);
    expect(p[0]).toBe(p[3]);
    expect(probabilityBest([4, 4, 4], [7, 7, 7])).toEqual(Float64Array.from([1 / 3, 1 / 3, 1 / 3]));
  });

  it('returns [1] for one arm and 0 for an arm far below the others', () => {
    expect(probabilityBest([3], [4])).toEqual(Float64Array.from([1]));
    const p = probabilityBest([900, 10], [100, 990]);
    expect(p[1]).toBe(0);
    expect(p[0]).toBe(1);
  });

  it('sums to 1 and a better posterior never gets a lower probability (property)', () => {
    const shape = fc.double({ min: 1, max: 500, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(shape, shape), { minLength: 2, maxLength: 6 }),
        fc.double({ min: 1, max: 50, noNaN: true }),
        (arms, extra) => {
          const alpha = arms.map(([a]) => a);
          const betaShape = arms.map(([, b]) => b);
          const p = probabilityBest(alpha, betaShape);
          expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
          const better = probabilityBest([(alpha[0] ?? 1) + extra, ...alpha.slice(1)], betaShape);
          expect(better[0]).toBeGreaterThanOrEqual((p[0] ?? 0) - 2e-3);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('does not mutate its inputs', () => {
    const alpha = Object.freeze([3, 4]);
    const betaShape = Object.freeze([5, 2]);
    expect(() => probabilityBest(alpha, betaShape)).not.toThrow();
    expect(alpha).toEqual([3, 4]);
  });

  it.each([
    [[], [], 'alpha and beta must be non-empty and of equal length, got 0 and 0'],
    [[1, 2], [1], 'alpha and beta must be non-empty and of equal length, got 2 and 1'],
    [[0.5], [1], 'Beta shapes must be finite and >= 1, got (0.5, 1) at 0'],
    [[2, Infinity], [1, 1], 'Beta shapes must be finite and >= 1, got (Infinity, 1) at 1'],
  ])('rejects alpha=%j beta=%j', (alpha, betaShape, message) => {
    expect(() => probabilityBest(alpha, betaShape)).toThrow(new RangeError(message));
  });
  it('writes into `out` when given: same values as a fresh result, whatever out held before', () => {
    const alpha = [40, 35, 20];
    const betaShape = [5, 8, 6];
    const out = new Float64Array([7, -1, NaN]);
    const fresh = probabilityBest(alpha, betaShape);
    expect(probabilityBest(alpha, betaShape, out)).toBe(out);
    expect(out).toEqual(fresh);
  });

  it.each([
    [new Float64Array(2), 'out must have length 3, got 2'],
    [new Float64Array(4), 'out must have length 3, got 4'],
  ])('rejects an out array of another length (%s)', (out, message) => {
    expect(() => probabilityBest([2, 3, 4], [2, 2, 2], out)).toThrow(new RangeError(message));
  });

  it('does not depend on earlier calls (its scratch buffers are rewritten each call)', () => {
    const small = (): Float64Array => probabilityBest([30, 28], [10, 12]);
    const first = small();
    probabilityBest([90, 85, 70, 3, 50, 49, 51, 60, 2], [10, 15, 30, 1, 10, 11, 9, 12, 2]);
    probabilityBest([1.5, 1], [1.2, 30]);
    expect(small()).toEqual(first);
  });
});
