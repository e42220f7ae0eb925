import { describe, expect, it } from 'vitest';
import { createPolicy, defaultPolicyConfig } from '../../engine/learning/create-policy.js';
import type { PolicyKind } from '../../engine/learning/policy.js';
import { mulberry32 } from '../../engine/rng.js';
import type { RequestContext } from '../../engine/types.js';

/**
 * The statistical claims, checked on the engine's real policies as built by the
 * factory with their shipped defaults (not on reference copies): 20 seeds each.
 */
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const PROVIDERS = ['sim-a', 'sim-b', 'sim-c'];
const ctx: RequestContext = {
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard',
  action: 'login',
  tenant: 't',
  fraudScore: 0,
  windowMs: 120_000,
  at: 1_736_164_800_000,
};

function run(kind: PolicyKind, seed: number, rounds: number, means: (t: number) => readonly number[]) {
  const policy = createPolicy(defaultPolicyConfig(kind), { now: () => ctx.at, random: mulberry32(seed) });
  const env = mulberry32(seed * 7919 + 13);
  const chosen: number[] = [];
  let regret = 0;
  for (let t = 0; t < rounds; t++) {
    const m = means(t);
    const sel = policy.select(ctx, PROVIDERS);
    const i = PROVIDERS.indexOf(sel.provider);
    chosen.push(i);
    regret += Math.max(...m) - (m[i] ?? 0);
    policy.update({ ctx, provider: sel.provider, reward: env() < (m[i] ?? 0) ? 1 : 0, at: ctx.at });
  }
  return { regretPerDecision: regret / rounds, chosen };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return ((s[Math.floor((s.length - 1) / 2)] ?? 0) + (s[Math.ceil((s.length - 1) / 2)] ?? 0)) / 2;
};

describe('default policy vs peers (engine policies, shipped defaults, 20 seeds)', () => {
  it('has lower average regret per decision than sw-success-rate and epsilon-greedy on a stationary 3-provider problem after 5,000 decisions', () => {
    const stationary = () => [0.9, 0.85, 0.7];
    const regret = (kind: PolicyKind) => mean(SEEDS.map((s) => run(kind, s, 5_000, stationary).regretPerDecision));
    const dts = regret('discounted-ts');
    const sw = regret('sw-success-rate');
    const eg = regret('epsilon-greedy');
    expect(dts).toBeLessThan(sw);
    expect(dts).toBeLessThan(eg);
  });

  it('moves >= 90% of the segment away from a provider whose completion falls 0.95 -> 0.30 within 200 decisions (median over seeds)', () => {
    const CHANGE_AT = 2_000;
    const means = (t: number) => (t < CHANGE_AT ? [0.95, 0.8, 0.75] : [0.3, 0.8, 0.75]);
    const WINDOW = 50;
    const delays = SEEDS.map((seed) => {
      const { chosen } = run('discounted-ts', seed, CHANGE_AT + 1_000, means);
      for (let t = CHANGE_AT; t + WINDOW <= chosen.length; t++) {
        const share = chosen.slice(t, t + WINDOW).filter((i) => i === 0).length / WINDOW;
        if (share <= 0.1) return t - CHANGE_AT;
      }
      return Infinity;
    });
    expect(median(delays)).toBeLessThanOrEqual(200);
  });
});
