import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

/** Folder of the committed drizzle-kit migrations, resolved from this module so any cwd works. */
export const MIGRATIONS_FOLDER = join(import.meta.dirname, 'migrations');

export type Schema = typeof schema;

export interface OpenedDatabase {
  /** The raw connection, for prepared statements on hot paths. */
  readonly sqlite: Database.Database;
  /** Drizzle over the same connection, for cold paths and typed queries. */
  readonly db: BetterSQLite3Database<Schema>;
  /** Closes the connection (checkpointing the WAL). Idempotent. */
  close(): void;
}

/**
 * Opens (creating the parent folder if needed) and migrates a SQLite database.
 *
 * Pragmas: `journal_mode = WAL` (readers never block the writer), `synchronous = NORMAL`,
 * `foreign_keys = ON`, `busy_timeout = 5000` ms. With WAL + NORMAL a commit is not
 * fsynced; the WAL is fsynced at checkpoints. The database stays consistent and is
 * durable against a process crash (the OS still holds the WAL), but a power loss or
 * OS crash can lose the transactions committed since the last checkpoint. FULL would
 * fsync every commit at several times the write latency; for OTP routing a lost
 * last second of verifications is acceptable. Reference: https://www.sqlite.org/wal.html.
 *
 * Migrations run with drizzle's migrator and are recorded in `__drizzle_migrations`,
 * so reopening applies only new ones.
 *
 * @param path file path, or `':memory:'` for a private in-memory database (tests)
 * @throws Error when the file cannot be opened or a migration fails
 */
export function openDatabase(path: string): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  try {
    // In-memory databases report 'memory' and cannot use WAL; that is expected.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    const db = drizzle(sqlite, { schema });
    // drizzle-kit rebuilds tables for some ALTERs; that needs foreign keys off, and the
    // pragma is a no-op inside the migrator's transaction, so it is switched on afterwards.
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    sqlite.pragma('foreign_keys = ON');
    return {
      sqlite,
      db,
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
