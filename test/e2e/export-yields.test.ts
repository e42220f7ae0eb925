import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open-database.js';
import { createSqliteStores } from '../../db/sqlite/create-sqlite-stores.js';
import { makeAttempt, makeState, makeVerification } from '../../db/testing/record-fixtures.js';
import { spawnServer, type ChildServer } from './child-server.js';
import { ADMIN_KEY, TENANT_KEY } from './e2e-server.js';

const dir = mkdtempSync(join(tmpdir(), 'routewise-export-'));
const running: ChildServer[] = [];
afterAll(async () => {
  for (const s of running) await s.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A database holding `rows` finished single-attempt verifications of the last hour. */
async function seededDatabase(path: string, rows: number, now: number): Promise<void> {
  const database = openDatabase(path);
  const stores = createSqliteStores(database.sqlite);
  stores.tenants.insert({ id: 'tn_bulk', name: 'bulk', allowedCountries: null, createdAt: 0 });
  stores.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const id = `vf_bulk${String(i).padStart(7, '0')}`;
      const at = now - 3_600_000 + i;
      stores.verifications.insert(
        makeVerification(makeState(id, at, { status: 'expired', finishedAt: at + 1_000 }), { tenantId: 'tn_bulk' }),
        [makeAttempt(`at_bulk${i}`, id, { startedAt: at })],
      );
    }
  });
  await stores.committed();
  await stores.analytics.close();
  database.close();
}

describe('a large export does not hold the server', () => {
  it('answers other requests while it streams, to a reader that keeps up', async () => {
    const db = join(dir, 'routewise.db');
    await seededDatabase(db, 30_000, Date.now());
    const server = await spawnServer({
      ROUTEWISE_DB: db,
      ROUTEWISE_KEY_FILE: join(dir, 'keys.json'),
      ROUTEWISE_DEMO_API_KEY: TENANT_KEY,
      ROUTEWISE_ADMIN_KEY: ADMIN_KEY,
      ROUTEWISE_DEMO_TRAFFIC: '0',
      ROUTEWISE_LOG_LEVEL: 'warn',
    });
    running.push(server);
    let exportDone = 0;
    // Headers come with the first page: the export is under way when the fetch resolves.
    const response = await fetch(`${server.url}/v1/export/decisions`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    const exported = response.text().then((text) => {
      exportDone = performance.now();
      return text.trimEnd().split('\n').length;
    });
    const health = await fetch(`${server.url}/healthz`);
    const healthDone = performance.now();
    expect(health.status).toBe(200);
    expect(await exported).toBe(30_000);
    // Before, the export went page to page inside one event-loop turn (the writes, and 'drain',
    // run in nextTicks between promise jobs): /healthz was answered only after the last line.
    expect(healthDone).toBeLessThan(exportDone);
  });
});
