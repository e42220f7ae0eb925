import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyEntry } from '../../server/security/key-file.js';
import { signWebhook } from '../../server/security/webhook-signature.js';
import { providerWebhookSecret } from '../../server/security/webhook-secrets.js';
import { startTestApp, type TestApp } from './test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(() => t.close());

async function sentMessage() {
  const v = await t.createVerification();
  const msg = t.sent.at(-1);
  if (!msg) throw new Error('nothing sent');
  return { v, msg };
}

const statusOf = async (id: string) =>
  (
    await t.json<{ status: string; attempts: { status: string }[] }>(`/v1/verifications/${id}`, {
      key: 'rw_live_test_0123456789abcdefghijk',
    })
  ).body;

describe('POST /v1/receipts/{provider}: signature', () => {
  it('applies a correctly signed receipt without a bearer key', async () => {
    const { v, msg } = await sentMessage();
    const res = await t.postReceipt(msg.provider, {
      providerMessageId: msg.providerMessageId,
      status: 'delivered',
      occurredAt: t.now(),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: 'applied' });
    expect((await statusOf(v.id)).attempts[0]?.status).toBe('delivered');
  });

  const body = { providerMessageId: 'fake-a-msg-1', status: 'delivered', occurredAt: '2025-06-02T12:00:00Z' };
  const otherSecret = 'whsec_' + Buffer.alloc(32, 9).toString('base64');
  it.each([
    ['unsigned', { signature: null }, 'missing_headers'],
    [
      'wrong secret',
      {
        id: 'wh_x',
        signature: signWebhook(otherSecret, 'wh_x', Math.floor(Date.UTC(2025, 5, 2, 12) / 1000), JSON.stringify(body)),
      },
      'bad_signature',
    ],
    ['short signature', { signature: 'v1,AAAA' }, 'bad_signature'],
    ['non-base64 signature', { signature: 'v1,***not base64***' }, 'bad_signature'],
    ['empty signature', { signature: '' }, 'missing_headers'],
    ['stale timestamp (301 s old)', { timestamp: Math.floor(Date.UTC(2025, 5, 2, 12) / 1000) - 301 }, 'expired'],
    ['future timestamp (301 s ahead)', { timestamp: Math.floor(Date.UTC(2025, 5, 2, 12) / 1000) + 301 }, 'expired'],
  ])('%s -> 401 invalid_signature (%s), never 500, nothing stored', async (_name, over, reason) => {
    const res = await t.postReceipt('fake-a', body, over);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe('invalid_signature');
    expect(problem.detail).toBe(`webhook signature rejected: ${reason}`);
    expect(t.stores.receipts.listUnapplied('fake-a', 'fake-a-msg-1')).toEqual([]);
  });

  it('rejects a signature computed for another provider and a body altered after signing', async () => {
    const raw = JSON.stringify(body);
    const ts = Math.floor(t.now() / 1000);
    const forB = signWebhook(providerWebhookSecret(t.keys, 'fake-b'), 'wh_1', ts, raw);
    expect((await t.postReceipt('fake-a', body, { id: 'wh_1', signature: forB })).status).toBe(401);
    const good = signWebhook(providerWebhookSecret(t.keys, 'fake-a'), 'wh_2', ts, raw);
    const altered = await fetch(`${t.url}/v1/receipts/fake-a`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'webhook-id': 'wh_2',
        'webhook-timestamp': String(ts),
        'webhook-signature': good,
      },
      body: raw.replace('delivered', 'failed'),
    });
    expect(altered.status).toBe(401);
  });

  it('answers 404 for an unknown provider and 422 for a signed but invalid body', async () => {
    expect((await t.postReceipt('nobody', body)).status).toBe(404);
    const bad = await t.postReceipt('fake-a', { providerMessageId: 'x', status: 'lost', occurredAt: 'yesterday' });
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as { code: string; issues: { path: string }[] };
    expect(problem.code).toBe('validation_failed');
    expect(problem.issues.map((i) => i.path).sort()).toEqual(['occurredAt', 'status']);
  });
});

describe('POST /v1/receipts/{provider}: dedup and order', () => {
  it('a replayed delivery (same webhook id) is a duplicate and changes state once', async () => {
    const { msg } = await sentMessage();
    const receipt = {
      providerMessageId: msg.providerMessageId,
      status: 'failed',
      errorClass: 'unreachable',
      occurredAt: t.now(),
    };
    const first = await t.postReceipt(msg.provider, receipt, { id: 'wh_same' });
    expect(await first.json()).toEqual({ result: 'applied' });
    await new Promise((r) => setTimeout(r, 5));
    const sends = t.sent.length;
    const again = await t.postReceipt(msg.provider, receipt, { id: 'wh_same' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ result: 'duplicate' });
    await new Promise((r) => setTimeout(r, 5));
    // The failed receipt caused exactly one failover send, not two.
    expect(t.sent.length).toBe(sends);
    const transitions = t.stores.transitions.listByVerification(
      t.stores.verifications.findAttempt(msg.request.attemptId)?.verificationId ?? '',
    );
    expect(transitions).toHaveLength(1);
  });

  it('out of order: a failed receipt after delivered does not undo the delivery, and a receipt before the send answer is an orphan', async () => {
    const { v, msg } = await sentMessage();
    const base = { providerMessageId: msg.providerMessageId, occurredAt: t.now() };
    expect(await (await t.postReceipt(msg.provider, { ...base, status: 'delivered' })).json()).toEqual({
      result: 'applied',
    });
    expect((await t.postReceipt(msg.provider, { ...base, status: 'failed', errorClass: 'unreachable' })).status).toBe(
      200,
    );
    await new Promise((r) => setTimeout(r, 5));
    const view = await statusOf(v.id);
    expect(view.attempts).toHaveLength(1);
    expect(view.attempts[0]?.status).toBe('delivered');
    const early = await t.postReceipt('fake-a', {
      providerMessageId: 'not-yet-known',
      status: 'delivered',
      occurredAt: t.now(),
    });
    expect(await early.json()).toEqual({ result: 'orphan' });
  });
});

describe('POST /v1/receipts/{provider}: rate limit', () => {
  it('limits deliveries per client IP with 429 and Retry-After', async () => {
    await t.close();
    t = await startTestApp({ receiptsPerIpPerMinute: 3 });
    const body = { providerMessageId: 'm', status: 'delivered', occurredAt: 1 };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.postReceipt('fake-a', body, { signature: null })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await t.postReceipt('fake-a', body);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('never throttles a provider posting valid signed receipts, however many', async () => {
    await t.close();
    t = await startTestApp({ receiptsPerIpPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      statuses.push(
        (await t.postReceipt('fake-a', { providerMessageId: `m-${i}`, status: 'delivered', occurredAt: 1 })).status,
      );
    }
    expect(statuses).toEqual(Array(8).fill(200));
  });
});

describe('POST /v1/receipts/{provider}: a secret the provider issued (providers file webhookSecret)', () => {
  it('verifies that provider with its own secret, and no longer with the derived one', async () => {
    await t.close();
    const issued = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    t = await startTestApp({ webhookSecrets: new Map([['fake-a', issued]]) });
    const body = { providerMessageId: 'fake-a-msg-x', status: 'delivered', occurredAt: t.now() };
    const raw = JSON.stringify(body);
    const ts = Math.floor(t.now() / 1000);
    const derived = await t.postReceipt('fake-a', body, { id: 'wh_d' });
    expect(derived.status).toBe(401);
    const own = await t.postReceipt('fake-a', body, { id: 'wh_o', signature: signWebhook(issued, 'wh_o', ts, raw) });
    expect(own.status).toBeLessThan(300);
    // Providers without a configured secret keep the derived one.
    const other = { ...body, providerMessageId: 'fake-b-msg-x' };
    expect((await t.postReceipt('fake-b', other, { id: 'wh_b' })).status).toBeLessThan(300);
    expect(providerWebhookSecret(t.keys, 'fake-a')).not.toBe(issued);
  });
});

describe('POST /v1/receipts/{provider}: after a key rotation', () => {
  it('verifies receipts signed with the secret derived from the old key generation as well as the new one', async () => {
    await t.close();
    const k1 = createKeyEntry('k1', '2025-01-01T00:00:00Z');
    const k2 = createKeyEntry('k2', '2025-06-01T00:00:00Z');
    const before = { active: k1, byId: new Map([['k1', k1]]) };
    const after = {
      active: k2,
      byId: new Map([
        ['k1', k1],
        ['k2', k2],
      ]),
    };
    t = await startTestApp({ keys: after });
    const ts = Math.floor(t.now() / 1000);
    const post = (secret: string, id: string) => {
      const body = { providerMessageId: `m-${id}`, status: 'delivered', occurredAt: t.now() };
      return t.postReceipt('fake-a', body, { id, signature: signWebhook(secret, id, ts, JSON.stringify(body)) });
    };
    expect((await post(providerWebhookSecret(before, 'fake-a'), 'wh_old')).status).toBeLessThan(300);
    expect((await post(providerWebhookSecret(after, 'fake-a'), 'wh_new')).status).toBeLessThan(300);
    const stranger = { active: createKeyEntry('k9', '2025-01-01T00:00:00Z'), byId: new Map() };
    expect((await post(providerWebhookSecret(stranger, 'fake-a'), 'wh_x')).status).toBe(401);
  });
});
