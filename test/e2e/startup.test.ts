import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from './child-server.js';
import { ADMIN_KEY, api } from './e2e-server.js';

const dir = mkdtempSync(join(tmpdir(), 'routewise-startup-'));
const running: ChildServer[] = [];
const env = (name: string) => ({
  ROUTEWISE_DB: join(dir, `${name}.db`),
  ROUTEWISE_KEY_FILE: join(dir, `${name}-keys.json`),
  ROUTEWISE_ADMIN_KEY: ADMIN_KEY,
  ROUTEWISE_DEMO_TRAFFIC: '0',
});

afterAll(async () => {
  for (const s of running) await s.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** What `npm start` printed before it exited without listening (spawnServer rejects with it). */
async function refusal(extra: Record<string, string>, name: string): Promise<string> {
  return spawnServer({ ...env(name), ...extra }).then(
    (s) => {
      running.push(s);
      throw new Error(`expected the start to fail, but it listens on ${s.url}`);
    },
    (err: Error) => err.message,
  );
}

describe('npm start: problems the operator fixes are one line and exit 2', () => {
  it('a port another process holds: refused by address, and no demo traffic reaches that process', async () => {
    const first = await spawnServer(env('first'));
    running.push(first);
    const port = new URL(first.url).port;
    const out = await refusal({ PORT: port, ROUTEWISE_DEMO_TRAFFIC: '1', ROUTEWISE_DEMO_RATE: '50' }, 'second');
    expect(out).toContain('server exited with 2 before listening');
    expect(out).toContain(
      `routewise failed to start: 127.0.0.1:${port} is already in use (another routewise, or another program): stop it or set PORT`,
    );
    expect(out).not.toContain('routewise listening');
    await new Promise((r) => setTimeout(r, 300));
    const summary = await api(first.url, 'GET', '/v1/analytics/summary', { key: ADMIN_KEY });
    expect(summary.json).toMatchObject({ totals: { verifications: 0 } });
  });

  it.each([
    [
      'a missing providers file',
      { ROUTEWISE_PROVIDERS_FILE: join(dir, 'absent.json') },
      /providers file .*absent\.json: ENOENT/,
    ],
    [
      'a providers file entry without url',
      { ROUTEWISE_PROVIDERS_FILE: join(dir, 'no-url.json') },
      /url of provider "x" must be an absolute URL/,
    ],
    [
      'production mode without a key file',
      { ROUTEWISE_MODE: 'production', ROUTEWISE_KEY_FILE: join(dir, 'none.json') },
      /key file .*none\.json does not exist: create it with `npm run keys -- init --key-file .*none\.json`/,
    ],
  ])('%s', async (_name, extra, message) => {
    writeFileSync(join(dir, 'no-url.json'), JSON.stringify([{ id: 'x' }]));
    const out = await refusal(extra, 'bad');
    expect(out).toContain('server exited with 2 before listening');
    expect(out).toMatch(message);
    expect(out, 'no stack trace').not.toMatch(/\n\s+at /);
  });
});
