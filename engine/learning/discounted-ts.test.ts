import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../rng.js';
import type { EngineDeps, RequestContext } from '../types.js';
import { probabilityBest } from './beta-best-arm.js';
import {
  createDiscountedTsPolicy,
  DEFAULT_DISCOUNTED_TS_CONFIG,
  discountedTsConfig,
  type DiscountedTsConfig,
} from './discounted-ts.js';
import { applyExplorationFloor } from './exploration-floor.js';

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
    expect(discountedTsConfig({ gamma: 1, priorStrength: 0 })).toMatchObject({
      kind: 'discounted-ts',
      gamma: 1,
      priorStrength: 0,
    });
  });

  it.each([
    [{ gamma: 0 }, RangeError, 'gamma must be a number in (0, 1], got 0'],
    [{ gamma: 1.01 }, RangeError, 'gamma must be a number in (0, 1], got 1.01'],
    [{ gamma: NaN }, RangeError, 'gamma must be a number in (0, 1], got NaN'],
    [{ priorStrength: -1 }, RangeError, 'priorStrength must be a number in [0, 1e6], got -1'],
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
    expect(() => createDiscountedTsPolicy({ ...DEFAULT_DISCOUNTED_TS_CONFIG, gamma: 2 }, deps(1))).toThrow(RangeError);
    expect(() =>
      createDiscountedTsPolicy(
        { ...DEFAULT_DISCOUNTED_TS_CONFIG, kind: 'ucb1' } as unknown as DiscountedTsConfig,
        deps(1),
      ),
    ).toThrow(new TypeError('config.kind must be "discounted-ts", got ucb1'));
  });
});

describe('discounted-ts policy', () => {
  it('pins the first selections and probability vectors for seed 42', () => {
    const { policy: p } = policy();
    const expected: [string, number, number, number][] = [
      ['b', 1 / 3, 1 / 3, 1 / 3],
      ['b', 0.4256945504688373, 0.14861089906232539, 0.4256945504688373],
      ['c', 0.4563864959256056, 0.08722700814878878, 0.4563864959256056],
      ['c', 0.47853993335507927, 0.06438577518152738, 0.45707429146339323],
      ['a', 0.4840149004971078, 0.05566710285951191, 0.4603179966433802],
      ['a', 0.7407863883370183, 0.02509102087047062, 0.23412259079251102],
    ];
    for (const [t, [provider, pa, pb, pc]] of expected.entries()) {
      const s = p.select(ctx, ELIGIBLE);
      expect(s.provider).toBe(provider);
      expect(s.probabilities.a).toBeCloseTo(pa, 12);
      expect(s.probabilities.b).toBeCloseTo(pb, 12);
      expect(s.probabilities.c).toBeCloseTo(pc, 12);
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
    const { policy: p } = policy({ refreshFraction: 0, explorationFloor: 0.05 });
    for (let t = 0; t < 30; t++) {
      const s = p.select(ctx, ELIGIBLE);
      p.update({ ctx, provider: s.provider, reward: REWARDS[s.provider] ?? 0, at: t });
    }
    const s = p.select(ctx, ELIGIBLE);
    // estimates report mean = alpha / (alpha + beta) and n = alpha + beta - 2
    const est = p.estimates(ctx, ELIGIBLE);
    const alpha = est.map((e) => e.mean * (e.n + 2));
    const beta = est.map((e) => (1 - e.mean) * (e.n + 2));
    const expected = applyExplorationFloor(probabilityBest(alpha, beta), 0.05);
    ELIGIBLE.forEach((id, i) => {
      expect(s.probabilities[id]).toBeCloseTo(expected[i] ?? NaN, 9);
      expect(s.scores[id]).toBeCloseTo(est[i]?.mean ?? NaN, 12);
      expect(s.probabilities[id]).toBeGreaterThanOrEqual(0.05);
    });
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
    expect(a?.n).toBeCloseTo(DEFAULT_DISCOUNTED_TS_CONFIG.priorStrength, 9);
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
    expect(z).toMatchObject({ provider: 'z', mean: 0.5, n: 0 });
    expect(z?.lower).toBeCloseTo(0.05, 9);
  });

  it('detects an abrupt drop, forgets that arm at each level that saw it, and reports drained change events', () => {
    const { policy: p } = policy();
    for (let t = 0; t < 200; t++) p.update({ ctx, provider: 'a', reward: 1, at: t });
    expect(p.drainChanges()).toEqual([]);
    let t = 200;
    while (p.estimates(ctx, ['a'])[0]!.mean > 0.5 && t < 260) p.update({ ctx, provider: 'a', reward: 0, at: t++ });
    const changes = p.drainChanges();
    expect(changes.map((c) => c.segment)).toEqual(['DE:262-01:standard', 'DE:*:standard', '*:*:standard', '*:*:*']);
    expect(changes[0]).toEqual({ segment: 'DE:262-01:standard', provider: 'a', at: t - 1, detector: 'page-hinkley' });
    expect(t - 200).toBeLessThan(20);
    expect(p.drainChanges()).toEqual([]);
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
    [{ kind: 'discounted-ts', version: '1', state: { levels: {}, chains: [] } }, 'state.levels must be an array'],
    [
      {
        kind: 'discounted-ts',
        version: '1',
        state: { levels: [{ key: 'k', step: '1', total: 0, epoch: 0, arms: [] }], chains: [] },
      },
      'state.levels[0].step must be a finite number',
    ],
    [
      {
        kind: 'discounted-ts',
        version: '1',
        state: { levels: [], chains: [{ segment: 'DE:*:standard', entries: [] }] },
      },
      'state.chains[0].segment must be a concrete segment key, got "DE:*:standard"',
    ],
  ])('restore rejects a malformed snapshot (%#)', (snapshot, message) => {
    const { policy: p } = policy();
    expect(() => p.restore(snapshot as never)).toThrow(new TypeError(message));
  });
});
