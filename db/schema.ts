/**
 * The database schema (drizzle, SQLite). Conventions: times are integer epoch
 * milliseconds, ids are text, JSON is text, booleans are integer 0/1. Phone numbers
 * appear only encrypted (`verifications.phone_enc`) or as an HMAC (`phone_hash`);
 * `attempts` carries the routing context without identity so it can be exported for
 * offline evaluation. Migrations: `npx drizzle-kit generate` into `db/migrations/`.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** API customers. */
export const tenants = sqliteTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** JSON array of ISO 3166-1 alpha-2 codes the tenant may send to; null = no tenant restriction. */
  allowedCountries: text('allowed_countries'),
  createdAt: integer('created_at').notNull(),
});

/** API keys, stored only as SHA-256 hashes. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    /** Owner; null for admin keys. */
    tenantId: text('tenant_id').references(() => tenants.id),
    /** 'tenant' | 'admin'. */
    scope: text('scope').notNull(),
    /** SHA-256 hex of the full key. */
    keyHash: text('key_hash').notNull().unique(),
    /** First characters of the key (`rw_live_AbCdEf`) for display; not enough to authenticate. */
    keyPrefix: text('key_prefix').notNull(),
    createdAt: integer('created_at').notNull(),
    /** Null while the key is valid. */
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('api_keys_tenant_idx').on(t.tenantId)],
);

/** One logical verification request. */
export const verifications = sqliteTable(
  'verifications',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** AES-256-GCM `iv | tag | ciphertext` of the E.164 number. */
    phoneEnc: blob('phone_enc', { mode: 'buffer' }).notNull(),
    /** Key-file entry that sealed `phone_enc`. */
    phoneKeyId: text('phone_key_id').notNull(),
    /** HMAC-SHA256 hex of the number (rate limits, failure counters). */
    phoneHash: text('phone_hash').notNull(),
    /** ISO 3166-1 alpha-2. */
    country: text('country').notNull(),
    /** MCC-MNC or 'unknown'. */
    operator: text('operator').notNull(),
    /** 'premium' | 'standard'. */
    routeClass: text('route_class').notNull(),
    /** 'signup' | 'login' | 'password_reset' | 'transaction'. */
    action: text('action').notNull(),
    /** Caller's fraud score in [0, 1]. */
    fraudScore: real('fraud_score').notNull(),
    windowMs: integer('window_ms').notNull(),
    /** Mirrors `state_json.status`: 'pending' | 'approved' | 'expired' | 'canceled' | 'failed' | 'max_attempts_reached'. */
    status: text('status').notNull(),
    createdAt: integer('created_at').notNull(),
    /** Window end (epoch ms). */
    expiresAt: integer('expires_at').notNull(),
    finishedAt: integer('finished_at'),
    /** Engine `FinishReason`, null while pending. */
    finishReason: text('finish_reason'),
    /** Code checks made so far. */
    checks: integer('checks').notNull(),
    maxChecks: integer('max_checks').notNull(),
    maxAttempts: integer('max_attempts').notNull(),
    /** The engine reducer's `VerificationState`, so pending verifications and timers survive a restart. */
    stateJson: text('state_json').notNull(),
    /** Caller's `Idempotency-Key`, if any. */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    index('verifications_tenant_created_idx').on(t.tenantId, t.createdAt),
    // The expiry sweep (every tick) reads only the pending verifications whose window has
    // ended, in order: a range scan here, where an index on status alone read every pending row.
    index('verifications_pending_expiry_idx').on(t.expiresAt, t.id).where(sql`status = 'pending'`),
    index('verifications_created_idx').on(t.createdAt),
  ],
);

/** One send through one provider, with its routing decision and outcome fields. */
export const attempts = sqliteTable(
  'attempts',
  {
    id: text('id').primaryKey(),
    verificationId: text('verification_id')
      .notNull()
      .references(() => verifications.id),
    /** 1-based order within the verification. */
    seq: integer('seq').notNull(),
    provider: text('provider').notNull(),
    /** `<keyId>:<hex HMAC>` of this attempt's own code. */
    codeHash: text('code_hash').notNull(),
    /** Engine `AttemptStatus`. */
    status: text('status').notNull(),
    startedAt: integer('started_at').notNull(),
    /** Receipt time budget (soft-failure timer), ms. */
    budgetMs: integer('budget_ms').notNull(),
    /** Absolute deadline of the soft-failure timer (epoch ms); null when no timer is armed. */
    timerAt: integer('timer_at'),
    acceptedAt: integer('accepted_at'),
    receiptAt: integer('receipt_at'),
    /** When the user entered this attempt's code. */
    completedAt: integer('completed_at'),
    /** The provider's id for the message, used to match receipts. */
    providerMessageId: text('provider_message_id'),
    cost: real('cost').notNull(),
    errorClass: text('error_class'),
    completed: integer('completed').notNull().default(0),
    /** Reward emitted (exactly once). */
    settled: integer('settled').notNull().default(0),
    /** Reward in [0, 1] once settled. */
    reward: real('reward'),
    /** Probability the policy chose this provider. */
    propensity: real('propensity').notNull(),
    policyKind: text('policy_kind').notNull(),
    policyVersion: text('policy_version').notNull(),
    /** Version of the reward config used to settle. */
    rewardVersion: text('reward_version').notNull(),
    /** Segment key country x operator x route class. */
    segment: text('segment').notNull(),
    /** JSON: probabilities, scores, context features, explanation. No identity. */
    decisionJson: text('decision_json').notNull(),
    country: text('country').notNull(),
    operator: text('operator').notNull(),
    routeClass: text('route_class').notNull(),
    action: text('action').notNull(),
    fraudScore: real('fraud_score').notNull(),
    /** UTC hour of day (0-23) of the decision. */
    hour: integer('hour').notNull(),
  },
  (t) => [
    uniqueIndex('attempts_verification_seq_idx').on(t.verificationId, t.seq),
    index('attempts_provider_message_idx').on(t.providerMessageId),
    // (started_at, id) serves the export's keyset pagination without a sort per page.
    index('attempts_started_idx').on(t.startedAt, t.id),
    // Only armed timers are indexed: the sweep reads them, and most attempts have none.
    index('attempts_timer_idx').on(t.timerAt).where(sql`timer_at IS NOT NULL`),
  ],
);

/** Delivery receipts (DLRs), deduplicated on (provider, webhook_id). Orphans (no attempt yet) are kept. */
export const receipts = sqliteTable(
  'receipts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    /** Sender's delivery id (`webhook-id`), stable across retries. */
    webhookId: text('webhook_id').notNull(),
    /** 'delivered' | 'undelivered' (or a provider-specific status). */
    status: text('status').notNull(),
    errorClass: text('error_class'),
    /** When the provider says it happened. */
    occurredAt: integer('occurred_at').notNull(),
    receivedAt: integer('received_at').notNull(),
    attemptId: text('attempt_id').references(() => attempts.id),
    /** Fed to the state machine. */
    applied: integer('applied').notNull().default(0),
  },
  (t) => [
    uniqueIndex('receipts_provider_webhook_idx').on(t.provider, t.webhookId),
    /**
     * Receipts still waiting for their attempt's provider message id (few): a receipt applied
     * on arrival is never in it, so storing one writes no page of a random-keyed index here.
     */
    index('receipts_unapplied_message_idx').on(t.provider, t.providerMessageId).where(sql`applied = 0`),
    /** Deleting an attempt checks its receipts (foreign key): without this, a scan of every receipt. */
    index('receipts_attempt_idx').on(t.attemptId),
    /** Orphans only (few): the retention purge finds old ones without a scan. */
    index('receipts_orphan_received_idx').on(t.receivedAt).where(sql`attempt_id IS NULL`),
  ],
);

/** Audit of every failover from one attempt to the next. */
export const routeTransitions = sqliteTable(
  'route_transitions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    verificationId: text('verification_id')
      .notNull()
      .references(() => verifications.id),
    fromAttemptId: text('from_attempt_id').notNull(),
    fromProvider: text('from_provider').notNull(),
    /** Null when no further attempt was made. */
    toAttemptId: text('to_attempt_id'),
    toProvider: text('to_provider'),
    /** Why: 'rejected' | 'undelivered' | 'timed_out' | ... */
    reason: text('reason').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('route_transitions_verification_idx').on(t.verificationId)],
);

/** Learned state; the latest row is what to restore at start. */
export const policySnapshots = sqliteTable('policy_snapshots', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  policyKind: text('policy_kind').notNull(),
  policyVersion: text('policy_version').notNull(),
  /** Policy `Snapshot.state` JSON. */
  stateJson: text('state_json').notNull(),
  /** Health registry snapshot JSON (stats and breakers). */
  healthJson: text('health_json').notNull(),
  /** Routing engine snapshot JSON (completion model, shift detector); null in rows saved before it existed. */
  engineJson: text('engine_json'),
});

/** Per (segment, provider) estimates over time, for the dashboard's weight history. */
export const routingHistory = sqliteTable(
  'routing_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    segment: text('segment').notNull(),
    provider: text('provider').notNull(),
    /** Selection probability at `at`. */
    probability: real('probability').notNull(),
    /** Estimated mean reward and its ~90% interval. */
    mean: real('mean').notNull(),
    lower: real('lower').notNull(),
    upper: real('upper').notNull(),
    /** Effective observations. */
    n: real('n').notNull(),
    completionRate: real('completion_rate'),
    latencyP50Ms: real('latency_p50_ms'),
    latencyP90Ms: real('latency_p90_ms'),
    timeoutRate: real('timeout_rate'),
    cost: real('cost'),
    /** Breaker state: 'closed' | 'open' | 'half-open'. */
    breaker: text('breaker').notNull(),
  },
  (t) => [index('routing_history_segment_at_idx').on(t.segment, t.at)],
);

/** Per-feature coefficients of a contextual policy's model for (segment, provider), at each history snapshot. */
export const routingCoefficients = sqliteTable(
  'routing_coefficients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    segment: text('segment').notNull(),
    provider: text('provider').notNull(),
    /** `{ [featureName]: theta_hat }`; the feature set belongs to the policy, so it is not a column list. */
    valuesJson: text('values_json').notNull(),
  },
  (t) => [index('routing_coefficients_segment_at_idx').on(t.segment, t.at)],
);

/** Timeline markers for the dashboard. */
export const routingEvents = sqliteTable(
  'routing_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    /** 'breaker' | 'change' | 'config'. */
    kind: text('kind').notNull(),
    segment: text('segment'),
    provider: text('provider'),
    detailJson: text('detail_json').notNull(),
  },
  (t) => [index('routing_events_at_idx').on(t.at)],
);

/** Every configuration version ever written; one active per kind. */
export const configVersions = sqliteTable(
  'config_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 'reward' | 'routing'. */
    kind: text('kind').notNull(),
    /** Assigned in sequence per kind: '1', '2', ... */
    version: text('version').notNull(),
    bodyJson: text('body_json').notNull(),
    createdAt: integer('created_at').notNull(),
    /** API key id or 'system'. */
    createdBy: text('created_by').notNull(),
    active: integer('active').notNull().default(0),
  },
  (t) => [
    uniqueIndex('config_versions_kind_version_idx').on(t.kind, t.version),
    // At most one active row per kind, enforced by the database.
    uniqueIndex('config_versions_one_active_idx')
      .on(t.kind)
      .where(sql`active = 1`),
  ],
);

/** Stored responses for `Idempotency-Key` replays. */
export const idempotencyRecords = sqliteTable(
  'idempotency_records',
  {
    tenantId: text('tenant_id').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of method, path and body: a reused key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    /** 'in_flight' | 'done'. */
    state: text('state').notNull(),
    responseStatus: integer('response_status'),
    /** Response body text. */
    responseBody: text('response_body'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), index('idempotency_expires_idx').on(t.expiresAt)],
);

/** Wrong-code counter per phone (by HMAC), across verifications. */
export const phoneCheckFailures = sqliteTable(
  'phone_check_failures',
  {
    phoneHash: text('phone_hash').primaryKey(),
    failures: integer('failures').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('phone_check_failures_updated_idx').on(t.updatedAt)],
);
