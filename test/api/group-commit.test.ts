import { afterEach, describe, expect, it } from 'vitest';
import type { VerificationStore } from '../../db/stores/verification-store.js';
import { PHONE, startTestApp, TENANT_KEY, type TestApp } from './test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const create = (app: TestApp) =>
  app.call('/v1/verifications', { method: 'POST', key: TENANT_KEY, body: JSON.stringify({ to: PHONE, action: 'login' }) });

/**
 * Makes every create's batch fail at COMMIT with a deferred foreign-key violation: the statements
 * succeed, the COMMIT fails (as it would on a full disk), and SQLite keeps the transaction for
 * the batch to roll back. Returns the function that restores the store.
 */
function failCreateCommits(app: TestApp): () => void {
  const sqlite = app.database.sqlite;
  const verifications = app.stores.verifications as { -readonly [K in keyof VerificationStore]: VerificationStore[K] };
  const insert = verifications.insert;
  verifications.insert = (v, attempts, patches) => {
    insert(v, attempts, patches);
    sqlite.pragma('defer_foreign_keys = ON');
    sqlite
      .prepare('INSERT INTO api_keys (id, tenant_id, scope, key_hash, key_prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run('key_orphan', 'no-such-tenant', 'tenant', 'h', 'p', 0);
  };
  return () => {
    verifications.insert = insert;
  };
}

describe('group commit (ADR 0008), through the real app', () => {
  it('answers 503 and sends no SMS when the batch holding the create fails to commit, and carries on', async () => {
    t = await startTestApp();
    const app = t;
    const sqlite = app.database.sqlite;
    const published: string[] = [];
    app.app.events.subscribe((e) => void published.push(e.type));
    const restore = failCreateCommits(app);
    // The caller is told to retry; it never sees a 201 for a verification that is not stored.
    const failed = await create(app);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('1');
    expect(await failed.json()).toMatchObject({ code: 'not_stored' });
    await new Promise((r) => setTimeout(r, 20));
    expect(app.sent).toEqual([]);
    expect(sqlite.prepare('SELECT count(*) AS n FROM verifications').get()).toEqual({ n: 0 });
    expect(sqlite.prepare("SELECT count(*) AS n FROM api_keys WHERE id = 'key_orphan'").get()).toEqual({ n: 0 });
    expect(sqlite.inTransaction).toBe(false);
    // No live event either: the dashboard never shows a decision that was not stored.
    expect(published).toEqual([]);

    restore();
    const ok = await create(app);
    expect(ok.status).toBe(201);
    await new Promise((r) => setTimeout(r, 20));
    expect(app.sent).toHaveLength(1);
    expect(sqlite.prepare('SELECT count(*) AS n FROM verifications').get()).toEqual({ n: 1 });
    expect(published).toContain('decision');
  });

  it('rolls an idempotent create back with its in-flight key: the retry with the same key runs once, then replays', async () => {
    t = await startTestApp();
    const app = t;
    const sqlite = app.database.sqlite;
    const restore = failCreateCommits(app);
    const keyed = () =>
      app.call('/v1/verifications', {
        method: 'POST',
        key: TENANT_KEY,
        headers: { 'Idempotency-Key': 'order-42' },
        body: JSON.stringify({ to: PHONE, action: 'login' }),
      });
    // The key's in-flight record is written in the create's turn: it either joins the failed
    // batch or committed just before it and is abandoned with the refusal. Either way no
    // record is left, so the retry is not refused with 409 for a day, and nothing was sent twice.
    const failed = await keyed();
    expect(failed.status).toBe(503);
    expect(sqlite.prepare('SELECT count(*) AS n FROM idempotency_records').get()).toEqual({ n: 0 });
    restore();
    const first = await keyed();
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    const replay = await keyed();
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { id: string }).id).toBe(id);
    await new Promise((r) => setTimeout(r, 20));
    expect(app.sent).toHaveLength(1);
    expect(sqlite.prepare('SELECT count(*) AS n FROM verifications').get()).toEqual({ n: 1 });
  });

  it('never answers "approved" for a check whose batch failed to commit: the connection is cut, the code still works', async () => {
    t = await startTestApp();
    const app = t;
    const sqlite = app.database.sqlite;
    const { id } = await app.createVerification();
    const code = app.sent[0]?.code ?? '';
    const verifications = app.stores.verifications as { -readonly [K in keyof VerificationStore]: VerificationStore[K] };
    const saveState = verifications.saveState;
    verifications.saveState = (state) => {
      const changed = saveState(state);
      sqlite.pragma('defer_foreign_keys = ON');
      sqlite
        .prepare('INSERT INTO api_keys (id, tenant_id, scope, key_hash, key_prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run('key_orphan', 'no-such-tenant', 'tenant', 'h', 'p', 0);
      return changed;
    };
    const check = () =>
      app.call(`/v1/verifications/${id}/checks`, { method: 'POST', key: TENANT_KEY, body: JSON.stringify({ code }) });
    await expect(check()).rejects.toThrow();
    verifications.saveState = saveState;
    expect((await app.json<{ status: string }>(`/v1/verifications/${id}`, { key: TENANT_KEY })).body.status).toBe('pending');
    const again = await check();
    expect(await again.json()).toEqual({ id, status: 'approved' });
  });
});

describe('a new verification is written once (the create step)', () => {
  it('inserts its rows as the step leaves them, timer armed, with no update of them in the same transaction', async () => {
    t = await startTestApp();
    const app = t;
    const sqlite = app.database.sqlite;
    const verifications = app.stores.verifications as {
      -readonly [K in keyof VerificationStore]: VerificationStore[K];
    };
    const { insert, saveState, updateAttempt } = verifications;
    let inCreate = false;
    let writesInCreate = 0;
    let rowsAtInsert: { v: Record<string, unknown>; a: Record<string, unknown>[] } | undefined;
    verifications.insert = (v, attempts, patches) => {
      insert(v, attempts, patches);
      rowsAtInsert = {
        v: sqlite.prepare('SELECT * FROM verifications WHERE id = ?').get(v.state.id) as Record<string, unknown>,
        a: sqlite.prepare('SELECT * FROM attempts WHERE verification_id = ? ORDER BY seq').all(v.state.id) as Record<
          string,
          unknown
        >[],
      };
      inCreate = true;
      queueMicrotask(() => (inCreate = false));
    };
    verifications.saveState = (s) => {
      if (inCreate) writesInCreate++;
      return saveState(s);
    };
    verifications.updateAttempt = (id, patch) => {
      if (inCreate) writesInCreate++;
      return updateAttempt(id, patch);
    };

    const created = await create(app);
    expect(created.status).toBe(201);
    expect(writesInCreate).toBe(0);
    const rows = rowsAtInsert!;
    const state = JSON.parse(rows.v.state_json as string) as {
      status: string;
      attempts: { id: string; status: string; budgetMs: number; startedAt: number }[];
    };
    expect(state.status).toBe('pending');
    expect(rows.v.status).toBe('pending');
    expect((rows.v.phone_enc as Buffer).length).toBeGreaterThan(0);
    expect(rows.a).toHaveLength(1);
    const [attempt] = rows.a;
    const [attemptState] = state.attempts;
    // The soft-failure timer the reducer armed is in the inserted row (it was a later UPDATE).
    expect(attempt).toMatchObject({
      id: attemptState!.id,
      status: attemptState!.status,
      timer_at: attemptState!.startedAt + attemptState!.budgetMs,
      completed: 0,
      settled: 0,
    });
    verifications.insert = insert;
    verifications.saveState = saveState;
    verifications.updateAttempt = updateAttempt;
  });
});
