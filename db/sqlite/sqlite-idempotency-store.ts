import type Database from 'better-sqlite3';
import type { IdempotencyBegin, IdempotencyStore } from '../stores/idempotency-store.js';

interface IdempotencyRow {
  request_hash: string;
  state: string;
  response_status: number | null;
  response_body: string | null;
}

/** {@link IdempotencyStore} on better-sqlite3 with statements prepared once. */
export function createSqliteIdempotencyStore(sqlite: Database.Database): IdempotencyStore {
  // Claims a fresh key, or takes over an expired one; a live record is left untouched (0 changes).
  const claim = sqlite.prepare(
    `INSERT INTO idempotency_records (tenant_id, key, request_hash, state, response_status, response_body, created_at, expires_at)
     VALUES (@tenant_id, @key, @request_hash, 'in_flight', NULL, NULL, @now, @expires_at)
     ON CONFLICT (tenant_id, key) DO UPDATE SET request_hash = excluded.request_hash, state = 'in_flight',
       response_status = NULL, response_body = NULL, created_at = excluded.created_at, expires_at = excluded.expires_at
     WHERE idempotency_records.expires_at <= @now`,
  );
  const read = sqlite.prepare<[string, string], IdempotencyRow>(
    'SELECT request_hash, state, response_status, response_body FROM idempotency_records WHERE tenant_id = ? AND key = ?',
  );
  const done = sqlite.prepare(
    `UPDATE idempotency_records SET state = 'done', response_status = ?, response_body = ?
     WHERE tenant_id = ? AND key = ? AND state = 'in_flight'`,
  );
  const drop = sqlite.prepare(
    "DELETE FROM idempotency_records WHERE tenant_id = ? AND key = ? AND state = 'in_flight'",
  );
  const purge = sqlite.prepare('DELETE FROM idempotency_records WHERE expires_at <= ?');

  const begin = sqlite.transaction(
    (tenantId: string, key: string, requestHash: string, now: number, ttlMs: number): IdempotencyBegin => {
      const params = { tenant_id: tenantId, key, request_hash: requestHash, now, expires_at: now + ttlMs };
      if (claim.run(params).changes === 1) return 'new';
      const row = read.get(tenantId, key);
      if (row === undefined) throw new Error(`idempotency record (${tenantId}, ${key}) conflicted but is not stored`);
      if (row.state === 'done' && row.response_status !== null && row.response_body !== null) {
        return { state: 'done', status: row.response_status, body: row.response_body, requestHash: row.request_hash };
      }
      return { state: 'in_flight', requestHash: row.request_hash };
    },
  );

  return {
    begin: (tenantId, key, requestHash, now, ttlMs) => {
      if (!Number.isFinite(ttlMs) || ttlMs <= 0)
        throw new RangeError(`ttlMs must be a finite number > 0, got ${ttlMs}`);
      return begin.immediate(tenantId, key, requestHash, now, ttlMs);
    },
    complete: (tenantId, key, status, body) => done.run(status, body, tenantId, key).changes === 1,
    abandon: (tenantId, key) => {
      drop.run(tenantId, key);
    },
    purgeExpired: (now) => purge.run(now).changes,
  };
}
