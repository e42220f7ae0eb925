import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../stores/stores.js';
import { openTestStores } from '../testing/open-test-stores.js';
import { makeState, makeVerification } from '../testing/record-fixtures.js';

let stores: Stores;
let close: () => void;
beforeEach(() => {
  ({
    stores,
    database: { close },
  } = openTestStores());
});
afterEach(() => close());

describe('tenants and API keys', () => {
  it('round-trips tenants with their country allow-list', () => {
    expect(stores.tenants.findById('t2')).toEqual({
      id: 't2',
      name: 'Tenant two',
      allowedCountries: ['DE', 'FR'],
      createdAt: 0,
    });
    expect(stores.tenants.findById('nope')).toBeUndefined();
    expect(stores.tenants.list().map((t) => t.id)).toEqual(['t1', 't2']);
  });

  it('finds active keys by hash, forgets revoked ones and lists per owner', () => {
    const key = {
      id: 'key1',
      tenantId: 't1',
      scope: 'tenant' as const,
      keyHash: 'h1',
      keyPrefix: 'rw_live_AbCdEf',
      createdAt: 5,
      revokedAt: null,
    };
    const admin = {
      ...key,
      id: 'adm',
      tenantId: null,
      scope: 'admin' as const,
      keyHash: 'h2',
      keyPrefix: 'rw_admin_XyZ',
    };
    stores.apiKeys.insert(key);
    stores.apiKeys.insert(admin);
    expect(stores.apiKeys.findActiveByHash('h1')).toEqual(key);
    expect(stores.apiKeys.listByTenant(null)).toEqual([admin]);
    expect(stores.apiKeys.revoke('key1', 9)).toBe(true);
    expect(stores.apiKeys.revoke('key1', 10)).toBe(false);
    expect(stores.apiKeys.findActiveByHash('h1')).toBeUndefined();
    expect(stores.apiKeys.listByTenant('t1')).toEqual([{ ...key, revokedAt: 9 }]);
    expect(() => stores.apiKeys.insert({ ...key, id: 'dup' })).toThrow(/UNIQUE/);
  });
});

describe('config versions', () => {
  it('numbers versions per kind, keeps exactly one active and supports rollback', () => {
    expect(stores.config.active('reward')).toBeUndefined();
    const v1 = stores.config.insertAndActivate('reward', { completion: 0.7 }, 'system', 10);
    const v2 = stores.config.insertAndActivate('reward', { completion: 0.8 }, 'key1', 20);
    stores.config.insertAndActivate('routing', { chain: ['a'] }, 'system', 30);
    expect([v1.version, v2.version]).toEqual(['1', '2']);
    expect(stores.config.active('reward')).toEqual({
      kind: 'reward',
      version: '2',
      body: { completion: 0.8 },
      createdAt: 20,
      createdBy: 'key1',
      active: true,
    });
    expect(stores.config.list('reward').map((c) => [c.version, c.active])).toEqual([
      ['2', true],
      ['1', false],
    ]);
    expect(stores.config.activate('reward', '1')).toBe(true);
    expect(stores.config.active('reward')?.body).toEqual({ completion: 0.7 });
    expect(stores.config.activate('reward', '9')).toBe(false);
    expect(stores.config.active('reward')?.version).toBe('1');
    expect(stores.config.active('routing')?.version).toBe('1');
  });

  it('refuses a body that is not JSON', () => {
    expect(() => stores.config.insertAndActivate('reward', undefined, 'system', 1)).toThrow(TypeError);
    expect(stores.config.list('reward')).toEqual([]);
  });
});

describe('route transitions', () => {
  it('records failovers in order', () => {
    stores.verifications.insert(makeVerification(makeState('v1', 0)));
    const t1 = {
      verificationId: 'v1',
      fromAttemptId: 'a1',
      fromProvider: 'p1',
      toAttemptId: 'a2',
      toProvider: 'p2',
      reason: 'timed_out',
      at: 20,
    };
    const t2 = {
      ...t1,
      fromAttemptId: 'a2',
      fromProvider: 'p2',
      toAttemptId: null,
      toProvider: null,
      reason: 'rejected',
      at: 30,
    };
    stores.transitions.insert(t2);
    stores.transitions.insert(t1);
    expect(stores.transitions.listByVerification('v1')).toEqual([t1, t2]);
  });
});

describe('phone check failures', () => {
  it('counts per phone hash and resets', () => {
    expect(stores.phoneFailures.get('h', 0)).toBe(0);
    expect(stores.phoneFailures.lastFailureAt('h')).toBeUndefined();
    expect(stores.phoneFailures.increment('h', 1, 0)).toBe(1);
    expect(stores.phoneFailures.increment('h', 2, 0)).toBe(2);
    expect(stores.phoneFailures.increment('other', 2, 0)).toBe(1);
    expect(stores.phoneFailures.get('h', 0)).toBe(2);
    expect(stores.phoneFailures.lastFailureAt('h')).toBe(2);
    stores.phoneFailures.reset('h');
    expect(stores.phoneFailures.get('h', 0)).toBe(0);
  });

  it('lets a count lapse once its last failure is at or before `since`', () => {
    expect(stores.phoneFailures.increment('h', 100, 0)).toBe(1);
    expect(stores.phoneFailures.increment('h', 200, 50)).toBe(2);
    expect(stores.phoneFailures.get('h', 199)).toBe(2);
    expect(stores.phoneFailures.get('h', 200)).toBe(0);
    // The next failure after the lapse starts again from 1.
    expect(stores.phoneFailures.increment('h', 500, 200)).toBe(1);
    expect(stores.phoneFailures.get('h', 200)).toBe(1);
    expect(stores.phoneFailures.lastFailureAt('h')).toBe(500);
  });
});

describe('transaction', () => {
  it('rolls back every write when the function throws', () => {
    expect(() =>
      stores.transaction(() => {
        stores.phoneFailures.increment('h', 1, 0);
        stores.config.insertAndActivate('reward', {}, 'system', 1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(stores.phoneFailures.get('h', 0)).toBe(0);
    expect(stores.config.list('reward')).toEqual([]);
    expect(stores.transaction(() => stores.phoneFailures.increment('h', 1, 0))).toBe(1);
  });
});
