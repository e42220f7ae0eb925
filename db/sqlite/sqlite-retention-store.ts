import type Database from 'better-sqlite3';
import type { PurgeCounts, RetentionStore } from '../stores/retention-store.js';

/**
 * {@link RetentionStore} on better-sqlite3. Every statement reaches its rows through an index
 * or a bounded scan: verifications by `verifications_created_idx`, their rows by verification
 * id, matched receipts by `receipts_attempt_idx` (which also serves the foreign-key check when
 * an attempt is deleted), orphan receipts by their partial index, phone counters by
 * `updated_at`; routing history and coefficient rows are appended in time order, so the oldest
 * `limit` ids are read and those before the cutoff deleted (a row appended out of order waits
 * until the rows before it are gone).
 */
export function createSqliteRetentionStore(sqlite: Database.Database): RetentionStore {
  const oldVerifications = sqlite.prepare<[number, number], { id: string }>(
    "SELECT id FROM verifications WHERE created_at < ? AND status != 'pending' ORDER BY created_at LIMIT ?",
  );
  const ids = 'SELECT value FROM json_each(?)';
  const matchedReceipts = sqlite.prepare(
    `DELETE FROM receipts WHERE attempt_id IN (SELECT id FROM attempts WHERE verification_id IN (${ids}))`,
  );
  const transitions = sqlite.prepare(`DELETE FROM route_transitions WHERE verification_id IN (${ids})`);
  const attempts = sqlite.prepare(`DELETE FROM attempts WHERE verification_id IN (${ids})`);
  const verifications = sqlite.prepare(`DELETE FROM verifications WHERE id IN (${ids})`);
  const orphanReceipts = sqlite.prepare(
    'DELETE FROM receipts WHERE rowid IN (SELECT rowid FROM receipts WHERE attempt_id IS NULL AND received_at < ? LIMIT ?)',
  );
  const appendOnly = (table: string) =>
    sqlite.prepare(
      `DELETE FROM ${table} WHERE id IN (SELECT id FROM (SELECT id, at FROM ${table} ORDER BY id LIMIT @limit) WHERE at < @cutoff)`,
    );
  const history = appendOnly('routing_history');
  const coefficients = appendOnly('routing_coefficients');
  const events = sqlite.prepare(
    'DELETE FROM routing_events WHERE id IN (SELECT id FROM routing_events WHERE at < ? ORDER BY at LIMIT ?)',
  );
  const phoneFailures = sqlite.prepare(
    'DELETE FROM phone_check_failures WHERE phone_hash IN (SELECT phone_hash FROM phone_check_failures WHERE updated_at < ? LIMIT ?)',
  );

  return {
    purgeBefore(cutoff, limit) {
      if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be an integer >= 1, got ${limit}`);
      const batch = oldVerifications.all(cutoff, limit).map((r) => r.id);
      const json = JSON.stringify(batch);
      // Children first: receipts and transitions, then attempts, then the verifications (foreign keys).
      const matched = batch.length > 0 ? matchedReceipts.run(json).changes : 0;
      const deleted: PurgeCounts = {
        transitions: batch.length > 0 ? transitions.run(json).changes : 0,
        attempts: batch.length > 0 ? attempts.run(json).changes : 0,
        verifications: batch.length > 0 ? verifications.run(json).changes : 0,
        receipts: matched + orphanReceipts.run(cutoff, limit).changes,
        routingHistory: history.run({ cutoff, limit }).changes,
        routingCoefficients: coefficients.run({ cutoff, limit }).changes,
        routingEvents: events.run(cutoff, limit).changes,
        phoneFailures: phoneFailures.run(cutoff, limit).changes,
      };
      const more =
        batch.length === limit ||
        deleted.receipts - matched === limit ||
        deleted.routingHistory === limit ||
        deleted.routingCoefficients === limit ||
        deleted.routingEvents === limit ||
        deleted.phoneFailures === limit;
      return { deleted, more };
    },
  };
}
