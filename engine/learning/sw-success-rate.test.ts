import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../types.js';
import { OutcomeWindow } from './outcome-window.js';
import { makeContext, pickShare, reseedableDeps, runBernoulli, seededDeps } from './policy-harness.js';
import type { PolicyKind } from './policy.js';
import {
  createSwSuccessRatePolicy,
  DEFAULT_SW_SUCCESS_RATE_CONFIG,
  swSuccessRateConfig,
  type SwSuccessRateConfig,
} from './sw-success-rate.js';

const ctx = makeContext();
const make = (seed: number, partial: Partial<SwSuccessRateConfig> = {}) =>
  createSwSuccessRatePolicy(swSuccessRateConfig(partial), seededDeps(seed));
const feed = (policy: ReturnType<typeof make>, provider: string, rewards: number[]) => {
  for (const reward of rewards) policy.update({ ctx, provider, reward, at: 0 });
};

describe('OutcomeWindow', () => {
  it('keeps only the last `size` outcomes, oldest first', () => {
    const w = new OutcomeWindow(3);
    for (const o of [true, true, false, false]) w.push(o);
    expect(w.toJSON()).toEqual([1, 0, 0]);
    expect([w.count, w.successes]).toEqual([3, 1]);
    w.push(true);
    expect(w.toJSON()).toEqual([0, 0, 1]);
    expect(w.successes).toBe(1);
  });
});

describe('swSuccessRateConfig', () => {
  it("defaults to Juspay's window of 125 and 5% hedging", () => {
    expect(swSuccessRateConfig()).toEqual(DEFAULT_SW_SUCCESS_RATE_CONFIG);
    expect(DEFAULT_SW_SUCCESS_RATE_CONFIG).toMatchObject({ windowSize: 125, hedge: 0.05, successThreshold: 0.5 });
  });

  it.each<[string, unknown, ErrorConstructor, RegExp]>([
    ['fractional window', { windowSize: 12.5 }, RangeError, /windowSize must be an integer in \[1, 10000\], got 12.5/],
    ['empty window', { windowSize: 0 }, RangeError, /windowSize must be an integer in \[1, 10000\]/],
    ['hedge of 1', { hedge: 1 }, RangeError, /hedge must be a number in \[0, 1\), got 1/],
    ['negative hedge', { hedge: -0.05 }, RangeError, /hedge must be a number in \[0, 1\)/],
    ['threshold 0', { successThreshold: 0 }, RangeError, /successThreshold must be a number in \(0, 1\], got 0/],
    ['threshold as text', { successThreshold: 'half' }, TypeError, /successThreshold must be a number in \(0, 1\]/],
    ['unknown key', { window: 10 }, TypeError, /unknown sw-success-rate config key "window"/],
  ])('rejects %s', (_name, partial, type, message) => {
    expect(() => swSuccessRateConfig(partial as Partial<SwSuccessRateConfig>)).toThrow(type);
    expect(() => swSuccessRateConfig(partial as Partial<SwSuccessRateConfig>)).toThrow(message);
  });
});

describe('createSwSuccessRatePolicy', () => {
  it('puts 0.95 + 0.05/k on the best windowed rate and 0.05/k elsewhere', () => {
    const policy = make(42);
    feed(policy, 'a', [1, 0]);
    feed(policy, 'b', [1, 1, 0]);
    feed(policy, 'c', [0]);
    const s = policy.select(ctx, ['a', 'b', 'c']);
    expect(s.scores).toEqual({ a: 0.5, b: 2 / 3, c: 0 });
    expect(s.probabilities.b).toBeCloseTo(0.95 + 0.05 / 3, 15);
    expect(s.probabilities.a).toBeCloseTo(0.05 / 3, 15);
    expect(s.provider).toBe('b');
  });

  it('treats arms without data as rate 1 and breaks ties by the lowest index', () => {
    const policy = make(42);
    feed(policy, 'a', [1, 1, 0]);
    const s = policy.select(ctx, ['a', 'c', 'b']);
    expect(s.scores).toEqual({ a: 2 / 3, c: 1, b: 1 });
    expect(s.probabilities.c).toBeCloseTo(0.95 + 0.05 / 3, 15);
  });

  it('counts reward >= successThreshold as a success', () => {
    const policy = make(1);
    feed(policy, 'a', [0.5, 0.49, 0.9, 0.1]);
    expect(policy.select(ctx, ['a']).scores.a).toBe(0.5);
    expect(policy.estimates(ctx, ['a'])[0]).toMatchObject({ mean: 0.5, n: 4 });
  });

  it('forgets outcomes older than the window', () => {
    const policy = make(1, { windowSize: 125 });
    feed(policy, 'a', Array<number>(125).fill(1));
    feed(policy, 'a', Array<number>(124).fill(0));
    expect(policy.select(ctx, ['a']).scores.a).toBe(1 / 125);
    feed(policy, 'a', [0]);
    expect(policy.select(ctx, ['a']).scores.a).toBe(0);
  });

  it('gives no probability to providers outside eligible and rejects an empty list', () => {
    const policy = make(1);
    const s = policy.select(ctx, ['b']);
    expect(s.probabilities).toEqual({ b: 1 });
    expect(() => policy.select(ctx, [])).toThrow(RangeError);
  });

  it.each([1, 2, 3])('moves off a provider whose success rate collapses (seed %i)', (seed) => {
    const env = {
      eligible: ['a', 'b'],
      successProbability: (id: string, _c: unknown, t: number) => (id === 'a' ? (t < 1000 ? 0.9 : 0.2) : 0.6),
    };
    const run = runBernoulli(make(seed), env, 2000, 300 + seed);
    expect(pickShare(run.selections.slice(0, 1000), 'a', 500)).toBeGreaterThan(0.85);
    expect(pickShare(run.selections, 'b', 1500)).toBeGreaterThan(0.85);
  });

  it('continues identically after a JSON snapshot round trip, window order included', () => {
    const env = {
      eligible: ['a', 'b', 'c'],
      successProbability: (id: string) => ({ a: 0.3, b: 0.6, c: 0.5 })[id] ?? 0,
    };
    const deps = reseedableDeps(9);
    const original = createSwSuccessRatePolicy(swSuccessRateConfig({ windowSize: 7 }), deps);
    runBernoulli(original, env, 300, 1);
    const restored = createSwSuccessRatePolicy(swSuccessRateConfig({ windowSize: 7 }), seededDeps(77));
    restored.restore(JSON.parse(JSON.stringify(original.snapshot())) as Snapshot<PolicyKind>);
    expect(restored.snapshot()).toEqual(original.snapshot());
    deps.reseed(77);
    expect(runBernoulli(restored, env, 200, 2).selections).toEqual(runBernoulli(original, env, 200, 2).selections);
    expect(restored.snapshot()).toEqual(original.snapshot());
  });

  it.each<[string, unknown]>([
    ['another kind', { kind: 'ucb1', version: 'v', state: { windows: [] } }],
    [
      'a non-binary outcome',
      { kind: 'sw-success-rate', version: 'v', state: { windows: [{ segment: 's', provider: 'a', outcomes: [0.5] }] } },
    ],
    [
      'too many outcomes',
      {
        kind: 'sw-success-rate',
        version: 'v',
        state: { windows: [{ segment: 's', provider: 'a', outcomes: Array(126).fill(1) }] },
      },
    ],
  ])('rejects a snapshot with %s', (_name, snap) => {
    expect(() => make(1).restore(snap as Snapshot<PolicyKind>)).toThrow(TypeError);
  });
});
