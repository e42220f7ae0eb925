import { describe, expect, it } from 'vitest';
import { makeContext, seededDeps } from './policy-harness.js';
import type { Snapshot } from '../types.js';
import type { PolicyKind } from './policy.js';
import {
  createRoundRobinPolicy,
  DEFAULT_ROUND_ROBIN_CONFIG,
  roundRobinConfig,
  type RoundRobinConfig,
} from './round-robin.js';

const make = () => createRoundRobinPolicy(roundRobinConfig(), seededDeps(1));
const picks = (policy: ReturnType<typeof make>, eligible: string[], n: number, ctx = makeContext()) =>
  Array.from({ length: n }, () => policy.select(ctx, eligible).provider);

describe('roundRobinConfig', () => {
  it('builds a frozen default', () => {
    expect(roundRobinConfig()).toEqual(DEFAULT_ROUND_ROBIN_CONFIG);
    expect(Object.isFrozen(roundRobinConfig({ version: 'rr-2' }))).toBe(true);
  });

  it.each<[string, unknown, RegExp]>([
    ['unknown key', { epsilon: 0.1 }, /unknown round-robin config key "epsilon"/],
    ['wrong kind', { kind: 'static-chain' }, /kind must be "round-robin"/],
    ['empty version', { version: '' }, /version must be a non-empty string/],
  ])('rejects %s with a TypeError', (_name, partial, message) => {
    expect(() => roundRobinConfig(partial as Partial<RoundRobinConfig>)).toThrow(TypeError);
    expect(() => roundRobinConfig(partial as Partial<RoundRobinConfig>)).toThrow(message);
  });
});

describe('createRoundRobinPolicy', () => {
  it('rotates in lexicographic order regardless of the eligible order, with probability 1', () => {
    const policy = make();
    expect(picks(policy, ['c', 'a', 'b'], 7)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
    const s = policy.select(makeContext(), ['c', 'a', 'b']);
    expect(s.provider).toBe('b');
    expect(s.probabilities).toEqual({ c: 0, a: 0, b: 1 });
    expect(s.propensity).toBe(1);
    expect(s.scores).toEqual({ b: 0, c: -1, a: -2 });
  });

  it('keeps one rotation per segment', () => {
    const policy = make();
    const de = makeContext();
    const fr = makeContext({ country: 'FR', operator: '208-01' });
    expect(policy.select(de, ['a', 'b']).provider).toBe('a');
    expect(policy.select(de, ['a', 'b']).provider).toBe('b');
    expect(policy.select(fr, ['a', 'b']).provider).toBe('a');
    expect(policy.select(makeContext({ routeClass: 'premium' }), ['a', 'b']).provider).toBe('a');
  });

  it('continues after the last pick when the eligible set changes', () => {
    const policy = make();
    expect(picks(policy, ['a', 'b', 'c'], 2)).toEqual(['a', 'b']);
    expect(picks(policy, ['a', 'c'], 1)).toEqual(['c']);
    expect(picks(policy, ['a', 'b'], 2)).toEqual(['a', 'b']);
    expect(picks(policy, ['d'], 2)).toEqual(['d', 'd']);
    expect(picks(policy, ['a', 'b'], 1)).toEqual(['a']);
  });

  it('ignores feedback, rejects an empty eligible list and reports no changes', () => {
    const policy = make();
    policy.update({ ctx: makeContext(), provider: 'b', reward: 1, at: 0 });
    expect(policy.select(makeContext(), ['a', 'b']).provider).toBe('a');
    expect(() => policy.select(makeContext(), [])).toThrow(RangeError);
    expect(policy.drainChanges()).toEqual([]);
    expect(policy.estimates(makeContext(), ['a'])[0]?.n).toBe(0);
  });

  it('continues identically after a JSON snapshot round trip', () => {
    const a = make();
    picks(a, ['a', 'b', 'c'], 2);
    picks(a, ['a', 'b', 'c'], 1, makeContext({ country: 'FR', operator: '208-01' }));
    const snap = JSON.parse(JSON.stringify(a.snapshot())) as Snapshot<PolicyKind>;
    expect(snap.state).toEqual({
      last: [
        { segment: 'DE:262-01:standard', provider: 'b' },
        { segment: 'FR:208-01:standard', provider: 'a' },
      ],
    });
    const b = make();
    b.restore(snap);
    expect(picks(b, ['a', 'b', 'c'], 4)).toEqual(picks(a, ['a', 'b', 'c'], 4));
    expect(b.snapshot()).toEqual(a.snapshot());
  });

  it.each<[string, unknown]>([
    ['another kind', { kind: 'ucb1', version: 'v', state: { last: [] } }],
    ['a missing list', { kind: 'round-robin', version: 'v', state: {} }],
    ['a malformed entry', { kind: 'round-robin', version: 'v', state: { last: [{ segment: 'x' }] } }],
  ])('rejects a snapshot of %s without changing state', (_name, snap) => {
    const policy = make();
    picks(policy, ['a', 'b'], 1);
    expect(() => policy.restore(snap as Snapshot<PolicyKind>)).toThrow(TypeError);
    expect(picks(policy, ['a', 'b'], 1)).toEqual(['b']);
  });
});
