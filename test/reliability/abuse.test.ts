import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider } from './fake-provider.js';
import { addTenant } from './harness/add-tenant.js';
import { ApiClient, idOf, mobileNumber } from './harness/api-client.js';
import { startClockedApp } from './harness/clocked-app.js';
import { checkInvariants } from './harness/db-invariants.js';
import { startTestServer, type TestServer } from './harness/test-server.js';

let fake: FakeProvider;
let server: TestServer;
let api: ApiClient;

beforeAll(async () => {
  fake = await FakeProvider.start({ id: 'fake-a', receiptDelayMs: null });
  server = await startTestServer({ fakes: [fake] });
  api = new ApiClient(server.url);
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const statusOf = (r: { body: unknown }) => (r.body as { status: string }).status;
const wrongFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('brute force', () => {
  it('the sixth wrong check is refused, and the right code is refused after that', async () => {
    const to = mobileNumber(60_001);
    const id = idOf(await api.create(to));
    const code = fake.codeFor(to) as string;
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(statusOf(await api.check(id, wrongFor(code))));
    expect(answers).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
      'max_attempts_reached',
      'max_attempts_reached',
    ]);
    expect(statusOf(await api.check(id, code))).toBe('max_attempts_reached');
  });

  it('new verifications do not reset the per-phone failure count (10 across verifications)', async () => {
    const to = mobileNumber(60_002);
    for (const wrong of [4, 4]) {
      const id = idOf(await api.create(to));
      for (let i = 0; i < wrong; i++)
        expect(statusOf(await api.check(id, wrongFor(fake.codeFor(to) as string)))).toBe('pending');
    }
    const id = idOf(await api.create(to));
    const code = fake.codeFor(to) as string;
    // Failures 9 and 10 on the number (the lock applies from the next check on).
    expect(statusOf(await api.check(id, wrongFor(code)))).toBe('pending');
    expect(statusOf(await api.check(id, wrongFor(code)))).toBe('pending');
    // Only 2 wrong checks on this verification, but 10 on the number: the right code is refused.
    expect(statusOf(await api.check(id, code))).toBe('max_attempts_reached');
    const again = await api.create(to);
    expect(again.status).toBe(429);
    expect(again.body).toMatchObject({ code: 'phone_locked' });
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('the per-phone lock ends 24 h after the last failure, as Retry-After says, and the count starts again', async () => {
    const f = await FakeProvider.start({ id: 'fake-l', receiptDelayMs: null });
    const app = await startClockedApp({ fakes: [f] });
    try {
      const client = new ApiClient(app.url);
      const to = mobileNumber(60_010);
      for (let round = 0; round < 2; round++) {
        const id = idOf(await client.create(to));
        for (let i = 0; i < 5; i++) await client.check(id, wrongFor(f.codeFor(to) as string));
        app.advance(11 * 60_000); // past the per-phone create limit's window
      }
      const locked = await client.create(to);
      expect([locked.status, (locked.body as { code: string }).code]).toEqual([429, 'phone_locked']);
      // 11 minutes have passed since the 10th failure.
      expect(Number(locked.headers.get('retry-after'))).toBe(24 * 3600 - 11 * 60);
      app.advance(24 * 3_600_000 - 12 * 60_000);
      const still = await client.create(to);
      expect(still.status).toBe(429);
      expect(Number(still.headers.get('retry-after'))).toBe(60);
      app.advance(61_000);
      const id = idOf(await client.create(to));
      // Lapsed: one more wrong check counts as the first, not the eleventh.
      expect(statusOf(await client.check(id, wrongFor(f.codeFor(to) as string)))).toBe('pending');
      expect(statusOf(await client.check(id, f.codeFor(to) as string))).toBe('approved');
    } finally {
      await app.stop();
      await f.close();
    }
  });

  it('a resend storm (20 concurrent creates for one number) is capped at 5 sends', async () => {
    const to = mobileNumber(60_003);
    const before = fake.requests;
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.create(to)));
    const counts = responses.reduce<Record<number, number>>(
      (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }),
      {},
    );
    expect(counts).toEqual({ 201: 5, 429: 15 });
    expect(fake.requests - before).toBe(5);
    expect(responses.find((r) => r.status === 429)?.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('SMS pumping', () => {
  it('sequential numbers in one prefix with no completions get the prefix throttled within 25 requests; other prefixes are unaffected', async () => {
    let throttledAt: number | undefined;
    for (let i = 0; i < 25 && throttledAt === undefined; i++) {
      const res = await api.create(`+4917012${String(i).padStart(5, '0')}`);
      if (res.status === 429) {
        expect(res.body).toMatchObject({ code: 'pumping_suspected' });
        throttledAt = i;
      } else expect(res.status).toBe(201);
    }
    expect(throttledAt).toBeDefined();
    expect((await api.create('+4917012099999')).status).toBe(429);
    expect((await api.create(mobileNumber(60_004))).status).toBe(201);
    expect((await api.create('+4917112000001')).status).toBe(201);
  });
});

describe('tenants and geo permissions', () => {
  it('a geo-denied country is refused before any send', async () => {
    const key = addTenant(server.files.dbPath, 'tn_geo', ['FR']);
    const before = fake.requests;
    const res = await new ApiClient(server.url, key).create(mobileNumber(60_005));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'geo_not_permitted' });
    expect(fake.requests).toBe(before);
  });

  it("one tenant cannot read, check or cancel another's verification, and learns nothing from trying", async () => {
    const to = mobileNumber(60_006);
    const id = idOf(await api.create(to));
    const other = new ApiClient(server.url, addTenant(server.files.dbPath, 'tn_other', null));
    const unknownId = 'vf_AAAAAAAAAAAAAAAAAAAA';
    const [mine, unknown] = [await other.get(id), await other.get(unknownId)];
    expect(mine.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect((mine.body as { detail: string }).detail).toBe((unknown.body as { detail: string }).detail);
    expect((await other.check(id, fake.codeFor(to))).body).toEqual({ id, status: 'pending' });
    expect((await other.request(`/v1/verifications/${id}/cancel`, {})).status).toBe(404);
    // The owner still completes with the right code: the stranger's check did not count or cancel.
    expect((await api.check(id, fake.codeFor(to))).body).toEqual({ id, status: 'approved' });
  });

  it('unknown id, wrong code and canceled answer identically', async () => {
    const to = mobileNumber(60_007);
    const live = idOf(await api.create(to));
    const canceled = idOf(await api.create(mobileNumber(60_008)));
    expect((await api.request(`/v1/verifications/${canceled}/cancel`, {})).status).toBe(200);
    const answers = await Promise.all([
      api.check('vf_BBBBBBBBBBBBBBBBBBBB', '123456'),
      api.check(live, wrongFor(fake.codeFor(to) as string)),
      api.check(canceled, '000000'),
    ]);
    expect(
      answers.map((a) => [
        a.status,
        statusOf(a),
        Object.keys(a.body as object)
          .sort()
          .join(','),
        a.headers.get('content-type'),
      ]),
    ).toEqual(Array(3).fill([200, 'pending', 'id,status', 'application/json; charset=utf-8']));
    expect(checkInvariants(server.files.dbPath).violations).toEqual([]);
  });
});

describe('client identity for the limiter', () => {
  it('a forged X-Forwarded-For does not change which client the per-IP limiter counts', async () => {
    const f = await FakeProvider.start({ id: 'fake-x', receiptDelayMs: null });
    const app = await startClockedApp({
      fakes: [f],
      over: { limits: { perPhone: 5, perTenant: 1_000_000, perIp: 10 } },
    });
    try {
      const client = new ApiClient(app.url);
      const statuses = [];
      for (let i = 0; i < 12; i++)
        statuses.push(
          (await client.create(mobileNumber(61_000 + i), {}, { 'x-forwarded-for': `203.0.113.${i}` })).status,
        );
      expect(statuses).toEqual([...Array(10).fill(201), 429, 429]);
    } finally {
      await app.stop();
      await f.close();
    }
  });
});
