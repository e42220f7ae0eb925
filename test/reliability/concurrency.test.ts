import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../server/events/event-bus.js';
import { FakeProvider } from './fake-provider.js';
import { ApiClient, idOf, mobileNumber } from './harness/api-client.js';
import { checkInvariants, countRows, withDb } from './harness/db-invariants.js';
import { startTestServer, type TestServer } from './harness/test-server.js';
import { reportFigure } from './harness/figures.js';

let fake: FakeProvider;
let server: TestServer;
let api: ApiClient;
const events: LiveEvent[] = [];

beforeAll(async () => {
  // No receipts: the verification stays pending on its accepted attempt while checks race.
  fake = await FakeProvider.start({ id: 'fake-a', receiptDelayMs: null });
  server = await startTestServer({ fakes: [fake] });
  server.running.app.events.subscribe((e) => events.push(e));
  api = new ApiClient(server.url);
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const approvalsOf = (id: string) =>
  events.filter(
    (e) =>
      e.type === 'verification' &&
      (e.data as { verificationId?: string }).verificationId === id &&
      (e.data as { status?: string }).status === 'approved',
  ).length;

describe('concurrency and idempotency', () => {
  it('50 concurrent creates with one Idempotency-Key: one verification, one send, one id', async () => {
    const to = mobileNumber(50_001);
    const before = { rows: countRows(server.files.dbPath, 'verifications'), sends: fake.requests };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => api.create(to, {}, { 'idempotency-key': 'idem-50-concurrent' })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const ids = new Set(responses.filter((r) => r.status === 201).map(idOf));
    expect(ids.size).toBe(1);
    reportFigure(
      '50 concurrent creates, one Idempotency-Key: verifications / sends',
      `${countRows(server.files.dbPath, 'verifications') - before.rows} / ${fake.requests - before.sends}`,
    );
    expect(countRows(server.files.dbPath, 'verifications') - before.rows).toBe(1);
    expect(fake.requests - before.sends).toBe(1);
    // Once the first finished, a retry replays it.
    const replay = await api.create(to, {}, { 'idempotency-key': 'idem-50-concurrent' });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(idOf(replay)).toBe([...ids][0]);
    expect(fake.requests - before.sends).toBe(1);
    const other = await api.create(mobileNumber(50_002), {}, { 'idempotency-key': 'idem-50-concurrent' });
    expect(other.status).toBe(422);
  });

  it('20 concurrent correct checks: one approval, one completed attempt, one reward', async () => {
    const to = mobileNumber(50_003);
    const id = idOf(await api.create(to));
    const code = fake.codeFor(to);
    expect(code).toMatch(/^\d{6}$/);
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.check(id, code)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(responses.map((r) => (r.body as { status: string }).status)).toEqual(Array(20).fill('approved'));
    reportFigure('double approvals (20 concurrent correct checks)', approvalsOf(id) - 1);
    expect(approvalsOf(id)).toBe(1);
    const row = withDb(server.files.dbPath, (db) =>
      db
        .prepare(
          'SELECT SUM(completed) AS completed, SUM(settled) AS settled, COUNT(*) AS n FROM attempts WHERE verification_id = ?',
        )
        .get(id),
    );
    expect(row).toEqual({ completed: 1, settled: 1, n: 1 });
  });

  it('200 concurrent wrong checks: exactly 5 counted, then locked; the right code is refused after', async () => {
    const to = mobileNumber(50_004);
    const id = idOf(await api.create(to));
    const code = fake.codeFor(to) as string;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const responses = await Promise.all(Array.from({ length: 200 }, () => api.check(id, wrong)));
    const byStatus = new Map<string, number>();
    for (const r of responses)
      byStatus.set(
        (r.body as { status: string }).status,
        (byStatus.get((r.body as { status: string }).status) ?? 0) + 1,
      );
    expect(Object.fromEntries(byStatus)).toEqual({ pending: 4, max_attempts_reached: 196 });
    const row = withDb(server.files.dbPath, (db) =>
      db.prepare('SELECT checks, status FROM verifications WHERE id = ?').get(id),
    );
    expect(row).toEqual({ checks: 5, status: 'max_attempts_reached' });
    expect((await api.check(id, code)).body).toEqual({ id, status: 'max_attempts_reached' });
    expect(approvalsOf(id)).toBe(0);
  });

  it('the database invariants hold afterwards', () => {
    expect(checkInvariants(server.files.dbPath).violations).toEqual([]);
  });
});
