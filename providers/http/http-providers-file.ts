import { readFileSync } from 'node:fs';
import { validateRoutingTable, type RouteEntry, type RoutingTable } from '../../engine/routing-table.js';
import type { ProviderId } from '../../engine/types.js';
import { countryCodeProblem } from '../phone-regions.js';
import { validateHttpProviderConfig, type HttpProviderConfig } from './http-provider-adapter.js';

/** One entry of the providers file: an HTTP provider and where it may route. */
export interface HttpProviderEntry extends HttpProviderConfig {
  /** ISO alpha-2 countries this provider carries; default: every country of `defaultCountries`. */
  readonly countries?: readonly string[];
  /** Whether its routes are premium (direct-to-operator). Default false. */
  readonly premium?: boolean;
  /**
   * The Standard Webhooks secret the provider signs its receipts with (`whsec_` + base64 of at
   * least 24 bytes), as the provider issued it. Default: one derived from the key file
   * (`npm run webhook-secret -- <id>` prints it, to give to the provider).
   */
  readonly webhookSecret?: string;
}

export interface HttpProviderSetup {
  readonly providers: readonly HttpProviderConfig[];
  /** Each country's providers in file order (the static chain's ranking). */
  readonly table: Omit<RoutingTable, 'version'>;
  /** Receipt signing secrets of the providers that configured one. */
  readonly webhookSecrets: ReadonlyMap<ProviderId, string>;
}

/** Least decoded length of a configured webhook secret (Standard Webhooks issues 24 to 64 bytes). */
const MIN_SECRET_BYTES = 24;
const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

const MAX_PROVIDERS = 32;

/**
 * Validates the parsed JSON of `ROUTEWISE_PROVIDERS_FILE`: a non-empty array of
 * `{ id, url, timeoutMs?, token?, countries?, premium?, webhookSecret? }` with distinct ids, and
 * builds the routing table for them.
 * @throws TypeError | RangeError naming the bad entry and field
 */
export function parseHttpProviders(json: unknown, defaultCountries: readonly string[]): HttpProviderSetup {
  if (!Array.isArray(json) || json.length === 0 || json.length > MAX_PROVIDERS) {
    throw new RangeError(`providers file must be a JSON array of 1 to ${MAX_PROVIDERS} providers`);
  }
  const seen = new Set<string>();
  const countries: Record<string, RouteEntry[]> = {};
  const webhookSecrets = new Map<ProviderId, string>();
  const providers = json.map((raw: unknown, i: number) => {
    if (typeof raw !== 'object' || raw === null) throw new TypeError(`providers[${i}] must be an object`);
    const entry = raw as HttpProviderEntry;
    const config = validateHttpProviderConfig({
      id: entry.id,
      url: entry.url,
      ...(entry.timeoutMs !== undefined ? { timeoutMs: entry.timeoutMs } : {}),
      ...(entry.token !== undefined ? { token: entry.token } : {}),
    });
    if (seen.has(config.id)) throw new TypeError(`providers[${i}].id "${config.id}" is listed twice`);
    seen.add(config.id);
    if (entry.premium !== undefined && typeof entry.premium !== 'boolean')
      throw new TypeError(`providers[${i}].premium must be a boolean`);
    if (entry.webhookSecret !== undefined) {
      const secret = entry.webhookSecret;
      // Never echo the value: the message names the entry and the rule only.
      if (typeof secret !== 'string' || !WEBHOOK_SECRET.test(secret))
        throw new TypeError(`providers[${i}].webhookSecret must be "whsec_" followed by base64`);
      if (Buffer.from(secret.slice('whsec_'.length), 'base64').length < MIN_SECRET_BYTES)
        throw new RangeError(`providers[${i}].webhookSecret must encode at least ${MIN_SECRET_BYTES} bytes`);
      webhookSecrets.set(config.id, secret);
    }
    const covered = entry.countries ?? defaultCountries;
    if (!Array.isArray(covered) || covered.length === 0)
      throw new TypeError(`providers[${i}].countries must be a non-empty array`);
    for (const c of covered) {
      if (typeof c !== 'string' || !/^[A-Z]{2}$/.test(c))
        throw new TypeError(`providers[${i}].countries must hold ISO alpha-2 codes, got ${JSON.stringify(c)}`);
      const problem = countryCodeProblem(c);
      if (problem !== undefined) throw new RangeError(`providers[${i}].countries: ${problem}`);
      (countries[c] ??= []).push({ provider: config.id, premium: entry.premium ?? false });
    }
    return config;
  });
  const table = validateRoutingTable({ version: 'http-providers', countries });
  return { providers, table: { countries: table.countries }, webhookSecrets };
}

/**
 * Reads and parses a providers file.
 * @throws Error naming the file when it cannot be read or is not JSON; TypeError | RangeError from {@link parseHttpProviders}
 */
export function loadHttpProviders(path: string, defaultCountries: readonly string[]): HttpProviderSetup {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`providers file ${path}: ${(err as Error).message}`, { cause: err });
  }
  return parseHttpProviders(json, defaultCountries);
}
