import { segmentKey } from '../context/segment.js';
import type { Candidate } from '../guards/guard.js';
import type { ProviderId, RequestContext } from '../types.js';
import {
  INITIAL_BREAKER,
  advanceBreaker,
  applyBreakerSignal,
  breakerStateAt,
  type BreakerSignal,
  type BreakerState,
  type BreakerStep,
} from './circuit-breaker.js';
import {
  healthRegistryConfig,
  type HealthRegistryConfig,
  type HealthRegistryOptions,
} from './health-registry-config.js';
import { ArmStore, hasStoredParents, newArmEntry, type ArmEntry } from './arm-store.js';
import { BackoffChains } from './backoff-chains.js';
import { restoreBreaker } from './restore-breaker.js';
import { SegmentHealth } from './segment-health.js';
import type { HealthCounter } from './segment-health.js';
import type {
  ArmBreakerTransition,
  ArmHealth,
  CandidateRoute,
  HealthRegistrySnapshot,
} from './health-registry-types.js';

export type * from './health-registry-types.js';

/**
 * Health of every (segment, provider) arm, fed by the drivers. Each record updates the
 * decayed statistics at the segment and at its coarser backoff levels (`DE:*:standard`,
 * `*:*:standard`, `*:*:*`), and the circuit breaker at the segment only. Rejections,
 * undelivered receipts and timeouts are breaker failures; delivered and completed are
 * successes; error classes in `numberFaultClasses` are the number's fault and count only as
 * `numberFaults`. Memory is bounded by `maxKeys` (least recently recorded entry evicted; an
 * evicted breaker starts closed again). Backoff keys are derived once per segment and
 * remembered (at most `maxKeys` segments), so the hot path builds no strings.
 */
export class HealthRegistry {
  readonly config: HealthRegistryConfig;
  readonly #store: ArmStore;
  readonly #chains: BackoffChains;
  #transitions: ArmBreakerTransition[] = [];
  /** The entry {@link #arm} resolved last. */
  #lastArm: ArmEntry | undefined;

  constructor(options: HealthRegistryOptions = {}) {
    this.config = healthRegistryConfig(options);
    this.#store = new ArmStore(this.config.maxKeys);
    this.#chains = new BackoffChains(this.config.maxKeys);
  }

  recordSend(segment: string, provider: ProviderId, at: number): void {
    this.#record(segment, provider, at, 'attempts', 'send');
  }

  recordAccepted(segment: string, provider: ProviderId, at: number): void {
    this.#record(segment, provider, at, 'accepted');
  }

  recordRejected(segment: string, provider: ProviderId, errorClass: string, at: number): void {
    this.#recordError(segment, provider, 'rejected', errorClass, at);
  }

  recordDelivered(segment: string, provider: ProviderId, latencyMs: number, at: number): void {
    this.#record(segment, provider, at, 'delivered', 'success', undefined, latencyMs);
  }

  recordUndelivered(segment: string, provider: ProviderId, errorClass: string, at: number): void {
    this.#recordError(segment, provider, 'undelivered', errorClass, at);
  }

  recordTimeout(segment: string, provider: ProviderId, at: number): void {
    this.#record(segment, provider, at, 'timedOut', 'failure');
  }

  recordCompleted(segment: string, provider: ProviderId, latencyMs: number, at: number): void {
    this.#record(segment, provider, at, 'completed', 'success', undefined, latencyMs);
  }

  /** Health of one arm at `at`, or undefined when nothing was recorded for it. */
  health(segment: string, provider: ProviderId, at: number): ArmHealth | undefined {
    const e = this.#store.get(segment, provider);
    if (!e) return undefined;
    this.#step(e, advanceBreaker(e.breaker, at, this.config.breaker));
    const b = e.breaker;
    const state = breakerStateAt(b, at, this.config.breaker);
    const breaker = {
      state,
      ejections: b.ejections,
      consecutiveFailures: b.consecutiveFailures,
      ...(state === 'open' && b.phase === 'open' ? { ejectedUntil: b.ejectedUntil } : {}),
    };
    return { segment, provider, ...e.health.view(at), breaker };
  }

  /** Breaker state at `at` as guards see it (see {@link breakerStateAt}); `closed` for unknown arms. */
  breakerState(segment: string, provider: ProviderId, at: number): BreakerState {
    return this.#breakerState(this.#store.get(segment, provider), at);
  }

  /**
   * Expected delivery time of `provider` for `ctx`: the `expectedDeliveryQuantile` (p90) of
   * delivery latency at the most specific backoff level with at least `minLatencyWeight`
   * effective samples, else `defaultExpectedDeliveryMs`.
   */
  expectedDeliveryMs(ctx: BackoffContext, provider: ProviderId, at: number): number {
    const segment = segmentKey(ctx);
    return this.#expectedDelivery(this.#store.get(segment, provider), segment, ctx, provider, at);
  }

  /** The guard-facing view of one provider for `ctx`. */
  candidate(ctx: RequestContext, provider: ProviderId, premium: boolean, at: number): Candidate {
    return this.candidates(ctx, [{ provider, premium }], at)[0] as Candidate;
  }

  /** {@link candidate} for every route, in route order; `segment` is `segmentKey(ctx)`, passed when the caller has it. */
  candidates(
    ctx: RequestContext,
    routes: readonly CandidateRoute[],
    at: number,
    segment = segmentKey(ctx),
  ): Candidate[] {
    const out: Candidate[] = new Array(routes.length);
    const arms = this.#store.ofSegment(segment);
    for (let i = 0; i < routes.length; i++) {
      const { provider, premium } = routes[i] as CandidateRoute;
      const arm = arms?.get(provider);
      const breaker = this.#breakerState(arm, at);
      out[i] = {
        provider,
        premium,
        expectedDeliveryMs: this.#expectedDelivery(arm, segment, ctx, provider, at),
        breaker,
      };
    }
    return out;
  }

  /** Breaker transitions since the last drain, oldest first. */
  drainBreakerEvents(): ArmBreakerTransition[] {
    const out = this.#transitions;
    this.#transitions = [];
    return out;
  }

  /** Every key held (backoff levels included), sorted by segment then provider. */
  list(): { segment: string; provider: ProviderId }[] {
    return this.#store
      .entries()
      .map(({ segment, provider }) => ({ segment, provider }))
      .sort((a, b) => (a.segment === b.segment ? cmp(a.provider, b.provider) : cmp(a.segment, b.segment)));
  }

  /** JSON state, least recently recorded first, so a restore keeps the eviction order. Pending transitions are not included. */
  snapshot(): HealthRegistrySnapshot {
    const entries = this.#store.entries().map((e) => ({
      segment: e.segment,
      provider: e.provider,
      health: e.health.snapshot(),
      breaker: e.breaker,
    }));
    return { kind: 'health-registry', version: '1', state: { entries } };
  }

  /** @throws TypeError/RangeError when the snapshot is not a health-registry snapshot or is malformed */
  static restore(snapshot: HealthRegistrySnapshot, options: HealthRegistryOptions = {}): HealthRegistry {
    if (snapshot?.kind !== 'health-registry' || snapshot.version !== '1')
      throw new TypeError('snapshot must be a health-registry snapshot, version "1"');
    const r = new HealthRegistry(options);
    for (const s of snapshot.state.entries) {
      const health = SegmentHealth.restore(s.health, r.config.health);
      r.#store.put(newArmEntry(s.segment, s.provider, health, restoreBreaker(s.breaker)));
    }
    return r;
  }

  #record(
    segment: string,
    provider: ProviderId,
    at: number,
    counter: HealthCounter,
    signal?: BreakerSignal,
    errorClass?: string,
    latencyMs?: number,
  ): void {
    const arm = this.#arm(segment, provider);
    arm.health.observe(counter, at, errorClass, latencyMs);
    for (const parent of arm.parents ?? []) parent.health.observe(counter, at, errorClass, latencyMs);
    if (signal) this.#signal(arm, signal, at);
  }

  #recordError(
    segment: string,
    provider: ProviderId,
    counter: 'rejected' | 'undelivered',
    errorClass: string,
    at: number,
  ): void {
    if (this.config.numberFaultClasses.includes(errorClass))
      this.#record(segment, provider, at, 'numberFaults', undefined, errorClass);
    else this.#record(segment, provider, at, counter, 'failure', errorClass);
  }

  #signal(e: ArmEntry, signal: BreakerSignal, at: number): void {
    const b = e.breaker;
    // Sends and successes leave a fresh closed breaker as it is (see applyBreakerSignal).
    if (signal !== 'failure' && b.phase === 'closed' && b.ejections === 0 && b.consecutiveFailures === 0) return;
    this.#step(e, applyBreakerSignal(b, signal, at, this.config.breaker));
  }

  #step(e: ArmEntry, step: BreakerStep): void {
    e.breaker = step.breaker;
    if (step.transitions.length === 0) return;
    for (const t of step.transitions) this.#transitions.push({ segment: e.segment, provider: e.provider, ...t });
    const excess = this.#transitions.length - this.config.maxPendingTransitions;
    if (excess > 0) this.#transitions.splice(0, excess);
  }

  #breakerState(arm: ArmEntry | undefined, at: number): BreakerState {
    if (!arm) return 'closed';
    const b = arm.breaker;
    // A closed breaker with nothing to forgive has no pending change (see advanceBreaker).
    if (b.phase === 'closed' && b.ejections === 0 && Number.isFinite(at)) return 'closed';
    this.#step(arm, advanceBreaker(b, at, this.config.breaker));
    return breakerStateAt(arm.breaker, at, this.config.breaker);
  }

  /** {@link expectedDeliveryMs}; `arm` is the stored entry of (segment, provider), if any. */
  #expectedDelivery(
    arm: ArmEntry | undefined,
    segment: string,
    ctx: BackoffContext,
    provider: ProviderId,
    at: number,
  ): number {
    const { expectedDeliveryQuantile: q, minLatencyWeight: min } = this.config;
    if (arm !== undefined && hasStoredParents(arm)) {
      const own = arm.health.trustedDeliveryQuantile(q, min, at);
      if (own !== undefined) return own;
      for (const parent of arm.parents ?? []) {
        const value = parent.health.trustedDeliveryQuantile(q, min, at);
        if (value !== undefined) return value;
      }
    } else {
      for (const key of this.#chains.ofContext(segment, ctx)) {
        const value = this.#store.get(key, provider)?.health.trustedDeliveryQuantile(q, min, at);
        if (value !== undefined) return value;
      }
    }
    return this.config.defaultExpectedDeliveryMs;
  }

  /**
   * The arm's entry at `segment` with its parents at the coarser levels, created when missing
   * and marked most recent in chain order (segment first, global last, so a parent is always
   * at least as recent as its children). @throws TypeError for a malformed segment key
   */
  #arm(segment: string, provider: ProviderId): ArmEntry {
    const last = this.#lastArm;
    // The events of one attempt (send, acceptance, receipt) often come in a row.
    const found =
      last !== undefined && last.stored && last.segment === segment && last.provider === provider
        ? last
        : this.#store.get(segment, provider);
    if (found !== undefined && hasStoredParents(found)) {
      this.#store.touch(found);
      for (const parent of found.parents ?? []) this.#store.touch(parent);
      this.#lastArm = found;
      return found;
    }
    const chain = this.#chains.ofSegment(segment);
    const arm = this.#entry(segment, provider);
    arm.parents = chain.slice(1).map((key) => this.#entry(key, provider));
    this.#lastArm = arm;
    return arm;
  }

  /** The stored entry for (key, provider), created when missing, marked most recent. */
  #entry(key: string, provider: ProviderId): ArmEntry {
    const found = this.#store.get(key, provider);
    if (found !== undefined) {
      this.#store.touch(found);
      return found;
    }
    const e = newArmEntry(key, provider, new SegmentHealth(this.config.health), INITIAL_BREAKER);
    this.#store.put(e);
    return e;
  }
}

type BackoffContext = Pick<RequestContext, 'country' | 'operator' | 'routeClass'>;

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
