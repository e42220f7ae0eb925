import { mulberry32 } from '../rng.js';
import type { EngineDeps, ProviderId, RequestContext } from '../types.js';
import type { Policy, Selection } from './policy.js';

/**
 * Seeded drivers for policy tests and quick experiments (MABWiser's `BaseTest.predict`
 * idea): every run is reproducible from its seeds, the environment's RNG is separate
 * from the policy's.
 */

const BASE_CONTEXT: RequestContext = Object.freeze({
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard',
  action: 'login',
  tenant: 'acme',
  fraudScore: 0.1,
  windowMs: 120_000,
  // 2025-01-06T12:00:00Z
  at: 1_736_164_800_000,
});

/** A valid request context; override any field. */
export function makeContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return { ...BASE_CONTEXT, ...overrides };
}

/** Deps with a fixed clock and a mulberry32 RNG. */
export function seededDeps(seed: number, now = BASE_CONTEXT.at): EngineDeps {
  const random = mulberry32(seed);
  return { now: () => now, random };
}

/** Deps whose RNG can be re-seeded mid-run, to continue two policies from the same RNG state. */
export function reseedableDeps(seed: number): EngineDeps & { reseed(seed: number): void } {
  let random = mulberry32(seed);
  return { now: () => BASE_CONTEXT.at, random: () => random(), reseed: (next) => void (random = mulberry32(next)) };
}

export interface BernoulliEnvironment {
  readonly eligible: readonly ProviderId[];
  /** Success probability of `provider` for request `t`. */
  successProbability(provider: ProviderId, ctx: RequestContext, t: number): number;
  /** Context of request `t` (default: the base context). */
  context?(t: number): RequestContext;
}

export interface RunResult {
  readonly selections: Selection[];
  readonly rewards: number[];
  readonly totalReward: number;
}

/** Runs `rounds` select/update cycles with 0/1 rewards drawn from `envSeed`; rewards settle immediately. */
export function runBernoulli(policy: Policy, env: BernoulliEnvironment, rounds: number, envSeed: number): RunResult {
  const random = mulberry32(envSeed);
  const selections: Selection[] = [];
  const rewards: number[] = [];
  let totalReward = 0;
  for (let t = 0; t < rounds; t++) {
    const ctx = env.context ? env.context(t) : BASE_CONTEXT;
    const selection = policy.select(ctx, env.eligible);
    const reward = random() < env.successProbability(selection.provider, ctx, t) ? 1 : 0;
    policy.update({ ctx, provider: selection.provider, reward, at: ctx.at });
    selections.push(selection);
    rewards.push(reward);
    totalReward += reward;
  }
  return { selections, rewards, totalReward };
}

/** Share of `selections` (from index `from`) that chose `provider`. */
export function pickShare(selections: readonly Selection[], provider: ProviderId, from = 0): number {
  const tail = selections.slice(from);
  return tail.filter((s) => s.provider === provider).length / Math.max(1, tail.length);
}
