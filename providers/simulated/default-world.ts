import { DEFAULT_COUNTRIES } from './default-countries.js';
import { DEFAULT_PROVIDERS } from './default-providers.js';
import { validateWorld } from './validate-world.js';
import type { World } from './world.js';

/**
 * The embedded world: 11 countries, 37 real operators, 5 fictional providers, no
 * scheduled incidents (scenarios add their own). Premium routes cost 1.5x, fail half as
 * often and are 20% faster than standard ones. Validated and deep-frozen at import.
 */
export const DEFAULT_WORLD: World = validateWorld({
  countries: DEFAULT_COUNTRIES,
  providers: DEFAULT_PROVIDERS,
  routeClasses: {
    premium: { priceFactor: 1.5, failureFactor: 0.5, latencyFactor: 0.8 },
    standard: { priceFactor: 1, failureFactor: 1, latencyFactor: 1 },
  },
  incidents: [],
});
