import type Database from 'better-sqlite3';
import type { TenantRecord, TenantStore } from '../stores/tenant-store.js';

interface TenantRow {
  id: string;
  name: string;
  allowed_countries: string | null;
  created_at: number;
}

/** {@link TenantStore} on better-sqlite3. */
export function createSqliteTenantStore(sqlite: Database.Database): TenantStore {
  const insert = sqlite.prepare('INSERT INTO tenants (id, name, allowed_countries, created_at) VALUES (?, ?, ?, ?)');
  const byId = sqlite.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE id = ?');
  const all = sqlite.prepare<[], TenantRow>('SELECT * FROM tenants ORDER BY id');
  const update = sqlite.prepare('UPDATE tenants SET name = ?, allowed_countries = ? WHERE id = ?');
  const toRecord = (r: TenantRow): TenantRecord => ({
    id: r.id,
    name: r.name,
    allowedCountries: r.allowed_countries === null ? null : (JSON.parse(r.allowed_countries) as string[]),
    createdAt: r.created_at,
  });
  return {
    insert(t) {
      const countries = t.allowedCountries === null ? null : JSON.stringify(t.allowedCountries);
      insert.run(t.id, t.name, countries, t.createdAt);
    },
    findById(id) {
      const row = byId.get(id);
      return row === undefined ? undefined : toRecord(row);
    },
    list: () => all.all().map(toRecord),
    update(id, patch) {
      const row = byId.get(id);
      if (row === undefined) return false;
      const countries =
        patch.allowedCountries === undefined
          ? row.allowed_countries
          : patch.allowedCountries === null
            ? null
            : JSON.stringify(patch.allowedCountries);
      update.run(patch.name ?? row.name, countries, id);
      return true;
    },
  };
}
