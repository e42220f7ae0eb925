import { describe, expect, it } from 'vitest';
import { makeContext, seededDeps } from './policy-harness.js';
import type { Snapshot } from '../types.js';
import type { PolicyKind } from './policy.js';
import {
  createStaticChainPolicy,
  DEFAULT_STATIC_CHAIN_CONFIG,
  staticChainConfig,
  type StaticChainConfig,
} from './static-chain.js';

const config = staticChainConfig({ chains: { DE: ['twilio', 'sinch'], '*': ['vonage', 'twilio'] } });

describe('staticChainConfig', () => {
  it('defaults to no chains and freezes deeply', () => {
    const cfg = staticChainConfig({ chains: { DE: ['a'] } });
    expect(staticChainConfig()).toEqual(DEFAULT_STATIC_CHAIN_CONFIG);
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.chains)).toBe(true);
    expect(Object.isFrozen(cfg.chains.DE)).toBe(true);
  });

  it('copies the chains so later edits of the input do not leak in', () => {
    const chain = ['a', 'b'];
    const cfg = staticChainConfig({ chains: { DE: chain } });
    chain.push('c');
    expect(cfg.chains.DE).toEqual(['a', 'b']);
  });

  it.each<[string, unknown, ErrorConstructor, RegExp]>([
    [
      'lower-case country',
      { chains: { de: ['a'] } },
      TypeError,
      /chains key must be an ISO 3166-1 alpha-2 code or "\*", got "de"/,
    ],
    ['chain not an array', { chains: { DE: 'a' } }, TypeError, /chains.DE must be an array of non-empty provider ids/],
    ['empty provider id', { chains: { DE: [''] } }, TypeError, /chains.DE must be an array of non-empty provider ids/],
    ['duplicates', { chains: { '*': ['a', 'a'] } }, TypeError, /chains.\* must not contain duplicates/],
    ['chains not an object', { chains: ['a'] }, TypeError, /chains must be an object/],
    ['unknown key', { chain: {} }, TypeError, /unknown static-chain config key "chain"/],
    ['wrong kind', { kind: 'ucb1' }, TypeError, /kind must be "static-chain", got "ucb1"/],
    ['empty version', { version: '' }, TypeError, /version must be a non-empty string/],
  ])('rejects %s', (_name, partial, type, message) => {
    expect(() => staticChainConfig(partial as Partial<StaticChainConfig>)).toThrow(type);
    expect(() => staticChainConfig(partial as Partial<StaticChainConfig>)).toThrow(message);
  });
});

describe('createStaticChainPolicy', () => {
  const policy = createStaticChainPolicy(config, seededDeps(1));

  it.each([
    ['country chain head', 'DE', ['sinch', 'twilio', 'vonage'], 'twilio', { twilio: 0, sinch: -1, vonage: -2 }],
    ['next in the country chain', 'DE', ['vonage', 'sinch'], 'sinch', { sinch: 0, vonage: -1 }],
    [
      'the * chain for other countries',
      'FR',
      ['twilio', 'sinch', 'vonage'],
      'vonage',
      { vonage: 0, twilio: -1, sinch: -2 },
    ],
    ['the * chain after the country chain', 'DE', ['vonage', 'zeta'], 'vonage', { vonage: 0, zeta: -1 }],
    ['lexicographic order last', 'FR', ['zeta', 'beta', 'alpha'], 'alpha', { alpha: 0, beta: -1, zeta: -2 }],
  ])('picks the %s', (_name, country, eligible, expected, scores) => {
    const s = policy.select(makeContext({ country }), eligible);
    expect(s.provider).toBe(expected);
    expect(s.propensity).toBe(1);
    expect(s.probabilities).toEqual(Object.fromEntries(eligible.map((p) => [p, p === expected ? 1 : 0])));
    expect(s.scores).toEqual(scores);
    expect(s.policy).toBe('static-chain');
    expect(s.version).toBe('static-chain-v1');
  });

  it('is deterministic, ignores feedback and draws no random number', () => {
    let draws = 0;
    const p = createStaticChainPolicy(config, { now: () => 0, random: () => (draws++, 0.99) });
    const ctx = makeContext();
    for (let i = 0; i < 20; i++) {
      expect(p.select(ctx, ['sinch', 'twilio']).provider).toBe('twilio');
      p.update({ ctx, provider: 'twilio', reward: 0, at: 0 });
    }
    expect(draws).toBe(0);
    expect(p.estimates(ctx, ['twilio'])).toEqual([{ provider: 'twilio', mean: 0.5, lower: 0, upper: 1, n: 0 }]);
    expect(p.drainChanges()).toEqual([]);
  });

  it('does not mutate eligible and rejects an empty or duplicated eligible list', () => {
    const eligible = Object.freeze(['vonage', 'sinch']);
    policy.select(makeContext(), eligible);
    expect(eligible).toEqual(['vonage', 'sinch']);
    expect(() => policy.select(makeContext(), [])).toThrow(RangeError);
    expect(() => policy.select(makeContext(), ['a', 'a'])).toThrow(RangeError);
  });

  it('snapshots to JSON and restores only its own kind', () => {
    const snap = JSON.parse(JSON.stringify(policy.snapshot())) as Snapshot<PolicyKind>;
    expect(snap).toEqual({ kind: 'static-chain', version: 'static-chain-v1', state: {} });
    expect(() => policy.restore(snap)).not.toThrow();
    expect(() => policy.restore({ kind: 'ucb1', version: 'x', state: {} })).toThrow(TypeError);
    expect(() => policy.restore({ kind: 'static-chain', version: 'x', state: null })).toThrow(TypeError);
  });
});
