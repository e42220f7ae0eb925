import { z } from 'zod';
import { CountryCode, IsoTime } from './common-schemas.js';

const Countries = z
  .array(CountryCode)
  .min(1)
  .max(300)
  .refine((c) => new Set(c).size === c.length, 'must not repeat a country')
  .nullable()
  .describe('countries the tenant may send to (geo permission, 403 elsewhere); null = any');

export const TenantBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  allowedCountries: Countries.default(null),
});

export const TenantIdParams = z.strictObject({
  id: z.string().regex(/^tn_[A-Za-z0-9_-]{1,40}$/, 'must be a tenant id'),
});
export const KeyIdParams = z.strictObject({
  keyId: z.string().regex(/^key_[A-Za-z0-9_-]{1,40}$/, 'must be an API key id'),
});

export const TenantView = z.object({
  id: z.string(),
  name: z.string(),
  allowedCountries: z.array(z.string()).nullable(),
  createdAt: IsoTime,
});
export const TenantList = z.object({ tenants: z.array(TenantView) });

export const ApiKeyView = z.object({
  id: z.string(),
  scope: z.enum(['tenant', 'admin']),
  tenantId: z.string().nullable(),
  keyPrefix: z.string().describe('the first characters of the key, for recognising it; never the key'),
  createdAt: IsoTime,
  revokedAt: IsoTime.nullable(),
});
export const ApiKeyList = z.object({ keys: z.array(ApiKeyView) });
export const IssuedApiKey = ApiKeyView.extend({
  key: z.string().describe('the key itself, shown in this answer only (stored as a SHA-256 hash)'),
});
