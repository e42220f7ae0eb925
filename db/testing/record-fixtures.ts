import type { AttemptState, VerificationState } from '../../engine/failover/verification-state.js';
import type { RoutingHistoryPoint } from '../stores/snapshot-store.js';
import type { AttemptRecord, VerificationRecord } from '../stores/verification-store.js';

/** A pending engine state with no attempts, for tests. */
export function makeState(id: string, createdAt: number, over: Partial<VerificationState> = {}): VerificationState {
  return {
    id,
    status: 'pending',
    createdAt,
    expiresAt: createdAt + 600_000,
    maxAttempts: 3,
    maxChecks: 5,
    checks: 0,
    attempts: [],
    routing: false,
    ...over,
  };
}

/** An engine attempt state, for tests. */
export function makeAttemptState(
  id: string,
  provider: string,
  startedAt: number,
  over: Partial<AttemptState> = {},
): AttemptState {
  return {
    id,
    provider,
    codeId: id,
    status: 'sending',
    startedAt,
    budgetMs: 20_000,
    settled: false,
    completed: false,
    cost: 0,
    ...over,
  };
}

/** A stored verification for `state`, with fake sealed phone fields. */
export function makeVerification(state: VerificationState, over: Partial<VerificationRecord> = {}): VerificationRecord {
  return {
    tenantId: 't1',
    phoneEnc: Buffer.from('sealed-phone'),
    phoneKeyId: 'k1',
    phoneHash: 'a'.repeat(64),
    country: 'DE',
    operator: '262-01',
    routeClass: 'standard',
    action: 'login',
    fraudScore: 0.1,
    windowMs: state.expiresAt - state.createdAt,
    idempotencyKey: null,
    state,
    ...over,
  };
}

/** A stored attempt with a logged decision, for tests. */
export function makeAttempt(id: string, verificationId: string, over: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    id,
    verificationId,
    seq: 1,
    provider: 'sim-alpha',
    codeHash: `k1:${'0'.repeat(64)}`,
    status: 'sending',
    startedAt: 1_000,
    budgetMs: 20_000,
    timerAt: 21_000,
    acceptedAt: null,
    receiptAt: null,
    completedAt: null,
    providerMessageId: null,
    cost: 0,
    errorClass: null,
    completed: false,
    settled: false,
    reward: null,
    propensity: 0.7,
    policyKind: 'discounted-ts',
    policyVersion: 'dts-1',
    rewardVersion: '1',
    segment: 'DE|262-01|standard',
    decision: { probabilities: { 'sim-alpha': 0.7, 'sim-beta': 0.3 }, scores: { 'sim-alpha': 0.9, 'sim-beta': 0.8 } },
    country: 'DE',
    operator: '262-01',
    routeClass: 'standard',
    action: 'login',
    fraudScore: 0.1,
    hour: 0,
    ...over,
  };
}

/** A routing-history point of DE:262-01:standard, for tests. */
export function makeHistoryPoint(
  at: number,
  provider: string,
  over: Partial<RoutingHistoryPoint> = {},
): RoutingHistoryPoint {
  return {
    at,
    segment: 'DE:262-01:standard',
    provider,
    probability: 0.5,
    mean: 0.5,
    lower: 0.4,
    upper: 0.6,
    n: 10,
    completionRate: null,
    latencyP50Ms: null,
    latencyP90Ms: null,
    timeoutRate: null,
    cost: null,
    breaker: 'closed',
    ...over,
  };
}
