import type { RouteEntry, RoutingTable } from '../../engine/routing-table.js';
import { validateRoutingTable } from '../../engine/routing-table.js';
import type { World } from './world.js';

/**
 * The routing table a team would configure for this world and never revisit: for each
 * country, every provider that covers it in the world's declaration order (for the default
 * world the incumbent global aggregator first). A route is premium / standard when the
 * provider sells that class there.
 */
export function worldRoutingTable(world: World, version = 'world-default'): RoutingTable {
  const countries: Record<string, RouteEntry[]> = {};
  for (const country of world.countries) {
    countries[country.code] = world.providers.flatMap((p) => {
      const coverage = p.coverage.find((c) => c.country === country.code);
      return coverage
        ? [{ provider: p.id, premium: coverage.routeClasses.includes('premium'), standard: coverage.routeClasses.includes('standard') }]
        : [];
    });
  }
  return validateRoutingTable({ version, countries });
}

/**
 * Per-country reference prices for the reward's cost term: `multiple` x the world's typical
 * SMS price, so a provider charging the typical price keeps half the cost term everywhere.
 */
export function worldReferencePrices(world: World, multiple = 2): Record<string, number> {
  return Object.fromEntries(world.countries.map((c) => [c.code, c.referencePrice * multiple]));
}
