import { requireInteger, requirePositive } from '../health/config-checks.js';
import type { CounterVerdict } from './guard.js';
import { SlidingWindowCounter } from './sliding-window-counter.js';

export interface PrefixVelocityConfig {
  /** Sliding window, ms. Default 1 h. */
  readonly windowMs: number;
  /** Sub-buckets per window. Default 12 (5 min each with the default window). */
  readonly buckets: number;
  /** A prefix is never flagged below this many sends in the window. Default 20. */
  readonly minSends: number;
  /** Flag when the prefix's conversion < conversionRatio * baseline. In (0, 1]. Default 0.3. */
  readonly conversionRatio: number;
  /** Fixed baseline conversion in (0, 1]; when undefined the baseline is the conversion of all other prefixes in the window. */
  readonly expectedConversion: number | undefined;
  /** Baseline while other prefixes have fewer than `minSends` sends in the window. Default 0.6. */
  readonly priorConversion: number;
  /** Prefixes tracked; least recently seen evicted first. Default 50 000. */
  readonly maxPrefixes: number;
}

export const DEFAULT_PREFIX_VELOCITY: PrefixVelocityConfig = Object.freeze({
  windowMs: 3_600_000,
  buckets: 12,
  minSends: 20,
  conversionRatio: 0.3,
  expectedConversion: undefined,
  priorConversion: 0.6,
  maxPrefixes: 50_000,
});

function fraction(name: string, value: number): number {
  if (!(typeof value === 'number' && value > 0 && value <= 1))
    throw new RangeError(`${name} must be a number in (0, 1], got ${String(value)}`);
  return value;
}

/** @throws RangeError naming the offending field */
export function validatePrefixVelocityConfig(config: PrefixVelocityConfig): PrefixVelocityConfig {
  requirePositive('windowMs', config.windowMs);
  requireInteger('buckets', config.buckets, 1, 1000);
  requireInteger('minSends', config.minSends, 1, 1_000_000);
  fraction('conversionRatio', config.conversionRatio);
  if (config.expectedConversion !== undefined) fraction('expectedConversion', config.expectedConversion);
  fraction('priorConversion', config.priorConversion);
  requireInteger('maxPrefixes', config.maxPrefixes, 1, 10_000_000);
  return Object.freeze({ ...config });
}

export interface PrefixStats {
  readonly sends: number;
  readonly completions: number;
  /** completions / sends, undefined without sends. */
  readonly conversion: number | undefined;
  readonly baseline: number;
}

/** Key of the all-prefixes totals, each held by a counter of its own. */
const ALL = '';

const NOT_LIMITED: CounterVerdict = Object.freeze({ limited: false });

function requirePrefix(prefix: string): string {
  if (typeof prefix !== 'string' || prefix.length === 0) throw new TypeError('prefix must be a non-empty string');
  return prefix;
}

/**
 * SMS-pumping (artificially inflated traffic) detector per number prefix (e.g. calling code
 * plus first digits, chosen by the caller). Pumpers send codes to ranges of numbers they
 * profit from and never enter them, so such a prefix shows volume without conversion.
 * A prefix is flagged when, in the sliding window, sends >= minSends AND
 * completions / sends < conversionRatio * baseline. The baseline is `expectedConversion` when
 * configured, else the conversion of all other prefixes (so an attack cannot lower its own
 * bar), else `priorConversion` while other traffic is thin. Completions lag sends by the time
 * users take to type a code; `minSends` and the ratio leave room for that lag.
 * Signals as in https://www.infobip.com/blog/how-to-detect-and-block-sms-pumping-fraud
 * (bursts to strings of similar numbers, falling conversion).
 */
export class PrefixVelocity {
  readonly config: PrefixVelocityConfig;
  readonly #sends: SlidingWindowCounter;
  readonly #completions: SlidingWindowCounter;
  /** Totals over all prefixes, kept apart so that every hit touches two small recency lists instead of moving two keys in one. */
  readonly #allSends: SlidingWindowCounter;
  readonly #allCompletions: SlidingWindowCounter;

  constructor(options: Partial<PrefixVelocityConfig> = {}) {
    this.config = validatePrefixVelocityConfig({ ...DEFAULT_PREFIX_VELOCITY, ...options });
    const window = { windowMs: this.config.windowMs, buckets: this.config.buckets };
    this.#sends = new SlidingWindowCounter({ ...window, maxKeys: this.config.maxPrefixes });
    this.#completions = new SlidingWindowCounter({ ...window, maxKeys: this.config.maxPrefixes });
    this.#allSends = new SlidingWindowCounter({ ...window, maxKeys: 1 });
    this.#allCompletions = new SlidingWindowCounter({ ...window, maxKeys: 1 });
  }

  /** @throws TypeError when prefix is empty */
  recordSend(prefix: string, at: number): void {
    this.#sends.hit(requirePrefix(prefix), at);
    this.#allSends.hit(ALL, at);
  }

  /** @throws TypeError when prefix is empty */
  recordCompletion(prefix: string, at: number): void {
    this.#completions.hit(requirePrefix(prefix), at);
    this.#allCompletions.hit(ALL, at);
  }

  stats(prefix: string, at: number): PrefixStats {
    const sends = this.#sends.count(requirePrefix(prefix), at);
    const completions = this.#completions.count(prefix, at);
    return {
      sends,
      completions,
      conversion: sends > 0 ? completions / sends : undefined,
      baseline: this.#baseline(sends, completions, at),
    };
  }

  /** The pumping verdict for a prefix; when flagged, retryAfterMs is the time until its sends in the window fall below minSends. */
  check(prefix: string, at: number): CounterVerdict {
    const sends = this.#sends.count(requirePrefix(prefix), at);
    const completions = this.#completions.count(prefix, at);
    const baseline = this.#baseline(sends, completions, at);
    if (sends < this.config.minSends || completions >= this.config.conversionRatio * baseline * sends)
      return NOT_LIMITED;
    return { limited: true, scope: 'prefix', retryAfterMs: this.#sends.retryAfterMs(prefix, this.config.minSends, at) };
  }

  #baseline(sends: number, completions: number, at: number): number {
    if (this.config.expectedConversion !== undefined) return this.config.expectedConversion;
    const otherSends = this.#allSends.count(ALL, at) - sends;
    if (otherSends < this.config.minSends) return this.config.priorConversion;
    return Math.min(1, Math.max(0, this.#allCompletions.count(ALL, at) - completions) / otherSends);
  }
}
