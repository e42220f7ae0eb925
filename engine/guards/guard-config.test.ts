import { describe, expect, it } from 'vitest';
import { countryRiskGuard } from './country-risk-guard.js';
import { defaultGuards, type GuardsConfig } from './default-guards.js';
import { fraudTierGuard } from './fraud-tier-guard.js';
import { retryBoundsGuard } from './retry-bounds-guard.js';

describe('invalid guard configuration', () => {
  it.each<[string, () => unknown, ErrorConstructor, RegExp]>([
    [
      'fraud denyAbove > 1',
      () => fraudTierGuard({ denyAbove: 1.2 }),
      RangeError,
      /denyAbove must be a number in \[0, 1\]/,
    ],
    [
      'fraud premiumOnlyAbove < 0',
      () => fraudTierGuard({ premiumOnlyAbove: -0.1 }),
      RangeError,
      /premiumOnlyAbove must be a number in \[0, 1\]/,
    ],
    [
      'fraud tiers crossed',
      () => fraudTierGuard({ denyAbove: 0.5, premiumOnlyAbove: 0.6 }),
      RangeError,
      /premiumOnlyAbove must be <= denyAbove/,
    ],
    [
      'fraud premiumMaxAttempts 0',
      () => fraudTierGuard({ premiumMaxAttempts: 0 }),
      RangeError,
      /premiumMaxAttempts must be an integer in \[1, 5\]/,
    ],
    [
      'retry maxAttempts above the cap',
      () => retryBoundsGuard({ maxAttempts: 6 }),
      RangeError,
      /maxAttempts must be an integer in \[1, 5\]/,
    ],
    ['retry maxAttempts 0', () => retryBoundsGuard({ maxAttempts: 0 }), RangeError, /maxAttempts/],
    ['retry maxAttempts fractional', () => retryBoundsGuard({ maxAttempts: 2.5 }), RangeError, /maxAttempts/],
    [
      'country code lower case',
      () => countryRiskGuard({ tiers: { de: 'high' } }),
      TypeError,
      /tiers keys must be ISO 3166-1 alpha-2/,
    ],
    [
      'unknown tier',
      () => countryRiskGuard({ tiers: { DE: 'extreme' as never } }),
      TypeError,
      /tiers.DE must be one of low, medium, high/,
    ],
    [
      'medium bound above cap',
      () => countryRiskGuard({ mediumMaxAttempts: 9 }),
      RangeError,
      /mediumMaxAttempts must be an integer in \[1, 5\]/,
    ],
    [
      'high looser than medium',
      () => countryRiskGuard({ mediumMaxAttempts: 2, highMaxAttempts: 3 }),
      RangeError,
      /highMaxAttempts must be an integer in \[1, 2\]/,
    ],
    ['tiers null', () => countryRiskGuard({ tiers: null as never }), TypeError, /tiers must be an object/],
  ])('%s', (_name, build, type, message) => {
    expect(build).toThrow(type);
    expect(build).toThrow(message);
  });

  it.each<[GuardsConfig, RegExp]>([
    [{ retryBounds: { maxAttempts: 10 } }, /maxAttempts/],
    [{ fraudTier: { denyAbove: 2 } }, /denyAbove/],
    [{ countryRisk: { tiers: { XXX: 'low' } } }, /tiers keys/],
  ])('defaultGuards rejects %o', (config, message) => {
    expect(() => defaultGuards(config)).toThrow(message);
  });

  it('freezes the validated configuration', () => {
    const tiers: Record<string, 'high'> = { DE: 'high' };
    const g = countryRiskGuard({ tiers });
    tiers.FR = 'high';
    expect(g.check({ ctx: { country: 'FR' } } as never)).toEqual({ kind: 'allow' });
  });
});
