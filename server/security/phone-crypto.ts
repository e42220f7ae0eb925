import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { deriveKey } from './derive-key.js';
import type { KeyRing } from './key-file.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const E164 = /^\+[1-9][0-9]{1,14}$/;

/** A phone number sealed at rest: `ciphertext = iv(12) | tag(16) | ct`, and the key that sealed it. */
export interface EncryptedPhone {
  readonly ciphertext: Buffer;
  readonly keyId: string;
}

export interface PhoneCrypto {
  /**
   * AES-256-GCM with a random 96-bit IV under the active key; the key id is bound as
   * additional authenticated data. Reference: NIST SP 800-38D.
   * @throws TypeError when `e164` is not E.164 (`+` then 2 to 15 digits)
   */
  encryptPhone(e164: string): EncryptedPhone;
  /**
   * Opens a value sealed by {@link PhoneCrypto.encryptPhone} with the row's own key id
   * (so rows written before a rotation still open).
   * @throws Error when the key id is unknown or the ciphertext was altered or truncated
   */
  decryptPhone(ciphertext: Buffer, keyId: string): string;
  /**
   * HMAC-SHA256 (hex, 64 chars) of the number under a key derived from the active
   * `hmacKey`. Rate limits and analytics use this, never the number; new rows store it.
   */
  phoneHash(e164: string): string;
  /**
   * The number's hash under every key generation in the file, the active one first: what
   * rows stored before a rotation carry. Per-number failure counts are read under all of
   * them, so a rotation does not unlock a number.
   */
  phoneHashes(e164: string): readonly string[];
  /** Key generations in the file; with one, `phoneHashes` is `[phoneHash]`. */
  readonly generations: number;
}

/** Builds the phone sealing functions over `keys`. Derived keys are computed once here. */
export function createPhoneCrypto(keys: KeyRing): PhoneCrypto {
  const hashKey = deriveKey(keys.active.hmacKey, 'phone-hash');
  const olderHashKeys = [...keys.byId.values()]
    .filter((entry) => entry.id !== keys.active.id)
    .map((entry) => deriveKey(entry.hmacKey, 'phone-hash'));
  const hash = (key: Buffer, e164: string) => createHmac('sha256', key).update(e164, 'utf8').digest('hex');
  return {
    generations: olderHashKeys.length + 1,
    encryptPhone(e164) {
      checkE164(e164);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keys.active.encryptionKey, iv);
      cipher.setAAD(aad(keys.active.id));
      const ct = Buffer.concat([cipher.update(e164, 'utf8'), cipher.final()]);
      return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), ct]), keyId: keys.active.id };
    },
    decryptPhone(ciphertext, keyId) {
      const entry = keys.byId.get(keyId);
      if (entry === undefined) throw new Error(`phone key "${keyId}" is not in the key file`);
      if (ciphertext.length <= IV_BYTES + TAG_BYTES) throw new Error('phone ciphertext is truncated');
      const decipher = createDecipheriv('aes-256-gcm', entry.encryptionKey, ciphertext.subarray(0, IV_BYTES));
      decipher.setAAD(aad(keyId));
      decipher.setAuthTag(ciphertext.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        const pt = Buffer.concat([decipher.update(ciphertext.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
        return pt.toString('utf8');
      } catch {
        throw new Error('phone ciphertext failed authentication (tampered or wrong key)');
      }
    },
    phoneHash(e164) {
      checkE164(e164);
      return hash(hashKey, e164);
    },
    phoneHashes(e164) {
      checkE164(e164);
      return [hash(hashKey, e164), ...olderHashKeys.map((key) => hash(key, e164))];
    },
  };
}

function aad(keyId: string): Buffer {
  return Buffer.from(`routewise/phone/v1:${keyId}`, 'utf8');
}

function checkE164(e164: string): void {
  if (typeof e164 !== 'string' || !E164.test(e164)) {
    throw new TypeError('e164 must be an E.164 number: "+" followed by 2 to 15 digits, first digit 1-9');
  }
}
