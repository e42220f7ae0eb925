import type Database from 'better-sqlite3';
import type { AttemptState, VerificationState } from '../../engine/failover/verification-state.js';
import type {
  AttemptPatch,
  AttemptRecord,
  VerificationRecord,
  VerificationStore,
} from '../stores/verification-store.js';
import { insertSql } from './sql-helpers.js';
import {
  attemptParams,
  rowToAttempt,
  rowToVerification,
  stateColumns,
  verificationParams,
  type AttemptRow,
  type VerificationRow,
} from './verification-rows.js';

const PATCH_COLUMNS: Readonly<Record<keyof AttemptPatch, string>> = {
  status: 'status',
  timerAt: 'timer_at',
  acceptedAt: 'accepted_at',
  receiptAt: 'receipt_at',
  completedAt: 'completed_at',
  providerMessageId: 'provider_message_id',
  cost: 'cost',
  errorClass: 'error_class',
  completed: 'completed',
};
const PATCH_KEYS = Object.keys(PATCH_COLUMNS) as (keyof AttemptPatch)[];
const DEFAULT_LIMIT = 1000;

/**
 * The expiry sweep's query (run every tick): a range scan of the partial index
 * `verifications_pending_expiry_idx`, so it reads only the pending rows whose window has ended.
 */
export const EXPIRED_PENDING_SQL =
  "SELECT * FROM verifications WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at, id LIMIT ?";

/** {@link VerificationStore} on better-sqlite3; every statement is prepared once, here. */
export function createSqliteVerificationStore(sqlite: Database.Database): VerificationStore {
  // Column lists come from the parameter builders, so INSERTs cannot drift from them.
  const sample = verificationParams({ state: {} as VerificationState } as VerificationRecord);
  const insertVerification = sqlite.prepare(insertSql('verifications', Object.keys(sample)));
  const insertAttemptStmt = sqlite.prepare(
    insertSql('attempts', Object.keys(attemptParams({ decision: {} } as AttemptRecord))),
  );
  const byTenant = sqlite.prepare<[string, string], VerificationRow>(
    'SELECT * FROM verifications WHERE id = ? AND tenant_id = ?',
  );
  const byId = sqlite.prepare<[string], VerificationRow>('SELECT * FROM verifications WHERE id = ?');
  const pending = sqlite.prepare<[], VerificationRow>(
    "SELECT * FROM verifications WHERE status = 'pending' ORDER BY created_at, id",
  );
  const expiredPending = sqlite.prepare<[number, number], VerificationRow>(EXPIRED_PENDING_SQL);
  // A finished verification never sends again, so its number is erased with the state that
  // ends it (data minimisation): only the phone HMAC stays, for per-number limits.
  const updateVerification = sqlite.prepare(
    `UPDATE verifications SET status = @status, finished_at = @finished_at, finish_reason = @finish_reason,
       checks = @checks, max_checks = @max_checks, max_attempts = @max_attempts, expires_at = @expires_at,
       state_json = @state_json, phone_enc = CASE WHEN @status = 'pending' THEN phone_enc ELSE x'' END
     WHERE id = @id`,
  );
  // The mirror of one attempt's reducer state and, in the same UPDATE, the step's patch of it:
  // patched fields win over mirrored ones, as an updateAttempt after the mirror would.
  const mirrorAttempt = sqlite.prepare(
    `UPDATE attempts SET status = @status, accepted_at = @accepted_at, receipt_at = @receipt_at,
       error_class = @error_class, completed = @completed, cost = @cost,
       completed_at = CASE WHEN @has_completed_at THEN @completed_at
         WHEN @mirrored_completed = 1 THEN COALESCE(completed_at, @finished_at) ELSE completed_at END,
       timer_at = CASE WHEN @has_timer_at THEN @timer_at ELSE timer_at END,
       provider_message_id = CASE WHEN @has_provider_message_id THEN @provider_message_id ELSE provider_message_id END
     WHERE id = @id AND verification_id = @verification_id`,
  );
  const patchAttempt = sqlite.prepare(
    `UPDATE attempts SET ${PATCH_KEYS.map((k) => `${PATCH_COLUMNS[k]} = CASE WHEN @has_${k} THEN @${k} ELSE ${PATCH_COLUMNS[k]} END`).join(', ')} WHERE id = @id`,
  );
  const settle = sqlite.prepare(
    'UPDATE attempts SET settled = 1, reward = ?, reward_version = ? WHERE id = ? AND settled = 0',
  );
  const attemptsOf = sqlite.prepare<[string], AttemptRow>(
    'SELECT * FROM attempts WHERE verification_id = ? ORDER BY seq',
  );
  const byMessage = sqlite.prepare<[string, string], AttemptRow>(
    'SELECT * FROM attempts WHERE provider_message_id = ? AND provider = ? LIMIT 1',
  );
  const attemptById = sqlite.prepare<[string], AttemptRow>('SELECT * FROM attempts WHERE id = ?');
  const recent = sqlite.prepare<[number], VerificationRow>(
    'SELECT * FROM verifications ORDER BY created_at DESC, id DESC LIMIT ?',
  );
  const due = sqlite.prepare<[number, number], AttemptRow>(
    `SELECT * FROM attempts WHERE timer_at <= ? AND settled = 0 AND status IN ('sending', 'accepted')
     ORDER BY timer_at, id LIMIT ?`,
  );

  const patchById = (id: string, patch: AttemptPatch): boolean => {
    const params: Record<string, unknown> = { id };
    for (const k of PATCH_KEYS) {
      const has = Object.hasOwn(patch, k) && patch[k] !== undefined;
      params[`has_${k}`] = has ? 1 : 0;
      params[k] = has ? toSql(patch[k]) : null;
    }
    return patchAttempt.run(params).changes === 1;
  };

  /** Patches of attempts the state does not list (none in practice) still apply. */
  const patchUnlisted = (s: VerificationState, patches: ReadonlyMap<string, AttemptPatch> | undefined): void => {
    if (patches) for (const [id, patch] of patches) if (!s.attempts.some((a) => a.id === id)) patchById(id, patch);
  };

  const insertTx = sqlite.transaction(
    (v: VerificationRecord, attempts: readonly AttemptRecord[], patches?: ReadonlyMap<string, AttemptPatch>) => {
      const s = v.state;
      // A state that is no longer pending keeps no number, as saveState erases it.
      insertVerification.run({
        ...verificationParams(v),
        phone_enc: s.status === 'pending' ? v.phoneEnc : Buffer.alloc(0),
      });
      for (const a of attempts) {
        const state = s.attempts.find((x) => x.id === a.id);
        const row = attemptParams(a);
        if (state === undefined) {
          insertAttemptStmt.run(row);
          continue;
        }
        const m = mirrorColumns(state, s, patches?.get(a.id));
        insertAttemptStmt.run({
          ...row,
          status: m.status,
          accepted_at: m.accepted_at,
          receipt_at: m.receipt_at,
          error_class: m.error_class,
          completed: m.completed,
          cost: m.cost,
          completed_at: m.has_completed_at
            ? m.completed_at
            : m.mirrored_completed
              ? (row.completed_at ?? m.finished_at)
              : row.completed_at,
          timer_at: m.has_timer_at ? m.timer_at : row.timer_at,
          provider_message_id: m.has_provider_message_id ? m.provider_message_id : row.provider_message_id,
        });
      }
      patchUnlisted(s, patches);
    },
  );
  const saveTx = sqlite.transaction((s: VerificationState, patches?: ReadonlyMap<string, AttemptPatch>): boolean => {
    if (updateVerification.run(stateColumns(s)).changes === 0) return false;
    for (const a of s.attempts)
      mirrorAttempt.run({ id: a.id, verification_id: s.id, ...mirrorColumns(a, s, patches?.get(a.id)) });
    patchUnlisted(s, patches);
    return true;
  });

  return {
    insert: (v, attempts = [], patches) => insertTx(v, attempts, patches),
    findForTenant: (tenantId, id) => mapOpt(byTenant.get(id, tenantId), rowToVerification),
    findById: (id) => mapOpt(byId.get(id), rowToVerification),
    listPending: () => pending.all().map(rowToVerification),
    listExpiredPending: (now, limit = DEFAULT_LIMIT) => expiredPending.all(now, limit).map(rowToVerification),
    saveState: (s, patches) => saveTx(s, patches),
    insertAttempt: (a) => {
      insertAttemptStmt.run(attemptParams(a));
    },
    updateAttempt: (id, patch) => patchById(id, patch),
    settleAttempt: (id, reward, rewardVersion) => settle.run(reward, rewardVersion, id).changes === 1,
    listAttempts: (verificationId) => attemptsOf.all(verificationId).map(rowToAttempt),
    findAttempt: (id) => mapOpt(attemptById.get(id), rowToAttempt),
    listRecent: (limit) => {
      if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be an integer >= 1, got ${limit}`);
      return recent.all(limit).map(rowToVerification);
    },
    findAttemptByProviderMessageId: (provider, messageId) => mapOpt(byMessage.get(messageId, provider), rowToAttempt),
    findDueAttempts: (now, limit = DEFAULT_LIMIT) => due.all(now, limit).map(rowToAttempt),
  };
}

/**
 * One attempt's columns as `state` leaves it (the mirror), with `patch` applied over them:
 * the parameters of `mirrorAttempt`, also used for rows inserted as a step leaves them.
 */
function mirrorColumns(a: AttemptState, s: VerificationState, p: AttemptPatch | undefined) {
  const given = (k: keyof AttemptPatch): boolean => p !== undefined && p[k] !== undefined;
  return {
    status: given('status') ? p!.status! : a.status,
    accepted_at: given('acceptedAt') ? p!.acceptedAt! : (a.acceptedAt ?? null),
    receipt_at: given('receiptAt') ? p!.receiptAt! : (a.receiptAt ?? null),
    error_class: given('errorClass') ? p!.errorClass! : (a.errorClass ?? null),
    completed: (given('completed') ? p!.completed : a.completed) ? 1 : 0,
    cost: given('cost') ? p!.cost! : a.cost,
    mirrored_completed: a.completed ? 1 : 0,
    finished_at: s.finishedAt ?? null,
    has_completed_at: given('completedAt') ? 1 : 0,
    completed_at: given('completedAt') ? p!.completedAt! : null,
    has_timer_at: given('timerAt') ? 1 : 0,
    timer_at: given('timerAt') ? p!.timerAt! : null,
    has_provider_message_id: given('providerMessageId') ? 1 : 0,
    provider_message_id: given('providerMessageId') ? p!.providerMessageId! : null,
  };
}

function toSql(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function mapOpt<R, T>(row: R | undefined, map: (r: R) => T): T | undefined {
  return row === undefined ? undefined : map(row);
}
