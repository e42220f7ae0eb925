import type { ProviderId } from '../types.js';
import { compareLexicographic as compare } from './lexicographic.js';
import { requireArray, requireNumber, requireRecord, requireString } from './policy-snapshot-checks.js';

/** Running count and reward sum of one (segment, provider) arm. */
export interface ArmStats {
  readonly n: number;
  readonly sum: number;
}

/** One serialised arm, as it appears in a policy snapshot. */
export interface ArmMeansEntry {
  readonly segment: string;
  readonly provider: ProviderId;
  readonly n: number;
  readonly sum: number;
}

const EMPTY: ArmStats = Object.freeze({ n: 0, sum: 0 });

/**
 * Undiscounted running means per (segment, provider), the state of epsilon-greedy and
 * UCB1. Kept per segment, never only globally (DESIGN.md).
 */
export class ArmMeans {
  private bySegment = new Map<string, Map<ProviderId, { n: number; sum: number }>>();

  /** Stats for an arm; `{ n: 0, sum: 0 }` when it was never played. */
  stats(segment: string, provider: ProviderId): ArmStats {
    return this.bySegment.get(segment)?.get(provider) ?? EMPTY;
  }

  add(segment: string, provider: ProviderId, reward: number): void {
    let arms = this.bySegment.get(segment);
    if (!arms) this.bySegment.set(segment, (arms = new Map()));
    const arm = arms.get(provider);
    if (arm) {
      arm.n += 1;
      arm.sum += reward;
    } else {
      arms.set(provider, { n: 1, sum: reward });
    }
  }

  /** Entries sorted by segment then provider, so equal states serialise identically. */
  toJSON(): ArmMeansEntry[] {
    const out: ArmMeansEntry[] = [];
    for (const [segment, arms] of this.bySegment)
      for (const [provider, s] of arms) out.push({ segment, provider, n: s.n, sum: s.sum });
    return out.sort((a, b) => compare(a.segment, b.segment) || compare(a.provider, b.provider));
  }

  /**
   * Replaces the state with parsed `entries` (all-or-nothing).
   * @throws TypeError naming the first malformed entry
   */
  restore(entries: unknown, path: string): void {
    const next = new Map<string, Map<ProviderId, { n: number; sum: number }>>();
    requireArray(entries, path).forEach((raw, i) => {
      const e = requireRecord(raw, `${path}[${i}]`);
      const segment = requireString(e.segment, `${path}[${i}].segment`);
      const provider = requireString(e.provider, `${path}[${i}].provider`);
      const n = requireNumber(e.n, `${path}[${i}].n`, 0);
      const sum = requireNumber(e.sum, `${path}[${i}].sum`, 0);
      if (sum > n) throw new TypeError(`${path}[${i}].sum must be <= n (rewards are in [0, 1])`);
      let arms = next.get(segment);
      if (!arms) next.set(segment, (arms = new Map()));
      if (arms.has(provider)) throw new TypeError(`${path}[${i}] duplicates ${segment}/${provider}`);
      arms.set(provider, { n, sum });
    });
    this.bySegment = next;
  }
}
