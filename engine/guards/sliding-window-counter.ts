import { RecencyList } from '../collections/recency-list.js';
import { requireFinite, requireInteger, requirePositive } from '../health/config-checks.js';
import type { CounterVerdict } from './guard.js';

export interface SlidingWindowConfig {
  /** Window length, ms. */
  readonly windowMs: number;
  /** Sub-buckets per window; more buckets, sharper window edge. Default 10. */
  readonly buckets: number;
  /** Keys kept; the least recently hit key is evicted first. Default 100 000. */
  readonly maxKeys: number;
}

export const DEFAULT_SLIDING_WINDOW: Omit<SlidingWindowConfig, 'windowMs'> = Object.freeze({
  buckets: 10,
  maxKeys: 100_000,
});

/** @throws RangeError naming the offending field */
export function validateSlidingWindowConfig(config: SlidingWindowConfig): SlidingWindowConfig {
  requirePositive('windowMs', config.windowMs);
  requireInteger('buckets', config.buckets, 1, 1000);
  requireInteger('maxKeys', config.maxKeys, 1, 10_000_000);
  return Object.freeze({ ...config });
}

interface Ring {
  readonly key: string;
  readonly slots: Float64Array;
  /** Absolute index (floor(at / bucketMs)) of the newest bucket. */
  head: number;
  total: number;
  /** Neighbours in the recency list (least recently hit first). */
  older: Ring | undefined;
  newer: Ring | undefined;
}

/**
 * Per-key counts over a sliding window, kept as a ring of `buckets` sub-buckets of width
 * w = windowMs / buckets. A hit at time h is counted until (floor(h / w) + buckets) * w, so
 * for between windowMs - w and windowMs. `hit` is O(1) amortised (a jump clears at most
 * `buckets` slots; recency is an intrusive doubly linked list, so marking a key recent and
 * evicting the least recent cost a few pointer writes, not a map delete and insert); memory
 * is at most `maxKeys * buckets` numbers, and keys not hit for more than a window (plus one
 * bucket) are dropped as hits come in, so it follows the keys of the current window. Time
 * comes from the callers' `at`.
 * Hits older than the window are ignored; a query earlier than the key's newest hit sees the
 * newest state.
 */
export class SlidingWindowCounter {
  readonly config: SlidingWindowConfig;
  readonly #bucketMs: number;
  readonly #rings = new Map<string, Ring>();
  readonly #recency = new RecencyList<Ring>();

  constructor(options: Pick<SlidingWindowConfig, 'windowMs'> & Partial<SlidingWindowConfig>) {
    this.config = validateSlidingWindowConfig({ ...DEFAULT_SLIDING_WINDOW, ...options });
    this.#bucketMs = this.config.windowMs / this.config.buckets;
  }

  /** Number of keys held. */
  get size(): number {
    return this.#rings.size;
  }

  /** Adds `n` (default 1) hits for `key` at `at`; returns the count in the window after the hit. */
  hit(key: string, at: number, n = 1): number {
    const i = this.#index(at);
    let ring = this.#find(key);
    if (ring === undefined) {
      ring = {
        key,
        slots: new Float64Array(this.config.buckets),
        head: i,
        total: 0,
        older: undefined,
        newer: undefined,
      };
      this.#rings.set(key, ring);
      this.#recency.push(ring);
      if (this.#rings.size > this.config.maxKeys) this.#evict(this.#recency.oldest as Ring);
    } else {
      this.#recency.touch(ring);
    }
    this.#advance(ring, i);
    if (i > ring.head - this.config.buckets) {
      ring.slots[this.#slot(i)]! += n;
      ring.total += n;
    }
    // After the advance: this ring's head is now at least i, so it is never the one dropped.
    this.#expire(i);
    return ring.total;
  }

  /** Hits for `key` in the window ending at `at`. */
  count(key: string, at: number): number {
    const ring = this.#find(key);
    if (!ring) return 0;
    this.#advance(ring, this.#index(at));
    return ring.total;
  }

  /**
   * Milliseconds until count(key) drops below `limit`, i.e. until one more hit would be
   * allowed; 0 when it already is.
   * @throws RangeError when limit is not a positive integer
   */
  retryAfterMs(key: string, limit: number, at: number): number {
    requireInteger('limit', limit, 1, Number.MAX_SAFE_INTEGER);
    const excess = this.count(key, at) - limit + 1;
    const ring = this.#find(key);
    if (!ring || excess <= 0) return 0;
    let expired = 0;
    for (let j = ring.head - this.config.buckets + 1; j <= ring.head; j++) {
      expired += ring.slots[this.#slot(j)]!;
      if (expired >= excess) return Math.max(0, (j + this.config.buckets) * this.#bucketMs - at);
    }
    return Math.max(0, (ring.head + this.config.buckets) * this.#bucketMs - at);
  }

  /**
   * `limited` when count(key) >= limit (the next hit would exceed it), with retryAfterMs.
   * @throws RangeError when limit is not a positive integer
   */
  verdict(key: string, limit: number, at: number, scope?: string): CounterVerdict {
    requireInteger('limit', limit, 1, Number.MAX_SAFE_INTEGER);
    if (this.count(key, at) < limit) return { limited: false };
    return {
      limited: true,
      retryAfterMs: this.retryAfterMs(key, limit, at),
      ...(scope !== undefined ? { scope } : {}),
    };
  }

  /** The key's ring; the most recent key is checked first, as callers often come back to it. */
  #find(key: string): Ring | undefined {
    const newest = this.#recency.newest;
    return newest !== undefined && newest.key === key ? newest : this.#rings.get(key);
  }

  /**
   * Drops the least recently hit keys whose newest bucket is more than a window and a bucket
   * before bucket `i`: they count 0 and would only hold memory until maxKeys pushed them out
   * (10 minutes of one-off phone numbers at 100/s is 60,000 keys; with eviction alone the
   * counter held 100,000 at all times, ~45 MB). Amortised O(1): each key is dropped once.
   */
  #expire(i: number): void {
    const limit = i - this.config.buckets;
    for (let oldest = this.#recency.oldest; oldest !== undefined && oldest.head < limit; oldest = this.#recency.oldest) {
      this.#evict(oldest);
    }
  }

  #evict(ring: Ring): void {
    this.#recency.remove(ring);
    this.#rings.delete(ring.key);
  }

  #index(at: number): number {
    return Math.floor(requireFinite('at', at) / this.#bucketMs);
  }

  #slot(index: number): number {
    const b = this.config.buckets;
    return ((index % b) + b) % b;
  }

  /** Moves the ring's head to bucket `i`, clearing buckets that left the window. */
  #advance(ring: Ring, i: number): void {
    if (i <= ring.head) return;
    const b = this.config.buckets;
    if (i - ring.head >= b) {
      ring.slots.fill(0);
      ring.total = 0;
    } else {
      for (let j = ring.head + 1; j <= i; j++) {
        const s = this.#slot(j);
        ring.total -= ring.slots[s]!;
        ring.slots[s] = 0;
      }
    }
    ring.head = i;
  }
}
