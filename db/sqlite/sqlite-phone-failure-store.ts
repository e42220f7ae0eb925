import type Database from 'better-sqlite3';
import type { PhoneFailureStore } from '../stores/phone-failure-store.js';

/** {@link PhoneFailureStore} on better-sqlite3: one UPSERT ... RETURNING per failure. */
export function createSqlitePhoneFailureStore(sqlite: Database.Database): PhoneFailureStore {
  const increment = sqlite.prepare<{ hash: string; now: number; since: number }, { failures: number }>(
    `INSERT INTO phone_check_failures (phone_hash, failures, updated_at) VALUES (@hash, 1, @now)
     ON CONFLICT (phone_hash) DO UPDATE SET
       failures = CASE WHEN updated_at <= @since THEN 1 ELSE failures + 1 END,
       updated_at = excluded.updated_at
     RETURNING failures`,
  );
  const get = sqlite.prepare<[string, number], { failures: number }>(
    'SELECT failures FROM phone_check_failures WHERE phone_hash = ? AND updated_at > ?',
  );
  const last = sqlite.prepare<[string], { updated_at: number }>(
    'SELECT updated_at FROM phone_check_failures WHERE phone_hash = ?',
  );
  const reset = sqlite.prepare('DELETE FROM phone_check_failures WHERE phone_hash = ?');
  return {
    increment(phoneHash, now, since) {
      const row = increment.get({ hash: phoneHash, now, since });
      if (row === undefined) throw new Error('phone failure upsert returned no row');
      return row.failures;
    },
    get: (phoneHash, since) => get.get(phoneHash, since)?.failures ?? 0,
    lastFailureAt: (phoneHash) => last.get(phoneHash)?.updated_at,
    reset(phoneHash) {
      reset.run(phoneHash);
    },
  };
}
