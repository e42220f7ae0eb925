import { requireFinite, requireInteger, requirePositive } from './config-checks.js';
import { decayFactor, exp2, forwardWeight, landmark, REBASE_HALF_LIVES } from './decay.js';
import {
  DEFAULT_DECAYED_HISTOGRAM,
  DecayedHistogram,
  validateDecayedHistogramConfig,
  type DecayedHistogramConfig,
  type DecayedHistogramSnapshot,
} from './decayed-histogram.js';

/** Decay and bounds of the per (segment, provider) statistics. */
export interface SegmentHealthConfig {
  /** Half-life of every counter and latency sample, ms. Default 30 min. */
  readonly halfLifeMs: number;
  /** Distinct error classes kept per arm; further classes are counted under `"other"`. Default 16. */
  readonly maxErrorClasses: number;
}

export const DEFAULT_SEGMENT_HEALTH: SegmentHealthConfig = Object.freeze({
  halfLifeMs: DEFAULT_DECAYED_HISTOGRAM.halfLifeMs,
  maxErrorClasses: 16,
});

/**
 * Configs returned by {@link validateSegmentHealthConfig}, with the latency histogram config
 * derived from each: the registry creates every arm from one config, validated once.
 */
const HISTOGRAM_CONFIG = new WeakMap<SegmentHealthConfig, DecayedHistogramConfig>();

/** @throws RangeError naming the offending field */
export function validateSegmentHealthConfig(config: SegmentHealthConfig): SegmentHealthConfig {
  requirePositive('halfLifeMs', config.halfLifeMs);
  requireInteger('maxErrorClasses', config.maxErrorClasses, 1, 1000);
  const valid = Object.freeze({ ...config });
  HISTOGRAM_CONFIG.set(
    valid,
    validateDecayedHistogramConfig({ ...DEFAULT_DECAYED_HISTOGRAM, halfLifeMs: valid.halfLifeMs }),
  );
  return valid;
}

/** Counters kept per arm. `numberFaults` are errors that are the number's fault (not the provider's). */
export const HEALTH_COUNTERS = [
  'attempts',
  'accepted',
  'rejected',
  'delivered',
  'undelivered',
  'timedOut',
  'completed',
  'numberFaults',
] as const;
export type HealthCounter = (typeof HEALTH_COUNTERS)[number];

/** Slot of each counter in a counts array: typed-array slots are several times cheaper to update than keys of a record. */
const SLOT: Readonly<Record<HealthCounter, number>> = Object.freeze(
  Object.fromEntries(HEALTH_COUNTERS.map((c, i) => [c, i])) as Record<HealthCounter, number>,
);

/** The counts as a record, each multiplied by `c` then `f` (in that order, so views stay bit for bit stable). */
function countsRecord(counts: Float64Array, c: number, f = 1): Record<HealthCounter, number> {
  return Object.fromEntries(HEALTH_COUNTERS.map((k, i) => [k, counts[i]! * c * f])) as Record<HealthCounter, number>;
}

export interface LatencySummary {
  readonly p50: number | undefined;
  readonly p90: number | undefined;
  readonly p95: number | undefined;
  /** Effective (decayed) number of latency samples. */
  readonly weight: number;
}

/**
 * Plain view of one arm's health at a time, for the API and the dashboard. Counters are
 * decayed (effective counts). A rate is `undefined` when its denominator is 0 — callers that
 * need a number apply their own prior; the engine does not invent one.
 */
export interface SegmentHealthView {
  readonly at: number;
  readonly counts: Readonly<Record<HealthCounter, number>>;
  readonly errorClasses: Readonly<Record<string, number>>;
  /** accepted / (accepted + rejected). */
  readonly acceptanceRate: number | undefined;
  /** delivered / (delivered + undelivered + timedOut): share of settled accepted messages with a delivered receipt, capped at 1 (a late receipt after a timeout counts in both). */
  readonly deliveryRate: number | undefined;
  /** timedOut / accepted, capped at 1. */
  readonly timeoutRate: number | undefined;
  /** completed / attempts, capped at 1. */
  readonly completionRate: number | undefined;
  /** Send to delivered receipt, ms. */
  readonly deliveryLatencyMs: LatencySummary;
  /** Send to code entered, ms. */
  readonly completionLatencyMs: LatencySummary;
}

export interface SegmentHealthSnapshot {
  readonly at: number;
  readonly counts: Readonly<Record<HealthCounter, number>>;
  readonly errorClasses: Readonly<Record<string, number>>;
  readonly deliveryLatency: DecayedHistogramSnapshot;
  readonly completionLatency: DecayedHistogramSnapshot;
}

const OTHER = 'other';

function ratio(num: number, den: number): number | undefined {
  return den > 0 ? Math.min(1, num / den) : undefined;
}

function summary(h: DecayedHistogram, at: number): LatencySummary {
  return { p50: h.quantile(0.5), p90: h.quantile(0.9), p95: h.quantile(0.95), weight: h.weight(at) };
}

/**
 * Time-decayed health statistics of one (segment, provider) arm: outcome counters, error
 * classes and latency histograms, all with the same half-life. Decay is lazy and driven by the
 * `at` of each call; counts at time t are sum_i 2^(-(t - t_i) / halfLife), kept by forward
 * decay ({@link forwardWeight}) so that an observation costs O(1).
 */
export class SegmentHealth {
  readonly config: SegmentHealthConfig;
  /** Counters scaled to the landmark `#ref`, in {@link HEALTH_COUNTERS} order. */
  readonly #counts = new Float64Array(HEALTH_COUNTERS.length);
  readonly #errors = new Map<string, number>();
  readonly #rebaseMs: number;
  /** Newest observation time: the reference time of views and snapshots. */
  #at = 0;
  #ref = 0;
  #delivery: DecayedHistogram;
  #completion: DecayedHistogram;

  /** @throws RangeError naming the offending field */
  constructor(config: Partial<SegmentHealthConfig> = {}) {
    let histogram = HISTOGRAM_CONFIG.get(config as SegmentHealthConfig);
    if (histogram === undefined) {
      this.config = validateSegmentHealthConfig({ ...DEFAULT_SEGMENT_HEALTH, ...config });
      histogram = HISTOGRAM_CONFIG.get(this.config) as DecayedHistogramConfig;
    } else this.config = config as SegmentHealthConfig;
    this.#rebaseMs = REBASE_HALF_LIVES * this.config.halfLifeMs;
    this.#delivery = new DecayedHistogram(histogram);
    this.#completion = new DecayedHistogram(histogram);
  }

  /** Adds one observation to `counter` at `at`, and to `errorClass` when given. */
  count(counter: HealthCounter, at: number, errorClass?: string): void {
    const w = this.#weightAt(at);
    this.#counts[SLOT[counter]]! += w;
    if (errorClass === undefined) return;
    const key = this.#errors.has(errorClass) || this.#errors.size < this.config.maxErrorClasses ? errorClass : OTHER;
    this.#errors.set(key, (this.#errors.get(key) ?? 0) + w);
  }

  /** {@link count}, or {@link delivered} / {@link completed} when a latency comes with it. */
  observe(counter: HealthCounter, at: number, errorClass?: string, latencyMs?: number): void {
    if (latencyMs === undefined) this.count(counter, at, errorClass);
    else if (counter === 'delivered') this.delivered(latencyMs, at);
    else if (counter === 'completed') this.completed(latencyMs, at);
    else this.count(counter, at, errorClass);
  }

  delivered(latencyMs: number, at: number): void {
    this.count('delivered', at);
    this.#delivery.add(latencyMs, at);
  }

  completed(latencyMs: number, at: number): void {
    this.count('completed', at);
    this.#completion.add(latencyMs, at);
  }

  /** Quantile of delivery latency with the effective sample weight behind it. */
  deliveryQuantile(q: number, at: number): { readonly value: number | undefined; readonly weight: number } {
    return { value: this.#delivery.quantile(q), weight: this.#delivery.weight(at) };
  }

  /**
   * The q-quantile of delivery latency when at least `minWeight` effective samples stand
   * behind it at `at`, else undefined (the allocation-free form of {@link deliveryQuantile}).
   */
  trustedDeliveryQuantile(q: number, minWeight: number, at: number): number | undefined {
    return this.#delivery.hasWeight(minWeight, at) ? this.#delivery.quantile(q) : undefined;
  }

  view(at: number): SegmentHealthView {
    const c = this.#scaleToAt();
    const f = decayFactor(at - this.#at, this.config.halfLifeMs);
    const counts = countsRecord(this.#counts, c, f);
    const errorClasses = Object.fromEntries(
      [...this.#errors].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v * c * f]),
    );
    return {
      at,
      counts,
      errorClasses,
      acceptanceRate: ratio(counts.accepted, counts.accepted + counts.rejected),
      deliveryRate: ratio(counts.delivered, counts.delivered + counts.undelivered + counts.timedOut),
      timeoutRate: ratio(counts.timedOut, counts.accepted),
      completionRate: ratio(counts.completed, counts.attempts),
      deliveryLatencyMs: summary(this.#delivery, at),
      completionLatencyMs: summary(this.#completion, at),
    };
  }

  snapshot(): SegmentHealthSnapshot {
    const c = this.#scaleToAt();
    return {
      at: this.#at,
      counts: countsRecord(this.#counts, c),
      errorClasses: Object.fromEntries([...this.#errors].map(([k, v]) => [k, v * c])),
      deliveryLatency: this.#delivery.snapshot(),
      completionLatency: this.#completion.snapshot(),
    };
  }

  /** @throws RangeError/TypeError when the snapshot is malformed */
  static restore(snapshot: SegmentHealthSnapshot, config: Partial<SegmentHealthConfig> = {}): SegmentHealth {
    const h = new SegmentHealth(config);
    h.#at = requireFinite('at', snapshot.at);
    h.#ref = h.#at;
    HEALTH_COUNTERS.forEach((k, i) => (h.#counts[i] = requireFinite(`counts.${k}`, snapshot.counts[k])));
    for (const [k, v] of Object.entries(snapshot.errorClasses)) h.#errors.set(k, requireFinite(`errorClasses.${k}`, v));
    h.#delivery = DecayedHistogram.restore(snapshot.deliveryLatency);
    h.#completion = DecayedHistogram.restore(snapshot.completionLatency);
    return h;
  }

  /** Forward-decay weight of an observation at `at`, moving the reference time forward when `at` is later. */
  #weightAt(at: number): number {
    if (!Number.isFinite(at)) requireFinite('at', at);
    if (at > this.#at) {
      this.#at = at;
      if (at - this.#ref > this.#rebaseMs) this.#rebase(landmark(at, this.config.halfLifeMs));
    }
    // forwardWeight remembers its last answer: a send and its acceptance, and the four levels of one observation, share `at`.
    return forwardWeight(at, this.#ref, this.config.halfLifeMs);
  }

  /** Factor from landmark-scaled counts to counts as of `#at`; views and snapshots multiply by it first, so a restored copy answers bit for bit the same. */
  #scaleToAt(): number {
    return exp2(-(this.#at - this.#ref) / this.config.halfLifeMs);
  }

  #rebase(ref: number): void {
    const f = exp2(-(ref - this.#ref) / this.config.halfLifeMs);
    for (let i = 0; i < this.#counts.length; i++) this.#counts[i]! *= f;
    for (const [k, v] of this.#errors) this.#errors.set(k, v * f);
    this.#ref = ref;
  }
}
