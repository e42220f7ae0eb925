import type { RequestContext } from '../types.js';
import type { BernoulliEnvironment } from './policy-harness.js';
import { makeContext } from './policy-harness.js';

const MINUTE = 60_000;

/**
 * A context-dependent test world: provider `night` succeeds with 0.5 + 0.4 sin(2 pi h / 24)
 * and `day` with 0.5 - 0.4 sin(...), h the UTC hour, so `night` is best from 00:00 to 12:00
 * and `day` from 12:00 to 24:00, while both average 0.5 over a day (a context-blind policy
 * cannot beat 0.5 by much; the best contextual policy earns ~0.75). A third provider, `flat`,
 * succeeds with 0.45 at all hours. Requests arrive every 37 minutes.
 */
export const DAY_NIGHT_ENVIRONMENT: BernoulliEnvironment = Object.freeze({
  eligible: Object.freeze(['night', 'day', 'flat']),
  context: (t: number): RequestContext => makeContext({ at: makeContext().at + t * 37 * MINUTE }),
  successProbability(provider: string, ctx: RequestContext): number {
    const s = Math.sin((2 * Math.PI * (ctx.at % 86_400_000)) / 86_400_000);
    if (provider === 'night') return 0.5 + 0.4 * s;
    if (provider === 'day') return 0.5 - 0.4 * s;
    return 0.45;
  },
});
