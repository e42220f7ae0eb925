import type { RouteEntry, RoutingTable } from '../../engine/routing-table.js';
import { validateRoutingTable } from '../../engine/routing-table.js';
import type { World } from '../../providers/simulated/world.js';
import type { Scenario } from './scenario-schema.js';

/**
 * The scenario's routing table (which providers may carry each country's traffic, in the
 * order a static chain uses):
 *
 * - `{ order: "industry-default" }`: every provider covering the country, in the world's
 *   declaration order (for the default world: the incumbent global aggregator `sim-atlas`
 *   first, then the regional carriers, the grey route and the premium specialist last),
 *   which is how most teams configure one primary and fallbacks once and never revisit it.
 * - `{ order: "price" }`: cheapest standard-route price first (country-level price factor,
 *   operator overrides ignored), ties by provider id.
 * - `{ table: { "DE": ["sim-borealis", ...] } }`: explicit, each provider must cover the country.
 *
 * A route is `premium` / `standard` when the provider sells that class in that country.
 * @returns the table, or the list of `path: message` problems
 */
export function routingFromWorld(
  scenario: Scenario,
  world: World,
  countries: readonly string[],
): { table: RoutingTable } | { issues: string[] } {
  const issues: string[] = [];
  const coverageOf = (provider: string, country: string) =>
    world.providers.find((p) => p.id === provider)?.coverage.find((c) => c.country === country);
  const entry = (provider: string, country: string): RouteEntry => ({
    provider,
    premium: coverageOf(provider, country)?.routeClasses.includes('premium') ?? false,
    standard: coverageOf(provider, country)?.routeClasses.includes('standard') ?? false,
  });
  const table: Record<string, RouteEntry[]> = {};
  const routing = scenario.routing;
  for (const country of countries) {
    const covering = world.providers.filter((p) => p.coverage.some((c) => c.country === country)).map((p) => p.id);
    if ('table' in routing) {
      const listed = routing.table[country];
      if (!listed) {
        issues.push(`routing.table: country "${country}" has traffic but no routes`);
        continue;
      }
      listed.forEach((p, i) => {
        if (!covering.includes(p)) issues.push(`routing.table.${country}[${i}]: "${p}" does not cover ${country} in this world`);
      });
      table[country] = listed.filter((p) => covering.includes(p)).map((p) => entry(p, country));
    } else if (routing.order === 'price') {
      const price = (p: string): number => coverageOf(p, country)?.priceFactor ?? Infinity;
      table[country] = [...covering].sort((a, b) => price(a) - price(b) || (a < b ? -1 : a > b ? 1 : 0)).map((p) => entry(p, country));
    } else {
      table[country] = covering.map((p) => entry(p, country));
    }
    if (table[country]?.length === 0) issues.push(`routing: no provider covers ${country}`);
  }
  if (issues.length > 0) return { issues };
  return { table: validateRoutingTable({ version: `${scenario.name}-routing`, countries: table }) };
}
