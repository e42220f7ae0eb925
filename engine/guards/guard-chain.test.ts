import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../types.js';
import { defaultGuards } from './default-guards.js';
import type { Candidate, Guard, GuardInput } from './guard.js';
import { GUARD_ORDER, orderGuards, runGuards, runOrderedGuards } from './guard-chain.js';

const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({
  country: 'DE',
  operator: '262-01',
  routeClass: 'standard',
  action: 'login',
  tenant: 't1',
  fraudScore: 0.1,
  windowMs: 300_000,
  at: 0,
  ...over,
});
const cand = (provider: string, over: Partial<Candidate> = {}): Candidate => ({
  provider,
  premium: false,
  expectedDeliveryMs: 5_000,
  breaker: 'closed',
  ...over,
});
const input = (over: Partial<GuardInput> = {}): GuardInput => ({
  ctx: ctx(),
  candidates: [cand('a', { premium: true }), cand('b'), cand('c', { premium: true })],
  tried: [],
  remainingWindowMs: 300_000,
  ...over,
});
const chain = defaultGuards({ countryRisk: { tiers: { NG: 'high', ID: 'medium' } } });
const eligibleOf = (r: ReturnType<typeof runGuards>) =>
  r.outcome === 'allow' ? r.eligible.map((c) => c.provider) : r.code;

describe('runGuards', () => {
  it('has this fixed order', () => {
    expect(GUARD_ORDER).toEqual([
      'geo-permission',
      'fraud-tier',
      'country-risk',
      'rate-limit',
      'pumping',
      'retry-bounds',
      'window-budget',
      'circuit-breaker',
    ]);
    expect(chain.map((g) => g.name)).toEqual([...GUARD_ORDER]);
  });

  it('says the routing table has no route when the list was empty from the start, not which guard saw it empty', () => {
    const r = runGuards(chain, input({ ctx: ctx({ routeClass: 'premium' }), candidates: [] }));
    expect(r).toMatchObject({
      outcome: 'deny',
      code: 'no_eligible_provider',
      reason: 'the routing table has no premium route to DE',
    });
    // A guard that empties a non-empty list is still named.
    const tried = runGuards(chain, input({ candidates: [cand('a')], tried: ['a'] }));
    expect(tried).toMatchObject({ outcome: 'deny', code: 'no_eligible_provider' });
    expect(tried.outcome === 'deny' && tried.reason).toMatch(/^no provider left after retry-bounds: /);
    // A deny of an earlier guard still wins over an empty list.
    expect(runGuards(chain, input({ ctx: ctx({ fraudScore: 0.95 }), candidates: [] }))).toMatchObject({
      code: 'fraud_score_too_high',
    });
  });

  it('applies guards in GUARD_ORDER whatever order they are given in', () => {
    const shuffled = [chain[7]!, chain[2]!, chain[5]!, chain[0]!, chain[6]!, chain[1]!, chain[4]!, chain[3]!];
    const r = runGuards(shuffled, input());
    expect(r.applied.map((a) => a.guard)).toEqual([...GUARD_ORDER]);
  });

  it('runs guards with other names just before the circuit breaker, keeping their order', () => {
    const custom = (name: string): Guard => ({ name, check: () => ({ kind: 'allow' }) });
    const names = orderGuards([custom('x'), ...chain, custom('y')]).map((g) => g.name);
    expect(names).toEqual([...GUARD_ORDER.slice(0, 7), 'x', 'y', 'circuit-breaker']);
  });

  it.each<[string, Partial<GuardInput>, string | string[], number?]>([
    ['plain request', {}, ['a', 'b', 'c'], 3],
    ['failover skips tried providers', { tried: ['a'] }, ['b', 'c'], 3],
    ['high fraud: premium only, one attempt', { ctx: ctx({ fraudScore: 0.8 }) }, ['a', 'c'], 1],
    [
      'high fraud second attempt refused by the tightened bound',
      { ctx: ctx({ fraudScore: 0.8 }), tried: ['a'] },
      'max_attempts_reached',
    ],
    ['high-risk country: one attempt', { ctx: ctx({ country: 'NG', operator: '621-20' }) }, ['a', 'b', 'c'], 1],
    [
      'medium-risk country after one attempt',
      { ctx: ctx({ country: 'ID', operator: '510-10' }), tried: ['b'] },
      ['a', 'c'],
      2,
    ],
    [
      'geo refusal comes first',
      { allowedCountries: new Set(['FR']), ctx: ctx({ fraudScore: 0.99 }) },
      'geo_not_permitted',
    ],
    [
      'fraud refusal before rate limit',
      { ctx: ctx({ fraudScore: 0.99 }), rateLimit: { limited: true } },
      'fraud_score_too_high',
    ],
    ['rate limit before pumping', { rateLimit: { limited: true }, pumping: { limited: true } }, 'rate_limited'],
    ['pumping', { pumping: { limited: true, retryAfterMs: 9 } }, 'pumping_suspected'],
    ['all tried', { tried: ['a', 'b', 'c'] }, 'max_attempts_reached'],
    [
      'every provider tried within the bound',
      { tried: ['a', 'b', 'c'], candidates: [cand('a'), cand('b'), cand('c'), cand('d')] },
      'max_attempts_reached',
    ],
    [
      'nothing left after retry bounds',
      { tried: ['a', 'b'], candidates: [cand('a'), cand('b')] },
      'no_eligible_provider',
    ],
    [
      'premium-only with no premium provider',
      { ctx: ctx({ fraudScore: 0.8 }), candidates: [cand('b')] },
      'no_eligible_provider',
    ],
    ['window too short', { remainingWindowMs: 1_000 }, 'window_exhausted'],
    ['no candidates at all', { candidates: [] }, 'no_eligible_provider'],
    ['open breaker removed', { candidates: [cand('a', { breaker: 'open' }), cand('b')] }, ['b'], 3],
    [
      'last untried provider kept although open',
      { tried: ['b'], candidates: [cand('a', { breaker: 'open' }), cand('b')] },
      ['a'],
      3,
    ],
    [
      'slow provider removed, open one kept as the last',
      { candidates: [cand('a', { breaker: 'open' }), cand('b', { expectedDeliveryMs: 400_000 })] },
      ['a'],
      3,
    ],
  ])('%s', (_name, over, expected, maxAttempts) => {
    const r = runGuards(chain, input(over));
    expect(eligibleOf(r)).toEqual(expected);
    if (maxAttempts !== undefined) expect(r.outcome === 'allow' && r.maxAttempts).toBe(maxAttempts);
  });

  it('passes retryAfterMs of a counter refusal through', () => {
    const r = runGuards(chain, input({ rateLimit: { limited: true, scope: 'ip', retryAfterMs: 1_234 } }));
    expect(r).toMatchObject({ outcome: 'deny', code: 'rate_limited', retryAfterMs: 1_234 });
    expect(r.applied.map((a) => a.guard)).toEqual(['geo-permission', 'fraud-tier', 'country-risk', 'rate-limit']);
  });

  it('lets each guard see the candidates left by the previous ones', () => {
    const seen: string[][] = [];
    const spy: Guard = {
      name: 'spy',
      check: ({ candidates }) => (seen.push(candidates.map((c) => c.provider)), { kind: 'allow' }),
    };
    const candidates = [cand('a'), cand('b', { expectedDeliveryMs: 90_000 }), cand('c')];
    runGuards([...chain, spy], input({ tried: ['c'], candidates, remainingWindowMs: 60_000 }));
    expect(seen).toEqual([['a']]);
  });

  it('never mutates its input', () => {
    const given = input({ tried: ['a'] });
    const frozen = Object.freeze({
      ...given,
      candidates: Object.freeze(given.candidates.map((c) => Object.freeze({ ...c }))),
      tried: Object.freeze(['a']),
    });
    const r = runGuards(chain, frozen);
    expect(eligibleOf(r)).toEqual(['b', 'c']);
    expect(frozen.candidates.map((c) => c.provider)).toEqual(['a', 'b', 'c']);
  });

  it('keeps candidate order in the result (ties broken by the routing table order)', () => {
    const r = runGuards(chain, input({ candidates: [cand('z'), cand('m'), cand('a')] }));
    expect(eligibleOf(r)).toEqual(['z', 'm', 'a']);
  });

  it.each([
    ['a first attempt', input()],
    ['a failover', input({ tried: ['a'] })],
    [
      'a slow candidate',
      input({ candidates: [cand('a'), cand('b', { expectedDeliveryMs: 90_000 })], remainingWindowMs: 60_000 }),
    ],
    ['a refusal', input({ ctx: ctx({ fraudScore: 0.99 }) })],
  ])('gives the same result when the chain is ordered once up front (%s)', (_name, given) => {
    const shuffled = [chain[7]!, chain[2]!, chain[5]!, chain[0]!, chain[6]!, chain[1]!, chain[4]!, chain[3]!];
    expect(runOrderedGuards(orderGuards(shuffled), given)).toEqual(runGuards(shuffled, given));
  });
});
