import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../rng.js';
import type { AttemptOutcome, RequestContext } from '../types.js';
import { CompletionModel, completionModelConfig } from './completion-model.js';
import { DEFAULT_REWARD_WEIGHTS } from './reward-weights.js';
import { reward } from './reward.js';

const T0 = 1_767_571_200_000;
const ctx: RequestContext = {
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard',
  action: 'login',
  tenant: 'acme',
  fraudScore: 0.05,
  windowMs: 300_000,
  at: T0,
};

/** Users complete with a probability that depends only on how long the code took to land. */
const patience = (landedMs: number): number => (landedMs < 10_000 ? 0.95 : landedMs < 30_000 ? 0.7 : 0.3);

interface Carrier {
  /** Delivery probability, landing delay (ms) draw, price; `fakeReceipts`: receipts without delivery; `noReceipts`. */
  readonly delivery: number;
  readonly delay: (random: () => number) => number;
  readonly cost: number;
  readonly fakeReceipts?: boolean;
  readonly noReceipts?: boolean;
}

/** One attempt's outcome under `carrier`, as the reducer would settle it. */
function attempt(carrier: Carrier, random: () => number): AttemptOutcome {
  const base = { accepted: true, cost: carrier.cost, windowMs: 300_000, country: 'DE' };
  const delivered = random() < carrier.delivery;
  const landed = carrier.delay(random);
  const typing = 4_000 + 8_000 * random();
  if (carrier.fakeReceipts) {
    return { ...base, delivered: true, completed: false, latencyMs: 300_000, signalMs: landed };
  }
  if (!delivered) return { ...base, delivered: false, completed: false, latencyMs: 300_000 };
  const completed = random() < patience(landed);
  const receipt = carrier.noReceipts ? undefined : landed + 700;
  const completion = completed ? landed + typing : undefined;
  const signal = Math.min(receipt ?? Infinity, completion ?? Infinity);
  return {
    ...base,
    delivered: receipt !== undefined,
    completed,
    latencyMs: completed ? landed + typing : 300_000,
    ...(signal !== Infinity ? { signalMs: signal } : {}),
  };
}

const W = DEFAULT_REWARD_WEIGHTS;
const actualReward = (o: AttemptOutcome): number => reward(o, W);

/** Feeds `rounds` attempts of each carrier in turn; returns per carrier mean and variance of actual and learning rewards. */
function feed(model: CompletionModel, carriers: Record<string, Carrier>, rounds: number, seed = 1) {
  const random = mulberry32(seed);
  const stats: Record<string, { actual: number[]; learned: number[] }> = {};
  for (let i = 0; i < rounds; i++) {
    for (const [name, carrier] of Object.entries(carriers)) {
      const o = attempt(carrier, random);
      const actual = actualReward(o);
      const learned = model.learningReward(ctx, name, o, actual, DEFAULT_REWARD_WEIGHTS, T0 + i * 1_000);
      const s = (stats[name] ??= { actual: [], learned: [] });
      s.actual.push(actual);
      s.learned.push(learned);
    }
  }
  const summary = (xs: number[]) => {
    const tail = xs.slice(Math.floor(xs.length / 5));
    const mean = tail.reduce((a, b) => a + b, 0) / tail.length;
    return { mean, variance: tail.reduce((a, b) => a + (b - mean) ** 2, 0) / tail.length };
  };
  return Object.fromEntries(
    Object.entries(stats).map(([name, s]) => [name, { actual: summary(s.actual), learned: summary(s.learned) }]),
  );
}

/** A completed attempt whose code landed 3 s after the request. */
const LANDED_3S: AttemptOutcome = {
  accepted: true,
  delivered: true,
  completed: true,
  latencyMs: 9_000,
  cost: 0.05,
  windowMs: 300_000,
  country: 'DE',
  signalMs: 3_000,
};

const fast: Carrier = { delivery: 0.97, delay: (r) => 2_000 + 6_000 * r(), cost: 0.05 };
const slow: Carrier = { delivery: 0.99, delay: (r) => 8_000 + 30_000 * r(), cost: 0.02 };

describe('CompletionModel', () => {
  it('keeps each provider’s mean reward and removes most of the variance the user adds', () => {
    const model = new CompletionModel({ halfLifeMs: Infinity });
    const s = feed(model, { fast, slow }, 20_000);
    for (const name of ['fast', 'slow']) {
      const { actual, learned } = s[name]!;
      expect(Math.abs(learned.mean - actual.mean)).toBeLessThan(0.01);
      expect(learned.variance).toBeLessThan(0.6 * actual.variance);
    }
    // The ordering the policy must learn is preserved: fast lands early enough to be worth its price.
    expect(s.fast!.learned.mean - s.slow!.learned.mean).toBeCloseTo(s.fast!.actual.mean - s.slow!.actual.mean, 1);
  });

  it('learns the completion rate per landing delay, shared by every provider', () => {
    const model = new CompletionModel({ halfLifeMs: Infinity });
    feed(model, { fast, slow }, 20_000);
    expect(model.completionRate(5_000, T0)).toBeCloseTo(0.95, 1);
    expect(model.completionRate(22_000, T0)).toBeCloseTo(0.7, 1);
  });

  it('passes the actual reward through while a delay bucket is thin, and for attempts that never landed', () => {
    const model = new CompletionModel({ minSamples: 30 });
    const random = mulberry32(2);
    for (let i = 0; i < 29; i++) {
      const o = attempt(fast, random);
      const r = actualReward(o);
      expect(model.learningReward(ctx, 'fast', o, r, W, T0)).toBe(r);
    }
    const lost: AttemptOutcome = {
      accepted: true,
      delivered: false,
      completed: false,
      latencyMs: 300_000,
      cost: 0.05,
      windowMs: 300_000,
      country: 'DE',
    };
    expect(model.learningReward(ctx, 'fast', lost, 0, W, T0)).toBe(0);
  });

  it('stops trusting receipts that users never confirm (a route faking delivery)', () => {
    const model = new CompletionModel({ halfLifeMs: Infinity });
    const fake: Carrier = { delivery: 1, delay: (r) => 1_500 + 1_000 * r(), cost: 0.01, fakeReceipts: true };
    const s = feed(model, { fast, fake }, 5_000);
    expect(s.fake!.actual.mean).toBe(0);
    expect(s.fake!.learned.mean).toBeLessThan(0.02);
    // And says so: the fake route's ratio is its (zero) completions over what its receipts predicted.
    const view = model.view(T0 + 5_000 * 1_000);
    const ratio = (p: string) => view.calibration.find((c) => c.provider === p)?.ratio;
    expect(ratio('fake')).toBe(0);
    // The fake receipts also dragged down q in the delay buckets both routes land in, so the honest
    // route completes more than q predicts and is corrected up by the same mechanism.
    expect(ratio('fast')).toBeGreaterThan(1);
    expect(view.buckets).toHaveLength(18);
    expect(view.buckets[0]).toMatchObject({ fromMs: 0, toMs: 2_000 });
    expect(view.buckets.at(-1)).toMatchObject({ fromMs: 300_000, toMs: null });
    expect(Math.abs(s.fast!.learned.mean - s.fast!.actual.mean)).toBeLessThan(0.01);
  });

  it('credits a route that sends no receipts fully for its completions', () => {
    const model = new CompletionModel({ halfLifeMs: Infinity });
    // Its completions (6-20 s after the request) share delay buckets with slow's receipts.
    const silent: Carrier = { ...fast, noReceipts: true };
    const s = feed(model, { slow, silent }, 10_000);
    expect(Math.abs(s.silent!.learned.mean - s.silent!.actual.mean)).toBeLessThan(0.015);
    expect(Math.abs(s.slow!.learned.mean - s.slow!.actual.mean)).toBeLessThan(0.015);
  });

  it('does not learn from suspicious requests (pumped numbers never complete)', () => {
    const model = new CompletionModel({ minSamples: 1 });
    const o: AttemptOutcome = { ...LANDED_3S, completed: false, latencyMs: 300_000 };
    model.learningReward({ ...ctx, fraudScore: 0.9 }, 'fast', o, 0, W, T0);
    expect(model.completionRate(3_000, T0)).toBeUndefined();
    model.learningReward(ctx, 'fast', o, 0, W, T0);
    expect(model.completionRate(3_000, T0)).toBe(0);
  });

  it('forgets with the half-life', () => {
    const model = new CompletionModel({ halfLifeMs: 3_600_000, minSamples: 10 });
    const o = LANDED_3S;
    for (let i = 0; i < 16; i++) model.learningReward(ctx, 'fast', o, 1, W, T0);
    expect(model.completionRate(3_000, T0)).toBe(1);
    // 16 attempts are worth 8 an hour later and 4 after two: below minSamples.
    expect(model.completionRate(3_000, T0 + 3_600_000 * 0.5)).toBe(1);
    expect(model.completionRate(3_000, T0 + 3_600_000 * 2)).toBeUndefined();
    // Far later (past the forward-decay rebase), new evidence counts from scratch, without overflow.
    const later = T0 + 3_600_000 * 100;
    const miss = { ...o, completed: false, latencyMs: 300_000 };
    for (let i = 0; i < 10; i++) model.learningReward(ctx, 'fast', miss, 0, W, later);
    expect(model.completionRate(3_000, later)).toBeCloseTo(0, 20);
  });

  it('shows an empty model before anything landed, and reading it changes nothing', () => {
    const model = new CompletionModel({ minSamples: 2 });
    expect(model.view(T0).buckets.every((b) => b.attempts === 0 && b.completionRate === null)).toBe(true);
    const o = LANDED_3S;
    for (let i = 0; i < 2; i++) model.learningReward(ctx, 'fast', o, 1, W, T0);
    const before = model.view(T0);
    model.view(T0 + 1e12);
    expect(model.completionRate(3_000, T0 + 1e12)).toBeUndefined();
    expect(model.view(T0)).toEqual(before);
    expect(model.completionRate(3_000, T0)).toBe(1);
    expect(before.buckets.find((b) => b.fromMs === 2_000)).toMatchObject({ attempts: 2, completionRate: 1 });
  });

  it('restores from a JSON snapshot to a model that answers bit for bit the same, and keeps learning alike', () => {
    const model = new CompletionModel({ halfLifeMs: 3_600_000 });
    const fake: Carrier = { delivery: 1, delay: (r) => 1_500 + 1_000 * r(), cost: 0.01, fakeReceipts: true };
    feed(model, { fast, slow, fake }, 3_000);
    const at = T0 + 3_000 * 1_000;
    const copy = CompletionModel.restore(JSON.parse(JSON.stringify(model.snapshot())), { halfLifeMs: 3_600_000 });
    expect(copy.view(at)).toEqual(model.view(at));
    // The calibration survived too: the fake route is still discounted to nothing.
    expect(copy.view(at).calibration.find((c) => c.provider === 'fake')?.ratio).toBe(0);
    const random = mulberry32(9);
    for (let i = 0; i < 500; i++) {
      const o = attempt(i % 2 ? fast : fake, random);
      const t = at + i * 60_000;
      const name = i % 2 ? 'fast' : 'fake';
      expect(copy.learningReward(ctx, name, o, actualReward(o), W, t)).toBe(model.learningReward(ctx, name, o, actualReward(o), W, t));
    }
    expect(copy.snapshot()).toEqual(model.snapshot());
    // An empty model round-trips as empty.
    const empty = CompletionModel.restore(new CompletionModel().snapshot());
    expect(empty.view(T0)).toEqual(new CompletionModel().view(T0));
  });

  it('rejects a malformed snapshot, naming what is wrong', () => {
    const good = new CompletionModel({ minSamples: 1 });
    good.learningReward(ctx, 'fast', LANDED_3S, 1, W, T0);
    const snap = good.snapshot();
    const state = snap.state;
    expect(() => CompletionModel.restore({ ...snap, kind: 'health-registry' } as never)).toThrow(/completion-model snapshot/);
    expect(() => CompletionModel.restore({ ...snap, state: { ...state, buckets: state.buckets.slice(1) } })).toThrow(
      /state.buckets must hold 18 delay buckets, got 17/,
    );
    const negative = state.buckets.map((b, i) => (i === 1 ? ([b[0], -1, b[2]] as const) : b));
    expect(() => CompletionModel.restore({ ...snap, state: { ...state, buckets: negative } })).toThrow(/state.buckets\[1\].b must be a finite number >= 0/);
    expect(() => CompletionModel.restore({ ...snap, state: { ...state, clock: null } })).toThrow(/state.ref and state.clock/);
    expect(() =>
      CompletionModel.restore({ ...snap, state: { ...state, calibration: [{ country: 'DE', provider: 'p', sums: [1, 2] as never }] } }),
    ).toThrow(/state.calibration\[0\].sums must be \[a, b, c\]/);
  });

  it('rejects invalid settings, naming them', () => {
    expect(() => completionModelConfig({ halfLifeMs: 10 })).toThrow(/halfLifeMs/);
    expect(() => completionModelConfig({ minSamples: 0.5 })).toThrow(/minSamples/);
    expect(() => completionModelConfig({ calibrationSd: 0 })).toThrow(/calibrationSd/);
    expect(completionModelConfig({}).minSamples).toBe(30);
  });
});
