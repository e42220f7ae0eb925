import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { segmentKey } from '../../engine/context/segment.js';
import type { DecisionRecord } from '../../engine/decision-record.js';
import { DEFAULT_REWARD_WEIGHTS } from '../../engine/reward/reward-weights.js';
import { mulberry32 } from '../../engine/rng.js';
import type { RouteClass } from '../../engine/types.js';
import {
  FITTED_USERS,
  fittedNetwork,
  fittedTruth,
  loggedVerificationMetrics,
  runEngineReplay,
  traceRequests,
  traceRoutingTable,
} from './engine-replay.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { runSeed } from '../sim/run-scenario.js';
import { fitWorld } from './model/fitted-world.js';

const here = dirname(fileURLToPath(import.meta.url));

const T0 = Date.UTC(2025, 0, 6, 8);

interface RowSpec {
  readonly verification: string;
  readonly attempt?: number;
  readonly at: number;
  readonly provider: string;
  readonly country?: string;
  readonly operator?: string;
  readonly routeClass?: RouteClass;
  readonly windowMs?: number;
  readonly accepted?: boolean;
  readonly delivered?: boolean;
  readonly completed?: boolean;
  readonly latencyMs?: number;
  readonly cost?: number;
  readonly settled?: boolean;
}

function row(s: RowSpec): DecisionRecord {
  const context = {
    country: s.country ?? 'DE',
    operator: s.operator ?? '262-01',
    routeClass: s.routeClass ?? 'standard',
    action: 'login' as const,
    tenant: 't',
    fraudScore: 0.1,
    windowMs: s.windowMs ?? 300_000,
  };
  const accepted = s.accepted ?? true;
  return {
    attemptId: `${s.verification}-${s.attempt ?? 1}`,
    verificationId: s.verification,
    attemptNumber: s.attempt ?? 1,
    at: s.at,
    context,
    segment: segmentKey(context),
    provider: s.provider,
    propensity: null,
    probabilities: null,
    policy: 'static',
    policyVersion: '1',
    rewardVersion: 'r',
    outcome:
      s.settled === false
        ? null
        : {
            accepted,
            delivered: accepted && (s.delivered ?? true),
            completed: accepted && (s.completed ?? true),
            latencyMs: s.latencyMs ?? 12_000,
            cost: s.cost ?? 0.05,
          },
    reward: null,
  };
}

/**
 * A day of static routing in Germany: `bad` carries 70% of first attempts and completes 20%
 * of them, `good` completes 90%, both at the same price; the logged system never failed over.
 */
function staticHistory(n = 3_000): DecisionRecord[] {
  const random = mulberry32(7);
  return Array.from({ length: n }, (_, i) => {
    const provider = random() < 0.7 ? 'bad' : 'good';
    const completes = random() < (provider === 'bad' ? 0.2 : 0.9);
    return row({
      verification: `v${i}`,
      at: T0 + i * 20_000,
      provider,
      delivered: completes || random() < 0.5,
      completed: completes,
      latencyMs: completes ? 8_000 + 8_000 * random() : 3_000 + 2_000 * random(),
    });
  });
}

describe('traceRequests', () => {
  it('makes one request per verification, from its first attempt, in time order, with its own window', () => {
    const requests = traceRequests([
      row({ verification: 'b', attempt: 2, at: T0 + 5_000, provider: 'x', operator: '262-02' }),
      row({ verification: 'b', attempt: 1, at: T0 + 1_000, provider: 'y', operator: '262-03', windowMs: 120_000 }),
      row({ verification: 'a', at: T0 + 2_000, provider: 'x', routeClass: 'premium' }),
    ]);
    expect(requests.map((r) => [r.index, r.at, r.operator, r.routeClass, r.windowMs, r.fraudulent])).toEqual([
      [0, T0 + 1_000, '262-03', 'standard', 120_000, false],
      [1, T0 + 2_000, '262-01', 'premium', 300_000, false],
    ]);
  });
});

describe('traceRoutingTable', () => {
  it('ranks each country by first attempts carried and marks the classes each provider served', () => {
    const table = traceRoutingTable([
      row({ verification: 'a', at: T0, provider: 'p1' }),
      row({ verification: 'a', attempt: 2, at: T0, provider: 'p2' }),
      row({ verification: 'b', attempt: 2, at: T0, provider: 'p2' }),
      row({ verification: 'c', at: T0, provider: 'p3', routeClass: 'premium' }),
      row({ verification: 'd', at: T0, provider: 'p3', routeClass: 'premium' }),
      row({ verification: 'e', at: T0, provider: 'p1', country: 'FR', operator: '208-01' }),
    ]);
    expect(table.countries).toEqual({
      DE: [
        { provider: 'p3', premium: true, standard: false },
        { provider: 'p1', premium: false },
        { provider: 'p2', premium: false },
      ],
      FR: [{ provider: 'p1', premium: false }],
    });
  });

  it('names a provider id the engine cannot route', () => {
    expect(() => traceRoutingTable([row({ verification: 'a', at: T0, provider: 'Twilio_EU' })])).toThrow(
      /cannot form a routing table: .*provider must match/,
    );
  });
});

describe('fittedNetwork', () => {
  const trace = staticHistory();
  const world = fitWorld(trace);

  it('draws acceptance, receipts and completions at the fitted rates, deterministically per seed', () => {
    const send = (network: ReturnType<typeof fittedNetwork>, i: number, provider: string) =>
      network.send(
        { attemptId: `a${i}`, to: '', country: 'DE', operator: '262-01', routeClass: 'standard', body: '', provider },
        T0 + i * 1_000,
      );
    const network = fittedNetwork(world, 3);
    let completed = 0;
    let delivered = 0;
    const n = 4_000;
    for (let i = 0; i < n; i++) {
      const out = send(network, i, 'good');
      expect(out.result.status).toBe('accepted');
      if (out.receipt?.status === 'delivered') delivered += 1;
      if (out.inboxAt !== undefined) {
        completed += 1;
        expect(out.inboxAt).toBeGreaterThan(T0 + i * 1_000);
      }
    }
    const m = world.model({ country: 'DE', operator: '262-01', routeClass: 'standard', at: T0 }, 'good');
    const expected =
      m.deliverGivenAccepted * m.completeGivenDelivered + (1 - m.deliverGivenAccepted) * m.completeGivenUndelivered;
    expect(Math.abs(completed / n - expected)).toBeLessThan(0.03);
    expect(Math.abs(delivered / n - m.deliverGivenAccepted)).toBeLessThan(0.03);
    expect(expected).toBeGreaterThan(0.8);
    const draws = (seed: number) => {
      const net = fittedNetwork(world, seed);
      return Array.from({ length: 50 }, (_, i) => send(net, i, 'bad'));
    };
    expect(draws(3)).toEqual(draws(3));
    expect(draws(4)).not.toEqual(draws(3));
  });

  it('scores the better provider higher in the fitted truth, and nothing once the window has passed', () => {
    const truth = fittedTruth(world, DEFAULT_REWARD_WEIGHTS, 300_000);
    const good = truth.expectedReward('good', 'DE', '262-01', 'standard', T0, 0);
    const bad = truth.expectedReward('bad', 'DE', '262-01', 'standard', T0, 0);
    expect(good).toBeGreaterThan(bad + 0.4);
    expect(truth.expectedReward('good', 'DE', '262-01', 'standard', T0, 300_000)).toBe(0);
    expect(FITTED_USERS.decide(10_000, 300_000, Math.random, false)).toEqual({ completes: true, enterAfterMs: 0 });
    expect(FITTED_USERS.decide(300_001, 300_000, Math.random, false)).toEqual({ completes: false });
  });
});

describe('loggedVerificationMetrics', () => {
  it('counts per verification: a failover that completed is one approval with two attempts', () => {
    const m = loggedVerificationMetrics([
      row({ verification: 'a', at: T0, provider: 'p1', completed: false, delivered: false, cost: 0.05 }),
      row({ verification: 'a', attempt: 2, at: T0 + 30_000, provider: 'p2', latencyMs: 10_000, cost: 0.07 }),
      row({ verification: 'b', at: T0, provider: 'p1', completed: false, cost: 0.05 }),
      row({ verification: 'c', at: T0, provider: 'p1', settled: false }),
    ]);
    expect(m.verifications).toBe(2);
    expect(m.completionRate).toBe(0.5);
    expect(m.fallbackRate).toBe(0.5);
    expect(m.attemptsPerVerification).toBe(1.5);
    expect(m.costPerCompleted).toBeCloseTo(0.17, 10);
    expect(m.ttvP50Seconds).toBe(40);
  });
});

describe('runEngineReplay', () => {
  const trace = staticHistory();
  const policies = ['discounted-ts', 'static-chain', 'dynamic-oracle'];
  const report = runEngineReplay(trace, policies, { weights: DEFAULT_REWARD_WEIGHTS, seeds: 2 });
  const of = (p: string) => {
    const s = report.policies.find((x) => x.policy === p);
    if (!s) throw new Error(`no ${p}`);
    return s.metrics;
  };

  it('replays every verification through the failover engine: the static chain now fails over from the bad route', () => {
    expect(report.verifications).toBe(3_000);
    expect(report.table.countries.DE?.map((r) => r.provider)).toEqual(['bad', 'good']);
    // The trace never failed over; through the engine the chain starts on `bad` and fails
    // over to `good` when the attempt's receipt fails or its time budget runs out.
    expect(report.logged.fallbackRate).toBe(0);
    expect(of('static-chain').fallbackRate.mean).toBeGreaterThan(0.3);
    expect(of('static-chain').completionRate.mean).toBeGreaterThan(report.logged.completionRate + 0.1);
  });

  it('lets the learner find the better route, close to the oracle', () => {
    expect(of('discounted-ts').regret.mean).toBeLessThan(0.5 * of('static-chain').regret.mean);
    expect(of('discounted-ts').completionRate.mean).toBeGreaterThan(of('static-chain').completionRate.mean);
    expect(of('discounted-ts').attemptsPerVerification.mean).toBeLessThan(
      of('static-chain').attemptsPerVerification.mean,
    );
    expect(of('dynamic-oracle').regret.mean).toBe(0);
    expect(of('discounted-ts').completionRate.mean).toBeGreaterThan(0.97 * of('dynamic-oracle').completionRate.mean);
  });

  it('is deterministic for the options, and different seeds draw different outcomes', () => {
    const strip = (r: typeof report) =>
      r.policies.map((p) => ({ policy: p.policy, metrics: p.metrics, perSeed: p.perSeed.map((s) => s.metrics) }));
    const again = runEngineReplay(trace, policies, { weights: DEFAULT_REWARD_WEIGHTS, seeds: 2 });
    expect(strip(again)).toEqual(strip(report));
    const shifted = runEngineReplay(trace, ['static-chain'], {
      weights: DEFAULT_REWARD_WEIGHTS,
      seeds: 1,
      firstSeed: 9,
    });
    expect(shifted.policies[0]?.perSeed[0]?.seed).toBe(9);
    expect(shifted.policies[0]?.perSeed[0]?.metrics).not.toEqual(report.policies[1]?.perSeed[0]?.metrics);
  });

  it('refuses bad options and traces with clear errors', () => {
    expect(() => runEngineReplay(trace, ['nope'], { weights: DEFAULT_REWARD_WEIGHTS })).toThrow(
      /policies must be among/,
    );
    expect(() => runEngineReplay(trace, ['static-chain'], { weights: DEFAULT_REWARD_WEIGHTS, seeds: 0 })).toThrow(
      /seeds/,
    );
    expect(() => runEngineReplay(trace, ['static-chain'], { weights: DEFAULT_REWARD_WEIGHTS, maxAttempts: 6 })).toThrow(
      /maxAttempts/,
    );
    expect(() =>
      runEngineReplay([row({ verification: 'a', at: T0, provider: 'p', settled: false })], ['static-chain'], {
        weights: DEFAULT_REWARD_WEIGHTS,
      }),
    ).toThrow(/no settled attempts/);
  });
});

describe('runEngineReplay round trip', () => {
  it("replays a scenario's own static-chain trace with the figures the scenario measured", () => {
    // A day of steady state routed by static-chain, traced as the service would export it;
    // the chain replayed through the engine on the world fitted from that trace should
    // reproduce it per verification, failovers included.
    const loaded = loadScenario(join(here, '..', 'scenarios', 'steady-state.json'));
    const trace: DecisionRecord[] = [];
    const seed = runSeed(loaded, 1, ['static-chain'], { trace: (r) => trace.push(r) });
    const measured = seed.runs['static-chain']?.metrics;
    if (!measured) throw new Error('no run');
    const replay = runEngineReplay(trace, ['static-chain'], { weights: loaded.rewardConfig.weights, seeds: 2 });
    const replayed = replay.policies[0]?.metrics;
    if (!replayed) throw new Error('no replay');
    expect(replay.verifications).toBe(seed.requests);
    expect(replay.logged.completionRate).toBeCloseTo(measured.completionRate, 2);
    expect(Math.abs(replayed.completionRate.mean - measured.completionRate)).toBeLessThan(0.01);
    expect(Math.abs(replayed.attemptsPerVerification.mean - measured.attemptsPerVerification)).toBeLessThan(0.03);
    expect(Math.abs(replayed.costPerCompleted.mean / measured.costPerCompleted - 1)).toBeLessThan(0.03);
    expect(Math.abs(replayed.ttvP50Seconds.mean - measured.ttvP50Seconds)).toBeLessThan(1);
    expect(measured.fallbackRate).toBeGreaterThan(0.02);
    expect(Math.abs(replayed.fallbackRate.mean - measured.fallbackRate)).toBeLessThan(0.02);
  });
});
