import { describe, expect, it } from 'vitest';
import { createKeyEntry, type KeyRing } from './key-file.js';
import { createPhoneCrypto } from './phone-crypto.js';

const k1 = createKeyEntry('k1', '2025-01-01T00:00:00.000Z');
const k2 = createKeyEntry('k2', '2025-02-01T00:00:00.000Z');
const ringV1: KeyRing = { active: k1, byId: new Map([['k1', k1]]) };
const ringV2: KeyRing = {
  active: k2,
  byId: new Map([
    ['k1', k1],
    ['k2', k2],
  ]),
};
const PHONE = '+5511987654321';

describe('createPhoneCrypto', () => {
  const crypto = createPhoneCrypto(ringV1);

  it('round-trips and never stores the number in clear', () => {
    const sealed = crypto.encryptPhone(PHONE);
    expect(sealed.keyId).toBe('k1');
    expect(sealed.ciphertext.length).toBe(12 + 16 + PHONE.length);
    expect(sealed.ciphertext.includes(Buffer.from(PHONE.slice(1)))).toBe(false);
    expect(crypto.decryptPhone(sealed.ciphertext, sealed.keyId)).toBe(PHONE);
  });

  it('uses a fresh IV each time', () => {
    expect(crypto.encryptPhone(PHONE).ciphertext.equals(crypto.encryptPhone(PHONE).ciphertext)).toBe(false);
  });

  it.each([
    ['a ciphertext byte', 30],
    ['the tag', 14],
    ['the IV', 0],
  ])('detects tampering with %s', (_what, index) => {
    const sealed = crypto.encryptPhone(PHONE);
    const bad = Buffer.from(sealed.ciphertext);
    bad[index] = bad[index]! ^ 1;
    expect(() => crypto.decryptPhone(bad, 'k1')).toThrow(/failed authentication/);
  });

  it('refuses truncation, an unknown key id and a swapped key id', () => {
    const sealed = crypto.encryptPhone(PHONE);
    expect(() => crypto.decryptPhone(sealed.ciphertext.subarray(0, 28), 'k1')).toThrow(/truncated/);
    expect(() => crypto.decryptPhone(sealed.ciphertext, 'k9')).toThrow(/"k9" is not in the key file/);
    expect(() => createPhoneCrypto(ringV2).decryptPhone(sealed.ciphertext, 'k2')).toThrow(/failed authentication/);
  });

  it('decrypts old rows after rotation and encrypts with the new active key', () => {
    const old = crypto.encryptPhone(PHONE);
    const rotated = createPhoneCrypto(ringV2);
    expect(rotated.decryptPhone(old.ciphertext, 'k1')).toBe(PHONE);
    expect(rotated.encryptPhone(PHONE).keyId).toBe('k2');
  });

  it('hashes deterministically per active key, 64 hex chars', () => {
    const h = crypto.phoneHash(PHONE);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(crypto.phoneHash(PHONE)).toBe(h);
    expect(crypto.phoneHash('+5511987654322')).not.toBe(h);
    expect(createPhoneCrypto(ringV2).phoneHash(PHONE)).not.toBe(h);
    // Every generation's hash, the active first: what rows stored before a rotation carry.
    expect(createPhoneCrypto(ringV2).phoneHashes(PHONE)).toEqual([createPhoneCrypto(ringV2).phoneHash(PHONE), h]);
    expect([crypto.phoneHashes(PHONE), crypto.generations, createPhoneCrypto(ringV2).generations]).toEqual([[h], 1, 2]);
  });

  it.each([['5511987654321'], ['+0123'], ['+1'], ['+1 555 0100'], ['+１２３'], ['+1234567890123456']])(
    'refuses non-E.164 %j with a TypeError',
    (bad) => {
      expect(() => crypto.encryptPhone(bad)).toThrow(TypeError);
      expect(() => crypto.phoneHash(bad)).toThrow(/E\.164/);
    },
  );
});
