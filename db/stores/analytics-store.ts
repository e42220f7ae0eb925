import type { AttemptStatus } from '../../engine/failover/verification-state.js';
import type { PolicyKind } from '../../engine/learning/policy.js';
import type { Action, ProviderId, RouteClass } from '../../engine/types.js';
import type { DecisionLog } from './verification-store.js';

export const ANALYTICS_GROUPS = ['country', 'provider', 'operator', 'hour'] as const;
export type AnalyticsGroup = (typeof ANALYTICS_GROUPS)[number];

export interface AnalyticsQuery {
  /** Verifications created in `[from, to)` (epoch ms). */
  readonly from: number;
  readonly to: number;
  readonly groupBy: AnalyticsGroup;
  /** Restrict to one tenant; all tenants when absent. */
  readonly tenantId?: string;
}

export interface TimeseriesQuery {
  /** Verifications created in `[from, to)` (epoch ms). */
  readonly from: number;
  readonly to: number;
  /** Bucket width, ms; buckets start at `from + k * bucketMs`. */
  readonly bucketMs: number;
  readonly tenantId?: string;
}

/**
 * Metrics of one group. "Finished" excludes `pending`; "failed" is finished and neither
 * approved nor canceled. Every rate, the attempts and the cost are over finished
 * verifications only: a pending one's attempts and spend are not final, and counting them
 * would make the newest time buckets look cheaper per attempt and dearer per completion. When grouping by provider, a verification counts in every
 * provider it attempted, is "completed" for the provider whose attempt completed, and
 * attempts and cost are that provider's only; other groupings put each verification in
 * exactly one group (`hour` = UTC hour bucket of creation, ISO 8601).
 */
export interface AnalyticsRow {
  readonly key: string;
  readonly verifications: number;
  readonly finished: number;
  readonly completed: number;
  /** completed / finished; null when nothing finished. */
  readonly completionRate: number | null;
  /** Creation to approval, ms, nearest-rank percentiles over completed verifications; null when none. */
  readonly timeToVerifyMs: { readonly p50: number | null; readonly p95: number | null; readonly p99: number | null };
  /** Share of finished verifications that needed more than one attempt (fallback frequency). */
  readonly fallbackRate: number | null;
  /** Attempts per finished verification. */
  readonly attemptsPerVerification: number | null;
  /** Attempt cost of finished verifications / completed; null when nothing completed. */
  readonly costPerCompleted: number | null;
  readonly failed: number;
  /** failed / failed over all groups (failure concentration); null when nothing failed anywhere. */
  readonly failureShare: number | null;
  /** Creation time (epoch ms) of the group's earliest verification; null for an empty group. */
  readonly firstCreatedAt: number | null;
}

/** One logged decision with its outcome, for offline evaluation. Holds no phone number or phone hash. */
export interface DecisionExportRow {
  readonly attemptId: string;
  readonly verificationId: string;
  readonly tenantId: string;
  readonly seq: number;
  /** When the verification was requested (its `created_at`). */
  readonly requestedAt: number;
  readonly startedAt: number;
  /** The attempt's receipt budget (soft-failure timer), ms. */
  readonly budgetMs: number;
  readonly provider: ProviderId;
  readonly segment: string;
  readonly country: string;
  readonly operator: string;
  readonly routeClass: RouteClass;
  readonly action: Action;
  readonly fraudScore: number;
  readonly hour: number;
  readonly windowMs: number;
  readonly propensity: number;
  readonly decision: DecisionLog;
  readonly policyKind: PolicyKind;
  readonly policyVersion: string;
  readonly rewardVersion: string;
  readonly status: AttemptStatus;
  readonly acceptedAt: number | null;
  readonly receiptAt: number | null;
  readonly completedAt: number | null;
  readonly completed: boolean;
  readonly cost: number;
  readonly errorClass: string | null;
  readonly settled: boolean;
  readonly reward: number | null;
}

/** Too many analytics queries are already waiting; the caller should try again shortly. */
export class AnalyticsBusyError extends Error {
  override readonly name = 'AnalyticsBusyError';
}

/** Read-only analytics over verifications and attempts; results carry no identity. */
export interface AnalyticsStore {
  /** One row per group key, sorted by key (computed off the event loop where the store can; rejects with {@link AnalyticsBusyError} when too many queries wait). */
  summary(query: AnalyticsQuery): Promise<AnalyticsRow[]>;
  /**
   * Attempts started in `[from, to)` by start time then id, read in pages of `pageSize`
   * so the connection is free between pages (safe to interleave with other queries).
   */
  iterateDecisions(from: number, to: number, pageSize?: number): Generator<DecisionExportRow>;
  /**
   * Per-bucket {@link AnalyticsRow}s (key = ISO time of the bucket start), only for buckets
   * holding at least one verification, in time order. `failureShare` is relative to the range.
   * Rejects with a RangeError when bucketMs is not a positive integer.
   */
  timeseries(query: TimeseriesQuery): Promise<AnalyticsRow[]>;
  /** The `limit` latest attempts started in `[from, to)`, returned in time order (then id). */
  latestDecisions(from: number, to: number, limit: number): DecisionExportRow[];
  /** Releases what the store holds besides the connection (its worker thread). */
  close(): Promise<void>;
}
