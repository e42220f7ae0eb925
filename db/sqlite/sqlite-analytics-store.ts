import type Database from 'better-sqlite3';
import type { AnalyticsStore, DecisionExportRow } from '../stores/analytics-store.js';
import { createAnalyticsSql, inThreadRunner } from './analytics-sql.js';
import { AnalyticsWorker } from './analytics-worker-runner.js';

const DEFAULT_PAGE = 500;

// Explicit column list: the export must never carry phone_enc, phone_hash or code_hash.
const DECISION_COLUMNS = `a.id AS attemptId, a.verification_id AS verificationId, v.tenant_id AS tenantId, v.created_at AS requestedAt, a.seq, a.started_at AS startedAt, a.budget_ms AS budgetMs,
  a.provider, a.segment, a.country, a.operator, a.route_class AS routeClass, a.action, a.fraud_score AS fraudScore,
  a.hour, v.window_ms AS windowMs, a.propensity, a.decision_json AS decisionJson, a.policy_kind AS policyKind,
  a.policy_version AS policyVersion, a.reward_version AS rewardVersion, a.status, a.accepted_at AS acceptedAt,
  a.receipt_at AS receiptAt, a.completed_at AS completedAt, a.completed, a.cost, a.error_class AS errorClass,
  a.settled, a.reward`;

type DecisionSqlRow = Omit<DecisionExportRow, 'decision' | 'completed' | 'settled'> & {
  decisionJson: string;
  completed: number;
  settled: number;
};

/**
 * {@link AnalyticsStore} on better-sqlite3. Summaries and time series are aggregated by SQLite
 * ({@link createAnalyticsSql}) on a worker thread's read-only connection when the database is a
 * file ({@link AnalyticsWorker}), on this connection for an in-memory database (tests).
 */
export function createSqliteAnalyticsStore(sqlite: Database.Database): AnalyticsStore {
  const worker = sqlite.memory ? undefined : new AnalyticsWorker(sqlite.name);
  const aggregate = createAnalyticsSql(worker ? worker.run : inThreadRunner(sqlite));
  const decisions = sqlite.prepare<[number, string, number, number], DecisionSqlRow>(
    `SELECT ${DECISION_COLUMNS} FROM attempts a JOIN verifications v ON v.id = a.verification_id
     WHERE (a.started_at, a.id) > (?, ?) AND a.started_at < ? ORDER BY a.started_at, a.id LIMIT ?`,
  );

  const latest = sqlite.prepare<[number, number, number], DecisionSqlRow>(
    `SELECT ${DECISION_COLUMNS} FROM attempts a JOIN verifications v ON v.id = a.verification_id
     WHERE a.started_at >= ? AND a.started_at < ? ORDER BY a.started_at DESC, a.id DESC LIMIT ?`,
  );
  return {
    summary({ from, to, groupBy, tenantId }) {
      return aggregate({ from, to, tenantId }, groupBy);
    },
    close: async () => {
      await worker?.close();
    },
    timeseries({ from, to, bucketMs, tenantId }) {
      if (!Number.isInteger(bucketMs) || bucketMs < 1)
        return Promise.reject(new RangeError(`bucketMs must be an integer >= 1, got ${bucketMs}`));
      return aggregate({ from, to, tenantId }, { origin: from, bucketMs });
    },
    latestDecisions(from, to, limit) {
      if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be an integer >= 1, got ${limit}`);
      return latest.all(from, to, limit).reverse().map(toExportRow);
    },
    *iterateDecisions(from, to, pageSize = DEFAULT_PAGE) {
      if (!Number.isInteger(pageSize) || pageSize < 1)
        throw new RangeError(`pageSize must be an integer >= 1, got ${pageSize}`);
      // Keyset pagination from just before `from`: ('' sorts before every id).
      let cursor: [number, string] = [from, ''];
      for (;;) {
        const page = decisions.all(cursor[0], cursor[1], to, pageSize);
        for (const row of page) yield toExportRow(row);
        const last = page.at(-1);
        if (last === undefined || page.length < pageSize) return;
        cursor = [last.startedAt, last.attemptId];
      }
    },
  };
}

function toExportRow({ decisionJson, completed, settled, ...rest }: DecisionSqlRow): DecisionExportRow {
  return {
    ...rest,
    decision: JSON.parse(decisionJson) as DecisionExportRow['decision'],
    completed: completed === 1,
    settled: settled === 1,
  };
}
