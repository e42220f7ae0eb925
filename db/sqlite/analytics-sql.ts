import type Database from 'better-sqlite3';
import type { AnalyticsGroup, AnalyticsRow } from '../stores/analytics-store.js';

/** Fixed-width time buckets of creation time, starting at `origin` (key: ISO time of the bucket start). */
export interface TimeBuckets {
  readonly origin: number;
  readonly bucketMs: number;
}

export type AnalyticsGrouping = AnalyticsGroup | TimeBuckets;

interface RangeParams {
  readonly from: number;
  readonly to: number;
  readonly tenantId?: string | undefined;
}

interface Totals {
  key: string | number;
  verifications: number;
  finished: number;
  completed: number;
  failed: number;
  multi: number;
  attempts: number;
  cost: number;
  firstAt: number;
}

interface RankRow {
  key: string | number;
  rn: number;
  n: number;
  ttv: number;
}

const RANGE = 'v.created_at >= @from AND v.created_at < @to AND (@tenant_id IS NULL OR v.tenant_id = @tenant_id)';
const FAILED = "v.status NOT IN ('pending', 'approved', 'canceled')";
/** Ranks of the nearest-rank p50, p95 and p99 among n sorted values: ceil(p n / 100), in integers. */
const RANKS = 'rn IN ((50 * n + 99) / 100, (95 * n + 99) / 100, (99 * n + 99) / 100)';
const PERCENTILES = [50, 95, 99] as const;

/**
 * Sums over the per-verification (or per verification x provider) rows of `inner`; rates count
 * finished ones only. `allN` is the column holding the verification's attempts in all providers.
 */
function totalsSql(inner: string, allN: 'own_n' | 'all_n'): string {
  return `SELECT key, count(*) AS verifications, sum(status <> 'pending') AS finished, sum(done) AS completed,
    sum(failed) AS failed, sum(status <> 'pending' AND ${allN} > 1) AS multi,
    sum(CASE WHEN status <> 'pending' THEN own_n ELSE 0 END) AS attempts,
    total(CASE WHEN status <> 'pending' THEN own_cost ELSE 0 END) AS cost, min(created_at) AS firstAt
  FROM (${inner}) GROUP BY key ORDER BY key`;
}

/** The grouping key of a verification row `v` (country, operator, UTC hour or time bucket). */
function keyExpression(grouping: 'country' | 'operator' | 'hour' | 'buckets'): string {
  switch (grouping) {
    case 'country':
      return 'v.country';
    case 'operator':
      return 'v.operator';
    case 'hour':
      return '(v.created_at / 3600000) * 3600000';
    case 'buckets':
      return '@origin + CAST((v.created_at - @origin) / @bucket AS INTEGER) * @bucket';
    default:
      throw new TypeError(`groupBy must be one of country, provider, operator, hour; got ${String(grouping)}`);
  }
}

/** The SQL of one grouping: per-group sums, and the rows at the percentile ranks. */
function statements(grouping: 'country' | 'operator' | 'hour' | 'buckets' | 'provider'): readonly [string, string] {
  if (grouping === 'provider') {
    // One row per (verification, provider tried): completed for the provider whose attempt completed.
    const pairs = `SELECT a.provider AS key, v.status, v.finished_at, v.created_at, ${FAILED} AS failed,
        count(*) AS own_n, total(a.cost) AS own_cost, max(a.completed) AS done,
        sum(count(*)) OVER (PARTITION BY v.id) AS all_n
      FROM attempts a JOIN verifications v ON v.id = a.verification_id WHERE ${RANGE} GROUP BY v.id, a.provider`;
    return [
      totalsSql(pairs, 'all_n'),
      `SELECT key, rn, n, ttv FROM (
        SELECT key, ttv, row_number() OVER (PARTITION BY key ORDER BY ttv) AS rn, count(*) OVER (PARTITION BY key) AS n
        FROM (SELECT key, finished_at - created_at AS ttv FROM (${pairs}) WHERE done = 1 AND finished_at IS NOT NULL)
      ) WHERE ${RANKS}`,
    ];
  }
  const key = keyExpression(grouping);
  // Correlated subqueries keep the scan on the created_at index (a join grouped by v.id scanned the whole table).
  return [
    totalsSql(
      `SELECT ${key} AS key, v.status, v.created_at, v.status = 'approved' AS done, ${FAILED} AS failed,
        (SELECT count(*) FROM attempts a WHERE a.verification_id = v.id) AS own_n,
        (SELECT total(a.cost) FROM attempts a WHERE a.verification_id = v.id) AS own_cost
      FROM verifications v WHERE ${RANGE}`,
      'own_n',
    ),
    `SELECT key, rn, n, ttv FROM (
      SELECT ${key} AS key, v.finished_at - v.created_at AS ttv,
        row_number() OVER (PARTITION BY ${key} ORDER BY v.finished_at - v.created_at) AS rn,
        count(*) OVER (PARTITION BY ${key}) AS n
      FROM verifications v WHERE ${RANGE} AND v.status = 'approved' AND v.finished_at IS NOT NULL
    ) WHERE ${RANKS}`,
  ];
}

const FAILED_OVERALL = `SELECT count(*) AS failed FROM verifications v WHERE ${RANGE} AND ${FAILED}`;

/**
 * Runs read-only queries with named parameters and returns every query's rows, in order:
 * on the caller's connection, or on a worker thread's ({@link AnalyticsWorker}).
 */
export type QueryRunner = (
  queries: readonly string[],
  params: Readonly<Record<string, unknown>>,
) => Promise<unknown[][]>;

/** A {@link QueryRunner} on this thread's connection (statements prepared once). */
export function inThreadRunner(sqlite: Database.Database): QueryRunner {
  const prepared = new Map<string, Database.Statement>();
  return (queries, params) => {
    try {
      return Promise.resolve(
        queries.map((sql) => {
          let statement = prepared.get(sql);
          if (statement === undefined) prepared.set(sql, (statement = sqlite.prepare(sql)));
          return statement.all(params) as unknown[];
        }),
      );
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
}

/**
 * {@link AnalyticsRow}s computed by SQLite: sums with GROUP BY, the nearest-rank percentiles
 * with window functions (`row_number()` at ceil(p n / 100)), so only a few rows per group
 * reach JavaScript instead of every verification and attempt of the range as objects.
 * Semantics are those of `AnalyticsRow`; `db/testing/summarize-verifications.ts` is the
 * reference the tests compare with. `run` decides where the queries execute.
 */
export function createAnalyticsSql(run: QueryRunner) {
  return async (range: RangeParams, grouping: AnalyticsGrouping): Promise<AnalyticsRow[]> => {
    const [totalsQuery, ranksQuery] = statements(typeof grouping === 'object' ? 'buckets' : grouping);
    const params: Record<string, unknown> = { from: range.from, to: range.to, tenant_id: range.tenantId ?? null };
    if (typeof grouping === 'object') Object.assign(params, { origin: grouping.origin, bucket: grouping.bucketMs });
    const [totals = [], rankRows = [], failed = []] = await run([totalsQuery, ranksQuery, FAILED_OVERALL], params);
    const keyOf = (key: string | number): string => (typeof key === 'number' ? new Date(key).toISOString() : key);
    const percentiles = new Map<string, Map<number, number>>();
    for (const r of rankRows as RankRow[]) {
      const k = keyOf(r.key);
      let ranks = percentiles.get(k);
      if (ranks === undefined) percentiles.set(k, (ranks = new Map()));
      for (const p of PERCENTILES) if (r.rn === Math.ceil((p * r.n) / 100)) ranks.set(p, r.ttv);
    }
    const failedAll = (failed[0] as { failed: number } | undefined)?.failed ?? 0;
    const ratio = (num: number, den: number) => (den === 0 ? null : num / den);
    return (totals as Totals[]).map((t) => {
      const key = keyOf(t.key);
      const ranks = percentiles.get(key);
      return {
        key,
        verifications: t.verifications,
        finished: t.finished,
        completed: t.completed,
        completionRate: ratio(t.completed, t.finished),
        timeToVerifyMs: { p50: ranks?.get(50) ?? null, p95: ranks?.get(95) ?? null, p99: ranks?.get(99) ?? null },
        fallbackRate: ratio(t.multi, t.finished),
        attemptsPerVerification: ratio(t.attempts, t.finished),
        costPerCompleted: ratio(t.cost, t.completed),
        failed: t.failed,
        failureShare: ratio(t.failed, failedAll),
        firstCreatedAt: t.firstAt,
      };
    });
  };
}
