import type { BreakerState } from '../../engine/health/circuit-breaker.js';
import type { PolicyKind } from '../../engine/learning/policy.js';
import type { ProviderId } from '../../engine/types.js';

/** Learned state at one instant: the policy, health registry and routing engine snapshots. */
export interface PolicySnapshotRecord {
  readonly at: number;
  readonly policyKind: PolicyKind;
  readonly policyVersion: string;
  /** The policy's `Snapshot.state`. */
  readonly state: unknown;
  /** The health registry's snapshot (stats, breakers). */
  readonly health: unknown;
  /** The routing engine's own snapshot (completion model, shift detector); absent in rows saved before it existed. */
  readonly engine?: unknown;
}

/** One (segment, provider) point of the weight history. */
export interface RoutingHistoryPoint {
  readonly at: number;
  readonly segment: string;
  readonly provider: ProviderId;
  /** Selection probability in [0, 1]. */
  readonly probability: number;
  /** Estimated mean reward and its ~90% interval. */
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  /** Effective number of observations. */
  readonly n: number;
  readonly completionRate: number | null;
  readonly latencyP50Ms: number | null;
  readonly latencyP90Ms: number | null;
  readonly timeoutRate: number | null;
  readonly cost: number | null;
  readonly breaker: BreakerState;
}

/** A contextual policy's coefficients for one (segment, provider) at one snapshot time. */
export interface CoefficientPoint {
  readonly at: number;
  readonly segment: string;
  readonly provider: ProviderId;
  /** theta_hat per feature name. */
  readonly values: Readonly<Record<string, number>>;
}

export const ROUTING_EVENT_KINDS = ['breaker', 'change', 'config'] as const;
export type RoutingEventKind = (typeof ROUTING_EVENT_KINDS)[number];

/** A dashboard timeline marker: breaker transition, detected change, config change. */
export interface RoutingEvent {
  readonly at: number;
  readonly kind: RoutingEventKind;
  readonly segment: string | null;
  readonly provider: ProviderId | null;
  readonly detail: unknown;
}

/** Learned-state snapshots, weight history and timeline events. */
export interface SnapshotStore {
  saveSnapshot(snapshot: PolicySnapshotRecord): void;
  /** The most recent snapshot (what to restore at start), by `at` then insertion order. */
  latestSnapshot(): PolicySnapshotRecord | undefined;
  /** Keeps the newest `keep` snapshots; returns how many were deleted. */
  pruneSnapshots(keep: number): number;
  /** Inserts many points in one transaction. */
  insertHistory(points: readonly RoutingHistoryPoint[]): void;
  /** Points of `segment` with `from <= at < to`, by time then provider. */
  queryHistory(segment: string, from: number, to: number): RoutingHistoryPoint[];
  /**
   * Like {@link queryHistory}, but when more than `maxSnapshots` snapshot times fall in the
   * range, keeps only `maxSnapshots` of them spread evenly (first and last included), with
   * every provider's point at each kept time.
   * @throws RangeError when maxSnapshots is not an integer >= 2
   */
  querySampledHistory(
    segment: string,
    from: number,
    to: number,
    maxSnapshots: number,
  ): { readonly points: RoutingHistoryPoint[]; readonly downsampled: boolean };
  /** Inserts many coefficient points in one transaction. */
  insertCoefficients(points: readonly CoefficientPoint[]): void;
  /** Coefficient points of `segment` with `from <= at < to`, by time then provider. */
  queryCoefficients(segment: string, from: number, to: number): CoefficientPoint[];
  insertEvent(event: RoutingEvent): void;
  /** Events with `from <= at < to` (of one segment when given), by time. */
  queryEvents(from: number, to: number, segment?: string): RoutingEvent[];
}
