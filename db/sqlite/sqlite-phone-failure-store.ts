import type Database from 'better-sqlite3';
import type { PhoneFailureStore } from '../stores/phone-failure-store.js';

/** {@link PhoneFailureStore} on better-sqlite3: one UPSERT ... RETURNING per failure. */
export function createSqlitePhoneFailureStore(sqlite: Database.Database): PhoneFailureStore {
  const increment = sqlite.prepare<[string, number], { failures: number }>(
    `INSERT INTO phone_check_failures (phone_hash, failures, updated_at) VALUES (?, 1, ?)
     ON CONFLICT (phone_hash) DO UPDATE SET failures = failures + 1, updated_at = excluded.updated_at
     RETURNING failures`,
  );
  const get = sqlite.prepare<[string], { failures: number }>(
    'SELECT failures FROM phone_check_failures WHERE phone_hash = ?',
  );
  const reset = sqlite.prepare('DELETE FROM phone_check_failures WHERE phone_hash = ?');
  return {
    increment(phoneHash, now) {
      const row = increment.get(phoneHash, now);
      if (row === undefined) throw new Error('phone failure upsert returned no row');
      return row.failures;
    },
    get: (phoneHash) => get.get(phoneHash)?.failures ?? 0,
    reset(phoneHash) {
      reset.run(phoneHash);
    },
  };
}
