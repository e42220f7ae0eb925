import { requireInteger } from '../health/config-checks.js';
import type { Guard, GuardVerdict } from './guard.js';

/** Hard cap on attempts per verification; no configuration may exceed it. */
export const MAX_ATTEMPTS_CAP = 5;

export interface RetryBoundsConfig {
  /** Attempts per verification, integer in [1, {@link MAX_ATTEMPTS_CAP}]. Default 3. */
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY_BOUNDS: RetryBoundsConfig = Object.freeze({ maxAttempts: 3 });

/** @throws RangeError naming `maxAttempts` */
export function validateRetryBoundsConfig(config: RetryBoundsConfig): RetryBoundsConfig {
  requireInteger('maxAttempts', config.maxAttempts, 1, MAX_ATTEMPTS_CAP);
  return Object.freeze({ ...config });
}

/**
 * Retry bounds: deny `max_attempts_reached` when tried.length >= maxAttempts; otherwise
 * narrow, removing providers already tried (failover goes to the next provider) and carrying
 * the bound as `maxAttempts`. It always narrows (possibly removing nothing) so the chain
 * learns the bound.
 * @throws RangeError on invalid configuration
 */
export function retryBoundsGuard(options: Partial<RetryBoundsConfig> = {}): Guard {
  const { maxAttempts } = validateRetryBoundsConfig({ ...DEFAULT_RETRY_BOUNDS, ...options });
  const reason = `at most ${maxAttempts} attempts, each through a provider not yet tried`;
  // A first attempt (the common case) has tried nothing: one shared verdict that removes nothing.
  const firstAttempt: GuardVerdict = Object.freeze({ kind: 'narrow', removed: Object.freeze([]), maxAttempts, reason });
  return {
    name: 'retry-bounds',
    check({ candidates, tried }) {
      if (tried.length >= maxAttempts) {
        return {
          kind: 'deny',
          code: 'max_attempts_reached',
          reason: `${tried.length} attempt(s) made, bound is ${maxAttempts}`,
        };
      }
      if (tried.length === 0) return firstAttempt;
      const removed = candidates
        .filter((c) => tried.includes(c.provider))
        .map((c) => ({ provider: c.provider, reason: 'already tried' }));
      return { kind: 'narrow', removed, maxAttempts, reason };
    },
  };
}
