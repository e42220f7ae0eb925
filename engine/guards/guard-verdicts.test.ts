import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../types.js';
import { circuitBreakerGuard } from './circuit-breaker-guard.js';
import { countryRiskGuard } from './country-risk-guard.js';
import { fraudTierGuard } from './fraud-tier-guard.js';
import { geoPermissionGuard } from './geo-permission-guard.js';
import type { Candidate, Guard, GuardInput, GuardVerdict } from './guard.js';
import { pumpingGuard } from './pumping-guard.js';
import { rateLimitGuard } from './rate-limit-guard.js';
import { retryBoundsGuard } from './retry-bounds-guard.js';
import { windowBudgetGuard } from './window-budget-guard.js';

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
const POOL = [cand('a', { premium: true }), cand('b'), cand('c', { premium: true })];
const input = (over: Partial<GuardInput> = {}): GuardInput => ({
  ctx: ctx(),
  candidates: POOL,
  tried: [],
  remainingWindowMs: 300_000,
  ...over,
});

/** Compact form of a verdict for table assertions: kind, deny code or removed providers, maxAttempts. */
function summary(v: GuardVerdict): string {
  if (v.kind === 'allow') return 'allow';
  if (v.kind === 'deny') return `deny:${v.code}${v.retryAfterMs !== undefined ? `:${v.retryAfterMs}` : ''}`;
  return `narrow:[${v.removed.map((r) => r.provider).join(',')}]${v.maxAttempts !== undefined ? `:max=${v.maxAttempts}` : ''}`;
}

const cases: [string, Guard, GuardInput, string][] = [
  ['geo: no allow-list', geoPermissionGuard(), input(), 'allow'],
  ['geo: country allowed', geoPermissionGuard(), input({ allowedCountries: new Set(['DE', 'FR']) }), 'allow'],
  [
    'geo: country not allowed',
    geoPermissionGuard(),
    input({ allowedCountries: new Set(['FR']) }),
    'deny:geo_not_permitted',
  ],
  ['geo: empty allow-list', geoPermissionGuard(), input({ allowedCountries: new Set() }), 'deny:geo_not_permitted'],

  ['fraud: low score', fraudTierGuard(), input({ ctx: ctx({ fraudScore: 0.2 }) }), 'allow'],
  ['fraud: exactly 0.7 is not above', fraudTierGuard(), input({ ctx: ctx({ fraudScore: 0.7 }) }), 'allow'],
  [
    'fraud: 0.8 premium only, one attempt',
    fraudTierGuard(),
    input({ ctx: ctx({ fraudScore: 0.8 }) }),
    'narrow:[b]:max=1',
  ],
  ['fraud: exactly 0.9 is not above', fraudTierGuard(), input({ ctx: ctx({ fraudScore: 0.9 }) }), 'narrow:[b]:max=1'],
  ['fraud: 0.95 denied', fraudTierGuard(), input({ ctx: ctx({ fraudScore: 0.95 }) }), 'deny:fraud_score_too_high'],
  [
    'fraud: custom thresholds',
    fraudTierGuard({ denyAbove: 0.5, premiumOnlyAbove: 0.3 }),
    input({ ctx: ctx({ fraudScore: 0.6 }) }),
    'deny:fraud_score_too_high',
  ],
  [
    'fraud: custom premium bound',
    fraudTierGuard({ premiumMaxAttempts: 2 }),
    input({ ctx: ctx({ fraudScore: 0.75 }) }),
    'narrow:[b]:max=2',
  ],

  ['country-risk: unlisted is low', countryRiskGuard({ tiers: { NG: 'high' } }), input(), 'allow'],
  ['country-risk: listed low', countryRiskGuard({ tiers: { DE: 'low' } }), input(), 'allow'],
  ['country-risk: medium', countryRiskGuard({ tiers: { DE: 'medium' } }), input(), 'narrow:[]:max=2'],
  ['country-risk: high', countryRiskGuard({ tiers: { DE: 'high' } }), input(), 'narrow:[]:max=1'],
  [
    'country-risk: custom medium bound',
    countryRiskGuard({ tiers: { DE: 'medium' }, mediumMaxAttempts: 3 }),
    input(),
    'narrow:[]:max=3',
  ],

  ['retry: first attempt carries the bound', retryBoundsGuard(), input(), 'narrow:[]:max=3'],
  ['retry: removes tried providers', retryBoundsGuard(), input({ tried: ['a', 'c'] }), 'narrow:[a,c]:max=3'],
  ['retry: tried provider not in pool', retryBoundsGuard(), input({ tried: ['zz'] }), 'narrow:[]:max=3'],
  ['retry: bound reached', retryBoundsGuard(), input({ tried: ['a', 'b', 'c'] }), 'deny:max_attempts_reached'],
  [
    'retry: bound 1 reached',
    retryBoundsGuard({ maxAttempts: 1 }),
    input({ tried: ['a'] }),
    'deny:max_attempts_reached',
  ],
  [
    'retry: bound 5 not reached',
    retryBoundsGuard({ maxAttempts: 5 }),
    input({ tried: ['a', 'b', 'c', 'd'] }),
    'narrow:[a,b,c]:max=5',
  ],

  ['window: all fit', windowBudgetGuard(), input(), 'allow'],
  ['window: equal counts as fitting', windowBudgetGuard(), input({ remainingWindowMs: 5_000 }), 'allow'],
  [
    'window: slow one removed',
    windowBudgetGuard(),
    input({ candidates: [cand('a'), cand('b', { expectedDeliveryMs: 90_000 })], remainingWindowMs: 60_000 }),
    'narrow:[b]',
  ],
  ['window: none fits', windowBudgetGuard(), input({ remainingWindowMs: 4_999 }), 'deny:window_exhausted'],
  ['window: closed', windowBudgetGuard(), input({ remainingWindowMs: 0 }), 'deny:window_exhausted'],
  ['window: negative', windowBudgetGuard(), input({ remainingWindowMs: -10 }), 'deny:window_exhausted'],
  ['window: empty pool left to the chain', windowBudgetGuard(), input({ candidates: [] }), 'allow'],

  ['breaker: all closed', circuitBreakerGuard(), input(), 'allow'],
  [
    'breaker: half-open kept',
    circuitBreakerGuard(),
    input({ candidates: [cand('a', { breaker: 'half-open' })] }),
    'allow',
  ],
  [
    'breaker: open removed',
    circuitBreakerGuard(),
    input({ candidates: [cand('a', { breaker: 'open' }), cand('b'), cand('c', { breaker: 'open' })] }),
    'narrow:[a,c]',
  ],
  [
    'breaker: all of several open refuses with a retry hint',
    circuitBreakerGuard(),
    input({
      candidates: [cand('a', { breaker: 'open' }), cand('b', { breaker: 'open' }), cand('c', { breaker: 'open' })],
    }),
    'deny:no_eligible_provider:30000',
  ],
  [
    'breaker: the last provider is never removed',
    circuitBreakerGuard(),
    input({ candidates: [cand('a', { breaker: 'open' })] }),
    'allow',
  ],

  ['rate-limit: none given', rateLimitGuard(), input(), 'allow'],
  ['rate-limit: not limited', rateLimitGuard(), input({ rateLimit: { limited: false } }), 'allow'],
  [
    'rate-limit: limited',
    rateLimitGuard(),
    input({ rateLimit: { limited: true, scope: 'phone', retryAfterMs: 4_000 } }),
    'deny:rate_limited:4000',
  ],
  [
    'rate-limit: limited without retry hint',
    rateLimitGuard(),
    input({ rateLimit: { limited: true } }),
    'deny:rate_limited',
  ],
  ['pumping: none given', pumpingGuard(), input(), 'allow'],
  ['pumping: not limited', pumpingGuard(), input({ pumping: { limited: false } }), 'allow'],
  [
    'pumping: flagged',
    pumpingGuard(),
    input({ pumping: { limited: true, scope: 'prefix', retryAfterMs: 60_000 } }),
    'deny:pumping_suspected:60000',
  ],
];

describe('guard verdicts', () => {
  it.each(cases)('%s', (_name, guard, given, expected) => {
    expect(summary(guard.check(given))).toBe(expected);
  });

  it('every verdict other than allow carries a reason', () => {
    for (const [, guard, given] of cases) {
      const v = guard.check(given);
      if (v.kind !== 'allow') expect(v.reason.length).toBeGreaterThan(5);
    }
  });

  it('names the rate-limit scope in the reason', () => {
    const v = rateLimitGuard().check(input({ rateLimit: { limited: true, scope: 'tenant' } }));
    expect(v.kind === 'deny' && v.reason).toMatch(/tenant/);
  });

  it('names the open providers when every breaker is open', () => {
    const v = circuitBreakerGuard().check(
      input({ candidates: [cand('x', { breaker: 'open' }), cand('y', { breaker: 'open' })] }),
    );
    expect(v.kind === 'deny' && v.reason).toMatch(/every provider's circuit breaker is open \(x, y\)/);
  });
});
