import { describe, expect, it } from 'vitest';
import { segmentKey } from './context/segment.js';
import { HealthRegistry } from './health/health-registry.js';
import { createPolicy, defaultPolicyConfig } from './learning/create-policy.js';
import type { PolicyKind } from './learning/policy.js';
import { mulberry32 } from './rng.js';
import { CompletionModel } from './reward/completion-model.js';
import { DEFAULT_REWARD_CONFIG } from './reward/reward-weights.js';
import { createRoutingEngine, restoredLearning } from './routing-engine.js';
import type { RoutingTable } from './routing-table.js';
import type { RequestContext } from './types.js';

const ctx: RequestContext = {
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard',
  action: 'login',
  tenant: 'acme',
  fraudScore: 0.1,
  windowMs: 300_000,
  at: 1_736_164_800_000,
};
const table: RoutingTable = {
  version: 'test',
  countries: {
    DE: [
      { provider: 'alpha', premium: true },
      { provider: 'bravo', premium: false },
      { provider: 'charlie', premium: false },
    ],
  },
};

function engineFor(kind: PolicyKind = 'discounted-ts', seed = 1, health = new HealthRegistry()) {
  const deps = { now: () => ctx.at, random: mulberry32(seed) };
  return createRoutingEngine({ policy: createPolicy(defaultPolicyConfig(kind, table), deps), table, rewardConfig: DEFAULT_REWARD_CONFIG, health });
}

describe('createRoutingEngine', () => {
  it('is deterministic: same seed and clock, same decisions', () => {
    const picks = (seed: number) => {
      const e = engineFor('discounted-ts', seed);
      return Array.from({ length: 50 }, () => {
        const d = e.decide({ ctx, tried: [], remainingWindowMs: ctx.windowMs });
        if (d.kind !== 'route') throw new Error(d.reason);
        e.settle(ctx, d.provider, { accepted: true, delivered: true, completed: d.provider !== 'bravo', latencyMs: 5_000, cost: 0.05, windowMs: ctx.windowMs, country: 'DE' }, ctx.at);
        return d.provider;
      });
    };
    expect(picks(7)).toEqual(picks(7));
    expect(picks(7)).not.toEqual(picks(8));
  });

  it("passes shifts of a provider's delivery latency and price to policy.notifyShift, per segment", () => {
    const shifts: unknown[][] = [];
    const base = createPolicy(defaultPolicyConfig('discounted-ts', table), {
      now: () => ctx.at,
      random: mulberry32(1),
    });
    const policy = Object.assign(Object.create(base) as typeof base, {
      notifyShift: (...args: unknown[]) => void shifts.push(args),
    });
    const e = createRoutingEngine({ policy, table, rewardConfig: DEFAULT_REWARD_CONFIG });
    const random = mulberry32(3);
    const latency = (median: number) => median * Math.exp(0.5 * (random() + random() + random() - 1.5) * 2);
    let at = ctx.at;
    for (let i = 0; i < 200; i++) e.observe(ctx, 'alpha', { type: 'delivered', latencyMs: latency(2_000) }, at++);
    expect(shifts).toEqual([]);
    for (let i = 0; i < 30 && shifts.length === 0; i++)
      e.observe(ctx, 'alpha', { type: 'delivered', latencyMs: latency(8_000) }, at++);
    expect(shifts).toEqual([[ctx, 'alpha', at - 1, 'latency']]);
    // Price: the known price, then a new one seen twice.
    for (const cost of [0.05, 0.05, 0.07]) e.observe(ctx, 'bravo', { type: 'accepted', cost }, at);
    expect(shifts).toHaveLength(1);
    e.observe(ctx, 'bravo', { type: 'accepted', cost: 0.07 }, at);
    expect(shifts[1]).toEqual([ctx, 'bravo', at, 'price']);
    // Without a cost, or with shift detection off, nothing is signalled.
    e.observe(ctx, 'bravo', { type: 'accepted' }, at);
    const off = createRoutingEngine({ policy, table, rewardConfig: DEFAULT_REWARD_CONFIG, shifts: false });
    for (const cost of [0.05, 0.09, 0.09]) off.observe(ctx, 'charlie', { type: 'accepted', cost }, at);
    expect(shifts).toHaveLength(2);
  });

  it('explains a decision: guards, candidates with probabilities, the choice, its propensity and a summary', () => {
    const d = engineFor().decide({ ctx, tried: [], remainingWindowMs: ctx.windowMs });
    expect(d.kind).toBe('route');
    if (d.kind !== 'route') return;
    const x = d.explanation;
    expect(x.segment).toBe(segmentKey(ctx));
    expect(x.guards.map((g) => g.guard)).toContain('retry-bounds');
    expect(x.candidates.map((c) => c.provider).sort()).toEqual(['alpha', 'bravo', 'charlie']);
    expect(x.candidates.reduce((s, c) => s + c.probability, 0)).toBeCloseTo(1, 12);
    expect(x.chosen).toBe(d.provider);
    expect(x.propensity).toBe(d.selection.propensity);
    expect(x.propensity).toBe(d.selection.probabilities[d.provider]);
    expect(x.summary).toMatch(new RegExp(`^Chose ${d.provider} for DE:262-01:standard with probability`));
    expect(d.budgetMs).toBeGreaterThan(0);
    expect(d.budgetMs).toBeLessThanOrEqual(ctx.windowMs);
  });

  it('never lets learning override a guard: tried providers and premium-only fraud tiers are respected whatever was learned', () => {
    const e = engineFor();
    // Teach the policy that bravo is by far the best.
    for (let i = 0; i < 300; i++) {
      e.settle(ctx, 'bravo', { accepted: true, delivered: true, completed: true, latencyMs: 1_000, cost: 0.01, windowMs: ctx.windowMs, country: 'DE' }, ctx.at);
      e.settle(ctx, 'alpha', { accepted: true, delivered: false, completed: false, latencyMs: 1_000, cost: 0.01, windowMs: ctx.windowMs, country: 'DE' }, ctx.at);
    }
    for (let i = 0; i < 100; i++) {
      const failover = e.decide({ ctx, tried: ['bravo'], remainingWindowMs: ctx.windowMs });
      expect(failover.kind === 'route' && failover.provider).not.toBe('bravo');
      const risky = e.decide({ ctx: { ...ctx, fraudScore: 0.8 }, tried: [], remainingWindowMs: ctx.windowMs });
      expect(risky.kind === 'route' && risky.provider).toBe('alpha');
      if (risky.kind === 'route') expect(risky.maxAttempts).toBe(1);
    }
  });

  it.each([
    [{ fraudScore: 0.95 }, [], 'fraud_score_too_high'],
    [{ country: 'FR' }, [], 'no_eligible_provider'],
    [{}, ['alpha', 'bravo', 'charlie'], 'max_attempts_reached'],
  ] as const)('refuses %j after %j with %s and explains why', (patch, tried, code) => {
    const d = engineFor().decide({ ctx: { ...ctx, ...patch }, tried, remainingWindowMs: ctx.windowMs });
    expect(d.kind).toBe('refuse');
    if (d.kind !== 'refuse') return;
    expect(d.code).toBe(code);
    expect(d.explanation.chosen).toBeUndefined();
    expect(d.explanation.summary).toMatch(new RegExp(`^Refused routing for .*: ${code}`));
  });

  it('refuses geo-denied countries before the policy is asked', () => {
    const d = engineFor().decide({ ctx, tried: [], remainingWindowMs: ctx.windowMs, allowedCountries: new Set(['US']) });
    expect(d.kind === 'refuse' && d.code).toBe('geo_not_permitted');
  });

  it('routes around an ejected provider but never ejects the last one', () => {
    const health = new HealthRegistry();
    const seg = segmentKey(ctx);
    for (let i = 0; i < 5; i++) health.recordRejected(seg, 'alpha', 'provider_error', ctx.at);
    const e = engineFor('discounted-ts', 3, health);
    for (let i = 0; i < 50; i++) {
      const d = e.decide({ ctx, tried: [], remainingWindowMs: ctx.windowMs });
      expect(d.kind === 'route' && d.provider).not.toBe('alpha');
    }
    const last = e.decide({ ctx, tried: ['bravo', 'charlie'], remainingWindowMs: ctx.windowMs });
    expect(last.kind === 'route' && last.provider).toBe('alpha');
  });

  it('returns the actual reward from settle but teaches the policy the completion model’s reward', () => {
    const learned: number[] = [];
    const base = createPolicy(defaultPolicyConfig('discounted-ts', table), { now: () => ctx.at, random: mulberry32(1) });
    const policy = Object.assign(Object.create(base) as typeof base, {
      update: (f: { reward: number }) => void learned.push(f.reward),
    });
    const outcome = (completed: boolean) => ({
      accepted: true,
      delivered: true,
      completed,
      latencyMs: completed ? 9_000 : 300_000,
      cost: 0.05,
      windowMs: ctx.windowMs,
      country: 'DE',
      signalMs: 4_000,
    });
    const engines = [
      createRoutingEngine({ policy, table, rewardConfig: DEFAULT_REWARD_CONFIG, completion: new CompletionModel({ minSamples: 10 }) }),
      createRoutingEngine({ policy, table, rewardConfig: DEFAULT_REWARD_CONFIG, completion: false }),
    ] as const;
    for (const e of engines) {
      // Codes that land 4 s after the request are entered 4 times in 5.
      for (let i = 0; i < 50; i++) e.settle(ctx, 'bravo', outcome(i % 5 !== 0), ctx.at);
    }
    const withModel = learned.slice(0, 50);
    const without = learned.slice(50);
    const actual = engines[1].rewardOf(ctx, outcome(true));
    expect(engines[0].settle(ctx, 'bravo', outcome(false), ctx.at)).toBe(0);
    // Until the bucket holds 10 attempts the actual reward; then q x the completed reward, whatever the user did.
    expect(withModel.slice(0, 10)).toEqual(without.slice(0, 10));
    // q is the running completion rate of the bucket: between 8/11 and 4/5 as the counts grow.
    for (const r of withModel.slice(10)) {
      expect(r).toBeGreaterThanOrEqual((8 / 11) * actual - 1e-12);
      expect(r).toBeLessThanOrEqual(0.8 * actual + 1e-12);
    }
    expect(new Set(without)).toEqual(new Set([0, actual]));
  });

  it('snapshots what it learned itself (completion model, shifts), and restores it into a new engine', () => {
    const deps = () => ({ now: () => ctx.at, random: mulberry32(1) });
    const make = (extra = {}) =>
      createRoutingEngine({
        policy: createPolicy(defaultPolicyConfig('discounted-ts', table), deps()),
        table,
        rewardConfig: DEFAULT_REWARD_CONFIG,
        ...extra,
      });
    const first = make();
    const segment = segmentKey(ctx);
    for (let i = 0; i < 40; i++) {
      const outcome = { accepted: true, delivered: true, completed: i % 4 !== 0, latencyMs: 9_000, cost: 0.05, windowMs: ctx.windowMs, country: 'DE', signalMs: 3_000 };
      first.observe(ctx, 'bravo', { type: 'delivered', latencyMs: 2_000 + (i % 7) * 100 }, ctx.at + i);
      first.settle(ctx, 'bravo', outcome, ctx.at + i);
    }
    const snap = JSON.parse(JSON.stringify(first.snapshotLearned()));
    expect(snap.state.shifts.state.arms).toContainEqual(expect.objectContaining({ segment, provider: 'bravo', count: 20 }));
    const second = make(restoredLearning(snap));
    expect(second.completion?.view(ctx.at + 40)).toEqual(first.completion?.view(ctx.at + 40));
    expect(second.completion?.completionRate(3_000, ctx.at + 40)).toBeCloseTo(0.75, 6);
    expect(second.snapshotLearned()).toEqual(first.snapshotLearned());
    // An engine that ran without a part saves null for it; restoring leaves that part to the defaults.
    const bare = make({ completion: false, shifts: false }).snapshotLearned();
    expect(bare.state).toEqual({ completion: null, shifts: null });
    expect(restoredLearning(bare)).toEqual({});
    expect(() => restoredLearning({ kind: 'health-registry' } as never)).toThrow(/routing-engine snapshot/);
  });

  it('applies the reward config of the tenant and action, and a new config at once', () => {
    const e = engineFor();
    const outcome = { accepted: true, delivered: true, completed: true, latencyMs: 150_000, cost: 0.05, windowMs: 300_000, country: 'DE' };
    expect(e.rewardOf(ctx, outcome)).toBeCloseTo((0.6 + 0.2 * 0.5 + 0.2 * 0.5) / 1, 12);
    e.setRewardConfig({ ...DEFAULT_REWARD_CONFIG, version: 'r2', weights: { ...DEFAULT_REWARD_CONFIG.weights, latency: 0, cost: 0 } });
    expect(e.rewardOf(ctx, outcome)).toBe(1);
    expect(e.rewardConfig.version).toBe('r2');
  });

  it('builds the explanation on first read, the same as at decision time, and includes it in JSON', () => {
    const e = engineFor('discounted-ts', 5);
    const d = e.decide({ ctx, tried: ['charlie'], remainingWindowMs: ctx.windowMs });
    if (d.kind !== 'route') throw new Error(d.reason);
    const twin = engineFor('discounted-ts', 5).decide({ ctx, tried: ['charlie'], remainingWindowMs: ctx.windowMs });
    const early = twin.explanation;
    // Learning after the decision must not leak into its explanation.
    for (let i = 0; i < 200; i++) {
      e.settle(ctx, 'alpha', { accepted: true, delivered: false, completed: false, latencyMs: 1_000, cost: 0.01, windowMs: ctx.windowMs, country: 'DE' }, ctx.at);
    }
    e.setRewardConfig({ ...DEFAULT_REWARD_CONFIG, version: 'r2' });
    expect(d.explanation).toEqual(early);
    expect(d.explanation).toBe(d.explanation);
    expect(d.explanation.excluded).toEqual([{ provider: 'charlie', guard: 'retry-bounds', reason: 'already tried' }]);
    const json = JSON.parse(JSON.stringify(d));
    expect(json).toEqual({ kind: 'route', provider: d.provider, selection: d.selection, budgetMs: d.budgetMs, maxAttempts: d.maxAttempts, explanation: early });
  });
});
