import { describe, expect, it } from 'vitest';
import { DEFAULT_REWARD_WEIGHTS } from '../../../engine/reward/reward-weights.js';
import type { DecisionRecord } from '../../../engine/decision-record.js';
import { scoreRecord } from '../record-context.js';
import { fixedPolicy, uniformPolicy, type LearningPolicy, type SelectingPolicy } from '../replay-policy.js';
import { evaluateOffPolicy, type OpeReport } from './evaluate-off-policy.js';
import type { Estimator } from './estimators.js';
import type { RewardModel } from './ridge-reward-model.js';
import { LATENCY_ONLY_WEIGHTS, syntheticLog } from './synthetic-log.js';

const A = 'DE:262-01:standard';
const B = 'BR:724-05:standard';
const MEANS = { [A]: { p1: 0.8, p2: 0.5, p3: 0.2 }, [B]: { p1: 0.3, p2: 0.6, p3: 0.9 } };
const UNIFORM = { p1: 1 / 3, p2: 1 / 3, p3: 1 / 3 };
/** Best provider per segment: value 0.5 * 0.8 + 0.5 * 0.9. */
const BEST = fixedPolicy((ctx) => (ctx.country === 'DE' ? 'p1' : 'p3'));
const SEEDS = [1, 2, 3, 4];

const value = (r: OpeReport, e: Estimator) => r.estimates.find((x) => x.estimator === e)?.estimate ?? NaN;
const oracleModel = (means: Record<string, Record<string, number>>): RewardModel => ({
  predict: (_ctx, segment, provider) => means[segment]?.[provider] ?? 0,
});
const log = (seed: number, extra: Partial<Parameters<typeof syntheticLog>[0]> = {}) =>
  syntheticLog({ seed, n: 4000, means: MEANS, logging: UNIFORM, rewards: 'bernoulli', ...extra });
const opts = { weights: DEFAULT_REWARD_WEIGHTS, resamples: 50 };

describe('evaluateOffPolicy on logs with known answers', () => {
  it.each<[string, SelectingPolicy, number]>([
    ['deterministic best-per-segment', BEST, 0.85],
    ['uniform', uniformPolicy(), 0.5 * 0.5 + 0.5 * 0.6],
  ])('IPS, SNIPS, DM and DR recover the value of the %s target over several seeds', (_name, target, truth) => {
    const errors: Record<string, number[]> = { ips: [], snips: [], dm: [], dr: [] };
    for (const seed of SEEDS) {
      const report = evaluateOffPolicy(log(seed), target, opts);
      for (const e of ['ips', 'snips', 'dm', 'dr'] as const) {
        // n = 4000 uniform over 3 arms: IPS sd <= 0.022, so 0.08 is > 3.5 sd.
        expect(Math.abs(value(report, e) - truth)).toBeLessThan(0.08);
        errors[e]?.push(value(report, e) - truth);
      }
    }
    for (const e of ['ips', 'snips', 'dm', 'dr']) {
      const mean = (errors[e] ?? []).reduce((a, x) => a + x, 0) / SEEDS.length;
      expect(Math.abs(mean)).toBeLessThan(0.03);
    }
  });

  it('bootstrap intervals cover the true value for most seeds and ESS is n/3 for a deterministic target', () => {
    let covered = 0;
    for (const seed of SEEDS) {
      const report = evaluateOffPolicy(log(seed), BEST, opts);
      const dr = report.estimates.find((x) => x.estimator === 'dr');
      if (dr && dr.lower <= 0.85 && 0.85 <= dr.upper) covered += 1;
      const ips = report.estimates.find((x) => x.estimator === 'ips');
      expect(ips?.maxWeight).toBeCloseTo(3, 12);
      // Weights are 3 on a third of the samples and 0 elsewhere: (sum w)^2 / sum w^2 = n / 3.
      expect(ips?.effectiveSampleSize).toBeGreaterThan(1200);
      expect(ips?.effectiveSampleSize).toBeLessThan(1470);
    }
    expect(covered).toBeGreaterThanOrEqual(3);
  });

  it('DM is exact when the reward model is well specified (deterministic rewards)', () => {
    const means = { [A]: { p1: 0.9, p2: 0.7, p3: 0.55 }, [B]: { p1: 0.6, p2: 0.75, p3: 0.95 } };
    const records = syntheticLog({ seed: 9, n: 3000, means, logging: UNIFORM, rewards: 'deterministic' });
    const inSampleTruth = records.reduce((a, r) => a + (r.segment === A ? 0.9 : 0.95), 0) / records.length;
    const report = evaluateOffPolicy(records, BEST, {
      weights: LATENCY_ONLY_WEIGHTS,
      resamples: 20,
      ridge: { lambda: 1e-6 },
    });
    expect(value(report, 'dm')).toBeCloseTo(inSampleTruth, 4);
    expect(value(report, 'dr')).toBeCloseTo(inSampleTruth, 4);
  });

  it('DR stays unbiased with a wrong reward model when the propensities are right', () => {
    const wrong: RewardModel = {
      predict: (_c, segment, provider) => 1 - (MEANS[segment as typeof A]?.[provider as 'p1'] ?? 0),
    };
    for (const seed of SEEDS) {
      const records = log(seed);
      const report = evaluateOffPolicy(records, BEST, { ...opts, rewardModel: wrong });
      expect(Math.abs(value(report, 'dr') - 0.85)).toBeLessThan(0.08);
      // The wrong model alone says 0.2 in DE and 0.1 in BR, about 0.15.
      const wrongValue = records.reduce((a, r) => a + (r.segment === A ? 0.2 : 0.1), 0) / records.length;
      expect(value(report, 'dm')).toBeCloseTo(wrongValue, 9);
    }
  });

  it('DR stays unbiased with wrong propensities when the reward model is right, while IPS is biased', () => {
    const reported = { p1: 0.6, p2: 0.2, p3: 0.2 };
    for (const seed of SEEDS) {
      const report = evaluateOffPolicy(log(seed, { reported }), BEST, { ...opts, rewardModel: oracleModel(MEANS) });
      expect(Math.abs(value(report, 'dr') - 0.85)).toBeLessThan(0.08);
      // IPS expects 0.5 * (1/3)(1/0.6)(0.8) + 0.5 * (1/3)(1/0.2)(0.9) = 0.97.
      expect(Math.abs(value(report, 'ips') - 0.97)).toBeLessThan(0.08);
    }
  });
});

describe('evaluateOffPolicy mechanics', () => {
  const records = log(11).slice(0, 1500);

  it('is deterministic for a bootstrap seed and changes with it', () => {
    const a = evaluateOffPolicy(records, BEST, { ...opts, seed: 7 });
    const b = evaluateOffPolicy(records, BEST, { ...opts, seed: 7 });
    const c = evaluateOffPolicy(records, BEST, { ...opts, seed: 8 });
    expect(b).toEqual(a);
    expect(c.estimates.map((e) => e.estimate)).toEqual(a.estimates.map((e) => e.estimate));
    expect(c.estimates.map((e) => e.lower)).not.toEqual(a.estimates.map((e) => e.lower));
  });

  it('evaluates the logged policy under new weights as the mean re-scored reward', () => {
    const mixed: DecisionRecord[] = records.map((r, i) =>
      r.outcome ? { ...r, outcome: { ...r.outcome, latencyMs: (i % 10) * 20_000, cost: (i % 5) * 0.03 } } : r,
    );
    const report = evaluateOffPolicy(mixed, 'logged', opts);
    const mean = mixed.reduce((a, r) => a + (scoreRecord(r, DEFAULT_REWARD_WEIGHTS) ?? 0), 0) / mixed.length;
    expect(report.loggedValue).toBeCloseTo(mean, 12);
    expect(value(report, 'ips')).toBeCloseTo(mean, 12);
    expect(value(report, 'snips')).toBeCloseTo(mean, 12);
    expect(report.estimates.find((e) => e.estimator === 'ips')?.effectiveSampleSize).toBeCloseTo(records.length, 9);
  });

  it('clips weights at the clip and counts them', () => {
    const first = records.findIndex((r) => r.segment === A);
    const tiny = records.map((r, i) =>
      i === first
        ? { ...r, provider: 'p1', propensity: 0.001, probabilities: { p1: 0.001, p2: 0.4995, p3: 0.4995 } }
        : r,
    );
    const report = evaluateOffPolicy(tiny, BEST, { ...opts, clip: 50 });
    expect(report.maxRawWeight).toBeCloseTo(1000, 9);
    expect(report.clippedWeights).toBe(1);
    expect(report.estimates.find((e) => e.estimator === 'ips')?.maxWeight).toBe(50);
    expect(report.estimates.find((e) => e.estimator === 'snips')?.maxWeight).toBeCloseTo(1000, 9);
  });

  it('warm-starts a learning target on the earliest part of the log, in time order, then freezes it', () => {
    const seen: number[] = [];
    const learner: LearningPolicy = { ...uniformPolicy(), update: (f) => seen.push(f.at) };
    const shuffled = [...records].reverse();
    const report = evaluateOffPolicy(shuffled, learner, { ...opts, warmStartFraction: 0.2 });
    expect(report.warmStartSamples).toBe(300);
    expect(report.samples).toBe(1200);
    expect(seen).toEqual(records.slice(0, 300).map((r) => r.at));
  });

  it('warm-starts through the engine completion model when outcomes carry a landing signal', () => {
    const signalled = records.map((r) => (r.outcome ? { ...r, outcome: { ...r.outcome, signalMs: 4_000 } } : r));
    const taught = (completionModel: boolean) => {
      const rewards: number[] = [];
      const learner: LearningPolicy = { ...uniformPolicy(), update: (f) => void rewards.push(f.reward) };
      evaluateOffPolicy(signalled, learner, { ...opts, warmStartFraction: 0.2, completionModel });
      return rewards;
    };
    const plain = taught(false);
    const modelled = taught(true);
    expect(plain).toHaveLength(300);
    expect(modelled).toHaveLength(300);
    // Same first 30 (the delay bucket is thin), then rewards that no longer depend on the user's coin.
    expect(modelled.slice(0, 30)).toEqual(plain.slice(0, 30));
    expect(new Set(modelled.slice(30).map((r) => r.toFixed(9))).size).toBeLessThan(new Set(plain).size + 300);
    expect(modelled.slice(30)).not.toEqual(plain.slice(30));
  });

  it('skips unsettled records and records without a propensity', () => {
    const partial = records.map((r, i) =>
      i < 10 ? { ...r, outcome: null } : i < 25 ? { ...r, propensity: null, probabilities: null } : r,
    );
    expect(evaluateOffPolicy(partial, BEST, opts)).toMatchObject({
      samples: 1475,
      skipped: { unsettled: 10, noPropensity: 15 },
    });
  });

  it('measures overlap: a log without exploration gives the target mass it cannot see, and says so', () => {
    // Deterministic logger (p1 always, logged vector {p1: 1, p2: 0, p3: 0}), uniform target:
    // every weight is 1/3 and two thirds of the target's probability has no logged outcome.
    const greedy = log(5, { logging: { p1: 1, p2: 0, p3: 0 }, n: 1500 });
    const report = evaluateOffPolicy(greedy, uniformPolicy(), opts);
    expect(report.overlap.unsupportedMass).toBeCloseTo(2 / 3, 12);
    expect(report.overlap.meanWeight).toBeCloseTo(1 / 3, 12);
    expect(report.overlap.samplesWithVector).toBe(1500);
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toContain('66.7% of its probability on providers the logging policy gave probability 0');
    // The bias the warning is about: IPS sees a third of the target's choices (the truth is 0.55).
    expect(value(report, 'ips')).toBeLessThan(0.25);
  });

  it('reports full overlap and no warning when the logger explores every provider', () => {
    const report = evaluateOffPolicy(records, BEST, opts);
    expect(report.overlap.unsupportedMass).toBe(0);
    expect(Math.abs(report.overlap.meanWeight - 1)).toBeLessThan(3 * report.overlap.meanWeightSe + 0.01);
    expect(report.warnings).toEqual([]);
    expect(evaluateOffPolicy(records, 'logged', opts)).toMatchObject({
      overlap: { meanWeight: 1, meanWeightSe: 0, unsupportedMass: 0 },
      warnings: [],
    });
  });

  it('without logged vectors, warns when the mean weight is far from 1 (misreported propensities)', () => {
    const strip = (rs: DecisionRecord[]) => rs.map((r) => ({ ...r, probabilities: null }));
    // The logger is uniform but claims (0.9, 0.05, 0.05): for BEST (p1 in DE, p3 in BR) the mean
    // weight is 1/2 * 1/3 * (1 / 0.9) + 1/2 * 1/3 * (1 / 0.05) ~ 3.5 instead of 1.
    const reported = { p1: 0.9, p2: 0.05, p3: 0.05 };
    const wrong = evaluateOffPolicy(strip(log(6, { reported, n: 1500 })), BEST, opts);
    expect(wrong.overlap).toMatchObject({ unsupportedMass: null, samplesWithVector: 0 });
    expect(wrong.overlap.meanWeight).toBeGreaterThan(3);
    expect(wrong.warnings).toHaveLength(1);
    expect(wrong.warnings[0]).toMatch(/^the mean importance weight is 3\.\d{3} \(± 0\.\d{3}\)/);
    // Right propensities: weights average to 1 within noise, nothing to warn about.
    expect(evaluateOffPolicy(strip(records), BEST, opts).warnings).toEqual([]);
  });

  it.each([
    [{ clip: 0.5 }, 'clip must be a number >= 1, got 0.5'],
    [{ warmStartFraction: 1 }, 'warmStartFraction must be in [0, 1), got 1'],
    [{ resamples: 1 }, 'resamples must be an integer >= 2, got 1'],
    [{ confidence: 1 }, 'confidence must be in (0, 1), got 1'],
  ])('rejects %j', (bad, message) => {
    expect(() => evaluateOffPolicy(records, BEST, { ...opts, ...bad })).toThrow(new RangeError(message));
  });
});
