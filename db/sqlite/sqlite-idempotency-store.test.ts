import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../stores/stores.js';
import { openTestStores } from '../testing/open-test-stores.js';

let stores: Stores;
let close: () => void;
beforeEach(() => {
  ({
    stores,
    database: { close },
  } = openTestStores());
});
afterEach(() => close());

const TTL = 1_000;

describe('SqliteIdempotencyStore', () => {
  it('walks new -> in_flight -> done and replays the stored response', () => {
    const idem = stores.idempotency;
    expect(idem.begin('t1', 'k', 'h1', 0, TTL)).toBe('new');
    expect(idem.begin('t1', 'k', 'h1', 10, TTL)).toEqual({ state: 'in_flight', requestHash: 'h1' });
    expect(idem.complete('t1', 'k', 201, '{"id":"v1"}')).toBe(true);
    expect(idem.begin('t1', 'k', 'h1', 20, TTL)).toEqual({
      state: 'done',
      status: 201,
      body: '{"id":"v1"}',
      requestHash: 'h1',
    });
    expect(idem.complete('t1', 'k', 500, 'x')).toBe(false);
  });

  it('reports the first request hash so a reused key can be refused', () => {
    stores.idempotency.begin('t1', 'k', 'h1', 0, TTL);
    expect(stores.idempotency.begin('t1', 'k', 'other', 1, TTL)).toEqual({ state: 'in_flight', requestHash: 'h1' });
  });

  it('scopes keys per tenant', () => {
    expect(stores.idempotency.begin('t1', 'k', 'h1', 0, TTL)).toBe('new');
    expect(stores.idempotency.begin('t2', 'k', 'h2', 0, TTL)).toBe('new');
  });

  it('treats an expired record (done or in flight) as new', () => {
    const idem = stores.idempotency;
    idem.begin('t1', 'done', 'h1', 0, TTL);
    idem.complete('t1', 'done', 200, 'old');
    idem.begin('t1', 'stuck', 'h1', 0, TTL);
    expect(idem.begin('t1', 'done', 'h2', 999, TTL)).not.toBe('new');
    expect(idem.begin('t1', 'done', 'h2', 1_000, TTL)).toBe('new');
    expect(idem.begin('t1', 'stuck', 'h2', 1_000, TTL)).toBe('new');
    expect(idem.begin('t1', 'done', 'h2', 1_001, TTL)).toEqual({ state: 'in_flight', requestHash: 'h2' });
  });

  it('abandon frees an in-flight key but never a completed one', () => {
    const idem = stores.idempotency;
    idem.begin('t1', 'k', 'h1', 0, TTL);
    idem.abandon('t1', 'k');
    expect(idem.begin('t1', 'k', 'h1', 1, TTL)).toBe('new');
    idem.complete('t1', 'k', 200, 'ok');
    idem.abandon('t1', 'k');
    expect(idem.begin('t1', 'k', 'h1', 2, TTL)).toMatchObject({ state: 'done' });
  });

  it('purges expired records only', () => {
    stores.idempotency.begin('t1', 'a', 'h', 0, 100);
    stores.idempotency.begin('t1', 'b', 'h', 0, 500);
    expect(stores.idempotency.purgeExpired(100)).toBe(1);
    expect(stores.idempotency.begin('t1', 'b', 'h', 200, TTL)).toMatchObject({ state: 'in_flight' });
  });

  it.each([[0], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses ttlMs=%s', (ttl) => {
    expect(() => stores.idempotency.begin('t1', 'k', 'h', 0, ttl)).toThrow(RangeError);
    expect(() => stores.idempotency.begin('t1', 'k', 'h', 0, ttl)).toThrow(/ttlMs must be a finite number > 0/);
  });
});
