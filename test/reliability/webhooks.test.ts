import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider, type ReceiptOptions } from './fake-provider.js';
import { ApiClient, idOf, mobileNumber } from './harness/api-client.js';
import { checkInvariants, countRows, withDb } from './harness/db-invariants.js';
import { makeServerFiles, startTestServer, type TestServer } from './harness/test-server.js';
import { waitFor } from './harness/wait-for.js';
import { reportFigure } from './harness/figures.js';

let fake: FakeProvider;
let server: TestServer;
let api: ApiClient;
let n = 0;

beforeAll(async () => {
  fake = await FakeProvider.start({ id: 'fake-a', receiptDelayMs: null });
  server = await startTestServer({ fakes: [fake] });
  api = new ApiClient(server.url);
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

/** A fresh verification whose single attempt is accepted; returns ids, code and the provider message id. */
async function accepted(): Promise<{ id: string; attemptId: string; messageId: string; code: string }> {
  const to = mobileNumber(90_000 + n++);
  const res = await api.create(to);
  const id = idOf(res);
  const msg = await waitFor('the send', () => fake.messages.find((m) => m.to === to));
  const attemptId = (res.body as { attempts: { id: string }[] }).attempts[0]?.id as string;
  await waitFor('acceptance', () =>
    withDb(
      server.files.dbPath,
      (db) =>
        (db.prepare('SELECT status FROM attempts WHERE id = ?').get(attemptId) as { status: string }).status ===
        'accepted',
    ),
  );
  return { id, attemptId, messageId: msg.messageId, code: fake.codeFor(to) as string };
}

const attemptStatus = (attemptId: string) =>
  withDb(
    server.files.dbPath,
    (db) => (db.prepare('SELECT status FROM attempts WHERE id = ?').get(attemptId) as { status: string }).status,
  );

describe('receipt webhooks', () => {
  it.each<[string, ReceiptOptions]>([
    ['wrong signature', { signature: `v1,${Buffer.alloc(32, 7).toString('base64')}` }],
    ['missing signature', { signature: '' }],
    ['short signature', { signature: 'v1,AAAA' }],
    ['non-base64 signature', { signature: 'v1,!!!not-base64!!!' }],
    ['unknown version', { signature: `v2,${Buffer.alloc(32, 7).toString('base64')}` }],
    ['replay 301 s old', { timestamp: Math.floor(Date.now() / 1000) - 301 }],
    ['timestamp 10 min ahead', { timestamp: Math.floor(Date.now() / 1000) + 600 }],
  ])('%s -> 401, nothing stored or changed', async (_name, options) => {
    const a = await accepted();
    const before = countRows(server.files.dbPath, 'receipts');
    expect(await fake.postReceipt(a.messageId, options)).toBe(401);
    expect(countRows(server.files.dbPath, 'receipts')).toBe(before);
    expect(attemptStatus(a.attemptId)).toBe('accepted');
  });

  it('the same receipt 20 times concurrently: one stored, one state change', async () => {
    const a = await accepted();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => fake.postReceipt(a.messageId, { webhookId: `dup-${a.attemptId}` })),
    );
    expect(statuses).toEqual(Array(20).fill(200));
    const stored = countRows(server.files.dbPath, 'receipts', `webhook_id = 'dup-${a.attemptId}'`);
    reportFigure('double-counted receipts (20 concurrent identical deliveries)', stored - 1);
    expect(stored).toBe(1);
    expect(attemptStatus(a.attemptId)).toBe('delivered');
  });

  it('out-of-order statuses only move forward: failed after delivered changes nothing', async () => {
    const a = await accepted();
    expect(await fake.postReceipt(a.messageId, { status: 'delivered' })).toBe(200);
    expect(await fake.postReceipt(a.messageId, { status: 'failed' })).toBe(200);
    expect(attemptStatus(a.attemptId)).toBe('delivered');
    expect((await api.check(a.id, a.code)).body).toEqual({ id: a.id, status: 'approved' });
  });

  it('a late receipt after approval is stored without reopening anything', async () => {
    const a = await accepted();
    expect((await api.check(a.id, a.code)).body).toEqual({ id: a.id, status: 'approved' });
    expect(await fake.postReceipt(a.messageId, { status: 'failed', webhookId: `late-${a.attemptId}` })).toBe(200);
    expect(countRows(server.files.dbPath, 'receipts', `webhook_id = 'late-${a.attemptId}'`)).toBe(1);
    const v = (await api.get(a.id)).body as { status: string; attempts: unknown[] };
    expect(v.status).toBe('approved');
    expect(v.attempts).toHaveLength(1);
  });

  it('an orphan receipt (unknown message) is stored and changes nothing', async () => {
    const before = countRows(server.files.dbPath, 'verifications');
    expect(await fake.postReceipt('never-sent-message', { webhookId: 'orphan-1' })).toBe(200);
    expect(
      countRows(server.files.dbPath, 'receipts', "webhook_id = 'orphan-1' AND attempt_id IS NULL AND applied = 0"),
    ).toBe(1);
    expect(countRows(server.files.dbPath, 'verifications')).toBe(before);
  });

  it('unknown provider -> 404; malformed JSON -> 400; never a 500', async () => {
    const res = await fetch(`${server.url}/v1/receipts/nobody`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(404);
    const a = await accepted();
    const bad = await fetch(`${server.url}/v1/receipts/fake-a`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"providerMessageId":',
    });
    expect(bad.status).toBe(400);
    expect(attemptStatus(a.attemptId)).toBe('accepted');
    expect(checkInvariants(server.files.dbPath).violations).toEqual([]);
  });
});

describe('a provider that issues its own webhook secret (providers file webhookSecret)', () => {
  it('its receipts verify with that secret and apply; the derived secret no longer does', async () => {
    const issued = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const own = await FakeProvider.start({ id: 'fake-own', receiptDelayMs: null });
    const files = makeServerFiles([{ id: own.id, url: own.url, webhookSecret: issued }]);
    const s = await startTestServer({ fakes: [own], files });
    try {
      const client = new ApiClient(s.url);
      const to = mobileNumber(95_000);
      const res = await client.create(to);
      const attemptId = (res.body as { attempts: { id: string }[] }).attempts[0]?.id as string;
      const msg = await waitFor('the send', () => own.messages.find((m) => m.to === to));
      const status = () =>
        withDb(
          files.dbPath,
          (db) => (db.prepare('SELECT status FROM attempts WHERE id = ?').get(attemptId) as { status: string }).status,
        );
      await waitFor('acceptance', () => status() === 'accepted');
      // startTestServer wired the derived secret: refused.
      expect(await own.postReceipt(msg.messageId)).toBe(401);
      own.setReceiptTarget(s.url, issued);
      expect(await own.postReceipt(msg.messageId)).toBe(200);
      await waitFor('delivery', () => status() === 'delivered');
    } finally {
      await s.stop();
      await own.close();
      rmSync(files.dir, { recursive: true, force: true });
    }
  });
});
