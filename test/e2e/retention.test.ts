import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, eventually, numbers, startE2eServer, waitForCode, type E2eServer } from './e2e-server.js';

const DAY = 86_400_000;
let server: E2eServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('data retention (ROUTEWISE_RETENTION_DAYS) and number erasure', () => {
  it('deletes verifications older than the period with their attempts, receipts and transitions, and counts them', async () => {
    server = await startE2eServer({ ROUTEWISE_RETENTION_DAYS: '2' });
    const s = server;
    const next = numbers('DE', 71);
    const make = async () => {
      const to = next();
      const created = await s.call('POST', '/v1/verifications', { body: { to, action: 'login' } });
      expect(created.status).toBe(201);
      const id = created.json.id as string;
      const { code } = await waitForCode(s, to);
      expect((await s.call('POST', `/v1/verifications/${id}/checks`, { body: { code } })).json.status).toBe('approved');
      return id;
    };
    const old = await make();
    const recent = await make();
    const pending = (await s.call('POST', '/v1/verifications', { body: { to: next(), action: 'login' } })).json
      .id as string;
    // Numbers are erased as soon as a verification ends; a pending one keeps its sealed number.
    await eventually(
      () => s.count('SELECT length(phone_enc) FROM verifications WHERE id = ?', recent),
      (n) => n === 0,
    );
    expect(s.count('SELECT length(phone_enc) FROM verifications WHERE id = ?', pending)).toBeGreaterThan(0);
    // Three days pass for `old` (and for the pending one, which must survive anyway): age them in
    // the database file, as an operator's clock would.
    const writer = new Database(s.dbPath);
    writer.pragma('busy_timeout = 5000');
    for (const id of [old, pending]) {
      writer.prepare('UPDATE verifications SET created_at = created_at - ? WHERE id = ?').run(3 * DAY, id);
    }
    writer.close();
    const attemptsOfOld = s.count('SELECT count(*) FROM attempts WHERE verification_id = ?', old);
    expect(attemptsOfOld).toBeGreaterThan(0);

    const run = await s.running.retention?.runOnce();
    expect(run?.deleted.verifications).toBe(1);
    expect(run?.deleted.attempts).toBe(attemptsOfOld);
    expect((await s.call('GET', `/v1/verifications/${old}`)).status).toBe(404);
    expect((await s.call('GET', `/v1/verifications/${recent}`)).status).toBe(200);
    expect((await s.call('GET', `/v1/verifications/${pending}`)).status).toBe(200);
    expect(s.count('SELECT count(*) FROM attempts WHERE verification_id = ?', old)).toBe(0);
    expect(s.count('SELECT count(*) FROM route_transitions WHERE verification_id = ?', old)).toBe(0);
    const metrics = await s.call('GET', '/metrics', { key: ADMIN_KEY });
    expect(metrics.text).toMatch(/^routewise_retention_deleted_total\{table="verifications"\} 1$/m);
    // Nothing more to delete: the next run is empty.
    expect((await s.running.retention?.runOnce())?.deleted.verifications).toBe(0);
  });

  it('keeps everything with ROUTEWISE_RETENTION_DAYS=0', async () => {
    server = await startE2eServer({ ROUTEWISE_RETENTION_DAYS: '0' });
    expect(server.running.retention).toBeUndefined();
  });
});
