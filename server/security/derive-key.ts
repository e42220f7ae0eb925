import { hkdfSync } from 'node:crypto';

/** Purposes of the HMAC keys derived from a key entry's `hmacKey`. */
export type KeyPurpose = 'phone-hash' | 'code-hash';

/**
 * Derives a 32-byte purpose-specific key: HKDF-SHA256(ikm = hmacKey, salt = empty,
 * info = `routewise/<purpose>/v1`). Domain separation means a phone hash can never be
 * replayed as a code hash and vice versa. Reference: RFC 5869.
 */
export function deriveKey(hmacKey: Buffer, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', hmacKey, Buffer.alloc(0), `routewise/${purpose}/v1`, 32));
}
