import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../rng.js';
import type { EngineDeps, RequestContext } from '../types.js';
import type { ChangeEvent } from './policy.js';
import { betaQuantile } from './beta-cdf.js';
import {
  createDiscountedTsPolicy,
  DEFAULT_DISCOUNTED_TS_CONFIG,
  discountedTsConfig,
  type DiscountedTsConfig,
} from './discounted-ts.js';
import { applyExplorationFloor } from './exploration-floor.js';
import { gaussianBestArmProbabilities } from './gaussian-best-arm.js';

const ctx: RequestContext = Object.freeze({
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard',
  action: 'login',
  tenant: 't1',
  fraudScore: 0.1,
  windowMs: 60_000,
  at: 0,
});
const sibling: RequestContext = Object.freeze({ ...ctx, operator: '262-02' });

function deps(seed: number): EngineDeps & { draws: () => number } {
  const random = mulberry32(seed);
  let draws = 0;
  return {
    now: () => 0,
    random: () => {
      draws++;
      return random();
    },
    draws: () => draws,
  };
}

function policy(partial: Partial<Omit<DiscountedTsConfig, 'kind'>> = {}, seed = 42) {
  const d = deps(seed);
  return { policy: createDiscountedTsPolicy(discountedTsConfig(partial), d), deps: d };
}

const ELIGIBLE = Object.freeze(['a', 'b', 'c']);
const REWARDS: Readonly<Record<string, number>> = { a: 1, b: 0, c: 0.5 };

describe('discountedTsConfig', () => {
  it('fills in the defaults and freezes', () => {
    const cfg = discountedTsConfig();
    expect(cfg).toEqual(DEFAULT_DISCOUNTED_TS_CONFIG);
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.changeDetection)).toBe(true);
    expect(discountedTsConfig({ halfLifeMs: Infinity, priorStrength: 0 })).toMatchObject({
      kind: 'discounted-ts',
      halfLifeMs: Infinity,
      priorStrength: 0,
      fallbackPriorStrength: 0,
    });
    expect(discountedTsConfig({ learnFromFraudBands: ['low', 'medium', 'low'] }).learnFromFraudBands).toEqual([
      'low',
      'medium',
    ]);
  });

  it.each([
    [{ halfLifeMs: 999 }, RangeError, 'halfLifeMs must be a number in [1000, 1e12] or Infinity, got 999'],
    [{ halfLifeMs: NaN }, RangeError, 'halfLifeMs must be a number in [1000, 1e12] or Infinity, got NaN'],
    [{ priorStrength: -1 }, RangeError, 'priorStrength must be a number in [0, 1e6], got -1'],
    [{ shiftKeep: -1 }, RangeError, 'shiftKeep must be a number in [0, 1e6] or Infinity, got -1'],
    [
      { priorStrength: 10, fallbackPriorStrength: 11 },
      RangeError,
      'fallbackPriorStrength must be a number in [0, priorStrength (10)], got 11',
    ],
    [{ posteriorScale: 0 }, RangeError, 'posteriorScale must be a number in (0, 4], got 0'],
    [{ posteriorScale: 4.5 }, RangeError, 'posteriorScale must be a number in (0, 4], got 4.5'],
    [{ learnFromFraudBands: [] }, TypeError, 'learnFromFraudBands must be a non-empty list of low, medium, high, got []'],
    [
      { learnFromFraudBands: ['low', 'severe'] },
      TypeError,
      'learnFromFraudBands must be a non-empty list of low, medium, high, got ["low","severe"]',
    ],
    [{ explorationFloor: 0.5 }, RangeError, 'explorationFloor must be a number in [0, 0.2], got 0.5'],
    [{ explorationFloor: -0.01 }, RangeError, 'explorationFloor must be a number in [0, 0.2], got -0.01'],
    [{ refreshFraction: 0.3 }, RangeError, 'refreshFraction must be a number in [0, 0.2], got 0.3'],
    [{ version: '' }, TypeError, 'version must be a non-empty string, got '],
    [{ changeDetection: { kind: 'glr' } }, TypeError, 'changeDetection.kind must be "page-hinkley" or "none", got glr'],
    [
      { changeDetection: { kind: 'page-hinkley', delta: 0.1, threshold: -1, minSamples: 5 } },
      RangeError,
      'changeDetection.threshold must be a number in (0, 1e6], got -1',
    ],
  ])('rejects %j', (partial, type, message) => {
    const build = () => discountedTsConfig(partial as Partial<DiscountedTsConfig>);
    expect(build).toThrow(type);
    expect(build).toThrow(message);
  });

  it('createDiscountedTsPolicy re-validates and checks the kind', () => {
    expect(() => createDiscountedTsPolicy({ ...DEFAULT_DISCOUNTED_TS_CONFIG, halfLifeMs: 0 }, deps(1))).toThrow(RangeError);
    expect(() =>
      createDiscountedTsPolicy(
        { ...DEFAULT_DISCOUNTED_TS_CONFIG, kind: 'ucb1' } as unknown as DiscountedTsConfig,
        deps(1),
      ),
    ).toThrow(new TypeError('config.kind must be "discounted-ts", got ucb1'));
  });
});

describe('discounted-ts policy', () => {
  it('pins the first selections and probability vectors for seed 42 (to the quadrature accuracy)', () => {
    const { policy: p } = policy();
    const expected: [string, number, number, number][] = [
      ['b', 1 / 3, 1 / 3, 1 / 3],
      ['a', 0.47803867714920345, 0.04392264570159306, 0.47803867714920345],
      ['b', 0.8493668651904398, 0.011237293120377813, 0.13939584168918243],
      ['a', 0.8503761426489583, 0.01000748906636869, 0.1396163682846728],
      ['a', 0.9443073134507234, 0.010000003416520756, 0.04569268313275584],
      ['a', 0.9674685582308837, 0.010000000001871004, 0.02253144176724521],
    ];
    for (const [t, [provider, pa, pb, pc]] of expected.entries()) {
      const s = p.select(ctx, ELIGIBLE);
      expect(s.provider).toBe(provider);
      expect(s.probabilities.a).toBeCloseTo(pa, 4);
      expect(s.probabilities.b).toBeCloseTo(pb, 4);
      expect(s.probabilities.c).toBeCloseTo(pc, 4);
      expect(s.propensity).toBe(s.probabilities[provider]);
      expect(s).toMatchObject({ policy: 'discounted-ts', version: DEFAULT_DISCOUNTED_TS_CONFIG.version });
      p.update({ ctx, provider, reward: REWARDS[provider] ?? 0, at: t });
    }
  });

  it('selects with exactly one RNG draw; update and estimates draw none', () => {
    const { policy: p, deps: d } = policy();
    p.select(ctx, ELIGIBLE);
    expect(d.draws()).toBe(1);
    p.update({ ctx, provider: 'a', reward: 1, at: 1 });
    p.estimates(ctx, ELIGIBLE);
    expect(d.draws()).toBe(1);
  });

  it('gives identical posteriors identical probabilities (uniform when nothing is known)', () => {
    const { policy: p } = policy();
    const s = p.select(ctx, ['x', 'y', 'z', 'w']);
    expect(new Set(Object.values(s.probabilities)).size).toBe(1);
    expect(s.probabilities.x).toBeCloseTo(0.25, 15);
  });

  it('with refreshFraction 0 logs exactly the floored Thompson probabilities of the current posteriors', () => {
    // priorStrength 0: the segment's posterior is the global prior (mean 1/2, v 1/8, 2 observations)
    // updated with its own rewards, so it can be computed here by hand.
    const scale = 0.5;
    const { policy: p } = policy({
      refreshFraction: 0,
      explorationFloor: 0.05,
      priorStrength: 0,
      posteriorScale: scale,
      halfLifeMs: Infinity,
    });
    const seen: Record<string, number[]> = { a: [], b: [], c: [] };
    for (let t = 0; t < 30; t++) {
      const s = p.select(ctx, ELIGIBLE);
      const r = REWARDS[s.provider] ?? 0;
      seen[s.provider]?.push(r);
      p.update({ ctx, provider: s.provider, reward: r, at: t });
    }
    const s = p.select(ctx, ELIGIBLE);
    const shapes = ELIGIBLE.map((id) => {
      const rs = seen[id] ?? [];
      const n = rs.length;
      const sum = rs.reduce((x, y) => x + y, 0);
      const within = rs.reduce((x, y) => x + y * y, 0) - (n > 0 ? (sum * sum) / n : 0);
      const mean = (1 + sum) / (2 + n);
      const v = Math.max(1e-4, (0.25 + within) / (2 + n));
      return { mean, sd: Math.sqrt((v / (2 + n)) * scale) };
    });
    const expected = applyExplorationFloor(
      gaussianBestArmProbabilities(
        shapes.map((x) => x.mean),
        shapes.map((x) => x.sd),
        new Float64Array(shapes.length),
      ),
      0.05,
    );
    ELIGIBLE.forEach((id, i) => {
      expect(s.probabilities[id]).toBeCloseTo(expected[i] ?? NaN, 12);
      expect(s.scores[id]).toBeCloseTo(shapes[i]?.mean ?? NaN, 12);
      expect(s.probabilities[id]).toBeGreaterThanOrEqual(0.05);
    });
  });

  it('selects when a parent lends nothing to a level without data (fallbackPriorStrength 0: infinite variance)', () => {
    const { policy: p } = policy({ fallbackPriorStrength: 0 });
    const s = p.select(ctx, ELIGIBLE);
    expect(ELIGIBLE).toContain(s.provider);
    ELIGIBLE.forEach((id) => expect(s.probabilities[id]).toBeCloseTo(1 / 3, 12));
    p.update({ ctx, provider: 'a', reward: 1, at: 1 });
    const after = p.select(ctx, ELIGIBLE);
    expect(Object.values(after.probabilities).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
  });

  it('reuses the cached vector until the staleness limit, and refreshes after it', () => {
    const { policy: p } = policy({ refreshFraction: 0.2 });
    for (let t = 0; t < 200; t++)
      p.update({ ctx, provider: ELIGIBLE[t % 3] as string, reward: REWARDS[ELIGIBLE[t % 3] as string] ?? 0, at: t });
    const first = p.select(ctx, ELIGIBLE).probabilities;
    p.update({ ctx, provider: 'b', reward: 1, at: 200 });
    expect(p.select(ctx, ELIGIBLE).probabilities).toEqual(first);
    for (let t = 0; t < 100; t++) p.update({ ctx, provider: 'b', reward: 1, at: 201 + t });
    expect(p.select(ctx, ELIGIBLE).probabilities.b).toBeGreaterThan(first.b ?? 1);
  });

  it('keeps a separate vector per eligible list and order', () => {
    const { policy: p } = policy();
    for (let t = 0; t < 20; t++) p.update({ ctx, provider: 'a', reward: 1, at: t });
    const abc = p.select(ctx, ['a', 'b', 'c']);
    const cb = p.select(ctx, ['c', 'b']);
    expect(Object.keys(cb.probabilities)).toEqual(['c', 'b']);
    expect(cb.probabilities.c).toBeCloseTo(0.5, 12);
    expect(abc.probabilities.a).toBeGreaterThan(0.85);
    expect(p.select(ctx, ['a', 'b', 'c']).probabilities).toEqual(abc.probabilities);
    expect(p.select(ctx, ['b', 'c']).probabilities).toEqual({ b: cb.probabilities.b, c: cb.probabilities.c });
  });

  it('a new operator starts from what its country knows (hierarchical prior)', () => {
    const { policy: p } = policy();
    for (let t = 0; t < 300; t++) {
      p.update({ ctx, provider: 'a', reward: t % 10 === 0 ? 0 : 1, at: t });
      p.update({ ctx, provider: 'b', reward: t % 10 < 3 ? 1 : 0, at: t });
    }
    const [a, b] = p.estimates(sibling, ['a', 'b']);
    expect(a?.mean).toBeGreaterThan(0.8);
    expect(b?.mean).toBeLessThan(0.35);
    // one operator known: its country cannot measure how operators differ and lends the fallback strength
    expect(a?.n).toBeCloseTo(DEFAULT_DISCOUNTED_TS_CONFIG.fallbackPriorStrength, 9);
    expect(p.select(sibling, ['a', 'b']).probabilities.a).toBeGreaterThan(0.95);
    const other = p.estimates({ ...ctx, country: 'FR', routeClass: 'premium' }, ['a']);
    expect(other[0]?.mean).toBeGreaterThan(0.5);
  });

  it('estimates: mean inside a ~90% interval, n counts discounted evidence, no state change', () => {
    const { policy: p } = policy();
    for (let t = 0; t < 50; t++) p.update({ ctx, provider: 'a', reward: t % 5 === 0 ? 0 : 1, at: t });
    const before = JSON.stringify(p.snapshot());
    const [a, z] = p.estimates(ctx, ['a', 'z']);
    expect(JSON.stringify(p.snapshot())).toBe(before);
    expect(a?.lower).toBeLessThan(a?.mean ?? 0);
    expect(a?.upper).toBeGreaterThan(a?.mean ?? 1);
    expect(a?.mean).toBeCloseTo(0.8, 1);
    expect(a?.n).toBeGreaterThan(49);
    // an unseen provider keeps the global prior: mean 1/2, variance 1/16, i.e. Beta(3/2, 3/2)
    expect(z).toMatchObject({ provider: 'z', mean: 0.5, n: 2 });
    expect(z?.lower).toBeCloseTo(betaQuantile(0.05, 1.5, 1.5), 9);
    expect(z?.upper).toBeCloseTo(betaQuantile(0.95, 1.5, 1.5), 9);
  });

  it('detects a country-wide drop at the country level and forgets the arm in every operator of it', () => {
    const { policy: p } = policy();
    for (let t = 0; t < 200; t++) {
      p.update({ ctx, provider: 'a', reward: 1, at: t });
      p.update({ ctx: sibling, provider: 'a', reward: 1, at: t });
    }
    expect(p.drainChanges()).toEqual([]);
    let t = 200;
    while (p.drainChanges().length === 0 && t < 260) {
      p.update({ ctx, provider: 'a', reward: 0, at: t });
      p.update({ ctx: sibling, provider: 'a', reward: 0, at: t++ });
    }
    expect(t - 200).toBeLessThan(20);
    const events: ChangeEvent[] = [];
    const q = policy().policy;
    for (let u = 0; u < 200; u++) q.update({ ctx, provider: 'a', reward: 1, at: u });
    for (let u = 200; events.length === 0 && u < 260; u++) {
      q.update({ ctx, provider: 'a', reward: 0, at: u });
      events.push(...q.drainChanges());
    }
    expect(events).toEqual([{ segment: 'DE:*:standard', provider: 'a', at: events[0]?.at, detector: 'page-hinkley' }]);
    // Everything before the change point is gone; what each operator saw after it stays: both
    // already know the provider fails there, rather than knowing nothing about it.
    for (const c of [ctx, sibling]) {
      const [est] = p.estimates(c, ['a']);
      expect(est!.mean).toBeLessThan(0.15);
      expect(est!.n).toBeGreaterThanOrEqual(t - 200);
    }
    expect(p.drainChanges()).toEqual([]);
  });

  it('after a country alarm caused by one operator, the other operators keep their own recent evidence', () => {
    const { policy: p } = policy();
    for (let t = 0; t < 200; t++) {
      for (let k = 0; k < 3; k++) p.update({ ctx, provider: 'a', reward: 1, at: t });
      p.update({ ctx: sibling, provider: 'a', reward: 1, at: t });
    }
    const events: ChangeEvent[] = [];
    for (let t = 200; events.length === 0 && t < 300; t++) {
      for (let k = 0; k < 3; k++) p.update({ ctx, provider: 'a', reward: 0, at: t });
      p.update({ ctx: sibling, provider: 'a', reward: 1, at: t });
      events.push(...p.drainChanges());
    }
    expect(events.map((e) => e.segment)).toEqual(['DE:*:standard']);
    expect(p.estimates(ctx, ['a'])[0]!.mean).toBeLessThan(0.15);
    const [kept] = p.estimates(sibling, ['a']);
    expect(kept!.mean).toBeGreaterThan(0.8);
  });

  it('detects a drop in one operator at the segment level and keeps what its siblings taught the country', () => {
    const { policy: p } = policy();
    const random = mulberry32(5);
    const bernoulli = (m: number) => (random() < m ? 1 : 0);
    for (let t = 0; t < 400; t++) {
      p.update({ ctx, provider: 'a', reward: bernoulli(0.9), at: t });
      p.update({ ctx: sibling, provider: 'a', reward: bernoulli(0.9), at: t });
      p.update({ ctx: sibling, provider: 'a', reward: bernoulli(0.9), at: t });
    }
    expect(p.drainChanges()).toEqual([]);
    const events: ChangeEvent[] = [];
    for (let t = 400; events.length === 0 && t < 500; t++) {
      p.update({ ctx, provider: 'a', reward: 0, at: t });
      events.push(...p.drainChanges());
    }
    expect(events.map((e) => e.segment)).toEqual(['DE:262-01:standard']);
    expect(p.estimates(ctx, ['a'])[0]!.mean).toBeLessThan(0.5);
    const [fresh] = p.estimates({ ...ctx, operator: '262-07' }, ['a']);
    expect(fresh?.mean).toBeGreaterThan(0.8);
  });

  it('notifyShift shrinks the segment evidence to shiftKeep, keeps its mean, and records the shift', () => {
    type Arm = { provider: string; n: number; s: number; at: number };
    type State = { levels: { key: string; at: number; arms: Arm[] }[] };
    const arm = (p: ReturnType<typeof policy>['policy'], key: string, provider: string) => {
      const level = (p.snapshot().state as State).levels.find((l) => l.key === key);
      return level?.arms.find((a) => a.provider === provider);
    };
    const { policy: p } = policy({ halfLifeMs: Infinity });
    for (let t = 0; t < 100; t++) {
      p.update({ ctx, provider: 'a', reward: t % 5 === 0 ? 0 : 1, at: t });
      p.update({ ctx: sibling, provider: 'a', reward: 1, at: t });
    }
    const before = arm(p, 'DE:*:standard', 'a')!;
    expect(arm(p, 'DE:262-01:standard', 'a')).toMatchObject({ n: 100, s: 80 });
    p.notifyShift?.(ctx, 'a', 150, 'latency');
    const after = arm(p, 'DE:262-01:standard', 'a')!;
    expect(after.n).toBeCloseTo(5, 12);
    expect(after.s / after.n).toBeCloseTo(0.8, 12);
    // Parents stay the sum of their children: the country lost the 95 observations removed.
    expect(arm(p, 'DE:*:standard', 'a')!.n).toBeCloseTo(before.n - 95, 9);
    expect(arm(p, '*:*:*', 'a')!.n).toBeCloseTo(200 - 95, 9);
    expect(arm(p, 'DE:262-02:standard', 'a')).toMatchObject({ n: 100, s: 100 });
    expect(p.drainChanges()).toEqual([
      { segment: 'DE:262-01:standard', provider: 'a', at: 150, detector: 'latency-shift' },
    ]);
    // Already at or below shiftKeep (or unseen): nothing to shrink, no event.
    p.notifyShift?.(ctx, 'a', 160, 'price');
    p.notifyShift?.(ctx, 'z', 160, 'price');
    expect(arm(p, 'DE:262-01:standard', 'a')!.n).toBeCloseTo(5, 12);
    expect(p.drainChanges()).toEqual([]);
    // A large shiftKeep ignores the signal.
    const { policy: q } = policy({ shiftKeep: Infinity });
    for (let t = 0; t < 50; t++) q.update({ ctx, provider: 'a', reward: 1, at: t });
    q.notifyShift?.(ctx, 'a', 60, 'latency');
    expect(q.drainChanges()).toEqual([]);
  });

  it('learns only from the configured fraud bands (default: low, score < 0.3)', () => {
    const { policy: p } = policy();
    p.update({ ctx: { ...ctx, fraudScore: 0.3 }, provider: 'a', reward: 0, at: 0 });
    p.update({ ctx: { ...ctx, fraudScore: 0.95 }, provider: 'a', reward: 0, at: 0 });
    expect(p.estimates(ctx, ['a'])[0]).toMatchObject({ mean: 0.5, n: 2 });
    p.update({ ctx: { ...ctx, fraudScore: 0.29 }, provider: 'a', reward: 0, at: 0 });
    expect(p.estimates(ctx, ['a'])[0]?.n).toBe(3);
    const { policy: all } = policy({ learnFromFraudBands: ['low', 'medium', 'high'] });
    all.update({ ctx: { ...ctx, fraudScore: 0.95 }, provider: 'a', reward: 0, at: 0 });
    expect(all.estimates(ctx, ['a'])[0]?.n).toBe(3);
  });

  it('discounts by time: the own evidence of a segment halves every halfLifeMs', () => {
    const { policy: p } = policy({ halfLifeMs: 60_000, priorStrength: 0 });
    for (let t = 0; t < 40; t++) p.update({ ctx, provider: 'a', reward: 1, at: 0 });
    expect(p.estimates(ctx, ['a'])[0]?.n).toBe(42);
    p.update({ ctx, provider: 'b', reward: 1, at: 60_000 });
    expect(p.estimates(ctx, ['a'])[0]?.n).toBeCloseTo(22, 9);
    expect(p.estimates(ctx, ['a'])[0]?.mean).toBeCloseTo(21 / 22, 9);
  });

  it('never mutates eligible or ctx and rejects empty or duplicate eligible lists', () => {
    const { policy: p } = policy();
    const eligible = Object.freeze(['a', 'b']);
    p.select(ctx, eligible);
    p.update(Object.freeze({ ctx, provider: 'a', reward: 1, at: 0 }));
    expect(eligible).toEqual(['a', 'b']);
    expect(() => p.select(ctx, [])).toThrow(new RangeError('eligible must contain at least one provider'));
    expect(() => p.select(ctx, ['a', 'a'])).toThrow(new RangeError('eligible must not contain duplicates'));
    expect(() => p.update({ ctx, provider: 'a', reward: 1.5, at: 0 })).toThrow(
      new RangeError('reward must be in [0, 1], got 1.5'),
    );
  });

  it('restores a snapshot written before detectors located their changes (no upPos / downPos)', () => {
    const { policy: p } = policy();
    for (let t = 0; t < 50; t++) p.update({ ctx, provider: 'a', reward: 1, at: t });
    const snapshot = JSON.parse(JSON.stringify(p.snapshot())) as { state: { levels: { arms: { detector: Record<string, unknown> | null }[] }[] } };
    let stripped = 0;
    for (const level of snapshot.state.levels) {
      for (const arm of level.arms) {
        if (arm.detector === null) continue;
        delete arm.detector.upPos;
        delete arm.detector.downPos;
        stripped++;
      }
    }
    expect(stripped).toBe(2);
    const { policy: q } = policy();
    q.restore(snapshot as unknown as ReturnType<typeof p.snapshot>);
    expect(q.estimates(ctx, ['a'])).toEqual(p.estimates(ctx, ['a']));
    // Its detectors still alarm, and the alarm still forgets.
    const events: ChangeEvent[] = [];
    for (let t = 50; events.length === 0 && t < 150; t++) {
      q.update({ ctx, provider: 'a', reward: 0, at: t });
      events.push(...q.drainChanges());
    }
    expect(events).toHaveLength(1);
    expect(q.estimates(ctx, ['a'])[0]!.mean).toBeLessThan(0.5);
  });

  it('restore replaces the state of a policy that already served the same segments', () => {
    const play = (p: ReturnType<typeof policy>['policy'], seed: number, steps: number): string[] => {
      const random = mulberry32(seed);
      const picks: string[] = [];
      for (let t = 0; t < steps; t++) {
        const c = t % 3 === 0 ? sibling : ctx;
        const s = p.select(c, ELIGIBLE);
        picks.push(`${s.provider}:${s.propensity}`);
        p.update({ ctx: c, provider: s.provider, reward: random() < (REWARDS[s.provider] ?? 0) ? 1 : 0, at: t });
      }
      return picks;
    };
    const source = policy({}, 3);
    play(source.policy, 1, 200);
    const snapshot = JSON.parse(JSON.stringify(source.policy.snapshot())) as ReturnType<typeof source.policy.snapshot>;
    const fresh = policy({}, 9);
    const used = policy({}, 9);
    play(used.policy, 5, 200);
    while (fresh.deps.draws() < used.deps.draws()) fresh.deps.random();
    fresh.policy.restore(snapshot);
    used.policy.restore(snapshot);
    expect(play(used.policy, 2, 100)).toEqual(play(fresh.policy, 2, 100));
  });

  it('snapshot is plain JSON and restores exactly: same subsequent selections for the same seed', () => {
    const run = (p: ReturnType<typeof policy>['policy'], from: number, steps: number): string[] => {
      const random = mulberry32(from);
      const picks: string[] = [];
      for (let t = 0; t < steps; t++) {
        const c = t % 4 === 0 ? sibling : ctx;
        const s = p.select(c, t % 7 === 0 ? ['c', 'a'] : ELIGIBLE);
        picks.push(`${s.provider}:${s.propensity}`);
        p.update({ ctx: c, provider: s.provider, reward: random() < (s.provider === 'a' ? 0.8 : 0.5) ? 1 : 0, at: t });
      }
      return picks;
    };
    const original = policy({}, 7);
    run(original.policy, 1, 500);
    const json = JSON.stringify(original.policy.snapshot());
    const copy = policy({}, 7);
    for (let i = 0; i < original.deps.draws(); i++) copy.deps.random();
    copy.policy.restore(JSON.parse(json));
    expect(JSON.stringify(copy.policy.snapshot())).toBe(json);
    expect(run(copy.policy, 2, 300)).toEqual(run(original.policy, 2, 300));
  });

  it.each([
    [{ kind: 'ucb1', version: '1', state: {} }, 'snapshot.kind must be "discounted-ts", got ucb1'],
    [{ kind: 'discounted-ts', version: '1', state: null }, 'state must be an object'],
    [{ kind: 'discounted-ts', version: '1', state: { levels: [], chains: [] } }, 'state.clock must be a finite number'],
    [{ kind: 'discounted-ts', version: '1', state: { clock: null, levels: {}, chains: [] } }, 'state.levels must be an array'],
    [
      {
        kind: 'discounted-ts',
        version: '1',
        state: { clock: 0, levels: [{ key: 'k', step: 1, total: 0, epoch: 0, at: 0, arms: [] }], chains: [] },
      },
      'state.levels[0].key must be a segment key, got "k"',
    ],
    [
      {
        kind: 'discounted-ts',
        version: '1',
        state: { clock: 0, levels: [{ key: '*:*:*', step: '1', total: 0, epoch: 0, at: 0, arms: [] }], chains: [] },
      },
      'state.levels[0].step must be a finite number',
    ],
    [
      {
        kind: 'discounted-ts',
        version: '1',
        state: {
          clock: 0,
          levels: [{ key: '*:*:*', step: 1, total: 1, epoch: 0, at: 0, arms: [{ provider: 'a', n: 1, s: 1, at: 0, detector: null }] }],
          chains: [],
        },
      },
      'state.levels[0].arms[0].q must be a finite number',
    ],
    [
      {
        kind: 'discounted-ts',
        version: '1',
        state: { clock: null, levels: [], chains: [{ segment: 'DE:*:standard', entries: [] }] },
      },
      'state.chains[0].segment must be a concrete segment key, got "DE:*:standard"',
    ],
  ])('restore rejects a malformed snapshot (%#)', (snapshot, message) => {
    const { policy: p } = policy();
    expect(() => p.restore(snapshot as never)).toThrow(new TypeError(message));
  });
});
