import type { ProviderId } from '../../engine/types.js';

/** One failover step, for the audit trail. */
export interface RouteTransition {
  readonly verificationId: string;
  readonly fromAttemptId: string;
  readonly fromProvider: ProviderId;
  /** Null when no further attempt was made. */
  readonly toAttemptId: string | null;
  readonly toProvider: ProviderId | null;
  /** Why the route changed: `rejected`, `undelivered`, `timed_out`, ... */
  readonly reason: string;
  readonly at: number;
}

export interface TransitionStore {
  insert(transition: RouteTransition): void;
  /** Transitions of one verification in the order they happened. */
  listByVerification(verificationId: string): RouteTransition[];
}
