import { openDatabase, type OpenedDatabase } from '../open-database.js';
import { createSqliteStores } from '../sqlite/create-sqlite-stores.js';
import type { Stores } from '../stores/stores.js';

/** A migrated in-memory database with tenants `t1` and `t2`, and its stores. */
export function openTestStores(): { stores: Stores; database: OpenedDatabase } {
  const database = openDatabase(':memory:');
  const stores = createSqliteStores(database.sqlite);
  stores.tenants.insert({ id: 't1', name: 'Tenant one', allowedCountries: null, createdAt: 0 });
  stores.tenants.insert({ id: 't2', name: 'Tenant two', allowedCountries: ['DE', 'FR'], createdAt: 0 });
  return { stores, database };
}
