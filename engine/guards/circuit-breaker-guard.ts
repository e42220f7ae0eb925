import type { Guard } from './guard.js';
import { ALLOW } from './allow-verdict.js';

/** Retry-After hint when every breaker is open: the base ejection time (circuit-breaker.ts defaults). */
export const ALL_OPEN_RETRY_AFTER_MS = 30_000;

/**
 * Removes candidates whose breaker is `open` (ejected, or half-open with its probe in flight).
 *
 * - Some open: they are removed; the rest carry the traffic.
 * - The only candidate left is open: it is kept. The last eligible provider is never ejected
 *   (Envoy's panic routing): a country served by one route must not go dark because of it.
 * - Several candidates, all open: the outage is systemic, so the request is refused with
 *   `no_eligible_provider` and a Retry-After of one base ejection time (the earliest a probe
 *   can be let through), instead of spending a send on every route known to be down.
 *
 * Runs last in the chain so "last" means last after every other guard.
 */
export function circuitBreakerGuard(): Guard {
  return {
    name: 'circuit-breaker',
    check({ candidates }) {
      if (!candidates.some((c) => c.breaker === 'open')) return ALLOW;
      const open = candidates.filter((c) => c.breaker === 'open');
      if (open.length < candidates.length) {
        return {
          kind: 'narrow',
          removed: open.map((c) => ({ provider: c.provider, reason: 'circuit breaker open' })),
          reason: 'providers with an open circuit breaker removed',
        };
      }
      if (candidates.length === 1) return ALLOW;
      return {
        kind: 'deny',
        code: 'no_eligible_provider',
        reason: `every provider's circuit breaker is open (${open.map((c) => c.provider).join(', ')})`,
        retryAfterMs: ALL_OPEN_RETRY_AFTER_MS,
      };
    },
  };
}
