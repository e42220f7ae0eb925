import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { deriveKey } from './derive-key.js';
import type { KeyRing } from './key-file.js';

/** Default number of digits of a one-time code. */
export const DEFAULT_CODE_DIGITS = 6;
const MIN_DIGITS = 4;
const MAX_DIGITS = 10;

function checkDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < MIN_DIGITS || digits > MAX_DIGITS) {
    throw new RangeError(`digits must be an integer in [${MIN_DIGITS}, ${MAX_DIGITS}], got ${digits}`);
  }
}

/**
 * A uniformly random code of `digits` ASCII digits (leading zeros kept), drawn with
 * `crypto.randomInt` (CSPRNG, no modulo bias).
 * @throws RangeError when `digits` is not an integer in [4, 10]
 */
export function generateCode(digits: number = DEFAULT_CODE_DIGITS): string {
  checkDigits(digits);
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}

/**
 * Returns `input` when it is exactly `digits` ASCII digits `0-9`, else `undefined`.
 * No trimming, no Unicode digit folding (full-width `１２３４５６` is refused): what the
 * user typed is checked as is, and the length test runs first so huge inputs cost nothing.
 * @throws RangeError when `digits` is not an integer in [4, 10]
 */
export function normalizeCode(input: unknown, digits: number = DEFAULT_CODE_DIGITS): string | undefined {
  checkDigits(digits);
  if (typeof input !== 'string' || input.length !== digits) return undefined;
  return /^[0-9]+$/.test(input) ? input : undefined;
}

/** Hashes and checks codes; the stored form is `<keyId>:<hex HMAC>` so key rotation keeps old codes valid. */
export interface CodeHasher {
  /**
   * HMAC-SHA256 under a key derived from the active `hmacKey`, over
   * `<attemptId length>:<attemptId>:<code>`: the hash is bound to its attempt, so a hash
   * copied to another attempt never matches.
   */
  hashCode(code: string, attemptId: string): string;
  /**
   * Constant-time comparison (`crypto.timingSafeEqual` on equal-length buffers) of the
   * recomputed HMAC with `storedHash`. Malformed hashes or unknown key ids give `false`.
   */
  verifyCode(code: string, storedHash: string, attemptId: string): boolean;
}

/** Builds a {@link CodeHasher} over `keys`; derived keys are computed once here. */
export function createCodeHasher(keys: KeyRing): CodeHasher {
  const derived = new Map<string, Buffer>();
  for (const [id, entry] of keys.byId) derived.set(id, deriveKey(entry.hmacKey, 'code-hash'));
  const mac = (key: Buffer, code: string, attemptId: string): Buffer =>
    createHmac('sha256', key).update(`${attemptId.length}:${attemptId}:${code}`, 'utf8').digest();
  return {
    hashCode(code, attemptId) {
      const key = derived.get(keys.active.id) as Buffer;
      return `${keys.active.id}:${mac(key, code, attemptId).toString('hex')}`;
    },
    verifyCode(code, storedHash, attemptId) {
      const sep = storedHash.lastIndexOf(':');
      const key = sep > 0 ? derived.get(storedHash.slice(0, sep)) : undefined;
      const hex = storedHash.slice(sep + 1);
      if (key === undefined || !/^[0-9a-f]{64}$/.test(hex)) return false;
      return timingSafeEqual(mac(key, code, attemptId), Buffer.from(hex, 'hex'));
    },
  };
}
