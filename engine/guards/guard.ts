import type { ProviderId, RequestContext } from '../types.js';
import type { BreakerState } from '../health/circuit-breaker.js';

/** Stable reason codes for a refusal; the server maps them to HTTP status codes. */
export const DENY_CODES = [
  'fraud_score_too_high',
  'geo_not_permitted',
  'max_attempts_reached',
  'rate_limited',
  'pumping_suspected',
  'window_exhausted',
  'no_eligible_provider',
] as const;
export type DenyCode = (typeof DENY_CODES)[number];

/** A provider the routing table offers for the request's segment, with what guards need to know. */
export interface Candidate {
  readonly provider: ProviderId;
  /** Provider offers the premium (direct-to-operator) route for this destination. */
  readonly premium: boolean;
  /** Expected time to deliver in this segment, ms (health estimate, e.g. p90 latency). */
  readonly expectedDeliveryMs: number;
  readonly breaker: BreakerState;
}

/** A verdict computed outside the guard chain from stateful counters (rate limits, pumping). */
export interface CounterVerdict {
  readonly limited: boolean;
  /** Which limit tripped, e.g. `"phone"`, `"tenant"`, `"ip"`, `"prefix"`. */
  readonly scope?: string;
  readonly retryAfterMs?: number;
}

/** Everything the guard chain looks at. Pure data. */
export interface GuardInput {
  readonly ctx: RequestContext;
  readonly candidates: readonly Candidate[];
  /** Providers already tried in this verification, in order. */
  readonly tried: readonly ProviderId[];
  /** Milliseconds left in the verification window at this decision. */
  readonly remainingWindowMs: number;
  /** Countries the tenant may send to; undefined = all. */
  readonly allowedCountries?: ReadonlySet<string>;
  readonly rateLimit?: CounterVerdict;
  readonly pumping?: CounterVerdict;
}

export interface RemovedProvider {
  readonly provider: ProviderId;
  readonly reason: string;
}

export type GuardVerdict =
  | { readonly kind: 'allow' }
  | {
      readonly kind: 'narrow';
      readonly removed: readonly RemovedProvider[];
      /** Tightened bound on attempts for this verification, if the guard sets one. */
      readonly maxAttempts?: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'deny';
      readonly code: DenyCode;
      readonly reason: string;
      readonly retryAfterMs?: number;
    };

/** A guard: a small pure named function. */
export interface Guard {
  readonly name: string;
  check(input: GuardInput): GuardVerdict;
}
