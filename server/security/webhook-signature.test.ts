import { describe, expect, it } from 'vitest';
import { parseWebhookSecret, signWebhook, verifyWebhook } from './webhook-signature.js';

// Published Standard Webhooks / Svix test vector.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const BODY = '{"test": 2432232314}';
const SIG = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const headers = (over: Record<string, string | string[] | undefined> = {}) => ({
  'webhook-id': ID,
  'webhook-timestamp': String(TS),
  'webhook-signature': SIG,
  ...over,
});

describe('signWebhook', () => {
  it('reproduces the published test vector', () => {
    expect(signWebhook(SECRET, ID, TS, BODY)).toBe(SIG);
  });

  it('treats the whsec_ prefix as optional and accepts a Buffer body', () => {
    expect(signWebhook(SECRET.slice(6), ID, TS, Buffer.from(BODY))).toBe(SIG);
  });

  it.each([[''], ['whsec_'], ['whsec_not base64!']])('refuses secret %j with a TypeError', (secret) => {
    expect(() => parseWebhookSecret(secret)).toThrow(TypeError);
    expect(() => parseWebhookSecret(secret)).toThrow(/webhook secret/);
  });
});

describe('verifyWebhook', () => {
  it('accepts the vector, a second signature entry and an array header', () => {
    expect(verifyWebhook(SECRET, headers(), BODY, TS)).toEqual({ ok: true });
    expect(verifyWebhook(SECRET, headers({ 'webhook-signature': `v1,bm9wZQ== ${SIG}` }), BODY, TS)).toEqual({
      ok: true,
    });
    expect(verifyWebhook(SECRET, headers({ 'webhook-id': [ID] }), BODY, TS + 300)).toEqual({ ok: true });
  });

  const otherSig = signWebhook('whsec_' + Buffer.alloc(32, 7).toString('base64'), ID, TS, BODY);
  it.each([
    ['missing id', headers({ 'webhook-id': undefined }), BODY, TS, 'missing_headers'],
    ['empty signature header', headers({ 'webhook-signature': '' }), BODY, TS, 'missing_headers'],
    ['duplicated id header', headers({ 'webhook-id': [ID, ID] }), BODY, TS, 'missing_headers'],
    ['missing timestamp', headers({ 'webhook-timestamp': undefined }), BODY, TS, 'missing_headers'],
    ['non-numeric timestamp', headers({ 'webhook-timestamp': '16e8' }), BODY, TS, 'bad_timestamp'],
    ['negative timestamp', headers({ 'webhook-timestamp': '-1' }), BODY, TS, 'bad_timestamp'],
    ['too old', headers(), BODY, TS + 301, 'expired'],
    ['too far in the future', headers(), BODY, TS - 301, 'expired'],
    ['wrong secret', headers({ 'webhook-signature': otherSig }), BODY, TS, 'bad_signature'],
    ['body altered', headers(), BODY + ' ', TS, 'bad_signature'],
    ['id altered', headers({ 'webhook-id': ID + 'x' }), BODY, TS, 'bad_signature'],
    ['short signature', headers({ 'webhook-signature': 'v1,g0hM9SsE' }), BODY, TS, 'bad_signature'],
    ['truncated signature', headers({ 'webhook-signature': SIG.slice(0, -4) }), BODY, TS, 'bad_signature'],
    ['non-base64 signature', headers({ 'webhook-signature': 'v1,!!!not*base64$$$' }), BODY, TS, 'bad_signature'],
    ['no version', headers({ 'webhook-signature': SIG.slice(3) }), BODY, TS, 'bad_signature'],
    ['unknown version', headers({ 'webhook-signature': SIG.replace('v1', 'v1a') }), BODY, TS, 'bad_signature'],
    ['huge junk header', headers({ 'webhook-signature': 'v1,' + 'A'.repeat(1_000_000) }), BODY, TS, 'bad_signature'],
  ])('%s -> %s', (_name, hdrs, body, now, reason) => {
    expect(verifyWebhook(SECRET, hdrs, body, now)).toEqual({ ok: false, reason });
  });

  it('honours a custom tolerance', () => {
    expect(verifyWebhook(SECRET, headers(), BODY, TS + 10, 5)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyWebhook(SECRET, headers(), BODY, TS + 5, 5)).toEqual({ ok: true });
  });
});
