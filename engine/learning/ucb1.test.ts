import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../types.js';
import { makeContext, pickShare, reseedableDeps, runBernoulli, seededDeps } from './policy-harness.js';
import type { PolicyKind } from './policy.js';
import { createUcb1Policy, DEFAULT_UCB1_CONFIG, ucb1Config, ucb1Indices, type Ucb1Config } from './ucb1.js';

const ctx = makeContext();
const make = (seed: number, partial: Partial<Ucb1Config> = {}) =>
  createUcb1Policy(ucb1Config(partial), seededDeps(seed));
const bernoulli = (p: Record<string, number>) => ({
  eligible: Object.keys(p),
  successProbability: (id: string) => p[id] ?? 0,
});

describe('ucb1Config', () => {
  it('defaults to the standard exploration floor', () => {
    expect(ucb1Config()).toEqual(DEFAULT_UCB1_CONFIG);
    expect(DEFAULT_UCB1_CONFIG.explorationFloor).toBe(0.01);
  });

  it.each<[string, unknown, ErrorConstructor, RegExp]>([
    ['floor > 0.2', { explorationFloor: 0.3 }, RangeError, /explorationFloor must be a number in \[0, 0.2\], got 0.3/],
    ['negative floor', { explorationFloor: -0.01 }, RangeError, /explorationFloor/],
    ['unknown key', { c: 2 }, TypeError, /unknown ucb1 config key "c"/],
    ['empty version', { version: '' }, TypeError, /version must be a non-empty string/],
  ])('rejects %s', (_name, partial, type, message) => {
    expect(() => ucb1Config(partial as Partial<Ucb1Config>)).toThrow(type);
    expect(() => ucb1Config(partial as Partial<Ucb1Config>)).toThrow(message);
  });
});

describe('ucb1Indices', () => {
  it('is mean + sqrt(2 ln N / n) with N summed over the given arms, +Infinity when unplayed', () => {
    const indices = ucb1Indices([
      { n: 2, sum: 1 },
      { n: 1, sum: 1 },
      { n: 0, sum: 0 },
    ]);
    expect(indices[0]).toBeCloseTo(0.5 + Math.sqrt(Math.log(3)), 12);
    expect(indices[1]).toBeCloseTo(1 + Math.sqrt(2 * Math.log(3)), 12);
    expect(indices[2]).toBe(Infinity);
  });
});

describe('createUcb1Policy', () => {
  it('tries unplayed arms in eligible order, then follows the index, with the floor mixed in', () => {
    const policy = make(42);
    const picks: string[] = [];
    for (let i = 0; i < 5; i++) {
      const s = policy.select(ctx, ['a', 'b', 'c']);
      expect(s.probabilities[s.provider]).toBeCloseTo(0.98, 15);
      picks.push(s.provider);
      policy.update({ ctx, provider: s.provider, reward: s.provider === 'b' ? 1 : 0, at: 0 });
    }
    expect(picks).toEqual(['a', 'b', 'c', 'b', 'b']);
    const s = policy.select(ctx, ['a', 'b', 'c']);
    expect(s.probabilities).toEqual({ a: 0.01, b: 0.98, c: 0.01 });
    expect(s.scores.a).toBeCloseTo(Math.sqrt((2 * Math.log(5)) / 1), 12);
    expect(s.scores.b).toBeCloseTo(1 + Math.sqrt((2 * Math.log(5)) / 3), 12);
  });

  it('breaks index ties by the lowest eligible index', () => {
    const policy = make(1, { explorationFloor: 0 });
    for (const p of ['x', 'y']) policy.update({ ctx, provider: p, reward: 0.5, at: 0 });
    expect(policy.select(ctx, ['y', 'x']).probabilities).toEqual({ y: 1, x: 0 });
    expect(policy.select(ctx, ['x', 'y']).probabilities).toEqual({ x: 1, y: 0 });
  });

  it('computes N over the eligible arms only and gives absent providers nothing', () => {
    const policy = make(1, { explorationFloor: 0 });
    for (let i = 0; i < 50; i++) policy.update({ ctx, provider: 'gone', reward: 1, at: 0 });
    policy.update({ ctx, provider: 'a', reward: 1, at: 0 });
    policy.update({ ctx, provider: 'b', reward: 0, at: 0 });
    const s = policy.select(ctx, ['a', 'b']);
    expect(Object.keys(s.probabilities)).toEqual(['a', 'b']);
    expect(s.scores.a).toBeCloseTo(1 + Math.sqrt(2 * Math.log(2)), 12);
  });

  it('rejects an empty eligible list', () => {
    expect(() => make(1).select(ctx, [])).toThrow(RangeError);
  });

  it.each([1, 2, 3, 4, 5])('concentrates on the best of three Bernoulli arms within 2,000 rounds (seed %i)', (seed) => {
    const run = runBernoulli(make(seed), bernoulli({ low: 0.2, mid: 0.5, high: 0.8 }), 2000, 200 + seed);
    expect(pickShare(run.selections, 'high', 1000)).toBeGreaterThan(0.8);
    expect(pickShare(run.selections, 'high')).toBeGreaterThan(pickShare(run.selections, 'mid'));
  });

  it('continues identically after a JSON snapshot round trip', () => {
    const env = bernoulli({ a: 0.3, b: 0.6, c: 0.5 });
    const deps = reseedableDeps(9);
    const original = createUcb1Policy(ucb1Config(), deps);
    runBernoulli(original, env, 300, 1);
    const restored = make(77);
    restored.restore(JSON.parse(JSON.stringify(original.snapshot())) as Snapshot<PolicyKind>);
    expect(restored.snapshot()).toEqual(original.snapshot());
    deps.reseed(77);
    expect(runBernoulli(restored, env, 200, 2).selections).toEqual(runBernoulli(original, env, 200, 2).selections);
  });

  it('rejects a snapshot of another kind and leaves its state alone', () => {
    const policy = make(1);
    policy.update({ ctx, provider: 'a', reward: 1, at: 0 });
    expect(() => policy.restore({ kind: 'epsilon-greedy', version: 'v', state: { arms: [] } })).toThrow(TypeError);
    expect(() => policy.restore({ kind: 'ucb1', version: 'v', state: { arms: [{ segment: 's' }] } })).toThrow(
      TypeError,
    );
    expect(policy.estimates(ctx, ['a'])[0]?.n).toBe(1);
  });
});
