import type Database from 'better-sqlite3';
import type { ConfigKind, ConfigStore, ConfigVersionRecord } from '../stores/config-store.js';

interface ConfigRow {
  kind: string;
  version: string;
  body_json: string;
  created_at: number;
  created_by: string;
  active: number;
}

/** {@link ConfigStore} on better-sqlite3. */
export function createSqliteConfigStore(sqlite: Database.Database): ConfigStore {
  const active = sqlite.prepare<[string], ConfigRow>('SELECT * FROM config_versions WHERE kind = ? AND active = 1');
  const list = sqlite.prepare<[string], ConfigRow>('SELECT * FROM config_versions WHERE kind = ? ORDER BY id DESC');
  const count = sqlite.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM config_versions WHERE kind = ?');
  const exists = sqlite.prepare<[string, string], { id: number }>(
    'SELECT id FROM config_versions WHERE kind = ? AND version = ?',
  );
  const deactivate = sqlite.prepare('UPDATE config_versions SET active = 0 WHERE kind = ? AND active = 1');
  const activateOne = sqlite.prepare('UPDATE config_versions SET active = 1 WHERE kind = ? AND version = ?');
  const insert = sqlite.prepare(
    'INSERT INTO config_versions (kind, version, body_json, created_at, created_by, active) VALUES (?, ?, ?, ?, ?, 1)',
  );

  const insertTx = sqlite.transaction(
    (kind: ConfigKind, body: unknown, createdBy: string, now: number): ConfigVersionRecord => {
      // Versions are never deleted, so count + 1 is the next free number.
      const version = String((count.get(kind)?.n ?? 0) + 1);
      const json = JSON.stringify(body) as string | undefined;
      if (json === undefined) throw new TypeError('config body must be JSON-serialisable');
      deactivate.run(kind);
      insert.run(kind, version, json, now, createdBy);
      return { kind, version, body: JSON.parse(json) as unknown, createdAt: now, createdBy, active: true };
    },
  );
  const activateTx = sqlite.transaction((kind: ConfigKind, version: string): boolean => {
    if (exists.get(kind, version) === undefined) return false;
    deactivate.run(kind);
    activateOne.run(kind, version);
    return true;
  });

  return {
    active(kind) {
      const row = active.get(kind);
      return row === undefined ? undefined : toRecord(row);
    },
    list: (kind) => list.all(kind).map(toRecord),
    insertAndActivate: (kind, body, createdBy, now) => insertTx.immediate(kind, body, createdBy, now),
    activate: (kind, version) => activateTx.immediate(kind, version),
  };
}

function toRecord(r: ConfigRow): ConfigVersionRecord {
  return {
    kind: r.kind as ConfigKind,
    version: r.version,
    body: JSON.parse(r.body_json) as unknown,
    createdAt: r.created_at,
    createdBy: r.created_by,
    active: r.active === 1,
  };
}
