import Database from 'better-sqlite3';

export interface InvariantReport {
  readonly integrity: string;
  readonly verifications: number;
  readonly attempts: number;
  readonly receipts: number;
  /** Every broken rule, one line each; empty when the database is sound. */
  readonly violations: readonly string[];
}

interface StateJson {
  id: string;
  status: string;
  checks: number;
  maxChecks: number;
  maxAttempts: number;
  attempts: { id: string; provider: string; completed: boolean }[];
}

/**
 * Opens `dbPath` and runs `fn`: read-only by default (WAL lets it run beside the live server);
 * `readonly: false` after a crash, so the connection may recover the WAL like a restart would.
 */
export function withDb<T>(dbPath: string, fn: (db: Database.Database) => T, options: { readonly?: boolean } = {}): T {
  const db = new Database(dbPath, { readonly: options.readonly ?? true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * The rules the stored data must satisfy whatever happened to the process:
 * `PRAGMA integrity_check` is `ok`, no foreign key is dangling, each verification's row mirrors
 * its reducer state (status, attempt set), checks and attempts stay within their limits, an
 * approved verification has exactly one completed attempt, settled rewards are in [0, 1] and
 * an applied receipt names its attempt.
 */
export function checkInvariants(dbPath: string, options: { readonly?: boolean } = {}): InvariantReport {
  return withDb(
    dbPath,
    (db) => {
      const violations: string[] = [];
      const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
        .map((r) => r.integrity_check)
        .join('; ');
      if (integrity !== 'ok') violations.push(`integrity_check: ${integrity}`);
      const fk = db.pragma('foreign_key_check') as unknown[];
      if (fk.length > 0) violations.push(`foreign_key_check: ${fk.length} dangling references`);
      const attemptsBy = new Map<
        string,
        { id: string; provider: string; completed: number; settled: number; reward: number | null }[]
      >();
      const attemptRows = db
        .prepare('SELECT id, verification_id AS v, provider, completed, settled, reward FROM attempts')
        .all() as {
        id: string;
        v: string;
        provider: string;
        completed: number;
        settled: number;
        reward: number | null;
      }[];
      for (const a of attemptRows) {
        const list = attemptsBy.get(a.v) ?? [];
        list.push(a);
        attemptsBy.set(a.v, list);
        if (a.settled === 1 && !(a.reward !== null && a.reward >= 0 && a.reward <= 1))
          violations.push(`attempt ${a.id}: settled reward ${a.reward} not in [0, 1]`);
      }
      const rows = db
        .prepare('SELECT id, status, checks, max_checks AS maxChecks, state_json AS json FROM verifications')
        .all() as {
        id: string;
        status: string;
        checks: number;
        maxChecks: number;
        json: string;
      }[];
      for (const row of rows) {
        let state: StateJson;
        try {
          state = JSON.parse(row.json) as StateJson;
        } catch {
          violations.push(`verification ${row.id}: state_json is not JSON`);
          continue;
        }
        const stored = attemptsBy.get(row.id) ?? [];
        if (state.id !== row.id) violations.push(`verification ${row.id}: state id ${state.id}`);
        if (state.status !== row.status)
          violations.push(`verification ${row.id}: row status ${row.status} != state ${state.status}`);
        if (state.checks > state.maxChecks || row.checks > row.maxChecks)
          violations.push(`verification ${row.id}: ${state.checks} checks > ${state.maxChecks}`);
        if (state.attempts.length > state.maxAttempts)
          violations.push(`verification ${row.id}: ${state.attempts.length} attempts > ${state.maxAttempts}`);
        const storedIds = new Set(stored.map((a) => a.id));
        if (stored.length !== state.attempts.length || state.attempts.some((a) => !storedIds.has(a.id))) {
          violations.push(`verification ${row.id}: ${stored.length} attempt rows vs ${state.attempts.length} in state`);
        }
        const completed = state.attempts.filter((a) => a.completed).length;
        if (row.status === 'approved' ? completed !== 1 : completed !== 0)
          violations.push(`verification ${row.id}: status ${row.status} with ${completed} completed attempts`);
      }
      const badReceipts = db
        .prepare('SELECT COUNT(*) AS n FROM receipts WHERE applied = 1 AND attempt_id IS NULL')
        .get() as { n: number };
      if (badReceipts.n > 0) violations.push(`${badReceipts.n} applied receipts without an attempt`);
      const receipts = (db.prepare('SELECT COUNT(*) AS n FROM receipts').get() as { n: number }).n;
      return { integrity, verifications: rows.length, attempts: attemptRows.length, receipts, violations };
    },
    options,
  );
}

/** Row count of one table (`verifications`, `attempts`, `receipts`, ...). */
export function countRows(
  dbPath: string,
  table: 'verifications' | 'attempts' | 'receipts' | 'route_transitions',
  where = '1 = 1',
): number {
  return withDb(
    dbPath,
    (db) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n,
  );
}
