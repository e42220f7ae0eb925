import type { RoutingBody, RoutingEntry } from '../api/api-types.js';

/** Provider id syntax, as the engine validates it. */
export const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export type RoutingParseResult = { readonly ok: true; readonly body: RoutingBody } | { readonly ok: false; readonly errors: readonly string[] };

/** The routing table as editable JSON, countries sorted. */
export function routingToText(body: RoutingBody | undefined): string {
  const countries = Object.fromEntries(Object.entries(body?.countries ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify({ countries }, null, 2);
}

/**
 * Parses and checks an edited routing table `{ countries: { DE: [{ provider, premium }] } }`:
 * the engine's rules (engine/routing-table.ts): ISO alpha-2 country keys, 1 to 32 ranked routes
 * per country, provider ids matching PROVIDER_ID and listed once per country, `premium` a
 * boolean. Every problem is reported, not only the first.
 */
export function parseRoutingText(text: string): RoutingParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`not valid JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const countries = (raw as { countries?: unknown } | null)?.countries;
  if (typeof countries !== 'object' || countries === null || Array.isArray(countries)) {
    return { ok: false, errors: ['countries: must be an object keyed by ISO country code'] };
  }
  const errors: string[] = [];
  const out: Record<string, RoutingEntry[]> = {};
  for (const [country, list] of Object.entries(countries)) {
    if (!/^[A-Z]{2}$/.test(country)) errors.push(`countries.${country}: key must be a two-letter ISO code, e.g. DE`);
    if (!Array.isArray(list) || list.length === 0 || list.length > 32) {
      errors.push(`countries.${country}: must list 1 to 32 providers`);
      continue;
    }
    const seen = new Set<string>();
    out[country] = [];
    list.forEach((entry: unknown, i: number) => {
      const e = entry as Partial<RoutingEntry> | null;
      const at = `countries.${country}[${i}]`;
      if (typeof e?.provider !== 'string' || !PROVIDER_ID.test(e.provider)) errors.push(`${at}.provider: must match ${PROVIDER_ID.source}`);
      else if (seen.has(e.provider)) errors.push(`${at}.provider: ${e.provider} is listed twice`);
      else seen.add(e.provider);
      if (typeof e?.premium !== 'boolean') errors.push(`${at}.premium: must be true or false`);
      if (typeof e?.provider === 'string' && typeof e.premium === 'boolean') out[country]?.push({ provider: e.provider, premium: e.premium });
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, body: { countries: out } };
}
