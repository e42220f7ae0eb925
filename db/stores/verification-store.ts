import type { AttemptStatus, VerificationState } from '../../engine/failover/verification-state.js';
import type { PolicyKind } from '../../engine/learning/policy.js';
import type { Action, ProviderId, RouteClass } from '../../engine/types.js';

/**
 * A stored verification. `state` is the engine reducer's state and the single source
 * of truth: the id, status, times, checks, limits and finish fields of the row are
 * mirrored from it on every write.
 */
export interface VerificationRecord {
  readonly tenantId: string;
  /** AES-256-GCM sealed E.164 number (`server/security/phone-crypto.ts`). */
  /** Sealed number (`server/security/phone-crypto.ts`); empty once the verification has finished (erased). */
  readonly phoneEnc: Buffer;
  readonly phoneKeyId: string;
  /** HMAC of the number; never the number. */
  readonly phoneHash: string;
  readonly country: string;
  readonly operator: string;
  readonly routeClass: RouteClass;
  readonly action: Action;
  readonly fraudScore: number;
  readonly windowMs: number;
  readonly idempotencyKey: string | null;
  readonly state: VerificationState;
}

/** What the policy saw and computed for one decision (logged for offline evaluation). No identity. */
export interface DecisionLog {
  /** Selection probability of every eligible provider (sums to 1). */
  readonly probabilities: Readonly<Record<ProviderId, number>>;
  readonly scores: Readonly<Record<ProviderId, number>>;
  /** Policy features / request context, without phone number or phone hash. */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly explanation?: unknown;
}

/** One send through one provider: routing decision, code hash and outcome fields. */
export interface AttemptRecord {
  readonly id: string;
  readonly verificationId: string;
  /** 1-based order within the verification. */
  readonly seq: number;
  readonly provider: ProviderId;
  readonly codeHash: string;
  readonly status: AttemptStatus;
  readonly startedAt: number;
  readonly budgetMs: number;
  /** Absolute deadline of the soft-failure timer (epoch ms), null when none is armed. */
  readonly timerAt: number | null;
  readonly acceptedAt: number | null;
  readonly receiptAt: number | null;
  readonly completedAt: number | null;
  readonly providerMessageId: string | null;
  readonly cost: number;
  readonly errorClass: string | null;
  readonly completed: boolean;
  readonly settled: boolean;
  /** Reward in [0, 1] once settled. */
  readonly reward: number | null;
  /** Probability the policy chose `provider`. */
  readonly propensity: number;
  readonly policyKind: PolicyKind;
  readonly policyVersion: string;
  readonly rewardVersion: string;
  readonly segment: string;
  readonly decision: DecisionLog;
  readonly country: string;
  readonly operator: string;
  readonly routeClass: RouteClass;
  readonly action: Action;
  readonly fraudScore: number;
  /** UTC hour of day (0-23) of the decision. */
  readonly hour: number;
}

/** Fields of an attempt that change after insertion; absent fields are left as they are. */
export type AttemptPatch = Partial<
  Pick<
    AttemptRecord,
    | 'status'
    | 'timerAt'
    | 'acceptedAt'
    | 'receiptAt'
    | 'completedAt'
    | 'providerMessageId'
    | 'cost'
    | 'errorClass'
    | 'completed'
  >
>;

/** Verifications and their attempts (one aggregate: attempts never outlive their verification). */
export interface VerificationStore {
  /**
   * Inserts the verification and its first attempts in one transaction, as
   * {@link saveState}`(verification.state, patches)` after a plain insert would leave them:
   * each attempt that the state lists is mirrored from it with its patch applied, and a state
   * that is no longer pending stores no number. One write per row.
   */
  insert(
    verification: VerificationRecord,
    attempts?: readonly AttemptRecord[],
    patches?: ReadonlyMap<string, AttemptPatch>,
  ): void;
  /** Loads a verification only if it belongs to `tenantId` (API reads). */
  findForTenant(tenantId: string, id: string): VerificationRecord | undefined;
  /** Loads a verification by id alone (webhooks, timers: internal paths only). */
  findById(id: string): VerificationRecord | undefined;
  /** Every verification whose status is `pending`, oldest first (restart recovery). */
  listPending(): VerificationRecord[];
  /** Pending verifications whose window ended at or before `now`, oldest first. */
  listExpiredPending(now: number, limit?: number): VerificationRecord[];
  /**
   * Writes the reducer state and mirrors it into the verification row and into the
   * status, accepted/receipt times, error class, completion and cost of each of its
   * attempts, in one transaction. `settled` is not mirrored: only {@link settleAttempt}
   * sets it. A state that is no longer pending also erases the sealed number (`phoneEnc`
   * becomes empty): nothing is sent for a finished verification. `patches` (the step's attempt
   * changes, by attempt id) are written with the mirror, one UPDATE per attempt; a patched field
   * wins over the mirrored one, exactly as {@link updateAttempt} after this call would. Returns
   * false when the verification does not exist (and then patches nothing).
   */
  saveState(state: VerificationState, patches?: ReadonlyMap<string, AttemptPatch>): boolean;
  insertAttempt(attempt: AttemptRecord): void;
  /** Applies `patch` (`null` clears a nullable field). Returns false when the attempt does not exist. */
  updateAttempt(id: string, patch: AttemptPatch): boolean;
  /** Records the reward once: returns false when already settled or unknown, so a reward is never applied twice. */
  settleAttempt(id: string, reward: number, rewardVersion: string): boolean;
  listAttempts(verificationId: string): AttemptRecord[];
  /** One attempt by id (admin decision view, metrics), or undefined. */
  findAttempt(id: string): AttemptRecord | undefined;
  /** The `limit` most recently created verifications, newest first (ties: larger id first). */
  listRecent(limit: number): VerificationRecord[];
  findAttemptByProviderMessageId(provider: ProviderId, providerMessageId: string): AttemptRecord | undefined;
  /** Unsettled attempts still waiting for a receipt (`sending`/`accepted`) whose timer is due at `now`, earliest first. */
  findDueAttempts(now: number, limit?: number): AttemptRecord[];
}
