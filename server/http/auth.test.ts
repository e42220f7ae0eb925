import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { ApiKeyRecord, ApiKeyStore } from '../../db/stores/api-key-store.js';
import { hashApiKey } from '../security/api-keys.js';
import { authenticate, principalOf } from './auth.js';

const GOOD = 'rw_live_good_0123456789abcdefghijklmnop';

/** A key store that counts lookups; only GOOD exists. */
function store() {
  const calls = { lookups: 0 };
  const record = { id: 'key_1', scope: 'tenant', tenantId: 'tn_1' } as ApiKeyRecord;
  const apiKeys = {
    findActiveByHash: (hash: string) => {
      calls.lookups++;
      return hash === hashApiKey(GOOD) ? record : undefined;
    },
  } as unknown as ApiKeyStore;
  return { apiKeys, calls };
}

function call(handler: ReturnType<typeof authenticate>, key: string) {
  const req = { headers: { authorization: `Bearer ${key}` } } as unknown as Request;
  let error: unknown = 'not called';
  handler(req, {} as Response, (e?: unknown) => void (error = e));
  return { req, error };
}

describe('authenticate', () => {
  it('accepts a known key (one lookup, then the cache) and answers 401 for an unknown one', () => {
    const { apiKeys, calls } = store();
    const auth = authenticate(apiKeys, () => 0);
    const ok = call(auth, GOOD);
    expect(ok.error).toBeUndefined();
    expect(principalOf(ok.req)).toEqual({ scope: 'tenant', tenantId: 'tn_1', keyId: 'key_1' });
    call(auth, GOOD);
    expect(calls.lookups).toBe(1);
    expect(call(auth, 'rw_live_wrong_0123456789abcdefghij').error).toMatchObject({ status: 401 });
  });

  it('made-up keys never push a real client out of the cache', () => {
    const { apiKeys, calls } = store();
    const auth = authenticate(apiKeys, () => 0);
    call(auth, GOOD);
    // Before, unknown keys were cached too and a full cache was cleared: 10,000 guesses evicted every client.
    for (let i = 0; i < 25_000; i++)
      expect(call(auth, `rw_live_guess_${i}_abcdefghijklmnop`).error).toMatchObject({ status: 401 });
    expect(calls.lookups).toBe(25_001);
    expect(call(auth, GOOD).error).toBeUndefined();
    expect(calls.lookups).toBe(25_001);
  });

  it('looks a cached key up again after its TTL and after forget()', () => {
    const { apiKeys, calls } = store();
    let now = 0;
    const auth = authenticate(apiKeys, () => now);
    call(auth, GOOD);
    now = 30_001;
    call(auth, GOOD);
    expect(calls.lookups).toBe(2);
    auth.forget();
    call(auth, GOOD);
    expect(calls.lookups).toBe(3);
  });
});
