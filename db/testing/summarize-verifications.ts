import type { AnalyticsGroup, AnalyticsRow } from '../stores/analytics-store.js';
import type { TimeBuckets } from '../sqlite/analytics-sql.js';
import { nearestRankPercentile } from './percentile.js';

/** The per-verification facts analytics needs (no identity). */
export interface VerificationFact {
  readonly id: string;
  readonly country: string;
  readonly operator: string;
  readonly status: string;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

export interface AttemptFact {
  readonly verificationId: string;
  readonly provider: string;
  readonly cost: number;
  readonly completed: boolean;
}

interface Acc {
  verifications: number;
  finished: number;
  completed: number;
  failed: number;
  /** Over finished verifications only, like the rates (see {@link AnalyticsRow}). */
  multiAttempt: number;
  attempts: number;
  cost: number;
  ttv: number[];
  firstCreatedAt: number | null;
}

const HOUR_MS = 3_600_000;


/**
 * The reference implementation of {@link AnalyticsRow}s, in plain TypeScript over every fact
 * of the range: the tests check the SQL aggregation (`db/sqlite/analytics-sql.ts`) against it.
 * Groups verification facts and computes {@link AnalyticsRow}s (semantics documented there).
 * With {@link TimeBuckets} each verification falls in exactly one bucket, like `hour`.
 */
export function summarizeVerifications(
  verifications: readonly VerificationFact[],
  attempts: readonly AttemptFact[],
  groupBy: AnalyticsGroup | TimeBuckets,
): AnalyticsRow[] {
  const attemptsOf = new Map<string, AttemptFact[]>();
  for (const a of attempts) {
    const list = attemptsOf.get(a.verificationId);
    if (list === undefined) attemptsOf.set(a.verificationId, [a]);
    else list.push(a);
  }
  const groups = new Map<string, Acc>();
  let failedOverall = 0;
  for (const v of verifications) {
    const all = attemptsOf.get(v.id) ?? [];
    const failed = v.status !== 'pending' && v.status !== 'approved' && v.status !== 'canceled';
    if (failed) failedOverall += 1;
    for (const [key, own, completed] of membership(v, all, groupBy)) {
      const acc = groups.get(key) ?? emptyAcc();
      groups.set(key, acc);
      acc.verifications += 1;
      if (acc.firstCreatedAt === null || v.createdAt < acc.firstCreatedAt) acc.firstCreatedAt = v.createdAt;
      if (failed) acc.failed += 1;
      // A pending verification's attempts and spend are not final (a failover, an expiry may
      // follow): counting them would charge its spend to the completions so far, so cost per
      // completion always spiked in the newest buckets.
      if (v.status !== 'pending') {
        acc.finished += 1;
        if (all.length > 1) acc.multiAttempt += 1;
        acc.attempts += own.length;
        for (const a of own) acc.cost += a.cost;
      }
      if (completed) {
        acc.completed += 1;
        if (v.finishedAt !== null) acc.ttv.push(v.finishedAt - v.createdAt);
      }
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, acc]) => toRow(key, acc, failedOverall));
}

/** The (group key, attempts counted for it, completed for it) triples of one verification. */
function membership(
  v: VerificationFact,
  all: readonly AttemptFact[],
  groupBy: AnalyticsGroup | TimeBuckets,
): [string, readonly AttemptFact[], boolean][] {
  if (typeof groupBy === 'object') {
    const start = groupBy.origin + Math.floor((v.createdAt - groupBy.origin) / groupBy.bucketMs) * groupBy.bucketMs;
    return [[new Date(start).toISOString(), all, v.status === 'approved']];
  }
  switch (groupBy) {
    case 'country':
      return [[v.country, all, v.status === 'approved']];
    case 'operator':
      return [[v.operator, all, v.status === 'approved']];
    case 'hour':
      return [[new Date(Math.floor(v.createdAt / HOUR_MS) * HOUR_MS).toISOString(), all, v.status === 'approved']];
    case 'provider': {
      const providers = [...new Set(all.map((a) => a.provider))];
      return providers.map((p) => {
        const own = all.filter((a) => a.provider === p);
        return [p, own, own.some((a) => a.completed)];
      });
    }
    default: {
      const never: never = groupBy;
      throw new TypeError(`groupBy must be one of country, provider, operator, hour; got ${String(never)}`);
    }
  }
}

function emptyAcc(): Acc {
  return { verifications: 0, finished: 0, completed: 0, failed: 0, multiAttempt: 0, attempts: 0, cost: 0, ttv: [], firstCreatedAt: null };
}

function toRow(key: string, acc: Acc, failedOverall: number): AnalyticsRow {
  const ttv = acc.ttv.sort((a, b) => a - b);
  const ratio = (num: number, den: number) => (den === 0 ? null : num / den);
  return {
    key,
    verifications: acc.verifications,
    finished: acc.finished,
    completed: acc.completed,
    completionRate: ratio(acc.completed, acc.finished),
    timeToVerifyMs: {
      p50: nearestRankPercentile(ttv, 50),
      p95: nearestRankPercentile(ttv, 95),
      p99: nearestRankPercentile(ttv, 99),
    },
    fallbackRate: ratio(acc.multiAttempt, acc.finished),
    attemptsPerVerification: ratio(acc.attempts, acc.finished),
    costPerCompleted: ratio(acc.cost, acc.completed),
    failed: acc.failed,
    failureShare: ratio(acc.failed, failedOverall),
    firstCreatedAt: acc.firstCreatedAt,
  };
}
