import { describe, expect, it } from 'vitest';
import { apiKeyDisplayPrefix, apiKeyMatches, generateApiKey, hashApiKey } from './api-keys.js';

describe('api keys', () => {
  it('generates prefixed base64url keys with 256 bits', () => {
    const key = generateApiKey('rw_live_');
    expect(key).toMatch(/^rw_live_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey('rw_admin_')).toMatch(/^rw_admin_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey('rw_live_')).not.toBe(key);
  });

  it('hashes with SHA-256 hex', () => {
    // SHA-256("abc") from FIPS 180-2 appendix B.1.
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('matches only the right key, and never throws on a malformed stored hash', () => {
    const key = generateApiKey('rw_live_');
    const stored = hashApiKey(key);
    expect(apiKeyMatches(key, stored)).toBe(true);
    expect(apiKeyMatches(key + 'x', stored)).toBe(false);
    expect(apiKeyMatches(key, stored.slice(1))).toBe(false);
    expect(apiKeyMatches(key, '')).toBe(false);
  });

  it('keeps the prefix plus 6 chars for display', () => {
    expect(apiKeyDisplayPrefix('rw_admin_AbCdEfGh')).toBe('rw_admin_AbCdEf');
    expect(apiKeyDisplayPrefix('rw_live_AbCdEfGh')).toBe('rw_live_AbCdEf');
    expect(apiKeyDisplayPrefix('other_key')).toBe('other_');
  });
});
