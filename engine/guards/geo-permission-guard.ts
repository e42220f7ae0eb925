import type { Guard } from './guard.js';
import { ALLOW } from './allow-verdict.js';

/** Refuses (`geo_not_permitted`) when the tenant's `allowedCountries` is set and lacks the destination country. */
export function geoPermissionGuard(): Guard {
  return {
    name: 'geo-permission',
    check({ ctx, allowedCountries }) {
      if (allowedCountries === undefined || allowedCountries.has(ctx.country)) return ALLOW;
      return {
        kind: 'deny',
        code: 'geo_not_permitted',
        reason: `country ${ctx.country} is not in the tenant's allowed countries`,
      };
    },
  };
}
