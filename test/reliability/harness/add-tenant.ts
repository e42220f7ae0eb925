import { openDatabase } from '../../../db/open-database.js';
import { createSqliteStores } from '../../../db/sqlite/create-sqlite-stores.js';
import { apiKeyDisplayPrefix, hashApiKey } from '../../../server/security/api-keys.js';

/**
 * Adds a tenant and its API key straight to a server's database (a second connection; WAL lets
 * it write beside the running server). Returns the key.
 */
export function addTenant(dbPath: string, id: string, allowedCountries: readonly string[] | null): string {
  const key = `rw_live_${id}_${'0'.repeat(Math.max(0, 32 - id.length))}`;
  const database = openDatabase(dbPath);
  const stores = createSqliteStores(database.sqlite);
  try {
    const now = Date.now();
    stores.transaction(() => {
      stores.tenants.insert({ id, name: id, allowedCountries, createdAt: now });
      stores.apiKeys.insert({
        id: `key_${id}`,
        tenantId: id,
        scope: 'tenant',
        keyHash: hashApiKey(key),
        keyPrefix: apiKeyDisplayPrefix(key),
        createdAt: now,
        revokedAt: null,
      });
    });
  } finally {
    stores.flush();
    database.close();
  }
  return key;
}
