import fc from 'fast-check';
import { errorFunction } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../rng.js';
import { gaussianBestArmProbabilities } from './gaussian-best-arm.js';

const phi = (z: number) => 0.5 * (1 + errorFunction(z / Math.SQRT2));
const best = (means: number[], sds: number[]) =>
  Array.from(gaussianBestArmProbabilities(means, sds, new Float64Array(means.length)));

function monteCarlo(means: number[], sds: number[], draws: number, seed: number): number[] {
  const random = mulberry32(seed);
  const wins = new Array<number>(means.length).fill(0);
  for (let t = 0; t < draws; t++) {
    let top = 0;
    let topValue = -Infinity;
    for (let i = 0; i < means.length; i++) {
      const v = means[i]! + sds[i]! * normal(random);
      if (v > topValue) [top, topValue] = [i, v];
    }
    wins[top]! += 1;
  }
  return wins.map((w) => w / draws);
}

describe('gaussianBestArmProbabilities', () => {
  it.each([
    [0.5, 0.1, 0.4, 0.1],
    [0.5, 0.01, 0.49, 0.3],
    [0.2, 0.5, 0.25, 0.001],
    [0.7, 0.05, 0.1, 0.02],
    [0.3, 1e-4, 0.3001, 1e-4],
  ])(
    'matches the closed form for two arms: P(1 > 2) = Phi((mu1 - mu2) / sqrt(s1^2 + s2^2)) (%f, %f, %f, %f)',
    (m1, s1, m2, s2) => {
      const [p1, p2] = best([m1, m2], [s1, s2]);
      const exact = phi((m1 - m2) / Math.hypot(s1, s2));
      expect(Math.abs(p1! - exact)).toBeLessThan(1e-6);
      expect(p1! + p2!).toBeCloseTo(1, 12);
    },
  );

  it.each<[string, number[], number[]]>([
    ['three close arms', [0.5, 0.55, 0.45], [0.1, 0.05, 0.2]],
    ['sd ratio 1000', [0.6, 0.6, 0.58, 0.3], [0.001, 0.1, 0.05, 0.3]],
    [
      'eight arms in contention',
      [0.5, 0.52, 0.48, 0.55, 0.5, 0.45, 0.51, 0.49],
      [0.05, 0.02, 0.1, 0.01, 0.2, 0.3, 0.03, 0.08],
    ],
    ['a point mass among continuous arms', [0.5, 0.45, 0.6, 0.4], [0, 0.1, 0.2, 0.05]],
  ])('is within 0.005 of a 200k-draw Monte-Carlo: %s', (_name, means, sds) => {
    const mc = monteCarlo(means, sds, 200_000, 17);
    const exact = best(means, sds);
    exact.forEach((p, i) => expect(Math.abs(p - mc[i]!)).toBeLessThan(0.005));
  });

  it.each<[string, number[], number[]]>([
    ['three close arms', [0.82, 0.8, 0.79], [0.01, 0.012, 0.02]],
    ['a young arm against two settled ones', [0.85, 0.86, 0.7], [0.004, 0.006, 0.08]],
    ['four arms, one far behind', [0.9, 0.91, 0.905, 0.6], [0.003, 0.005, 0.004, 0.01]],
    ['five arms, sd ratio 20', [0.5, 0.52, 0.48, 0.51, 0.45], [0.01, 0.02, 0.05, 0.2, 0.1]],
  ])('is within 2e-4 of a 400,000-node midpoint rule on the uniform grid`s cases: %s', (_name, means, sds) => {
    // Reference: P_i = int f_i(t) prod_{j != i} Phi_j(t) dt by the midpoint rule, Phi from erf.
    const low = Math.min(...means.map((m, i) => m - 10 * sds[i]!));
    const high = Math.max(...means.map((m, i) => m + 10 * sds[i]!));
    const nodes = 400_000;
    const h = (high - low) / nodes;
    const reference = means.map(() => 0);
    for (let g = 0; g < nodes; g++) {
      const t = low + (g + 0.5) * h;
      const cdf = means.map((m, i) => phi((t - m) / sds[i]!));
      means.forEach((m, i) => {
        const z = (t - m) / sds[i]!;
        let others = 1;
        cdf.forEach((c, j) => (others *= j === i ? 1 : c));
        reference[i]! += (Math.exp(-0.5 * z * z) / (sds[i]! * Math.sqrt(2 * Math.PI))) * others * h;
      });
    }
    best(means, sds).forEach((p, i) => expect(Math.abs(p - reference[i]!)).toBeLessThan(2e-4));
  });

  it('splits point masses: the largest wins, ties share equally', () => {
    expect(best([0.3, 0.7, 0.7, 0.1], [0, 0, 0, 0])).toEqual([0, 0.5, 0.5, 0]);
    expect(best([0.4], [0])).toEqual([1]);
  });

  it('gives a point mass M the probability that every continuous arm is below M', () => {
    const [point, a, b] = best([0.5, 0.45, 0.6], [0, 0.1, 0.2]);
    const exact = phi(0.5) * phi(-0.5);
    expect(point).toBeCloseTo(exact, 6);
    expect(a! + b!).toBeCloseTo(1 - point!, 12);
    expect(best([0.5, 0.5], [0, 0.1])[0]).toBeCloseTo(0.5, 6);
  });

  it('gives zero to arms that cannot be best and to lower point masses', () => {
    const [low, high, point] = best([0, 1, 0.2], [0.01, 0.01, 0]);
    expect([low, high, point]).toEqual([0, 1, 0]);
  });

  it('gives exactly equal probabilities to arms with identical mean and sd', () => {
    const p = best([0.5, 0.6, 0.5, 0.4, 0.5], [0.1, 0.05, 0.1, 0.2, 0.1]);
    expect(p[2]).toBe(p[0]);
    expect(p[4]).toBe(p[0]);
    expect(best([0.3, 0.3, 0.3], [0.2, 0.2, 0.2])).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('returns probabilities in [0, 1] summing to 1 that grow with an arm`s mean', () => {
    const arm = fc.record({
      mean: fc.double({ min: -1, max: 2, noNaN: true }),
      sd: fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 1, noNaN: true })),
    });
    fc.assert(
      fc.property(
        fc.array(arm, { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        (arms, bump) => {
          const means = arms.map((a) => a.mean);
          const sds = arms.map((a) => a.sd);
          const p = best(means, sds);
          expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
          for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
          const bumped = best([means[0]! + bump, ...means.slice(1)], sds);
          expect(bumped[0]!).toBeGreaterThanOrEqual(p[0]! - 2e-3);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('does not mutate its inputs', () => {
    const means = Float64Array.from([0.1, 0.2]);
    const sds = Float64Array.from([0.1, 0.3]);
    gaussianBestArmProbabilities(means, sds, new Float64Array(2));
    expect(Array.from(means)).toEqual([0.1, 0.2]);
    expect(Array.from(sds)).toEqual([0.1, 0.3]);
  });

  it.each<[string, number[], number[], number]>([
    ['no arms', [], [], 0],
    ['mismatched lengths', [0.1, 0.2], [0.1], 2],
    ['a short output', [0.1, 0.2], [0.1, 0.1], 1],
    ['a NaN mean', [NaN, 0.2], [0.1, 0.1], 2],
    ['a negative sd', [0.1, 0.2], [-0.1, 0.1], 2],
    ['an infinite sd', [0.1, 0.2], [Infinity, 0.1], 2],
  ])('throws a RangeError for %s', (_name, means, sds, outLength) => {
    expect(() => gaussianBestArmProbabilities(means, sds, new Float64Array(outLength))).toThrow(RangeError);
  });
});
