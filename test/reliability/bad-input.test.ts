import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider } from './fake-provider.js';
import { ApiClient, idOf, mobileNumber, type RequestOptions } from './harness/api-client.js';
import { checkInvariants, countRows, withDb } from './harness/db-invariants.js';
import { startTestServer, type TestServer } from './harness/test-server.js';

let fake: FakeProvider;
let server: TestServer;
let api: ApiClient;

beforeAll(async () => {
  fake = await FakeProvider.start({ id: 'fake-a' });
  server = await startTestServer({ fakes: [fake] });
  api = new ApiClient(server.url);
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const VALID = { to: mobileNumber(1), action: 'login' };
const json = (o: unknown) => JSON.stringify(o);

describe('bad create requests: a 4xx problem, nothing written, nothing sent', () => {
  it.each<[string, RequestOptions, number, string]>([
    [
      'malformed JSON',
      { raw: '{"to": "+4915', headers: { 'content-type': 'application/json' } },
      400,
      'malformed_json',
    ],
    [
      'truncated JSON',
      { raw: '{"to":"+4915112345678","action":"lo', headers: { 'content-type': 'application/json' } },
      400,
      'malformed_json',
    ],
    [
      'NaN literal',
      {
        raw: '{"to":"+4915112345678","action":"login","fraudScore":NaN}',
        headers: { 'content-type': 'application/json' },
      },
      400,
      'malformed_json',
    ],
    ['JSON array', { raw: '[1,2]', headers: { 'content-type': 'application/json' } }, 422, 'validation_failed'],
    ['bare JSON string', { raw: '"hello"', headers: { 'content-type': 'application/json' } }, 400, 'malformed_json'],
    [
      '101 kB body',
      { raw: json({ ...VALID, pad: 'x'.repeat(101 * 1024) }), headers: { 'content-type': 'application/json' } },
      413,
      'payload_too_large',
    ],
    [
      'wrong content type',
      { raw: json(VALID), headers: { 'content-type': 'text/plain' } },
      415,
      'unsupported_media_type',
    ],
    [
      'form content type',
      { raw: 'to=%2B4915112345678&action=login', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      'unsupported_media_type',
    ],
    ['no number', { raw: json({ action: 'login' }) }, 422, 'validation_failed'],
    ['not E.164', { raw: json({ ...VALID, to: '015112345678' }) }, 422, 'validation_failed'],
    ['over-long number', { raw: json({ ...VALID, to: '+4915112345678901' }) }, 422, 'validation_failed'],
    ['invalid number', { raw: json({ ...VALID, to: '+4912345' }) }, 422, 'invalid_phone_number'],
    ['landline', { raw: json({ ...VALID, to: '+4930123456' }) }, 422, 'invalid_phone_number'],
    ['premium-rate (DE 900)', { raw: json({ ...VALID, to: '+499001234567' }) }, 422, 'invalid_phone_number'],
    ['premium-rate (US 900)', { raw: json({ ...VALID, to: '+19002345678' }) }, 422, 'invalid_phone_number'],
    ['toll-free', { raw: json({ ...VALID, to: '+18002345678' }) }, 422, 'invalid_phone_number'],
    ['fraudScore -1', { raw: json({ ...VALID, fraudScore: -1 }) }, 422, 'validation_failed'],
    ['fraudScore "0.5"', { raw: json({ ...VALID, fraudScore: '0.5' }) }, 422, 'validation_failed'],
    [
      'fraudScore 1e309',
      { raw: '{"to":"+4915112345678","action":"login","fraudScore":1e309}' },
      422,
      'validation_failed',
    ],
    ['windowSeconds 0.5', { raw: json({ ...VALID, windowSeconds: 0.5 }) }, 422, 'validation_failed'],
    ['windowSeconds -1', { raw: json({ ...VALID, windowSeconds: -1 }) }, 422, 'validation_failed'],
    ['windowSeconds "60"', { raw: json({ ...VALID, windowSeconds: '60' }) }, 422, 'validation_failed'],
    ['unknown action', { raw: json({ ...VALID, action: 'pay' }) }, 422, 'validation_failed'],
    ['routeClass null', { raw: json({ ...VALID, routeClass: null }) }, 422, 'validation_failed'],
    [
      '__proto__ key',
      { raw: '{"to":"+4915112345678","action":"login","__proto__":{"polluted":true}}' },
      422,
      'validation_failed',
    ],
    [
      'constructor key',
      { raw: '{"to":"+4915112345678","action":"login","constructor":{"prototype":{"polluted":true}}}' },
      422,
      'validation_failed',
    ],
    ['no credentials', { raw: json(VALID), key: null }, 401, 'unauthorized'],
    [
      'admin key on a tenant route',
      { raw: json(VALID), key: 'rw_admin_reliability_admin_key_00000000001' },
      403,
      'tenant_key_required',
    ],
    [
      'bad Idempotency-Key',
      { raw: json(VALID), headers: { 'idempotency-key': 'a'.repeat(256) } },
      422,
      'validation_failed',
    ],
  ])('%s', async (_name, options, status, code) => {
    const before = { rows: countRows(server.files.dbPath, 'verifications'), sends: fake.requests };
    const res = await api.request('/v1/verifications', undefined, {
      headers: { 'content-type': 'application/json', ...options.headers },
      ...(options.raw !== undefined ? { raw: options.raw } : {}),
      ...(options.key !== undefined ? { key: options.key } : {}),
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code });
    expect(countRows(server.files.dbPath, 'verifications')).toBe(before.rows);
    expect(fake.requests).toBe(before.sends);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a 5 MB body is refused with 413 (or the connection is cut) and the server keeps serving', async () => {
    const before = countRows(server.files.dbPath, 'verifications');
    const status = await api
      .request('/v1/verifications', undefined, {
        raw: Buffer.alloc(5 * 1024 * 1024, 0x20),
        headers: { 'content-type': 'application/json' },
      })
      .then((r) => r.status)
      .catch(() => 'cut');
    expect([413, 'cut']).toContain(status);
    expect(countRows(server.files.dbPath, 'verifications')).toBe(before);
    expect((await api.create(mobileNumber(2))).status).toBe(201);
  });
});

describe('bad codes: 200 pending, counted as a failed check, never a 500', () => {
  it.each<[string, unknown]>([
    ['full-width digits', '１２３４５６'],
    ['leading space', ' 12345'],
    ['inner space', '123 456'],
    ['too short', '12345'],
    ['too long', '1234567'],
    ['null', null],
    ['number', 123456],
    ['object', { $gt: '' }],
    ['90 kB string', '9'.repeat(90 * 1024)],
  ])('%s', async (_name, code) => {
    const id = idOf(await api.create(mobileNumber(100 + Math.floor(Math.random() * 1e6))));
    const res = await api.check(id, code);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, status: 'pending' });
    const checks = withDb(
      server.files.dbPath,
      (db) => (db.prepare('SELECT checks FROM verifications WHERE id = ?').get(id) as { checks: number }).checks,
    );
    expect(checks).toBe(1);
  });

  it('a 1 MB code is refused by the body limit (413)', async () => {
    const id = idOf(await api.create(mobileNumber(3)));
    const res = await api.request(`/v1/verifications/${id}/checks`, { code: '1'.repeat(1024 * 1024) });
    expect(res.status).toBe(413);
  });

  it('a check body with extra keys is a 422, a bare string a 400, and neither is counted', async () => {
    const id = idOf(await api.create(mobileNumber(4)));
    expect((await api.request(`/v1/verifications/${id}/checks`, { code: '123456', admin: true })).status).toBe(422);
    expect((await api.request(`/v1/verifications/${id}/checks`, 'string')).status).toBe(400);
    expect(
      withDb(server.files.dbPath, (db) => db.prepare('SELECT checks FROM verifications WHERE id = ?').get(id)),
    ).toEqual({ checks: 0 });
  });

  it('after all of it the database invariants hold', () => {
    expect(checkInvariants(server.files.dbPath).violations).toEqual([]);
  });
});
