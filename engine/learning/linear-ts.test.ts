import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, featureVector } from '../context/features.js';
import { mulberry32, normal } from '../rng.js';
import type { Snapshot } from '../types.js';
import { DAY_NIGHT_ENVIRONMENT } from './contextual-environment.js';
import { createEpsilonGreedyPolicy, epsilonGreedyConfig } from './epsilon-greedy.js';
import { gaussianBestArmProbabilities } from './gaussian-best-arm.js';
import { createLinearTsPolicy, DEFAULT_LINEAR_TS_CONFIG, linearTsConfig, type LinearTsConfig } from './linear-ts.js';
import { makeContext, pickShare, reseedableDeps, runBernoulli, seededDeps } from './policy-harness.js';
import type { PolicyKind } from './policy.js';

const ctx = Object.freeze(makeContext());
const make = (seed: number, partial: Partial<LinearTsConfig> = {}) =>
  createLinearTsPolicy(linearTsConfig(partial), seededDeps(seed));
// Base context at 12:00 UTC: bias, hour_cos = -1, action_login, fraud_low, one operator bucket => x^T x = 5.
const XX = 5;
const Z90 = 1.6448536269514722;

describe('linearTsConfig', () => {
  it('has lambda 1, v 0.25, no discount and the standard floor', () => {
    expect(linearTsConfig()).toEqual(DEFAULT_LINEAR_TS_CONFIG);
    expect(DEFAULT_LINEAR_TS_CONFIG).toMatchObject({ lambda: 1, v: 0.25, gamma: 1, explorationFloor: 0.01 });
  });

  it.each<[string, unknown, ErrorConstructor, RegExp]>([
    ['v 0', { v: 0 }, RangeError, /v must be a number in \(0, 10\], got 0/],
    ['v 11', { v: 11 }, RangeError, /v must be a number in \(0, 10\]/],
    ['negative lambda', { lambda: -1 }, RangeError, /lambda must be a number in \(0, 1000000\]/],
    ['gamma NaN', { gamma: NaN }, RangeError, /gamma must be a number in \(0, 1\], got NaN/],
    ['floor as text', { explorationFloor: '0.01' }, RangeError, /explorationFloor/],
    ['unknown key', { alpha: 1 }, TypeError, /unknown linear-ts config key "alpha"/],
    ['wrong kind', { kind: 'linucb' }, TypeError, /kind must be "linear-ts"/],
  ])('rejects %s', (_name, partial, type, message) => {
    expect(() => linearTsConfig(partial as Partial<LinearTsConfig>)).toThrow(type);
    expect(() => linearTsConfig(partial as Partial<LinearTsConfig>)).toThrow(message);
  });
});

describe('createLinearTsPolicy', () => {
  it('starts uniform (identical posteriors) and pins the first pick for seed 42', () => {
    const s = make(42).select(ctx, ['a', 'b', 'c']);
    expect(s.probabilities).toEqual({ a: 1 / 3, b: 1 / 3, c: 1 / 3 });
    expect(s.provider).toBe('b');
    expect(s.propensity).toBe(1 / 3);
    expect(s.scores).toEqual({ a: 0, b: 0, c: 0 });
  });

  it('selects with P(arm has the largest posterior score) plus the floor', () => {
    const policy = make(1);
    policy.update({ ctx, provider: 'a', reward: 1, at: 0 });
    const s = policy.select(ctx, ['a', 'b', 'c']);
    // Exact rank-1 case: mean_a = 5/6, x^T A_a^-1 x = 5/6; untouched arms: mean 0, x^T x / lambda = 5.
    const expected = gaussianBestArmProbabilities(
      [5 / 6, 0, 0],
      [0.25 * Math.sqrt(5 / 6), 0.25 * Math.sqrt(XX), 0.25 * Math.sqrt(XX)],
      new Float64Array(3),
    );
    expect(s.probabilities.a).toBeCloseTo(0.97 * expected[0]! + 0.01, 12);
    expect(s.probabilities.b).toBe(s.probabilities.c);
    expect(s.probabilities.a! + s.probabilities.b! + s.probabilities.c!).toBeCloseTo(1, 12);
    expect(s.scores.a).toBeCloseTo(5 / 6, 12);
  });

  it('matches the choice frequencies of sampling theta ~ N(theta_hat, v^2 A^-1) (Cholesky Monte-Carlo)', () => {
    const policy = make(3);
    const updates = [
      ['a', 1],
      ['a', 0],
      ['b', 1],
      ['c', 0],
      ['b', 0],
      ['a', 1],
    ] as const;
    updates.forEach(([p, r], i) =>
      policy.update({ ctx: makeContext({ at: ctx.at + i * 3_600_000 }), provider: p, reward: r, at: 0 }),
    );
    const s = policy.select(ctx, ['a', 'b', 'c']);
    const x = featureVector(ctx);
    const d = x.length;
    const models = (policy.snapshot().state as { models: { provider: string; ainv: number[]; b: number[] }[] }).models;
    const arms = models.map((m) => {
      const ainv = new Matrix(Array.from({ length: d }, (_, i) => m.ainv.slice(i * d, (i + 1) * d)));
      const thetaHat = ainv.mmul(Matrix.columnVector(m.b)).to1DArray();
      const lower = new CholeskyDecomposition(ainv.mul(0.25 * 0.25)).lowerTriangularMatrix;
      return { provider: m.provider, thetaHat, lower };
    });
    const random = mulberry32(11);
    const wins: Record<string, number> = { a: 0, b: 0, c: 0 };
    const draws = 20_000;
    for (let t = 0; t < draws; t++) {
      let bestProvider = '';
      let bestScore = -Infinity;
      for (const arm of arms) {
        const z = Array.from({ length: d }, () => normal(random));
        let score = 0;
        for (let i = 0; i < d; i++) {
          let theta = arm.thetaHat[i]!;
          for (let j = 0; j <= i; j++) theta += arm.lower.get(i, j) * z[j]!;
          score += theta * x[i]!;
        }
        if (score > bestScore) [bestProvider, bestScore] = [arm.provider, score];
      }
      wins[bestProvider]! += 1;
    }
    for (const p of ['a', 'b', 'c'])
      expect(Math.abs(wins[p]! / draws - (s.probabilities[p]! - 0.01) / 0.97)).toBeLessThan(0.015);
  });

  it('reports the posterior mean with a 90% interval and gives absent providers nothing', () => {
    const policy = make(1);
    policy.update({ ctx, provider: 'a', reward: 1, at: 0 });
    const [a, b] = policy.estimates(ctx, ['a', 'b']);
    expect(a!.mean).toBeCloseTo(5 / 6, 12);
    expect(a!.lower).toBeCloseTo(5 / 6 - Z90 * 0.25 * Math.sqrt(5 / 6), 12);
    expect(a!.upper).toBe(1);
    expect(b).toEqual({ provider: 'b', mean: 0, lower: 0, upper: Z90 * 0.25 * Math.sqrt(XX), n: 0 });
    expect(Object.keys(policy.select(ctx, ['c', 'b']).probabilities)).toEqual(['c', 'b']);
    expect(() => policy.select(ctx, [])).toThrow(RangeError);
    expect(policy.drainChanges()).toEqual([]);
  });

  it.each([1, 2, 3])('learns the hour-dependent best provider and beats a context-blind policy (seed %i)', (seed) => {
    const policy = make(seed);
    const contextual = runBernoulli(policy, DAY_NIGHT_ENVIRONMENT, 3000, 700 + seed);
    const blind = runBernoulli(
      createEpsilonGreedyPolicy(epsilonGreedyConfig(), seededDeps(seed)),
      DAY_NIGHT_ENVIRONMENT,
      3000,
      700 + seed,
    );
    expect(contextual.totalReward / 3000).toBeGreaterThan(blind.totalReward / 3000 + 0.1);
    // 2025-01-07 06:00 and 18:00 UTC.
    expect(policy.estimates(makeContext({ at: 1_736_229_600_000 }), ['night', 'day']).map((e) => e.mean > 0.6)).toEqual(
      [true, false],
    );
    expect(policy.estimates(makeContext({ at: 1_736_272_800_000 }), ['night', 'day']).map((e) => e.mean > 0.6)).toEqual(
      [false, true],
    );
    expect(pickShare(contextual.selections, 'flat', 2000)).toBeLessThan(0.1);
    expect(policy.coefficients(ctx, 'night').map((c) => c.name)).toEqual(FEATURE_NAMES);
  });

  it('continues identically after a JSON snapshot round trip', () => {
    const deps = reseedableDeps(9);
    const original = createLinearTsPolicy(linearTsConfig({ gamma: 0.995 }), deps);
    runBernoulli(original, DAY_NIGHT_ENVIRONMENT, 400, 1);
    const restored = createLinearTsPolicy(linearTsConfig({ gamma: 0.995 }), seededDeps(77));
    restored.restore(JSON.parse(JSON.stringify(original.snapshot())) as Snapshot<PolicyKind>);
    expect(restored.snapshot()).toEqual(original.snapshot());
    deps.reseed(77);
    expect(runBernoulli(restored, DAY_NIGHT_ENVIRONMENT, 200, 2).selections).toEqual(
      runBernoulli(original, DAY_NIGHT_ENVIRONMENT, 200, 2).selections,
    );
  });

  it.each<[string, unknown]>([
    ['another kind', { kind: 'linucb', version: 'v', state: { dimension: 19, models: [] } }],
    ['no models', { kind: 'linear-ts', version: 'v', state: { dimension: 19 } }],
    [
      'a fractional update count',
      {
        kind: 'linear-ts',
        version: 'v',
        state: {
          dimension: 19,
          models: [{ key: 'k', provider: 'a', n: 1, updates: 0.5, ainv: Array(361).fill(0), b: Array(19).fill(0) }],
        },
      },
    ],
  ])('rejects a snapshot with %s', (_name, snap) => {
    expect(() => make(1).restore(snap as Snapshot<PolicyKind>)).toThrow(TypeError);
  });
});
