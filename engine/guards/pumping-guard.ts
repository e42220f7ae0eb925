import type { Guard } from './guard.js';
import { ALLOW } from './allow-verdict.js';

/** Turns the precomputed pumping `CounterVerdict` (see `PrefixVelocity`) into a `pumping_suspected` refusal with retryAfterMs. */
export function pumpingGuard(): Guard {
  return {
    name: 'pumping',
    check({ pumping }) {
      if (!pumping?.limited) return ALLOW;
      const reason = `SMS pumping suspected (${pumping.scope ?? 'unspecified scope'}): many sends, few completions`;
      return {
        kind: 'deny',
        code: 'pumping_suspected',
        reason,
        ...(pumping.retryAfterMs !== undefined ? { retryAfterMs: pumping.retryAfterMs } : {}),
      };
    },
  };
}
