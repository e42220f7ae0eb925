import { requireFinite, requireInteger, requirePositive } from './config-checks.js';
import { decayFactor, exp2, forwardWeight, landmark, REBASE_HALF_LIVES } from './decay.js';

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

/** Configs returned by {@link validateDecayedHistogramConfig}: a histogram built from one skips the checks. */
const VALIDATED = new WeakSet<DecayedHistogramConfig>();

/** @throws RangeError naming the offending field */
export function validateDecayedHistogramConfig(config: DecayedHistogramConfig): DecayedHistogramConfig {
  requirePositive('halfLifeMs', config.halfLifeMs);
  requirePositive('minMs', config.minMs);
  requirePositive('maxMs', config.maxMs);
  if (!(config.maxMs > config.minMs))
    throw new RangeError(`maxMs must be > minMs (${config.minMs}), got ${config.maxMs}`);
  requireInteger('bucketCount', config.bucketCount, 2, 1024);
  const valid = Object.freeze({ ...config });
  VALIDATED.add(valid);
  return valid;
}

/**
 * Math.log remembering its last argument: one latency is added to the histograms of its
 * segment and of every coarser backoff level in a row. A pure function, so sharing the memo
 * between histograms is unobservable.
 */
function logOf(valueMs: number): number {
  if (valueMs !== lastLogArg) {
    lastLogArg = valueMs;
    lastLog = Math.log(valueMs);
  }
  return lastLog;
}
let lastLogArg = Number.NaN;
let lastLog = Number.NaN;

/**
 * Time-decayed latency histogram with log-spaced buckets.
 *
 * Each sample weighs w = 2^(-(t - t_sample) / halfLife) at time t. Weights are kept by forward
 * decay ({@link forwardWeight}): a sample adds 2^((t_sample - ref) / halfLife) to its bucket,
 * so `add` is O(1), no clock is read, and the landmark `ref` moves only every
 * {@link REBASE_HALF_LIVES} half-lives. Because every bucket decays by the same factor,
 * quantiles do not depend on the query time (the last one is cached until the next sample);
 * total weight does. Histograms with the same config merge by addition
 * ({@link DecayedHistogram.merge}), so several router instances can share one.
 */
export class DecayedHistogram {
  readonly config: DecayedHistogramConfig;
  /**
   * Bucket weights scaled to the landmark `#ref`. A plain array: a Float64Array of this size
   * lives off the heap and costs several times more to allocate and collect, and the registry
   * creates two histograms per arm.
   */
  readonly #scaled: number[];
  readonly #logMin: number;
  readonly #logStep: number;
  readonly #rebaseMs: number;
  /** Newest sample time: the reference time of snapshots. */
  #at = 0;
  #ref = 0;
  /** Total weight as of `#at`; NaN until computed after a change. */
  #totalAtAt = 0;
  /** {@link #scaleToAt} as of the last computation of `#totalAtAt`. */
  #scaleAtAt = 1;
  #cachedQ = Number.NaN;
  #cachedQuantile: number | undefined;
  #cachedMinWeight = Number.NaN;
  /** Last time at which the weight is at least `#cachedMinWeight`. */
  #weightUntil = -Infinity;

  /** @throws RangeError naming the offending field */
  constructor(config: Partial<DecayedHistogramConfig> = {}) {
    this.config = VALIDATED.has(config as DecayedHistogramConfig)
      ? (config as DecayedHistogramConfig)
      : validateDecayedHistogramConfig({ ...DEFAULT_DECAYED_HISTOGRAM, ...config });
    this.#scaled = new Array<number>(this.config.bucketCount).fill(0);
    this.#logMin = Math.log(this.config.minMs);
    this.#logStep = (Math.log(this.config.maxMs) - this.#logMin) / this.config.bucketCount;
    this.#rebaseMs = REBASE_HALF_LIVES * this.config.halfLifeMs;
  }

  /** Adds one sample of `valueMs` observed at `at` with weight `weight` (default 1). */
  add(valueMs: number, at: number, weight = 1): void {
    if (!Number.isFinite(valueMs)) requireFinite('valueMs', valueMs);
    if (!Number.isFinite(at)) requireFinite('at', at);
    this.#addScaled(this.#bucketOf(valueMs), weight, at);
  }

  /** Total decayed weight at `at` (the effective number of samples). */
  weight(at: number): number {
    return this.#total() * decayFactor(at - this.#at, this.config.halfLifeMs);
  }

  /**
   * Whether `weight(at) >= minWeight`, answered from the last time at which that holds,
   * `t* = at_ref + halfLife * log2(W / minWeight)` with W the weight as of the newest sample
   * (cached until the next sample), so the hot path needs no exponential.
   */
  hasWeight(minWeight: number, at: number): boolean {
    if (minWeight !== this.#cachedMinWeight) {
      const w = this.#total();
      this.#weightUntil = w >= minWeight ? this.#at + this.config.halfLifeMs * Math.log2(w / minWeight) : -Infinity;
      this.#cachedMinWeight = minWeight;
    }
    return at <= this.#weightUntil;
  }

  /**
   * The q-quantile (q in [0, 1]) of the decayed distribution, interpolated geometrically
   * inside the bucket that holds it; `undefined` when the histogram is empty.
   * @throws RangeError when q is outside [0, 1]
   */
  quantile(q: number, _at?: number): number | undefined {
    if (q === this.#cachedQ) return this.#cachedQuantile;
    if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be in [0, 1], got ${q}`);
    this.#cachedQuantile = this.#computeQuantile(q);
    this.#cachedQ = q;
    return this.#cachedQuantile;
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
    theirs.weights.forEach((w, i) => out.#addScaled(i, w, theirs.at));
    return out;
  }

  snapshot(): DecayedHistogramSnapshot {
    const c = this.#scaleToAt();
    return { ...this.config, at: this.#at, weights: Array.from(this.#scaled, (w) => w * c) };
  }

  /** @throws RangeError/TypeError when the snapshot is malformed */
  static restore(snapshot: DecayedHistogramSnapshot): DecayedHistogram {
    const { at, weights, ...config } = snapshot;
    const h = new DecayedHistogram(config);
    if (!Array.isArray(weights) || weights.length !== h.config.bucketCount) {
      throw new RangeError(`weights must be an array of ${h.config.bucketCount} numbers`);
    }
    h.#at = requireFinite('at', at);
    h.#ref = h.#at;
    weights.forEach((w, i) => {
      if (!(Number.isFinite(w) && w >= 0))
        throw new RangeError(`weights[${i}] must be a finite number >= 0, got ${String(w)}`);
      h.#scaled[i] = w;
    });
    h.#totalAtAt = Number.NaN;
    return h;
  }

  #addScaled(bucket: number, weight: number, at: number): void {
    if (at > this.#at) {
      this.#at = at;
      if (at - this.#ref > this.#rebaseMs) this.#rebase(landmark(at, this.config.halfLifeMs));
    }
    const w = weight * forwardWeight(at, this.#ref, this.config.halfLifeMs);
    this.#scaled[bucket]! += w;
    this.#totalAtAt = Number.NaN;
    this.#cachedQ = Number.NaN;
    this.#cachedMinWeight = Number.NaN;
  }

  /** Factor from landmark-scaled weights to weights as of `#at` (what snapshots hold). */
  #scaleToAt(): number {
    return exp2(-(this.#at - this.#ref) / this.config.halfLifeMs);
  }

  /**
   * Sum of the weights as of `#at`, cached with the scale factor until the next sample.
   * Summed over the weights as of `#at` in bucket order, like the quantile, so that a restored
   * copy answers bit for bit the same.
   */
  #total(): number {
    if (Number.isNaN(this.#totalAtAt)) {
      const c = this.#scaleToAt();
      const weights = this.#scaled;
      let total = 0;
      for (let i = 0; i < weights.length; i++) total += weights[i]! * c;
      this.#totalAtAt = total;
      this.#scaleAtAt = c;
    }
    return this.#totalAtAt;
  }

  #computeQuantile(q: number): number | undefined {
    const total = this.#total();
    const c = this.#scaleAtAt;
    const weights = this.#scaled;
    if (total <= 0) return undefined;
    const target = q * total;
    let cumulative = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]! * c;
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

  #bucketOf(valueMs: number): number {
    if (valueMs <= this.config.minMs) return 0;
    const i = Math.floor((logOf(valueMs) - this.#logMin) / this.#logStep);
    return Math.min(this.config.bucketCount - 1, i);
  }

  #rebase(ref: number): void {
    const f = exp2(-(ref - this.#ref) / this.config.halfLifeMs);
    for (let i = 0; i < this.#scaled.length; i++) this.#scaled[i]! *= f;
    this.#ref = ref;
  }
}
