import { ANY, backoffKeys, parseSegmentKey, segmentKey } from '../context/segment.js';
import type { Candidate } from '../guards/guard.js';
import type { ProviderId, RequestContext, Snapshot } from '../types.js';
import {
  INITIAL_BREAKER,
  advanceBreaker,
  applyBreakerSignal,
  breakerStateAt,
  type Breaker,
  type BreakerSignal,
  type BreakerState,
  type BreakerStep,
  type BreakerTransition,
} from './circuit-breaker.js';
import {
  healthRegistryConfig,
  type HealthRegistryConfig,
  type HealthRegistryOptions,
} from './health-registry-config.js';
import { restoreBreaker } from './restore-breaker.js';
import { SegmentHealth } from './segment-health.js';
import type { HealthCounter, SegmentHealthSnapshot, SegmentHealthView } from './segment-health.js';

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

interface Entry {
  readonly segment: string;
  readonly provider: ProviderId;
  readonly health: SegmentHealth;
  breaker: Breaker;
}

const SEP = '\u001f';

/**
 * Health of every (segment, provider) arm, fed by the drivers. Each record updates the
 * decayed statistics at the segment and at its coarser backoff levels (`DE:*:standard`,
 * `*:*:standard`, `*:*:*`), and the circuit breaker at the segment only. Rejections,
 * undelivered receipts and timeouts are breaker failures; delivered and completed are
 * successes; error classes in `numberFaultClasses` are the number's fault and count only as
 * `numberFaults`. Memory is bounded by `maxKeys` (least recently recorded entry evicted; an
 * evicted breaker starts closed again).
 */
export class HealthRegistry {
  readonly config: HealthRegistryConfig;
  readonly #entries = new Map<string, Entry>();
  #transitions: ArmBreakerTransition[] = [];

  constructor(options: HealthRegistryOptions = {}) {
    this.config = healthRegistryConfig(options);
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
    for (const e of this.#levels(segment, provider)) e.health.delivered(latencyMs, at);
    this.#signal(segment, provider, 'success', at);
  }

  recordUndelivered(segment: string, provider: ProviderId, errorClass: string, at: number): void {
    this.#recordError(segment, provider, 'undelivered', errorClass, at);
  }

  recordTimeout(segment: string, provider: ProviderId, at: number): void {
    this.#record(segment, provider, at, 'timedOut', 'failure');
  }

  recordCompleted(segment: string, provider: ProviderId, latencyMs: number, at: number): void {
    for (const e of this.#levels(segment, provider)) e.health.completed(latencyMs, at);
    this.#signal(segment, provider, 'success', at);
  }

  /** Health of one arm at `at`, or undefined when nothing was recorded for it. */
  health(segment: string, provider: ProviderId, at: number): ArmHealth | undefined {
    const e = this.#entries.get(segment + SEP + provider);
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
    const e = this.#entries.get(segment + SEP + provider);
    if (!e) return 'closed';
    this.#step(e, advanceBreaker(e.breaker, at, this.config.breaker));
    return breakerStateAt(e.breaker, at, this.config.breaker);
  }

  /**
   * Expected delivery time of `provider` for `ctx`: the `expectedDeliveryQuantile` (p90) of
   * delivery latency at the most specific backoff level with at least `minLatencyWeight`
   * effective samples, else `defaultExpectedDeliveryMs`.
   */
  expectedDeliveryMs(
    ctx: Pick<RequestContext, 'country' | 'operator' | 'routeClass'>,
    provider: ProviderId,
    at: number,
  ): number {
    for (const key of backoffKeys(ctx)) {
      const e = this.#entries.get(key + SEP + provider);
      if (!e) continue;
      const { value, weight } = e.health.deliveryQuantile(this.config.expectedDeliveryQuantile, at);
      if (value !== undefined && weight >= this.config.minLatencyWeight) return value;
    }
    return this.config.defaultExpectedDeliveryMs;
  }

  /** The guard-facing view of one provider for `ctx`. */
  candidate(ctx: RequestContext, provider: ProviderId, premium: boolean, at: number): Candidate {
    const breaker = this.breakerState(segmentKey(ctx), provider, at);
    return { provider, premium, expectedDeliveryMs: this.expectedDeliveryMs(ctx, provider, at), breaker };
  }

  /** Breaker transitions since the last drain, oldest first. */
  drainBreakerEvents(): ArmBreakerTransition[] {
    const out = this.#transitions;
    this.#transitions = [];
    return out;
  }

  /** Every key held (backoff levels included), sorted by segment then provider. */
  list(): { segment: string; provider: ProviderId }[] {
    return [...this.#entries.values()]
      .map(({ segment, provider }) => ({ segment, provider }))
      .sort((a, b) => (a.segment === b.segment ? cmp(a.provider, b.provider) : cmp(a.segment, b.segment)));
  }

  /** JSON state, least recently recorded first, so a restore keeps the eviction order. Pending transitions are not included. */
  snapshot(): HealthRegistrySnapshot {
    const entries = [...this.#entries.values()].map((e) => ({
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
      r.#put({ segment: s.segment, provider: s.provider, health, breaker: restoreBreaker(s.breaker) });
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
  ): void {
    for (const e of this.#levels(segment, provider)) e.health.count(counter, at, errorClass);
    if (signal) this.#signal(segment, provider, signal, at);
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

  #signal(segment: string, provider: ProviderId, signal: BreakerSignal, at: number): void {
    const e = this.#entries.get(segment + SEP + provider);
    if (e) this.#step(e, applyBreakerSignal(e.breaker, signal, at, this.config.breaker));
  }

  #step(e: Entry, step: BreakerStep): void {
    e.breaker = step.breaker;
    for (const t of step.transitions) this.#transitions.push({ segment: e.segment, provider: e.provider, ...t });
    const excess = this.#transitions.length - this.config.maxPendingTransitions;
    if (excess > 0) this.#transitions.splice(0, excess);
  }

  /** Entries of the segment and its coarser levels, most specific first, created and marked recent. */
  #levels(segment: string, provider: ProviderId): Entry[] {
    const p = parseSegmentKey(segment);
    const keys = new Set([
      segment,
      `${p.country}:${ANY}:${p.routeClass}`,
      `${ANY}:${ANY}:${p.routeClass}`,
      `${ANY}:${ANY}:${ANY}`,
    ]);
    return [...keys].map((key) => {
      const id = key + SEP + provider;
      const e = this.#entries.get(id) ?? {
        segment: key,
        provider,
        health: new SegmentHealth(this.config.health),
        breaker: INITIAL_BREAKER,
      };
      this.#put(e);
      return e;
    });
  }

  #put(e: Entry): void {
    const id = e.segment + SEP + e.provider;
    this.#entries.delete(id);
    this.#entries.set(id, e);
    while (this.#entries.size > this.config.maxKeys) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
