import type { ProviderId } from '../types.js';
import type { DiscountedLevel } from './beta-arm-stats.js';

/** Largest staleness limit; finite so that snapshots stay valid JSON. */
export const MAX_LIMIT = 1e15;
/** Eligible sets remembered per segment (least recently created is evicted first). */
export const MAX_CACHED_SETS = 4;

/**
 * A cached Thompson probability vector for one segment and one eligible list (in the
 * caller's order), with the posterior means it was computed from. Selection samples
 * from exactly this vector, so the logged propensity is exact even when it is stale.
 */
export interface CacheEntry {
  readonly eligible: readonly ProviderId[];
  probabilities: Float64Array;
  scores: Float64Array;
  /** Per backoff level: step at refresh, updates allowed before a refresh, epoch at refresh. */
  readonly steps: number[];
  readonly limits: number[];
  readonly epochs: number[];
}

/** The entry for exactly this eligible list (same ids, same order), if cached. */
export function findEntry(entries: readonly CacheEntry[], eligible: readonly ProviderId[]): CacheEntry | undefined {
  outer: for (const entry of entries) {
    const ids = entry.eligible;
    if (ids.length !== eligible.length) continue;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== eligible[i]) continue outer;
    return entry;
  }
  return undefined;
}

/** True when some level forgot an arm, or gained at least its limit of updates, since the refresh. */
export function isStale(entry: CacheEntry, levels: readonly DiscountedLevel[]): boolean {
  for (let l = 0; l < levels.length; l++) {
    const level = levels[l] as DiscountedLevel;
    if (level.epoch !== entry.epochs[l]) return true;
    if (level.step - (entry.steps[l] ?? 0) >= (entry.limits[l] ?? 0)) return true;
  }
  return false;
}

/**
 * Staleness rule, recorded at a refresh: level l may take
 *
 *   limit_l = max(1, f * N_l / rho_l)   updates before the vector is recomputed,
 *
 * with f = refreshFraction, N_l the level's discounted total count, rho_0 = 1 and
 * rho_l = rho_{l-1} * P / (P + N_{l-1} / k) the weight a parent's data still has in the
 * segment's posterior (P = priorStrength, k = number of eligible arms). So the vector
 * is refreshed once the segment's own evidence grew by a fraction f, or a parent's by
 * a fraction f scaled up by how little that parent still matters; with f = 0 every
 * update refreshes (exact Thompson probabilities at every decision).
 */
export function recordRefresh(
  entry: CacheEntry,
  levels: readonly DiscountedLevel[],
  refreshFraction: number,
  priorStrength: number,
): void {
  let rho = 1;
  for (let l = 0; l < levels.length; l++) {
    const level = levels[l] as DiscountedLevel;
    entry.steps[l] = level.step;
    entry.epochs[l] = level.epoch;
    entry.limits[l] = rho > 0 ? Math.min(MAX_LIMIT, Math.max(1, (refreshFraction * level.total) / rho)) : MAX_LIMIT;
    rho *= priorStrength > 0 ? priorStrength / (priorStrength + level.total / entry.eligible.length) : 0;
  }
}
