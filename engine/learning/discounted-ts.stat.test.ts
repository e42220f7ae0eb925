import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../rng.js';
import type { RequestContext } from '../types.js';
import { createDiscountedTsPolicy, discountedTsConfig } from './discounted-ts.js';
import type { ChangeEvent } from './policy.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const IDS = ['a', 'b', 'c'] as const;
/** Levels of the test segment that run a change detector (segment, country x class). */
const CHAIN = ['DE:262-01:standard', 'DE:*:standard'];
const ctx: RequestContext = {
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard',
  action: 'login',
  tenant: 't',
  fraudScore: 0,
  windowMs: 60_000,
  at: 0,
};

/** Index chosen by a reference baseline given its own RNG; rewards are Bernoulli(means[i]). */
type Baseline = (
  random: () => number,
  pulls: readonly number[],
  sums: readonly number[],
  windows: readonly number[][],
) => number;

function bestBy(score: (i: number) => number): number {
  let best = 0;
  for (let i = 1; i < IDS.length; i++) if (score(i) > score(best)) best = i;
  return best;
}

/** Epsilon-greedy, epsilon 0.1; untried arms count as mean 1. */
const epsilonGreedy: Baseline = (random, pulls, sums) =>
  random() < 0.1
    ? Math.floor(random() * IDS.length)
    : bestBy((i) => ((pulls[i] ?? 0) > 0 ? (sums[i] ?? 0) / (pulls[i] ?? 1) : 1));

/** Sliding-window success rate: last 125 outcomes per arm, 5% uniform hedging, else best windowed mean. */
const slidingWindow: Baseline = (random, _pulls, _sums, windows) =>
  random() < 0.05
    ? Math.floor(random() * IDS.length)
    : bestBy((i) => {
        const w = windows[i] ?? [];
        return w.length > 0 ? w.reduce((s, x) => s + x, 0) / w.length : 1;
      });

function baselineRegret(choose: Baseline, seed: number, means: readonly number[], decisions: number): number {
  const random = mulberry32(seed);
  const env = mulberry32(seed * 7919 + 1);
  const pulls = [0, 0, 0];
  const sums = [0, 0, 0];
  const windows: number[][] = [[], [], []];
  let regret = 0;
  for (let t = 0; t < decisions; t++) {
    const i = choose(random, pulls, sums, windows);
    const x = env() < (means[i] ?? 0) ? 1 : 0;
    regret += Math.max(...means) - (means[i] ?? 0);
    pulls[i] = (pulls[i] ?? 0) + 1;
    sums[i] = (sums[i] ?? 0) + x;
    const w = windows[i] ?? [];
    w.push(x);
    if (w.length > 125) w.shift();
  }
  return regret / decisions;
}

/** Runs the default policy; `observe` sees each decision's probability vector. */
function runPolicy(
  seed: number,
  means: (t: number) => readonly number[],
  decisions: number,
  observe?: (t: number, probabilityOfA: number) => void,
) {
  const policy = createDiscountedTsPolicy(discountedTsConfig(), { now: () => 0, random: mulberry32(seed) });
  const env = mulberry32(seed * 7919 + 1);
  let regret = 0;
  const changes: ChangeEvent[] = [];
  for (let t = 0; t < decisions; t++) {
    const m = means(t);
    const s = policy.select(ctx, IDS);
    const i = IDS.indexOf(s.provider as (typeof IDS)[number]);
    regret += Math.max(...m) - (m[i] ?? 0);
    observe?.(t, s.probabilities.a ?? 0);
    policy.update({ ctx, provider: s.provider, reward: env() < (m[i] ?? 0) ? 1 : 0, at: t });
    changes.push(...policy.drainChanges());
  }
  return { regret: regret / decisions, changes };
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

describe('discounted-ts defaults (statistical, 20 seeds)', () => {
  it('stationary 0.90 / 0.85 / 0.70: lower average regret than epsilon-greedy and sliding-window, few false alarms', () => {
    const means = [0.9, 0.85, 0.7];
    const runs = SEEDS.map((seed) => runPolicy(seed, () => means, 5000));
    const dts = mean(runs.map((r) => r.regret));
    const eps = mean(SEEDS.map((seed) => baselineRegret(epsilonGreedy, seed, means, 5000)));
    const sw = mean(SEEDS.map((seed) => baselineRegret(slidingWindow, seed, means, 5000)));
    expect(dts).toBeLessThan(eps);
    expect(dts).toBeLessThan(sw);
    expect(runs.filter((r) => r.changes.length > 0).length).toBeLessThanOrEqual(2);
  });

  it('abrupt change 0.95 -> 0.30 after 2,000 decisions: median reroute (<10% of traffic on the failed arm over 50 decisions) <= 200', () => {
    const before = [0.95, 0.8, 0.75];
    const after = [0.3, 0.8, 0.75];
    const delays: number[] = [];
    let detected = 0;
    for (const seed of SEEDS) {
      const window: number[] = [];
      let delay = Infinity;
      const { changes } = runPolicy(
        seed,
        (t) => (t < 2000 ? before : after),
        2600,
        (t, pa) => {
          if (t < 2000 || delay !== Infinity) return;
          window.push(pa);
          if (window.length > 50) window.shift();
          if (window.length === 50 && mean(window) < 0.1) delay = t - 2000 + 1;
        },
      );
      delays.push(delay);
      if (changes.some((c) => c.provider === 'a' && CHAIN.includes(c.segment) && c.at >= 2000)) detected++;
    }
    expect(median(delays)).toBeLessThanOrEqual(200);
    expect(detected).toBeGreaterThanOrEqual(18);
  });
});
