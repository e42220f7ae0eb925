import { RecencyList } from '../collections/recency-list.js';
import type { ProviderId } from '../types.js';
import type { Breaker } from './circuit-breaker.js';
import type { SegmentHealth } from './segment-health.js';

/** One (segment, provider) arm's statistics and breaker, linked into the store's recency list. */
export interface ArmEntry {
  readonly segment: string;
  readonly provider: ProviderId;
  readonly health: SegmentHealth;
  breaker: Breaker;
  /** The same provider's entries at the coarser backoff levels, most specific first, as last resolved by the registry. */
  parents: readonly ArmEntry[] | undefined;
  /** True while the entry is held by a store (false once evicted or replaced). */
  stored: boolean;
  older: ArmEntry | undefined;
  newer: ArmEntry | undefined;
}

/** A new entry, not yet stored, with a closed breaker unless given one. */
export function newArmEntry(segment: string, provider: ProviderId, health: SegmentHealth, breaker: Breaker): ArmEntry {
  return { segment, provider, health, breaker, parents: undefined, stored: false, older: undefined, newer: undefined };
}

/** The entry's parents are resolved and all still stored. */
export function hasStoredParents(entry: ArmEntry): boolean {
  if (entry.parents === undefined) return false;
  for (const parent of entry.parents) if (!parent.stored) return false;
  return true;
}

/**
 * The arms of a {@link HealthRegistry}, by segment then provider (two lookups on strings the
 * caller already holds, no composite key built per call), with an intrusive doubly linked
 * recency list: marking an entry recent and evicting the least recent are O(1). At most
 * `maxKeys` entries are kept.
 */
export class ArmStore {
  readonly #bySegment = new Map<string, Map<ProviderId, ArmEntry>>();
  readonly #recency = new RecencyList<ArmEntry>();
  #size = 0;

  constructor(private readonly maxKeys: number) {}

  get(segment: string, provider: ProviderId): ArmEntry | undefined {
    return this.#bySegment.get(segment)?.get(provider);
  }

  /** The entries of one segment by provider (read-only view), for callers that look up several providers of it. */
  ofSegment(segment: string): ReadonlyMap<ProviderId, ArmEntry> | undefined {
    return this.#bySegment.get(segment);
  }

  /** Adds `entry` as the most recent, replacing an entry with the same key; evicts the least recent beyond `maxKeys`. */
  put(entry: ArmEntry): void {
    let arms = this.#bySegment.get(entry.segment);
    if (arms === undefined) {
      arms = new Map();
      this.#bySegment.set(entry.segment, arms);
    }
    const old = arms.get(entry.provider);
    if (old !== undefined) {
      this.#recency.remove(old);
      old.stored = false;
    } else this.#size++;
    arms.set(entry.provider, entry);
    entry.stored = true;
    this.#recency.push(entry);
    while (this.#size > this.maxKeys) {
      const oldest = this.#recency.oldest;
      if (oldest === undefined) break;
      this.#evict(oldest);
    }
  }

  /** Marks a stored entry as the most recent. */
  touch(entry: ArmEntry): void {
    this.#recency.touch(entry);
  }

  /** Every entry, least recent first. */
  entries(): ArmEntry[] {
    return this.#recency.toArray();
  }

  #evict(entry: ArmEntry): void {
    this.#recency.remove(entry);
    entry.stored = false;
    this.#size--;
    const arms = this.#bySegment.get(entry.segment);
    arms?.delete(entry.provider);
    if (arms?.size === 0) this.#bySegment.delete(entry.segment);
  }
}
