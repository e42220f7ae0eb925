import type Database from 'better-sqlite3';
import type { NewReceipt, ReceiptRecord, ReceiptStore } from '../stores/receipt-store.js';
import { insertSql } from './sql-helpers.js';

interface ReceiptRow {
  id: number;
  provider: string;
  provider_message_id: string;
  webhook_id: string;
  status: string;
  error_class: string | null;
  occurred_at: number;
  received_at: number;
  attempt_id: string | null;
  applied: number;
}

const COLUMNS = [
  'applied',
  'provider',
  'provider_message_id',
  'webhook_id',
  'status',
  'error_class',
  'occurred_at',
  'received_at',
  'attempt_id',
];

/**
 * Orphan receipts of one message, oldest first (asked on every acceptance): a search of the
 * partial index `receipts_unapplied_message_idx`, which holds only unapplied receipts.
 */
export const UNAPPLIED_RECEIPTS_SQL =
  'SELECT * FROM receipts WHERE provider = ? AND provider_message_id = ? AND applied = 0 ORDER BY occurred_at, id';

/** {@link ReceiptStore} on better-sqlite3 with statements prepared once. */
export function createSqliteReceiptStore(sqlite: Database.Database): ReceiptStore {
  const insert = sqlite.prepare(insertSql('receipts', COLUMNS, ' ON CONFLICT (provider, webhook_id) DO NOTHING'));
  const existing = sqlite.prepare<[string, string], { id: number }>(
    'SELECT id FROM receipts WHERE provider = ? AND webhook_id = ?',
  );
  const applied = sqlite.prepare('UPDATE receipts SET applied = 1, attempt_id = ? WHERE id = ?');
  const unapplied = sqlite.prepare<[string, string], ReceiptRow>(UNAPPLIED_RECEIPTS_SQL);

  return {
    insertIfNew(r: NewReceipt) {
      const res = insert.run({
        applied: r.attemptId !== null ? 1 : 0,
        provider: r.provider,
        provider_message_id: r.providerMessageId,
        webhook_id: r.webhookId,
        status: r.status,
        error_class: r.errorClass,
        occurred_at: r.occurredAt,
        received_at: r.receivedAt,
        attempt_id: r.attemptId,
      });
      if (res.changes === 1) return { inserted: true, id: Number(res.lastInsertRowid) };
      const row = existing.get(r.provider, r.webhookId);
      if (row === undefined) throw new Error(`receipt (${r.provider}, ${r.webhookId}) conflicted but is not stored`);
      return { inserted: false, id: row.id };
    },
    markApplied(id, attemptId) {
      applied.run(attemptId, id);
    },
    listUnapplied: (provider, messageId) => unapplied.all(provider, messageId).map(toRecord),
  };
}

function toRecord(r: ReceiptRow): ReceiptRecord {
  return {
    id: r.id,
    provider: r.provider,
    providerMessageId: r.provider_message_id,
    webhookId: r.webhook_id,
    status: r.status,
    errorClass: r.error_class,
    occurredAt: r.occurred_at,
    receivedAt: r.received_at,
    attemptId: r.attempt_id,
    applied: r.applied === 1,
  };
}
