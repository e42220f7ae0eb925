import { circuitBreakerGuard } from './circuit-breaker-guard.js';
import { countryRiskGuard, type CountryRiskConfig } from './country-risk-guard.js';
import { fraudTierGuard, type FraudTierConfig } from './fraud-tier-guard.js';
import { geoPermissionGuard } from './geo-permission-guard.js';
import type { Guard } from './guard.js';
import { pumpingGuard } from './pumping-guard.js';
import { rateLimitGuard } from './rate-limit-guard.js';
import { retryBoundsGuard, type RetryBoundsConfig } from './retry-bounds-guard.js';
import { windowBudgetGuard } from './window-budget-guard.js';

/**
 * Configuration of the standard guard chain, one value. Every field is optional; each
 * guard's defaults live next to the guard (`DEFAULT_FRAUD_TIER`, `DEFAULT_COUNTRY_RISK`,
 * `DEFAULT_RETRY_BOUNDS`).
 */
export interface GuardsConfig {
  readonly fraudTier?: Partial<FraudTierConfig>;
  readonly countryRisk?: Partial<CountryRiskConfig>;
  readonly retryBounds?: Partial<RetryBoundsConfig>;
}

/**
 * The standard chain, one guard per name in `GUARD_ORDER` and in that order.
 * @throws RangeError/TypeError when any section of the configuration is invalid
 */
export function defaultGuards(config: GuardsConfig = {}): readonly Guard[] {
  return Object.freeze([
    geoPermissionGuard(),
    fraudTierGuard(config.fraudTier),
    countryRiskGuard(config.countryRisk),
    rateLimitGuard(),
    pumpingGuard(),
    retryBoundsGuard(config.retryBounds),
    windowBudgetGuard(),
    circuitBreakerGuard(),
  ]);
}
