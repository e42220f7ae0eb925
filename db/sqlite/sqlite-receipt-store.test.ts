import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewReceipt } from '../stores/receipt-store.js';
import type { Stores } from '../stores/stores.js';
import { openTestStores } from '../testing/open-test-stores.js';
import { makeAttempt, makeState, makeVerification } from '../testing/record-fixtures.js';
import type { OpenedDatabase } from '../open-database.js';
import { UNAPPLIED_RECEIPTS_SQL } from './sqlite-receipt-store.js';

let stores: Stores;
let database: OpenedDatabase;
let close: () => void;
beforeEach(() => {
  ({ stores, database } = openTestStores());
  close = database.close;
  stores.verifications.insert(makeVerification(makeState('v1', 1_000)), [
    makeAttempt('a1', 'v1', { providerMessageId: 'pm-1' }),
  ]);
});
afterEach(() => close());

const receipt = (over: Partial<NewReceipt> = {}): NewReceipt => ({
  provider: 'sim-alpha',
  providerMessageId: 'pm-1',
  webhookId: 'wh-1',
  status: 'delivered',
  errorClass: null,
  occurredAt: 2_000,
  receivedAt: 2_050,
  attemptId: null,
  ...over,
});

describe('SqliteReceiptStore', () => {
  it('inserts a receipt once and reports retries as duplicates with the same id', () => {
    const first = stores.receipts.insertIfNew(receipt());
    expect(first.inserted).toBe(true);
    expect(stores.receipts.insertIfNew(receipt({ status: 'undelivered', receivedAt: 9_999 }))).toEqual({
      inserted: false,
      id: first.id,
    });
    expect(stores.receipts.listUnapplied('sim-alpha', 'pm-1')).toEqual([
      { ...receipt(), id: first.id, applied: false },
    ]);
  });

  it('deduplicates per provider: the same webhook id from another provider is new', () => {
    stores.receipts.insertIfNew(receipt());
    expect(stores.receipts.insertIfNew(receipt({ provider: 'sim-beta' })).inserted).toBe(true);
  });

  it('stores a receipt that comes with its attempt as applied, so it never waits among the orphans', () => {
    const { id } = stores.receipts.insertIfNew(receipt({ attemptId: 'a1' }));
    expect(stores.receipts.listUnapplied('sim-alpha', 'pm-1')).toEqual([]);
    expect(database.sqlite.prepare('SELECT applied, attempt_id FROM receipts WHERE id = ?').get(id)).toEqual({
      applied: 1,
      attempt_id: 'a1',
    });
  });

  it('finds orphans by the partial index of unapplied receipts', () => {
    const plan = (
      database.sqlite.prepare(`EXPLAIN QUERY PLAN ${UNAPPLIED_RECEIPTS_SQL}`).all('sim-alpha', 'pm-1') as {
        detail: string;
      }[]
    )
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toMatch(
      /SEARCH receipts USING INDEX receipts_unapplied_message_idx \(provider=\? AND provider_message_id=\?\)/,
    );
  });

  it('keeps orphans until applied, then adopts them', () => {
    const { id } = stores.receipts.insertIfNew(receipt({ webhookId: 'wh-2', occurredAt: 3_000 }));
    const { id: earlier } = stores.receipts.insertIfNew(receipt({ webhookId: 'wh-3', occurredAt: 1_500 }));
    expect(stores.receipts.listUnapplied('sim-alpha', 'pm-1').map((r) => r.id)).toEqual([earlier, id]);
    stores.receipts.markApplied(id, 'a1');
    expect(stores.receipts.listUnapplied('sim-alpha', 'pm-1').map((r) => r.id)).toEqual([earlier]);
  });
});
