import type { ProviderId } from '../types.js';

export type AttemptStatus =
  | 'sending' // route chosen, send command issued, no answer from the provider yet
  | 'accepted' // provider accepted, no receipt yet
  | 'rejected' // hard failure
  | 'delivered' // delivery receipt: delivered
  | 'undelivered' // delivery receipt: failed
  | 'timed_out'; // soft failure: no receipt inside the attempt's time budget

export type VerificationStatus = 'pending' | 'approved' | 'expired' | 'canceled' | 'failed' | 'max_attempts_reached';

/** Why a verification finished. */
export type FinishReason =
  | 'approved'
  | 'expired' // window elapsed without completion
  | 'canceled'
  | 'max_checks' // too many wrong codes
  | 'attempts_exhausted' // no attempt left and every attempt failed
  | 'no_provider'; // routing refused a further attempt and none is live

export interface AttemptState {
  readonly id: string;
  readonly provider: ProviderId;
  /** Id of this attempt's own code (the hash lives outside the engine). */
  readonly codeId: string;
  readonly status: AttemptStatus;
  readonly startedAt: number;
  /** Time budget for a receipt, ms (soft-failure timer). */
  readonly budgetMs: number;
  readonly acceptedAt?: number;
  readonly receiptAt?: number;
  readonly errorClass?: string;
  /** Reward for this attempt has been emitted (exactly once). */
  readonly settled: boolean;
  readonly completed: boolean;
  readonly cost: number;
}

export interface VerificationState {
  readonly id: string;
  readonly status: VerificationStatus;
  readonly createdAt: number;
  /** Epoch ms at which the window closes. */
  readonly expiresAt: number;
  readonly maxAttempts: number;
  readonly maxChecks: number;
  readonly checks: number;
  readonly attempts: readonly AttemptState[];
  /** A `route` command is outstanding (waiting for `route.chosen` / `route.unavailable`). */
  readonly routing: boolean;
  readonly finishReason?: FinishReason;
  readonly finishedAt?: number;
  /**
   * Destination country (ISO 3166-1 alpha-2), copied into every `reward` outcome.
   * Optional for compatibility; `createVerification` always sets it ('' when unknown).
   */
  readonly country?: string;
}
