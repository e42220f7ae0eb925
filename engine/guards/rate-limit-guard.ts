import type { Guard } from './guard.js';

/** Turns the precomputed rate-limit `CounterVerdict` into a `rate_limited` refusal with retryAfterMs. */
export function rateLimitGuard(): Guard {
  return {
    name: 'rate-limit',
    check({ rateLimit }) {
      if (!rateLimit?.limited) return { kind: 'allow' };
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
