import type { VerificationState } from '../../engine/failover/verification-state.js';
import type { PolicyKind } from '../../engine/learning/policy.js';
import type { Action, RouteClass } from '../../engine/types.js';
import type { AttemptRecord, VerificationRecord } from '../stores/verification-store.js';

/** A `verifications` row as better-sqlite3 returns it. */
export interface VerificationRow {
  tenant_id: string;
  phone_enc: Buffer;
  phone_key_id: string;
  phone_hash: string;
  country: string;
  operator: string;
  route_class: string;
  action: string;
  fraud_score: number;
  window_ms: number;
  idempotency_key: string | null;
  state_json: string;
}

/** An `attempts` row as better-sqlite3 returns it. */
export interface AttemptRow {
  id: string;
  verification_id: string;
  seq: number;
  provider: string;
  code_hash: string;
  status: string;
  started_at: number;
  budget_ms: number;
  timer_at: number | null;
  accepted_at: number | null;
  receipt_at: number | null;
  completed_at: number | null;
  provider_message_id: string | null;
  cost: number;
  error_class: string | null;
  completed: number;
  settled: number;
  reward: number | null;
  propensity: number;
  policy_kind: string;
  policy_version: string;
  reward_version: string;
  segment: string;
  decision_json: string;
  country: string;
  operator: string;
  route_class: string;
  action: string;
  fraud_score: number;
  hour: number;
}

/** Columns mirrored from the engine state (`status`, `finish_*`, `checks`, limits). */
export function stateColumns(s: VerificationState) {
  return {
    id: s.id,
    status: s.status,
    created_at: s.createdAt,
    expires_at: s.expiresAt,
    finished_at: s.finishedAt ?? null,
    finish_reason: s.finishReason ?? null,
    checks: s.checks,
    max_checks: s.maxChecks,
    max_attempts: s.maxAttempts,
    state_json: JSON.stringify(s),
  };
}

export function verificationParams(v: VerificationRecord) {
  return {
    ...stateColumns(v.state),
    tenant_id: v.tenantId,
    phone_enc: v.phoneEnc,
    phone_key_id: v.phoneKeyId,
    phone_hash: v.phoneHash,
    country: v.country,
    operator: v.operator,
    route_class: v.routeClass,
    action: v.action,
    fraud_score: v.fraudScore,
    window_ms: v.windowMs,
    idempotency_key: v.idempotencyKey,
  };
}

// The database is written only by this module, so rows are trusted to hold the declared unions.
export function rowToVerification(r: VerificationRow): VerificationRecord {
  return {
    tenantId: r.tenant_id,
    phoneEnc: r.phone_enc,
    phoneKeyId: r.phone_key_id,
    phoneHash: r.phone_hash,
    country: r.country,
    operator: r.operator,
    routeClass: r.route_class as RouteClass,
    action: r.action as Action,
    fraudScore: r.fraud_score,
    windowMs: r.window_ms,
    idempotencyKey: r.idempotency_key,
    state: JSON.parse(r.state_json) as VerificationState,
  };
}

export function attemptParams(a: AttemptRecord): AttemptRow {
  return {
    id: a.id,
    verification_id: a.verificationId,
    seq: a.seq,
    provider: a.provider,
    code_hash: a.codeHash,
    status: a.status,
    started_at: a.startedAt,
    budget_ms: a.budgetMs,
    timer_at: a.timerAt,
    accepted_at: a.acceptedAt,
    receipt_at: a.receiptAt,
    completed_at: a.completedAt,
    provider_message_id: a.providerMessageId,
    cost: a.cost,
    error_class: a.errorClass,
    completed: a.completed ? 1 : 0,
    settled: a.settled ? 1 : 0,
    reward: a.reward,
    propensity: a.propensity,
    policy_kind: a.policyKind,
    policy_version: a.policyVersion,
    reward_version: a.rewardVersion,
    segment: a.segment,
    decision_json: JSON.stringify(a.decision),
    country: a.country,
    operator: a.operator,
    route_class: a.routeClass,
    action: a.action,
    fraud_score: a.fraudScore,
    hour: a.hour,
  };
}

export function rowToAttempt(r: AttemptRow): AttemptRecord {
  return {
    id: r.id,
    verificationId: r.verification_id,
    seq: r.seq,
    provider: r.provider,
    codeHash: r.code_hash,
    status: r.status as AttemptRecord['status'],
    startedAt: r.started_at,
    budgetMs: r.budget_ms,
    timerAt: r.timer_at,
    acceptedAt: r.accepted_at,
    receiptAt: r.receipt_at,
    completedAt: r.completed_at,
    providerMessageId: r.provider_message_id,
    cost: r.cost,
    errorClass: r.error_class,
    completed: r.completed === 1,
    settled: r.settled === 1,
    reward: r.reward,
    propensity: r.propensity,
    policyKind: r.policy_kind as PolicyKind,
    policyVersion: r.policy_version,
    rewardVersion: r.reward_version,
    segment: r.segment,
    decision: JSON.parse(r.decision_json) as AttemptRecord['decision'],
    country: r.country,
    operator: r.operator,
    routeClass: r.route_class as RouteClass,
    action: r.action as Action,
    fraudScore: r.fraud_score,
    hour: r.hour,
  };
}
