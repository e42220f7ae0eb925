import type { AnalyticsStore } from './analytics-store.js';
import type { ApiKeyStore } from './api-key-store.js';
import type { ConfigStore } from './config-store.js';
import type { IdempotencyStore } from './idempotency-store.js';
import type { PhoneFailureStore } from './phone-failure-store.js';
import type { ReceiptStore } from './receipt-store.js';
import type { RetentionStore } from './retention-store.js';
import type { SnapshotStore } from './snapshot-store.js';
import type { TenantStore } from './tenant-store.js';
import type { TransitionStore } from './transition-store.js';
import type { VerificationStore } from './verification-store.js';

/** Every store the service uses, behind interfaces so another backend is a new implementation. */
export interface Stores {
  readonly verifications: VerificationStore;
  readonly receipts: ReceiptStore;
  readonly transitions: TransitionStore;
  readonly idempotency: IdempotencyStore;
  readonly tenants: TenantStore;
  readonly apiKeys: ApiKeyStore;
  readonly config: ConfigStore;
  readonly snapshots: SnapshotStore;
  readonly phoneFailures: PhoneFailureStore;
  readonly analytics: AnalyticsStore;
  readonly retention: RetentionStore;
  /**
   * Runs `fn` atomically: every store write inside commits together or not at all
   * (a throw rolls back and rethrows). Nested calls become savepoints. `fn` must be
   * synchronous: no `await` inside. The COMMIT may come later than the return (the SQLite
   * stores group the work of one event-loop turn into one commit): whatever the outside
   * world may see because of it (an answer, a send, learning) waits for {@link committed}.
   */
  transaction<T>(fn: () => T): T;
  /** Resolves once every write made so far is committed; rejects if its commit failed. */
  committed(): Promise<void>;
  /** Commits pending work now (before closing the database). */
  flush(): void;
  /** Commits pending work, lets what waited for that commit run, and commits what it wrote (before closing the database). */
  drain(): Promise<void>;
  /** A trivial round trip to the database (readiness probe). @throws when it cannot answer */
  ping(): void;
}
