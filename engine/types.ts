/**
 * Core domain types shared by every part of the engine.
 *
 * The engine is pure: no I/O, no timers, no wall clock, no global RNG. Everything
 * time- or chance-dependent receives {@link EngineDeps}.
 */

/** Injected clock (epoch milliseconds) and RNG (uniform in [0, 1)). */
export interface EngineDeps {
  now(): number;
  random(): number;
}

/** A provider (SMS/voice aggregator) id, e.g. `"twilio"`, `"sim-alpha"`. One arm of the bandit. */
export type ProviderId = string;

/** What moved when a provider's conditions shift outside the rewards: its delivery latency or its price. */
export type ShiftKind = 'latency' | 'price';

export const ROUTE_CLASSES = ['premium', 'standard'] as const;
export type RouteClass = (typeof ROUTE_CLASSES)[number];

export const ACTIONS = ['signup', 'login', 'password_reset', 'transaction'] as const;
export type Action = (typeof ACTIONS)[number];

/** Operator code (MCC-MNC such as `"262-01"`) or `"unknown"`. */
export const UNKNOWN_OPERATOR = 'unknown';

/**
 * Everything the engine knows about one routing request.
 * `at` comes from the injected clock; the engine never reads a clock itself.
 */
export interface RequestContext {
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country: string;
  /** MCC-MNC (`"262-01"`) or `"unknown"`. */
  readonly operator: string;
  readonly routeClass: RouteClass;
  readonly action: Action;
  readonly tenant: string;
  /** Caller's fraud score in [0, 1]; 0 = surely legitimate. */
  readonly fraudScore: number;
  /** Verification window in milliseconds (how long the code may be entered). */
  readonly windowMs: number;
  /** Epoch milliseconds of the request, from the injected clock. */
  readonly at: number;
}

/**
 * What became of one attempt, stored as separate fields so that a new reward
 * function can be computed later from logged data (Open Bandit Pipeline style).
 */
export interface AttemptOutcome {
  /** Provider accepted the message (false = hard failure). */
  readonly accepted: boolean;
  /** A delivered receipt arrived (false also when none arrived). */
  readonly delivered: boolean;
  /** The user entered this attempt's code. */
  readonly completed: boolean;
  /** Milliseconds from send to completion (completed) or to settlement (otherwise). */
  readonly latencyMs: number;
  /** What the attempt cost, in the tenant's currency (USD in the simulator). */
  readonly cost: number;
  /** The verification window the attempt ran in, in milliseconds. */
  readonly windowMs: number;
  /** Destination country, for a per-country reference price. */
  readonly country: string;
  /**
   * Milliseconds from the verification's request to the first sign that this attempt's code
   * reached the handset (a delivered receipt or the completion), when one came before
   * settlement; what the engine's completion model conditions on.
   */
  readonly signalMs?: number;
}

/** Stable JSON-serialisable state of a learning component. */
export interface Snapshot<K extends string = string> {
  readonly kind: K;
  readonly version: string;
  readonly state: unknown;
}
