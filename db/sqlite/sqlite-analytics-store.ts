import type Database from 'better-sqlite3';
import type { AnalyticsStore, DecisionExportRow } from '../stores/analytics-store.js';
import { summarizeVerifications, type AttemptFact, type VerificationFact } from './summarize-verifications.js';

const DEFAULT_PAGE = 500;
const TENANT_FILTER = '(@tenant_id IS NULL OR v.tenant_id = @tenant_id)';

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

/** {@link AnalyticsStore} on better-sqlite3. Percentiles are computed in TypeScript (SQLite has none built in). */
export function createSqliteAnalyticsStore(sqlite: Database.Database): AnalyticsStore {
  const verifications = sqlite.prepare<Record<string, unknown>, VerificationFact>(
    `SELECT v.id, v.country, v.operator, v.status, v.created_at AS createdAt, v.finished_at AS finishedAt
     FROM verifications v WHERE v.created_at >= @from AND v.created_at < @to AND ${TENANT_FILTER}`,
  );
  const attempts = sqlite.prepare<Record<string, unknown>, Omit<AttemptFact, 'completed'> & { completed: number }>(
    `SELECT a.verification_id AS verificationId, a.provider, a.cost, a.completed
     FROM attempts a JOIN verifications v ON v.id = a.verification_id
     WHERE v.created_at >= @from AND v.created_at < @to AND ${TENANT_FILTER}`,
  );
  const decisions = sqlite.prepare<[number, string, number, number], DecisionSqlRow>(
    `SELECT ${DECISION_COLUMNS} FROM attempts a JOIN verifications v ON v.id = a.verification_id
     WHERE (a.started_at, a.id) > (?, ?) AND a.started_at < ? ORDER BY a.started_at, a.id LIMIT ?`,
  );

  const latest = sqlite.prepare<[number, number, number], DecisionSqlRow>(
    `SELECT ${DECISION_COLUMNS} FROM attempts a JOIN verifications v ON v.id = a.verification_id
     WHERE a.started_at >= ? AND a.started_at < ? ORDER BY a.started_at DESC, a.id DESC LIMIT ?`,
  );
  const facts = (from: number, to: number, tenantId: string | undefined) => {
    const params = { from, to, tenant_id: tenantId ?? null };
    const facts = attempts.all(params).map((a) => ({ ...a, completed: a.completed === 1 }));
    return { verifications: verifications.all(params), attempts: facts };
  };

  return {
    summary({ from, to, groupBy, tenantId }) {
      const f = facts(from, to, tenantId);
      return summarizeVerifications(f.verifications, f.attempts, groupBy);
    },
    timeseries({ from, to, bucketMs, tenantId }) {
      if (!Number.isInteger(bucketMs) || bucketMs < 1)
        throw new RangeError(`bucketMs must be an integer >= 1, got ${bucketMs}`);
      const f = facts(from, to, tenantId);
      return summarizeVerifications(f.verifications, f.attempts, { origin: from, bucketMs });
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
