import type { Stores } from '../db/stores/stores.js';
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from './security/api-keys.js';
import { newId } from './verification/ids.js';

export const DEMO_TENANT_ID = 'tn_demo';

export interface SeededAccess {
  /** Keys generated on this start (printed once by main; never logged). */
  readonly generated: { readonly label: string; readonly key: string }[];
}

function ensureKey(stores: Stores, scope: 'tenant' | 'admin', tenantId: string | null, key: string, now: number): boolean {
  const hash = hashApiKey(key);
  if (stores.apiKeys.findActiveByHash(hash)) return false;
  stores.apiKeys.insert({ id: newId('key', now), tenantId, scope, keyHash: hash, keyPrefix: apiKeyDisplayPrefix(key), createdAt: now, revokedAt: null });
  return true;
}

/**
 * First-start access: the demo tenant, its API key and the admin key. A key given in the
 * environment is registered (stored hashed); otherwise one is generated on the very first
 * start only and returned so it can be printed once.
 */
export function seedAccess(stores: Stores, options: { demoApiKey?: string; adminKey?: string }, now: number): SeededAccess {
  const generated: { label: string; key: string }[] = [];
  stores.transaction(() => {
    const firstStart = !stores.tenants.findById(DEMO_TENANT_ID);
    if (firstStart) stores.tenants.insert({ id: DEMO_TENANT_ID, name: 'Demo tenant', allowedCountries: null, createdAt: now });
    if (options.demoApiKey) ensureKey(stores, 'tenant', DEMO_TENANT_ID, options.demoApiKey, now);
    else if (firstStart) {
      const key = generateApiKey('rw_live_');
      ensureKey(stores, 'tenant', DEMO_TENANT_ID, key, now);
      generated.push({ label: 'demo tenant API key', key });
    }
    if (options.adminKey) ensureKey(stores, 'admin', null, options.adminKey, now);
    else if (stores.apiKeys.listByTenant(null).filter((k) => k.revokedAt === null).length === 0) {
      const key = generateApiKey('rw_admin_');
      ensureKey(stores, 'admin', null, key, now);
      generated.push({ label: 'admin API key', key });
    }
  });
  return { generated };
}

/** A fresh tenant key for this process's own demo traffic, revoked again on shutdown. */
export function issueInternalKey(stores: Stores, now: number): { key: string; revoke: (at: number) => void } {
  const key = generateApiKey('rw_live_');
  const id = newId('key', now);
  stores.apiKeys.insert({ id, tenantId: DEMO_TENANT_ID, scope: 'tenant', keyHash: hashApiKey(key), keyPrefix: apiKeyDisplayPrefix(key), createdAt: now, revokedAt: null });
  return { key, revoke: (at) => void stores.apiKeys.revoke(id, at) };
}
