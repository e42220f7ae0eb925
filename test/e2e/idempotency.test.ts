import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { numbers, slowDownSends, startE2eServer, type E2eServer } from './e2e-server.js';

let server: E2eServer;
const next = numbers('GB', 31);

// Only Date is faked (the server's clock), and it runs on with real time: tests jump it forward.
beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  server = await startE2eServer();
});
afterAll(async () => {
  await server?.stop();
  vi.useRealTimers();
});

const create = (body: unknown, key: string) =>
  server.call('POST', '/v1/verifications', { body, headers: { 'idempotency-key': key } });

describe('Idempotency-Key', () => {
  it('same key and body: the same response, one verification, one send', async () => {
    const body = { to: next(), action: 'login' };
    const rows = server.count('SELECT count(*) FROM verifications');
    const attemptRows = server.count('SELECT count(*) FROM attempts');
    const first = await create(body, 'idem-same-1');
    const second = await create(body, 'idem-same-1');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(server.count('SELECT count(*) FROM verifications')).toBe(rows + 1);
    // The replay made no attempt of its own.
    const attemptIds = (first.json.attempts as { id: string }[]).map((a) => a.id);
    expect(attemptIds.length).toBeGreaterThanOrEqual(1);
    expect(server.count('SELECT count(*) FROM attempts')).toBe(attemptRows + attemptIds.length);
    // Every message that reached the handset belongs to the one verification (all have landed 30 s later).
    vi.setSystemTime(Date.now() + 30_000);
    const inbox = (await server.call('GET', `/v1/sandbox/messages?to=${encodeURIComponent(body.to)}`)).json
      .messages as { attemptId: string }[];
    expect(inbox.length).toBeGreaterThanOrEqual(1);
    expect(inbox.length).toBeLessThanOrEqual(attemptIds.length);
    for (const m of inbox) expect(attemptIds).toContain(m.attemptId);
  });

  it('same key, different body: 422 idempotency_key_reused, nothing written', async () => {
    const to = next();
    expect((await create({ to, action: 'login' }, 'idem-diff-1')).status).toBe(201);
    const rows = server.count('SELECT count(*) FROM verifications');
    const other = await create({ to, action: 'signup' }, 'idem-diff-1');
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.json.code).toBe('idempotency_key_reused');
    expect(server.count('SELECT count(*) FROM verifications')).toBe(rows);
  });

  it('the key is scoped to the body, not to field order', async () => {
    const to = next();
    const a = await create({ to, action: 'login' }, 'idem-order-1');
    const b = await create({ action: 'login', to }, 'idem-order-1');
    expect(a.status).toBe(201);
    // Field order is not part of the request's meaning; a replay is expected, 422 would be a false conflict.
    expect([b.status, b.json.code ?? null]).toEqual([201, null]);
  });

  it('same key while the first request is in flight: 409, and still one send', async () => {
    const restore = slowDownSends(server.running, 400);
    try {
      const body = { to: next(), action: 'login' };
      const rows = server.count('SELECT count(*) FROM verifications');
      const [a, b] = await Promise.all([
        create(body, 'idem-race-1'),
        new Promise((r) => setTimeout(r, 100)).then(() => create(body, 'idem-race-1')),
      ]);
      expect(a.status).toBe(201);
      expect(b.status).toBe(409);
      expect(b.json.code).toBe('idempotency_in_flight');
      expect(b.headers.get('content-type')).toContain('application/problem+json');
      expect(server.count('SELECT count(*) FROM verifications')).toBe(rows + 1);
      // After the first finished, the key replays it.
      const c = await create(body, 'idem-race-1');
      expect(c.status).toBe(201);
      expect(c.json.id).toBe(a.json.id);
    } finally {
      restore();
    }
  });

  it('a refused request does not burn the key: a retry with the same key may run', async () => {
    const body = { to: next(), action: 'login', fraudScore: 0.95 };
    const refused = await create(body, 'idem-refused-1');
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('fraud_score_too_high');
    const again = await create(body, 'idem-refused-1');
    expect(again.status).toBe(403);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });
});
