import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Key prefixes: the prefix tells a human (and secret scanners) what a leaked key can do. */
export const API_KEY_PREFIXES = ['rw_live_', 'rw_admin_'] as const;
export type ApiKeyPrefix = (typeof API_KEY_PREFIXES)[number];

/** Characters of a key kept in clear for display (`rw_live_AbCd…`): the prefix plus this many. */
export const API_KEY_DISPLAY_CHARS = 6;

/** A new key: `prefix` + 32 random bytes in base64url (43 chars, 256 bits of entropy). */
export function generateApiKey(prefix: ApiKeyPrefix): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 (hex) of the key. A fast unsalted hash is right here, unlike for passwords:
 * the key carries 256 random bits, so brute force or precomputed tables are hopeless
 * and a slow KDF would only slow every request.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The part of a key that may be stored and shown in clear (`rw_live_` + 6 chars). */
export function apiKeyDisplayPrefix(key: string): string {
  const prefix = API_KEY_PREFIXES.find((p) => key.startsWith(p)) ?? '';
  return key.slice(0, prefix.length + API_KEY_DISPLAY_CHARS);
}

/**
 * Constant-time check that `presented` hashes to `storedHash` (hex SHA-256). Comparing
 * fixed-length digests with `crypto.timingSafeEqual` leaks neither the key nor how many
 * leading characters matched. Malformed `storedHash` gives `false`.
 */
export function apiKeyMatches(presented: string, storedHash: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(storedHash)) return false;
  return timingSafeEqual(Buffer.from(hashApiKey(presented), 'hex'), Buffer.from(storedHash, 'hex'));
}
