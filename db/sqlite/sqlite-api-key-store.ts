import type Database from 'better-sqlite3';
import type { ApiKeyRecord, ApiKeyScope, ApiKeyStore } from '../stores/api-key-store.js';

interface ApiKeyRow {
  id: string;
  tenant_id: string | null;
  scope: string;
  key_hash: string;
  key_prefix: string;
  created_at: number;
  revoked_at: number | null;
}

/** {@link ApiKeyStore} on better-sqlite3; the hash lookup (every request) is prepared once. */
export function createSqliteApiKeyStore(sqlite: Database.Database): ApiKeyStore {
  const insert = sqlite.prepare(
    'INSERT INTO api_keys (id, tenant_id, scope, key_hash, key_prefix, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const byHash = sqlite.prepare<[string], ApiKeyRow>(
    'SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL',
  );
  const byId = sqlite.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE id = ?');
  const revoke = sqlite.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const byTenant = sqlite.prepare<[string | null], ApiKeyRow>(
    'SELECT * FROM api_keys WHERE tenant_id IS ? ORDER BY created_at DESC, id',
  );
  const toRecord = (r: ApiKeyRow): ApiKeyRecord => ({
    id: r.id,
    tenantId: r.tenant_id,
    scope: r.scope as ApiKeyScope,
    keyHash: r.key_hash,
    keyPrefix: r.key_prefix,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  });
  return {
    insert(k) {
      insert.run(k.id, k.tenantId, k.scope, k.keyHash, k.keyPrefix, k.createdAt, k.revokedAt);
    },
    findActiveByHash(hash) {
      const row = byHash.get(hash);
      return row === undefined ? undefined : toRecord(row);
    },
    findById(id) {
      const row = byId.get(id);
      return row === undefined ? undefined : toRecord(row);
    },
    revoke: (id, at) => revoke.run(at, id).changes === 1,
    listByTenant: (tenantId) => byTenant.all(tenantId).map(toRecord),
  };
}
