import type { ProviderId, Snapshot } from '../types.js';
import type { Breaker, BreakerState, BreakerTransition } from './circuit-breaker.js';
import type { SegmentHealthSnapshot, SegmentHealthView } from './segment-health.js';

/** One arm's health as the API and dashboard show it. */
export interface ArmHealth extends SegmentHealthView {
  readonly segment: string;
  readonly provider: ProviderId;
  readonly breaker: {
    readonly state: BreakerState;
    readonly ejections: number;
    readonly consecutiveFailures: number;
    readonly ejectedUntil?: number;
  };
}

export interface ArmBreakerTransition extends BreakerTransition {
  readonly segment: string;
  readonly provider: ProviderId;
}

export interface HealthRegistryEntrySnapshot {
  readonly segment: string;
  readonly provider: ProviderId;
  readonly health: SegmentHealthSnapshot;
  readonly breaker: Breaker;
}

export type HealthRegistrySnapshot = Snapshot<'health-registry'> & {
  readonly state: { readonly entries: readonly HealthRegistryEntrySnapshot[] };
};

/** A route the routing table offers, as {@link HealthRegistry.candidates} takes it. */
export interface CandidateRoute {
  readonly provider: ProviderId;
  readonly premium: boolean;
}
