import { describe, expect, it } from 'vitest';
import { segmentKey } from '../context/segment.js';
import type { DecisionRecord } from '../decision-record.js';
import { createPolicy, defaultPolicyConfig } from '../learning/create-policy.js';
import type { RewardWeights } from '../reward/reward-weights.js';
import { mulberry32 } from '../rng.js';
import type { ProviderId } from '../types.js';
import type { EvaluationPolicy } from './decision-log.js';
import { whatIf } from './what-if.js';

const SPEED: RewardWeights = { completion: 0.5, latency: 0.5, cost: 0, referencePrice: 0.1, referencePrices: {} };
const PRICE: RewardWeights = { completion: 0.5, latency: 0, cost: 0.5, referencePrice: 0.1, referencePrices: {} };
const context = {
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard' as const,
  action: 'login' as const,
  tenant: 't',
  fraudScore: 0,
  windowMs: 300_000,
};

/** `fast`: 5 s, 0.09 USD; `cheap`: 60 s, 0.01 USD; both always complete. */
function trace(n: number): DecisionRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const fast = i % 2 === 0;
    return {
      attemptId: `a${i}`,
      verificationId: `v${i}`,
      attemptNumber: 1,
      at: Date.UTC(2025, 0, 1) + i * 1000,
      context,
      segment: segmentKey(context),
      provider: fast ? 'fast' : 'cheap',
      propensity: 0.5,
      probabilities: { cheap: 0.5, fast: 0.5 },
      policy: 'p',
      policyVersion: '1',
      rewardVersion: 'r',
      outcome: {
        accepted: true,
        delivered: true,
        completed: true,
        latencyMs: fast ? 5_000 : 60_000,
        cost: fast ? 0.09 : 0.01,
      },
      reward: i === 0 ? 0.25 : null,
    };
  });
}

/** Puts probability 1 on the best running mean per segment (ties: first eligible). */
function greedy(): EvaluationPolicy {
  const sums = new Map<string, { n: number; s: number }>();
  return {
    select(ctx, eligible) {
      const mean = (p: ProviderId) => {
        const c = sums.get(`${segmentKey(ctx)}|${p}`);
        return c ? c.s / c.n : 0;
      };
      const best = eligible.reduce((b, p) => (mean(p) > mean(b) ? p : b), eligible[0] ?? '');
      return { provider: best, probabilities: Object.fromEntries(eligible.map((p) => [p, p === best ? 1 : 0])) };
    },
    update(f) {
      const key = `${segmentKey(f.ctx)}|${f.provider}`;
      const c = sums.get(key) ?? { n: 0, s: 0 };
      sums.set(key, { n: c.n + 1, s: c.s + f.reward });
    },
  };
}

describe('whatIf', () => {
  it('re-scores logged outcomes under both weight settings, per provider', () => {
    const report = whatIf([...trace(10), { ...trace(1)[0]!, outcome: null }], { oldWeights: SPEED, newWeights: PRICE });
    // fast: speed 0.5 + 0.5 * (1 - 5/300) = 0.99167, price 0.5 + 0.5 * (1 - 0.9) = 0.55;
    // cheap: speed 0.5 + 0.5 * 0.8 = 0.9, price 0.5 + 0.5 * 0.9 = 0.95.
    const fastOld = 0.5 + 0.5 * (1 - 5 / 300);
    expect(report.settled).toBe(10);
    expect(report.meanRewardOld).toBeCloseTo((fastOld + 0.9) / 2, 12);
    expect(report.meanRewardNew).toBeCloseTo((0.55 + 0.95) / 2, 12);
    expect(report.loggedRewardMean).toBe(0.25);
    expect(report.providers).toEqual([
      {
        provider: 'cheap',
        attempts: 5,
        meanOld: expect.closeTo(0.9, 12),
        meanNew: expect.closeTo(0.95, 12),
        delta: expect.closeTo(0.05, 12),
      },
      {
        provider: 'fast',
        attempts: 5,
        meanOld: expect.closeTo(fastOld, 12),
        meanNew: expect.closeTo(0.55, 12),
        delta: expect.closeTo(0.55 - fastOld, 12),
      },
    ]);
    expect(report.segments).toBeNull();
    expect(report.projected).toBeNull();
  });

  it("shows a trained policy's choice moving from the fast to the cheap provider, and the projected metrics", () => {
    const report = whatIf(trace(40), { oldWeights: SPEED, newWeights: PRICE, createPolicy: greedy });
    expect(report.segments).toEqual([
      {
        segment: 'DE:262-01:standard',
        attempts: 40,
        shares: [
          { provider: 'cheap', old: 0, new: 1, delta: 1 },
          { provider: 'fast', old: 1, new: 0, delta: -1 },
        ],
        topOld: 'fast',
        topNew: 'cheap',
      },
    ]);
    expect(report.projected?.old.costPerCompletion).toBeCloseTo(0.09, 12);
    expect(report.projected?.new.costPerCompletion).toBeCloseTo(0.01, 12);
    expect(report.projected?.new.completionRate).toBeCloseTo(1, 12);
    expect(report.projected?.new.meanRewardNew).toBeCloseTo(0.95, 12);
    // Completion-weighted latency of the routing: all fast (5 s) before, all cheap (60 s) after.
    expect(report.projected?.old.meanLatencyMs).toBeCloseTo(5_000, 9);
    expect(report.projected?.new.meanLatencyMs).toBeCloseTo(60_000, 9);
    expect(report.projected?.old.shares).toEqual({ cheap: 0, fast: 1 });
    expect(report.projected?.new.shares).toEqual({ cheap: 1, fast: 0 });
  });

  it('projects no latency and infinite cost per completion when nothing in the log completes', () => {
    const failed = trace(6).map((r) => ({ ...r, outcome: r.outcome && { ...r.outcome, completed: false } }));
    const report = whatIf(failed, { oldWeights: SPEED, newWeights: PRICE, createPolicy: greedy });
    expect(report.projected?.new.completionRate).toBe(0);
    expect(report.projected?.new.meanLatencyMs).toBeNaN();
    expect(report.projected?.new.costPerCompletion).toBe(Infinity);
    expect(report.meanRewardNew).toBe(0);
  });

  it('moves the default discounted-ts policy the same way', () => {
    const create = () => createPolicy(defaultPolicyConfig('discounted-ts'), { now: () => 0, random: mulberry32(3) });
    const report = whatIf(trace(400), { oldWeights: SPEED, newWeights: PRICE, createPolicy: create });
    const shares = report.segments?.[0]?.shares ?? [];
    const cheap = shares.find((s) => s.provider === 'cheap');
    expect(report.segments?.[0]?.topOld).toBe('fast');
    expect(report.segments?.[0]?.topNew).toBe('cheap');
    expect(cheap?.delta).toBeGreaterThan(0.5);
  });

  it('trains the policy as the engine does: outcomes with a landing signal teach their expected reward', () => {
    // 100 attempts of one provider landing 3 s after the request; 4 in 5 completed.
    const landed = trace(200)
      .filter((r) => r.provider === 'fast')
      .map((r, i) => ({ ...r, outcome: r.outcome && { ...r.outcome, completed: i % 5 !== 0, signalMs: 3_000 } }));
    const taught = (completionModel: boolean) => {
      const rewards: number[] = [];
      const spy: EvaluationPolicy = { ...greedy(), update: (f) => void rewards.push(f.reward) };
      whatIf(landed, { oldWeights: SPEED, newWeights: SPEED, createPolicy: () => spy, completionModel });
      return rewards.slice(0, landed.length);
    };
    const plain = taught(false);
    const modelled = taught(true);
    expect(new Set(plain).size).toBe(2); // 0 or the completed reward
    // The completion model passes actual rewards until its delay bucket holds 30 attempts, then
    // teaches about 0.8 x the completed reward for every attempt, completed or not.
    expect(modelled.slice(0, 30)).toEqual(plain.slice(0, 30));
    // (Index 30 still passes through: 30 attempts spread over a minute weigh a little under 30.)
    const full = Math.max(...plain);
    for (const r of modelled.slice(32)) {
      expect(r / full).toBeGreaterThan(0.7);
      expect(r / full).toBeLessThan(0.85);
    }
  });

  it('is deterministic and rejects a bad contextsPerSegment', () => {
    const opts = { oldWeights: SPEED, newWeights: PRICE, createPolicy: greedy };
    expect(whatIf(trace(20), opts)).toEqual(whatIf(trace(20), opts));
    expect(() => whatIf(trace(2), { ...opts, contextsPerSegment: 0 })).toThrow(
      new RangeError('contextsPerSegment must be an integer >= 1, got 0'),
    );
  });
});
