import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../rng.js';
import type { RequestContext } from '../types.js';
import { createDiscountedTsPolicy, discountedTsConfig } from './discounted-ts.js';
import { PosteriorShapes } from './discounted-ts-shapes.js';

const ctx: RequestContext = Object.freeze({
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard',
  action: 'login',
  tenant: 't1',
  fraudScore: 0.1,
  windowMs: 60_000,
  at: 0,
});
const MEANS: Readonly<Record<string, number>> = { a: 0.8, b: 0.75, c: 0.7, d: 0.65 };
const DRAWS = 100_000;
/** probabilityBest's documented accuracy against Monte Carlo. */
const QUADRATURE = 1e-3;

/** Choice counts per arm of `draws` samples. */
function frequencies(k: number, draws: number, choose: () => number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (let t = 0; t < draws; t++) counts[choose()]! += 1;
  return counts.map((c) => c / draws);
}

/** |frequency - p| within 4 standard errors of a proportion of `draws`, plus the quadrature's error. */
function expectMatches(freq: readonly number[], p: ArrayLike<number>, draws: number): void {
  freq.forEach((f, i) => {
    const q = p[i] ?? NaN;
    expect(Math.abs(f - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / draws) + QUADRATURE);
  });
}

describe('PosteriorShapes', () => {
  it.each([
    [0, [3, 20, 8], [2, 10, 3]],
    [0.05, [3, 20, 8, 1], [2, 10, 3, 1]],
    [0.2, [30, 1], [5, 1]],
  ])('samples each arm with its floored P(best) (floor %s)', (floor, alpha, beta) => {
    const shapes = new PosteriorShapes(Float64Array.from(alpha), Float64Array.from(beta), floor);
    const random = mulberry32(11);
    expectMatches(
      frequencies(alpha.length, DRAWS, () => shapes.sample(random)),
      shapes.probabilities,
      DRAWS,
    );
    for (const p of shapes.probabilities) expect(p).toBeGreaterThanOrEqual(floor);
  });

  it('is uniform when k * floor >= 1 and draws nothing for one arm', () => {
    const shapes = new PosteriorShapes(Float64Array.from([50, 2, 9, 4, 7]), Float64Array.from([1, 40, 3, 4, 2]), 0.2);
    expect([...shapes.probabilities]).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
    const random = mulberry32(3);
    expectMatches(
      frequencies(5, 20_000, () => shapes.sample(random)),
      shapes.probabilities,
      20_000,
    );
    let draws = 0;
    const one = new PosteriorShapes(Float64Array.from([2]), Float64Array.from([3]), 0.1);
    expect(one.sample(() => (draws++, 0.5))).toBe(0);
    expect(draws).toBe(0);
  });

  it('breaks a tie of the Thompson draws toward the lowest index', () => {
    // a constant random makes every Beta(4, 2) draw equal
    const shapes = new PosteriorShapes(Float64Array.from([1, 4, 4]), Float64Array.from([9, 2, 2]), 0);
    expect(shapes.sample(() => 0.5)).toBe(1);
  });

  it('computes its probabilities once and keeps them', () => {
    const shapes = new PosteriorShapes(Float64Array.from([3, 2]), Float64Array.from([2, 3]), 0.01);
    expect(shapes.probabilities).toBe(shapes.probabilities);
  });
});

describe('discounted-ts selection frequencies', () => {
  it.each([
    [2, 0.01],
    [3, 0.01],
    [4, 0.01],
    [2, 0.1],
    [3, 0.1],
    [4, 0.1],
  ])('k = %i, floor %s: the choice follows the logged probabilities over 100k selects', (k, floor) => {
    const p = createDiscountedTsPolicy(discountedTsConfig({ explorationFloor: floor, posteriorScale: 1 }), {
      now: () => 0,
      random: mulberry32(17),
    });
    const env = mulberry32(3);
    for (let t = 0; t < 15; t++)
      for (const [id, mean] of Object.entries(MEANS))
        p.update({ ctx, provider: id, reward: env() < mean ? 1 : 0, at: t });
    const eligible = Object.keys(MEANS).slice(0, k);
    const logged = p.select(ctx, eligible).probabilities;
    const vector = eligible.map((id) => logged[id] ?? NaN);
    // spread out, so the test can tell Thompson draws from the argmax of the means
    expect(Math.max(...vector)).toBeLessThan(0.7);
    const freq = frequencies(k, DRAWS, () => eligible.indexOf(p.select(ctx, eligible).provider));
    expectMatches(freq, vector, DRAWS);
  });
});
