import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../open-database.js';
import type { Stores } from '../stores/stores.js';
import { openTestStores } from '../testing/open-test-stores.js';
import { makeAttempt, makeHistoryPoint, makeState, makeVerification } from '../testing/record-fixtures.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);
const OLD = NOW - 40 * DAY;
const CUTOFF = NOW - 30 * DAY;

let stores: Stores;
let database: OpenedDatabase;
beforeEach(() => {
  ({ stores, database } = openTestStores());
});
afterEach(() => database.close());

const count = (table: string) =>
  (database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** A finished verification at `at` with two attempts (one receipt each) and one failover. */
function finished(id: string, at: number, status: 'approved' | 'expired' = 'approved'): void {
  stores.verifications.insert(makeVerification(makeState(id, at, { status, finishedAt: at + 10_000 })), [
    makeAttempt(`${id}-a1`, id, { startedAt: at, providerMessageId: `${id}-m1`, provider: 'sim-alpha' }),
    makeAttempt(`${id}-a2`, id, { seq: 2, startedAt: at + 5_000, providerMessageId: `${id}-m2`, provider: 'sim-beta' }),
  ]);
  for (const [n, provider] of [
    [1, 'sim-alpha'],
    [2, 'sim-beta'],
  ] as const) {
    stores.receipts.insertIfNew({
      provider,
      providerMessageId: `${id}-m${n}`,
      webhookId: `${id}-w${n}`,
      status: 'delivered',
      errorClass: null,
      occurredAt: at + 1_000,
      receivedAt: at + 1_000,
      attemptId: `${id}-a${n}`,
    });
  }
  stores.transitions.insert({
    verificationId: id,
    fromAttemptId: `${id}-a1`,
    fromProvider: 'sim-alpha',
    toAttemptId: `${id}-a2`,
    toProvider: 'sim-beta',
    reason: 'timed_out',
    at: at + 5_000,
  });
}

function orphanReceipt(webhookId: string, receivedAt: number): void {
  stores.receipts.insertIfNew({
    provider: 'sim-alpha',
    providerMessageId: `unknown-${webhookId}`,
    webhookId,
    status: 'delivered',
    errorClass: null,
    occurredAt: receivedAt,
    receivedAt,
    attemptId: null,
  });
}

function history(at: number): void {
  stores.snapshots.insertHistory([makeHistoryPoint(at, 'sim-alpha')]);
  stores.snapshots.insertCoefficients([
    { at, segment: 'DE:262-01:standard', provider: 'sim-alpha', values: { bias: 1 } },
  ]);
  stores.snapshots.insertEvent({
    at,
    kind: 'change',
    segment: 'DE:262-01:standard',
    provider: 'sim-alpha',
    detail: {},
  });
}

describe('SqliteRetentionStore.purgeBefore', () => {
  it('deletes old finished verifications with everything hanging off them, and old history, and keeps the rest', () => {
    finished('v-old', OLD);
    finished('v-old-expired', OLD + DAY, 'expired');
    finished('v-new', NOW - DAY);
    // Pending whatever its age (a verification is never deleted under a live driver).
    stores.verifications.insert(makeVerification(makeState('v-stuck', OLD)), [
      makeAttempt('v-stuck-a1', 'v-stuck', { startedAt: OLD }),
    ]);
    orphanReceipt('o-old', OLD);
    orphanReceipt('o-new', NOW - DAY);
    history(OLD);
    history(NOW - DAY);
    stores.phoneFailures.increment('old-phone', OLD, 0);
    stores.phoneFailures.increment('new-phone', NOW - DAY, 0);

    const { deleted, more } = stores.transaction(() => stores.retention.purgeBefore(CUTOFF, 100));
    expect(deleted).toEqual({
      verifications: 2,
      attempts: 4,
      receipts: 5,
      transitions: 2,
      routingHistory: 1,
      routingCoefficients: 1,
      routingEvents: 1,
      phoneFailures: 1,
    });
    expect(more).toBe(false);
    const ids = (table: string, column = 'id') =>
      (database.sqlite.prepare(`SELECT ${column} AS id FROM ${table} ORDER BY 1`).all() as { id: string }[]).map(
        (r) => r.id,
      );
    expect(ids('verifications')).toEqual(['v-new', 'v-stuck']);
    expect(ids('attempts')).toEqual(['v-new-a1', 'v-new-a2', 'v-stuck-a1']);
    expect(ids('receipts', 'webhook_id')).toEqual(['o-new', 'v-new-w1', 'v-new-w2']);
    expect(ids('route_transitions', 'verification_id')).toEqual(['v-new']);
    expect(ids('phone_check_failures', 'phone_hash')).toEqual(['new-phone']);
    expect([count('routing_history'), count('routing_coefficients'), count('routing_events')]).toEqual([1, 1, 1]);
    // Nothing left to do.
    expect(stores.retention.purgeBefore(CUTOFF, 100).deleted.verifications).toBe(0);
  });

  it('works in batches of `limit`, oldest first, and says when more is left', () => {
    for (let i = 0; i < 5; i++) {
      finished(`v${i}`, OLD + i * 1_000);
      history(OLD + i);
    }
    const first = stores.retention.purgeBefore(CUTOFF, 2);
    expect(first.deleted.verifications).toBe(2);
    expect(first.deleted.routingHistory).toBe(2);
    expect(first.more).toBe(true);
    expect((database.sqlite.prepare('SELECT min(created_at) AS t FROM verifications').get() as { t: number }).t).toBe(
      OLD + 2_000,
    );
    expect(stores.retention.purgeBefore(CUTOFF, 2).more).toBe(true);
    const last = stores.retention.purgeBefore(CUTOFF, 2);
    expect(last.deleted.verifications).toBe(1);
    expect(last.more).toBe(false);
    expect([count('verifications'), count('attempts'), count('receipts'), count('routing_history')]).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('reads history from the oldest rows only: newer rows stop it without a scan past them', () => {
    history(NOW - DAY);
    history(OLD); // appended later but older: not in the oldest `limit` ids, kept for a later run
    expect(stores.retention.purgeBefore(CUTOFF, 1).deleted.routingHistory).toBe(0);
    expect(stores.retention.purgeBefore(CUTOFF, 2).deleted.routingHistory).toBe(1);
  });

  it('refuses a bad limit', () => {
    expect(() => stores.retention.purgeBefore(CUTOFF, 0)).toThrow(/limit must be an integer >= 1/);
  });
});
