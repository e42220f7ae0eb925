import type { ProviderId } from './types.js';

/** One provider's route to a country. */
export interface RouteEntry {
  readonly provider: ProviderId;
  /** Direct-to-operator (premium) route; premium requests only use premium routes. */
  readonly premium: boolean;
  /** Carries standard-class traffic (default true); false for a premium-only route. */
  readonly standard?: boolean;
}

/**
 * The routing table: which providers may carry traffic to each country, in the ranked
 * order a static chain would use. Versioned config (GET/PUT /v1/config/routing).
 */
export interface RoutingTable {
  readonly version: string;
  /** ISO alpha-2 -> ranked routes. */
  readonly countries: Readonly<Record<string, readonly RouteEntry[]>>;
}

/** @throws TypeError or RangeError naming the offending field */
export function validateRoutingTable(table: RoutingTable): RoutingTable {
  if (typeof table !== 'object' || table === null) throw new TypeError('routing table must be an object');
  if (typeof table.version !== 'string' || table.version.length === 0 || table.version.length > 64) {
    throw new TypeError('version must be a non-empty string of at most 64 characters');
  }
  const countries: Record<string, readonly RouteEntry[]> = {};
  for (const [country, routes] of Object.entries(table.countries ?? {})) {
    if (!/^[A-Z]{2}$/.test(country)) throw new TypeError(`countries keys must be ISO alpha-2, got "${country}"`);
    if (!Array.isArray(routes) || routes.length === 0 || routes.length > 32) {
      throw new RangeError(`countries.${country} must list 1 to 32 routes`);
    }
    const seen = new Set<string>();
    countries[country] = Object.freeze(
      routes.map((r: RouteEntry, i: number) => {
        if (typeof r?.provider !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(r.provider)) {
          throw new TypeError(`countries.${country}[${i}].provider must match ^[a-z0-9][a-z0-9-]{0,63}$`);
        }
        if (seen.has(r.provider)) throw new TypeError(`countries.${country}[${i}].provider "${r.provider}" is listed twice`);
        seen.add(r.provider);
        if (typeof r.premium !== 'boolean') throw new TypeError(`countries.${country}[${i}].premium must be a boolean`);
        if (r.standard !== undefined && typeof r.standard !== 'boolean') {
          throw new TypeError(`countries.${country}[${i}].standard must be a boolean when given`);
        }
        if (r.standard === false && !r.premium) {
          throw new TypeError(`countries.${country}[${i}] carries no traffic: neither premium nor standard`);
        }
        return Object.freeze({ provider: r.provider, premium: r.premium, ...(r.standard === undefined ? {} : { standard: r.standard }) });
      }),
    );
  }
  return Object.freeze({ version: table.version, countries: Object.freeze(countries) });
}

/** Routes usable for a request: premium requests take premium routes, standard requests standard ones. Order preserved. */
export function routesFor(table: RoutingTable, country: string, routeClass: 'premium' | 'standard'): readonly RouteEntry[] {
  const routes = table.countries[country] ?? [];
  return routeClass === 'premium' ? routes.filter((r) => r.premium) : routes.filter((r) => r.standard !== false);
}
