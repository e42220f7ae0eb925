import { requireFinite, requireInteger, requirePositive } from './config-checks.js';

/** Circuit-breaker state of one (segment, provider) pair. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Breaker parameters, after Envoy's consecutive-failure outlier detection
 * (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier).
 */
export interface BreakerConfig {
  /** Consecutive failures that eject the arm (Envoy `consecutive_5xx`). Default 5. */
  readonly failureThreshold: number;
  /** Ejection time per ejection, ms (Envoy `base_ejection_time`). Default 30 s. */
  readonly baseEjectionMs: number;
  /** Cap on the ejection time, ms (Envoy `max_ejection_time`). Default 300 s. */
  readonly maxEjectionMs: number;
  /** A half-open probe with no result after this long frees the slot for another probe, ms. Default 60 s. */
  readonly probeTimeoutMs: number;
  /** Each full interval spent closed forgives one ejection (Envoy decrements per `interval`), ms. Default 30 s. */
  readonly multiplierDecayMs: number;
}

export const DEFAULT_BREAKER: BreakerConfig = Object.freeze({
  failureThreshold: 5,
  baseEjectionMs: 30_000,
  maxEjectionMs: 300_000,
  probeTimeoutMs: 60_000,
  multiplierDecayMs: 30_000,
});

/** @throws RangeError naming the offending field */
export function validateBreakerConfig(config: BreakerConfig): BreakerConfig {
  requireInteger('failureThreshold', config.failureThreshold, 1, 1000);
  requirePositive('baseEjectionMs', config.baseEjectionMs);
  requirePositive('maxEjectionMs', config.maxEjectionMs);
  if (config.maxEjectionMs < config.baseEjectionMs) {
    throw new RangeError(
      `maxEjectionMs must be >= baseEjectionMs (${config.baseEjectionMs}), got ${config.maxEjectionMs}`,
    );
  }
  requirePositive('probeTimeoutMs', config.probeTimeoutMs);
  requirePositive('multiplierDecayMs', config.multiplierDecayMs);
  return Object.freeze({ ...config });
}

/** Immutable breaker state; JSON-serialisable as is. */
export interface Breaker {
  /** Stored phase; `open` becomes `half-open` lazily once `ejectedUntil` has passed. */
  readonly phase: BreakerState;
  readonly consecutiveFailures: number;
  /** Ejection multiplier: ejections not yet forgiven, at most ceil(maxEjectionMs / baseEjectionMs). */
  readonly ejections: number;
  /** End of the current ejection (phase `open`), epoch ms. */
  readonly ejectedUntil: number;
  /** When the half-open probe was admitted; null when the probe slot is free. */
  readonly probeAt: number | null;
  /** When the phase was entered; in `closed` also the origin of multiplier decay. */
  readonly since: number;
}

export const INITIAL_BREAKER: Breaker = Object.freeze({
  phase: 'closed',
  consecutiveFailures: 0,
  ejections: 0,
  ejectedUntil: 0,
  probeAt: null,
  since: 0,
});

/** A breaker state change, for the audit trail and dashboard markers. */
export interface BreakerTransition {
  readonly at: number;
  readonly from: BreakerState;
  readonly to: BreakerState;
  readonly reason: 'consecutive_failures' | 'ejection_elapsed' | 'probe_succeeded' | 'probe_failed';
  readonly ejections: number;
  /** Set when `to` is `open`. */
  readonly ejectedUntil?: number;
}

export interface BreakerStep {
  readonly breaker: Breaker;
  readonly transitions: readonly BreakerTransition[];
}

/** What the breaker hears: an attempt was sent, or an attempt ended well or badly. */
export type BreakerSignal = 'send' | 'success' | 'failure';

/** Ejection time for the n-th unforgiven ejection: min(base * n, max). */
export function ejectionMs(ejections: number, config: BreakerConfig): number {
  return Math.min(config.baseEjectionMs * ejections, config.maxEjectionMs);
}

/**
 * Applies the passage of time up to `now`: multiplier decay while closed, `open` ->
 * `half-open` once the ejection has elapsed (the transition is stamped at `ejectedUntil`),
 * and release of a half-open probe slot after `probeTimeoutMs`.
 */
export function advanceBreaker(b: Breaker, now: number, config: BreakerConfig): BreakerStep {
  requireFinite('now', now);
  if (b.phase === 'closed') {
    const steps = b.ejections > 0 ? Math.floor((now - b.since) / config.multiplierDecayMs) : 0;
    if (steps <= 0) return { breaker: b, transitions: [] };
    return {
      breaker: { ...b, ejections: Math.max(0, b.ejections - steps), since: b.since + steps * config.multiplierDecayMs },
      transitions: [],
    };
  }
  if (b.phase === 'open') {
    if (now < b.ejectedUntil) return { breaker: b, transitions: [] };
    const opened: Breaker = { ...b, phase: 'half-open', probeAt: null, since: b.ejectedUntil };
    const t: BreakerTransition = {
      at: b.ejectedUntil,
      from: 'open',
      to: 'half-open',
      reason: 'ejection_elapsed',
      ejections: b.ejections,
    };
    const next = advanceBreaker(opened, now, config);
    return { breaker: next.breaker, transitions: [t, ...next.transitions] };
  }
  if (b.probeAt !== null && now >= b.probeAt + config.probeTimeoutMs)
    return { breaker: { ...b, probeAt: null }, transitions: [] };
  return { breaker: b, transitions: [] };
}

/**
 * State as guards should see it at `now`: `closed`, `half-open` (one probe may go now) or
 * `open`. A half-open breaker whose probe is in flight reports `open`, because it admits
 * nothing until the probe's result arrives or `probeTimeoutMs` passes.
 */
export function breakerStateAt(b: Breaker, now: number, config: BreakerConfig): BreakerState {
  const { breaker } = advanceBreaker(b, now, config);
  return breaker.phase === 'half-open' && breaker.probeAt !== null ? 'open' : breaker.phase;
}

function eject(b: Breaker, now: number, config: BreakerConfig, reason: BreakerTransition['reason']): BreakerStep {
  const ejections = Math.min(b.ejections + 1, Math.ceil(config.maxEjectionMs / config.baseEjectionMs));
  const ejectedUntil = now + ejectionMs(ejections, config);
  const breaker: Breaker = {
    phase: 'open',
    consecutiveFailures: 0,
    ejections,
    ejectedUntil,
    probeAt: null,
    since: now,
  };
  return { breaker, transitions: [{ at: now, from: b.phase, to: 'open', reason, ejections, ejectedUntil }] };
}

/**
 * Feeds one signal at `now`. Closed: a failure increments the run of consecutive failures and
 * ejects at `failureThreshold` for min(base * ejections, max); a success resets the run.
 * Half-open: `send` takes the single probe slot; a success closes; a failure re-ejects with
 * the multiplier grown. Open: signals are ignored (they come from attempts sent before the
 * ejection, or from the guard keeping the last provider), as Envoy ignores ejected hosts.
 * A result arriving while half-open is taken as the probe's, whichever attempt it came from.
 */
export function applyBreakerSignal(b: Breaker, signal: BreakerSignal, now: number, config: BreakerConfig): BreakerStep {
  const advanced = advanceBreaker(b, now, config);
  const step = signalAfterAdvance(advanced.breaker, signal, now, config);
  if (advanced.transitions.length === 0) return step;
  return { breaker: step.breaker, transitions: [...advanced.transitions, ...step.transitions] };
}

function signalAfterAdvance(b: Breaker, signal: BreakerSignal, now: number, config: BreakerConfig): BreakerStep {
  const same = { breaker: b, transitions: [] };
  if (b.phase === 'open') return same;
  if (b.phase === 'half-open') {
    if (signal === 'send') return b.probeAt === null ? { breaker: { ...b, probeAt: now }, transitions: [] } : same;
    if (signal === 'failure') return eject(b, now, config, 'probe_failed');
    const breaker: Breaker = { ...b, phase: 'closed', consecutiveFailures: 0, probeAt: null, since: now };
    return {
      breaker,
      transitions: [{ at: now, from: 'half-open', to: 'closed', reason: 'probe_succeeded', ejections: b.ejections }],
    };
  }
  if (signal === 'send') return same;
  if (signal === 'success')
    return b.consecutiveFailures === 0 ? same : { breaker: { ...b, consecutiveFailures: 0 }, transitions: [] };
  const failures = b.consecutiveFailures + 1;
  if (failures >= config.failureThreshold) return eject(b, now, config, 'consecutive_failures');
  return { breaker: { ...b, consecutiveFailures: failures }, transitions: [] };
}
