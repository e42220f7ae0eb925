import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaCdf, betaQuantile, incompleteBeta, logBeta } from './beta-cdf.js';

/** P(Binomial(n, p) >= k), summed directly. */
function binomialTail(n: number, k: number, p: number): number {
  let total = 0;
  let coef = 1;
  for (let j = 0; j <= n; j++) {
    if (j > 0) coef = (coef * (n - j + 1)) / j;
    if (j >= k) total += coef * p ** j * (1 - p) ** (n - j);
  }
  return total;
}

describe('betaCdf', () => {
  it.each([
    [0.3, 1, 1],
    [0.05, 2.5, 40],
    [0.85, 900, 100],
    [0.5, 7, 7],
    [0.999, 3e6, 1.2],
  ])('incompleteBeta(%s, %s, %s, logBeta) is bit-identical to betaCdf', (x, a, b) => {
    expect(incompleteBeta(x, a, b, logBeta(a, b))).toBe(betaCdf(x, a, b));
  });

  it.each([
    [0.3, 1, 1, 0.3],
    [0.3, 2, 1, 0.09],
    [0.3, 1, 2, 1 - 0.49],
    [0.5, 7, 7, 0.5],
    [0, 3, 4, 0],
    [1, 3, 4, 1],
    [-0.2, 3, 4, 0],
  ])('I_%s(%s, %s) = %s', (x, a, b, expected) => {
    expect(betaCdf(x, a, b)).toBeCloseTo(expected, 12);
  });

  it.each([
    [20, 5, 0.2],
    [30, 25, 0.9],
    [1000, 900, 0.9],
  ])('matches the binomial tail identity I_p(k, n-k+1) = P(Bin(n, p) >= k) for n=%s, k=%s, p=%s', (n, k, p) => {
    expect(betaCdf(p, k, n - k + 1)).toBeCloseTo(binomialTail(n, k, p), 10);
  });

  it('satisfies I_x(a, b) = 1 - I_(1-x)(b, a) and is monotone in x', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 1, max: 2000, noNaN: true }),
        fc.double({ min: 1, max: 2000, noNaN: true }),
        (x, a, b) => {
          expect(betaCdf(x, a, b) + betaCdf(1 - x, b, a)).toBeCloseTo(1, 9);
          expect(betaCdf(Math.min(1, x + 0.001), a, b)).toBeGreaterThanOrEqual(betaCdf(x, a, b) - 1e-12);
        },
      ),
    );
  });

  it.each([
    [0, 1],
    [1, -1],
    [Infinity, 1],
    [NaN, 2],
  ])('rejects shapes a=%s, b=%s', (a, b) => {
    expect(() => betaCdf(0.5, a, b)).toThrow(RangeError);
    expect(() => betaCdf(0.5, a, b)).toThrow('Beta shape parameters must be positive and finite');
  });
});

describe('betaQuantile', () => {
  it.each([
    [0.05, 1, 1, 0.05],
    [0.25, 2, 1, 0.5],
    [0.5, 4, 4, 0.5],
  ])('q=%s of Beta(%s, %s) is %s', (q, a, b, expected) => {
    expect(betaQuantile(q, a, b)).toBeCloseTo(expected, 10);
  });

  it('inverts betaCdf', () => {
    for (const [a, b] of [
      [3, 9],
      [900, 100],
      [1.5, 1],
    ] as const) {
      for (const q of [0.05, 0.5, 0.95]) expect(betaCdf(betaQuantile(q, a, b), a, b)).toBeCloseTo(q, 9);
    }
  });

  it('agrees with bisection on I_x to 1e-12 for every shape, down to U-shaped and near-degenerate ones', () => {
    // The reference: 60 halvings of [0, 1] on betaCdf, the definition of the quantile.
    const bisect = (q: number, a: number, b: number): number => {
      let lo = 0;
      let hi = 1;
      for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        if (betaCdf(mid, a, b) < q) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    };
    const shapes = [0.3, 0.5, 1, 2, 20, 1e3, 1e5, 1e7];
    for (const a of shapes)
      for (const b of shapes)
        for (const q of [0.001, 0.05, 0.5, 0.95, 0.999]) {
          expect(Math.abs(betaQuantile(q, a, b) - bisect(q, a, b)), `q=${q} a=${a} b=${b}`).toBeLessThan(1e-12);
        }
    expect([betaQuantile(0, 2, 3), betaQuantile(1, 2, 3)]).toEqual([0, 1]);
  });

  it('rejects q outside [0, 1] and shapes that are not positive', () => {
    expect(() => betaQuantile(1.5, 2, 2)).toThrow(new RangeError('q must be in [0, 1], got 1.5'));
    expect(() => betaQuantile(0.5, 0, 2)).toThrow(RangeError);
  });
});
