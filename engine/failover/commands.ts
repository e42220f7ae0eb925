import type { AttemptOutcome, ProviderId } from '../types.js';
import type { FinishReason } from './verification-state.js';

/** Outputs of the failover reducer, executed by a driver. */
export type VerificationCommand =
  /** Ask the router for the next provider, excluding those already tried. Answer with `route.chosen` or `route.unavailable`. */
  | { readonly type: 'route'; readonly attemptNumber: number; readonly exclude: readonly ProviderId[] }
  /** Send this attempt's code through `provider`. Answer with `attempt.accepted` / `attempt.rejected`. */
  | { readonly type: 'send'; readonly attemptId: string; readonly provider: ProviderId; readonly codeId: string }
  /** Fire `timer.fired` for `attemptId` after `ms` unless cancelled. */
  | { readonly type: 'arm-timer'; readonly attemptId: string; readonly ms: number }
  | { readonly type: 'cancel-timer'; readonly attemptId: string }
  /** Fire `window.expired` at `at`. Emitted once, on start. */
  | { readonly type: 'arm-window'; readonly at: number }
  /** Record a route change (audit trail) from one provider to another, and why. */
  | {
      readonly type: 'transition';
      readonly fromAttemptId: string;
      readonly fromProvider: ProviderId;
      readonly reason: 'rejected' | 'undelivered' | 'timed_out';
    }
  /** Settle one attempt's reward; emitted exactly once per attempt. */
  | { readonly type: 'reward'; readonly attemptId: string; readonly provider: ProviderId; readonly outcome: AttemptOutcome }
  /** The verification is over; emitted exactly once. */
  | { readonly type: 'finish'; readonly reason: FinishReason };
