import { requireInteger } from '../health/config-checks.js';
import type { Guard, GuardVerdict } from './guard.js';
import { MAX_ATTEMPTS_CAP } from './retry-bounds-guard.js';
import { ALLOW } from './allow-verdict.js';

export interface FraudTierConfig {
  /** Refuse when fraudScore > denyAbove. Default 0.9. */
  readonly denyAbove: number;
  /** Premium routes only, with `premiumMaxAttempts`, when fraudScore > premiumOnlyAbove. Default 0.7 (the `high` fraud band starts here). */
  readonly premiumOnlyAbove: number;
  /** Attempt bound in the premium-only tier. Default 1. */
  readonly premiumMaxAttempts: number;
}

export const DEFAULT_FRAUD_TIER: FraudTierConfig = Object.freeze({
  denyAbove: 0.9,
  premiumOnlyAbove: 0.7,
  premiumMaxAttempts: 1,
});

function unit(name: string, value: number): number {
  if (!(typeof value === 'number' && value >= 0 && value <= 1))
    throw new RangeError(`${name} must be a number in [0, 1], got ${String(value)}`);
  return value;
}

/** @throws RangeError naming the offending field */
export function validateFraudTierConfig(config: FraudTierConfig): FraudTierConfig {
  unit('denyAbove', config.denyAbove);
  unit('premiumOnlyAbove', config.premiumOnlyAbove);
  if (config.premiumOnlyAbove > config.denyAbove) {
    throw new RangeError(`premiumOnlyAbove must be <= denyAbove (${config.denyAbove}), got ${config.premiumOnlyAbove}`);
  }
  requireInteger('premiumMaxAttempts', config.premiumMaxAttempts, 1, MAX_ATTEMPTS_CAP);
  return Object.freeze({ ...config });
}

/**
 * Fraud-score tiers. Thresholds are strict: score > denyAbove -> deny `fraud_score_too_high`;
 * score > premiumOnlyAbove -> narrow to premium candidates with maxAttempts
 * `premiumMaxAttempts` (a suspicious request gets one good shot, not a retry loop that an
 * SMS pumper would profit from); otherwise allow.
 * @throws RangeError on invalid configuration
 */
export function fraudTierGuard(options: Partial<FraudTierConfig> = {}): Guard {
  const config = validateFraudTierConfig({ ...DEFAULT_FRAUD_TIER, ...options });
  return {
    name: 'fraud-tier',
    check({ ctx, candidates }): GuardVerdict {
      const score = ctx.fraudScore;
      if (score > config.denyAbove)
        return { kind: 'deny', code: 'fraud_score_too_high', reason: `fraud score ${score} > ${config.denyAbove}` };
      if (score <= config.premiumOnlyAbove) return ALLOW;
      return {
        kind: 'narrow',
        removed: candidates
          .filter((c) => !c.premium)
          .map((c) => ({ provider: c.provider, reason: 'not a premium route' })),
        maxAttempts: config.premiumMaxAttempts,
        reason: `fraud score ${score} > ${config.premiumOnlyAbove}: premium routes only, at most ${config.premiumMaxAttempts} attempt(s)`,
      };
    },
  };
}
