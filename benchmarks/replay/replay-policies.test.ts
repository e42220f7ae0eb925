import { describe, expect, it } from 'vitest';
import { createReplayPolicy, REPLAY_POLICY_NAMES } from './replay-policies.js';

const ctx = {
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard' as const,
  action: 'login' as const,
  tenant: 't',
  fraudScore: 0,
  windowMs: 300_000,
  at: Date.UTC(2025, 0, 1),
};

describe('createReplayPolicy', () => {
  it.each(REPLAY_POLICY_NAMES)(
    'builds %s, which selects an eligible provider with a probability vector and learns',
    (name) => {
      const policy = createReplayPolicy(name, 1);
      const sel = policy.select(ctx, ['a', 'b']);
      expect(['a', 'b']).toContain(sel.provider);
      expect((sel.probabilities.a ?? 0) + (sel.probabilities.b ?? 0)).toBeCloseTo(1, 9);
      expect(() => policy.update({ ctx, provider: sel.provider, reward: 1, at: ctx.at + 1000 })).not.toThrow();
    },
  );

  it('is reproducible for a seed', () => {
    const picks = (seed: number) => {
      const p = createReplayPolicy('uniform', seed);
      return Array.from({ length: 20 }, () => p.select(ctx, ['a', 'b', 'c']).provider);
    };
    expect(picks(3)).toEqual(picks(3));
    expect(new Set(picks(3)).size).toBeGreaterThan(1);
  });

  it('names the allowed policies for an unknown one', () => {
    expect(() => createReplayPolicy('best', 1)).toThrow(
      new TypeError(`policy must be one of ${REPLAY_POLICY_NAMES.join(', ')}, got "best"`),
    );
  });
});
