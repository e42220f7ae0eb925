import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eServer, type E2eServer } from './e2e-server.js';

let server: E2eServer;

beforeAll(async () => {
  server = await startE2eServer();
});
afterAll(async () => {
  await server?.stop();
});

const VALID = '+4915112345678';
const body = (o: Record<string, unknown>) => JSON.stringify({ to: VALID, action: 'login', ...o });

/** [name, raw body, content type, status, problem code] */
const TABLE: [string, string, string, number, string][] = [
  ['malformed JSON', '{"to": "+4915112345678", "action": ', 'application/json', 400, 'malformed_json'],
  [
    'JSON with a trailing comma',
    '{"to":"+4915112345678","action":"login",}',
    'application/json',
    400,
    'malformed_json',
  ],
  ['101 kB body', body({ pad: 'x'.repeat(101 * 1024) }), 'application/json', 413, 'payload_too_large'],
  ['text/plain body', body({}), 'text/plain', 415, 'unsupported_media_type'],
  ['form body', 'to=%2B4915112345678&action=login', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
  ['too short to be a number', body({ to: '+4915' }), 'application/json', 422, 'invalid_phone_number'],
  ['not E.164', body({ to: '015112345678' }), 'application/json', 422, 'validation_failed'],
  ['landline', body({ to: '+493012345678' }), 'application/json', 422, 'invalid_phone_number'],
  ['premium-rate number (DE 0900)', body({ to: '+499001234567' }), 'application/json', 422, 'invalid_phone_number'],
  ['premium-rate number (GB 0871)', body({ to: '+448712345678' }), 'application/json', 422, 'invalid_phone_number'],
  ['toll-free number (US 800)', body({ to: '+18005550123' }), 'application/json', 422, 'invalid_phone_number'],
  ['Ofcom drama range', body({ to: '+447700900123' }), 'application/json', 422, 'invalid_phone_number'],
  ['unknown action', body({ action: 'dance' }), 'application/json', 422, 'validation_failed'],
  ['fraud score above 1', body({ fraudScore: 1.5 }), 'application/json', 422, 'validation_failed'],
  ['fraud score as a string', body({ fraudScore: '0.1' }), 'application/json', 422, 'validation_failed'],
  ['window below 30 s', body({ windowSeconds: 5 }), 'application/json', 422, 'validation_failed'],
  ['window above 10 min', body({ windowSeconds: 601 }), 'application/json', 422, 'validation_failed'],
  ['unknown route class', body({ routeClass: 'gold' }), 'application/json', 422, 'validation_failed'],
  ['malformed operator', body({ operator: 'Telekom' }), 'application/json', 422, 'validation_failed'],
  ['missing action', JSON.stringify({ to: VALID }), 'application/json', 422, 'validation_failed'],
  ['unknown field', body({ callback: 'https://example.com' }), 'application/json', 422, 'validation_failed'],
  [
    '__proto__ key',
    '{"to":"+4915112345678","action":"login","__proto__":{"admin":true}}',
    'application/json',
    422,
    'validation_failed',
  ],
  ['constructor key', body({ constructor: { prototype: {} } }), 'application/json', 422, 'validation_failed'],
  ['array body', JSON.stringify([{ to: VALID, action: 'login' }]), 'application/json', 422, 'validation_failed'],
  // Strict JSON parsing: a top-level value other than an object or array is not a request body.
  ['null body', 'null', 'application/json', 400, 'malformed_json'],
  ['string body', '"+4915112345678"', 'application/json', 400, 'malformed_json'],
];
const CASES = TABLE.map(([name, raw, contentType, status, code]) => ({ name, raw, contentType, status, code }));

describe('bad input to POST /v1/verifications', () => {
  it.each(CASES)('$name -> $status $code, nothing written', async ({ raw, contentType, status, code }) => {
    const before = {
      verifications: server.count('SELECT count(*) FROM verifications'),
      attempts: server.count('SELECT count(*) FROM attempts'),
      idempotency: server.count('SELECT count(*) FROM idempotency_records'),
    };
    const res = await server.call('POST', '/v1/verifications', {
      rawBody: raw,
      headers: { 'content-type': contentType, 'idempotency-key': `bad-${code}-${raw.length}` },
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json).toMatchObject({ status, code, title: code, requestId: res.headers.get('x-request-id') });
    expect(typeof res.json.detail).toBe('string');
    expect(res.text).not.toContain('at ');
    expect({
      verifications: server.count('SELECT count(*) FROM verifications'),
      attempts: server.count('SELECT count(*) FROM attempts'),
      idempotency: server.count('SELECT count(*) FROM idempotency_records'),
    }).toEqual(before);
  });

  it('no message was ever sent to any of the numbers above', async () => {
    for (const to of [VALID, '+493012345678', '+499001234567', '+448712345678', '+18005550123']) {
      const res = await server.call('GET', `/v1/sandbox/messages?to=${encodeURIComponent(to)}`);
      expect(res.status).toBe(200);
      expect(res.json.messages).toEqual([]);
    }
    expect(server.count('SELECT count(*) FROM verifications')).toBe(0);
  });

  it.each([
    ['no Authorization header', {}, 401, 'unauthorized'],
    ['an unknown key', { authorization: 'Bearer rw_live_not_a_key_0000000000000000' }, 401, 'unauthorized'],
    [
      'the admin key on a tenant route',
      { authorization: 'Bearer rw_admin_e2e_admin_key_0123456789abcdef' },
      403,
      'tenant_key_required',
    ],
  ])('%s -> %i %s', async (_name, headers, status, code) => {
    const res = await fetch(`${server.url}/v1/verifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: body({}),
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe(code);
    expect(server.count('SELECT count(*) FROM verifications')).toBe(0);
  });

  it.each([
    ['malformed JSON', '{"to": '],
    ['a 101 kB body', body({ pad: 'x'.repeat(101 * 1024) })],
  ])('a stranger sending %s gets 401: bodies are read only after the key is checked', async (_name, raw) => {
    // Before, the body was parsed first: 400 malformed_json / 413 payload_too_large, for anyone.
    const res = await fetch(`${server.url}/v1/verifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer rw_live_not_a_key_0000000000000000' },
      body: raw,
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('unauthorized');
  });

  it.each([
    ['check with a JSON array', '/v1/verifications/vf_AAAAAAAAAAAAAAAAAAAAAA/checks', '[]', 422, 'validation_failed'],
    [
      'check with an unknown field',
      '/v1/verifications/vf_AAAAAAAAAAAAAAAAAAAAAA/checks',
      '{"code":"123456","x":1}',
      422,
      'validation_failed',
    ],
    [
      'check with malformed JSON',
      '/v1/verifications/vf_AAAAAAAAAAAAAAAAAAAAAA/checks',
      '{"code":',
      400,
      'malformed_json',
    ],
    ['cancel of a malformed id', '/v1/verifications/nope/cancel', '{}', 422, 'validation_failed'],
    ['cancel of an unknown id', '/v1/verifications/vf_AAAAAAAAAAAAAAAAAAAAAA/cancel', '{}', 404, 'not_found'],
  ])('%s -> %i %s', async (_name, path, raw, status, code) => {
    const res = await server.call('POST', path, { rawBody: raw });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json.code).toBe(code);
  });
});
