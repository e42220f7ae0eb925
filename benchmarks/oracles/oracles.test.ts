import { describe, expect, it } from 'vitest';
import { DEFAULT_REWARD_WEIGHTS } from '../../engine/reward/reward-weights.js';
import type { RequestContext } from '../../engine/types.js';
import { lognormalCdf } from '../../providers/simulated/lognormal.js';
import type { SegmentTruth } from '../../providers/simulated/segment-truth.js';
import type { SimRequest } from '../sim/generate-traffic.js';
import type { SimNetwork } from '../sim/price-changes.js';
import { createUserModel } from '../sim/user-model.js';
import { createBestFixedPolicy, rankFixedProviders } from './best-fixed.js';
import { createDynamicOracle } from './dynamic-oracle.js';
import { createTruthModel } from './truth-model.js';

const base: SegmentTruth = {
  covered: true,
  acceptance: 0.9,
  delivery: 0.8,
  latencyMedianMs: 10_000,
  latencySigma: 0,
  price: 0.05,
  receiptLoss: 0,
  silent: false,
};

function fakeNetwork(truth: (provider: string, at: number) => SegmentTruth, backlog: Record<string, number> = {}): SimNetwork {
  return {
    world: {
      providers: [
        { id: 'a', maxQueueMs: 1000, coverage: [] },
        { id: 'b', maxQueueMs: 1000, coverage: [] },
      ],
      countries: [{ code: 'DE', utcOffsetHours: 1, operators: [] }],
    } as unknown as SimNetwork['world'],
    truth: (provider, _c, _o, _r, at) => truth(provider, at),
    backlogMs: (provider) => backlog[provider] ?? 0,
    send: () => {
      throw new Error('not used');
    },
  };
}

// Users always complete in time and type for exactly 5 s (sigma 0, so mean = median).
const users = createUserModel({ completionCurve: [[0, 1]], typingMedianMs: 5_000, typingSigma: 0 });
const weights = { ...DEFAULT_REWARD_WEIGHTS, referencePrices: { DE: 0.1 } };

describe('createTruthModel', () => {
  it('computes the expected reward of a hand-made case', () => {
    const model = createTruthModel({ network: fakeNetwork(() => base), weights, windowMs: 100_000, users, boundaries: [] });
    // a * d * (0.6 + 0.2 * (1 - 15 s / 100 s) + 0.2 * (1 - 0.05 / 0.1)) / 1 = 0.72 * 0.87
    expect(model.expectedReward('a', 'DE', '262-01', 'standard', 0, 0)).toBeCloseTo(0.72 * 0.87, 12);
  });

  it('is 0 for silent, uncovered, dropped-by-backlog and out-of-window sends', () => {
    const net = (t: SegmentTruth, backlog = 0) =>
      createTruthModel({ network: fakeNetwork(() => t, { a: backlog }), weights, windowMs: 100_000, users, boundaries: [] });
    expect(net({ ...base, silent: true }).expectedReward('a', 'DE', 'x', 'standard', 0, 0)).toBe(0);
    expect(net({ ...base, covered: false }).expectedReward('a', 'DE', 'x', 'standard', 0, 0)).toBe(0);
    expect(net(base, 1001).expectedReward('a', 'DE', 'x', 'standard', 0, 0)).toBe(0);
    expect(net(base).expectedReward('a', 'DE', 'x', 'standard', 0, 95_000)).toBe(0);
    // a 500 ms backlog (under maxQueueMs) only adds to the latency
    expect(net(base, 500).expectedReward('a', 'DE', 'x', 'standard', 0, 0)).toBeCloseTo(0.72 * (0.6 + 0.2 * (1 - 0.155) + 0.1), 12);
  });

  it('counts an attempt the engine would settle as a soft failure as worth 0', () => {
    // Latency 10 s, typing exactly 5 s; a 12 s budget leaves 2 s after the SMS lands.
    const budget = { multiplier: 3, minMs: 5_000, maxMs: 12_000 };
    const model = (receiptLoss: number) =>
      createTruthModel({ network: fakeNetwork(() => ({ ...base, receiptLoss })), weights, windowMs: 100_000, users, boundaries: [], budget });
    const full = 0.72 * 0.87;
    // Receipt lag: lognormal, median 700 ms, sigma 0.5.
    const receiptInTime = lognormalCdf(2_000, 700, 0.5);
    expect(model(0).expectedReward('a', 'DE', 'x', 'standard', 0, 0)).toBeCloseTo(full * receiptInTime, 6);
    // Without a receipt only the code can stop the timer, and it comes 3 s too late.
    expect(model(1).expectedReward('a', 'DE', 'x', 'standard', 0, 0)).toBe(0);
    expect(model(0.5).expectedReward('a', 'DE', 'x', 'standard', 0, 0)).toBeCloseTo(full * 0.5 * receiptInTime, 6);
    // A budget long enough for the typing makes the lost receipt harmless.
    const patient = createTruthModel({
      network: fakeNetwork(() => ({ ...base, receiptLoss: 1 })),
      weights,
      windowMs: 100_000,
      users,
      boundaries: [],
      budget: { ...budget, maxMs: 16_000 },
    });
    expect(patient.expectedReward('a', 'DE', 'x', 'standard', 0, 0)).toBeCloseTo(full, 12);
  });

  it('shortens the budget to the fair share of the window when few attempts are left', () => {
    // 3 attempts in 30 s: share 10 s, the SMS lands at 10 s, so nothing arrives in time.
    const model = createTruthModel({ network: fakeNetwork(() => base), weights, windowMs: 30_000, users, boundaries: [] });
    expect(model.expectedReward('a', 'DE', 'x', 'standard', 0, 0, 3)).toBe(0);
    expect(model.expectedReward('a', 'DE', 'x', 'standard', 0, 0, 1)).toBeGreaterThan(0);
  });

  it('re-reads the truth at a boundary inside a grid piece', () => {
    const boundary = 7 * 60_000;
    const model = createTruthModel({
      network: fakeNetwork((_p, at) => (at >= boundary ? { ...base, delivery: 0 } : base)),
      weights,
      windowMs: 100_000,
      users,
      boundaries: [boundary],
    });
    expect(model.expectedReward('a', 'DE', 'x', 'standard', 60_000, 0)).toBeGreaterThan(0);
    expect(model.expectedReward('a', 'DE', 'x', 'standard', boundary, 0)).toBe(0);
  });

  it('asks the network again only when the local hour or a boundary changed, and answers as a fresh model does', () => {
    const hour = 3_600_000;
    const boundary = 2 * hour + 20 * 60_000;
    // Truth varies with the (UTC+1) local hour and drops at the boundary.
    const truth = (_p: string, at: number): SegmentTruth => ({
      ...base,
      delivery: at >= boundary ? 0.2 : 0.5 + 0.1 * (Math.floor(at / hour + 1) % 3),
    });
    let asked = 0;
    const counting = fakeNetwork((p, at) => {
      asked++;
      return truth(p, at);
    });
    const options = { weights, windowMs: 100_000, users, boundaries: [boundary] };
    const model = createTruthModel({ network: counting, ...options });
    const times = Array.from({ length: 16 }, (_, i) => i * 17 * 60_000);
    for (const at of times) {
      const fresh = createTruthModel({ network: fakeNetwork(truth), ...options });
      expect(model.expectedReward('a', 'DE', 'x', 'standard', at, 0)).toBe(fresh.expectedReward('a', 'DE', 'x', 'standard', at, 0));
    }
    // 16 times over 4.3 hours: one read per local hour (0-4) and one at the boundary.
    expect(asked).toBe(6);
  });
});

const ctx: RequestContext = { country: 'DE', operator: '262-01', routeClass: 'standard', action: 'login', tenant: 't', fraudScore: 0, windowMs: 100_000, at: 0 };

describe('createDynamicOracle', () => {
  it('picks the provider with the highest true expected reward, ties to the lowest index', () => {
    const better = createTruthModel({
      network: fakeNetwork((p) => (p === 'b' ? { ...base, delivery: 0.9 } : base)),
      weights,
      windowMs: 100_000,
      users,
      boundaries: [],
    });
    const oracle = createDynamicOracle(better, { now: () => 0, random: () => 0.5 });
    expect(oracle.select(ctx, ['a', 'b']).provider).toBe('b');
    expect(oracle.select(ctx, ['a', 'b']).propensity).toBe(1);
    const tied = createTruthModel({ network: fakeNetwork(() => base), weights, windowMs: 100_000, users, boundaries: [] });
    expect(createDynamicOracle(tied, { now: () => 0, random: () => 0.5 }).select(ctx, ['b', 'a']).provider).toBe('b');
  });
});

describe('best fixed provider in hindsight', () => {
  it('ranks providers per segment by average true expected reward and routes to the best eligible', () => {
    // a is better in the first hour, b much better in the second: b wins on average.
    const model = createTruthModel({
      network: fakeNetwork((p, at) => (p === 'a' ? (at < 3_600_000 ? base : { ...base, delivery: 0.1 }) : { ...base, delivery: 0.7 })),
      weights,
      windowMs: 100_000,
      users,
      boundaries: [],
    });
    const req = (at: number): SimRequest => ({
      index: 0,
      at,
      country: 'DE',
      operator: '262-01',
      to: '+4915112345678',
      routeClass: 'standard',
      action: 'login',
      fraudScore: 0,
      fraudulent: false,
      userSeed: 1,
    });
    const table = { version: 't', countries: { DE: [{ provider: 'a', premium: false }, { provider: 'b', premium: false }] } };
    const ranking = rankFixedProviders([req(0), req(4_000_000)], table, model);
    expect(ranking.get('DE:262-01:standard')).toEqual(['b', 'a']);
    const policy = createBestFixedPolicy(ranking);
    expect(policy.select(ctx, ['a', 'b']).provider).toBe('b');
    expect(policy.select(ctx, ['a']).provider).toBe('a');
    expect(policy.select({ ...ctx, country: 'FR' }, ['z', 'y']).provider).toBe('y');
  });
});
