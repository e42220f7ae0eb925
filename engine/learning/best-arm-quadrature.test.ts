import { describe, expect, it } from 'vitest';
import { probabilityBest } from './beta-best-arm.js';
import { simpsonBest, trapezoidBest, type BestArmGrid } from './best-arm-quadrature.js';

/** The support window probabilityBest integrates over, with every arm active. */
function grid(alpha: number[], beta: number[], cells: number): BestArmGrid {
  let low = 0;
  let high = 0;
  alpha.forEach((a, i) => {
    const b = beta[i]!;
    const n = a + b;
    const sd = Math.sqrt((a * b) / (n * n * (n + 1)));
    low = Math.max(low, a / n - 7 * sd);
    high = Math.max(high, a / n + 7 * sd);
  });
  return { alpha, beta, active: alpha.map((_, i) => i), low, high: Math.min(1, high), cells };
}

const normalised = (p: Float64Array) => {
  const total = p.reduce((s, x) => s + x, 0);
  return Array.from(p, (x) => x / total);
};

describe('best-arm quadrature rules', () => {
  it.each([
    ['three peaked arms', [40, 35, 20], [5, 8, 6]],
    ['close posteriors', [400, 390, 380], [100, 110, 120]],
    ['wide against narrow', [3, 900], [2, 100]],
    ['five arms, shapes >= 2', [12, 11, 13, 2, 30], [3, 3, 4, 2, 9]],
  ])('the fourth-order rule on 32 cells is within 5e-4 of the trapezoid on 8192 (%s)', (_name, alpha, beta) => {
    const reference = normalised(trapezoidBest(grid(alpha, beta, 8192)));
    const fast = normalised(simpsonBest(grid(alpha, beta, 32)));
    fast.forEach((p, i) => expect(Math.abs(p - reference[i]!)).toBeLessThan(5e-4));
    Array.from(probabilityBest(alpha, beta)).forEach((p, i) => expect(Math.abs(p - reference[i]!)).toBeLessThan(5e-4));
  });

  it('integrates polynomial integrands exactly: Beta(2, 1) vs Beta(1, 1) gives 2/3 and 1/3', () => {
    const p = normalised(simpsonBest(grid([2, 1], [1, 1], 32)));
    expect(p[0]).toBeCloseTo(2 / 3, 12);
    expect(p[1]).toBeCloseTo(1 / 3, 12);
  });

  it('keeps the trapezoid rule for a density with an infinite slope at the edge (shape in (1, 2))', () => {
    // Beta(1.5, 1) has density ~ sqrt(x): the fourth-order rule on 32 cells is off by 2e-3 here.
    const alpha = [1.5, 1.2];
    const beta = [1, 1.8];
    const reference = normalised(trapezoidBest(grid(alpha, beta, 65_536)));
    Array.from(probabilityBest(alpha, beta)).forEach((p, i) => expect(Math.abs(p - reference[i]!)).toBeLessThan(1e-3));
  });

  it.each([
    ['fourth-order', simpsonBest],
    ['trapezoid', trapezoidBest],
  ])('the %s rule gives the same values into `out` as into a new array', (_name, rule) => {
    const g = grid([40, 35, 20], [5, 8, 6], 64);
    const fresh = Array.from(rule(g));
    const out = new Float64Array(5).fill(3);
    expect(rule(g, out)).toBe(out);
    expect(Array.from(out.subarray(0, 3))).toEqual(fresh);
  });
});
