import type { ProviderId } from '../types.js';

/**
 * Inputs to the failover reducer. Every event carries `at` (epoch ms from the
 * driver's clock: real in server/, simulated in benchmarks/).
 */
export type VerificationEvent =
  | { readonly type: 'verification.started'; readonly at: number }
  /** The driver ran the router for a `route` command and got a provider. */
  | {
      readonly type: 'route.chosen';
      readonly at: number;
      readonly attemptId: string;
      readonly provider: ProviderId;
      readonly codeId: string;
      /** Soft-failure budget for a receipt, ms (from health: provider latency in this segment). */
      readonly budgetMs: number;
    }
  /** The router refused a further attempt (guard denial or no eligible provider). */
  | { readonly type: 'route.unavailable'; readonly at: number; readonly reason: string }
  | { readonly type: 'attempt.accepted'; readonly at: number; readonly attemptId: string; readonly cost: number }
  | {
      readonly type: 'attempt.rejected';
      readonly at: number;
      readonly attemptId: string;
      readonly errorClass: string;
      /** What the provider charged for the rejected send, if anything (default 0). */
      readonly cost?: number;
    }
  | { readonly type: 'receipt.delivered'; readonly at: number; readonly attemptId: string }
  | { readonly type: 'receipt.failed'; readonly at: number; readonly attemptId: string; readonly errorClass: string }
  | { readonly type: 'timer.fired'; readonly at: number; readonly attemptId: string }
  /** A check was made; the driver compared hashes and says which live attempt's code matched, if any. */
  | { readonly type: 'code.checked'; readonly at: number; readonly matchedAttemptId: string | null }
  | { readonly type: 'window.expired'; readonly at: number }
  | { readonly type: 'verification.canceled'; readonly at: number };
