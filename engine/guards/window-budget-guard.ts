import type { Guard } from './guard.js';
import { ALLOW } from './allow-verdict.js';

/**
 * Window budget: removes candidates whose expectedDeliveryMs exceeds remainingWindowMs (the
 * code would arrive after it expired); denies `window_exhausted` when remainingWindowMs <= 0
 * or when no candidate fits. An empty candidate list is left to the chain.
 */
export function windowBudgetGuard(): Guard {
  return {
    name: 'window-budget',
    check({ candidates, remainingWindowMs }) {
      if (remainingWindowMs <= 0)
        return { kind: 'deny', code: 'window_exhausted', reason: 'the verification window has closed' };
      if (!candidates.some((c) => c.expectedDeliveryMs > remainingWindowMs)) return ALLOW;
      const late = candidates.filter((c) => c.expectedDeliveryMs > remainingWindowMs);
      if (late.length === candidates.length) {
        return {
          kind: 'deny',
          code: 'window_exhausted',
          reason: `no provider is expected to deliver within the remaining ${remainingWindowMs} ms`,
        };
      }
      return {
        kind: 'narrow',
        removed: late.map((c) => ({
          provider: c.provider,
          reason: `expected delivery ${Math.round(c.expectedDeliveryMs)} ms > remaining ${remainingWindowMs} ms`,
        })),
        reason: 'providers too slow for the remaining window removed',
      };
    },
  };
}
