import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../context/features.js';
import type { Snapshot } from '../types.js';
import { DAY_NIGHT_ENVIRONMENT } from './contextual-environment.js';
import { createEpsilonGreedyPolicy, epsilonGreedyConfig } from './epsilon-greedy.js';
import { createLinUcbPolicy, DEFAULT_LINUCB_CONFIG, linUcbConfig, type LinUcbConfig } from './linucb.js';
import { makeContext, reseedableDeps, runBernoulli, seededDeps } from './policy-harness.js';
import type { PolicyKind } from './policy.js';
import type { FeatureMap } from './ridge-policy.js';

const ctx = Object.freeze(makeContext());
const make = (seed: number, partial: Partial<LinUcbConfig> = {}, features?: FeatureMap) =>
  createLinUcbPolicy(linUcbConfig(partial), seededDeps(seed), features);
// Base context at 12:00 UTC: bias, hour_cos = -1, action_login, fraud_low, one operator bucket => x^T x = 5.
const XX = 5;

describe('linUcbConfig', () => {
  it('has lambda 1, alpha 0.5, no discount and the standard floor', () => {
    expect(linUcbConfig()).toEqual(DEFAULT_LINUCB_CONFIG);
    expect(DEFAULT_LINUCB_CONFIG).toMatchObject({ lambda: 1, alpha: 0.5, gamma: 1, explorationFloor: 0.01 });
  });

  it.each<[string, unknown, ErrorConstructor, RegExp]>([
    ['lambda 0', { lambda: 0 }, RangeError, /lambda must be a number in \(0, 1000000\], got 0/],
    ['negative alpha', { alpha: -1 }, RangeError, /alpha must be a number in \[0, 10\], got -1/],
    ['gamma above 1', { gamma: 1.01 }, RangeError, /gamma must be a number in \(0, 1\], got 1.01/],
    ['gamma 0', { gamma: 0 }, RangeError, /gamma must be a number in \(0, 1\]/],
    ['alpha as text', { alpha: '1' }, TypeError, /alpha must be a number/],
    ['floor too big', { explorationFloor: 0.25 }, RangeError, /explorationFloor/],
    ['unknown key', { v: 0.25 }, TypeError, /unknown linucb config key "v"/],
  ])('rejects %s', (_name, partial, type, message) => {
    expect(() => linUcbConfig(partial as Partial<LinUcbConfig>)).toThrow(type);
    expect(() => linUcbConfig(partial as Partial<LinUcbConfig>)).toThrow(message);
  });
});

describe('createLinUcbPolicy', () => {
  it('starts with equal scores alpha sqrt(x^T x / lambda) and gives the lowest index the mass', () => {
    const s = make(42).select(ctx, ['a', 'b', 'c']);
    expect(s.provider).toBe('a');
    expect(s.probabilities).toEqual({ a: 0.98, b: 0.01, c: 0.01 });
    for (const p of ['a', 'b', 'c']) expect(s.scores[p]).toBeCloseTo(0.5 * Math.sqrt(XX), 12);
  });

  it('scores theta^T x + alpha sqrt(x^T A^-1 x) after an update (exact rank-1 case)', () => {
    const policy = make(1);
    policy.update({ ctx, provider: 'a', reward: 1, at: 0 });
    // A = I + x x^T: theta = x / (1 + x^T x), so theta^T x = 5/6 and x^T A^-1 x = 5 - 25/6.
    const s = policy.select(ctx, ['b', 'a']);
    expect(s.scores.a).toBeCloseTo(5 / 6 + 0.5 * Math.sqrt(5 / 6), 12);
    expect(s.scores.b).toBeCloseTo(0.5 * Math.sqrt(XX), 12);
    expect(s.probabilities).toEqual({ b: 0.01, a: 0.99 });
    const [estimate] = policy.estimates(ctx, ['a']);
    expect(estimate!.mean).toBeCloseTo(5 / 6, 12);
    expect(estimate!.lower).toBeCloseTo(5 / 6 - 0.5 * Math.sqrt(5 / 6), 12);
    expect(estimate!.upper).toBe(1);
    expect(estimate!.n).toBe(1);
  });

  it('keeps one model per country and route class, shared across operators', () => {
    const policy = make(1);
    policy.update({ ctx, provider: 'a', reward: 1, at: 0 });
    const other = makeContext({ operator: '262-02' });
    expect(policy.coefficients(other, 'a')).toEqual(policy.coefficients(ctx, 'a'));
    expect(policy.coefficients(makeContext({ country: 'FR' }), 'a').every((c) => c.value === 0)).toBe(true);
    expect(policy.coefficients(makeContext({ routeClass: 'premium' }), 'a').every((c) => c.value === 0)).toBe(true);
    expect(policy.coefficients(ctx, 'a').map((c) => c.name)).toEqual(FEATURE_NAMES);
  });

  it('gives providers outside eligible no probability and rejects an empty list', () => {
    const policy = make(1);
    policy.update({ ctx, provider: 'a', reward: 1, at: 0 });
    expect(Object.keys(policy.select(ctx, ['c', 'b']).probabilities)).toEqual(['c', 'b']);
    expect(() => policy.select(ctx, [])).toThrow(RangeError);
  });

  it.each([1, 2, 3])('learns the hour-dependent best provider and beats a context-blind policy (seed %i)', (seed) => {
    const policy = make(seed);
    const contextual = runBernoulli(policy, DAY_NIGHT_ENVIRONMENT, 3000, 500 + seed);
    const blindPolicy = createEpsilonGreedyPolicy(epsilonGreedyConfig(), seededDeps(seed));
    const blind = runBernoulli(blindPolicy, DAY_NIGHT_ENVIRONMENT, 3000, 500 + seed);
    expect(contextual.totalReward / 3000).toBeGreaterThan(blind.totalReward / 3000 + 0.1);
    const sin = (p: string) => policy.coefficients(ctx, p).find((c) => c.name === 'hour_sin')!.value;
    expect(sin('night')).toBeGreaterThan(0.2);
    expect(sin('day')).toBeLessThan(-0.2);
  });

  it('forgets with gamma < 1 and keeps A^-1 bounded along features it never sees', () => {
    const fast = make(1, { gamma: 0.95 });
    const slow = make(1);
    for (const policy of [fast, slow]) {
      for (let i = 0; i < 3000; i++) policy.update({ ctx, provider: 'a', reward: 1, at: 0 });
      for (let i = 0; i < 60; i++) policy.update({ ctx, provider: 'a', reward: 0, at: 0 });
    }
    expect(fast.estimates(ctx, ['a'])[0]!.mean).toBeLessThan(0.1);
    expect(slow.estimates(ctx, ['a'])[0]!.mean).toBeGreaterThan(0.9);
    const state = fast.snapshot().state as { models: { ainv: number[] }[] };
    const ainv = state.models[0]!.ainv;
    const d = FEATURE_NAMES.length;
    const diagonal = Array.from({ length: d }, (_, i) => ainv[i * d + i]!);
    expect(ainv.every(Number.isFinite)).toBe(true);
    // Unseen features stay within gamma^-d of the prior variance 1 / lambda instead of growing like gamma^-t.
    expect(Math.max(...diagonal)).toBeLessThan(0.95 ** -d);
    expect(Math.max(...diagonal)).toBeGreaterThan(1);
  });

  it('accepts any feature dimension up to 32', () => {
    const names = Array.from({ length: 32 }, (_, i) => `f${i}`);
    const wide: FeatureMap = { names, write: (c, out) => out.fill(0).fill(1, 0, 1 + (c.at % 7)) };
    const policy = make(1, {}, wide);
    policy.update({ ctx, provider: 'a', reward: 1, at: 0 });
    expect(policy.select(ctx, ['a', 'b']).provider).toBeDefined();
    expect(policy.coefficients(ctx, 'a')).toHaveLength(32);
    expect(() => make(1, {}, { names: [...names, 'f32'], write: wide.write })).toThrow(RangeError);
    expect(() => make(1, {}, { names: [], write: wide.write })).toThrow(RangeError);
  });

  it('continues identically after a JSON snapshot round trip', () => {
    const deps = reseedableDeps(9);
    const original = createLinUcbPolicy(linUcbConfig({ gamma: 0.99 }), deps);
    runBernoulli(original, DAY_NIGHT_ENVIRONMENT, 400, 1);
    const restored = createLinUcbPolicy(linUcbConfig({ gamma: 0.99 }), seededDeps(77));
    restored.restore(JSON.parse(JSON.stringify(original.snapshot())) as Snapshot<PolicyKind>);
    expect(restored.snapshot()).toEqual(original.snapshot());
    deps.reseed(77);
    expect(runBernoulli(restored, DAY_NIGHT_ENVIRONMENT, 200, 2).selections).toEqual(
      runBernoulli(original, DAY_NIGHT_ENVIRONMENT, 200, 2).selections,
    );
  });

  it.each<[string, unknown]>([
    ['another kind', { kind: 'linear-ts', version: 'v', state: { dimension: 19, models: [] } }],
    ['another dimension', { kind: 'linucb', version: 'v', state: { dimension: 18, models: [] } }],
    [
      'a short A^-1',
      {
        kind: 'linucb',
        version: 'v',
        state: {
          dimension: 19,
          models: [{ key: 'DE:standard', provider: 'a', n: 1, updates: 1, ainv: [1], b: Array(19).fill(0) }],
        },
      },
    ],
    [
      'a non-numeric b',
      {
        kind: 'linucb',
        version: 'v',
        state: {
          dimension: 19,
          models: [
            { key: 'DE:standard', provider: 'a', n: 1, updates: 1, ainv: Array(361).fill(0), b: Array(19).fill('x') },
          ],
        },
      },
    ],
  ])('rejects a snapshot with %s and keeps its state', (_name, snap) => {
    const policy = make(1);
    policy.update({ ctx, provider: 'a', reward: 1, at: 0 });
    const before = policy.snapshot();
    expect(() => policy.restore(snap as Snapshot<PolicyKind>)).toThrow(TypeError);
    expect(policy.snapshot()).toEqual(before);
  });
});
