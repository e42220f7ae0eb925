import type Database from 'better-sqlite3';
import type { TransitionStore } from '../stores/transition-store.js';
import { insertSql } from './sql-helpers.js';

interface TransitionRow {
  verification_id: string;
  from_attempt_id: string;
  from_provider: string;
  to_attempt_id: string | null;
  to_provider: string | null;
  reason: string;
  at: number;
}

/** {@link TransitionStore} on better-sqlite3 with statements prepared once. */
export function createSqliteTransitionStore(sqlite: Database.Database): TransitionStore {
  const columns = [
    'verification_id',
    'from_attempt_id',
    'from_provider',
    'to_attempt_id',
    'to_provider',
    'reason',
    'at',
  ];
  const insert = sqlite.prepare(insertSql('route_transitions', columns));
  const list = sqlite.prepare<[string], TransitionRow>(
    'SELECT * FROM route_transitions WHERE verification_id = ? ORDER BY at, id',
  );
  return {
    insert(t) {
      insert.run({
        verification_id: t.verificationId,
        from_attempt_id: t.fromAttemptId,
        from_provider: t.fromProvider,
        to_attempt_id: t.toAttemptId,
        to_provider: t.toProvider,
        reason: t.reason,
        at: t.at,
      });
    },
    listByVerification: (id) =>
      list.all(id).map((r) => ({
        verificationId: r.verification_id,
        fromAttemptId: r.from_attempt_id,
        fromProvider: r.from_provider,
        toAttemptId: r.to_attempt_id,
        toProvider: r.to_provider,
        reason: r.reason,
        at: r.at,
      })),
  };
}
