import { requireFinite, requireInteger, requirePositive } from './config-checks.js';
import { decayFactor } from './decay.js';

/** Layout and decay of a {@link DecayedHistogram}. */
export interface DecayedHistogramConfig {
  /** Half-life of a sample's weight, ms. */
  readonly halfLifeMs: number;
  /** Lower edge of the first bucket, ms; smaller samples are clamped into it. */
  readonly minMs: number;
  /** Upper edge of the last bucket, ms; larger samples are clamped into it. */
  readonly maxMs: number;
  /** Number of log-spaced buckets in [minMs, maxMs]. */
  readonly bucketCount: number;
}

/**
 * Defaults: 100 ms .. 20 min in 64 buckets (each ~16 % wide, so a quantile is within ~8 %
 * of the true value), half-life 30 min.
 */
export const DEFAULT_DECAYED_HISTOGRAM: DecayedHistogramConfig = Object.freeze({
  halfLifeMs: 30 * 60_000,
  minMs: 100,
  maxMs: 20 * 60_000,
  bucketCount: 64,
});

/** JSON form of a histogram: config, reference time and bucket weights as of that time. */
export interface DecayedHistogramSnapshot extends DecayedHistogramConfig {
  readonly at: number;
  readonly weights: readonly number[];
}

/** @throws RangeError naming the offending field */
export function validateDecayedHistogramConfig(config: DecayedHistogramConfig): DecayedHistogramConfig {
  requirePositive('halfLifeMs', config.halfLifeMs);
  requirePositive('minMs', config.minMs);
  requirePositive('maxMs', config.maxMs);
  if (!(config.maxMs > config.minMs))
    throw new RangeError(`maxMs must be > minMs (${config.minMs}), got ${config.maxMs}`);
  requireInteger('bucketCount', config.bucketCount, 2, 1024);
  return Object.freeze({ ...config });
}

/**
 * Time-decayed latency histogram with log-spaced buckets.
 *
 * Each sample weighs w = 2^(-(t - t_sample) / halfLife) at time t. Decay is applied lazily:
 * weights are stored as of a reference time and rescaled only when a later timestamp arrives,
 * so `add` is O(buckets) at worst and no clock is read. Because every bucket decays by the
 * same factor, quantiles do not depend on the query time; total weight does. Histograms with
 * the same config merge by addition ({@link DecayedHistogram.merge}), so several router
 * instances can share one.
 */
export class DecayedHistogram {
  readonly config: DecayedHistogramConfig;
  readonly #weights: Float64Array;
  readonly #logMin: number;
  readonly #logStep: number;
  #at = 0;

  constructor(config: Partial<DecayedHistogramConfig> = {}) {
    this.config = validateDecayedHistogramConfig({ ...DEFAULT_DECAYED_HISTOGRAM, ...config });
    this.#weights = new Float64Array(this.config.bucketCount);
    this.#logMin = Math.log(this.config.minMs);
    this.#logStep = (Math.log(this.config.maxMs) - this.#logMin) / this.config.bucketCount;
  }

  /** Adds one sample of `valueMs` observed at `at` with weight `weight` (default 1). */
  add(valueMs: number, at: number, weight = 1): void {
    requireFinite('valueMs', valueMs);
    requireFinite('at', at);
    if (at > this.#at) this.#decayTo(at);
    this.#weights[this.#bucketOf(valueMs)]! += weight * decayFactor(this.#at - at, this.config.halfLifeMs);
  }

  /** Total decayed weight at `at` (the effective number of samples). */
  weight(at: number): number {
    let sum = 0;
    for (const w of this.#weights) sum += w;
    return sum * decayFactor(at - this.#at, this.config.halfLifeMs);
  }

  /**
   * The q-quantile (q in [0, 1]) of the decayed distribution, interpolated geometrically
   * inside the bucket that holds it; `undefined` when the histogram is empty.
   * @throws RangeError when q is outside [0, 1]
   */
  quantile(q: number, _at?: number): number | undefined {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be in [0, 1], got ${q}`);
    let total = 0;
    for (const w of this.#weights) total += w;
    if (total <= 0) return undefined;
    const target = q * total;
    let cumulative = 0;
    for (let i = 0; i < this.#weights.length; i++) {
      const w = this.#weights[i]!;
      if (w <= 0) continue;
      if (cumulative + w >= target) {
        const fraction = Math.min(1, Math.max(0, (target - cumulative) / w));
        const value = Math.exp(this.#logMin + (i + fraction) * this.#logStep);
        return Math.min(this.config.maxMs, Math.max(this.config.minMs, value));
      }
      cumulative += w;
    }
    return this.config.maxMs;
  }

  /** A new histogram holding the weights of both (same config required), as of the later reference time. @throws TypeError on config mismatch */
  merge(other: DecayedHistogram): DecayedHistogram {
    const a = this.config;
    const b = other.config;
    if (
      a.halfLifeMs !== b.halfLifeMs ||
      a.minMs !== b.minMs ||
      a.maxMs !== b.maxMs ||
      a.bucketCount !== b.bucketCount
    ) {
      throw new TypeError('merge requires histograms with the same halfLifeMs, minMs, maxMs and bucketCount');
    }
    const out = DecayedHistogram.restore(this.snapshot());
    const theirs = other.snapshot();
    if (theirs.at > out.#at) out.#decayTo(theirs.at);
    const factor = decayFactor(out.#at - theirs.at, a.halfLifeMs);
    theirs.weights.forEach((w, i) => (out.#weights[i]! += w * factor));
    return out;
  }

  snapshot(): DecayedHistogramSnapshot {
    return { ...this.config, at: this.#at, weights: Array.from(this.#weights) };
  }

  /** @throws RangeError/TypeError when the snapshot is malformed */
  static restore(snapshot: DecayedHistogramSnapshot): DecayedHistogram {
    const { at, weights, ...config } = snapshot;
    const h = new DecayedHistogram(config);
    if (!Array.isArray(weights) || weights.length !== h.config.bucketCount) {
      throw new RangeError(`weights must be an array of ${h.config.bucketCount} numbers`);
    }
    h.#at = requireFinite('at', at);
    weights.forEach((w, i) => {
      if (!(Number.isFinite(w) && w >= 0))
        throw new RangeError(`weights[${i}] must be a finite number >= 0, got ${String(w)}`);
      h.#weights[i] = w;
    });
    return h;
  }

  #bucketOf(valueMs: number): number {
    if (valueMs <= this.config.minMs) return 0;
    const i = Math.floor((Math.log(valueMs) - this.#logMin) / this.#logStep);
    return Math.min(this.config.bucketCount - 1, i);
  }

  #decayTo(at: number): void {
    const f = decayFactor(at - this.#at, this.config.halfLifeMs);
    for (let i = 0; i < this.#weights.length; i++) this.#weights[i]! *= f;
    this.#at = at;
  }
}
