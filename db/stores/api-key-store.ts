export type ApiKeyScope = 'tenant' | 'admin';

export interface ApiKeyRecord {
  readonly id: string;
  /** Null for admin keys. */
  readonly tenantId: string | null;
  readonly scope: ApiKeyScope;
  /** SHA-256 hex of the key (`server/security/api-keys.ts`). */
  readonly keyHash: string;
  /** Display prefix, e.g. `rw_live_AbCdEf`. */
  readonly keyPrefix: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

export interface ApiKeyStore {
  insert(key: ApiKeyRecord): void;
  /**
   * The non-revoked key with this hash. The lookup goes through a unique index, which is
   * safe for high-entropy keys: timing can at most reveal a prefix of a SHA-256 digest.
   */
  findActiveByHash(keyHash: string): ApiKeyRecord | undefined;
  /** The key with this id, revoked or not. */
  findById(id: string): ApiKeyRecord | undefined;
  /** Revokes a key; returns false when unknown or already revoked. */
  revoke(id: string, at: number): boolean;
  /** Keys of a tenant (or admin keys for `null`), newest first. */
  listByTenant(tenantId: string | null): ApiKeyRecord[];
}
