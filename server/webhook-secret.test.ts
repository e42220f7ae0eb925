import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKeyFile } from './security/key-file.js';
import { providerWebhookSecret } from './security/webhook-secrets.js';
import { runWebhookSecret } from './webhook-secret.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-whsec-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = runWebhookSecret(argv, env, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('npm run webhook-secret', () => {
  it('prints the secret the server verifies that provider with, from --key-file or ROUTEWISE_KEY_FILE', () => {
    const file = join(dir, 'keys.json');
    const keys = loadKeyFile(file, { createIfMissing: true });
    const expected = `${providerWebhookSecret(keys, 'acme')}\n`;
    expect(expected).toMatch(/^whsec_[A-Za-z0-9+/]+=*\n$/);
    expect(run(['acme', '--key-file', file])).toEqual({ code: 0, out: expected, err: '' });
    expect(run(['acme'], { ROUTEWISE_KEY_FILE: file })).toEqual({ code: 0, out: expected, err: '' });
    expect(run(['globex', '--key-file', file]).out).not.toBe(expected);
  });

  it('names bad usage and a missing key file, printing nothing on stdout', () => {
    for (const argv of [[], ['Bad_Id'], ['a', 'b'], ['acme', '--key-file']]) {
      const r = run(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain('usage: npm run webhook-secret');
    }
    const missing = run(['acme', '--key-file', join(dir, 'none.json')]);
    expect(missing).toMatchObject({ code: 2, out: '' });
    expect(missing.err).toMatch(/key file .*none\.json does not exist/);
  });
});
