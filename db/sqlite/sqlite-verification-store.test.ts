import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAttempt, makeAttemptState, makeState, makeVerification } from '../testing/record-fixtures.js';
import { openTestStores } from '../testing/open-test-stores.js';
import type { Stores } from '../stores/stores.js';
import type { AttemptPatch } from '../stores/verification-store.js';
import { mulberry32 } from '../../engine/rng.js';
import type { OpenedDatabase } from '../open-database.js';
import { EXPIRED_PENDING_SQL } from './sqlite-verification-store.js';

let stores: Stores;
let database: OpenedDatabase;
let close: () => void;
beforeEach(() => {
  const opened = openTestStores();
  stores = opened.stores;
  database = opened.database;
  close = opened.database.close;
});
afterEach(() => close());

describe('SqliteVerificationStore', () => {
  it('round-trips a verification with its first attempt, scoped to its tenant', () => {
    const state = makeState('v1', 1_000, { attempts: [makeAttemptState('a1', 'sim-alpha', 1_000)] });
    const v = makeVerification(state, { idempotencyKey: 'idem-1' });
    const a = makeAttempt('a1', 'v1', {
      decision: { probabilities: { x: 1 }, scores: { x: 0.5 }, context: { hour: 3 } },
    });
    stores.verifications.insert(v, [a]);
    expect(stores.verifications.findForTenant('t1', 'v1')).toEqual(v);
    expect(stores.verifications.findForTenant('t2', 'v1')).toBeUndefined();
    expect(stores.verifications.findById('v1')).toEqual(v);
    expect(stores.verifications.findById('nope')).toBeUndefined();
    expect(stores.verifications.listAttempts('v1')).toEqual([a]);
  });

  it('inserts nothing when an attempt of the batch fails (one transaction)', () => {
    const v = makeVerification(makeState('v1', 1_000));
    expect(() =>
      stores.verifications.insert(v, [makeAttempt('a1', 'v1'), makeAttempt('a1', 'v1', { seq: 2 })]),
    ).toThrow(/UNIQUE/);
    expect(stores.verifications.findById('v1')).toBeUndefined();
  });

  it('lists pending verifications for restart and the expired ones', () => {
    stores.verifications.insert(makeVerification(makeState('v2', 2_000, { expiresAt: 5_000 })));
    stores.verifications.insert(makeVerification(makeState('v1', 1_000, { expiresAt: 9_000 })));
    stores.verifications.insert(
      makeVerification(makeState('v3', 500, { status: 'approved', finishedAt: 900, finishReason: 'approved' })),
    );
    expect(stores.verifications.listPending().map((v) => v.state.id)).toEqual(['v1', 'v2']);
    expect(stores.verifications.listExpiredPending(5_000).map((v) => v.state.id)).toEqual(['v2']);
    expect(stores.verifications.listExpiredPending(4_999)).toEqual([]);
  });

  it('sweeps expired windows by an index range, not by reading every pending verification', () => {
    // The sweep runs every tick; at 1,000 verifications/s a 5-minute window holds ~300,000
    // pending rows, which an index on status alone made it read (and sort) each time.
    const plan = database.sqlite
      .prepare<[number, number], { detail: string }>(`EXPLAIN QUERY PLAN ${EXPIRED_PENDING_SQL}`)
      .all(0, 500)
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toMatch(/SEARCH verifications USING INDEX verifications_pending_expiry_idx \(expires_at<\?\)/);
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('saveState mirrors status, checks, finish fields and attempt outcomes, but never settles', () => {
    stores.verifications.insert(makeVerification(makeState('v1', 1_000)), [makeAttempt('a1', 'v1')]);
    const finished = makeState('v1', 1_000, {
      status: 'approved',
      checks: 2,
      finishedAt: 4_000,
      finishReason: 'approved',
      attempts: [
        makeAttemptState('a1', 'sim-alpha', 1_000, {
          status: 'delivered',
          acceptedAt: 1_100,
          receiptAt: 2_000,
          completed: true,
          cost: 0.05,
          settled: true,
        }),
      ],
    });
    expect(stores.verifications.saveState(finished)).toBe(true);
    expect(stores.verifications.findById('v1')?.state).toEqual(finished);
    expect(stores.verifications.listPending()).toEqual([]);
    const [a] = stores.verifications.listAttempts('v1');
    expect(a).toMatchObject({
      status: 'delivered',
      acceptedAt: 1_100,
      receiptAt: 2_000,
      completed: true,
      completedAt: 4_000,
      cost: 0.05,
      settled: false,
    });
    expect(stores.verifications.saveState(makeState('ghost', 1))).toBe(false);
  });

  it('erases the sealed number once the state that ends the verification is saved, and keeps it while pending', () => {
    stores.verifications.insert(makeVerification(makeState('v1', 1_000)));
    stores.verifications.insert(makeVerification(makeState('v2', 1_000)));
    const sealed = stores.verifications.findById('v1')?.phoneEnc;
    expect(sealed?.length).toBeGreaterThan(0);
    stores.verifications.saveState(makeState('v1', 1_000, { checks: 1 }));
    expect(stores.verifications.findById('v1')?.phoneEnc).toEqual(sealed);
    stores.verifications.saveState(
      makeState('v1', 1_000, { status: 'expired', finishedAt: 9_000, finishReason: 'expired' }),
    );
    const after = stores.verifications.findById('v1');
    expect(after?.phoneEnc.length).toBe(0);
    expect(after?.phoneHash).toBe('a'.repeat(64));
    expect(stores.verifications.findById('v2')?.phoneEnc).toEqual(sealed);
  });

  it('insert and saveState with patches write the same rows as insert, saveState and updateAttempt of each patch', () => {
    const other = openTestStores();
    try {
      const random = mulberry32(7);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
      const statuses = ['sending', 'accepted', 'delivered', 'undelivered', 'rejected', 'timed_out'] as const;
      for (let n = 0; n < 200; n++) {
        const id = `v${n}`;
        const k = 1 + Math.floor(random() * 3);
        const before = makeState(id, 1_000);
        const rows = Array.from({ length: k }, (_, i) =>
          makeAttempt(`${id}-a${i}`, id, {
            seq: i + 1,
            timerAt: pick([null, 9_000]),
            completedAt: pick([null, null, 3_000]),
            providerMessageId: pick([null, `pm-${n}-${i}`]),
          }),
        );
        other.stores.verifications.insert(makeVerification(before), rows);
        const finished = random() < 0.3;
        const after = makeState(id, 1_000, {
          ...(finished ? { status: 'approved', finishedAt: 5_000, finishReason: 'approved' } : {}),
          attempts: rows.map((r) =>
            makeAttemptState(r.id, 'sim-alpha', 1_000, {
              status: pick(statuses),
              ...(random() < 0.5 ? { acceptedAt: 1_100 } : {}),
              ...(random() < 0.5 ? { receiptAt: 2_000, errorClass: pick(['unknown', 'invalid_number']) } : {}),
              completed: random() < 0.4,
              cost: pick([0, 0.03, 0.05]),
            }),
          ),
        });
        const patches = new Map<string, AttemptPatch>();
        for (const r of [...rows.map((x) => x.id), 'not-an-attempt-of-it']) {
          if (random() < 0.4) continue;
          const patch: Record<string, unknown> = {};
          if (random() < 0.5) patch.timerAt = pick([null, 12_000, undefined]);
          if (random() < 0.4) patch.providerMessageId = pick([null, `pm-new-${r}`]);
          if (random() < 0.3) patch.completedAt = pick([4_000, null]);
          if (random() < 0.2) patch.status = pick(statuses);
          if (random() < 0.2) patch.completed = random() < 0.5;
          if (random() < 0.2) patch.cost = 0.07;
          if (random() < 0.2) patch.acceptedAt = pick([null, 1_300]);
          if (random() < 0.2) patch.errorClass = pick([null, 'provider_error']);
          patches.set(r, patch as AttemptPatch);
        }
        // Half the verifications are inserted as the step leaves them, half inserted and then saved.
        if (n % 2 === 0) stores.verifications.insert(makeVerification(after), rows, patches);
        else {
          stores.verifications.insert(makeVerification(before), rows);
          expect(stores.verifications.saveState(after, patches)).toBe(true);
        }
        expect(other.stores.verifications.saveState(after)).toBe(true);
        for (const [attemptId, patch] of patches) other.stores.verifications.updateAttempt(attemptId, patch);
      }
      const dump = (db: OpenedDatabase) => ({
        attempts: db.sqlite.prepare('SELECT * FROM attempts ORDER BY id').all(),
        verifications: db.sqlite.prepare('SELECT * FROM verifications ORDER BY id').all(),
      });
      expect(dump(database)).toEqual(dump(other.database));
    } finally {
      other.database.close();
    }
  });

  it('updateAttempt applies only the given fields and can clear a nullable one', () => {
    stores.verifications.insert(makeVerification(makeState('v1', 1_000)), [
      makeAttempt('a1', 'v1', { timerAt: 21_000 }),
    ]);
    expect(
      stores.verifications.updateAttempt('a1', {
        status: 'accepted',
        acceptedAt: 1_200,
        providerMessageId: 'pm-1',
        cost: 0.04,
      }),
    ).toBe(true);
    let [a] = stores.verifications.listAttempts('v1');
    expect(a).toMatchObject({
      status: 'accepted',
      acceptedAt: 1_200,
      providerMessageId: 'pm-1',
      cost: 0.04,
      timerAt: 21_000,
      completed: false,
    });
    expect(stores.verifications.updateAttempt('a1', { timerAt: null, completed: true })).toBe(true);
    [a] = stores.verifications.listAttempts('v1');
    expect(a).toMatchObject({ timerAt: null, completed: true, providerMessageId: 'pm-1' });
    expect(stores.verifications.updateAttempt('ghost', { status: 'rejected' })).toBe(false);
  });

  it('settles an attempt exactly once', () => {
    stores.verifications.insert(makeVerification(makeState('v1', 1_000)), [makeAttempt('a1', 'v1')]);
    expect(stores.verifications.settleAttempt('a1', 0.8, '2')).toBe(true);
    expect(stores.verifications.settleAttempt('a1', 0.1, '3')).toBe(false);
    expect(stores.verifications.listAttempts('v1')[0]).toMatchObject({
      settled: true,
      reward: 0.8,
      rewardVersion: '2',
    });
  });

  it('finds an attempt by (provider, provider message id)', () => {
    stores.verifications.insert(makeVerification(makeState('v1', 1_000)), [
      makeAttempt('a1', 'v1', { providerMessageId: 'pm-1' }),
      makeAttempt('a2', 'v1', { seq: 2, provider: 'sim-beta', providerMessageId: 'pm-1' }),
    ]);
    expect(stores.verifications.findAttemptByProviderMessageId('sim-beta', 'pm-1')?.id).toBe('a2');
    expect(stores.verifications.findAttemptByProviderMessageId('sim-gamma', 'pm-1')).toBeUndefined();
  });

  it('finds due attempts: timer passed, unsettled, still waiting for a receipt, earliest first', () => {
    stores.verifications.insert(makeVerification(makeState('v1', 1_000)), [
      makeAttempt('a1', 'v1', { seq: 1, timerAt: 5_000, status: 'accepted' }),
      makeAttempt('a2', 'v1', { seq: 2, timerAt: 3_000, status: 'sending' }),
      makeAttempt('a3', 'v1', { seq: 3, timerAt: 2_000, status: 'delivered' }),
      makeAttempt('a4', 'v1', { seq: 4, timerAt: 2_000, status: 'accepted', settled: true }),
      makeAttempt('a5', 'v1', { seq: 5, timerAt: 9_000, status: 'accepted' }),
      makeAttempt('a6', 'v1', { seq: 6, timerAt: null, status: 'accepted' }),
    ]);
    expect(stores.verifications.findDueAttempts(5_000).map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(stores.verifications.findDueAttempts(5_000, 1).map((a) => a.id)).toEqual(['a2']);
  });

  it('refuses an attempt of an unknown verification (foreign key)', () => {
    expect(() => stores.verifications.insertAttempt(makeAttempt('a1', 'ghost'))).toThrow(/FOREIGN KEY/);
  });
});
