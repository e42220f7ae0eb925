import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyEntry, loadKeyFile, parseKeyFile, serializeKeyRing } from './key-file.js';

const posix = process.platform !== 'win32';
const b64 = (n: number, fill = 1) => Buffer.alloc(n, fill).toString('base64');
const entry = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  encryptionKey: b64(32),
  hmacKey: b64(32, 2),
  createdAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rw-keys-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadKeyFile', () => {
  it('creates a 0600 file (and its folder) when allowed, then reloads the same keys', () => {
    const path = join(dir, 'nested', 'keys.json');
    const ring = loadKeyFile(path, { createIfMissing: true });
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(ring.active.encryptionKey).toHaveLength(32);
    expect(ring.active.hmacKey).toHaveLength(32);
    const again = loadKeyFile(path, { createIfMissing: true });
    expect(again.active.id).toBe(ring.active.id);
    expect(again.active.encryptionKey.equals(ring.active.encryptionKey)).toBe(true);
  });

  it('refuses a missing file when creation is not allowed', () => {
    expect(() => loadKeyFile(join(dir, 'absent.json'), { createIfMissing: false })).toThrow(/does not exist/);
  });

  it.runIf(posix).each([[0o644], [0o640], [0o604], [0o660]])('refuses mode %o', (mode) => {
    const path = join(dir, 'keys.json');
    writeFileSync(path, JSON.stringify({ keys: [entry('k1')], activeKeyId: 'k1' }));
    chmodSync(path, mode);
    expect(() => loadKeyFile(path, { createIfMissing: false })).toThrow(/must not be accessible by group or others/);
  });

  it('refuses a directory and reports malformed contents with the path', () => {
    expect(() => loadKeyFile(dir, { createIfMissing: false })).toThrow(/not a regular file/);
    const path = join(dir, 'keys.json');
    writeFileSync(path, '{oops', { mode: 0o600 });
    expect(() => loadKeyFile(path, { createIfMissing: false })).toThrow(
      `key file ${path} is malformed: not valid JSON`,
    );
  });

  it('round-trips several keys and keeps the active one', () => {
    const k1 = createKeyEntry('k1', '2025-01-01T00:00:00.000Z');
    const k2 = createKeyEntry('k2', '2025-02-01T00:00:00.000Z');
    const path = join(dir, 'keys.json');
    writeFileSync(
      path,
      serializeKeyRing({
        active: k2,
        byId: new Map([
          ['k1', k1],
          ['k2', k2],
        ]),
      }),
      { mode: 0o600 },
    );
    const ring = loadKeyFile(path, { createIfMissing: false });
    expect(ring.active.id).toBe('k2');
    expect([...ring.byId.keys()]).toEqual(['k1', 'k2']);
    expect(ring.byId.get('k1')!.hmacKey.equals(k1.hmacKey)).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('"activeKeyId": "k2"');
  });
});

describe('parseKeyFile', () => {
  it.each([
    ['[]', /expected \{ keys/],
    [JSON.stringify({ keys: [], activeKeyId: 'k1' }), /expected \{ keys/],
    [JSON.stringify({ keys: [entry('')], activeKeyId: '' }), /keys\[0\]\.id must be a non-empty string/],
    [JSON.stringify({ keys: [entry('k1'), entry('k1')], activeKeyId: 'k1' }), /keys\[1\]\.id "k1" is duplicated/],
    [
      JSON.stringify({ keys: [entry('k1', { encryptionKey: b64(16) })], activeKeyId: 'k1' }),
      /keys\[0\]\.encryptionKey must be base64 of exactly 32 bytes/,
    ],
    [
      JSON.stringify({ keys: [entry('k1', { hmacKey: b64(32) + '!!' })], activeKeyId: 'k1' }),
      /keys\[0\]\.hmacKey must be base64/,
    ],
    [
      JSON.stringify({ keys: [entry('k1', { hmacKey: 42 })], activeKeyId: 'k1' }),
      /keys\[0\]\.hmacKey must be a base64 string/,
    ],
    [
      JSON.stringify({ keys: [entry('k1', { createdAt: 5 })], activeKeyId: 'k1' }),
      /keys\[0\]\.createdAt must be a string/,
    ],
    [JSON.stringify({ keys: [entry('k1')], activeKeyId: 'k2' }), /activeKeyId must name one of keys\[\]\.id/],
    [JSON.stringify({ keys: [entry('k1')] }), /activeKeyId must name one of keys\[\]\.id/],
  ])('refuses %s', (text, message) => {
    expect(() => parseKeyFile(text)).toThrow(message);
  });
});
