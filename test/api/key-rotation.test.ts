import { afterEach, describe, expect, it } from 'vitest';
import { createKeyEntry, type KeyRing } from '../../server/security/key-file.js';
import { createPhoneCrypto } from '../../server/security/phone-crypto.js';
import { PHONE, startTestApp, TENANT_KEY, type TestApp } from './test-app.js';

// The key file after `npm run keys -- rotate`: k1 kept for what was stored under it, k2 active.
const k1 = createKeyEntry('k1', '2025-06-01T00:00:00.000Z');
const k2 = createKeyEntry('k2', '2025-06-02T00:00:00.000Z');
const rotated: KeyRing = {
  active: k2,
  byId: new Map([
    ['k1', k1],
    ['k2', k2],
  ]),
};
/** The number's hash before the rotation: what its failure counts were stored under. */
const oldHash = createPhoneCrypto({ active: k1, byId: new Map([['k1', k1]]) }).phoneHash(PHONE);
const DAY = 24 * 3_600_000;

let t: TestApp;
afterEach(() => t.close());

const fail = (n: number) => {
  for (let i = 0; i < n; i++) t.stores.phoneFailures.increment(oldHash, t.now(), t.now() - DAY);
};
const check = async (id: string, code: string) =>
  (
    await t.json<{ status: string }>(`/v1/verifications/${id}/checks`, {
      method: 'POST',
      key: TENANT_KEY,
      body: JSON.stringify({ code }),
    })
  ).body.status;
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('per-number failure counts survive a key rotation', () => {
  it('a number locked before the rotation stays locked', async () => {
    t = await startTestApp({ keys: rotated });
    fail(10);
    const res = await t.json('/v1/verifications', {
      method: 'POST',
      key: TENANT_KEY,
      body: JSON.stringify({ to: PHONE, action: 'login' }),
    });
    expect(res).toMatchObject({ status: 429, body: { code: 'phone_locked' } });
  });

  it('failures before and after the rotation add up, and an approval forgets both', async () => {
    t = await startTestApp({ keys: rotated });
    fail(7);
    const first = await t.createVerification();
    const code = t.sent.at(-1)?.code as string;
    for (let i = 0; i < 3; i++) expect(await check(first.id, wrong(code))).toBe('pending');
    // 7 + 3 = 10 failures: even the right code is refused now.
    expect(await check(first.id, code)).toBe('max_attempts_reached');

    t.stores.phoneFailures.reset(createPhoneCrypto(rotated).phoneHash(PHONE));
    const second = await t.createVerification();
    expect(await check(second.id, t.sent.at(-1)?.code as string)).toBe('approved');
    expect(t.stores.phoneFailures.get(oldHash, t.now() - DAY)).toBe(0);
  });
});
