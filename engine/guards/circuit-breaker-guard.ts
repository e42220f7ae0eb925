import type { Guard } from './guard.js';

/**
 * Removes candidates whose breaker is `open` (ejected, or half-open with its probe in
 * flight). It never removes the last eligible provider: when every remaining candidate is
 * open it keeps the first one in candidate order (the routing table's preference), because a
 * degraded provider is better than a refused user and candidates carry no re-open time to
 * rank by. Runs last in the chain so "last" means last after every other guard.
 */
export function circuitBreakerGuard(): Guard {
  return {
    name: 'circuit-breaker',
    check({ candidates }) {
      const open = candidates.filter((c) => c.breaker === 'open');
      if (open.length === 0) return { kind: 'allow' };
      const allOpen = open.length === candidates.length;
      const removed = (allOpen ? open.slice(1) : open).map((c) => ({
        provider: c.provider,
        reason: 'circuit breaker open',
      }));
      if (removed.length === 0) return { kind: 'allow' };
      const kept = allOpen ? `; every breaker is open, kept ${open[0]?.provider} as the last provider` : '';
      return { kind: 'narrow', removed, reason: `providers with an open circuit breaker removed${kept}` };
    },
  };
}
