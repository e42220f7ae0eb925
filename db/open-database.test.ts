import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from './open-database.js';
import { tenants } from './schema.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rw-db-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const TABLES = [
  'api_keys',
  'attempts',
  'config_versions',
  'idempotency_records',
  'phone_check_failures',
  'policy_snapshots',
  'receipts',
  'route_transitions',
  'routing_coefficients',
  'routing_events',
  'routing_history',
  'tenants',
  'verifications',
];

describe('openDatabase', () => {
  it('creates the folder, applies migrations and sets the pragmas on a fresh file', () => {
    const path = join(dir, 'nested', 'deeper', 'routewise.db');
    const { sqlite, close } = openDatabase(path);
    expect(existsSync(path)).toBe(true);
    const names = sqlite
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
      )
      .all()
      .map((r) => r.name);
    expect(names).toEqual(TABLES);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    close();
    close(); // idempotent
  });

  it('is idempotent on reopen: no migration runs twice and data survives', () => {
    const path = join(dir, 'routewise.db');
    const first = openDatabase(path);
    first.db.insert(tenants).values({ id: 't1', name: 'Acme', createdAt: 1 }).run();
    const applied = first.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get();
    first.close();
    const second = openDatabase(path);
    expect(second.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get()).toEqual(applied);
    expect(second.db.select().from(tenants).all()).toEqual([
      { id: 't1', name: 'Acme', allowedCountries: null, createdAt: 1 },
    ]);
    second.close();
  });

  it('opens a private in-memory database with foreign keys enforced', () => {
    const { sqlite, close } = openDatabase(':memory:');
    expect(() =>
      sqlite
        .prepare(
          "INSERT INTO api_keys (id, tenant_id, scope, key_hash, key_prefix, created_at) VALUES ('k', 'nope', 'tenant', 'h', 'p', 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    close();
  });

  it('resolves migrations from the module, not the working directory', () => {
    expect(isAbsolute(MIGRATIONS_FOLDER)).toBe(true);
    expect(existsSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'))).toBe(true);
  });
});
