import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiKeyList, IssuedApiKey, TenantList, TenantView } from '../../server/schemas/tenant-schemas.js';
import { ADMIN_KEY, PHONE, startTestApp, TENANT_KEY, type TestApp } from './test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(() => t.close());

const post = (path: string, body: unknown, key = ADMIN_KEY) =>
  t.json<Record<string, unknown>>(path, { method: 'POST', key, body: JSON.stringify(body) });
const create = (key: string, to = PHONE) =>
  t.json<{ id: string; code?: string }>('/v1/verifications', {
    method: 'POST',
    key,
    body: JSON.stringify({ to, action: 'login' }),
  });

describe('tenants and API keys (admin)', () => {
  it('creates a tenant, issues it a key that works at once and only for that tenant', async () => {
    const made = await post('/v1/admin/tenants', { name: '  Acme Bank ' });
    expect(made.status).toBe(201);
    const tenant = TenantView.parse(made.body);
    expect(tenant).toMatchObject({ name: 'Acme Bank', allowedCountries: null });
    const issued = await post(`/v1/admin/tenants/${tenant.id}/keys`, {});
    expect(issued.status).toBe(201);
    const key = IssuedApiKey.parse(issued.body);
    expect(key).toMatchObject({ scope: 'tenant', tenantId: tenant.id, revokedAt: null });
    expect(key.key.startsWith(key.keyPrefix)).toBe(true);
    const v = await create(key.key);
    expect(v.status).toBe(201);
    // Another tenant's key does not see it.
    expect((await t.json(`/v1/verifications/${v.body.id}`, { key: TENANT_KEY })).status).toBe(404);
    expect((await t.json(`/v1/verifications/${v.body.id}`, { key: key.key })).status).toBe(200);
    // Listing shows prefixes, never the key or its hash.
    const keys = await t.json(`/v1/admin/tenants/${tenant.id}/keys`);
    expect(ApiKeyList.parse(keys.body).keys.map((k) => k.id)).toEqual([key.id]);
    expect(JSON.stringify(keys.body)).not.toContain(key.key);
    const all = TenantList.parse((await t.json('/v1/admin/tenants')).body).tenants.map((x) => x.id);
    expect(all).toContain(tenant.id);
  });

  it("sets a tenant's geo permission: other countries answer 403 geo_not_permitted", async () => {
    const tenant = TenantView.parse((await post('/v1/admin/tenants', { name: 'FR only' })).body);
    const key = IssuedApiKey.parse((await post(`/v1/admin/tenants/${tenant.id}/keys`, {})).body).key;
    const put = await t.json(`/v1/admin/tenants/${tenant.id}`, {
      method: 'PUT',
      body: JSON.stringify({ name: 'FR only', allowedCountries: ['FR'] }),
    });
    expect(put.status).toBe(200);
    expect(TenantView.parse(put.body).allowedCountries).toEqual(['FR']);
    const refused = await create(key);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'geo_not_permitted' });
    expect(t.sent).toHaveLength(0);
    await t.json(`/v1/admin/tenants/${tenant.id}`, { method: 'PUT', body: JSON.stringify({ name: 'anywhere' }) });
    expect((await create(key)).status).toBe(201);
  });

  it('revokes a key at once (no cache delay) and never the last admin key', async () => {
    const tenant = TenantView.parse((await post('/v1/admin/tenants', { name: 'Short lived' })).body);
    const key = IssuedApiKey.parse((await post(`/v1/admin/tenants/${tenant.id}/keys`, {})).body);
    expect((await create(key.key)).status).toBe(201);
    const revoked = await t.json(`/v1/admin/keys/${key.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: key.id, revokedAt: expect.any(String) });
    expect((await create(key.key)).status).toBe(401);
    expect((await t.json(`/v1/admin/keys/${key.id}`, { method: 'DELETE' })).body).toMatchObject({
      code: 'already_revoked',
    });

    const admins = ApiKeyList.parse((await t.json('/v1/admin/keys')).body).keys.filter((k) => k.revokedAt === null);
    expect(admins).toHaveLength(1);
    const last = await t.json(`/v1/admin/keys/${admins[0]?.id}`, { method: 'DELETE' });
    expect(last).toMatchObject({ status: 409, body: { code: 'last_admin_key' } });
    const second = IssuedApiKey.parse((await post('/v1/admin/keys', {})).body);
    expect(second.scope).toBe('admin');
    expect((await t.json(`/v1/admin/keys/${admins[0]?.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await t.json('/v1/admin/tenants')).status).toBe(401);
    expect((await t.json('/v1/admin/tenants', { key: second.key })).status).toBe(200);
  });

  it('refuses tenant keys, bad bodies and unknown ids with clear problems', async () => {
    expect((await t.json('/v1/admin/tenants', { key: TENANT_KEY })).body).toMatchObject({ code: 'admin_key_required' });
    for (const body of [
      {},
      { name: '' },
      { name: 'x', allowedCountries: ['de'] },
      { name: 'x', allowedCountries: ['FR', 'FR'] },
      { name: 'x', extra: 1 },
    ]) {
      expect((await post('/v1/admin/tenants', body)).body).toMatchObject({ code: 'validation_failed' });
    }
    // A well-formed code no number resolves to would lock the tenant out of that country for good.
    expect((await post('/v1/admin/tenants', { name: 'x', allowedCountries: ['DE', 'UK'] })).body).toMatchObject({
      code: 'validation_failed',
      detail:
        'allowedCountries.1: "UK" is not a country code phone numbers resolve to (ISO 3166-1 alpha-2; did you mean "GB"?)',
    });
    expect((await t.json('/v1/admin/tenants')).body).toMatchObject({ tenants: [{ id: 'tn_demo' }] });
    expect((await t.json('/v1/admin/tenants/tn_nobody')).status).toBe(404);
    const put = await t.json('/v1/admin/tenants/tn_nobody', { method: 'PUT', body: JSON.stringify({ name: 'x' }) });
    expect(put.status).toBe(404);
    expect((await post('/v1/admin/tenants/tn_nobody/keys', {})).status).toBe(404);
    expect((await t.json('/v1/admin/keys/key_nobody', { method: 'DELETE' })).status).toBe(404);
    expect((await t.json('/v1/admin/tenants/not-an-id')).body).toMatchObject({ code: 'validation_failed' });
  });
});
