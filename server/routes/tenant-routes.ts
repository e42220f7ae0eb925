import { Router } from 'express';
import type { ApiKeyRecord } from '../../db/stores/api-key-store.js';
import type { Stores } from '../../db/stores/stores.js';
import type { TenantRecord } from '../../db/stores/tenant-store.js';
import { ConflictError, NotFoundError } from '../http/app-error.js';
import { principalOf, requireAdmin } from '../http/auth.js';
import { parseInput } from '../http/validate.js';
import type { Logger } from '../logger.js';
import type { RouteDocs } from '../openapi/route-docs.js';
import { iso } from '../schemas/common-schemas.js';
import {
  ApiKeyList,
  ApiKeyView,
  IssuedApiKey,
  KeyIdParams,
  TenantBody,
  TenantIdParams,
  TenantList,
  TenantView,
} from '../schemas/tenant-schemas.js';
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from '../security/api-keys.js';
import { newId } from '../verification/ids.js';

export interface TenantRouteDeps {
  readonly stores: Stores;
  readonly clock: () => number;
  readonly logger: Logger;
  /** Drops cached key lookups, so a revocation takes effect at once. */
  readonly forgetKeys: () => void;
}

const tenantView = (t: TenantRecord) => ({
  id: t.id,
  name: t.name,
  allowedCountries: t.allowedCountries === null ? null : [...t.allowedCountries],
  createdAt: iso(t.createdAt),
});

const keyView = (k: ApiKeyRecord) => ({
  id: k.id,
  scope: k.scope,
  tenantId: k.tenantId,
  keyPrefix: k.keyPrefix,
  createdAt: iso(k.createdAt),
  revokedAt: k.revokedAt === null ? null : iso(k.revokedAt),
});

/**
 * Tenants and API keys (admin): create and list tenants, set their name and geo permission,
 * issue tenant and admin keys (the key is in the 201 answer only, stored as a SHA-256 hash) and
 * revoke keys (at once; the last active admin key cannot be revoked, so nobody is locked out).
 * Every change is logged with the acting admin key's id, never a key.
 */
export function tenantRoutes(deps: TenantRouteDeps, docs: RouteDocs): Router {
  const router = Router();
  const { stores } = deps;
  const tenantOr404 = (id: string) => {
    const t = stores.tenants.findById(id);
    if (!t) throw new NotFoundError(`no tenant "${id}"`);
    return t;
  };
  const issue = (scope: 'tenant' | 'admin', tenantId: string | null) => {
    const key = generateApiKey(scope === 'admin' ? 'rw_admin_' : 'rw_live_');
    const createdAt = deps.clock();
    const record: ApiKeyRecord = {
      id: newId('key', createdAt),
      tenantId,
      scope,
      keyHash: hashApiKey(key),
      keyPrefix: apiKeyDisplayPrefix(key),
      createdAt,
      revokedAt: null,
    };
    stores.transaction(() => stores.apiKeys.insert(record));
    return { ...keyView(record), key };
  };

  docs.add({
    method: 'get',
    path: '/v1/admin/tenants',
    summary: 'Every tenant',
    tags: ['admin'],
    auth: 'admin',
    responses: { 200: { description: 'tenants by id', schema: TenantList } },
  });
  router.get('/v1/admin/tenants', requireAdmin, (_req, res) => {
    res.json({ tenants: stores.tenants.list().map(tenantView) });
  });

  docs.add({
    method: 'post',
    path: '/v1/admin/tenants',
    summary: 'Create a tenant',
    description: 'Then issue it a key with POST /v1/admin/tenants/{id}/keys.',
    tags: ['admin'],
    auth: 'admin',
    body: TenantBody,
    responses: { 201: { description: 'the tenant', schema: TenantView } },
  });
  router.post('/v1/admin/tenants', requireAdmin, (req, res) => {
    const body = parseInput(TenantBody, req.body);
    const createdAt = deps.clock();
    const tenant: TenantRecord = {
      id: newId('tn', createdAt),
      name: body.name,
      allowedCountries: body.allowedCountries,
      createdAt,
    };
    stores.transaction(() => stores.tenants.insert(tenant));
    deps.logger.info('tenant created', { tenant: tenant.id, by: principalOf(req).keyId });
    res.status(201).json(tenantView(tenant));
  });

  docs.add({
    method: 'get',
    path: '/v1/admin/tenants/{id}',
    summary: 'One tenant',
    tags: ['admin'],
    auth: 'admin',
    params: TenantIdParams,
    responses: { 200: { description: 'the tenant', schema: TenantView } },
  });
  router.get('/v1/admin/tenants/:id', requireAdmin, (req, res) => {
    res.json(tenantView(tenantOr404(parseInput(TenantIdParams, req.params).id)));
  });

  docs.add({
    method: 'put',
    path: '/v1/admin/tenants/{id}',
    summary: "Set a tenant's name and geo permission",
    description: 'allowedCountries applies to verifications created from now on (403 geo_not_permitted elsewhere).',
    tags: ['admin'],
    auth: 'admin',
    params: TenantIdParams,
    body: TenantBody,
    responses: { 200: { description: 'the tenant', schema: TenantView } },
  });
  router.put('/v1/admin/tenants/:id', requireAdmin, (req, res) => {
    const { id } = parseInput(TenantIdParams, req.params);
    const body = parseInput(TenantBody, req.body);
    const found = stores.transaction(() =>
      stores.tenants.update(id, { name: body.name, allowedCountries: body.allowedCountries }),
    );
    if (!found) throw new NotFoundError(`no tenant "${id}"`);
    deps.logger.info('tenant changed', { tenant: id, by: principalOf(req).keyId });
    res.json(tenantView(tenantOr404(id)));
  });

  docs.add({
    method: 'get',
    path: '/v1/admin/tenants/{id}/keys',
    summary: "A tenant's API keys (prefixes only), newest first",
    tags: ['admin'],
    auth: 'admin',
    params: TenantIdParams,
    responses: { 200: { description: 'keys, revoked ones included', schema: ApiKeyList } },
  });
  router.get('/v1/admin/tenants/:id/keys', requireAdmin, (req, res) => {
    const { id } = parseInput(TenantIdParams, req.params);
    tenantOr404(id);
    res.json({ keys: stores.apiKeys.listByTenant(id).map(keyView) });
  });

  docs.add({
    method: 'post',
    path: '/v1/admin/tenants/{id}/keys',
    summary: 'Issue a tenant API key',
    description: 'The key is in this answer only; store it. It works at once.',
    tags: ['admin'],
    auth: 'admin',
    params: TenantIdParams,
    responses: { 201: { description: 'the new key', schema: IssuedApiKey } },
  });
  router.post('/v1/admin/tenants/:id/keys', requireAdmin, (req, res) => {
    const { id } = parseInput(TenantIdParams, req.params);
    tenantOr404(id);
    const issued = issue('tenant', id);
    deps.logger.info('api key issued', { key: issued.id, tenant: id, by: principalOf(req).keyId });
    res.status(201).json(issued);
  });

  docs.add({
    method: 'get',
    path: '/v1/admin/keys',
    summary: 'Admin API keys (prefixes only), newest first',
    tags: ['admin'],
    auth: 'admin',
    responses: { 200: { description: 'keys, revoked ones included', schema: ApiKeyList } },
  });
  router.get('/v1/admin/keys', requireAdmin, (_req, res) => {
    res.json({ keys: stores.apiKeys.listByTenant(null).map(keyView) });
  });

  docs.add({
    method: 'post',
    path: '/v1/admin/keys',
    summary: 'Issue an admin API key',
    description: 'The key is in this answer only; store it.',
    tags: ['admin'],
    auth: 'admin',
    responses: { 201: { description: 'the new key', schema: IssuedApiKey } },
  });
  router.post('/v1/admin/keys', requireAdmin, (req, res) => {
    const issued = issue('admin', null);
    deps.logger.info('api key issued', { key: issued.id, scope: 'admin', by: principalOf(req).keyId });
    res.status(201).json(issued);
  });

  docs.add({
    method: 'delete',
    path: '/v1/admin/keys/{keyId}',
    summary: 'Revoke an API key (tenant or admin), at once',
    description: 'The last active admin key cannot be revoked (409): issue another first.',
    tags: ['admin'],
    auth: 'admin',
    params: KeyIdParams,
    responses: { 200: { description: 'the revoked key', schema: ApiKeyView } },
  });
  router.delete('/v1/admin/keys/:keyId', requireAdmin, (req, res) => {
    const { keyId } = parseInput(KeyIdParams, req.params);
    const key = stores.apiKeys.findById(keyId);
    if (!key) throw new NotFoundError(`no API key "${keyId}"`);
    if (key.revokedAt !== null) throw new ConflictError('already_revoked', 'this key is already revoked');
    const now = deps.clock();
    stores.transaction(() => {
      if (key.scope === 'admin' && stores.apiKeys.listByTenant(null).filter((k) => k.revokedAt === null).length <= 1) {
        throw new ConflictError('last_admin_key', 'the last active admin key cannot be revoked; issue another first');
      }
      stores.apiKeys.revoke(keyId, now);
    });
    deps.forgetKeys();
    deps.logger.info('api key revoked', { key: keyId, by: principalOf(req).keyId });
    res.json(keyView({ ...key, revokedAt: now }));
  });

  return router;
}
