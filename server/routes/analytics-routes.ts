import { Router } from 'express';
import { AnalyticsBusyError, type AnalyticsRow } from '../../db/stores/analytics-store.js';
import type { Stores } from '../../db/stores/stores.js';
import { UnavailableError, ValidationError } from '../http/app-error.js';
import { requireAdmin } from '../http/auth.js';
import { parseInput } from '../http/validate.js';
import type { RouteDocs } from '../openapi/route-docs.js';
import { iso, resolveRange } from '../schemas/common-schemas.js';
import { SummaryQuery, SummaryResponse, TimeseriesQuery, TimeseriesResponse } from '../schemas/analytics-schemas.js';

const HOUR_MS = 3_600_000;
/** Analytics reads: last 24 h by default, at most 31 days; a time series has at most 2 000 buckets. */
export const ANALYTICS_RANGE = Object.freeze({ defaultMs: 24 * HOUR_MS, maxMs: 31 * 24 * HOUR_MS });
export const TIMESERIES_RANGE = Object.freeze({ defaultMs: HOUR_MS, maxMs: 31 * 24 * HOUR_MS });
export const MAX_BUCKETS = 2_000;

function metrics(r: AnalyticsRow) {
  return {
    verifications: r.verifications,
    finished: r.finished,
    completed: r.completed,
    completionRate: r.completionRate,
    timeToVerifyP50Ms: r.timeToVerifyMs.p50,
    timeToVerifyP95Ms: r.timeToVerifyMs.p95,
    timeToVerifyP99Ms: r.timeToVerifyMs.p99,
    fallbackRate: r.fallbackRate,
    attemptsPerVerification: r.attemptsPerVerification,
    costPerCompletion: r.costPerCompleted,
    failed: r.failed,
    failureShare: r.failureShare,
    firstAt: r.firstCreatedAt === null ? null : iso(r.firstCreatedAt),
  };
}

/** Retry-After when the analytics queue is full. */
const BUSY_RETRY_MS = 5_000;

/** An {@link AnalyticsBusyError} as 503 `analytics_busy`; anything else as it is. */
function busyAsUnavailable(error: unknown): never {
  if (error instanceof AnalyticsBusyError)
    throw new UnavailableError(
      'analytics_busy',
      'too many analytics queries are waiting; try again shortly',
      BUSY_RETRY_MS,
    );
  throw error;
}

const EMPTY: AnalyticsRow = {
  key: '',
  verifications: 0,
  finished: 0,
  completed: 0,
  completionRate: null,
  timeToVerifyMs: { p50: null, p95: null, p99: null },
  fallbackRate: null,
  attemptsPerVerification: null,
  costPerCompleted: null,
  failed: 0,
  failureShare: null,
  firstCreatedAt: null,
};

/** Admin analytics over stored verifications (no identity): grouped summary and a time series. */
export function analyticsRoutes(deps: { stores: Stores; clock: () => number }, docs: RouteDocs): Router {
  const router = Router();
  const { analytics } = deps.stores;

  docs.add({
    method: 'get',
    path: '/v1/analytics/summary',
    summary:
      'Completion rate, time-to-verify percentiles, fallback frequency, attempts and cost per completion, failure concentration',
    description:
      'Verifications created in [from, to) (default: the last 24 h; at most 31 days). Grouped by provider, a verification counts for every provider it tried and is completed for the one whose code was entered.',
    tags: ['analytics'],
    auth: 'admin',
    query: SummaryQuery,
    responses: { 200: { description: 'one row per group, sorted by key, and the totals', schema: SummaryResponse } },
  });
  router.get('/v1/analytics/summary', requireAdmin, async (req, res) => {
    const q = parseInput(SummaryQuery, req.query);
    const { from, to } = resolveRange(q, deps.clock(), ANALYTICS_RANGE);
    const [rows, [totals = EMPTY]] = await Promise.all([
      analytics.summary({ from, to, groupBy: q.groupBy }),
      analytics.timeseries({ from, to, bucketMs: Math.max(1, to - from) }),
    ]).catch(busyAsUnavailable);
    res.json({
      from: iso(from),
      to: iso(to),
      groupBy: q.groupBy,
      rows: rows.map((r) => ({ key: r.key, ...metrics(r) })),
      totals: metrics(totals),
    });
  });

  docs.add({
    method: 'get',
    path: '/v1/analytics/timeseries',
    summary:
      'Per time bucket: verifications, completion rate, p50/p95 time to verify, fallback rate, cost per completion',
    description: `Buckets start at \`from\` (default: the last hour) and are \`bucket\` seconds wide; empty buckets are included; at most ${MAX_BUCKETS} buckets.`,
    tags: ['analytics'],
    auth: 'admin',
    query: TimeseriesQuery,
    responses: { 200: { description: 'every bucket of the range in time order', schema: TimeseriesResponse } },
  });
  router.get('/v1/analytics/timeseries', requireAdmin, async (req, res) => {
    const q = parseInput(TimeseriesQuery, req.query);
    const { from, to } = resolveRange(q, deps.clock(), TIMESERIES_RANGE);
    const bucketMs = q.bucket * 1000;
    const buckets = Math.ceil((to - from) / bucketMs);
    if (buckets > MAX_BUCKETS) {
      throw new ValidationError([
        { path: 'bucket', message: `gives ${buckets} buckets over this range; at most ${MAX_BUCKETS}` },
      ]);
    }
    const series = await analytics.timeseries({ from, to, bucketMs }).catch(busyAsUnavailable);
    const byKey = new Map(series.map((r) => [r.key, r]));
    const points = Array.from({ length: buckets }, (_, i) => {
      const at = iso(from + i * bucketMs);
      const r = byKey.get(at) ?? EMPTY;
      return {
        at,
        verifications: r.verifications,
        completed: r.completed,
        completionRate: r.completionRate,
        p50Ms: r.timeToVerifyMs.p50,
        p95Ms: r.timeToVerifyMs.p95,
        fallbackRate: r.fallbackRate,
        costPerCompletion: r.costPerCompleted,
      };
    });
    res.json({ from: iso(from), to: iso(to), bucketSeconds: q.bucket, points });
  });

  return router;
}
