import { requireInteger } from '../health/config-checks.js';
import type { Guard } from './guard.js';
import { MAX_ATTEMPTS_CAP } from './retry-bounds-guard.js';
import { ALLOW } from './allow-verdict.js';

export const COUNTRY_RISKS = ['low', 'medium', 'high'] as const;
export type CountryRisk = (typeof COUNTRY_RISKS)[number];

export interface CountryRiskConfig {
  /** Risk tier per ISO 3166-1 alpha-2 country; countries not listed are `low`. Default none. */
  readonly tiers: Readonly<Record<string, CountryRisk>>;
  /** Attempt bound for `medium` countries. Default 2. */
  readonly mediumMaxAttempts: number;
  /** Attempt bound for `high` countries, <= mediumMaxAttempts. Default 1. */
  readonly highMaxAttempts: number;
}

export const DEFAULT_COUNTRY_RISK: CountryRiskConfig = Object.freeze({
  tiers: Object.freeze({}),
  mediumMaxAttempts: 2,
  highMaxAttempts: 1,
});

const COUNTRY = /^[A-Z]{2}$/;

/** @throws TypeError for a bad country code or tier, RangeError for bad bounds; each names the field */
export function validateCountryRiskConfig(config: CountryRiskConfig): CountryRiskConfig {
  if (typeof config.tiers !== 'object' || config.tiers === null)
    throw new TypeError('tiers must be an object mapping country to low | medium | high');
  for (const [country, tier] of Object.entries(config.tiers)) {
    if (!COUNTRY.test(country))
      throw new TypeError(`tiers keys must be ISO 3166-1 alpha-2 codes (e.g. "DE"), got "${country}"`);
    if (!COUNTRY_RISKS.includes(tier))
      throw new TypeError(`tiers.${country} must be one of ${COUNTRY_RISKS.join(', ')}, got "${String(tier)}"`);
  }
  requireInteger('mediumMaxAttempts', config.mediumMaxAttempts, 1, MAX_ATTEMPTS_CAP);
  requireInteger('highMaxAttempts', config.highMaxAttempts, 1, config.mediumMaxAttempts);
  return Object.freeze({ ...config, tiers: Object.freeze({ ...config.tiers }) });
}

/**
 * Per-country risk tiers with stricter retry bounds: `medium` narrows to
 * `mediumMaxAttempts`, `high` to `highMaxAttempts` (high-cost, high-fraud destinations get
 * fewer retries); `low` and unlisted countries are allowed untouched. Removes no candidate.
 * @throws TypeError/RangeError on invalid configuration
 */
export function countryRiskGuard(options: Partial<CountryRiskConfig> = {}): Guard {
  const config = validateCountryRiskConfig({ ...DEFAULT_COUNTRY_RISK, ...options });
  return {
    name: 'country-risk',
    check({ ctx }) {
      const tier = Object.hasOwn(config.tiers, ctx.country) ? config.tiers[ctx.country] : 'low';
      if (tier === 'low' || tier === undefined) return ALLOW;
      const maxAttempts = tier === 'high' ? config.highMaxAttempts : config.mediumMaxAttempts;
      return {
        kind: 'narrow',
        removed: [],
        maxAttempts,
        reason: `${ctx.country} is a ${tier}-risk country: at most ${maxAttempts} attempt(s)`,
      };
    },
  };
}
