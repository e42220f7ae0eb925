import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../types.js';
import {
  createEpsilonGreedyPolicy,
  DEFAULT_EPSILON_GREEDY_CONFIG,
  epsilonGreedyConfig,
  type EpsilonGreedyConfig,
} from './epsilon-greedy.js';
import { makeContext, pickShare, reseedableDeps, runBernoulli, seededDeps } from './policy-harness.js';
import type { PolicyKind } from './policy.js';

const ctx = makeContext();
const make = (seed: number, partial: Partial<EpsilonGreedyConfig> = {}) =>
  createEpsilonGreedyPolicy(epsilonGreedyConfig(partial), seededDeps(seed));
const bernoulli = (p: Record<string, number>) => ({
  eligible: Object.keys(p),
  successProbability: (id: string) => p[id] ?? 0,
});

describe('epsilonGreedyConfig', () => {
  it('defaults epsilon to 0.1 with the standard floor, frozen', () => {
    expect(epsilonGreedyConfig()).toEqual(DEFAULT_EPSILON_GREEDY_CONFIG);
    expect(DEFAULT_EPSILON_GREEDY_CONFIG).toMatchObject({ epsilon: 0.1, explorationFloor: 0.01 });
    expect(Object.isFrozen(epsilonGreedyConfig({ epsilon: 0.2 }))).toBe(true);
  });

  it.each<[string, unknown, ErrorConstructor, RegExp]>([
    ['epsilon > 1', { epsilon: 1.5 }, RangeError, /epsilon must be a number in \[0, 1\], got 1.5/],
    ['epsilon < 0', { epsilon: -0.1 }, RangeError, /epsilon must be a number in \[0, 1\]/],
    ['epsilon NaN', { epsilon: NaN }, RangeError, /epsilon must be a number in \[0, 1\], got NaN/],
    ['epsilon string', { epsilon: '0.1' }, TypeError, /epsilon must be a number in \[0, 1\], got string/],
    ['floor too large', { explorationFloor: 0.5 }, RangeError, /explorationFloor must be a number in \[0, 0.2\]/],
    ['unknown key', { epsilom: 0.1 }, TypeError, /unknown epsilon-greedy config key "epsilom"/],
    ['wrong kind', { kind: 'ucb1' }, TypeError, /kind must be "epsilon-greedy"/],
  ])('rejects %s', (_name, partial, type, message) => {
    expect(() => epsilonGreedyConfig(partial as Partial<EpsilonGreedyConfig>)).toThrow(type);
    expect(() => epsilonGreedyConfig(partial as Partial<EpsilonGreedyConfig>)).toThrow(message);
  });
});

describe('createEpsilonGreedyPolicy', () => {
  it('pins the first picks and probability vectors for seed 42', () => {
    const policy = make(42);
    const first = policy.select(ctx, ['a', 'b', 'c']);
    expect(first.provider).toBe('b');
    expect(first.probabilities).toEqual({ a: 1 / 3, b: 1 / 3, c: 1 / 3 });
    policy.update({ ctx, provider: 'b', reward: 1, at: 0 });
    const second = policy.select(ctx, ['a', 'b', 'c']);
    // epsilon / k + (1 - epsilon) on the best, then the floor: 0.97 p + 0.01.
    const best = 0.97 * (0.1 / 3 + 0.9) + 0.01;
    const other = 0.97 * (0.1 / 3) + 0.01;
    expect(second.probabilities.b).toBeCloseTo(best, 15);
    expect(second.probabilities.a).toBeCloseTo(other, 15);
    expect(second.propensity).toBe(second.probabilities[second.provider]);
    expect(second.scores).toEqual({ a: 0, b: 1, c: 0 });
  });

  it('splits the greedy mass equally among tied best means', () => {
    const policy = make(1, { explorationFloor: 0 });
    policy.update({ ctx, provider: 'a', reward: 0.8, at: 0 });
    policy.update({ ctx, provider: 'c', reward: 0.8, at: 0 });
    const s = policy.select(ctx, ['a', 'b', 'c']);
    expect(s.probabilities.a).toBeCloseTo(0.1 / 3 + 0.45, 15);
    expect(s.probabilities.c).toBeCloseTo(0.1 / 3 + 0.45, 15);
    expect(s.probabilities.b).toBeCloseTo(0.1 / 3, 15);
  });

  it('gives no probability to a provider that is not eligible and keeps segments apart', () => {
    const policy = make(1);
    policy.update({ ctx, provider: 'a', reward: 1, at: 0 });
    const s = policy.select(ctx, ['b', 'c']);
    expect(Object.keys(s.probabilities)).toEqual(['b', 'c']);
    expect(s.probabilities.b).toBeCloseTo(0.5, 15);
    const other = policy.select(makeContext({ operator: '262-02' }), ['a', 'b']);
    expect(other.probabilities.a).toBeCloseTo(0.5, 15);
  });

  it('rejects an empty eligible list and out-of-range rewards', () => {
    const policy = make(1);
    expect(() => policy.select(ctx, [])).toThrow(RangeError);
    expect(() => policy.update({ ctx, provider: 'a', reward: 1.2, at: 0 })).toThrow(
      /reward must be a number in \[0, 1\]/,
    );
  });

  it.each([1, 2, 3, 4, 5])('concentrates on the best of three Bernoulli arms within 2,000 rounds (seed %i)', (seed) => {
    const run = runBernoulli(make(seed), bernoulli({ low: 0.2, mid: 0.5, high: 0.8 }), 2000, 100 + seed);
    expect(pickShare(run.selections, 'high', 1000)).toBeGreaterThan(0.85);
  });

  it('reports running means with a Wilson interval', () => {
    const policy = make(1);
    for (const r of [1, 0, 1, 1]) policy.update({ ctx, provider: 'a', reward: r, at: 0 });
    const [a, b] = policy.estimates(ctx, ['a', 'b']);
    expect(a).toMatchObject({ provider: 'a', mean: 0.75, n: 4 });
    expect(a!.lower).toBeLessThan(0.75);
    expect(a!.upper).toBeGreaterThan(0.75);
    expect(b).toEqual({ provider: 'b', mean: 0.5, lower: 0, upper: 1, n: 0 });
  });

  it('continues identically after a JSON snapshot round trip', () => {
    const env = bernoulli({ a: 0.3, b: 0.6, c: 0.5 });
    const deps = reseedableDeps(9);
    const original = createEpsilonGreedyPolicy(epsilonGreedyConfig(), deps);
    runBernoulli(original, env, 300, 1);
    const restored = make(77);
    restored.restore(JSON.parse(JSON.stringify(original.snapshot())) as Snapshot<PolicyKind>);
    expect(restored.snapshot()).toEqual(original.snapshot());
    deps.reseed(77);
    expect(runBernoulli(restored, env, 200, 2).selections).toEqual(runBernoulli(original, env, 200, 2).selections);
  });

  it.each<[string, unknown]>([
    ['another kind', { kind: 'ucb1', version: 'v', state: { arms: [] } }],
    ['arms not an array', { kind: 'epsilon-greedy', version: 'v', state: { arms: {} } }],
    [
      'a negative count',
      { kind: 'epsilon-greedy', version: 'v', state: { arms: [{ segment: 's', provider: 'a', n: -1, sum: 0 }] } },
    ],
    [
      'sum above n',
      { kind: 'epsilon-greedy', version: 'v', state: { arms: [{ segment: 's', provider: 'a', n: 1, sum: 2 }] } },
    ],
  ])('rejects a snapshot with %s', (_name, snap) => {
    expect(() => make(1).restore(snap as Snapshot<PolicyKind>)).toThrow(TypeError);
  });
});
