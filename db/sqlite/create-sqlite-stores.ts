import type Database from 'better-sqlite3';
import type { Stores } from '../stores/stores.js';
import { GroupCommit } from './group-commit.js';
import { createSqliteAnalyticsStore } from './sqlite-analytics-store.js';
import { createSqliteApiKeyStore } from './sqlite-api-key-store.js';
import { createSqliteConfigStore } from './sqlite-config-store.js';
import { createSqliteIdempotencyStore } from './sqlite-idempotency-store.js';
import { createSqlitePhoneFailureStore } from './sqlite-phone-failure-store.js';
import { createSqliteReceiptStore } from './sqlite-receipt-store.js';
import { createSqliteRetentionStore } from './sqlite-retention-store.js';
import { createSqliteSnapshotStore } from './sqlite-snapshot-store.js';
import { createSqliteTenantStore } from './sqlite-tenant-store.js';
import { createSqliteTransitionStore } from './sqlite-transition-store.js';
import { createSqliteVerificationStore } from './sqlite-verification-store.js';

/**
 * All stores over one better-sqlite3 connection (opened and migrated by `openDatabase`).
 * Statements are prepared here, once. Transactions are grouped per event-loop turn
 * ({@link GroupCommit}); `onCommitError` hears of a batch that failed to commit.
 */
export function createSqliteStores(sqlite: Database.Database, onCommitError?: (error: unknown) => void): Stores {
  const selectOne = sqlite.prepare('SELECT 1');
  const group = new GroupCommit(sqlite, onCommitError);
  return {
    verifications: createSqliteVerificationStore(sqlite),
    receipts: createSqliteReceiptStore(sqlite),
    transitions: createSqliteTransitionStore(sqlite),
    idempotency: createSqliteIdempotencyStore(sqlite),
    tenants: createSqliteTenantStore(sqlite),
    apiKeys: createSqliteApiKeyStore(sqlite),
    config: createSqliteConfigStore(sqlite),
    snapshots: createSqliteSnapshotStore(sqlite),
    phoneFailures: createSqlitePhoneFailureStore(sqlite),
    analytics: createSqliteAnalyticsStore(sqlite),
    retention: createSqliteRetentionStore(sqlite),
    transaction: (fn) => group.run(fn),
    committed: () => group.committed(),
    flush: () => group.flush(),
    drain: async () => {
      group.flush();
      await new Promise<void>((resolve) => setImmediate(resolve));
      group.flush();
    },
    ping: () => {
      selectOne.get();
    },
  };
}
