import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runKeys } from './keys.js';
import { createCodeHasher } from './security/codes.js';
import { loadKeyFile } from './security/key-file.js';
import { createPhoneCrypto } from './security/phone-crypto.js';
import { providerWebhookSecret, providerWebhookSecrets } from './security/webhook-secrets.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rw-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = runKeys(
    argv,
    env,
    { out: (t) => (out += t), err: (t) => (err += t) },
    () => new Date('2026-01-02T03:04:05Z'),
  );
  return { code, out, err };
}

describe('npm run keys', () => {
  it('init writes a 0600 key file the server loads, in a new 0700 folder, and never overwrites one', () => {
    const file = join(dir, 'secrets', 'keys.json');
    expect(run(['init', '--key-file', file])).toMatchObject({ code: 0, err: '' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    const ring = loadKeyFile(file, { createIfMissing: false });
    expect(ring.active.id).toBe('k1');
    const before = readFileSync(file, 'utf8');
    const again = run(['init'], { ROUTEWISE_KEY_FILE: file });
    expect(again.code).toBe(2);
    expect(again.err).toContain('already exists; use "rotate"');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('rotate adds an active generation and keeps the old one: what was stored under it still opens', () => {
    const file = join(dir, 'keys.json');
    run(['init', '--key-file', file]);
    const old = loadKeyFile(file, { createIfMissing: false });
    const sealed = createPhoneCrypto(old).encryptPhone('+4915112345678');
    const codeHash = createCodeHasher(old).hashCode('123456', 'at_1');
    const r = run(['rotate', '--key-file', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('active key k2; kept k1');
    // Ids only: no key material on the terminal.
    for (const k of old.byId.values()) expect(r.out).not.toContain(k.hmacKey.toString('base64'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const ring = loadKeyFile(file, { createIfMissing: false });
    expect(ring.active.id).toBe('k2');
    expect(ring.byId.get('k1')?.encryptionKey.equals(old.active.encryptionKey)).toBe(true);
    expect(createPhoneCrypto(ring).decryptPhone(sealed.ciphertext, sealed.keyId)).toBe('+4915112345678');
    expect(createCodeHasher(ring).verifyCode('123456', codeHash, 'at_1')).toBe(true);
    expect(createPhoneCrypto(ring).encryptPhone('+4915112345678').keyId).toBe('k2');
    // A provider still holding the old derived secret keeps verifying; the new one comes first.
    expect(providerWebhookSecrets(ring, 'acme')).toEqual([
      providerWebhookSecret(ring, 'acme'),
      providerWebhookSecret(old, 'acme'),
    ]);
    expect(run(['rotate', '--key-file', file]).out).toContain('active key k3; kept k1, k2');
  });

  it('names bad usage and a key file it cannot use', () => {
    expect(run([]).code).toBe(2);
    expect(run(['shred']).err).toContain('usage: npm run keys -- init|rotate');
    expect(run(['rotate', '--key-file', join(dir, 'none.json')]).err).toMatch(/does not exist/);
    const open = join(dir, 'open.json');
    run(['init', '--key-file', open]);
    const text = readFileSync(open, 'utf8');
    rmSync(open);
    writeFileSync(open, text, { mode: 0o644 });
    expect(run(['rotate', '--key-file', open]).err).toMatch(/mode 0644; it must not be accessible by group or others/);
  });
});
