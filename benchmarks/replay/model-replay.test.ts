import { describe, expect, it } from 'vitest';
import { segmentKey } from '../../engine/context/segment.js';
import type { DecisionRecord } from '../../engine/decision-record.js';
import { DEFAULT_REWARD_WEIGHTS } from '../../engine/reward/reward-weights.js';
import type { Feedback } from '../../engine/learning/policy.js';
import { EXAMPLE_SEED, generateExampleTrace } from './fixtures/example-trace.js';
import { fitWorld } from './model/fitted-world.js';
import { runModelReplay } from './model-replay.js';
import { fixedPolicy, uniformPolicy, type LearningPolicy } from './replay-policy.js';

function rows(
  country: string,
  operator: string,
  provider: string,
  n: number,
  completedEvery = 2,
  hour = 10,
): DecisionRecord[] {
  const context = {
    country,
    operator,
    routeClass: 'standard' as const,
    action: 'login' as const,
    tenant: 't',
    fraudScore: 0,
    windowMs: 300_000,
  };
  return Array.from({ length: n }, (_, i) => ({
    attemptId: `${operator}-${provider}-${i}`,
    verificationId: `v${i}`,
    attemptNumber: 1,
    at: Date.UTC(2025, 0, 1, hour) + i * 1000,
    context,
    segment: segmentKey(context),
    provider,
    propensity: null,
    probabilities: null,
    policy: 'static',
    policyVersion: '1',
    rewardVersion: 'r',
    outcome: {
      accepted: true,
      delivered: i % completedEvery === 0,
      completed: i % completedEvery === 0,
      latencyMs: 10_000,
      cost: 0.05,
    },
    reward: null,
  }));
}

const learnerOf = (inner = uniformPolicy()) => {
  const seen: Feedback[] = [];
  const policy: LearningPolicy = { select: (c, e) => inner.select(c, e), update: (f) => seen.push(f) };
  return { policy, seen };
};

describe('fitWorld coverage', () => {
  const trace = [...rows('DE', '262-01', 'a', 40), ...rows('DE', '262-02', 'a', 5), ...rows('FR', '208-01', 'b', 3)];

  it('lists thin segment x provider cells and the level their fit falls back to', () => {
    const world = fitWorld(trace, { minCellAttempts: 30 });
    expect(world.coverage).toEqual([
      { segment: 'DE:262-01:standard', provider: 'a', attempts: 40, level: 'segment', thin: false, hoursCovered: 1 },
      {
        segment: 'DE:262-02:standard',
        provider: 'a',
        attempts: 5,
        level: 'country-class',
        thin: true,
        hoursCovered: 1,
      },
      { segment: 'FR:208-01:standard', provider: 'b', attempts: 3, level: 'global', thin: true, hoursCovered: 0 },
    ]);
  });

  it('shrinks a thin cell towards its parent and leaves a rich one near its own rate', () => {
    const skewed = [...rows('DE', '262-01', 'a', 400, 2), ...rows('DE', '262-02', 'a', 4, 1)];
    const world = fitWorld(skewed, { priorStrength: 10 });
    const ctx = (operator: string) => ({ ...skewed[0]!.context, operator, at: Date.UTC(2025, 0, 1, 10) });
    // Every second attempt of the rich cell is delivered.
    expect(world.model(ctx('262-01'), 'a').deliverGivenAccepted).toBeCloseTo(0.5, 1);
    // 4 of 4 delivered, shrunk with 10 pseudo-observations towards ~0.5: (4 + 10 * 0.5) / 14 ~ 0.64
    // at the segment level (an hour without data); the hour level counts the 4 again (~0.75).
    const segmentLevel = world.model({ ...ctx('262-02'), at: Date.UTC(2025, 0, 1, 3) }, 'a').deliverGivenAccepted;
    expect(segmentLevel).toBeGreaterThan(0.6);
    expect(segmentLevel).toBeLessThan(0.7);
    const hourLevel = world.model(ctx('262-02'), 'a').deliverGivenAccepted;
    expect(hourLevel).toBeGreaterThan(segmentLevel);
    expect(hourLevel).toBeLessThan(0.8);
    // An hour with no data is its segment's model.
    expect(world.model({ ...ctx('262-01'), at: Date.UTC(2025, 0, 1, 3) }, 'a')).toEqual(
      world.model({ ...ctx('262-01'), at: Date.UTC(2025, 0, 1, 3, 30) }, 'a'),
    );
    expect(world.model(ctx('262-01'), 'a').latencyMu).toBeCloseTo(Math.log(10_000), 6);
  });

  it.each([
    [{ minCellAttempts: 0 }, 'minCellAttempts must be an integer >= 1, got 0'],
    [{ minHourAttempts: 1.5 }, 'minHourAttempts must be an integer >= 1, got 1.5'],
    [{ priorStrength: -1 }, 'priorStrength must be a finite number >= 0, got -1'],
  ])('rejects %j', (bad, message) => {
    expect(() => fitWorld(trace, bad)).toThrow(new RangeError(message));
  });
});

describe('runModelReplay on the example trace', () => {
  const trace = generateExampleTrace(EXAMPLE_SEED, 1500);
  const best = fixedPolicy((ctx) =>
    ctx.country === 'ID' ? 'sim-gamma' : ctx.country === 'BR' ? 'sim-beta' : 'sim-alpha',
  );
  const worst = fixedPolicy((ctx) => (ctx.country === 'ID' ? 'sim-alpha' : 'sim-gamma'));
  const run = () =>
    runModelReplay(
      trace,
      [
        { name: 'best', create: () => learnerOf(best).policy },
        { name: 'worst', create: () => learnerOf(worst).policy },
        { name: 'best-again', create: () => learnerOf(best).policy },
      ],
      { weights: DEFAULT_REWARD_WEIGHTS, seed: 5 },
    );

  it('reproduces the logged metrics when replaying the logged choices', () => {
    const report = run();
    expect(Math.abs(report.loggedOnModel.completionRate - report.actual.completionRate)).toBeLessThan(0.03);
    expect(Math.abs(report.loggedOnModel.costPerCompletion - report.actual.costPerCompletion)).toBeLessThan(0.01);
    expect(report.loggedOnModel.shares).toEqual(report.actual.shares);
  });

  it('ranks a better routing above a worse one, deterministically, with common random numbers', () => {
    const report = run();
    const [b, w, again] = report.policies;
    expect(b?.completionRate).toBeGreaterThan((w?.completionRate ?? 1) + 0.05);
    expect(again).toEqual({ ...b, name: 'best-again' });
    expect(run()).toEqual(report);
  });

  it('reports the rare segment as thin', () => {
    const report = run();
    expect(report.thinCells.map((c) => `${c.segment}/${c.provider}`)).toContain('ID:unknown:standard/sim-gamma');
    expect(report.thinCells.every((c) => c.attempts < report.minCellAttempts)).toBe(true);
  });

  it('feeds every decision back to the policy in time order with the eligible set of its segment', () => {
    const { policy, seen } = learnerOf();
    const eligibleSeen = new Set<string>();
    const spy: LearningPolicy = {
      select: (c, e) => (eligibleSeen.add(`${segmentKey(c)}=${e.join('|')}`), policy.select(c, e)),
      update: (f) => policy.update(f),
    };
    runModelReplay(trace, [{ name: 'spy', create: () => spy }], { weights: DEFAULT_REWARD_WEIGHTS });
    expect(seen).toHaveLength(trace.length);
    expect(seen.map((f) => f.at)).toEqual([...trace].map((r) => r.at).sort((a, b) => a - b));
    expect(eligibleSeen).toContain('BR:724-10:standard=sim-beta|sim-gamma');
  });
});
