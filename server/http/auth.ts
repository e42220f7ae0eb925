import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ApiKeyStore } from '../../db/stores/api-key-store.js';
import { hashApiKey } from '../security/api-keys.js';
import { AppError, UnauthorizedError } from './app-error.js';

export interface Principal {
  readonly scope: 'tenant' | 'admin';
  readonly tenantId: string | null;
  readonly keyId: string;
}

export type AuthedRequest = Request & { principal: Principal };

const BEARER = /^Bearer ([A-Za-z0-9_\-.~+/=]{16,200})$/;
const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 10_000;

/**
 * `Authorization: Bearer <api key>`. Keys are stored as SHA-256 hashes (high-entropy keys
 * need no slow hash); lookup is by hash, so timing does not depend on how much of a key is
 * right. A short cache of valid keys keeps the hot path off the database; a revocation made
 * elsewhere takes effect within its TTL, one made through the API at once (`forget`). Unknown
 * keys are not cached, and a full cache drops its oldest entry: so a stranger sending made-up
 * keys costs one indexed lookup each and never pushes the real clients' keys out of the cache.
 */
export function authenticate(apiKeys: ApiKeyStore, clock: () => number): RequestHandler & { forget(): void } {
  const cache = new Map<string, { principal: Principal; until: number }>();
  const handler: RequestHandler = (req, _res, next) => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match?.[1]) return next(new UnauthorizedError());
    const hash = hashApiKey(match[1]);
    const now = clock();
    let hit = cache.get(hash);
    if (!hit || hit.until < now) {
      cache.delete(hash);
      const key = apiKeys.findActiveByHash(hash);
      if (!key) return next(new UnauthorizedError());
      hit = { principal: { scope: key.scope, tenantId: key.tenantId, keyId: key.id }, until: now + CACHE_TTL_MS };
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
      cache.set(hash, hit);
    }
    (req as AuthedRequest).principal = hit.principal;
    next();
  };
  // A revocation through the API calls forget(), so it takes effect at once rather than within the TTL.
  return Object.assign(handler, { forget: () => cache.clear() });
}

/** Tenant-scoped routes: a tenant key. */
export const requireTenant: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
  const p = (req as AuthedRequest).principal;
  if (p?.scope === 'tenant' && p.tenantId) return next();
  next(new AppError(403, 'tenant_key_required', 'this endpoint needs a tenant API key'));
};

/** Admin routes: routing, learning, config, analytics, export, events. */
export const requireAdmin: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
  if ((req as AuthedRequest).principal?.scope === 'admin') return next();
  next(new AppError(403, 'admin_key_required', 'this endpoint needs the admin API key'));
};

export function principalOf(req: Request): Principal {
  return (req as AuthedRequest).principal;
}
