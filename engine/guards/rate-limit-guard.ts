import type { Guard } from './guard.js';
import { ALLOW } from './allow-verdict.js';

/** Turns the precomputed rate-limit `CounterVerdict` into a `rate_limited` refusal with retryAfterMs. */
export function rateLimitGuard(): Guard {
  return {
    name: 'rate-limit',
    check({ rateLimit }) {
      if (!rateLimit?.limited) return ALLOW;
      const reason = `rate limit exceeded (${rateLimit.scope ?? 'unspecified scope'})`;
      return {
        kind: 'deny',
        code: 'rate_limited',
        reason,
        ...(rateLimit.retryAfterMs !== undefined ? { retryAfterMs: rateLimit.retryAfterMs } : {}),
      };
    },
  };
}
